"""Messages of the ensemble domain (several models' probabilities averaged): code -> (English, Simplified Chinese).
A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "ensemble.is_ensemble": (
        "{path} is an ensemble bundle, not a single model's bundle; evaluate or predict with it, or use one of "
        "the bundles in its members folder.",
        "{path} 是集成导出包，不是单个模型的导出包；请直接用它评估或预测，或使用其 members 文件夹中的某个导出包。"),
    "ensemble.too_few": (
        "An ensemble needs at least 2 runs or bundles (got {n}); choose more.",
        "集成至少需要 2 个运行或导出包（当前为 {n} 个）；请再选择一些。"),
    "ensemble.twice": (
        "{path} is chosen twice; choose each run or bundle once.",
        "{path} 被选择了两次；每个运行或导出包只能选择一次。"),
    "ensemble.nested": (
        "{path} is already an ensemble; choose the runs or bundles it was made from instead.",
        "{path} 已经是一个集成；请改为选择构成它的运行或导出包。"),
    "ensemble.classes_differ": (
        "{a} and {b} have different classes, so their probabilities cannot be averaged: {a} has {a_classes}, "
        "{b} has {b_classes}. Choose models trained on the same classes.",
        "{a} 与 {b} 的类别不同，无法平均它们的概率：{a} 的类别为 {a_classes}，{b} 的类别为 {b_classes}。请选择在相同类别上训练的模型。"),
    "ensemble.class_order": (
        "{a} and {b} have the same classes in a different order ({a_classes} and {b_classes}); choose models "
        "whose classes are in the same order.",
        "{a} 与 {b} 的类别相同但顺序不同（{a_classes} 与 {b_classes}）；请选择类别顺序相同的模型。"),
    "ensemble.member_classes": (
        "{path}: member {member} has the classes {classes}, but the ensemble has {expected}; export the "
        "ensemble again.",
        "{path}：成员 {member} 的类别为 {classes}，而集成的类别为 {expected}；请重新导出该集成。"),
    "ensemble.weights_count": (
        "{got} weights were given for {n} models; give one weight per model, in the same order.",
        "为 {n} 个模型给出了 {got} 个权重；请按相同顺序为每个模型给出一个权重。"),
    "ensemble.weight_negative": (
        "Weight {index} is {value}; each weight must be a number of 0 or more.",
        "第 {index} 个权重为 {value}；每个权重必须是大于或等于 0 的数。"),
    "ensemble.weights_zero": (
        "All weights are 0; give at least one model a weight above 0.",
        "所有权重都是 0；请至少给一个模型大于 0 的权重。"),
    "ensemble.weights_text": (
        "The weights '{text}' are not numbers separated by commas (for example 1,1,2).",
        "权重 '{text}' 不是用逗号分隔的数（例如 1,1,2）。"),
    "ensemble.onnx_not_made": (
        "No ONNX graph was made for this ensemble ({reason}); predict.py and the members' model.pth files "
        "still work.",
        "未能为此集成生成 ONNX 图（{reason}）；predict.py 和各成员的 model.pth 仍可使用。"),
    "ensemble.splits_differ": (
        "The members were validated on different splits (val fraction or seed differ), so the ensemble's "
        "accuracy on a val split may include images some member trained on.",
        "各成员使用的验证集划分不同（验证比例或随机种子不同），因此集成在验证集上的准确率可能包含某些成员训练过的图像。"),
    "ensemble.no_accuracy": (
        "{path} has no validation accuracy yet, so it cannot be ranked; finish or resume its training first.",
        "{path} 还没有验证准确率，无法排序；请先完成或继续其训练。"),
    "ensemble.top_k": (
        "Choose at least 2 models for the top of the list (got {k}).",
        "请至少从列表前面选择 2 个模型（当前为 {k} 个）。"),
    "ensemble.study_too_few": (
        "Study {study} has {n} complete trial(s); an ensemble of its best trials needs at least 2. Let the "
        "search finish more trials first.",
        "研究 {study} 只有 {n} 次完成的试验；用其最佳试验组成集成至少需要 2 次。请先让搜索完成更多试验。"),
    "ensemble.trial_run_missing": (
        "The run folder of trial {number} of study {study} is missing ({path}); it was moved or deleted. "
        "Put it back, or ensemble fewer trials.",
        "研究 {study} 中试验 {number} 的运行文件夹不存在（{path}）；它已被移动或删除。请将其放回，或用更少的试验组成集成。"),
    "ensemble.no_search_db": (
        "There is no search database at {path}; run a search in that workspace first, or choose the database "
        "that holds the study.",
        "{path} 处没有搜索数据库；请先在该工作区中运行搜索，或选择保存该研究的数据库。"),
    "ensemble.cli.runs_and_study": (
        "Give either the runs or bundles to average or --study NAME (its best trials' runs), not both.",
        "请给出要平均的运行或导出包，或者给出 --study NAME（其最佳试验的运行），不要两者都给。"),
    "ensemble.cli.study_only": (
        "--storage and --workspace say where a search study is; give --study NAME with them.",
        "--storage 和 --workspace 指明搜索研究所在的位置；请同时给出 --study NAME。"),
}
