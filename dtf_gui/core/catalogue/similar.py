"""Messages of the similar domain (near-duplicates and leaks by similarity (dtf scan --similar)): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "similar.leak": (
        "{n} near-identical images are in train and val (similarity {similarity}; leakage: val accuracy will "
        "look better than it is): {where}. Keep the image in one split only.",
        "训练集和验证集中有 {n} 张几乎相同的图像（相似度 {similarity}；数据泄漏：验证准确率会显得比实际更高）：{where}。"
        "请只在一个划分中保留该图像。"),
    "similar.label_conflict": (
        "{n} near-identical images have different labels ({labels}; similarity {similarity}): {where}. Check "
        "which label is right and keep one.",
        "{n} 张几乎相同的图像标签不同（{labels}；相似度 {similarity}）：{where}。请确认哪个标签正确并只保留一张。"),
    "similar.duplicate": (
        "{n} near-identical images in {split} (similarity {similarity}): {where}. Keep one unless the "
        "variation is wanted.",
        "{split} 中有 {n} 张几乎相同的图像（相似度 {similarity}）：{where}。除非需要这些变化，否则只保留一张。"),
    "similar.summary": (
        "Near-duplicates: {groups} groups ({leaks} train/val leaks, {conflicts} label conflicts) among {n} "
        "images, {seconds} s ({ips} images/s).",
        "近似重复：{n} 张图像中有 {groups} 组（{leaks} 组训练/验证泄漏，{conflicts} 组标签冲突），"
        "用时 {seconds} 秒（每秒 {ips} 张）。"),
    "similar.progress": ("Comparing images", "正在比较图像"),
    "similar.cancelled": ("The search for near-duplicates was stopped; nothing was changed.",
                          "近似重复图像的查找已停止，未做任何更改。"),
    "similar.bad_threshold": ("The similarity threshold {name} must be above 0 and at most 1 (got {value}).",
                              "相似度阈值 {name} 必须大于 0 且不超过 1（当前为 {value}）。"),
    "similar.no_method": ("Choose at least one way to compare images: image features, the pixel fingerprint, "
                          "or both.",
                          "请至少选择一种比较图像的方式：图像特征、像素指纹，或两者都用。"),
}
