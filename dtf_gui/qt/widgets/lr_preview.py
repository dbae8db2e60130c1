"""A small plot of the learning-rate curve the chosen schedule will produce.

The curve comes from the real torch scheduler stepped on a dummy optimizer, so what the user sees is
what the engine will do (warm-up shape, step drops, one-cycle peak), not a re-implementation that can
drift from it. When the engine exposes its own scheduler builder, that one is used.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import torch
from PySide6.QtWidgets import QVBoxLayout, QWidget

# isort: split
import pyqtgraph as pg


@dataclass(frozen=True)
class LrSchedule:
    """The schedule fields of a RunConfig's ``train`` section that shape the LR curve."""

    schedule: str = "none"
    lr: float = 1e-3
    epochs: int = 10
    steps_per_epoch: int = 10
    step_size: int = 5
    gamma: float = 0.1
    warmup_epochs: int = 1

    @classmethod
    def from_config(cls, config: object, steps_per_epoch: int = 10) -> LrSchedule:
        """Read the fields from a RunConfig (``config.train.*``), falling back to defaults for missing ones."""
        train = getattr(config, "train", config)
        d = cls()
        return cls(
            schedule=str(getattr(train, "schedule", d.schedule)),
            lr=float(getattr(train, "lr", d.lr)),
            epochs=max(1, int(getattr(train, "epochs", d.epochs))),
            steps_per_epoch=max(1, int(steps_per_epoch)),
            step_size=max(1, int(getattr(train, "step_size", d.step_size) or 1)),
            gamma=float(getattr(train, "gamma", d.gamma)),
            warmup_epochs=max(0, int(getattr(train, "warmup_epochs", d.warmup_epochs) or 0)),
        )


def _scheduler(opt: torch.optim.Optimizer, s: LrSchedule):
    """The torch scheduler for ``s`` and whether it steps per batch (True) or per epoch (False)."""
    name = s.schedule
    if name in ("none", "plateau"):
        # plateau reacts to validation loss, which a preview cannot know: show the starting level
        return None, False
    if name == "step":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=s.step_size, gamma=s.gamma), False
    if name == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=s.gamma), False
    if name == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=s.epochs), False
    if name == "warmup_cosine":
        warm = min(s.warmup_epochs, s.epochs - 1)
        if warm <= 0:
            return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=s.epochs), False
        return torch.optim.lr_scheduler.SequentialLR(
            opt,
            [torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=warm),
             torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(1, s.epochs - warm))],
            milestones=[warm],
        ), False
    if name == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(
            opt, max_lr=s.lr, epochs=s.epochs, steps_per_epoch=s.steps_per_epoch), True
    raise ValueError(f"unknown schedule {name!r}")


def lr_curve(s: LrSchedule) -> tuple[np.ndarray, np.ndarray]:
    """(x in epochs, lr) sampled once per epoch, or once per batch for per-batch schedules.

    ``lr[i]`` is the rate used from ``x[i]`` until ``x[i + 1]`` (the last point closes the curve).
    """
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=s.lr)
    builder = _engine_builder()
    if builder is not None:
        sched, per_batch = builder(opt, s)
    else:
        sched, per_batch = _scheduler(opt, s)
    n = s.epochs * s.steps_per_epoch if per_batch else s.epochs
    xs = np.empty(n + 1)
    ys = np.empty(n + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "scheduler.step() before optimizer.step()" is expected here
        for i in range(n + 1):
            xs[i] = i / s.steps_per_epoch if per_batch else i
            ys[i] = opt.param_groups[0]["lr"]
            if i < n:
                opt.step()
                if sched is not None:
                    sched.step()
    return xs, ys


def _engine_builder():
    """The engine's own preview hook, if it has one (keeps the preview identical to training)."""
    try:
        from dtf_gui.core.training import engine
    except Exception:  # engine not importable yet: the local mirror above is used
        return None
    return getattr(engine, "preview_scheduler", None)


def _short(v: float) -> str:
    return f"{v:.0e}" if v < 0.01 else f"{v:.3g}"


class LrPreview(QWidget):
    """A compact, non-interactive LR-vs-epoch plot; call ``set_schedule`` whenever a field changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setLabel("bottom", self.tr("epoch"))
        self.plot.getAxis("left").setWidth(44)
        self.plot.getAxis("left").setStyle(hideOverlappingLabels=False)
        self.curve = self.plot.plot(pen=pg.mkPen((148, 103, 189), width=2))
        self.plot.setMinimumHeight(90)
        self.plot.setMaximumHeight(130)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.error: str | None = None

    def set_schedule(self, schedule: LrSchedule) -> None:
        try:
            xs, ys = lr_curve(schedule)
        except Exception as exc:  # a half-typed value must not break the form
            self.error = str(exc)
            self.curve.setData([], [])
            self.setToolTip(str(exc))
            return
        self.error = None
        # a rate holds for a whole step interval: draw steps, not ramps between samples
        self.curve.setData(xs, ys[:-1], stepMode="center") if len(ys) > 1 else self.curve.setData(xs, ys)
        top = float(np.max(ys)) if len(ys) else schedule.lr
        top = top if math.isfinite(top) and top > 0 else 1.0
        self.plot.setYRange(0.0, top * 1.15, padding=0)
        # explicit ticks: a short plot would otherwise drop the labels of tiny values like 1e-4
        self.plot.getAxis("left").setTicks([[(top, _short(top)), (top / 2, _short(top / 2))]])
        self.setToolTip(self.tr("Learning rate per epoch from the real torch scheduler; "
                                "'plateau' lowers it only when validation loss stops improving."))
