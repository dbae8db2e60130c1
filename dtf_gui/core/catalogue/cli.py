"""Messages the command line prints around the core's own (report headings, progress): code -> (English,
Simplified Chinese). A data table. Column labels are padded by the printer, so they stay short."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- dtf scan --
    "cli.scan.dataset": ("Dataset  {root}", "数据集   {root}"),
    "cli.scan.val": ("Val      {root}", "验证集   {root}"),
    "cli.scan.layout": ("Layout   {layout}", "布局     {layout}"),
    "cli.scan.layout.splits": ("train/ and val/ splits", "train/ 和 val/ 两个划分"),
    "cli.scan.layout.single": ("one folder of classes, no val split", "单个文件夹（每个类别一个子文件夹），没有验证集"),
    "cli.scan.layout.split_generated": ("one folder of classes, val split generated",
                                        "单个文件夹（每个类别一个子文件夹），已自动划分验证集"),
    "cli.scan.layout.val_root": ("train folder and a chosen val folder", "训练集文件夹加上所选的验证集文件夹"),
    "cli.scan.classes": (
        "Classes  {n}    usable images: {train} train, {val} val    excluded: {excluded}    not indexed: {unindexed}",
        "类别     {n}    可用图像：训练集 {train}，验证集 {val}    已排除：{excluded}    未索引：{unindexed}"),
    "cli.scan.col_class": ("class", "类别"),
    "cli.scan.col_train": ("train", "训练集"),
    "cli.scan.col_val": ("val", "验证集"),
    "cli.scan.col_total": ("total", "合计"),
    "cli.scan.imbalance": ("Imbalance  {ratio:.2f} (largest/smallest train class: '{big}' {n_big}, '{small}' {n_small})",
                           "不平衡度   {ratio:.2f}（最大/最小训练类别：'{big}' {n_big}，'{small}' {n_small}）"),
    "cli.scan.modes": ("Modes      {modes}", "模式       {modes}"),
    "cli.scan.sizes": ("Sizes      {common}; min {min}, max {max}, {distinct} distinct",
                       "尺寸       {common}；最小 {min}，最大 {max}，共 {distinct} 种"),
    "cli.scan.formats": ("Formats    {formats}", "格式       {formats}"),
    "cli.scan.not_decoded": ("Files were listed, not decoded (--no-decode): no per-file checks, modes or duplicates.",
                             "只列出了文件，没有解码（--no-decode）：没有逐个文件的检查、模式或重复检测。"),
    "cli.scan.errors": ("Errors ({n})", "错误（{n}）"),
    "cli.scan.warnings": ("Warnings ({n})", "警告（{n}）"),
    "cli.scan.notes": ("Notes ({n})", "提示（{n}）"),
    "cli.scan.more": ("... and {n} more (see --json)", "……另外还有 {n} 条（见 --json）"),
    "cli.scan.ready_yes": ("Ready to train: yes", "可以训练：是"),
    "cli.scan.ready_no": ("Ready to train: no — fix the errors above", "可以训练：否——请先修复上面的错误"),
    "cli.scan.decoding": ("decoding", "解码中"),
    "cli.mode.1": ("1-bit black/white", "1 位黑白"),
    "cli.mode.L": ("8-bit grayscale", "8 位灰度"),
    "cli.mode.LA": ("8-bit grayscale + alpha", "8 位灰度 + 透明"),
    "cli.mode.P": ("palette", "调色板"),
    "cli.mode.PA": ("palette + alpha", "调色板 + 透明"),
    "cli.mode.RGB": ("8-bit colour", "8 位彩色"),
    "cli.mode.RGBA": ("8-bit colour + alpha", "8 位彩色 + 透明"),
    "cli.mode.CMYK": ("CMYK print colour", "CMYK 印刷色彩"),
    "cli.mode.I16": ("16-bit grayscale", "16 位灰度"),
    "cli.mode.I": ("32-bit integer grayscale", "32 位整数灰度"),
    "cli.mode.F": ("32-bit float", "32 位浮点"),
    "cli.mode.YCbCr": ("YCbCr colour", "YCbCr 色彩"),
    # -- dtf train --
    "cli.train.start": (
        "Training {arch} on {device} ({extra}): {n} classes, {epochs} epochs x {batches} batches, {trainable:,} of "
        "{total:,} parameters trainable.\nRun directory: {run_dir}",
        "在 {device}（{extra}）上训练 {arch}：{n} 个类别，{epochs} 个轮次 × 每轮 {batches} 个批次，{total:,} 个参数中有 "
        "{trainable:,} 个可训练。\n运行文件夹：{run_dir}"),
    "cli.train.start_resumed": (
        "Training {arch} on {device} ({extra}): {n} classes, {epochs} epochs x {batches} batches, {trainable:,} of "
        "{total:,} parameters trainable, resuming after epoch {start}.\nRun directory: {run_dir}",
        "在 {device}（{extra}）上训练 {arch}：{n} 个类别，{epochs} 个轮次 × 每轮 {batches} 个批次，{total:,} 个参数中有 "
        "{trainable:,} 个可训练，从第 {start} 轮之后继续。\n运行文件夹：{run_dir}"),
    "cli.train.feature_cache": ("feature cache", "特征缓存"),
    "cli.train.processes": ("{n} processes", "{n} 个进程"),
    "cli.train.batch": ("epoch {epoch}/{epochs} {batch}/{batches} loss {loss:.4f} lr {lr:.2e} {speed:.0f} img/s ETA {eta}",
                        "第 {epoch}/{epochs} 轮 {batch}/{batches} 损失 {loss:.4f} 学习率 {lr:.2e} {speed:.0f} 张/秒 剩余 {eta}"),
    "cli.train.epoch": ("epoch {epoch}/{epochs}: train_loss {train_loss:.4f} val_loss {val_loss:.4f} val_acc "
                        "{val_acc:.2%} lr {lr:.2e} ({seconds:.1f} s)",
                        "第 {epoch}/{epochs} 轮：训练损失 {train_loss:.4f} 验证损失 {val_loss:.4f} 验证准确率 "
                        "{val_acc:.2%} 学习率 {lr:.2e}（{seconds:.1f} 秒）"),
    "cli.train.best": ("  *best", "  *最佳"),
    "cli.train.status.completed": ("completed", "已完成"),
    "cli.train.status.stopped": ("stopped", "已停止"),
    "cli.train.status.early_stopped": ("early_stopped", "提前停止"),
    "cli.train.status.failed": ("failed", "失败"),
    "cli.train.end": ("Run {status}: {n} epoch(s), best val_acc {acc:.2%}", "运行{status}：{n} 个轮次，最佳验证准确率 {acc:.2%}"),
    "cli.train.end_best": ("Run {status}: {n} epoch(s), best val_acc {acc:.2%} (epoch {best})",
                           "运行{status}：{n} 个轮次，最佳验证准确率 {acc:.2%}（第 {best} 轮）"),
    "cli.train.end_message": ("{text}. {message}", "{text}。{message}"),
    "cli.train.end_plain": ("{text}.", "{text}。"),
    "cli.train.resume_hint": ("Resume with `dtf train --resume {run_dir}`.", "可以用 `dtf train --resume {run_dir}` 继续。"),
    "cli.train.stopping": ("Stopping after this batch and saving a checkpoint (Ctrl-C again to abort) ...",
                           "当前批次结束后停止并保存检查点（再按一次 Ctrl-C 立即中止）……"),
}
