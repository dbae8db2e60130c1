"""Messages of the cam domain (Grad-CAM saliency overlays (dtf predict --cam)): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "cam.ensemble": (
        "{path} is an ensemble: Grad-CAM shows what one model looks at, and an ensemble averages several. Open "
        "one of its members (the bundles in its members folder) to see that model's map.",
        "{path} 是集成：Grad-CAM 显示单个模型关注的区域，而集成是多个模型的平均。请打开它的某个成员（members 文件夹中的导出包）"
        "查看该模型的热力图。"),
    "cam.bad_target": (
        "There is no class number {target}: this model has {n} classes, numbered 0 to {last} ({names}). Choose one "
        "of them, or none for the predicted class.",
        "不存在编号为 {target} 的类别：此模型有 {n} 个类别，编号为 0 到 {last}（{names}）。请从中选择一个，或不指定以使用预测类别。"),
    "cam.unknown_method": (
        "Unknown saliency method {method}; choose one of {names}.",
        "未知的显著性方法 {method}；请选择 {names} 之一。"),
    "cam.no_layer": (
        "{arch} has no layer {layer} (the Grad-CAM target layer); the model does not look like {arch}.",
        "{arch} 没有层 {layer}（Grad-CAM 的目标层）；该模型与 {arch} 的结构不符。"),
    "cam.not_spatial": (
        "The Grad-CAM layer {layer} of {arch} gives a {shape} tensor, not an image-shaped map (N, C, H, W); "
        "a map cannot be drawn from it.",
        "{arch} 的 Grad-CAM 层 {layer} 输出形状为 {shape} 的张量，而不是图像形状的特征图（N, C, H, W），无法据此绘制热力图。"),
    "cam.not_tensor": (
        "The val pipeline turns {path} into a {kind}, not a tensor the model can take; end the pipeline with "
        "ToImage, ToDtype and Normalize.",
        "验证集流水线把 {path} 变成了 {kind}，而不是模型能接受的张量；请以 ToImage、ToDtype 和 Normalize 结束流水线。"),
    "cam.too_small": (
        "At this input size ({size}) the model's last feature map ({layer}) is only {h}×{w}, so the map cannot show "
        "where the model looks. A larger image size in the pipeline (64 px or more) gives a map with detail.",
        "在当前输入尺寸（{size}）下，模型最后的特征图（{layer}）只有 {h}×{w}，热力图无法显示模型关注的位置。"
        "在流水线中使用更大的图像尺寸（64 像素或以上）可得到有细节的热力图。"),
    "cam.no_evidence": (
        "Nothing in this image raises the score of class {name}, so the map is empty.",
        "这张图像中没有任何区域提高类别 {name} 的得分，因此热力图为空。"),
    "cam.stopped": (
        "Grad-CAM stopped.",
        "Grad-CAM 已停止。"),
    "cam.out_not_folder": (
        "{path} is not a folder; choose a folder for the overlay images (it is created when missing).",
        "{path} 不是文件夹；请为叠加图像选择一个文件夹（不存在时会自动创建）。"),
    "cam.cannot_write": (
        "Cannot write the overlay {path}: {reason}. Choose a folder you can write to.",
        "无法写入叠加图像 {path}：{reason}。请选择一个可写的文件夹。"),
    "cam.wrote": (
        "Grad-CAM overlays: {n} written to {path}",
        "Grad-CAM 叠加图像：已写入 {n} 个到 {path}"),
}
