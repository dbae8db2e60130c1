"""Messages of the evaluate domain (metrics of a model on a split): code -> (English, Simplified Chinese).
A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "evaluate.too_few_classes": ("Metrics need at least 2 classes, got {n} ({classes}).",
                                 "计算指标至少需要 2 个类别，实际只有 {n} 个（{classes}）。"),
    "evaluate.bad_shape": ("Probabilities must have shape (samples, classes) = ({samples}, {classes}), got {shape}.",
                           "概率的形状必须是 (样本数, 类别数) = ({samples}, {classes})，实际是 {shape}。"),
    "evaluate.no_samples": ("There are no samples to evaluate: the chosen split is empty.",
                            "没有可评估的样本：所选的划分是空的。"),
    "evaluate.bad_labels": ("True labels must lie in 0..{top} (one per class), got {lo}..{hi}.",
                            "真实标签必须在 0..{top} 之间（每个类别一个），实际是 {lo}..{hi}。"),
    "evaluate.stopped": ("Evaluation stopped after {done} of {n} images.", "评估在 {n} 张图像中的 {done} 张之后停止。"),
    "evaluate.no_classes": ("evaluate() needs the class names: pass classes=[...] or a dataset with .classes.",
                            "evaluate() 需要类别名称：请传入 classes=[...] 或带有 .classes 的数据集。"),
    "evaluate.no_images": ("There are no images to evaluate: the chosen split is empty.", "没有可评估的图像：所选的划分是空的。"),
    "evaluate.class_count": ("The model outputs {outputs} classes but {names} class names were given; evaluate with "
                             "the class list the model was trained on.",
                             "模型输出 {outputs} 个类别，但给出了 {names} 个类别名称；请使用模型训练时的类别列表进行评估。"),
}
