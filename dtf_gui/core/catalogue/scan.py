"""Messages of the scan domain: code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- the demo digits (core/data/demo.py) --
    "scan.demo_target_is_file": ("{path} is a file, not a folder. Choose a new folder for the demo dataset.",
                                 "{path} 是一个文件，不是文件夹。请为演示数据集选择一个新文件夹。"),
    "scan.demo_target_not_empty": (
        "{path} is not empty and is not a dtf_gui demo dataset, so nothing was written (your files are left "
        "alone). Choose an empty or new folder for the demo dataset.",
        "{path} 不是空文件夹，也不是 dtf_gui 演示数据集，因此没有写入任何内容（你的文件保持原样）。"
        "请为演示数据集选择一个空文件夹或新文件夹。"),
    "scan.demo_bad_size": ("Demo image size must be a whole number of pixels from 8 to 1024, got {value}.",
                           "演示图像尺寸必须是 8 到 1024 之间的整数像素，现在是 {value}。"),
    "scan.demo_bad_val_fraction": ("Demo val fraction must be at least 0 and below 1, got {value}.",
                                   "演示数据集的验证集比例必须不小于 0 且小于 1，现在是 {value}。"),
    # -- places and lists --
    "scan.where.train": ("train", "训练集"),
    "scan.where.val": ("val", "验证集"),
    "scan.where.root": ("the dataset folder", "数据集文件夹"),
    "scan.list_more": ("{shown} and {n} more", "{shown} 等另外 {n} 个"),
    "scan.detail.points_to": ("points to {target}", "指向 {target}"),
    # -- per-file errors (the file is excluded) --
    "scan.error.zero_byte": ("the file is empty (0 bytes)", "文件是空的（0 字节）"),
    "scan.error.broken_symlink": ("it is a symbolic link whose target does not exist",
                                  "它是一个符号链接，但链接目标不存在"),
    "scan.error.unreadable": ("the file cannot be read", "无法读取该文件"),
    "scan.error.not_image": ("it is not an image Pillow can open", "它不是 Pillow 能打开的图像"),
    "scan.error.truncated": ("the image is truncated (the file ends before the picture does)",
                             "图像被截断（文件在图像数据结束前就结束了）"),
    "scan.error.corrupt": ("the image data is corrupt and cannot be decoded", "图像数据已损坏，无法解码"),
    "scan.error.decompression_bomb": ("it has more than {limit:,} pixels (decompression bomb limit)",
                                      "像素数超过 {limit:,}（解压炸弹上限）"),
    "scan.error.mode_F": ("it is a 32-bit float image (mode F), whose range dtf cannot know",
                          "它是 32 位浮点图像（模式 F），dtf 无法得知其取值范围"),
    "scan.error.unknown_class": ("its class is not one of the train classes", "它的类别不在训练集的类别之中"),
    "scan.error.excluded_class": ("its class is excluded from training by you", "它的类别已被您排除在训练之外"),
    "scan.excluded_class": (
        "Class '{cls}' is excluded by you, so it is left out of the class list: the model will not learn its {n} "
        "image(s) in {folder}.",
        "类别 '{cls}' 已被您排除，因此不在类别列表中：模型不会学习 {folder} 中它的 {n} 张图像。"),
    "scan.file_reason": ("  {path}: {why}", "  {path}：{why}"),
    "scan.file_excluded": ("{path}: {why}. It is left out of training; fix or delete it.",
                           "{path}：{why}。该文件不参与训练；请修复或删除它。"),
    "scan.file_excluded_detail": ("{path}: {why} ({detail}). It is left out of training; fix or delete it.",
                                  "{path}：{why}（{detail}）。该文件不参与训练；请修复或删除它。"),
    # -- PIL modes (notes) --
    "scan.mode.1": ("1-bit black and white (mode 1); loaded as black/white RGB",
                    "1 位黑白图像（模式 1）；加载为黑白 RGB"),
    "scan.mode.L": ("8-bit grayscale (mode L): one uint8 channel; the loader repeats it into 3 RGB channels",
                    "8 位灰度（模式 L）：单个 uint8 通道；加载器把它复制成 3 个 RGB 通道"),
    "scan.mode.LA": ("8-bit grayscale with alpha (mode LA); loaded as RGB with the alpha composited on white",
                     "带透明通道的 8 位灰度（模式 LA）；加载为 RGB，透明部分合成到白色背景上"),
    "scan.mode.La": ("8-bit grayscale with premultiplied alpha (mode La); alpha composited on white",
                     "带预乘透明通道的 8 位灰度（模式 La）；透明部分合成到白色背景上"),
    "scan.mode.P": ("palette images (mode P); converted through RGBA, transparency composited on white",
                    "调色板图像（模式 P）；经 RGBA 转换，透明部分合成到白色背景上"),
    "scan.mode.PA": ("palette images with alpha (mode PA); converted through RGBA, alpha composited on white",
                     "带透明通道的调色板图像（模式 PA）；经 RGBA 转换，透明部分合成到白色背景上"),
    "scan.mode.RGBA": ("RGB with alpha (mode RGBA); the alpha is composited on white",
                       "带透明通道的 RGB（模式 RGBA）；透明部分合成到白色背景上"),
    "scan.mode.RGBa": ("RGB with premultiplied alpha (mode RGBa); the alpha is composited on white",
                       "带预乘透明通道的 RGB（模式 RGBa）；透明部分合成到白色背景上"),
    "scan.mode.RGBX": ("RGB with padding (mode RGBX); loaded as RGB", "带填充字节的 RGB（模式 RGBX）；加载为 RGB"),
    "scan.mode.CMYK": ("CMYK print colour (mode CMYK); converted to RGB, colours may shift slightly",
                       "CMYK 印刷色彩（模式 CMYK）；转换为 RGB，颜色可能略有偏差"),
    "scan.mode.YCbCr": ("YCbCr colour (mode YCbCr); converted to RGB", "YCbCr 色彩（模式 YCbCr）；转换为 RGB"),
    "scan.mode.LAB": ("Lab colour (mode LAB); converted to RGB", "Lab 色彩（模式 LAB）；转换为 RGB"),
    "scan.mode.HSV": ("HSV colour (mode HSV); converted to RGB", "HSV 色彩（模式 HSV）；转换为 RGB"),
    "scan.mode.I": ("32-bit integer grayscale (mode I); values 0..65535 are scaled to 8 bits like 16-bit data",
                    "32 位整数灰度（模式 I）；0..65535 的值像 16 位数据一样缩放到 8 位"),
    "scan.mode.I16": ("16-bit grayscale (mode {mode}); scaled to 8 bits (value / 257), not clipped to white",
                      "16 位灰度（模式 {mode}）；缩放到 8 位（值 / 257），不会被截断成白色"),
    "scan.mode.other": ("mode {mode}; converted to RGB", "模式 {mode}；转换为 RGB"),
    "scan.share_all": ("all", "全部"),
    "scan.share_some": ("{n:,} of {total:,}", "共 {total:,} 张中的 {n:,} 张"),
    "scan.mode_note": ("{n:,} image(s) ({share}) are {text}.", "{n:,} 张图像（{share}）：{text}。"),
    "scan.note.exif_orientation": (
        "{n:,} image(s) carry an EXIF orientation tag; the loader rotates them upright as a photo viewer would: "
        "{paths}.",
        "{n:,} 张图像带有 EXIF 方向标记；加载器会像看图软件一样把它们转正：{paths}。"),
    "scan.note.animated": ("{n:,} image(s) are animated or multi-page; only the first frame is used: {paths}.",
                           "{n:,} 张图像是动图或多页图像；只使用第一帧：{paths}。"),
    "scan.note.tiny": (
        "{n:,} image(s) are very small (shorter side under {side} px); upscaling them adds no detail: {paths}.",
        "{n:,} 张图像非常小（短边不足 {side} px）；放大它们不会增加细节：{paths}。"),
    "scan.note.huge": (
        "{n:,} image(s) are huge (over {mp:.0f} megapixels); decoding them every epoch is slow — consider "
        "resizing them once, offline: {paths}.",
        "{n:,} 张图像非常大（超过 {mp:.0f} 百万像素）；每个轮次都解码它们会很慢——建议事先离线缩小一次：{paths}。"),
    # -- listing --
    "scan.unreadable_folder": (
        "Folder {folder} cannot be read ({reason}); its files are not used. Check its permissions.",
        "无法读取文件夹 {folder}（{reason}）；其中的文件不会被使用。请检查它的权限。"),
    "scan.symlink_loop_ancestor": (
        "{folder} links back to a folder that contains it; it was not followed (that would loop forever).",
        "{folder} 链接回包含它的文件夹；没有跟随该链接（否则会无限循环）。"),
    "scan.symlink_loop_visited": (
        "{folder} links to a folder that was already scanned ({real}); it was not scanned twice.",
        "{folder} 链接到一个已经扫描过的文件夹（{real}）；没有重复扫描。"),
    "scan.skip.no_extension": (
        "{n} file(s) in {where} have no extension, so they are not used. If they are images, add the right "
        "extension (.jpg, .png ...): {paths}",
        "{where}中有 {n} 个文件没有扩展名，因此不会被使用。如果它们是图像，请加上正确的扩展名（.jpg、.png 等）：{paths}"),
    "scan.skip.unsupported_extension": (
        "{n} file(s) in {where} have an extension dtf does not read ({exts}); they are not used. Readable: "
        "{readable}: {paths}",
        "{where}中有 {n} 个文件的扩展名 dtf 无法读取（{exts}）；它们不会被使用。可读取的扩展名：{readable}：{paths}"),
    "scan.skip.special_file": (
        "{n} entr(y/ies) in {where} are not regular files or folders; they are not used: {paths}",
        "{where}中有 {n} 个条目既不是普通文件也不是文件夹；它们不会被使用：{paths}"),
    "scan.loose_files": (
        "{n} file(s) are not inside a class folder, so they are not used: {paths}.",
        "有 {n} 个文件不在任何类别文件夹中，因此不会被使用：{paths}。"),
    # -- the folder and its layout --
    "scan.root_missing": (
        "Dataset folder {path} does not exist. Pick the folder that holds train/ and val/ (or one folder per "
        "class).",
        "数据集文件夹 {path} 不存在。请选择包含 train/ 和 val/ 的文件夹（或每个类别一个子文件夹的文件夹）。"),
    "scan.root_is_file": ("{path} is a file; pick the dataset folder that contains it.",
                          "{path} 是一个文件；请选择包含它的数据集文件夹。"),
    "scan.bad_val_fraction": ("The val fraction must be between 0 and 1 (for example 0.2), got {value}.",
                              "验证集比例必须在 0 和 1 之间（例如 0.2），收到的是 {value}。"),
    "scan.val_root_missing": (
        "Val folder {path} does not exist. Pick the folder that holds the val class folders (one sub-folder per "
        "class), or clear it to hold out a share of train.",
        "验证集文件夹 {path} 不存在。请选择包含验证集类别文件夹的文件夹（每个类别一个子文件夹），"
        "或清除它以从训练集中留出一部分。"),
    "scan.val_root_is_file": ("Val folder {path} is a file; pick the folder that holds the val class folders.",
                              "验证集文件夹 {path} 是一个文件；请选择包含验证集类别文件夹的文件夹。"),
    "scan.val_root_unreadable": ("Val folder {path} cannot be read ({reason}); check its permissions.",
                                 "无法读取验证集文件夹 {path}（{reason}）；请检查它的权限。"),
    "scan.val_folder_inner": ("{folder} holds a {inner}/ split: its class folders are the val split.",
                              "{folder} 中有一个 {inner}/ 划分：其中的类别文件夹就是验证集。"),
    "scan.cancelled": ("The dataset scan was stopped before every file was checked.",
                       "数据集扫描在检查完所有文件之前被停止了。"),
    "scan.val_fraction_ignored_chosen": (
        "A val folder is chosen ({folder}), so the val fraction {fraction} is not used.",
        "已选择验证集文件夹（{folder}），因此不使用验证集比例 {fraction}。"),
    "scan.sibling_val": (
        "{root} is a train folder: its sibling {val} is used as the val split (pick {parent} to open both the "
        "same way).",
        "{root} 是一个训练集文件夹：与它同级的 {val} 被用作验证集（选择 {parent} 可以用同样的方式同时打开两者）。"),
    "scan.sibling_val_fraction": ("{text} The val fraction {fraction} is not used.",
                                  "{text}不使用验证集比例 {fraction}。"),
    "scan.extra_folder": ("Folder(s) {names} next to {train}/ and {val}/ are not used for training.",
                          "与 {train}/ 和 {val}/ 并列的文件夹 {names} 不用于训练。"),
    "scan.val_fraction_ignored_own": ("The folder has its own {val}/ split, so the val fraction {fraction} is not "
                                      "used.",
                                      "该文件夹有自己的 {val}/ 划分，因此不使用验证集比例 {fraction}。"),
    "scan.val_from_train": ("No val/ folder: {fraction:.0%} of each class in {train}/ is held out for validation "
                            "(seed {seed}).",
                            "没有 val/ 文件夹：{train}/ 中每个类别留出 {fraction:.0%} 用于验证（随机种子 {seed}）。"),
    "scan.did_you_mean_target": (
        "Did you mean {target}? Pick that folder and set a val fraction (for example 0.2), or add a val/ folder "
        "next to it.",
        "你是想选 {target} 吗？请选择该文件夹并设置验证集比例（例如 0.2），或在它旁边添加一个 val/ 文件夹。"),
    "scan.did_you_mean_root": ("Pick the folder that holds train/ and val/, or a folder of class folders.",
                               "请选择包含 train/ 和 val/ 的文件夹，或由类别文件夹组成的文件夹。"),
    "scan.did_you_mean_train": (
        "The class folders in {root} are named {names} — these look like dataset splits, not classes. {hint}",
        "{root} 中的类别文件夹名为 {names}——它们看起来是数据集的划分，而不是类别。{hint}"),
    "scan.val_folder_replaced": ("The chosen val folder {chosen} is used instead of {val}.",
                                 "使用所选的验证集文件夹 {chosen}，而不是 {val}。"),
    "scan.val_is.same": ("the train folder", "就是训练集文件夹"),
    "scan.val_is.inside": ("inside the train folder", "位于训练集文件夹之内"),
    "scan.val_is.outside": ("a folder that holds the train folder", "是包含训练集文件夹的文件夹"),
    "scan.val_is_train": (
        "The val folder {chosen} is {where} {train}: validation would score images the model trained on. "
        "Choose a val folder apart from the train images, or clear it to hold out a share of train.",
        "验证集文件夹 {chosen} {where} {train}：验证时会用模型训练过的图像打分。请选择与训练图像分开的验证集文件夹，"
        "或清除它以从训练集中留出一部分。"),
    "scan.no_class_folders": (
        "{folder} has no class folders. dtf expects one folder per class: {example} (for example cat/, "
        "dog/), or train/ and val/ folders that each hold the class folders. Move the images into class folders.",
        "{folder} 中没有类别文件夹。dtf 要求每个类别一个文件夹：{example}（例如 cat/、dog/），"
        "或者 train/ 和 val/ 两个文件夹，各自包含类别文件夹。请把图像移到类别文件夹中。"),
    "scan.no_class_folders_loose": (
        "{folder} holds {n} image(s) directly but no class folders. dtf expects one folder per class: {example} "
        "(for example cat/, dog/), or train/ and val/ folders that each hold the class folders. Move the images "
        "into class folders.",
        "{folder} 直接包含 {n} 张图像，但没有类别文件夹。dtf 要求每个类别一个文件夹：{example}（例如 cat/、dog/），"
        "或者 train/ 和 val/ 两个文件夹，各自包含类别文件夹。请把图像移到类别文件夹中。"),
    "scan.no_val_split": (
        "{root} has no val split, so accuracy cannot be measured on held-out images. Set a val fraction (for "
        "example 0.2) or add a val/ folder.",
        "{root} 没有验证集，因此无法在留出的图像上衡量准确率。请设置验证集比例（例如 0.2）或添加一个 val/ 文件夹。"),
    # -- duplicates and classes --
    "scan.leakage": (
        "The same image is in train and val (leakage: val accuracy will look better than it is): {where}. "
        "Delete the val copy or the train copy.",
        "同一张图像同时出现在训练集和验证集中（数据泄漏：验证准确率会显得比实际更好）：{where}。"
        "请删除验证集或训练集中的那一份。"),
    "scan.duplicate": ("{n} files have identical content: {where}. Keep one.",
                       "{n} 个文件内容完全相同：{where}。请只保留一个。"),
    "scan.duplicate_labels": ("{n} files have identical content with different labels ({labels}): {where}. "
                              "Keep one.",
                              "{n} 个文件内容完全相同但标签不同（{labels}）：{where}。请只保留一个。"),
    "scan.empty_class.excluded": ("all {n} of its files are excluded", "它的 {n} 个文件全部被排除"),
    "scan.empty_class.no_files": ("it has no image files", "它没有图像文件"),
    "scan.empty_class": (
        "Class '{cls}' has no usable train images ({why}), so it is left out of the class list: the model will "
        "not learn it. To include it, put images in {folder}.",
        "类别 '{cls}' 没有可用的训练图像（{why}），因此不在类别列表中：模型不会学习它。如要包含它，请把图像放进 "
        "{folder}。"),
    "scan.empty_class_val": (
        "Class '{cls}' has no usable train images ({why}), so it is left out of the class list: the model will "
        "not learn it, and its {n_val} val image(s) are not used. To include it, put images in {folder}.",
        "类别 '{cls}' 没有可用的训练图像（{why}），因此不在类别列表中：模型不会学习它，它的 {n_val} 张验证图像"
        "也不会被使用。如要包含它，请把图像放进 {folder}。"),
    "scan.missing_in_val": (
        "{n} class(es) have no val images: {names}. Their accuracy cannot be measured; add val images for them.",
        "{n} 个类别没有验证图像：{names}。无法衡量它们的准确率；请为它们添加验证图像。"),
    "scan.unknown_in_val": (
        "Val class '{cls}' ({n} file(s)) is not a train class, so its images are not used. Rename it to match a "
        "train class folder, or add it to train.",
        "验证集类别 '{cls}'（{n} 个文件）不是训练集中的类别，因此它的图像不会被使用。请把它重命名为与训练集"
        "类别文件夹一致，或把它加入训练集。"),
    "scan.none": ("none", "无"),
    "scan.too_few_classes": (
        "Only {n} class(es) have usable train images ({names}); a classifier needs at least 2. Add class folders "
        "with images.",
        "只有 {n} 个类别有可用的训练图像（{names}）；分类器至少需要 2 个类别。请添加包含图像的类别文件夹。"),
    "scan.imbalance": (
        "Classes are imbalanced: '{big}' has {n_big} train images, '{small}' has {n_small} (ratio {ratio:.1f}). "
        "Consider class weights or a balanced sampler (train.imbalance).",
        "类别不平衡：'{big}' 有 {n_big} 张训练图像，'{small}' 只有 {n_small} 张（比例 {ratio:.1f}）。"
        "可以考虑类别权重或均衡采样（train.imbalance）。"),
    # -- loading one image (the training loader, the preview) --
    "scan.load.missing": ("{path} does not exist (moved or deleted since the scan?). Scan the dataset again.",
                          "{path} 不存在（扫描之后被移动或删除了？）。请重新扫描数据集。"),
    "scan.load.too_large": ("{path} is too large to open safely ({reason}).", "{path} 太大，无法安全打开（{reason}）。"),
    "scan.load.not_image": ("{path} is not an image Pillow can read. Delete it or convert it to PNG/JPEG.",
                            "{path} 不是 Pillow 能读取的图像。请删除它或把它转换为 PNG/JPEG。"),
    "scan.load.undecodable": ("{path} cannot be read or decoded ({reason}). It may be truncated or corrupt; scan the "
                              "dataset to find such files.",
                              "无法读取或解码 {path}（{reason}）。它可能被截断或已损坏；请扫描数据集以找出这类文件。"),
    "scan.load.bomb": ("{path} has {size} = {pixels:,} pixels, more than the {limit:,} dtf opens (decompression bomb "
                       "limit). Resize it first.",
                       "{path} 有 {size} = {pixels:,} 个像素，超过 dtf 能打开的 {limit:,}（解压炸弹上限）。请先缩小它。"),
    "scan.load.float": ("{path} is a 32-bit float image (mode F). dtf cannot tell its value range, so it does not "
                        "guess; save it as an 8- or 16-bit PNG or TIFF.",
                        "{path} 是 32 位浮点图像（模式 F）。dtf 无法得知其取值范围，因此不做猜测；请把它另存为 8 位或 16 位的 "
                        "PNG 或 TIFF。"),
    "scan.system_root": (
        "{path} is not a dataset folder: it is the top of the file system or a system folder ({real}), and "
        "scanning it would walk the whole disk or the system's virtual files. Pick the folder that holds the "
        "class folders (or train/ and val/).",
        "{path} 不是数据集文件夹：它是文件系统的顶层或系统文件夹（{real}），扫描它会遍历整个磁盘或系统的虚拟文件。"
        "请选择包含各类别文件夹（或 train/ 和 val/）的文件夹。"),
    "scan.system_folder": (
        "{path} leads to {real}, the top of the file system or a system folder; it was not followed.",
        "{path} 指向 {real}，即文件系统的顶层或系统文件夹；未进入该文件夹。"),
}
