"""Messages of the lr_find domain (the learning-rate finder): code -> (English, Simplified Chinese).
A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "lr_find.bad_range": ("The learning-rate sweep needs 0 < start ({start:g}) < end ({end:g}).",
                          "学习率扫描需要 0 < 起始值（{start:g}）< 结束值（{end:g}）。"),
    "lr_find.not_a_number": ("The start and end learning rates must be numbers such as 1e-7 (got “{value}”).",
                             "起始和结束学习率必须是数字，例如 1e-7（实际为“{value}”）。"),
    "lr_find.bad_num_iter": ("The learning-rate sweep needs at least {min} steps (got {n}).",
                             "学习率扫描至少需要 {min} 步（实际为 {n}）。"),
    "lr_find.bad_smooth": ("The smoothing factor must be at least 0 and below 1 (got {value}).",
                           "平滑系数必须不小于 0 且小于 1（实际为 {value}）。"),
    "lr_find.bad_diverge": ("The divergence factor must be above 1 (got {value}).",
                            "发散倍数必须大于 1（实际为 {value}）。"),
    "lr_find.cancelled": ("Learning-rate finder stopped at step {step} of {n}; the model was left as it was.",
                          "学习率查找在第 {step}/{n} 步停止；模型保持原样。"),
    "lr_find.no_batches": ("The training split gives no batch to sweep over; check the dataset and the batch size.",
                           "训练集没有可用于扫描的批次；请检查数据集和批大小。"),
    "lr_find.rule.valley": ("valley: half way down the longest stretch where the loss falls",
                            "谷值法：损失下降最长区间的中点"),
    "lr_find.rule.valley_schedule": ("the valley rate {valley:.2e}, half way down the longest stretch where the "
                                     "loss falls, times {factor:.2f}: the run's schedule averages {mean:.2f} of "
                                     "its peak rate",
                                     "谷值法学习率 {valley:.2e}（损失下降最长区间的中点）乘以 {factor:.2f}："
                                     "本次训练的学习率调度平均为峰值的 {mean:.2f}"),
    "lr_find.suggestion": ("Suggested learning rate: {lr:.2e} ({rule}).", "建议的学习率：{lr:.2e}（{rule}）。"),
    "lr_find.too_short": ("No suggestion: the sweep has only {n} points, at least {need} are needed (the loss "
                          "diverged early). Try a lower start learning rate or more steps.",
                          "没有建议值：扫描只有 {n} 个点，至少需要 {need} 个（损失过早发散）。"
                          "请降低起始学习率或增加步数。"),
    "lr_find.not_finite": ("No suggestion: the loss curve holds values that are not finite numbers.",
                           "没有建议值：损失曲线中有非有限数值。"),
    "lr_find.no_fall": ("No suggestion: the smoothed loss did not fall clearly between learning rates "
                        "{lo:.2e} and {hi:.2e}. Try a wider range, more steps, or check the data and labels.",
                        "没有建议值：在学习率 {lo:.2e} 到 {hi:.2e} 之间，平滑后的损失没有明显下降。"
                        "请扩大范围、增加步数，或检查数据和标签。"),
    "lr_find.stopped_diverged": ("Stopped at step {step} of {n} (learning rate {lr:.2e}): the smoothed loss "
                                 "passed {factor:g} times its lowest value.",
                                 "在第 {step}/{n} 步停止（学习率 {lr:.2e}）：平滑后的损失超过了其最小值的 "
                                 "{factor:g} 倍。"),
    "lr_find.stopped_not_finite": ("Stopped at step {step} of {n} (learning rate {lr:.2e}): the loss is no "
                                   "longer a finite number.",
                                   "在第 {step}/{n} 步停止（学习率 {lr:.2e}）：损失已不再是有限数值。"),
    "lr_find.cli.header": ("Learning-rate sweep of {arch} on {root}: {n} steps from {start:.1e} to {end:.1e}.",
                           "{arch} 在 {root} 上的学习率扫描：{n} 步，从 {start:.1e} 到 {end:.1e}。"),
    "lr_find.cli.col_step": ("step", "步"),
    "lr_find.cli.col_lr": ("learning rate", "学习率"),
    "lr_find.cli.col_loss": ("loss", "损失"),
    "lr_find.cli.col_smoothed": ("smoothed", "平滑后"),
    "lr_find.cli.apply": ("To use it: dtf train {config} --set train.lr={lr:.2e}",
                          "使用方法：dtf train {config} --set train.lr={lr:.2e}"),
}
