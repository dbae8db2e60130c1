"""The learning-rate finder (fastai's ``lr_find``): which learning rate to start a run with.

The sweep trains on the run's own batches for ``num_iter`` steps while the learning rate grows
exponentially from ``start_lr`` to ``end_lr`` (Smith, "Cyclical Learning Rates", 2015), recording the loss
of every step. The loss is smoothed with fastai's exponential moving average with bias correction
(``avg = smooth * avg + (1 - smooth) * loss``, ``smoothed_i = avg / (1 - smooth ** (i + 1))``) and the sweep
stops early once the smoothed loss passes ``diverge`` times its lowest value.

Everything the sweep trains is what :func:`~dtf_gui.core.training.engine.train` would train:
:func:`~dtf_gui.core.training.engine.prepare_parts` builds the model (head, freeze plan, device, precision,
channels_last), the optimizer with its parameter groups, the sampler and the loaders (or the frozen
backbone's feature cache) exactly as a run does, and each step is the epoch loop's own
:meth:`~dtf_gui.core.training.loop.EpochLoop.step` (loss, label smoothing, L1, gradient clipping, AMP
scaler). The run's schedule is not stepped; the sweep sets the rate of every parameter group, keeping the
groups' ratios (a discriminative plan's backbone multiplier still applies); the head's rate is the one
reported. The freeze plan's first-epoch layers train throughout (a gradual plan is not unfrozen mid-sweep);
when the sweep needs more batches than an epoch has, the next epoch's sample order follows.

Left as they were: the model's and optimizer's state (and the AMP scaler's, and which layers train and are
in train mode) are restored after the sweep, however it ends, and the global Python, NumPy and torch RNG
states are put back, so nothing a later :func:`train` does depends on whether the finder ran.

The suggestion starts from fastai's "valley" rule (fastai >= 2.5's default): on the smoothed curve without
its first ``num_iter // 10`` and last 5 points, find the longest decreasing stretch (the longest strictly
decreasing subsequence) and take the point half way along it -- a rate where the loss is still falling
fast but well before the minimum, where it is about to blow up. It gives None, with a Message saying why,
when the curve is too short (the loss diverged at once) or never fell clearly.

The sweep holds each rate for a step, so the valley is a good *constant* rate; but ``train.lr`` is the
peak of the run's schedule, and a cosine run spends on average half its peak. So the suggestion is the
valley divided by the schedule's average (:func:`schedule_mean`, the run's own scheduler stepped over the
run: about 0.5 for cosine, warm-up cosine and one-cycle; 1 for none and plateau, where it is the valley
itself), never past the rate where the smoothed loss is lowest (the run starts at its peak, and there
the loss already rises). Measured by ``bench/lr_finder.py`` (demo digits, mobilenet_v2 ImageNet, 64 px,
AdamW, cosine over one epoch, batch 32; 7-point grid 1e-5..1e-1): head-only, the valley 2.31e-3 reaches
val loss 1.2187 with cosine but 0.9765 held constant (the schedule's average explains the gap), and
valley / 0.511 = 4.52e-3 reaches 0.9689 / 1.0011 (seeds 0 / 1) against the best grid point's 0.9619 at
4.6e-3 (ratio 1.007 / 1.041; the target is 1.1, the valley alone 1.267); full fine-tuning, 1.23e-3
reaches 0.1633 / 0.0839 against 0.2370 at 1e-3 (ratio 0.689 / 0.354; the valley alone 0.960, held
constant 1.181: full fine-tuning also gains from the schedule's annealed end). fastai's "steep" (1.79e-2,
ratio 1.130 head-only) misses; its "minimum / 10" (1.38e-2, 0.982 head-only) would also do for this
head-only curve but does not follow the schedule.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import math
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.config import RunConfig
from dtf_gui.core.errors import Cancelled, ConfigError, TrainingError
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.training.callbacks import CallbackList
from dtf_gui.core.training.device import resolve_device
from dtf_gui.core.training.distributed import DistContext
from dtf_gui.core.training.engine import Parts, prepare_parts
from dtf_gui.core.training.loop import EpochLoop, TrainState, mix_batch, on_device
from dtf_gui.core.training.meter import BatchReport, LossTally
from dtf_gui.core.training.rng import capture_rng, restore_rng
from dtf_gui.core.training.schedule import build_scheduler
from dtf_gui.core.training.staging import cache_features

RULE = "valley_schedule"
MIN_ITER = 5  # steps of a sweep, at the least
MIN_POINTS = 5  # points of the trimmed curve the rule needs
TAIL_POINTS = 5  # fastai leaves the last 5 points out: the loss is blowing up there
MIN_FALL = 0.01  # the valley must fall by at least 1% of its starting loss to count
MAX_SCHEDULE_STEPS = 4000  # steps of the schedule averaged (a long run's batch schedule is sampled coarser)


@dataclass(frozen=True)
class LrFindRequest:
    """What to sweep: the run configuration (as ``dtf train`` would get it) and the sweep's settings."""

    config: RunConfig
    start_lr: float = 1e-7
    end_lr: float = 10.0
    num_iter: int = 100
    smooth: float = 0.98  # weight of the moving average's history (fastai's beta)
    diverge: float = 4.0  # stop once the smoothed loss exceeds this many times its lowest value

    def validate(self) -> None:
        """ConfigError naming the setting when the sweep cannot run as asked."""
        if not (math.isfinite(self.start_lr) and math.isfinite(self.end_lr) and 0 < self.start_lr < self.end_lr):
            raise ConfigError(msg("lr_find.bad_range", start=self.start_lr, end=self.end_lr), field="start_lr")
        if int(self.num_iter) < MIN_ITER:
            raise ConfigError(msg("lr_find.bad_num_iter", n=self.num_iter, min=MIN_ITER), field="num_iter")
        if not 0.0 <= self.smooth < 1.0:
            raise ConfigError(msg("lr_find.bad_smooth", value=self.smooth), field="smooth")
        if not self.diverge > 1.0:
            raise ConfigError(msg("lr_find.bad_diverge", value=self.diverge), field="diverge")


