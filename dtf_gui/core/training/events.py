"""Plain payloads the engine reports through :class:`~dtf_gui.core.training.callbacks.Callbacks`.

Only floats, ints, strings, lists of them and messages (``RunEnded.message``: a code plus plain parameters,
rendered by the front end in its language): a Qt worker can put them in a signal and a CLI can print them,
and no CUDA tensor ever leaves the training thread.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dtf_gui.core.messages import Message


@dataclass(frozen=True)
class RunStarted:
    run_dir: str
    device: str
    device_name: str
    arch: str
    classes: list[str]
    epochs: int
    batches_per_epoch: int
    trainable_params: int
    total_params: int
    start_epoch: int = 0  # epochs already done (a resumed run starts later)
    precision: str = "fp32"
    channels_last: bool = False
    feature_cache: bool = False
    world_size: int = 1
    start_step: int = 0  # optimizer steps already done (a resumed run continues counting from there)


@dataclass(frozen=True)
class BatchEnded:
    epoch: int  # 1-based
    epochs: int
    batch: int  # 1-based within the epoch
    batches: int
    step: int  # global optimizer step, 1-based
    loss: float
    lr: float
    images_per_s: float
    eta_s: float  # whole run
    gpu_mem_mb: float  # peak allocated on the CUDA device, 0 elsewhere


@dataclass(frozen=True)
class EpochEnded:
    epoch: int  # 1-based
    epochs: int
    train_loss: float
    val_loss: float
    val_acc: float  # 0..1 (a regression run: R², at most 1, see training/regression.py)
    lr: float
    seconds: float
    is_best: bool
    ema_val_loss: float | None = None  # the EMA weights' (train.ema); None without EMA
    ema_val_acc: float | None = None  # 0..1
    weights: str | None = None  # with EMA: which weights the epoch counts with, "raw" or "ema" (train.ema_export)
    extras: dict[str, float] = field(default_factory=dict)  # a regression run: val_mse, val_mae, val_rmse, val_r2


@dataclass(frozen=True)
class RunEnded:
    run_dir: str
    status: str  # "completed" | "stopped" | "failed" | "early_stopped"
    epochs_done: int
    best_val_acc: float
    message: Message | str = ""  # how the run ended (``str()`` renders it)
    best_epoch: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)


def as_dict(event: Any) -> dict[str, Any]:
    """An event as a plain dict (for JSON logs)."""
    return asdict(event)
