"""Messages of the runs domain: code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- what a document is (the {what} of the common file messages) --------------------------------------
    "runs.what_bundle": ("bundle", "导出包"),
    "runs.what_run": ("run", "运行"),
    "runs.what_run_config": ("run config", "运行配置"),
    "runs.what_meta": ("run tags and note", "运行标签和备注"),
    "runs.bad_meta": (
        "{path} is not a tags-and-note file (an object with a list of texts \"tags\" and a text \"note\"); "
        "move it aside and set the tags and note again.",
        "{path} 不是标签和备注文件（应为含文本列表 \"tags\" 和文本 \"note\" 的对象）；请将它移开，然后重新设置标签和备注。"),
    "runs.what_eval": ("evaluation result", "评估结果"),
    "runs.what_weights": ("weights", "权重"),
    "runs.kind_file": ("file", "文件"),
    # -- the folder a bundle is written to ---------------------------------------------------------------
    "runs.out_is_link": (
        "{path} is a link; exporting does not write through links. Choose the folder itself or a new folder.",
        "{path} 是一个链接；导出不会通过链接写入。请选择实际的文件夹或一个新文件夹。"),
    "runs.out_is_file": (
        "{path} is a {kind}, not a folder; choose a new or empty folder for the bundle.",
        "{path} 是{kind}，不是文件夹；请为导出包选择一个新的或空的文件夹。"),
    "runs.out_is_run": (
        "{path} is a run folder; exporting never replaces a run. Choose a new or empty folder for the bundle.",
        "{path} 是一个运行文件夹；导出绝不会替换运行。请为导出包选择一个新的或空的文件夹。"),
    "runs.out_inside_run": (
        "{path} is inside the run folder {run}; a bundle is never written into a run. Choose a folder outside "
        "it, for example {suggestion}.",
        "{path} 位于运行文件夹 {run} 之内；导出包不会写入运行文件夹。请选择它之外的文件夹，例如 {suggestion}。"),
    "runs.out_holds_run": (
        "{path} holds the run folder {run}; exporting never replaces it. Choose a new or empty folder for the "
        "bundle.",
        "{path} 中有运行文件夹 {run}；导出绝不会替换它。请为导出包选择一个新的或空的文件夹。"),
    "runs.out_holds_images": (
        "{path} holds images ({file}), so it may be a dataset; exporting never replaces it. Choose a new or "
        "empty folder for the bundle.",
        "{path} 中有图像（{file}），可能是一个数据集；导出绝不会替换它。请为导出包选择一个新的或空的文件夹。"),
    "runs.out_bundle_extra": (
        "{path} is a bundle but also holds {name}, which exporting did not write; so it is not replaced. Move "
        "{name} out of it, or choose a new or empty folder.",
        "{path} 是一个导出包，但其中还有并非导出写入的 {name}，因此不会被替换。请把 {name} 移出，或选择一个新的或空的文件夹。"),
    "runs.out_not_bundle": (
        "{path} is not empty and is not a bundle (no bundle.json written by dtf_gui); exporting replaces only "
        "an earlier bundle. Choose a new or empty folder.",
        "{path} 不是空文件夹，也不是导出包（没有 dtf_gui 写的 bundle.json）；导出只会替换先前的导出包。请选择一个新的或空的文件夹。"),
    "runs.out_needs_force": (
        "{path} already holds a bundle. Choose another folder, or replace it (dtf export --force).",
        "{path} 中已有一个导出包。请选择其他文件夹，或替换它（dtf export --force）。"),
    # -- reading a run ---------------------------------------------------------------------------------------
    "runs.not_a_run": (
        "{path} is not a run directory (no run.json or checkpoints/ inside). Pick the folder a training run "
        "created (`dtf train` prints it at its end).",
        "{path} 不是运行文件夹（其中没有 run.json 或 checkpoints/）。请选择训练时创建的文件夹（`dtf train` 结束时会打印它）。"),
    "runs.not_an_object": (
        "{path} must hold a JSON object; it is not a {what} file written by dtf_gui.",
        "{path} 必须是一个 JSON 对象；它不是 dtf_gui 写的{what}文件。"),
    "runs.bad_field": (
        "{path}: '{field}' must be {expected}, not {got}. {fix}",
        "{path}：'{field}' 必须是{expected}，而不是{got}。{fix}"),
    "runs.missing_field": (
        "{path} lacks '{field}'. {fix}",
        "{path} 缺少 '{field}'。{fix}"),
    "runs.fix_run": (
        "The file was changed after training; restore it or train the run again.",
        "该文件在训练后被改动过；请恢复它或重新训练。"),
    "runs.fix_checkpoint": (
        "This checkpoint was not written by dtf train; pick a run folder a training run created.",
        "该检查点不是 dtf train 写的；请选择训练时创建的运行文件夹。"),
    "runs.fix_bundle": (
        "Export the bundle again.",
        "请重新导出该导出包。"),
    "runs.checkpoint_not_dict": (
        "{path} does not hold a training checkpoint (a dictionary with the model's weights). Pick a run folder "
        "a training run created.",
        "{path} 不是训练检查点（包含模型权重的字典）。请选择训练时创建的运行文件夹。"),
    "runs.bad_pipeline": (
        "{path}: its pipeline cannot be read ({reason}). {fix}",
        "{path}：其中的流水线无法读取（{reason}）。{fix}"),
    "runs.onnx_unchecked": (
        "ONNX file not checked: onnxruntime is not installed, so it was not run and compared with the model. "
        "Install onnxruntime to have it checked.",
        "ONNX 文件未经检查：没有安装 onnxruntime，因此没有运行它并与模型比对。安装 onnxruntime 即可检查。"),
    "runs.best_lags": (
        "{checkpoint} holds epoch {epoch} but {run_json} says the best epoch is {best_epoch}: the run stopped "
        "before best.pt was brought up to date, so it is not the best model. {fix}",
        "{checkpoint} 保存的是第 {epoch} 轮，但 {run_json} 记录的最佳轮次是第 {best_epoch} 轮：运行在 best.pt "
        "更新之前就停止了，因此它不是最佳模型。{fix}"),
    "runs.fix_best_lags": (
        "Resume the run to repair it, or export the last checkpoint (last epoch) instead.",
        "请继续该运行以修复它，或改为导出最后一个检查点（最后一轮）。"),
    "runs.fix_best_lags_cli": (
        "Resume the run to repair it (dtf train --resume {run}), or export the last checkpoint instead "
        "(dtf export {run} --which last --out ...).",
        "请继续该运行以修复它（dtf train --resume {run}），或改为导出最后一个检查点"
        "（dtf export {run} --which last --out ...）。"),
    # -- reading a bundle ------------------------------------------------------------------------------------
    "runs.not_a_bundle": (
        "{path} is not an export bundle (no bundle.json). Create one with `dtf export` or the Export tab.",
        "{path} 不是导出包（没有 bundle.json）。请用 `dtf export` 或“导出”页创建。"),
    "runs.bundle_not_ours": (
        "{path} was not written by dtf_gui (kind {kind}); open a bundle folder that dtf_gui exported.",
        "{path} 不是 dtf_gui 写的（kind 为 {kind}）；请打开 dtf_gui 导出的导出包文件夹。"),
    "runs.bundle_too_new": (
        "{path} has schema_version {version}; this dtf_gui reads up to {supported}. Update dtf_gui to open it.",
        "{path} 的 schema_version 为 {version}；此版本的 dtf_gui 最多只能读取 {supported}。请更新 dtf_gui 后再打开。"),
    "runs.bundle_file_outside": (
        "{bundle}: '{field}' names {name}, which is outside the bundle folder; a bundle only reads its own "
        "files. Export the bundle again, or copy the file into the bundle folder.",
        "{bundle}：'{field}' 指向 {name}，它在导出包文件夹之外；导出包只读取自身的文件。请重新导出，或把该文件复制到导出包文件夹中。"),
    "runs.bundle_no_weights": (
        "Bundle {path} has no {names}. Export it again.",
        "导出包 {path} 中没有 {names}。请重新导出。"),
    # -- predicting ------------------------------------------------------------------------------------------
    "runs.image_missing": (
        "Image {path} does not exist.",
        "图像 {path} 不存在。"),
    "runs.image_not_file": (
        "{path} is a {kind}, not an image file; give image files or folders of images.",
        "{path} 是{kind}，不是图像文件；请给出图像文件或包含图像的文件夹。"),
    # -- reading a run or a bundle (artifacts) ------------------------------------------------------------
    "runs.not_a_state_dict": (
        "{path} does not hold a state_dict (a mapping of names to tensors).",
        "{path} 中没有 state_dict（名称到张量的映射）。"),
    "runs.bad_which": (
        "Checkpoint must be 'best' or 'last', got {which}.",
        "检查点必须是 'best' 或 'last'，而不是 {which}。"),
    "runs.no_checkpoint_yet": (
        "{path} has no checkpoint yet (checkpoints/ is empty). Train at least one epoch first.",
        "{path} 还没有检查点（checkpoints/ 为空）。请先至少训练一轮。"),
    "runs.no_last": (
        "{path} does not exist; the run has only its best checkpoint. Choose the best checkpoint.",
        "{path} 不存在；该运行只有最佳检查点。请选择最佳检查点。"),
    "runs.no_best_yet_export": (
        "{run} has no best checkpoint yet (it was stopped in epoch {epoch}, before any epoch ended). {fix}",
        "{run} 还没有最佳检查点（它在第 {epoch} 轮停止，尚无完成的轮次）。{fix}"),
    "runs.fix_no_best": (
        "Export the last checkpoint instead, or train at least one whole epoch.",
        "请改为导出最后一个检查点，或至少训练完整的一轮。"),
    "runs.fix_no_best_cli": (
        "Export the last checkpoint instead (dtf export {run} --which last --out ...), or train at least one "
        "whole epoch (dtf train --resume {run}).",
        "请改为导出最后一个检查点（dtf export {run} --which last --out ...），或至少训练完整的一轮"
        "（dtf train --resume {run}）。"),
    "runs.no_best_eval": (
        "{run} has no best checkpoint yet (stopped in epoch {epoch}); evaluating the last one.",
        "{run} 还没有最佳检查点（在第 {epoch} 轮停止）；评估最后一个检查点。"),
    "runs.no_best_predict": (
        "{run} has no best checkpoint yet (stopped in epoch {epoch}); predicting with the last one.",
        "{run} 还没有最佳检查点（在第 {epoch} 轮停止）；使用最后一个检查点预测。"),
    "runs.no_pipeline": (
        "{path} has no 'pipeline'; the val transform cannot be exported.",
        "{path} 中没有 'pipeline'；无法导出验证变换。"),
    "runs.not_from_train": (
        "{path}: run.json and the checkpoint name no architecture or no classes; this folder was not written "
        "by `dtf train`.",
        "{path}：run.json 和检查点都没有给出架构或类别；该文件夹不是 `dtf train` 写的。"),
    "runs.bad_prefer": (
        "prefer must be 'auto', 'pth' or 'safetensors', got {prefer}.",
        "prefer 必须是 'auto'、'pth' 或 'safetensors'，而不是 {prefer}。"),
    "runs.neither_run_nor_bundle": (
        "{path} is neither a run directory (run.json, checkpoints/) nor an export bundle (bundle.json).",
        "{path} 既不是运行文件夹（run.json、checkpoints/），也不是导出包（bundle.json）。"),
    "runs.weights_do_not_fit": (
        "The weights in {path} do not fit {arch} with {n} classes ({reason}). Were they saved for another model?",
        "{path} 中的权重与 {n} 个类别的 {arch} 不匹配（{reason}）。它们是否是为另一个模型保存的？"),
    # -- evaluating ---------------------------------------------------------------------------------------------
    "runs.unknown_split": (
        "Unknown split {split}; use one of {choices}.",
        "未知的划分 {split}；请使用 {choices} 之一。"),
    "runs.no_usable_images": (
        "{root} has no usable images in its '{split}' split. Scan it (`dtf scan`, or the Data tab) to see why, "
        "or evaluate a folder of class folders with split 'all'.",
        "{root} 的“{split}”划分中没有可用的图像。请扫描它（`dtf scan` 或“数据”页）查看原因，"
        "或用划分 'all' 评估一个由类别文件夹组成的文件夹。"),
    "runs.no_usable_images_all": (
        "{root} has no usable images in its '{split}' split. Scan it (`dtf scan`, or the Data tab) to see why.",
        "{root} 的“{split}”划分中没有可用的图像。请扫描它（`dtf scan` 或“数据”页）查看原因。"),
    "runs.unknown_classes": (
        "{root} has class folder(s) {unknown} that the model does not know; it was trained on {classes}. "
        "Evaluate on data with the same class folders.",
        "{root} 中有模型不认识的类别文件夹 {unknown}；它是在 {classes} 上训练的。请在具有相同类别文件夹的数据上评估。"),
    "runs.predict_needs_bundle": (
        "predict_images needs a Bundle, or a model with transform= and classes=.",
        "predict_images 需要一个 Bundle，或一个带 transform= 和 classes= 的模型。"),
    "runs.predict_stopped": ("Prediction stopped.", "预测已停止。"),
    # -- writing a bundle ---------------------------------------------------------------------------------------
    "runs.unknown_formats": (
        "Unknown export format(s) {names}; choose from {choices}.",
        "未知的导出格式 {names}；请从 {choices} 中选择。"),
    "runs.val_not_float_tensor": (
        "The val pipeline must turn an image into a float tensor (C, H, W): end it with ToImage, "
        "ToDtype(float32, scale=True) and Normalize.",
        "验证流水线必须把图像变成浮点张量 (C, H, W)：请以 ToImage、ToDtype(float32, scale=True) 和 Normalize 结尾。"),
    "runs.torchscript_differs": (
        "The TorchScript export differs from the model (max difference {diff}); export without 'torchscript'.",
        "TorchScript 导出与模型不一致（最大差异 {diff}）；请不带 'torchscript' 导出。"),
    "runs.onnx_missing": (
        "Exporting ONNX needs the 'onnx' package: pip install 'dtf_gui[onnx]', or leave 'onnx' out of the "
        "formats.",
        "导出 ONNX 需要 'onnx' 包：pip install 'dtf_gui[onnx]'，或从格式中去掉 'onnx'。"),
    "runs.onnx_failed": (
        "ONNX export of this model failed ({reason}); leave 'onnx' out of the formats.",
        "此模型的 ONNX 导出失败（{reason}）；请从格式中去掉 'onnx'。"),
    "runs.onnx_differs": (
        "The ONNX export gives different logits in onnxruntime (max difference {diff}); leave 'onnx' out of "
        "the formats.",
        "ONNX 导出在 onnxruntime 中给出的 logits 不同（最大差异 {diff}）；请从格式中去掉 'onnx'。"),
    "runs.cannot_list": (
        "Cannot list {path}: {reason}.",
        "无法列出 {path} 的内容：{reason}。"),
    "runs.template_mismatch": (
        "The predict.py template and its values disagree (missing {missing}, unused {unused}); reinstall "
        "dtf_gui.",
        "predict.py 模板与其取值不一致（缺少 {missing}，未使用 {unused}）；请重新安装 dtf_gui。"),
    "runs.not_an_arch": (
        "{name} is not a torchvision architecture name; predict.py cannot be written for it. Export a run "
        "trained by dtf_gui.",
        "{name} 不是 torchvision 架构名称；无法为它写出 predict.py。请导出由 dtf_gui 训练的运行。"),
    "runs.not_standalone": (
        "The val pipeline uses a step that cannot be written as plain torchvision code, so predict.py would not "
        "be standalone. Remove that step from the val pipeline.",
        "验证流水线中有一个步骤无法写成纯 torchvision 代码，因此 predict.py 将无法独立运行。请从验证流水线中删除该步骤。"),
    # -- the run lock ----------------------------------------------------------------------------------------
    "runs.locked": (
        "The run {path} is being trained by another process (pid {pid} on {host}, since {started}); a run is "
        "trained by one process at a time. Wait for it to finish or stop it there. If no such process is "
        "training any more, delete {lock} and try again.",
        "运行 {path} 正由另一个进程训练（{host} 上的进程 {pid}，自 {started} 起）；同一运行一次只能由一个进程训练。"
        "请等待它结束，或在那里停止它。如果该进程已不再训练，请删除 {lock} 后重试。"),
    "runs.lock_stale": (
        "Took over the run's lock left by a process that is no longer running (pid {pid} on {host}, since "
        "{started}).",
        "已接管运行的锁：它由一个已不在运行的进程留下（{host} 上的进程 {pid}，自 {started} 起）。"),
    "runs.lock_failed": (
        "Cannot take the run's lock {path}: it keeps changing. Make sure no other process is training this run, "
        "then try again.",
        "无法获取运行的锁 {path}：它不断变化。请确认没有其他进程在训练此运行，然后重试。"),
    # -- expected field types (the {expected} of runs.bad_field) and JSON types (its {got}) ---------------
    "runs.expect_text": ("a text", "文本"),
    "runs.expect_int": ("a whole number", "整数"),
    "runs.expect_number": ("a number", "数字"),
    "runs.expect_object": ("an object", "对象"),
    "runs.expect_list": ("a list", "列表"),
    "runs.expect_texts": ("a list of texts", "文本列表"),
    "runs.expect_text_map": ("an object of names to file names", "名称到文件名的对象"),
    "runs.expect_size": ("a size (a whole number or a list of whole numbers)", "尺寸（整数或整数列表）"),
    "runs.expect_version": ("a whole number from 1", "从 1 开始的整数"),
    "runs.json_null": ("null", "null（空值）"),
    "runs.json_bool": ("true or false", "布尔值"),
    "runs.json_number": ("a number", "数字"),
    "runs.json_text": ("a text", "文本"),
    "runs.json_list": ("a list", "列表"),
    "runs.json_object": ("an object", "对象"),
    "runs.json_other": ("a {name}", "{name} 类型的值"),
    # -- the run as plain PyTorch (train.py + split.csv; core/runs/script.py) -----------------------------
    "runs.script_exists": (
        "{path} already holds {name}. Choose another folder, or replace train.py and split.csv there "
        "(dtf export --script --force).",
        "{path} 中已有 {name}。请选择其他文件夹，或替换其中的 train.py 和 split.csv（dtf export --script --force）。"),
    "runs.script_not_a_file": (
        "{path} is not a regular file (a folder, a link or a device); train.py and split.csv are never written "
        "over it. Choose another folder.",
        "{path} 不是普通文件（而是文件夹、链接或设备）；train.py 和 split.csv 绝不会写在它上面。请选择其他文件夹。"),
    "runs.script_in_run": (
        "{path} is inside the run folder {run}; train.py is never written into a run. Choose a folder outside it, "
        "for example {suggestion}.",
        "{path} 位于运行文件夹 {run} 中；train.py 绝不会写入运行。请选择运行之外的文件夹，例如 {suggestion}。"),
    "runs.script_out_is_file": (
        "{path} is not a folder; choose a new folder or an existing one for train.py.",
        "{path} 不是文件夹；请为 train.py 选择一个新的或已有的文件夹。"),
    "runs.script_no_data": (
        "The run's data folder {root} is not there any more; train.py lists the images the run trained on, so "
        "it needs that folder. Put the dataset back at that place.",
        "该运行的数据文件夹 {root} 已不存在；train.py 会列出该运行训练所用的图像，因此需要这个文件夹。请把数据集放回原处。"),
    "runs.script_data_changed": (
        "{root} has changed since the run: it now gives {n} classes with {train} train and {val} val images, the "
        "run had {run_n} classes with {run_train} train and {run_val} val images. train.py must list the images "
        "the run trained on: restore the dataset as it was, or train a new run on it and export that.",
        "{root} 自该运行以来已改变：现在有 {n} 个类别、{train} 张训练图像和 {val} 张验证图像，而该运行有 {run_n} 个类别、"
        "{run_train} 张训练图像和 {run_val} 张验证图像。train.py 必须列出该运行训练所用的图像：请将数据集恢复原样，"
        "或在其上训练一个新运行并导出它。"),
    "runs.script_not_standalone": (
        "The pipeline uses a step that cannot be written as plain torchvision code, so train.py would not be "
        "standalone. Remove that step from the pipeline.",
        "流水线中有一个步骤无法写成纯 torchvision 代码，因此 train.py 将无法独立运行。请从流水线中删除该步骤。"),
    "runs.export_needs_target": (
        "Say where to export: --out DIR for the bundle, --script DIR for train.py, or both.",
        "请指定导出位置：--out DIR 用于导出包，--script DIR 用于 train.py，或两者都给出。"),
}
