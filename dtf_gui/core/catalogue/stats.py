"""Messages of the stats domain (dataset statistics for Normalize: ``pipeline/stats.py``, ``dtf stats``, the
imagenet-stats-from-scratch lint note): code -> (English, Simplified Chinese). A data table. Step and parameter
names (Normalize, ToImage, scale=True) are code and stay as they are."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- computing (core/pipeline/stats.py) --
    "stats.no_images": ("{root} has no usable {split} images, so there is nothing to compute statistics from. "
                        "Check the dataset folder and its scan report.",
                        "{root} 中没有可用的{split}图像，无法计算统计量。请检查数据集文件夹及其扫描报告。"),
    "stats.split.train": ("train", "训练集"),
    "stats.split.val": ("val", "验证集"),
    "stats.cancelled": ("Computing the dataset statistics was stopped; nothing was saved.",
                        "数据集统计量的计算已停止，未保存任何结果。"),
    "stats.step_failed": ("Step {step} ({name}) failed on {path} while computing the dataset statistics: {reason}",
                          "计算数据集统计量时，第 {step} 步（{name}）在 {path} 上失败：{reason}"),
    "stats.not_tensor": ("The pipeline before Normalize gives {kind} for {path}, not an image tensor, so no "
                         "statistics can be computed. Check the steps before Normalize in the Pipeline tab.",
                         "Normalize 之前的流水线对 {path} 给出的是 {kind}，不是图像张量，因此无法计算统计量。"
                         "请在“流水线”页检查 Normalize 之前的步骤。"),
    "stats.channels_differ": ("{path} has {got} channels after the pipeline, the images before it had {want}; "
                              "add ConvertMode(RGB) as the first step so that every image has the same channels.",
                              "{path} 经过流水线后有 {got} 个通道，之前的图像有 {want} 个；请把 ConvertMode(RGB) "
                              "作为第一个步骤，使每张图像的通道数相同。"),
    "stats.converted": ("The steps before Normalize do not make a float tensor: ToImage and "
                        "ToDtype(float32, scale=True) were added to measure values in [0, 1].",
                        "Normalize 之前的步骤不生成浮点张量：已添加 ToImage 和 ToDtype(float32, scale=True)，"
                        "以便在 [0, 1] 范围内测量数值。"),
    "stats.std_too_small": ("Channel {channel} has almost the same value in every pixel of the dataset (std {std}), "
                            "so Normalize would divide by almost zero; keep Normalize's current values.",
                            "通道 {channel} 在数据集的每个像素上几乎取相同的值（标准差 {std}），Normalize 会除以接近零的数；"
                            "请保留 Normalize 的当前值。"),
    "stats.bad_channels": ("The dataset statistics have {n} channels, but Normalize takes 1 or 3 values.",
                           "数据集统计量有 {n} 个通道，但 Normalize 只接受 1 个或 3 个值。"),
    "stats.skipped": ("{n} image(s) could not be read and were left out.", "{n} 张图像无法读取，已略去。"),
    # -- lint: imagenet-stats-from-scratch --
    "stats.lint.imagenet_from_scratch": (
        "The model is trained from scratch, but Normalize uses ImageNet's mean/std and this dataset's differ a lot: "
        "mean {mean}, std {std} (ImageNet: mean {imean}, std {istd}). Use the dataset's own values.",
        "模型从头训练，但 Normalize 使用的是 ImageNet 的均值/标准差，而这个数据集的统计量相差较大："
        "均值 {mean}，标准差 {std}（ImageNet：均值 {imean}，标准差 {istd}）。请使用数据集自己的值。"),
    "stats.lint.fix": ("Use the dataset's mean and std", "使用数据集的均值和标准差"),
    # -- dtf stats (cli/cmd_stats.py) --
    "stats.cli.header": ("Statistics of {n} {split} images in {root} (after {steps}):",
                         "{root} 中 {n} 张{split}图像的统计量（经过 {steps} 之后）："),
    "stats.cli.no_steps": ("no pipeline step", "无流水线步骤"),
    "stats.cli.channel": ("channel", "通道"),
    "stats.cli.mean": ("mean", "均值"),
    "stats.cli.std": ("std", "标准差"),
    "stats.cli.cached": ("From the cache (the files and the steps are unchanged).",
                         "来自缓存（文件和步骤均未改变）。"),
    "stats.cli.computed": ("Computed over {pixels} pixels per channel; saved in the cache.",
                           "基于每个通道 {pixels} 个像素计算，已存入缓存。"),
    "stats.cli.normalize": ("For Normalize: mean={mean}, std={std}", "用于 Normalize：mean={mean}，std={std}"),
}
