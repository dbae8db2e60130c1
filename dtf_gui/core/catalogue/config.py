"""Messages of the config domain: code -> (English, Simplified Chinese). A data table.

``config.help.<key>`` says what a setting allows; its English must equal ``FIELDS[key].help`` in config.py (a
test checks: a rule changed there needs its sentence changed here, or the error falls back to the English).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "config.not_an_object": ("A run configuration is a JSON object of settings (data, model, train ...).",
                             "运行配置是一个由各项设置（data、model、train 等）组成的 JSON 对象。"),
    "config.section_not_object": ("'{name}' must be an object of settings, got {got}.",
                                  "'{name}' 必须是由设置组成的对象，收到的是 {got}。"),
    "config.pipeline": ("pipeline: {text}", "流水线：{text}"),
    "config.document": ("run configuration", "运行配置"),
    "config.bad_json": ("{source} is not valid JSON (line {line}, column {column}: {reason}).",
                        "{source} 不是有效的 JSON（第 {line} 行第 {column} 列：{reason}）。"),
    "config.unreadable": ("Cannot read the run configuration {path}: {reason}. Create one with `dtf config > run.json`.",
                          "无法读取运行配置 {path}：{reason}。可以用 `dtf config > run.json` 创建一个。"),
    "config.in_file": ("{path}: {text}", "{path}：{text}"),
    "config.unknown_setting": ("Unknown setting '{key}'.", "未知的设置 '{key}'。"),
    "config.unknown_setting_hint": ("Unknown setting '{key}'. Did you mean '{hint}'?",
                                    "未知的设置 '{key}'。你是想用 '{hint}' 吗？"),
    "config.unknown_override": ("Unknown setting '{key}'. Settings are dotted keys such as train.lr, model.arch or "
                                "device.",
                                "未知的设置 '{key}'。设置名是带点的键，例如 train.lr、model.arch 或 device。"),
    "config.unknown_override_hint": ("Unknown setting '{key}'. Did you mean '{hint}'? Settings are dotted keys such "
                                     "as train.lr, model.arch or device.",
                                     "未知的设置 '{key}'。你是想用 '{hint}' 吗？设置名是带点的键，例如 train.lr、"
                                     "model.arch 或 device。"),
    "config.warmup_too_long": (
        "train.warmup_epochs ({warmup}) must be smaller than train.epochs ({epochs}) for the warmup_cosine schedule.",
        "使用 warmup_cosine 调度时，train.warmup_epochs（{warmup}）必须小于 train.epochs（{epochs}）。"),
    "config.not_a_number": ("{key}: {value} is not a number; expected {expected}.",
                            "{key}：{value} 不是数值；应为{expected}。"),
    "config.not_a_bool": ("{key}: {value} is not true or false.", "{key}：{value} 不是 true 或 false。"),
    "config.not_allowed": ("{key}: {value} is not allowed; expected {expected}.", "{key}：不允许 {value}；应为{expected}。"),
    "config.bad_schema_version": ("schema_version must be a positive integer, got {value}.",
                                  "schema_version 必须是正整数，收到的是 {value}。"),
    "config.newer_schema": (
        "This run configuration was written by a newer dtf_gui (schema_version {version}); this version reads up "
        "to {supported}. Update dtf_gui to use it.",
        "此运行配置由更新版本的 dtf_gui 写入（schema_version {version}）；当前版本最多只能读取 {supported}。"
        "请更新 dtf_gui 后再使用。"),
    "config.bad_override": ("--set {item}: write it as key=value, e.g. --set train.lr=0.01.",
                            "--set {item}：请写成 key=value 的形式，例如 --set train.lr=0.01。"),
    # -- what each setting allows (FieldRule.help) --
    "config.help.data.root": (
        "the dataset folder (ImageFolder layout: one sub-folder per class, optionally inside train/ and val/)",
        "数据集文件夹（ImageFolder 布局：每个类别一个子文件夹，可以放在 train/ 和 val/ 之中）"),
    "config.help.data.val_root": (
        "a val folder kept apart from data.root (one sub-folder per class), or \"\" for data.root's own val/ split "
        "or a share of train",
        "与 data.root 分开存放的验证集文件夹（每个类别一个子文件夹），或者 \"\"：使用 data.root 自己的 val/ 划分，"
        "或从训练集中留出一部分"),
    "config.help.data.val_fraction": (
        "a fraction of the training images held out for validation when the data has no val/ folder, between 0 "
        "and 0.9",
        "数据没有 val/ 文件夹时留作验证的训练图像比例，在 0 和 0.9 之间"),
    "config.help.data.seed": ("an integer seed for the train/val split", "训练集/验证集划分的整数随机种子"),
    "config.help.data.cache": ("'auto', 'on' or 'off'", "'auto'、'on' 或 'off'"),
    "config.help.data.exclude_classes": (
        "a list of class folder names to leave out of training, e.g. [\"cat\", \"dog\"] (default: none)",
        "不参与训练的类别文件夹名称列表，例如 [\"cat\", \"dog\"]（默认：无）"),
    "config.help.model.arch": ("a torchvision architecture name such as resnet18 or mobilenet_v2",
                               "torchvision 的模型结构名称，例如 resnet18 或 mobilenet_v2"),
    "config.help.model.weights": ("'imagenet', 'none' or the path of a .pth/.safetensors file",
                                  "'imagenet'、'none' 或 .pth/.safetensors 文件的路径"),
    "config.help.model.dropout": ("a dropout probability from 0 to 0.95", "0 到 0.95 之间的 dropout 概率"),
    "config.help.model.allow_download": (
        "true to download ImageNet weights that are not on this machine (tens of MB, 30-second timeout), false "
        "to stay offline",
        "true：下载本机没有的 ImageNet 权重（数十 MB，30 秒超时）；false：保持离线"),
    "config.help.freeze.plan": ("one of {choices}", "以下之一：{choices}"),
    "config.help.freeze.k": ("the number of last groups to train (1 or more)", "要训练的最后几组的数量（1 或更多）"),
    "config.help.freeze.backbone_lr_mult": ("a learning-rate multiplier for the backbone, above 0 and at most 1",
                                            "骨干网络的学习率倍数，大于 0 且不超过 1"),
    "config.help.freeze.unfreeze_epoch": ("the number of head-only epochs before unfreezing (0 or more)",
                                          "解冻之前只训练分类头的轮次数（0 或更多）"),
    "config.help.train.epochs": ("a whole number of epochs, 1 or more", "轮次数，1 或更多的整数"),
    "config.help.train.batch_size": ("a batch size of 1 or more", "1 或更大的批大小"),
    "config.help.train.lr": ("a learning rate above 0 (typical: 1e-4 to 1e-2)", "大于 0 的学习率（常用：1e-4 到 1e-2）"),
    "config.help.train.optimizer": ("one of {choices}", "以下之一：{choices}"),
    "config.help.train.momentum": ("a momentum from 0 to 1 (SGD)", "0 到 1 之间的动量（SGD）"),
    "config.help.train.nesterov": ("true or false", "true 或 false"),
    "config.help.train.weight_decay": ("a weight decay of 0 or more", "0 或更大的权重衰减"),
    "config.help.train.l1": ("an L1 penalty factor of 0 or more", "0 或更大的 L1 惩罚系数"),
    "config.help.train.label_smoothing": ("a label smoothing from 0 to 0.5", "0 到 0.5 之间的标签平滑"),
    "config.help.train.schedule": ("one of {choices}", "以下之一：{choices}"),
    "config.help.train.step_size": ("the epochs between steps of the 'step' schedule (1 or more)",
                                    "'step' 调度每次衰减之间的轮次数（1 或更多）"),
    "config.help.train.gamma": ("a decay factor above 0 and at most 1", "大于 0 且不超过 1 的衰减系数"),
    "config.help.train.warmup_epochs": ("the number of warm-up epochs (0 or more)", "预热的轮次数（0 或更多）"),
    "config.help.train.early_stopping": ("a patience in epochs (0 turns early stopping off)",
                                         "以轮次计的耐心值（0 表示关闭提前停止）"),
    "config.help.train.grad_clip": ("a maximum gradient norm (0 turns clipping off)", "梯度范数的上限（0 表示不裁剪）"),
    "config.help.train.imbalance": ("one of {choices}", "以下之一：{choices}"),
    "config.help.train.feature_cache": ("true or false", "true 或 false"),
    "config.help.train.tensorboard": ("true to write TensorBoard event files into the run's tb/ folder, "
                                      "false to write none",
                                      "true 表示把 TensorBoard 事件文件写入运行的 tb/ 文件夹，false 表示不写"),
    "config.help.train.ema": (
        "true to keep an exponential moving average (EMA) of the weights and validate it beside the raw weights "
        "every epoch",
        "true 表示保留权重的指数移动平均（EMA），并在每轮与原始权重一起验证"),
    "config.help.train.ema_decay": (
        "the EMA decay per optimizer step, from 0.5 to 0.99999 (the average spans about 1/(1-decay) steps: 0.99 "
        "for a few hundred steps, 0.999 for thousands)",
        "每个优化步的 EMA 衰减系数，0.5 到 0.99999（平均大约覆盖 1/(1-decay) 步：几百步用 0.99，数千步用 0.999）"),
    "config.help.train.ema_warmup_epochs": (
        "the number of first epochs in which the EMA simply follows the weights (0 or more)",
        "开始的若干轮中 EMA 直接跟随权重（不做平均）的轮次数（0 或更多）"),
    "config.help.train.ema_export": (
        "which weights are kept as best and exported: 'best' (raw or EMA, whichever has the higher val accuracy), "
        "'ema' or 'raw'",
        "作为最佳权重保存并导出的权重：'best'（原始权重与 EMA 中验证准确率较高者）、'ema' 或 'raw'"),
    "config.help.device": ("'auto', 'cpu', 'cuda', 'cuda:N' or 'mps'", "'auto'、'cpu'、'cuda'、'cuda:N' 或 'mps'"),
    "config.help.precision": ("one of {choices}", "以下之一：{choices}"),
    "config.help.channels_last": ("'auto', true or false", "'auto'、true 或 false"),
    "config.help.seed": ("an integer seed of 0 or more", "0 或更大的整数随机种子"),
    "config.help.workers": ("a number of DataLoader worker processes (0 loads in the training process)",
                            "DataLoader 工作进程数（0 表示在训练进程中加载）"),
    "config.help.runs_dir": ("the folder where run directories are created", "创建运行文件夹的位置"),
    "config.help.task": ("one of {choices} (regression: image -> numbers from data.targets)",
                         "以下之一：{choices}（regression 回归：由图像预测 data.targets 中的数值）"),
    "config.help.data.targets": (
        "regression: the CSV of targets (file,target[,...]; paths relative to data.root), or \"\" for "
        "data.root's targets.csv",
        "回归：目标值 CSV 文件（file,target[,...]；路径相对于 data.root），或 \"\" 表示使用 data.root 下的 targets.csv"),
    "config.help.train.loss": ("regression loss: one of {choices}", "回归损失：以下之一：{choices}"),
    "config.help.train.huber_delta": (
        "regression: where the Huber loss turns linear, above 0 (in standard deviations of the targets)",
        "回归：Huber 损失由平方转为线性的位置，大于 0（以目标值的标准差为单位）"),
    "config.out_of_range": (
        "{field}: {value} is out of range (allowed: {range}); expected {help}.",
        "{field}：{value} 超出允许范围（{range}）；应为：{help}。"),
    "config.not_finite": (
        "{field}: {value} is not a finite number (allowed: {range}); expected {help}.",
        "{field}：{value} 不是有限的数（允许范围：{range}）；应为：{help}。"),
    "config.range_from": ("from {low} to {high}", "{low} 到 {high}"),
    "config.what_config": ("run configuration", "运行配置"),
    "config.what_pipeline": ("pipeline", "流水线"),
    "config.range_above": ("above {low} and at most {high}", "大于 {low} 且不超过 {high}"),
}
