"""Messages of the embed_map domain (the 2-D embedding map of a dataset's features): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "embed_map.unknown_method": ("{method} is not a way to draw the embedding map: choose one of {choices}.",
                                 "{method} 不是绘制嵌入图的方法：请从 {choices} 中选择。"),
    "embed_map.umap_missing": ("UMAP needs the optional package umap-learn, which is not installed: choose PCA "
                               "(or Auto, which uses PCA without it), or install umap-learn.",
                               "UMAP 需要可选软件包 umap-learn，但它未安装：请选择 PCA（或“自动”，未安装时使用 "
                               "PCA），或安装 umap-learn。"),
    "embed_map.cancelled": ("Drawing the embedding map was stopped; nothing was saved.",
                            "嵌入图的绘制已停止，未保存任何结果。"),
}
