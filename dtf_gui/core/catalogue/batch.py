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
    # -- the batch trace (inspect) --
    "batch.trace_train_failed": ("The train pipeline failed on a sample of the batch ({error}); its per-image "
                                 "trace names the step.",
                                 "训练流水线处理批次中的一个样本时失败（{error}）；逐张图像的追踪会指出是哪一步。"),
    "batch.trace_not_stackable": (
        "The train pipeline's outputs ({badge}) cannot be collated into a batch ({error}). End the train pipeline "
        "with a fixed size and ToImage, ToDtype(float32, scale=True).",
        "训练流水线的输出（{badge}）无法合并成一个批次（{error}）。请让训练流水线输出固定尺寸，并以 ToImage、"
        "ToDtype(float32, scale=True) 结尾。"),
    "batch.trace_step_failed": ("{where} failed: {error}.", "{where}失败：{error}。"),
    # -- lint --
    "batch.lint.at_step": ("batch stage, step {step} ({name}): {text}", "批次阶段第 {step} 步（{name}）：{text}"),
    "batch.lint.at_stage": ("batch stage: {text}", "批次阶段：{text}"),
    "batch.lint.in_val": (
        "{name} mixes images and labels of a batch, and validation never mixes: val scores must measure the model "
        "on the real images. The batch stage runs in training only.",
        "{name} 会混合批次中的图像和标签，而验证时从不混合：验证得分必须在真实图像上衡量模型。批次阶段只在训练时运行。"),
    "batch.lint.in_train": (
        "{name} mixes whole batches of images and labels, so it fails in the per-image train pipeline. It belongs "
        "in the batch stage, which runs on each batch after the images are collated.",
        "{name} 混合的是整批图像和标签，放在逐张处理图像的训练流水线中会失败。它应放在批次阶段，"
        "该阶段在图像合并成批次之后对每个批次运行。"),
    "batch.lint.fix_to_batch": ("Move it to the batch stage", "把它移到批次阶段"),
    "batch.lint.per_image": (
        "{name} transforms one image at a time; the batch stage holds only MixUp, CutMix and RandomChoice.",
        "{name} 逐张变换图像；批次阶段只能包含 MixUp、CutMix 和 RandomChoice。"),
    "batch.lint.fix_to_train": ("Move it to the train pipeline", "把它移到训练流水线"),
    "batch.lint.num_classes": (
        "num_classes is {got}, but the data has {n} classes: the mixed labels would not fit the model's {n} "
        "outputs.",
        "num_classes 为 {got}，但数据有 {n} 个类别：混合后的标签与模型的 {n} 个输出对不上。"),
    "batch.lint.fix_num_classes": ("Set num_classes to null (the data's count)",
                                   "把 num_classes 设为 null（使用数据的类别数）"),
    # -- dtf inspect --
    "batch.cli_header": ("Batch stage ({n} samples, {classes} classes: {source}):",
                         "批次阶段（{n} 个样本，{classes} 个类别：{source}）："),
    "batch.cli_source_data": ("from the data", "来自数据"),
    "batch.cli_source_step": ("the step's num_classes", "步骤的 num_classes"),
    "batch.cli_source_assumed": ("assumed; pass --data ROOT for the dataset's",
                                 "假定值；传入 --data ROOT 使用数据集的类别数"),
    "batch.cli_col_images": ("images", "图像"),
    "batch.cli_col_labels": ("labels", "标签"),
    "batch.cli_collated": ("collated", "合并后"),
    "batch.cli_failed": ("failed", "失败"),
    "batch.cli_batch_size": ("--batch-size must be at least 1, got {n}.", "--batch-size 至少为 1，收到的是 {n}。"),
    # -- the engine --
    "batch.why_no_feature_cache": (
        "the batch stage (MixUp/CutMix) mixes the images of every batch anew, so features change every step",
        "批次阶段（MixUp/CutMix）每个批次都重新混合图像，因此特征每一步都在变化"),
}
