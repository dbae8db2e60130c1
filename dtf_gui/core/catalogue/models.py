"""Messages of the models domain (zoo: architectures, heads, freeze groups; weights): code -> (English, Simplified
Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- zoo --
    "models.unknown_arch": ("Unknown architecture '{arch}'. Choose one of: {names}.",
                            "未知的模型结构 '{arch}'。请从以下选择：{names}。"),
    "models.unknown_arch_hint": ("Unknown architecture '{arch}'. Did you mean '{hint}'? Choose one of: {names}.",
                                 "未知的模型结构 '{arch}'。你是想用 '{hint}' 吗？请从以下选择：{names}。"),
    "models.bad_num_classes": ("The number of classes must be a positive integer, got {value}.",
                               "类别数必须是正整数，收到的是 {value}。"),
    "models.bad_dropout": ("Dropout must be in [0, 1), got {value}. Use 0 to keep the architecture's default.",
                           "Dropout 必须在 [0, 1) 之间，收到的是 {value}。用 0 表示保留该模型结构的默认值。"),
    "models.head_not_linear": ("The head of this {arch} model is a {kind}, not a Linear layer.",
                               "这个 {arch} 模型的分类头是 {kind}，不是 Linear 层。"),
    "models.no_dropout_at": ("Expected a Dropout at {path} in {arch}, found {kind}.",
                             "{arch} 中 {path} 处应为 Dropout，实际是 {kind}。"),
    "models.no_builder": ("This torchvision ({version}) has no model '{arch}'. Update torchvision or pick another "
                          "architecture.",
                          "当前 torchvision（{version}）没有模型 '{arch}'。请更新 torchvision 或选择其他模型结构。"),
    "models.stray_params": ("This model does not look like a torchvision {arch}: parameters {names} are in no freeze "
                            "group. Pick the architecture the model was built as.",
                            "这个模型看起来不是 torchvision 的 {arch}：参数 {names} 不属于任何冻结组。"
                            "请选择构建该模型时所用的模型结构。"),
    "models.empty_groups": ("This model does not look like a torchvision {arch}: freeze groups {names} have no "
                            "parameters.",
                            "这个模型看起来不是 torchvision 的 {arch}：冻结组 {names} 没有参数。"),
    "models.unknown_groups": ("Unknown freeze group(s) {names} for {arch}; its groups are {groups}.",
                              "{arch} 没有冻结组 {names}；它的冻结组是 {groups}。"),
    "models.no_head_group": ("The group list {groups} has no '{head}' group.", "组列表 {groups} 中没有 '{head}' 组。"),
    "models.bad_k": ("freeze.k must be a whole number >= 0 for the last_k plan, got {value}.",
                     "last_k 方案的 freeze.k 必须是大于等于 0 的整数，收到的是 {value}。"),
    "models.unknown_plan": ("Unknown freeze plan '{plan}'. Choose one of: {names}.",
                            "未知的冻结方案 '{plan}'。请从以下选择：{names}。"),
    "models.bad_lr_mult": ("freeze.backbone_lr_mult must be in (0, 1], got {value}.",
                           "freeze.backbone_lr_mult 必须在 (0, 1] 之间，收到的是 {value}。"),
    # -- weights --
    "models.no_weights_listed": ("torchvision {version} lists no weights for {arch}.",
                                 "torchvision {version} 没有列出 {arch} 的权重。"),
    "models.no_imagenet_weights": ("torchvision publishes no ImageNet weights for {arch}. Train from scratch "
                                   "(weights: none).",
                                   "torchvision 没有发布 {arch} 的 ImageNet 权重。请从头训练（weights: none）。"),
    "models.weights_offline": (
        "ImageNet weights for {arch} are not available offline.{notes} Put {file} into {folder}, choose a weights "
        "file, allow a download ({allow}), or train from scratch (weights: none).",
        "{arch} 的 ImageNet 权重在本机不可用（离线）。{notes}请把 {file} 放进 {folder}，选择一个权重文件，"
        "允许下载（{allow}），或者从头训练（weights: none）。"),
    "models.weights_offline_notes": (" {notes}.", "{notes}。"),
    #: how to allow a download, for the command line (the GUI says ``models.allow_download.gui`` instead)
    "models.allow_download.cli": ("dtf train --allow-download, or model.allow_download: true in the run "
                                  "configuration",
                                  "dtf train --allow-download，或在运行配置中设置 model.allow_download: true"),
    "models.allow_download.gui": ("tick “Download the weights if missing” under Model in the Training tab",
                                  "在“训练”页的“模型”中勾选“缺少时下载权重”"),
    "models.download_damaged": ("The download of {file} is damaged (SHA-256 does not match). Try again later.",
                                "{file} 的下载已损坏（SHA-256 不匹配）。请稍后重试。"),
    "models.download_failed": (
        "Could not download the ImageNet weights for {arch} from {url} ({reason}). This computer seems to be "
        "offline or the server is unreachable. Put {file} into {folder}, choose a weights file, or train from "
        "scratch (weights: none).",
        "无法从 {url} 下载 {arch} 的 ImageNet 权重（{reason}）。这台计算机似乎处于离线状态，或服务器无法访问。"
        "请把 {file} 放进 {folder}，选择一个权重文件，或者从头训练（weights: none）。"),
    "models.download_stopped": ("Download of {file} stopped.", "{file} 的下载已停止。"),
}
