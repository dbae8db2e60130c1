"""Model EMA: an exponential moving average of the weights, validated beside the raw weights every epoch.

Why: the weights of the last few hundred optimizer steps, averaged, sit nearer the middle of the valley SGD
rattles around in than any single step's; torchvision's ResNet-50 recipe gains a quarter of a point from it.
Built on :class:`torch.optim.swa_utils.AveragedModel` with :func:`~torch.optim.swa_utils.get_ema_multi_avg_fn`
(``average = decay * average + (1 - decay) * weights`` after each step, one fused ``lerp`` per dtype) and
``use_buffers=True``: BatchNorm's running statistics are averaged with the weights, so the average is
validated with statistics that belong to it. The average spans roughly ``1 / (1 - decay)`` steps: 0.999 suits
runs of thousands of steps, 0.99 a short run of a few hundred.

Warm-up (``train.ema_warmup_epochs``): during the first epochs the average is restarted after every step, so
it equals the raw weights -- the fast-moving early weights would otherwise linger in it for many epochs.
torchvision's reference script does the same during its learning-rate warm-up.

Under torchrun every rank keeps the average of its own replica: DDP keeps the replicas identical after each
step (and broadcasts rank 0's buffers), so the averages are identical too, and the split validation runs on
the same averaged weights on every rank; rank 0 saves it with the checkpoint.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

from dtf_gui.core.models.state_dict import strip_prefixes

#: ``train.ema_export``: which weights a checkpoint is used with (best.pt's choice, the export, evaluation)
EMA_EXPORT = ("best", "ema", "raw")


class ModelEma:
    """The averaged copy of a model (eval mode, no gradients); :meth:`update` after each optimizer step."""

    def __init__(self, model: nn.Module, *, decay: float, warmup_epochs: int = 0) -> None:
        # n_averaged stays on the CPU (AveragedModel's default): reading it costs no device sync per step
        self.averaged = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay), use_buffers=True)
        self.averaged.module.requires_grad_(False)
        self.averaged.module.eval()
        self.decay = float(decay)
        self.warmup_epochs = int(warmup_epochs)

    @property
    def module(self) -> nn.Module:
        """The averaged network itself (a plain torchvision module, as the run's model)."""
        return self.averaged.module

    @property
    def n_averaged(self) -> int:
        return int(self.averaged.n_averaged)

    @torch.no_grad()
    def update(self, model: nn.Module, epoch: int) -> None:
        """Fold ``model``'s weights and buffers into the average after a step of epoch ``epoch`` (0-based)."""
        if epoch < self.warmup_epochs:
            self.averaged.n_averaged.fill_(0)  # warming up: this update copies the weights
        self.averaged.update_parameters(model)

    def state_dict(self) -> dict[str, Any]:
        """What a checkpoint keeps: the averaged weights as a plain state_dict, and how many steps they hold."""
        sd = {k: v.detach().clone() for k, v in self.module.state_dict().items()}
        return {"model": strip_prefixes(sd), "n_averaged": self.n_averaged}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Continue the average a checkpoint kept (a resumed run goes on with the same average)."""
        self.module.load_state_dict(state["model"])
        self.averaged.n_averaged.fill_(int(state.get("n_averaged", 0)))


def choose_weights(mode: str, *, raw: tuple[float, float], ema: tuple[float, float]) -> str:
    """Which weights an epoch is used with: "ema" or "raw". ``raw``/``ema`` are (val accuracy, val loss).

    ``mode`` "best" picks the higher accuracy (a tie: the lower loss, then the average); "ema"/"raw" force it.
    """
    if mode in ("ema", "raw"):
        return mode
    (raw_acc, raw_loss), (ema_acc, ema_loss) = raw, ema
    if ema_acc > raw_acc or (ema_acc == raw_acc and ema_loss <= raw_loss):
        return "ema"
    return "raw"


def make_ema(model: nn.Module, *, enabled: bool, decay: float, warmup_epochs: int,
             checkpoint: dict[str, Any] | None = None) -> ModelEma | None:
    """The run's average (None when ``train.ema`` is off), continued from ``checkpoint`` when it kept one.

    A checkpoint without an average (a run resumed with EMA newly switched on) starts it from the weights.
    """
    if not enabled:
        return None
    ema = ModelEma(model, decay=decay, warmup_epochs=warmup_epochs)
    state = (checkpoint or {}).get("ema")
    if isinstance(state, dict) and isinstance(state.get("model"), dict):
        ema.load_state_dict(state)
    return ema


__all__ = ["EMA_EXPORT", "ModelEma", "choose_weights", "make_ema"]