@dataclass
class LrFindResult:
    """The sweep's curve (one point per step) and the suggested learning rate (None: see ``message``)."""

    lrs: list[float]
    losses: list[float]
    smoothed: list[float]
    suggestion: float | None
    suggestion_rule: str
    message: Message
    num_iter: int = 0  # steps asked for (``len(lrs)`` is fewer when the loss diverged)
    notes: list[Message] = field(default_factory=list)  # e.g. where the sweep stopped early
    valley_lr: float | None = None  # the valley rule's rate: good as a constant rate
    schedule_mean: float = 1.0  # the run's schedule averaged over its steps, a fraction of its peak rate

    @property
    def suggestion_index(self) -> int | None:
        """The curve point the suggestion is (for marking it on a plot)."""
        if self.suggestion is None:
            return None
        return min(range(len(self.lrs)), key=lambda i: abs(math.log(self.lrs[i] / self.suggestion)))

    def to_json(self) -> dict[str, Any]:
        return {"lrs": self.lrs, "losses": self.losses, "smoothed": self.smoothed, "suggestion": self.suggestion,
                "suggestion_rule": self.suggestion_rule, "num_iter": self.num_iter, "valley_lr": self.valley_lr,
                "schedule_mean": self.schedule_mean,
                "message": render(self.message, "en"), "message_msg": self.message.to_json(),
                "notes": [{"text": render(n, "en"), **n.to_json()} for n in self.notes]}


# -- the suggestion ------------------------------------------------------------------------------------
def valley(lrs: list[float], smoothed: list[float], num_iter: int | None = None) -> tuple[int | None, Message]:
    """fastai's "valley" rule on the smoothed curve: (index into ``lrs`` or None, the Message saying so).

    The first ``num_iter // 10`` and the last :data:`TAIL_POINTS` points are left out (the average is
    still settling at one end and the loss blowing up at the other), then the longest strictly
    decreasing subsequence is found and the point half way along it is taken.
    """
    n_all = len(smoothed)
    skip = (num_iter if num_iter is not None else n_all) // 10
    lo, hi = skip, n_all - TAIL_POINTS
    ys = [float(v) for v in smoothed[lo:hi]]
    if len(ys) < MIN_POINTS:
        return None, msg("lr_find.too_short", n=n_all, need=skip + TAIL_POINTS + MIN_POINTS)
    if not all(math.isfinite(v) for v in ys):
        return None, msg("lr_find.not_finite")
    n = len(ys)
    lds = [1] * n  # lds[i]: longest strictly decreasing subsequence ending at i
    best_end = 0
    for i in range(1, n):
        for j in range(i):
            if ys[i] < ys[j] and lds[i] < lds[j] + 1:
                lds[i] = lds[j] + 1
        if lds[i] > lds[best_end]:
            best_end = i
    start = max(0, best_end - lds[best_end] + 1)
    top = max(ys[start:best_end + 1])
    if lds[best_end] < 3 or top - ys[best_end] <= MIN_FALL * abs(top):
        return None, msg("lr_find.no_fall", lo=lrs[lo], hi=lrs[hi - 1])
    sections = (best_end - start) / 3
    idx = lo + start + int(sections) + int(sections / 2)
    return idx, msg("lr_find.suggestion", lr=lrs[idx], rule=msg("lr_find.rule.valley"))


