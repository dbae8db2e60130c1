"""What a failed run says: out of memory names the batch size and image size to lower, whatever torch raised."""

from __future__ import annotations

from pathlib import Path

import torch

from dtf_gui.core.config import RunConfig
from dtf_gui.core.errors import DtfError
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.runs.rundir import checkpoint_path

#: What torch and Python say when memory runs out (CPU allocator, CUDA, MPS, cuBLAS), also when a DataLoader
#: worker re-raises it as "Caught RuntimeError in DataLoader worker process 0 ...".
_OOM_TEXTS = ("can't allocate memory", "out of memory", "CUBLAS_STATUS_ALLOC_FAILED")


def out_of_memory(e: BaseException) -> bool:
    if isinstance(e, MemoryError | torch.OutOfMemoryError):
        return True
    return isinstance(e, RuntimeError) and any(t in str(e) for t in _OOM_TEXTS)


def pipeline_size(cfg: RunConfig) -> list[int] | None:
    """The image size the train pipeline's last enabled resize or crop step sets (for a message)."""
    size = None
    for step in cfg.pipeline.train:
        if step.enabled and "size" in step.params and ("Resize" in step.name or "Crop" in step.name):
            size = step.params["size"]
    if isinstance(size, int) and not isinstance(size, bool):
        return [size]
    if isinstance(size, list | tuple) and size and all(isinstance(v, int) for v in size):
        return list(size)
    return None


def failure_message(e: BaseException, cfg: RunConfig, *, device: torch.device, input_size: list[int] | None,
                    run_dir: Path | None) -> Message | str:
    """What run.json and the error say; out of memory names the batch and image size to lower."""
    if out_of_memory(e):
        size = input_size or pipeline_size(cfg)  # measured, else as set
        shown = "×".join(str(v) for v in size) if size else msg("training.size_unknown")
        last = checkpoint_path(run_dir, "last") if run_dir is not None else None
        kept = msg("training.oom_checkpoint_kept", path=str(last)) if last and last.is_file() else ""
        return msg("training.out_of_memory", device=str(device), batch_size=cfg.train.batch_size, size=shown,
                   kept=kept)
    if isinstance(e, DtfError):
        return e.message
    return str(e) or type(e).__name__
