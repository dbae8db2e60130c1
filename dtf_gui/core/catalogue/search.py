"""Messages of the search domain (hyper-parameter search on Optuna): code -> (English, Simplified Chinese).
A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- the space document ------------------------------------------------------------------------------
    "search.what_space": ("search space", "搜索空间"),
    "search.in_file": ("{path}: {text}", "{path}：{text}"),
    "search.space_not_object": (
        "A search space must be a JSON object such as {{\"schema_version\": 1, \"params\": {{...}}}}.",
        "搜索空间必须是 JSON 对象，例如 {{\"schema_version\": 1, \"params\": {{...}}}}。"),
    "search.space_version": (
        "This search space has schema_version {got}; this version of dtf_gui reads version {want}.",
        "该搜索空间的 schema_version 为 {got}；此版本的 dtf_gui 读取版本 {want}。"),
    "search.space_unknown_key": (
        "Unknown key \"{key}\" in the search space; it holds only \"schema_version\" and \"params\".",
        "搜索空间中有未知的键“{key}”；它只包含“schema_version”和“params”。"),
    "search.space_no_params": (
        "The search space has no \"params\": add at least one setting to search over, e.g. "
        "\"train.lr\": {{\"type\": \"float\", \"low\": 0.0001, \"high\": 0.1, \"log\": true}}.",
        "搜索空间没有“params”：请至少添加一个要搜索的设置，例如 "
        "\"train.lr\": {{\"type\": \"float\", \"low\": 0.0001, \"high\": 0.1, \"log\": true}}。"),
    "search.param_not_object": (
        "Search parameter {key}: give an object with \"type\" and its range or choices.",
        "搜索参数 {key}：请给出包含“type”及其范围或选项的对象。"),
    "search.bad_type": (
        "Search parameter {key}: type {got} is not one of {types}.",
        "搜索参数 {key}：类型 {got} 不是 {types} 之一。"),
    "search.param_unknown_field": (
        "Search parameter {key}: unknown field \"{field}\"; this type takes {allowed}.",
        "搜索参数 {key}：未知字段“{field}”；此类型接受 {allowed}。"),
    "search.no_choices": (
        "Search parameter {key}: \"choices\" must be a non-empty list of values.",
        "搜索参数 {key}：“choices”必须是非空的值列表。"),
    "search.bad_choice": (
        "Search parameter {key}: the choice {got} is not a number, a string or true/false.",
        "搜索参数 {key}：选项 {got} 不是数字、字符串或 true/false。"),
    "search.duplicate_choice": (
        "Search parameter {key}: a choice is listed twice; list each value once.",
        "搜索参数 {key}：有选项重复列出；每个值只列一次。"),
    "search.bad_range": (
        "Search parameter {key}: a {kind} range needs numbers \"low\" <= \"high\" (got {low} and {high}).",
        "搜索参数 {key}：{kind} 范围需要数字 “low” <= “high”（实际为 {low} 和 {high}）。"),
    "search.bad_log": ("Search parameter {key}: \"log\" must be true or false.",
                       "搜索参数 {key}：“log”必须是 true 或 false。"),
    "search.log_needs_positive": (
        "Search parameter {key}: a log range needs \"low\" above 0.",
        "搜索参数 {key}：对数范围需要“low”大于 0。"),
    "search.bad_step": ("Search parameter {key}: \"step\" must be a number above 0 (got {got}).",
                        "搜索参数 {key}：“step”必须是大于 0 的数字（实际为 {got}）。"),
    "search.log_and_step": (
        "Search parameter {key}: use either \"log\" or \"step\", not both.",
        "搜索参数 {key}：“log”和“step”只能二选一。"),
    "search.grid_needs_step": (
        "Search parameter {key}: the grid sampler needs a list of choices or a range with a \"step\"; add a "
        "step, list the values as choices, or choose the random or TPE sampler.",
        "搜索参数 {key}：网格采样器需要选项列表或带“step”的范围；请添加 step、将取值列为选项，或选择随机或 TPE 采样器。"),
    "search.grid_too_big": (
        "The grid over {key} has {n} points, more than {max}; use larger steps or fewer choices.",
        "{key} 的网格有 {n} 个点，超过 {max}；请使用更大的步长或更少的选项。"),
    "search.unknown_key": (
        "Search parameter {key} is not a run setting; use a setting such as train.lr or model.arch, or "
        "pipeline.<train|val>.<step index or name>.<parameter>.",
        "搜索参数 {key} 不是运行设置；请使用 train.lr、model.arch 等设置，或 pipeline.<train|val>.<步骤序号或名称>.<参数>。"),
    "search.bad_value": ("Search parameter {key}: {text}", "搜索参数 {key}：{text}"),
    "search.bad_pipeline_key": (
        "Search parameter {key}: a pipeline key reads pipeline.<train|val>.<step index or name>.<parameter>.",
        "搜索参数 {key}：流水线键的格式为 pipeline.<train|val>.<步骤序号或名称>.<参数>。"),
    "search.no_such_step": (
        "Search parameter {key}: the {split} pipeline has no step \"{step}\"; give a step's index (from 0) "
        "or its name.",
        "搜索参数 {key}：{split} 流水线中没有步骤“{step}”；请给出步骤的序号（从 0 开始）或名称。"),
    # -- the request -------------------------------------------------------------------------------------
    "search.bad_sampler": ("Unknown sampler \"{got}\"; choose one of {choices}.",
                           "未知的采样器“{got}”；请选择 {choices} 之一。"),
    "search.bad_pruner": ("Unknown pruner \"{got}\"; choose one of {choices}.",
                          "未知的剪枝器“{got}”；请选择 {choices} 之一。"),
    "search.bad_trials": ("The number of trials must be 1 or more (got {got}).",
                          "试验次数必须为 1 或更多（实际为 {got}）。"),
    "search.bad_timeout": ("The time budget must be a number of seconds above 0 (got {got}).",
                           "时间预算必须是大于 0 的秒数（实际为 {got}）。"),
    "search.no_budget": (
        "A random or TPE search needs a budget: a number of trials, a time limit, or both.",
        "随机或 TPE 搜索需要预算：试验次数、时间限制，或两者都给。"),
    "search.bad_storage": ("Cannot open the search database {url}: {reason}",
                           "无法打开搜索数据库 {url}：{reason}"),
    "search.no_study": ("There is no study \"{study}\" in {storage}.", "{storage} 中没有研究“{study}”。"),
    # -- outcomes ----------------------------------------------------------------------------------------
    "search.done": ("Search {study} finished: {n} trials in the study.", "搜索 {study} 已完成：研究中共有 {n} 次试验。"),
    "search.stopped": ("Search {study} stopped: {n} trials in the study; run it again to continue.",
                       "搜索 {study} 已停止：研究中共有 {n} 次试验；再次运行即可继续。"),
    # -- dtf search --------------------------------------------------------------------------------------
    "search.cli.header": ("Search {study} in {storage} (sampler {sampler}, pruner {pruner}), maximising val accuracy.",
                          "在 {storage} 中搜索 {study}（采样器 {sampler}，剪枝器 {pruner}），最大化验证准确率。"),
    "search.cli.trial": ("trial {number}: {state} {value}  {params}  {run}",
                         "试验 {number}：{state} {value}  {params}  {run}"),
    "search.cli.leaderboard": ("Leaderboard ({complete} complete, {pruned} pruned, {failed} failed):",
                               "排行榜（{complete} 次完成，{pruned} 次剪枝，{failed} 次失败）："),
    "search.cli.col.trial": ("trial", "试验"),
    "search.cli.col.state": ("state", "状态"),
    "search.cli.col.value": ("val acc", "验证准确率"),
    "search.cli.col.params": ("settings", "设置"),
    "search.cli.best": ("Best: trial {number}, val accuracy {value:.4f}, run {run}",
                        "最佳：试验 {number}，验证准确率 {value:.4f}，运行 {run}"),
    "search.cli.importances": ("Importances: {text}", "重要性：{text}"),
}
