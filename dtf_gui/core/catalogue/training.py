"""Messages of the training domain: code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- resume: checkpoint repair (engine) --
    "training.best_repaired": (
        "best.pt held epoch {had} while the run's best is epoch {epoch} (the run was killed while saving); "
        "it now holds epoch {epoch} again.",
        "best.pt 保存的是第 {had} 轮，而本次运行的最佳是第 {epoch} 轮（保存时运行被强行终止）；"
        "现已恢复为第 {epoch} 轮。"),
    "training.best_lost": (
        "best.pt holds epoch {had}, but the run's best was epoch {epoch}, whose weights are no longer on disk; "
        "export the last checkpoint, or keep training: best.pt follows the next better epoch.",
        "best.pt 保存的是第 {had} 轮，但本次运行的最佳是第 {epoch} 轮，其权重已不在磁盘上；"
        "请导出最后一个检查点，或继续训练：best.pt 会随下一个更好的轮次更新。"),
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
