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
    "models.refused_head": (
        "Refused to load {name}: it is not a plain weights file (torch.load with weights_only=True rejected it)",
        "拒绝加载 {name}：它不是普通的权重文件（torch.load 在 weights_only=True 下拒绝了它）"),
    "models.refused_opcode": (" (unsupported pickle opcode {op})", "（不支持的 pickle 操作码 {op}）"),
    "models.refused_damaged": (
        "{head}{what}. It is damaged, not a weights file, or a pickle the safe loader does not accept; nothing was "
        "loaded and nothing ran. Choose a state_dict saved with torch.save, or a .safetensors file.",
        "{head}{what}。它已损坏、不是权重文件，或是安全加载器不接受的 pickle；没有加载任何内容，也没有运行任何代码。"
        "请选择用 torch.save 保存的 state_dict，或 .safetensors 文件。"),
    "models.refused_model_object": (
        "{head}. It refers to '{ref}'. It looks like a whole pickled model object rather than a state_dict: in the "
        "code that made it, save `model.state_dict()` instead (torch.save(model.state_dict(), path)) or export "
        ".safetensors.",
        "{head}。它引用了 '{ref}'。它看起来是整个被 pickle 的模型对象，而不是 state_dict：请在生成它的代码中改为保存 "
        "`model.state_dict()`（torch.save(model.state_dict(), path)），或导出 .safetensors。"),
    "models.refused_code": (
        "{head}. It refers to '{ref}'. Loading it would run code or build objects stored in the file, so nothing "
        "was loaded and nothing ran. Use a plain state_dict (.pth) or a .safetensors file from a source you trust.",
        "{head}。它引用了 '{ref}'。加载它会运行文件中存储的代码或构建其中的对象，因此没有加载任何内容，也没有运行任何代码。"
        "请使用来自可信来源的普通 state_dict（.pth）或 .safetensors 文件。"),
    "models.weights_missing": (
        "Weights file {path} does not exist. Choose an existing .pth, .pt or .safetensors file.",
        "权重文件 {path} 不存在。请选择一个存在的 .pth、.pt 或 .safetensors 文件。"),
    "models.bad_safetensors": (
        "{name} is not a valid .safetensors file ({reason}). Choose another file.",
        "{name} 不是有效的 .safetensors 文件（{reason}）。请选择另一个文件。"),
    "models.unreadable_weights": (
        "{name} cannot be read as PyTorch weights ({reason}). Choose another file.",
        "{name} 无法作为 PyTorch 权重读取（{reason}）。请选择另一个文件。"),
    "models.damaged_weights": (
        "{name} is damaged or not a PyTorch weights file ({reason}). Choose another file.",
        "{name} 已损坏或不是 PyTorch 权重文件（{reason}）。请选择另一个文件。"),
}
