"""Messages of the pipeline domain (documents, the transform registry, building, tracing): code -> (English,
Simplified Chinese). A data table. Step, parameter and dtype names are code and stay as they are."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- where: split, step, parameter --
    "pipeline.split.train": ("train", "训练"),
    "pipeline.split.val": ("val", "验证"),
    "pipeline.split.batch": ("batch", "批次"),
    "pipeline.where.batch": ("batch stage", "批次阶段"),
    "pipeline.where.batch_step": ("batch stage, step {step}", "批次阶段第 {step} 步"),
    "pipeline.where.batch_step_name": ("batch stage, step {step} ({name})", "批次阶段第 {step} 步（{name}）"),
    "pipeline.where.split": ("{split} pipeline", "{split}流水线"),
    "pipeline.where.split_step": ("{split} pipeline, step {step}", "{split}流水线第 {step} 步"),
    "pipeline.where.split_step_name": ("{split} pipeline, step {step} ({name})", "{split}流水线第 {step} 步（{name}）"),
    "pipeline.where.split_name": ("{split} pipeline, {name}", "{split}流水线，{name}"),
    "pipeline.where.step": ("step {step}", "第 {step} 步"),
    "pipeline.where.step_name": ("step {step} ({name})", "第 {step} 步（{name}）"),
    "pipeline.where.Step_name": ("Step {step} ({name})", "第 {step} 步（{name}）"),
    "pipeline.where.none": ("step", "步骤"),
    "pipeline.where.pipeline": ("pipeline", "流水线"),
    "pipeline.where.named": ("{where} ({name})", "{where}（{name}）"),
    "pipeline.where.param": ("{where}, parameter '{param}'", "{where}，参数 '{param}'"),
    "pipeline.at": ("{where}: {text}", "{where}：{text}"),
    "pipeline.sentence": ("{text}.", "{text}。"),
    # -- what a parameter value may be (ParamSpec.describe) --
    "pipeline.bounds.range": (" from {lo} to {hi}", "，从 {lo} 到 {hi}"),
    "pipeline.bounds.range_exclusive": (" from {lo} (exclusive) to {hi}", "，从 {lo}（不含）到 {hi}"),
    "pipeline.bounds.min": (" ≥ {lo}", "，不小于 {lo}"),
    "pipeline.bounds.min_exclusive": (" > {lo}", "，大于 {lo}"),
    "pipeline.bounds.max": (" ≤ {hi}", "，不大于 {hi}"),
    "pipeline.or": ("{a} or {b}", "{a} 或 {b}"),
    "pipeline.kind.int": ("an integer{b}", "整数{b}"),
    "pipeline.kind.float": ("a number{b}", "数值{b}"),
    "pipeline.kind.bool": ("true or false", "true 或 false"),
    "pipeline.kind.str": ("a text string", "文本字符串"),
    "pipeline.kind.choice": ("one of {choices}", "以下之一：{choices}"),
    "pipeline.kind.dtype": ("a dtype name: {choices}", "dtype 名称：{choices}"),
    "pipeline.kind.size": ("an integer{b} or a list [height, width] of such integers",
                           "整数{b}，或由这样的整数组成的列表 [高, 宽]"),
    "pipeline.kind.int_or_list": ("an integer{b} or a list of {n} integers", "整数{b}，或 {n} 个整数组成的列表"),
    "pipeline.kind.int_list": ("a list of {n} integers{b}", "{n} 个整数组成的列表{b}"),
    "pipeline.kind.float_or_list": ("a number{b} or a list of {n} numbers{b}", "数值{b}，或 {n} 个数值组成的列表{b}"),
    "pipeline.kind.float_list": ("a list of {n} numbers{b}", "{n} 个数值组成的列表{b}"),
    "pipeline.kind.range_or_list": ("a number{b} or a list [min, max] of numbers{b}",
                                    "数值{b}，或数值列表 [最小值, 最大值]{b}"),
    "pipeline.kind.range_list": ("a list [min, max] of numbers{b}", "数值列表 [最小值, 最大值]{b}"),
    "pipeline.kind.range4": ("{text} (or [x_min, x_max, y_min, y_max])", "{text}（或 [x_min, x_max, y_min, y_max]）"),
    "pipeline.kind.fill": ("a number{b} or a list of numbers (one per channel)", "数值{b}，或数值列表（每个通道一个）"),
    "pipeline.kind.mean_std": ("a list of {n} numbers{b} (one per channel)", "{n} 个数值组成的列表{b}（每个通道一个）"),
    "pipeline.kind.optional": ("{text} or null", "{text}，或 null"),
    "pipeline.expected": ("expected {expected}, got {got}", "应为{expected}，收到的是 {got}"),
    "pipeline.expected_order": ("expected {expected}; the minimum {lo} is above the maximum {hi}, got {got}",
                                "应为{expected}；最小值 {lo} 大于最大值 {hi}，收到的是 {got}"),
    # -- the registry --
    "pipeline.did_you_mean": ("; did you mean {names}?", "；你是想用 {names} 吗？"),
    "pipeline.no_params": ("none (this step takes no parameters)", "无（此步骤没有参数）"),
    "pipeline.no_such_param": ("{name} has no parameter {param}{hint}. Valid parameters: {valid}.",
                               "{name} 没有参数 {param}{hint}。可用的参数：{valid}。"),
    "pipeline.unknown_transform_hint": ("Unknown transform {name}{hint}", "未知的变换 {name}{hint}"),
    "pipeline.unknown_transform": ("Unknown transform {name}. Known transforms: {known}.",
                                   "未知的变换 {name}。已知的变换：{known}。"),
    # -- building --
    "pipeline.params_not_object": ("'params' must be an object of keyword arguments.",
                                   "'params' 必须是由关键字参数组成的对象。"),
    "pipeline.unknown_param": ("unknown parameter. Valid parameters: {valid}.", "未知的参数。可用的参数：{valid}。"),
    "pipeline.unknown_param_hint": ("unknown parameter{hint} Valid parameters: {valid}.",
                                    "未知的参数{hint}可用的参数：{valid}。"),
    "pipeline.missing_param": ("missing; {name} needs it: {expected} (for example {example}).",
                               "缺少该参数；{name} 需要它：{expected}（例如 {example}）。"),
    "pipeline.refused_value": ("{name} refused the value: {reason}. Check this parameter (see the step's help).",
                               "{name} 不接受该值：{reason}。请检查这个参数（参见该步骤的说明）。"),
    "pipeline.refused_values": ("{name} refused the values: {reason}. Check the parameters (see the step's help).",
                                "{name} 不接受这些值：{reason}。请检查各个参数（参见该步骤的说明）。"),
    "pipeline.bad_image_size": ("image_size must be a positive integer, got {value}.",
                                "image_size 必须是正整数，收到的是 {value}。"),
    "pipeline.no_sample": ("No sample pipeline {name}{hint} Samples: {names}.", "没有示例流水线 {name}{hint}示例：{names}。"),
    "pipeline.no_sample_plain": ("No sample pipeline {name}. Samples: {names}.", "没有示例流水线 {name}。示例：{names}。"),
    "pipeline.sample_source": ("sample pipeline {name}.json", "示例流水线 {name}.json"),
    # -- documents --
    "pipeline.step_not_object": ("{where}: expected an object like {example}, got {got}.",
                                 "{where}：应为形如 {example} 的对象，收到的是 {got}。"),
    "pipeline.step_unknown_keys": ("{where}: unknown key(s) {keys}; a step has only name, params and enabled.",
                                   "{where}：未知的键 {keys}；一个步骤只有 name、params 和 enabled。"),
    "pipeline.step_bad_name": ("{where}: 'name' must be a transform name such as \"Resize\".",
                               "{where}：'name' 必须是变换的名称，例如 \"Resize\"。"),
    "pipeline.step_bad_params": ("{where} ({name}): 'params' must be an object of keyword arguments.",
                                 "{where}（{name}）：'params' 必须是由关键字参数组成的对象。"),
    "pipeline.step_bad_enabled": ("{where} ({name}): 'enabled' must be true or false.",
                                  "{where}（{name}）：'enabled' 必须是 true 或 false。"),
    "pipeline.not_a_list": ("{where}: expected a list of steps, got {got}.", "{where}：应为步骤列表，收到的是 {got}。"),
    "pipeline.unknown_split": ("Unknown split {split}; use 'train', 'val' or 'batch'.",
                               "未知的划分 {split}；请使用 'train'、'val' 或 'batch'。"),
    "pipeline.batch_needs_version": (
        "The document has a 'batch' stage but says \"schema_version\": {version}; the batch stage needs "
        "\"schema_version\": {needed}. Change the version to {needed} (this dtf_gui reads it), or remove 'batch'.",
        "文档包含 'batch'（批次阶段），但写的是 \"schema_version\": {version}；批次阶段需要 "
        "\"schema_version\": {needed}。请把版本改为 {needed}（当前 dtf_gui 可以读取），或删除 'batch'。"),
    "pipeline.not_a_document": ("A pipeline document is a JSON object with 'schema_version', 'train' and 'val'.",
                                "流水线文档是一个包含 'schema_version'、'train' 和 'val' 的 JSON 对象。"),
    "pipeline.bad_schema_version": ("'schema_version' must be a positive integer, got {value}.",
                                    "'schema_version' 必须是正整数，收到的是 {value}。"),
    "pipeline.newer_schema": (
        "This pipeline was saved by a newer dtf_gui (schema_version {version}); this version reads up to "
        "{supported}. Update dtf_gui to open it.",
        "此流水线由更新版本的 dtf_gui 保存（schema_version {version}）；当前版本最多只能读取 {supported}。"
        "请更新 dtf_gui 后再打开。"),
    "pipeline.unknown_doc_keys": ("Unknown key(s) {keys} in the pipeline document; expected 'schema_version', "
                                  "'train', 'val' and (optionally) 'batch'.",
                                  "流水线文档中有未知的键 {keys}；应为 'schema_version'、'train'、'val' 以及可选的 'batch'。"),
    "pipeline.document": ("pipeline document", "流水线文档"),
    "pipeline.bad_json": ("{source} is not valid JSON (line {line}, column {column}: {reason}).",
                          "{source} 不是有效的 JSON（第 {line} 行第 {column} 列：{reason}）。"),
    "pipeline.unreadable": ("Cannot read pipeline file {path}: {reason}.", "无法读取流水线文件 {path}：{reason}。"),
    "pipeline.in_file": ("{path}: {text}", "{path}：{text}"),
    # -- tracing (the preview) --
    "pipeline.failed_on": ("{where} failed on {badge}: {error}.", "{where}在 {badge} 上出错：{error}。"),
    "pipeline.failed_on_hint": ("{where} failed on {badge}: {error}. {hint}", "{where}在 {badge} 上出错：{error}。{hint}"),
    "pipeline.badge_failed": ("failed", "失败"),
    "pipeline.hint.normalize_pil": ("Normalize needs a float tensor: add {to_float} before it.",
                                    "Normalize 需要浮点张量：请在它之前添加 {to_float}。"),
    "pipeline.hint.normalize_dtype": ("Normalize needs a float tensor, not {dtype}: add ToDtype(float32, scale=True) "
                                      "before it.",
                                      "Normalize 需要浮点张量，而不是 {dtype}：请在它之前添加 ToDtype(float32, scale=True)。"),
    "pipeline.hint.normalize_channels": (
        "The image has {channels} channel(s) but mean/std have a different length: give one mean/std value per "
        "channel, or convert the image to RGB earlier.",
        "图像有 {channels} 个通道，但均值/标准差的个数不同：请为每个通道给出一个均值/标准差，或更早地把图像转换为 RGB。"),
    "pipeline.hint.pil_only": ("{name} works on PIL images: move it before ToImage / ToTensor.",
                               "{name} 只能处理 PIL 图像：请把它移到 ToImage / ToTensor 之前。"),
    "pipeline.hint.already_pil": ("ToPILImage needs a tensor or ndarray; the data is already a PIL image, remove "
                                  "this step.",
                                  "ToPILImage 需要张量或 ndarray；数据已经是 PIL 图像，请删除此步骤。"),
    "pipeline.hint.already_tensor": ("{name} expects a PIL image but the data is already a tensor: remove this step.",
                                     "{name} 需要 PIL 图像，但数据已经是张量：请删除此步骤。"),
    "pipeline.hint.crop_too_big": ("The image is smaller than the crop: add a Resize before it, or set "
                                   "pad_if_needed=true.",
                                   "图像比裁剪尺寸小：请在它之前添加 Resize，或设置 pad_if_needed=true。"),
    "pipeline.hint.channels": ("The image has {channels} channels: convert it to RGB (ConvertMode RGB) before this "
                               "step.",
                               "图像有 {channels} 个通道：请在此步骤之前把它转换为 RGB（ConvertMode RGB）。"),
    "pipeline.hint.needs_float": ("This step needs float data: add {to_float} before it.",
                                  "此步骤需要浮点数据：请在它之前添加 {to_float}。"),
    "pipeline.hint.needs_uint8": ("This step needs uint8 data: move it before ToDtype(float32), or use a PIL image.",
                                  "此步骤需要 uint8 数据：请把它移到 ToDtype(float32) 之前，或使用 PIL 图像。"),
    "pipeline.image_missing": ("Image file not found: {path}. Check the path.", "找不到图像文件：{path}。请检查路径。"),
    "pipeline.image_unreadable": ("Cannot read {path} as an image ({reason}). Pick a PNG, JPEG or other image file.",
                                  "无法把 {path} 当作图像读取（{reason}）。请选择 PNG、JPEG 或其他图像文件。"),
    # -- codegen --
    "pipeline.codegen.bad_param_name": ("{name}: {key} is not a parameter name.", "{name}：{key} 不是参数名。"),
    "pipeline.codegen.bad_enum": ("{value} is not a valid {key}.", "{value} 不是有效的 {key}。"),
    "pipeline.codegen.bad_identifier": ("{name} is not a valid name for a dtype or mode.",
                                        "{name} 不是有效的数据类型或模式名称。"),
    "pipeline.codegen.bad_literal": ("Cannot write {value} ({type}) as a parameter value.",
                                     "无法把 {value}（{type}）写成参数值。"),
    # -- dtf_gui's own steps --
    "pipeline.custom.median_size": ("size must be an odd integer of at least 3, got {size}",
                                    "size 必须是不小于 3 的奇数，收到的是 {size}"),
    "pipeline.custom.bad_mode": ("mode must be one of {modes}, got {mode}", "mode 必须是 {modes} 之一，收到的是 {mode}"),
    "pipeline.custom.convert_mode_needs_pil": (
        "ConvertMode({mode}) works on PIL images, but got {got}; move it before ToImage / PILToTensor / ToTensor.",
        "ConvertMode({mode}) 只适用于 PIL 图像，但收到的是 {got}；请把它移到 ToImage / PILToTensor / ToTensor 之前。"),
    # -- the registry's own table (a programmer's mistake, said plainly all the same) --
    "pipeline.bad_param_kind": ("ParamSpec {name}: unknown kind {kind}.", "ParamSpec {name}：未知的类型 {kind}。"),
    "pipeline.bad_value_domain": ("Registry entry {name}: value_domain must be one of {domains}, got {domain}.",
                                  "注册表条目 {name}：value_domain 必须是 {domains} 之一，收到的是 {domain}。"),
    # -- the dataset's image size against the pipeline's output size --
    "pipeline.size_notice.smaller": (
        "Images in this dataset are typically {typical} px; the pipeline resizes them to {out} px, {ratio}× "
        "smaller, so fine detail is lost. If the pipeline was made for another dataset, set the size of "
        "{split} step {step} ({name}) in the Pipeline tab.",
        "此数据集的图像通常为 {typical} 像素；流水线把它们缩放到 {out} 像素，缩小了 {ratio} 倍，细节会丢失。"
        "如果这条流水线是为另一个数据集做的，请在“流水线”页设置{split}流水线第 {step} 步（{name}）的尺寸。"),
    "pipeline.size_notice.larger": (
        "Images in this dataset are typically {typical} px; the pipeline enlarges them to {out} px, {ratio}× "
        "larger, which adds no detail and costs time and memory. If the pipeline was made for another dataset, "
        "set the size of {split} step {step} ({name}) in the Pipeline tab.",
        "此数据集的图像通常为 {typical} 像素；流水线把它们放大到 {out} 像素，放大了 {ratio} 倍，不会增加细节，"
        "只会多耗时间和内存。如果这条流水线是为另一个数据集做的，请在“流水线”页设置{split}流水线第 {step} 步"
        "（{name}）的尺寸。"),
    # -- defaults from the data (core/pipeline/suggest.py) --
    "pipeline.suggest.headline.photos": ("Use suggested pipeline for {typical} photos: {size} px",
                                         "使用为 {typical} 照片建议的流水线：{size} 像素"),
    "pipeline.suggest.headline.medium": ("Use suggested pipeline for {typical} images: {size} px",
                                         "使用为 {typical} 图像建议的流水线：{size} 像素"),
    "pipeline.suggest.headline.small": ("Use suggested pipeline for small {typical} images: {size} px",
                                        "使用为 {typical} 小图像建议的流水线：{size} 像素"),
    "pipeline.suggest.size.photos": (
        "The train images are typically {typical} px: photos, trained at the usual {size} px of ImageNet models.",
        "训练图像通常为 {typical} 像素：属于照片，按 ImageNet 模型常用的 {size} 像素训练。"),
    "pipeline.suggest.size.medium": (
        "The train images are typically {typical} px: kept near their own size, {size} px (enlarging them adds "
        "no detail, only compute).",
        "训练图像通常为 {typical} 像素：保持接近原尺寸，{size} 像素（放大不会增加细节，只会增加计算量）。"),
    "pipeline.suggest.size.small": (
        "The train images are typically {typical} px: small, enlarged 2× to {size} px so that a pretrained "
        "network's early layers still see shapes, not to 224 px (many times the compute for no added detail).",
        "训练图像通常为 {typical} 像素：属于小图像，放大 2 倍到 {size} 像素，使预训练网络的前几层仍能看到形状；"
        "不放大到 224 像素（计算量成倍增加，却不增加细节）。"),
    "pipeline.suggest.photos_pipeline": (
        "Photos: train with RandomResizedCrop({size}) and evaluate with Resize({resize}) + CenterCrop({size}), "
        "torchvision's reference recipe.",
        "照片：训练时用 RandomResizedCrop({size})，评估时用 Resize({resize}) + CenterCrop({size})，"
        "即 torchvision 的参考方案。"),
    "pipeline.suggest.small_pipeline": (
        "Small or centred images: Resize to {size}×{size} with a mild RandomAffine for train (no crop that could "
        "cut the object off).",
        "小图像或居中的图像：缩放到 {size}×{size}，训练时加轻微的 RandomAffine（不裁剪，以免切掉物体）。"),
    "pipeline.suggest.flip": (
        "A random horizontal flip is added; leave it out when a mirrored image belongs to another class "
        "(digits, letters, left/right).",
        "已加入随机水平翻转；如果镜像后的图像属于另一个类别（数字、字母、左/右），请去掉它。"),
    "pipeline.suggest.no_flip": (
        "No horizontal flip: the classes are orientation-sensitive (a mirrored image would change class).",
        "不加水平翻转：这些类别对方向敏感（镜像后的图像会变成别的类别）。"),
    "pipeline.suggest.recipe_few": (
        "{n} train images (fewer than {limit}): first train the head on a frozen pretrained backbone with the "
        "feature cache (the train pipeline has no random step, so the features are computed once); fine-tune "
        "the whole network afterwards if it needs more.",
        "{n} 张训练图像（少于 {limit} 张）：先冻结预训练骨干网络，用特征缓存只训练分类头（训练流水线没有随机步骤，"
        "特征只需计算一次）；如果还不够，再微调整个网络。"),
    "pipeline.suggest.recipe_many": ("{n} train images: a full fine-tune of the pretrained network.",
                                     "{n} 张训练图像：对预训练网络进行完整微调。"),
    "pipeline.suggest.recipe_scratch": (
        "{n} train images and no pretrained weights on this machine: every layer trains from scratch.",
        "{n} 张训练图像，且本机没有预训练权重：所有层都从头训练。"),
    "pipeline.suggest.applied": ("Suggested pipeline for the dataset", "为数据集建议的流水线"),
    "pipeline.magnitude_bins": ("magnitude must be below num_magnitude_bins ({bins}), got {magnitude}",
                                "magnitude 必须小于 num_magnitude_bins（{bins}），收到的是 {magnitude}"),
}
