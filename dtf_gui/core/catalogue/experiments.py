"""Messages of the experiments domain (the workspace's run index, trash): code -> (English, Simplified Chinese).
A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- statuses (what the Runs tab and `dtf runs` show) ------------------------------------------------
    "experiments.status.running": ("running", "运行中"),
    "experiments.status.finished": ("finished", "已完成"),
    "experiments.status.stopped": ("stopped", "已停止"),
    "experiments.status.failed": ("failed", "失败"),
    "experiments.status.interrupted": ("interrupted", "已中断"),
    "experiments.status.damaged": ("damaged", "已损坏"),
    # -- why a run is listed as damaged ------------------------------------------------------------------
    "experiments.no_run_json": (
        "{path} has no run.json: training did not get far enough to write it, or it was removed. The run "
        "cannot be resumed; move it to the trash or keep it for its files.",
        "{path} 中没有 run.json：训练没有进行到写入它的时候，或者它已被删除。该运行无法继续；可以将它移到回收站，或保留其中的文件。"),
    "experiments.bad_run_json": (
        "{path}: {reason}",
        "{path}：{reason}"),
    "experiments.run_json_not_object": (
        "{path} is not a run record (a JSON object); the run cannot be listed in full or resumed.",
        "{path} 不是运行记录（JSON 对象）；无法完整列出或继续该运行。"),
    "experiments.unknown_status": (
        "{path} says the run is \"{status}\", which dtf_gui does not know; a newer version may have written it.",
        "{path} 表示该运行的状态为“{status}”，dtf_gui 不认识此状态；它可能由更新版本写入。"),
    # -- the workspace -----------------------------------------------------------------------------------
    "experiments.no_workspace": (
        "The workspace folder {path} does not exist; choose the folder that holds your runs.",
        "工作区文件夹 {path} 不存在；请选择存放运行的文件夹。"),
    "experiments.unreadable_workspace": (
        "The workspace folder {path} cannot be read: {reason}.",
        "无法读取工作区文件夹 {path}：{reason}。"),
    "experiments.cancelled": ("Listing the runs was cancelled.", "已取消列出运行。"),
    "experiments.not_in_workspace": (
        "{path} is not a run folder directly inside the workspace {workspace}; only those can be moved to "
        "its trash.",
        "{path} 不是直接位于工作区 {workspace} 中的运行文件夹；只有这样的文件夹才能移到其回收站。"),
    "experiments.trash_running": (
        "{path} is being trained right now (process {pid}); stop the training before moving the run to the "
        "trash.",
        "{path} 正在训练中（进程 {pid}）；请先停止训练，再将该运行移到回收站。"),
    "experiments.trash_running_unknown": (
        "{path} is being trained right now; stop the training before moving the run to the trash.",
        "{path} 正在训练中；请先停止训练，再将该运行移到回收站。"),
    "experiments.move_failed": (
        "Could not move {src} to {dst}: {reason}. Nothing was changed.",
        "无法将 {src} 移动到 {dst}：{reason}。没有做任何更改。"),
    "experiments.trash_unknown": (
        "The trash of {workspace} has no entry {id}; it was restored already or its journal was removed.",
        "{workspace} 的回收站中没有条目 {id}；它可能已被还原，或者其日志已被删除。"),
    "experiments.trash_gone": (
        "{path} is no longer in the trash (moved or removed outside dtf_gui); nothing to restore.",
        "{path} 已不在回收站中（在 dtf_gui 之外被移动或删除）；没有可还原的内容。"),
    "experiments.restore_taken": (
        "Cannot restore {name}: {path} exists already and is never replaced. Rename or move that folder, then "
        "restore again.",
        "无法还原 {name}：{path} 已存在，且不会被替换。请先重命名或移走该文件夹，然后再次还原。"),
    "experiments.trashed": ("Moved {name} to the trash ({path}).", "已将 {name} 移到回收站（{path}）。"),
    "experiments.restored": ("Restored {name}.", "已还原 {name}。"),
    # -- duplicate settings ------------------------------------------------------------------------------
    "experiments.no_config": (
        "{path} has no config.json, so its settings cannot be copied.",
        "{path} 中没有 config.json，因此无法复制它的设置。"),
    # -- `dtf runs` ----------------------------------------------------------------------------------------
    "experiments.cli.header": ("Runs in {path}:", "{path} 中的运行："),
    "experiments.cli.none": ("No runs in {path}.", "{path} 中没有运行。"),
    "experiments.cli.columns": (
        "name|status|arch|size|epochs|best val acc|duration|tags",
        "名称|状态|架构|尺寸|轮次|最佳验证准确率|时长|标签"),
    "experiments.cli.problem": ("  {name}: {text}", "  {name}：{text}"),
}