def schedule_mean(config: RunConfig, batches_per_epoch: int) -> float:
    """The run's learning rate averaged over all its steps, as a fraction of the configured (peak) rate.

    Steps the run's own scheduler (:func:`~dtf_gui.core.training.schedule.build_scheduler`) on a one-number
    optimizer: about 0.5 for cosine, warm-up cosine and one-cycle, 1 for none and plateau (which cannot
    be known before the run). A batch-wise schedule over more than :data:`MAX_SCHEDULE_STEPS` steps is
    averaged over fewer, evenly spread steps per epoch (its shape, and so its average, is the same).
    """
    if config.train.schedule in ("none", "plateau"):
        return 1.0
    epochs = max(1, int(config.train.epochs))
    per_epoch = max(1, min(int(batches_per_epoch), MAX_SCHEDULE_STEPS // epochs))
    weight = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=1.0)
    scheduler, when = build_scheduler(optimizer, config, per_epoch)
    if scheduler is None or when == "plateau":
        return 1.0
    total = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "scheduler.step() before optimizer.step()": no gradient here
        for _epoch in range(epochs):
            for _batch in range(per_epoch):
                total += float(optimizer.param_groups[0]["lr"])
                if when == "batch":
                    optimizer.step()
                    scheduler.step()
            if when == "epoch":
                scheduler.step()
    return total / (epochs * per_epoch)


def suggest(lrs: list[float], smoothed: list[float], num_iter: int | None = None, mean: float = 1.0
            ) -> tuple[float | None, int | None, Message]:
    """The suggested peak rate for a run whose schedule averages ``mean`` of its peak: (rate or None, the
    valley's index into ``lrs`` or None, the Message saying so).

    The valley rate is good as a constant rate (the sweep measures each rate held for a step or two); the
    run should average it, so its peak is ``valley / mean``, but never past the rate where the smoothed
    loss is lowest (the run starts at its peak, and past that point the loss already rises).
    """
    idx, message = valley(lrs, smoothed, num_iter)
    if idx is None:
        return None, None, message
    base = lrs[idx]
    if not 0.0 < mean < 1.0:
        return base, idx, message
    lowest = lrs[min(range(len(smoothed)), key=lambda i: smoothed[i])]
    lr = max(base, min(base / mean, lowest))
    return lr, idx, msg("lr_find.suggestion", lr=lr, rule=msg("lr_find.rule.valley_schedule", valley=base,
                                                              factor=lr / base, mean=mean))


# -- keeping everything as it was ------------------------------------------------------------------------
@contextlib.contextmanager
def preserved(model: nn.Module, optimizer: torch.optim.Optimizer, scaler: Any = None) -> Iterator[None]:
    """Whatever the block does to them, ``model`` and ``optimizer`` (and ``scaler``) leave it as they entered:
    the same state dicts (weights, BatchNorm statistics, optimizer state and hyperparameters), the same
    trainable parameters and train/eval modes."""
    weights = {k: v.detach().clone() for k, v in model.state_dict().items()}
    opt_state = copy.deepcopy(optimizer.state_dict())
    scaler_state = copy.deepcopy(scaler.state_dict()) if scaler is not None else None
    modes = [(m, m.training) for m in model.modules()]
    grads = [(p, p.requires_grad) for p in model.parameters()]
    try:
        yield
    finally:
        with torch.no_grad():
            model.load_state_dict(weights)
        optimizer.load_state_dict(opt_state)
        optimizer.zero_grad(set_to_none=True)
        if scaler is not None and scaler_state:
            scaler.load_state_dict(scaler_state)
        for m, training in modes:
            m.training = training
        for p, requires_grad in grads:
            p.requires_grad_(requires_grad)


# -- the sweep ----------------------------------------------------------------------------------------------
class _NoRecorder:
    """The finder writes no run directory: the loop's recorder calls go nowhere."""

    def save_checkpoint(self, epochs_done: int, batch: int, loss_so_far: LossTally, best: bool = False) -> None:
        pass

    def log_batches(self, epoch: int, report: BatchReport, losses: list[float]) -> None:
        pass

    def epoch_recorded(self) -> None:
        pass


@dataclass(frozen=True)
class SweepParts:
    """A run's prepared parts and the epoch loop over them, ready for a sweep."""

    parts: Parts
    loop: EpochLoop

    @property
    def model(self) -> nn.Module:
        return self.parts.prepared.model

    @property
    def optimizer(self) -> torch.optim.Optimizer:
        return self.parts.optim.optimizer


def prepare_sweep(config: RunConfig, *, stop: StopToken | None = None) -> SweepParts:
    """What ``train(config)`` would train on, with the epoch loop over it (the schedule left out: the sweep
    sets the rate itself). Computes the frozen backbone's features when the run would."""
    stop = stop or StopToken()
    device = resolve_device(config.device)
    parts, loaders = prepare_parts(config, device=device, stop=stop)
    features = None
    if parts.prepared.use_features:
        features = cache_features(parts.prepared, parts.staged, config, 0, stop, lambda _text: None)
    optim = dataclasses.replace(parts.optim, scheduler=None)
    loop = EpochLoop(config, ctx=DistContext(), stop=stop, callbacks=CallbackList(), say=lambda _text: None,
                     prepared=parts.prepared, staged=parts.staged, loaders=loaders, features=features, optim=optim,
                     state=TrainState(), recorder=_NoRecorder(), emit_interval_s=math.inf,
                     run_start=time.perf_counter())
    return SweepParts(parts, loop)


def sweep(parts: SweepParts, request: LrFindRequest, *, stop: StopToken | None = None,
          progress: Progress | None = None) -> LrFindResult:
    """Run the sweep on prepared parts and restore them afterwards; Cancelled when ``stop`` is requested."""
    request.validate()
    stop = stop or StopToken()
    loop, model, optimizer = parts.loop, parts.model, parts.optimizer
    num_iter = int(request.num_iter)
    groups = optimizer.param_groups
    head_lr = float(groups[-1]["lr"]) or 1.0
    ratios = [float(g["lr"]) / head_lr for g in groups]
    factor = (request.end_lr / request.start_lr) ** (1.0 / (num_iter - 1))
    lrs: list[float] = []
    losses: list[float] = []
    smoothed: list[float] = []
    notes: list[Message] = []
    beta = float(request.smooth)
    sampler = parts.parts.optim.sampler
    with preserved(model, optimizer, parts.parts.optim.scaler):
        net, batches, autocast, batch_tf = loop.train_batches(0)
        params = [p for p in model.parameters() if p.requires_grad]
        it = iter(batches)
        cycle, avg, best = 0, 0.0, math.inf
        for i in range(num_iter):
            if stop.stop_requested:
                raise Cancelled(msg("lr_find.cancelled", step=i, n=num_iter))
            try:
                x, y = next(it)
            except StopIteration:  # the epoch ran out: the next epoch's order, the same trainable layers
                cycle += 1
                if loop.features is not None:  # a generator: one per pass
                    batches = loop.train_batches(0)[1]
                sampler.set_epoch(cycle)  # read when the pass begins
                it = iter(batches)
                try:
                    x, y = next(it)
                except StopIteration:
                    raise TrainingError(msg("lr_find.no_batches")) from None
            lr = request.start_lr * factor ** i
            for g, ratio in zip(groups, ratios, strict=True):
                g["lr"] = lr * ratio
            x = on_device(x, batch_tf, device=loop.device, channels_last=loop.prepared.channels_last)
            y = y.to(loop.device, non_blocking=True)
            x, y = mix_batch(x, y, loop.train_mix, channels_last=loop.prepared.channels_last)  # as training does
            loss = float(loop.step(net, autocast, params, x, y).detach().float().item())
            if not math.isfinite(loss):
                notes.append(msg("lr_find.stopped_not_finite", step=i + 1, n=num_iter, lr=lr))
                break
            avg = beta * avg + (1.0 - beta) * loss
            smooth = avg / (1.0 - beta ** (i + 1))
            lrs.append(lr)
            losses.append(loss)
            smoothed.append(smooth)
            if progress is not None:
                progress(i + 1, num_iter)
            if i > 0 and smooth > request.diverge * best:
                notes.append(msg("lr_find.stopped_diverged", step=i + 1, n=num_iter, lr=lr, factor=request.diverge))
                break
            best = min(best, smooth)
    if progress is not None and len(lrs) < num_iter:
        progress(num_iter, num_iter)
    mean = schedule_mean(request.config, parts.parts.optim.batches_per_epoch)
    lr, idx, message = suggest(lrs, smoothed, num_iter, mean)
    return LrFindResult(lrs, losses, smoothed, lr, RULE, message, num_iter, notes,
                        lrs[idx] if idx is not None else None, mean)


def lr_find(request: LrFindRequest, *, stop: StopToken | None = None,
            progress: Progress | None = None) -> LrFindResult:
    """Sweep the learning rate on what ``train(request.config)`` would train; see the module docstring.

    Nothing is written; the global RNG states are as they were when it returns (or raises).
    """
    request.validate()
    request.config.validate()
    rng = capture_rng()
    try:
        parts = prepare_sweep(request.config, stop=stop)
        return sweep(parts, request, stop=stop, progress=progress)
    finally:
        restore_rng(rng)
