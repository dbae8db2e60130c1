"""Messages of the labels domain (label-error finder (confident learning with cleanlab; Data → Suspects, dtf label-issues)): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "labels.cancelled": ("Looking for label errors was stopped; nothing was changed.",
                         "查找标注错误已停止，没有更改任何内容。"),
    "labels.too_few_classes": ("{root} has {n} class(es) with usable images; finding label errors needs at least 2. "
                               "Check the dataset folder and its scan report in the Data tab.",
                               "{root} 中只有 {n} 个类别有可用图像；查找标注错误至少需要 2 个类别。请在“数据”页检查数据集"
                               "文件夹及其扫描报告。"),
    "labels.too_few_images": ("{root} has {n} usable images; finding label errors needs at least {need}. Add images "
                              "to the class folders.",
                              "{root} 中只有 {n} 张可用图像；查找标注错误至少需要 {need} 张。请向类别文件夹中添加图像。"),
    # -- dtf label-issues --
    "labels.cli.col_rank": ("#", "#"),
    "labels.cli.col_file": ("file", "文件"),
    "labels.cli.col_given": ("given", "现标注"),
    "labels.cli.col_suggested": ("suggested", "建议"),
    "labels.cli.col_score": ("score", "分数"),
    "labels.cli.summary": ("{shown} of {flagged} suspects shown ({n} images checked, {method}, {backbone}) in "
                           "{seconds:.1f} s. Lower score = more likely mislabelled.",
                           "显示 {flagged} 个可疑图像中的 {shown} 个（检查了 {n} 张图像，{method}，{backbone}），用时 "
                           "{seconds:.1f} 秒。分数越低，标注错误的可能越大。"),
    "labels.cli.none": ("No suspects: every label agrees with the out-of-fold predictions ({n} images checked, "
                        "{seconds:.1f} s).",
                        "没有可疑图像：所有标注都与交叉验证预测一致（检查了 {n} 张图像，用时 {seconds:.1f} 秒）。"),
    "labels.cli.skipped": ("{n} file(s) could not be read and were left out: {files}",
                           "{n} 个文件无法读取，已跳过：{files}"),
    "labels.cli.computing": ("computing", "计算中"),
    "labels.method.kfold": ("k-fold on image features", "基于图像特征的 k 折交叉验证"),
    "labels.method.run": ("the run's val predictions", "运行在验证集上的预测"),
}
