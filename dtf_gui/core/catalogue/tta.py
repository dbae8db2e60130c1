"""Messages of the tta domain (test-time augmentation): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "tta.unknown": ("Unknown test-time augmentation {mode}; choose one of {choices}.",
                    "未知的测试时增强 {mode}；请从以下选择：{choices}。"),
    "tta.flip_unseen": (
        "Note: this run's train pipeline has no horizontal flip, so the model never saw a mirrored picture; flip "
        "test-time augmentation may lower accuracy when mirroring changes the class (digits, text).",
        "注意：此运行的训练流水线没有水平翻转，模型从未见过镜像图像；当镜像会改变类别时（数字、文字），"
        "翻转测试时增强可能降低准确率。"),
}
