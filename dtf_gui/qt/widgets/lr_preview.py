"""A small plot of the learning-rate curve the chosen schedule will produce.

The curve comes from the engine's own scheduler builder stepped on a dummy optimizer, so what the user
sees is what training will do (warm-up shape, step drops, one-cycle peak, per-batch vs per-epoch
stepping), not a re-implementation that can drift from it.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import torch
from PySide6.QtWidgets import QVBoxLayout, QWidget

from dtf_gui.core.config import RunConfig
from dtf_gui.qt.i18n import Retranslatable

# isort: split
import pyqtgraph as pg

from dtf_gui.core.training.engine import build_scheduler


def lr_curve(config: RunConfig, batches_per_epoch: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """(x in epochs, lr) from the engine's own ``build_scheduler`` stepped on a dummy optimizer.

    Sampled per batch for schedules the engine steps per batch (cosine, warm-up cosine, one-cycle), per
    epoch otherwise; ``lr[i]`` holds from ``x[i]`` to ``x[i + 1]``. ``plateau`` reacts to the validation
    loss, which a preview cannot know, so it shows the starting rate.
    """
    # the curve's shape only depends on where warm-up ends relative to the run, so simulating at most
    # 40 batches per epoch draws the same curve at a fraction of the cost (live while typing)
    bpe = max(1, min(40, int(batches_per_epoch)))
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=float(config.train.lr))
    sched, mode = build_scheduler(opt, config, bpe)
    per_batch = mode == "batch"
    epochs = int(config.train.epochs)
    n = epochs * bpe if per_batch else epochs
    stride = max(1, n // 400)  # a few hundred points are plenty for a small plot
    xs: list[float] = []
    ys: list[float] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "scheduler.step() before optimizer.step()" is expected here
        for i in range(n):
            if i % stride == 0:
                xs.append(i / bpe if per_batch else float(i))
                ys.append(opt.param_groups[0]["lr"])
            if sched is not None and mode != "plateau":
                sched.step()
    xs.append(float(epochs))
    return np.asarray(xs), np.asarray(ys)


def _short(v: float) -> str:
    return f"{v:.0e}" if v < 0.01 else f"{v:.3g}"


class LrPreview(Retranslatable, QWidget):
    """A compact, non-interactive LR-vs-epoch plot; call ``set_schedule`` whenever a field changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTextPen(pg.mkPen("#555555"))
            self.plot.getAxis(name).setPen(pg.mkPen("#999999"))
        self.plot.getAxis("left").setWidth(44)
        self.plot.getAxis("left").setStyle(hideOverlappingLabels=False)
        self.curve = self.plot.plot(pen=pg.mkPen((148, 103, 189), width=2), antialias=True)
        self.plot.setMinimumHeight(90)
        self.plot.setMaximumHeight(130)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.error: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.plot.setLabel("bottom", self.tr("epoch"), color="#555555")
        if self.error is None:
            self.setToolTip(self.tr("Learning rate over the run, from the engine's own scheduler; "
                                    "'plateau' lowers it only when validation loss stops improving."))

    def set_config(self, config: RunConfig, batches_per_epoch: int = 10) -> None:
        """Redraw for a RunConfig (only its ``train`` schedule fields matter)."""
        try:
            xs, ys = lr_curve(config, batches_per_epoch)
        except Exception as exc:  # a half-typed value must not break the form
            self.error = str(exc)
            self.curve.setData([], [])
            self.setToolTip(str(exc))
            return
        self.error = None
        if len(xs) > int(config.train.epochs) + 1:  # stepped per batch: a smooth line
            self.curve.setData(xs[:-1], ys)
        else:  # stepped per epoch: the rate holds for the whole epoch, so draw steps, not ramps
            self.curve.setData(xs, ys, stepMode="center")
        top = float(np.max(ys)) if len(ys) else float(config.train.lr)
        top = top if math.isfinite(top) and top > 0 else 1.0
        self.plot.setYRange(0.0, top * 1.15, padding=0)
        # explicit ticks: a short plot would otherwise drop the labels of tiny values like 1e-4
        self.plot.getAxis("left").setTicks([[(top, _short(top)), (top / 2, _short(top / 2))]])
        self.retranslate()
