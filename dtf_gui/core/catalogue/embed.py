"""Messages of the embed domain (image embeddings shared by label issues, near-duplicates and the map):
code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "embed.no_images": ("{root} has no usable images to compute features for. Check the dataset folder and its "
                        "scan report in the Data tab.",
                        "{root} 中没有可用于计算特征的图像。请在“数据”页检查数据集文件夹及其扫描报告。"),
    "embed.none_readable": ("None of the {count} images could be read, so no features were computed. Run the "
                            "dataset scan to see what is wrong with the files.",
                            "{count} 张图像都无法读取，因此没有计算任何特征。请运行数据集扫描查看文件的问题。"),
    "embed.cancelled": ("Computing the image features was stopped; nothing was saved.",
                        "图像特征的计算已停止，未保存任何结果。"),
    "embed.run_not_single": ("{path} is an ensemble, not one model: choose one of its runs to compute features "
                             "with, or leave the model empty to use a pretrained backbone.",
                             "{path} 是集成模型而不是单个模型：请选择其中的一个运行来计算特征，或留空以使用预训练骨干网络。"),
}
