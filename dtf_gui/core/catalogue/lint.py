"""Messages of the lint domain (pipeline checks and their fixes): code -> (English, Simplified Chinese).
A data table. Step and parameter names (Normalize, scale=True) are code and stay as they are."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- where a finding is --
    "lint.split.train": ("train", "训练"),
    "lint.split.val": ("val", "验证"),
    "lint.at_step": ("{split} pipeline, step {step} ({name}): {text}", "{split}流水线第 {step} 步（{name}）：{text}"),
    "lint.at_split": ("{split} pipeline: {text}", "{split}流水线：{text}"),
    "lint.two": ("{a} and {b}", "{a} 和 {b}"),
    # -- normalize-before-float --
    "lint.not_float_yet": ("data that is not yet a float tensor", "还不是浮点张量的数据"),
    "lint.normalize_before_float": ("Normalize needs a float tensor but gets {got}: {advice}.",
                                    "Normalize 需要浮点张量，但收到的是 {got}：{advice}。"),
    "lint.advice.move_after": ("move it after step {step} ({name}), which makes the float tensor",
                               "把它移到生成浮点张量的第 {step} 步（{name}）之后"),
    "lint.advice.add_before": ("add {names} before it", "在它之前添加 {names}"),
    "lint.fix.move_normalize": ("Move Normalize after step {step} ({name})", "把 Normalize 移到第 {step} 步（{name}）之后"),
    "lint.fix.insert_before_normalize": ("Insert {names} before Normalize", "在 Normalize 之前插入 {names}"),
    # -- todtype-no-scale --
    "lint.todtype_no_scale": (
        "ToDtype({dtype}) without scale=True keeps uint8 values as 0–255 floats; models and Normalize expect 0–1. "
        "Set scale=True.",
        "不带 scale=True 的 ToDtype({dtype}) 会把 uint8 值保留为 0–255 的浮点数；模型和 Normalize 期望 0–1。"
        "请设置 scale=True。"),
    "lint.fix.set_scale": ("Set scale=True", "设置 scale=True"),
    # -- normalize-on-0-255 --
    "lint.normalize_on_0_255": (
        "Normalize has mean/std for data in 0–1 but the data is {badge} (still 0–255): the result is far off the "
        "range the model was trained on. Scale to 0–1 first (ToDtype(float32, scale=True)).",
        "Normalize 的均值/标准差适用于 0–1 的数据，但数据是 {badge}（仍为 0–255）：结果会远离模型训练时的取值范围。"
        "请先缩放到 0–1（ToDtype(float32, scale=True)）。"),
    "lint.fix.set_scale_on_step": ("Set scale=True on step {step} (ToDtype)", "在第 {step} 步（ToDtype）设置 scale=True"),
    "lint.fix.multiply_255": ("Multiply mean and std by 255", "把均值和标准差乘以 255"),
    # -- uint8-after-normalize --
    "lint.uint8_after_normalize": (
        "ToDtype({dtype}) after Normalize clips the negative values and rounds the rest: the image is destroyed. "
        "Remove it; the model wants the float32 tensor.",
        "Normalize 之后的 ToDtype({dtype}) 会截掉负值并把其余的值取整：图像被破坏。请删除它；模型需要的是 float32 张量。"),
    "lint.fix.remove_step": ("Remove this step", "删除此步骤"),
    # -- range-after-normalize --
    "lint.normalized_values": ("normalised values (around 0, not 0–1)", "归一化后的值（在 0 附近，而不是 0–1）"),
    "lint.domain.unit": (
        "{name} assumes image values in 0–1 (or 0–255), but after Normalize it gets {got}: it clamps, inverts or "
        "thresholds them as if they were an image, and the image is ruined without an error. Move it before the "
        "conversion steps (ToImage, ToDtype, Normalize).",
        "{name} 假定图像取值在 0–1（或 0–255），但它在 Normalize 之后收到的是 {got}：它会把这些值当作图像来截断、反转或"
        "按阈值处理，图像被悄悄破坏而不会报错。请把它移到转换步骤（ToImage、ToDtype、Normalize）之前。"),
    "lint.domain.uint8": (
        "{name} needs 8-bit image data (a PIL image or a uint8 tensor), but after Normalize it gets {got}. Move it "
        "before the conversion steps (ToImage, ToDtype, Normalize).",
        "{name} 需要 8 位图像数据（PIL 图像或 uint8 张量），但它在 Normalize 之后收到的是 {got}。"
        "请把它移到转换步骤（ToImage、ToDtype、Normalize）之前。"),
    "lint.normalize_twice": (
        "a second Normalize: the data was already normalised at step {step}, so it is normalised twice and ends "
        "up far off the range the model expects. Remove one.",
        "第二个 Normalize：数据已在第 {step} 步归一化，这里又归一化一次，结果远离模型期望的取值范围。请删除其中一个。"),
    "lint.fix.move_before": ("Move it before step {step} ({name})", "把它移到第 {step} 步（{name}）之前"),
    # -- random-in-val --
    "lint.random_in_val": (
        "{name} is random: validation scores would change from run to run. Keep random augmentation in train only.",
        "{name} 是随机的：验证得分会每次运行都不同。随机增强只应放在训练流水线中。"),
    "lint.fix.replace_with": ("Replace with {step}", "替换为 {step}"),
    "lint.fix.remove_from_val": ("Remove this step from val", "从验证流水线中删除此步骤"),
    # -- output --
    "lint.output_not_float32": (
        "the output is {badge}, but the model needs a float32 tensor: end with ToImage and "
        "ToDtype(float32, scale=True) (then Normalize).",
        "输出是 {badge}，但模型需要 float32 张量：请以 ToImage 和 ToDtype(float32, scale=True) 结尾（然后是 Normalize）。"),
    "lint.fix.append": ("Append {names}", "在末尾添加 {names}"),
    "lint.output_channels": (
        "the output has {channels} channel(s) but the model expects {want}: the first layer of a pretrained model "
        "will fail on it.",
        "输出有 {channels} 个通道，但模型需要 {want} 个：预训练模型的第一层会因此出错。"),
    "lint.normalize_broadcast": (
        "Normalize gets {channels} channel(s) but has {n} mean/std values: torchvision silently broadcasts the "
        "image to {n} channels, each normalised differently.",
        "Normalize 收到 {channels} 个通道，但有 {n} 个均值/标准差：torchvision 会悄悄把图像广播成 {n} 个通道，"
        "每个通道的归一化各不相同。"),
    "lint.rgb": ("RGB", "彩色 RGB 图像"),
    "lint.grayscale": ("grayscale", "灰度图像"),
    "lint.channels": ("{problem} Convert to {target} with {want} channel(s).", "{problem}请转换为{target}（{want} 个通道）。"),
    "lint.fix.set_channels": ("Set num_output_channels={want}", "设置 num_output_channels={want}"),
    "lint.fix.convert_instead": ("Convert to {mode} instead", "改为转换成 {mode}"),
    "lint.fix.insert_first": ("Insert {step} first", "在最前面插入 {step}"),
    # -- sizes --
    "lint.no_fixed_size": (
        "the output size follows the input ({size} here, {other} for another image): images of different sizes "
        "cannot be batched. Add a Resize to [h, w] or a crop.",
        "输出尺寸随输入变化（这里是 {size}，另一张图像是 {other}）：不同尺寸的图像无法组成批次。"
        "请添加一个调整到 [h, w] 的 Resize 或一个裁剪步骤。"),
    "lint.fix.insert_after_resize": ("Insert {step} after step {n} (Resize)", "在第 {n} 步（Resize）之后插入 {step}"),
    "lint.train_val_size": (
        "train outputs {train} but val outputs {val}: the model is scored on images of another size than it learnt "
        "from. Make the val output size match.",
        "训练流水线输出 {train}，而验证流水线输出 {val}：模型会在与训练时尺寸不同的图像上评分。请让验证输出的尺寸与之一致。"),
    "lint.fix.set_val_size": ("Set val step {n} ({name}) size to [{h}, {w}]",
                              "把验证流水线第 {n} 步（{name}）的 size 设为 [{h}, {w}]"),
    "lint.fix.append_to_val": ("Append {step} to val", "在验证流水线末尾添加 {step}"),
    # -- applying a fix --
    "lint.no_fix": ("'{rule}' has no automatic fix: {text}", "'{rule}' 没有自动修复：{text}"),
    "lint.changed": (
        "The {split} pipeline changed since it was checked (expected {expect} at step {step}); check it again "
        "before applying this fix.",
        "{split}流水线在检查之后已被修改（第 {step} 步应为 {expect}）；请重新检查后再应用此修复。"),
    "lint.unknown_edit": ("Unknown fix operation {op}.", "未知的修复操作 {op}。"),
    "lint.incomplete_fix": ("This fix is incomplete; check the pipeline again.", "此修复不完整；请重新检查流水线。"),
}
