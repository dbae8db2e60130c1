"""Messages of the calibration domain (calibrated confidence: temperature scaling, reliability, the unknown threshold): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "calibration.what_file": ("calibration", "校准"),
    "calibration.unknown": ("unknown", "未知"),
    "calibration.unknown_line": (
        "unknown: the top probability {prob} is below the threshold {threshold}",
        "未知：最高概率 {prob} 低于阈值 {threshold}"),
    "calibration.fix_file": (
        "Calibrate the model again (Evaluate view, Calibrate), or delete that calibration.json to predict "
        "without calibration.",
        "请重新校准该模型（评估视图中的“校准”），或删除该 calibration.json 以不带校准进行预测。"),
    "calibration.fix_bundle": (
        "Calibrate the bundle again (Evaluate view, Calibrate), or export it again.",
        "请重新校准该导出包（评估视图中的“校准”），或重新导出它。"),
    "calibration.bad_temperature": (
        "{path}: the calibration temperature is {value}; it must be above 0. {fix}",
        "{path}：校准温度为 {value}；它必须大于 0。{fix}"),
    "calibration.bad_threshold": (
        "{path}: the calibration threshold is {value}; it must be between 0 and 1. {fix}",
        "{path}：校准阈值为 {value}；它必须在 0 到 1 之间。{fix}"),
    "calibration.threshold_range": (
        "The threshold {value} is not a probability; give a number between 0 and 1 (for example 0.6).",
        "阈值 {value} 不是概率；请给出 0 到 1 之间的数（例如 0.6）。"),
    "calibration.coverage_range": (
        "The coverage {value} is not a share of images; give a number above 0 and at most 1 (for example 0.9 "
        "to answer 90 % of the images).",
        "覆盖率 {value} 不是图像的比例；请给出大于 0 且不超过 1 的数（例如 0.9 表示回答 90% 的图像）。"),
    "calibration.threshold_and_coverage": (
        "Give either a threshold or a coverage, not both: the coverage chooses the threshold.",
        "请只给出阈值或覆盖率之一，不要同时给出：覆盖率会决定阈值。"),
    "calibration.few_images": (
        "Only {n} images in the {split} split: the temperature fitted on fewer than {few} images is a rough "
        "estimate.",
        "{split} 划分中只有 {n} 张图像：在少于 {few} 张图像上拟合的温度只是粗略估计。"),
    "calibration.at_bound": (
        "The fitted temperature {t} is at the end of the searched range: the val split gives no clear answer "
        "(for example every image is right); check the figures before saving it.",
        "拟合的温度 {t} 位于搜索范围的边界：验证集无法给出明确结果（例如所有图像都预测正确）；保存前请检查这些数值。"),
    "calibration.ensemble": (
        "{path} is an ensemble bundle: a calibration cannot be saved into it. Calibrate its member bundles or "
        "runs instead.",
        "{path} 是集成导出包：无法在其中保存校准。请改为校准其成员导出包或运行。"),
    "calibration.other_model": (
        "This calibration was fitted on {fitted}, not on {path}; calibrate {path} itself.",
        "此校准是在 {fitted} 上拟合的，而不是 {path}；请直接校准 {path}。"),
    "calibration.stale": (
        "{run}'s calibration was fitted on epoch {fitted}, but its checkpoint is from epoch {epoch}: "
        "predicting without calibration. Calibrate it again.",
        "{run} 的校准是在第 {fitted} 轮拟合的，但其检查点来自第 {epoch} 轮：本次预测不使用校准。请重新校准。"),
    "calibration.saved": ("Calibration saved to {path}", "校准已保存到 {path}"),
    # -- dtf calibrate's report ----------------------------------------------------------------------------------
    "calibration.report_head": (
        "{model} on the {split} split of {root}: {n} images, accuracy {accuracy}",
        "{model} 在 {root} 的 {split} 划分上：{n} 张图像，准确率 {accuracy}"),
    "calibration.report_temperature": ("temperature T = {t}", "温度 T = {t}"),
    "calibration.report_ece": ("ECE ({bins} bins)", "ECE（{bins} 个区间）"),
    "calibration.report_nll": ("NLL", "NLL（负对数似然）"),
    "calibration.report_before_after": ("{label}  before {before}   after {after}",
                                        "{label}  校准前 {before}   校准后 {after}"),
    "calibration.report_threshold": (
        "threshold {threshold}: answers {coverage} of the images with accuracy {accuracy}; the rest is "
        "\"unknown\"",
        "阈值 {threshold}：回答 {coverage} 的图像，准确率 {accuracy}；其余为“未知”"),
    "calibration.report_no_threshold": (
        "no threshold: every image gets its top class (give a threshold or a coverage for \"unknown\" answers)",
        "无阈值：每张图像都给出最可能的类别（给出阈值或覆盖率才会回答“未知”）"),
}
