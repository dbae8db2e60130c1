"""Messages of the training domain: code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "training.out_of_memory": (
        "Out of memory on {device} with train.batch_size={batch_size} and images of {size} px (after the "
        "pipeline). Lower the batch size (for example to half) or the image size (the Resize or crop step "
        "of the pipeline), or use precision=bf16 on a GPU.{kept}",
        "{device} 内存不足：train.batch_size={batch_size}，图像经流水线后为 {size} 像素。请减小批大小（例如减半）"
        "或图像尺寸（流水线中的 Resize 或裁剪步骤），或在 GPU 上使用 precision=bf16。{kept}"),
    "training.oom_checkpoint_kept": (
        " The last checkpoint ({path}) is kept; the run can be resumed from it.",
        "最后的检查点（{path}）已保留，可从它继续运行。"),
    "training.size_unknown": ("unknown size", "未知尺寸"),
}
