"""Messages of the compare domain (several runs side by side): code -> (English, Simplified Chinese).
A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "compare.too_few": ("Choose at least {least} runs to compare (got {n}).",
                        "请至少选择 {least} 个运行进行比较（当前为 {n} 个）。"),
    "compare.too_many": ("Choose at most {most} runs to compare (got {n}).",
                         "最多只能比较 {most} 个运行（当前为 {n} 个）。"),
    "compare.not_a_run": ("{path} is not a run folder (it has no {run_json} and no checkpoints folder); choose "
                          "a folder that training created.",
                          "{path} 不是运行文件夹（其中既没有 {run_json} 也没有 checkpoints 文件夹）；请选择训练生成的文件夹。"),
    "compare.twice": ("{path} is chosen twice; choose each run once.", "{path} 被选择了两次；每个运行只能选择一次。"),
    "compare.no_config": ("{path} has no {config}, so its settings are unknown and it cannot be compared; choose "
                          "another run.",
                          "{path} 中没有 {config}，无法得知它的设置，因此不能比较；请选择其他运行。"),
    "compare.no_status": ("{path} could not be read ({reason}); the run's status is shown as unknown.",
                          "无法读取 {path}（{reason}）；该运行的状态显示为未知。"),
    "compare.stopped": ("Comparison stopped.", "比较已停止。"),
    "compare.step_added": ("{where}: added in {run}", "{where}：在 {run} 中新增"),
    "compare.step_removed": ("{where}: removed in {run}", "{where}：在 {run} 中被删除"),
    "compare.step_changed": ("{where}: changed in {run}: {changes}", "{where}：在 {run} 中有改动：{changes}"),
    # what dtf compare and the Compare tab print around the data
    "compare.heading.settings": ("Settings that differ", "不同的设置"),
    "compare.heading.pipeline": ("Pipeline steps that differ (against {ref})", "不同的流水线步骤（以 {ref} 为基准）"),
    "compare.heading.metrics": ("Final metrics", "最终指标"),
    "compare.no_setting_differs": ("No setting differs.", "没有不同的设置。"),
    "compare.no_step_differs": ("No pipeline step differs.", "没有不同的流水线步骤。"),
    "compare.setting": ("setting", "设置"),
    "compare.metric": ("metric", "指标"),
    "compare.metric.status": ("status", "状态"),
    "compare.metric.epochs_done": ("epochs done", "已完成轮次"),
    "compare.metric.best_val_acc": ("best val accuracy", "最佳验证准确率"),
    "compare.metric.best_epoch": ("best epoch", "最佳轮次"),
    "compare.metric.last_val_acc": ("last val accuracy", "最后验证准确率"),
    "compare.metric.last_val_loss": ("last val loss", "最后验证损失"),
    "compare.metric.last_train_loss": ("last train loss", "最后训练损失"),
    "compare.metric.duration": ("training time", "训练用时"),
    "compare.status.running": ("running", "运行中"),
    "compare.status.completed": ("completed", "已完成"),
    "compare.status.stopped": ("stopped", "已停止"),
    "compare.status.early_stopped": ("early stopped", "提前停止"),
    "compare.status.failed": ("failed", "失败"),
    "compare.status.unknown": ("unknown", "未知"),
}
