"""Messages of the runs domain: code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- what a document is (the {what} of the common file messages) --------------------------------------
    "runs.what_bundle": ("bundle", "导出包"),
    "runs.what_run": ("run", "运行"),
    "runs.what_run_config": ("run config", "运行配置"),
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
}
