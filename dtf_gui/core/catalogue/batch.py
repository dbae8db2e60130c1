"""Messages of the batch stage (MixUp / CutMix after collation, in training only): the builder's refusals, the
batch trace, lint and the engine. code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- the builder --
    "batch.not_per_image": (
        "{name} mixes whole batches of images and labels, so it cannot run in the {split} pipeline, which "
        "transforms one image at a time. Put it in the batch stage (training only); validation never mixes.",
        "{name} 混合的是整批图像和标签，不能放在逐张变换图像的{split}流水线中。请把它放到批次阶段（仅用于训练）；"
        "验证时从不混合。"),
    "batch.per_image_in_batch": (
        "{name} transforms one image at a time; the batch stage holds only batch steps (MixUp, CutMix, "
        "RandomChoice). Put it in the train pipeline.",
        "{name} 逐张变换图像；批次阶段只能包含批次步骤（MixUp、CutMix、RandomChoice）。请把它放到训练流水线中。"),
    "batch.no_class_count": (
        "the number of classes is not known here; set num_classes, or train or preview with a dataset",
        "此处不知道类别数；请设置 num_classes，或在有数据集时训练或预览"),
    "batch.num_classes_mismatch": (
        "num_classes is {got}, but the data has {n} classes; set it to null (the data's count) or {n}",
        "num_classes 为 {got}，但数据有 {n} 个类别；请设为 null（使用数据的类别数）或 {n}"),
    "batch.choice_p_zero": ("p must give MixUp or CutMix a chance above 0, e.g. [0.5, 0.5]",
                            "p 至少要给 MixUp 或 CutMix 一个大于 0 的概率，例如 [0.5, 0.5]"),
    # -- the engine --
    "batch.why_no_feature_cache": (
        "the batch stage (MixUp/CutMix) mixes the images of every batch anew, so features change every step",
        "批次阶段（MixUp/CutMix）每个批次都重新混合图像，因此特征每一步都在变化"),
}
