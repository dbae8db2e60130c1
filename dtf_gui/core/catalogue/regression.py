"""Messages of regression (image -> numbers): the targets CSV, its scan, the engine and evaluation.
code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "regression.what_csv": ("targets CSV", "目标值 CSV"),
    "regression.csv_missing": (
        "No targets CSV at {path}. A regression dataset is the image folder {root} plus a CSV with a header "
        "file,target (more numeric columns allowed; paths relative to the folder); put it there as targets.csv "
        "or choose the file.",
        "{path} 处没有目标值 CSV。回归数据集由图像文件夹 {root} 和一个表头为 file,target 的 CSV 组成（可有更多数值列；"
        "路径相对于该文件夹）；请把它命名为 targets.csv 放在那里，或选择该文件。"),
    "regression.csv_unreadable": ("The targets CSV {path} cannot be read: {reason}",
                                  "无法读取目标值 CSV {path}：{reason}"),
    "regression.csv_header": (
        "The targets CSV {path} starts with \"{header}\"; its first line must be a header whose first column is "
        "file, then at least one numeric target column (e.g. file,brightness).",
        "目标值 CSV {path} 的第一行是“{header}”；第一行必须是表头，第一列为 file，之后至少一个数值目标列"
        "（例如 file,brightness）。"),
    "regression.outside_root": ("Row {row}: \"{path}\" is not a file path inside {root}; write it relative to "
                                "the dataset folder. The row is left out.",
                                "第 {row} 行：“{path}”不是 {root} 内的文件路径；请写成相对于数据集文件夹的路径。"
                                "该行不参与训练。"),
    "regression.missing_file": ("Row {row}: the image {path} does not exist. The row is left out; fix the path "
                                "or delete the row.",
                                "第 {row} 行：图像 {path} 不存在。该行不参与训练；请修正路径或删除该行。"),
    "regression.not_numeric": ("Row {row}, column {column}: \"{value}\" is not a number. The row is left out.",
                               "第 {row} 行，{column} 列：“{value}”不是数字。该行不参与训练。"),
    "regression.not_finite": ("Row {row}, column {column}: {value} is not a finite number. The row is left out.",
                              "第 {row} 行，{column} 列：{value} 不是有限数值。该行不参与训练。"),
    "regression.bad_split": ("Row {row}: split \"{value}\" must be train or val (or empty). The row is left out.",
                             "第 {row} 行：划分“{value}”必须是 train 或 val（或留空）。该行不参与训练。"),
    "regression.duplicate": ("Row {row}: {path} already has a target in row {first}. Row {row} is left out; "
                             "keep one row per image.",
                             "第 {row} 行：{path} 已在第 {first} 行有目标值。第 {row} 行不参与训练；每张图像只保留一行。"),
    "regression.no_target": ("{n} images in the folder have no row in {csv} and are not used: {files}",
                             "文件夹中有 {n} 张图像在 {csv} 中没有对应行，不会被使用：{files}"),
    "regression.too_few_rows": ("The targets CSV {path} has {n} usable rows; regression needs at least 2 "
                                "(one to train on, one to validate).",
                                "目标值 CSV {path} 只有 {n} 行可用；回归至少需要 2 行（一行训练，一行验证）。"),
    "regression.empty_split": ("No usable image of {path} is in the {split} split; give rows to both train and "
                               "val (the split column), or leave the split column empty.",
                               "{path} 中没有可用图像属于 {split} 划分；请让 train 和 val 都有行（split 列），"
                               "或把 split 列留空。"),
    "regression.cannot_train": ("Cannot train on {path}: {reason}", "无法使用 {path} 训练：{reason}"),
    # -- the engine --
    "regression.batch_stage": (
        "A regression run cannot use a batch stage: MixUp and CutMix mix class labels, and a regression target "
        "is a number. Remove the batch stage from the pipeline, or set the task to classification.",
        "回归运行不能使用批次阶段：MixUp 和 CutMix 混合的是类别标签，而回归目标是数值。请从流水线中移除批次阶段，"
        "或把任务设为分类。"),
    "regression.scanning": ("Reading the targets {csv} of {root}…", "正在读取 {root} 的目标值 {csv}…"),
    "regression.skipped": ("{n} rows of {csv} are left out (see dtf scan or the Data tab): {first}",
                           "{csv} 中有 {n} 行不参与训练（见 dtf scan 或数据页）：{first}"),
    "regression.targets_note": ("Regression on {names}: {n_train} train and {n_val} val images; targets "
                                "normalised by the train mean and standard deviation.",
                                "对 {names} 做回归：训练集 {n_train} 张、验证集 {n_val} 张图像；目标值已按训练集的"
                                "均值和标准差归一化。"),
    "regression.resume_other_targets": (
        "The run {path} predicts {run_targets}, but the targets CSV now has {targets}. Resume with the same "
        "target columns, or start a new run.",
        "运行 {path} 预测的是 {run_targets}，但目标值 CSV 现在是 {targets}。请使用相同的目标列继续，或开始新运行。"),
    "regression.epoch": ("epoch {epoch}/{epochs}: train_loss {train_loss:.4f} val_loss {val_loss:.4f} val R² "
                         "{r2:.4f} MAE {mae:.4g} RMSE {rmse:.4g} lr {lr:.2e} ({seconds:.1f} s)",
                         "第 {epoch}/{epochs} 轮：训练损失 {train_loss:.4f} 验证损失 {val_loss:.4f} 验证 R² {r2:.4f} "
                         "MAE {mae:.4g} RMSE {rmse:.4g} 学习率 {lr:.2e}（{seconds:.1f} 秒）"),
    "regression.end_best": ("Run {status}: {n} epoch(s), best val R² {r2:.4f} (epoch {best})",
                            "运行{status}：{n} 个轮次，最佳验证 R² {r2:.4f}（第 {best} 轮）"),
    # -- scan / config CLI --
    "regression.scan_summary": ("Regression dataset {root}: {n_train} train and {n_val} val images, targets: "
                                "{names} (from {csv}).",
                                "回归数据集 {root}：训练集 {n_train} 张、验证集 {n_val} 张图像，目标值：{names}"
                                "（来自 {csv}）。"),
    "regression.config_targets": ("Task: regression on {names} from {csv}.", "任务：根据 {csv} 对 {names} 做回归。"),
    # -- evaluation --
    "regression.metric_line": ("{name}: MSE {mse:.6g}, MAE {mae:.6g}, RMSE {rmse:.6g}, R² {r2:.4f}",
                               "{name}：均方误差 MSE {mse:.6g}，平均绝对误差 MAE {mae:.6g}，均方根误差 RMSE {rmse:.6g}，"
                               "决定系数 R² {r2:.4f}"),
    "regression.target_count": ("{columns} target columns but {names} target names",
                                "有 {columns} 个目标列，却有 {names} 个目标名称"),
    "regression.not_regression_model": ("{path} does not say which targets it predicts (run.json or bundle.json "
                                        "lacks targets and target_norm); export or train it again.",
                                        "{path} 没有说明它预测哪些目标（run.json 或 bundle.json 缺少 targets 和 "
                                        "target_norm）；请重新导出或训练。"),
    "regression.eval_header": ("Regression on {n} val images (largest errors first in {csv}).",
                               "在 {n} 张验证集图像上评估回归（{csv} 中误差最大的排在最前）。"),
}
