"""Messages of the training domain: code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- resume: checkpoint repair (engine) --
    "training.best_repaired": (
        "best.pt held epoch {had} while the run's best is epoch {epoch} (the run was killed while saving); "
        "it now holds epoch {epoch} again.",
        "best.pt 保存的是第 {had} 轮，而本次运行的最佳是第 {epoch} 轮（保存时运行被强行终止）；"
        "现已恢复为第 {epoch} 轮。"),
    "training.best_lost": (
        "best.pt holds epoch {had}, but the run's best was epoch {epoch}, whose weights are no longer on disk; "
        "export the last checkpoint, or keep training: best.pt follows the next better epoch.",
        "best.pt 保存的是第 {had} 轮，但本次运行的最佳是第 {epoch} 轮，其权重已不在磁盘上；"
        "请导出最后一个检查点，或继续训练：best.pt 会随下一个更好的轮次更新。"),
    # -- device and precision --
    "training.no_cuda": ("device is '{name}' but this machine has no usable CUDA GPU (or this PyTorch was built "
                         "without CUDA). Use device=auto or device=cpu.",
                         "device 为 '{name}'，但这台机器没有可用的 CUDA GPU（或此 PyTorch 构建时不带 CUDA）。"
                         "请使用 device=auto 或 device=cpu。"),
    "training.no_such_cuda": ("device is '{name}' but only {n} CUDA device(s) exist (numbered from 0).",
                              "device 为 '{name}'，但只有 {n} 个 CUDA 设备（从 0 开始编号）。"),
    "training.no_mps": ("device is 'mps' but Apple's Metal backend is not available here. Use device=auto or "
                        "device=cpu.",
                        "device 为 'mps'，但这里没有 Apple 的 Metal 后端。请使用 device=auto 或 device=cpu。"),
    "training.bad_device": ("device: {name} is not allowed; expected 'auto', 'cpu', 'cuda', 'cuda:N' or 'mps'.",
                            "device：不允许 {name}；应为 'auto'、'cpu'、'cuda'、'cuda:N' 或 'mps'。"),
    "training.no_bf16": ("precision is 'bf16' but this GPU does not support bfloat16; use precision=fp16 (with loss "
                         "scaling) or auto.",
                         "precision 为 'bf16'，但这块 GPU 不支持 bfloat16；请使用 precision=fp16（带损失缩放）或 auto。"),
    "training.fp16_needs_cuda": ("precision 'fp16' needs a CUDA GPU; on the CPU use bf16, fp32 or auto.",
                                 "precision 'fp16' 需要 CUDA GPU；在 CPU 上请使用 bf16、fp32 或 auto。"),
    # -- checkpoints and resuming --
    "training.no_checkpoint": ("No checkpoint at {path}.", "{path} 处没有检查点。"),
    "training.bad_checkpoint": ("Cannot read the checkpoint {path}: {reason}. It may be damaged; use the other "
                                "checkpoint (best.pt / last.pt) or start a new run.",
                                "无法读取检查点 {path}：{reason}。它可能已损坏；请使用另一个检查点（best.pt / last.pt）"
                                "或开始新的运行。"),
    "training.not_a_checkpoint": ("{path} is not a dtf_gui checkpoint (no 'model' entry).",
                                  "{path} 不是 dtf_gui 的检查点（没有 'model' 项）。"),
    "training.resume_not_a_run": ("Cannot resume: {path} is not a run directory.", "无法继续：{path} 不是运行文件夹。"),
    "training.resume_no_last": ("Cannot resume {path}: it has no checkpoints/last.pt (the run ended before its first "
                                "checkpoint). Start a new run instead.",
                                "无法继续 {path}：其中没有 checkpoints/last.pt（运行在第一个检查点之前就结束了）。"
                                "请改为开始新的运行。"),
    "training.resume_other_arch": ("Cannot resume {path}: it trained {arch}, the config says model.arch={want}.",
                                   "无法继续 {path}：它训练的是 {arch}，而配置中 model.arch={want}。"),
    "training.resume_other_classes": ("Cannot resume: the classes in {root} ({classes}) differ from the run's "
                                      "({run_classes}). Resume with the same data.",
                                      "无法继续：{root} 中的类别（{classes}）与该运行的类别（{run_classes}）不同。"
                                      "请用相同的数据继续。"),
    # -- settings the engine checks --
    "training.unknown_schedule": ("train.schedule: unknown schedule {name}.", "train.schedule：未知的调度 {name}。"),
    "training.nesterov_needs_momentum": ("train.nesterov needs train.momentum > 0.",
                                         "train.nesterov 需要 train.momentum > 0。"),
    "training.no_data_root": ("data.root is empty: set the dataset folder (dtf config --data ROOT, or "
                              "--set data.root=ROOT).",
                              "data.root 为空：请设置数据集文件夹（dtf config --data ROOT，或 --set data.root=ROOT）。"),
    "training.data_root_missing": ("data.root: the folder {path} does not exist.", "data.root：文件夹 {path} 不存在。"),
    "training.val_root_missing": ("data.val_root: the folder {path} does not exist. Set it to the folder of val class "
                                  "folders, or to \"\" to use data.root's val/ or a share of train.",
                                  "data.val_root：文件夹 {path} 不存在。请把它设为验证集类别文件夹所在的文件夹，"
                                  "或设为 \"\" 以使用 data.root 的 val/ 或从训练集中留出一部分。"),
    "training.unknown_arch": ("model.arch: unknown architecture {name}. Available: {names}.",
                              "model.arch：未知的模型结构 {name}。可用的有：{names}。"),
    "training.unknown_arch_hint": ("model.arch: unknown architecture {name}. Did you mean '{hint}'? Available: {names}.",
                                   "model.arch：未知的模型结构 {name}。你是想用 '{hint}' 吗？可用的有：{names}。"),
    "training.val_not_tensor": ("The val pipeline gives a {kind}, not a tensor: end it with ToImage and "
                                "ToDtype(float32, scale=True) (and Normalize).",
                                "验证流水线输出的是 {kind}，而不是张量：请以 ToImage 和 ToDtype(float32, scale=True)"
                                "（以及 Normalize）结尾。"),
    # -- the data --
    "training.scanning": ("Scanning {root} ...", "正在扫描 {root} ……"),
    "training.scanning_val": ("Scanning {root} (val: {val}) ...", "正在扫描 {root}（验证集：{val}）……"),
    "training.stopped_scanning": ("Stopped while scanning the data.", "扫描数据时已停止。"),
    "training.cannot_train": ("Cannot train on {root}: {reason}", "无法在 {root} 上训练：{reason}"),
    "training.too_few_classes": ("it needs at least two classes with images.", "至少需要两个有图像的类别。"),
    "training.fewer_than_two": ("fewer than two classes have usable images.", "有可用图像的类别少于两个。"),
    "training.empty_split": ("Cannot train on {root}: the {split} split has no usable images. Add images or set "
                             "data.val_fraction > 0.",
                             "无法在 {root} 上训练：{split}中没有可用的图像。请添加图像或设置 data.val_fraction > 0。"),
    "training.split.train": ("train", "训练集"),
    "training.split.val": ("val", "验证集"),
    "training.skipped": ("{n} file(s) of {root} are skipped:\n{files}", "{root} 中有 {n} 个文件被跳过：\n{files}"),
    "training.skipped_more": ("  ... and {n} more (see `dtf scan {root}`)", "  ……另外还有 {n} 个（见 `dtf scan {root}`）"),
    "training.not_decoded": ("The files of {root} were listed but not decoded, so a broken image would only fail when "
                             "its batch is loaded. Scan with decoding to check them first.",
                             "{root} 中的文件只列出而没有解码，因此损坏的图像要到加载它所在的批次时才会出错。"
                             "请先用解码方式扫描以检查它们。"),
    "training.cache_per_worker": ("data.cache is on with workers > 0: each worker process keeps its own copy of the "
                                  "cache.",
                                  "data.cache 已开启且 workers > 0：每个工作进程都会保留一份自己的缓存。"),
    "training.cache_after_decoding": ("decoding", "解码"),
    "training.cache_after_step": ("step {step} ({name})", "第 {step} 步（{name}）"),
    "training.cache_note": ("Decode-once cache ({split}): keeping each image as it is after {after}, ~{mb:.0f} MB for "
                            "{n} images.",
                            "一次解码缓存（{split}）：保存每张图像在{after}之后的样子，{n} 张图像约 {mb:.0f} MB。"),
    "training.filling_cache": ("Filling the decode-once cache ({split}, {n} images) ...",
                               "正在填充一次解码缓存（{split}，{n} 张图像）……"),
    # -- the model --
    "training.building_resume": ("Building {arch} for {n} classes (weights from the checkpoint) ...",
                                 "正在构建 {n} 个类别的 {arch}（权重来自检查点）……"),
    "training.building": ("Building {arch} for {n} classes (weights: {weights}) ...",
                          "正在构建 {n} 个类别的 {arch}（权重：{weights}）……"),
    "training.no_feature_cache": ("Feature cache not used: {why}.", "未使用特征缓存：{why}。"),
    "training.why.off": ("train.feature_cache is off", "train.feature_cache 已关闭"),
    "training.why.not_frozen": ("the backbone is not fully frozen (freeze.plan is not 'head')",
                                "骨干网络没有完全冻结（freeze.plan 不是 'head'）"),
    "training.why.train_random": ("the train pipeline has a random step, so features change every epoch",
                                  "训练流水线中有随机步骤，特征每个轮次都会变化"),
    "training.why.val_random": ("the val pipeline has a random step", "验证流水线中有随机步骤"),
    "training.why.processes": ("feature caching is not used with several processes (torchrun)",
                               "多进程训练（torchrun）时不使用特征缓存"),
    "training.computing_features": ("Backbone frozen and the train pipeline is deterministic: computing its features "
                                    "once ...",
                                    "骨干网络已冻结且训练流水线是确定性的：只计算一次特征……"),
    "training.cached_features": ("Cached {n_train} + {n_val} feature vectors of size {size} in {seconds:.1f} s; "
                                 "epochs now train only the head.",
                                 "已缓存 {n_train} + {n_val} 个长度为 {size} 的特征向量，用时 {seconds:.1f} 秒；"
                                 "之后每个轮次只训练分类头。"),
    "training.unfreezing": ("Epoch {epoch}: unfreezing everything ({trainable:,} of {total:,} parameters train).",
                            "第 {epoch} 轮：解冻全部层（{total:,} 个参数中有 {trainable:,} 个参与训练）。"),
    # -- how a run ends --
    "training.tensorboard_off": (
        "TensorBoard logging is off for the rest of this run: {reason}. Training goes on; metrics.csv and the "
        "checkpoints are written as usual.",
        "本次运行余下部分不再写 TensorBoard 日志：{reason}。训练继续；metrics.csv 和检查点照常写入。"),
    "training.nothing_left": ("Nothing left to train: all epochs are done.", "没有需要训练的了：所有轮次都已完成。"),
    "training.stopped_filling": ("Stopped while filling the decode-once cache.", "在填充一次解码缓存时已停止。"),
    "training.stopped_features": ("Stopped while computing the cached features.", "在计算缓存特征时已停止。"),
    "training.stopped_during": ("Stopped by the user during epoch {epoch}; the last checkpoint lets the run resume "
                                "from there.",
                                "已按用户要求在第 {epoch} 轮中停止；运行可以从最后一个检查点继续。"),
    "training.early_stopped": ("Early stopping: val accuracy did not improve for {n} epoch(s).",
                               "提前停止：验证准确率已有 {n} 个轮次没有提高。"),
    "training.stopped_after": ("Stopped by the user after epoch {epoch}.", "已按用户要求在第 {epoch} 轮结束后停止。"),
    "training.oom": ("Out of memory on {device} with train.batch_size={batch_size}. Lower the batch size or the image "
                     "size, or use precision=bf16.",
                     "{device} 内存不足（train.batch_size={batch_size}）。请减小批大小或图像尺寸，或使用 precision=bf16。"),
    "training.oom_hint": ("The device ran out of memory. Lower the batch size (or the image size in the pipeline), "
                          "choose a smaller model, or use mixed precision, then start again.",
                          "设备内存不足。请减小批大小（或流水线中的图像尺寸）、选择更小的模型或使用混合精度，然后重新开始。"),
    "training.with_hint": ("{text}\n\n{hint}", "{text}\n\n{hint}"),
    "training.out_of_memory": (
        "Out of memory on {device} with train.batch_size={batch_size} and images of {size} px (after the "
        "pipeline). Lower the batch size (for example to half) or the image size (the Resize or crop step "
        "of the pipeline), or use precision=bf16 on a GPU.{kept}",
        "{device} 内存不足：train.batch_size={batch_size}，图像经流水线后为 {size} 像素。请减小批大小（例如减半）"
        "或图像尺寸（流水线中的 Resize 或裁剪步骤），或在 GPU 上使用 precision=bf16。{kept}"),
    "training.oom_checkpoint_kept": (
        " The last checkpoint ({path}) is kept; the run can be resumed from it.",
        "最后的检查点（{path}）已保留，可从它继续运行。"),
    "training.size_unknown": ("unknown size", "未知尺寸"),
    # -- several processes (torchrun) --
    "training.torchrun_env": ("RANK, WORLD_SIZE and LOCAL_RANK must be whole numbers (torchrun sets them): {reason}. "
                              "Start the run with torchrun, or unset these variables to train in one process.",
                              "RANK、WORLD_SIZE 和 LOCAL_RANK 必须是整数（由 torchrun 设置）：{reason}。"
                              "请用 torchrun 启动运行，或取消这些变量以在单个进程中训练。"),
    "training.torchrun_join": ("Could not join the torchrun process group ({backend}): {reason}.",
                               "无法加入 torchrun 进程组（{backend}）：{reason}。"),
}
