"""The epoch loop: train on every batch, validate, record the epoch, and say how it ended.

The loop owns what changes while a run trains -- the layers that train (a gradual unfreeze), the DDP
wrapper, :class:`TrainState` -- and reads the frozen preparation records (:mod:`.device`, :mod:`.staging`,
:mod:`.schedule`) for everything else. It writes nothing itself: checkpoints, batches.csv, metrics.csv and
run.json go through a :class:`RunRecorder` (the engine), so the run directory has one owner.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

import torch
from torch import nn

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.config import RunConfig
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.models import zoo
from dtf_gui.core.models.zoo import set_frozen_bn_eval
from dtf_gui.core.training import distributed as D
from dtf_gui.core.training.callbacks import CallbackList
from dtf_gui.core.training.device import PreparedModel
from dtf_gui.core.training.ema import ModelEma, choose_weights
from dtf_gui.core.training.events import BatchEnded, EpochEnded
from dtf_gui.core.training.features import head_module
from dtf_gui.core.training.meter import BatchMeter, BatchReport, LossTally
from dtf_gui.core.training.regression import epoch_extras, epoch_score, evaluate_regression
from dtf_gui.core.training.schedule import Optimization
from dtf_gui.core.training.staging import CachedFeatures, Loaders, Staged


class EpochEnd(Enum):
    """How an epoch ended, and so whether the run goes on."""

    COMPLETED = "completed"  # trained, validated and recorded; the run goes on (or this was its last epoch)
    STOPPED = "stopped"  # stop requested mid-epoch: saved at the batch reached, resumable from there
    STOPPED_AFTER = "stopped_after"  # stop requested during the epoch's last batch or validation
    EARLY_STOPPED = "early_stopped"  # val accuracy did not improve for train.early_stopping epochs


def epoch_end(*, stale: int, patience: int, is_last: bool, stop_requested: Callable[[], bool]) -> EpochEnd:
    """How a recorded epoch ends the run: patience first; a stop request after it; the last epoch completes.

    ``stop_requested`` is asked only when patience has not run out (on several ranks it is a collective).
    """
    if patience and stale >= patience and not is_last:
        return EpochEnd.EARLY_STOPPED
    if stop_requested() and not is_last:
        return EpochEnd.STOPPED_AFTER
    return EpochEnd.COMPLETED


@dataclass
class TrainState:
    """What the run has reached: history and best epoch so far; in every checkpoint, restored on resume."""

    history: list[dict[str, Any]] = field(default_factory=list)  # one metrics.csv row per finished epoch
    best_acc: float = -1.0
    best_loss: float = math.inf
    best_epoch: int = 0  # 1-based; 0 = none yet
    stale: int = 0  # epochs since the best one (early stopping's count)
    step: int = 0  # optimizer steps since the run began
    weights: str = "raw"  # the weights the last recorded epoch is used with: "raw" or "ema" (train.ema_export)
    best_weights: str = "raw"  # the same for the best epoch

    @classmethod
    def from_checkpoint(cls, ckpt: dict[str, Any]) -> TrainState:
        return cls([dict(r) for r in ckpt.get("history", [])], float(ckpt.get("best_val_acc", -1.0)),
                   float(ckpt.get("best_val_loss", math.inf)), int(ckpt.get("best_epoch", 0)),
                   int(ckpt.get("stale_epochs", 0)), int(ckpt.get("step", 0)), str(ckpt.get("weights", "raw")),
                   str(ckpt.get("best_weights", "raw")))

    def record(self, epoch: int, *, train_loss: float, val_loss: float, val_acc: float, lr: float,
               seconds: float, ema: tuple[float, float] | None = None, ema_export: str = "best") -> bool:
        """Add epoch ``epoch`` (0-based) to the history; True when it is the best so far (ties: lower loss).

        With ``ema`` (its val loss and accuracy) the epoch counts with the weights ``ema_export`` picks
        (:func:`~dtf_gui.core.training.ema.choose_weights`): best epoch, early stopping and best.pt follow them.
        """
        row = {"epoch": epoch + 1, "train_loss": train_loss, "val_loss": val_loss, "val_acc": val_acc, "lr": lr,
               "seconds": seconds}
        self.weights = "raw"
        if ema is not None:
            ema_loss, ema_acc = ema
            row.update(ema_val_loss=ema_loss, ema_val_acc=ema_acc)
            self.weights = choose_weights(ema_export, raw=(val_acc, val_loss), ema=(ema_acc, ema_loss))
            if self.weights == "ema":
                val_loss, val_acc = ema_loss, ema_acc
        is_best = (val_acc > self.best_acc or (val_acc == self.best_acc and val_loss < self.best_loss)
                   or self.best_epoch == 0)  # the first epoch is the best so far (a regression R² may be < -1)
        if is_best:
            self.best_acc, self.best_loss, self.best_epoch, self.stale = val_acc, val_loss, epoch + 1, 0
            self.best_weights = self.weights
        else:
            self.stale += 1
        self.history.append(row)
        return is_best


@dataclass(frozen=True)
class StartPoint:
    """Where the epochs (re)start: a resume continues inside the epoch its checkpoint was saved in."""

    epoch: int = 0
    skip: int = 0  # batches of that epoch already trained
    carried: LossTally = LossTally()  # their loss

    @classmethod
    def of(cls, ckpt: dict[str, Any] | None) -> StartPoint:
        if ckpt is None:
            return cls()
        return cls(int(ckpt["epoch"]), int(ckpt.get("batch", 0)),
                   LossTally(float(ckpt.get("epoch_loss_sum", 0.0)), int(ckpt.get("epoch_loss_count", 0))))


class RunRecorder(Protocol):
    """Every write into the run directory the loop asks for (rank 0 writes; the others ignore it)."""

    def save_checkpoint(self, epochs_done: int, batch: int, loss_so_far: LossTally, best: bool = False) -> None:
        ...

    def log_batches(self, epoch: int, report: BatchReport, losses: list[float]) -> None:
        ...

    def epoch_recorded(self) -> None:
        ...


def on_device(x: torch.Tensor, batch_tf: Callable[[Any], Any] | None, *, device: torch.device,
              channels_last: bool) -> torch.Tensor:
    """A loader batch on the device, in the model's memory format, with the batched pipeline tail run."""
    x = x.to(device, non_blocking=True)
    if channels_last and x.dim() == 4:
        x = x.contiguous(memory_format=torch.channels_last)  # before the tail: 1-byte pixels copy cheaply
    if batch_tf is not None:
        x = batch_tf(x)  # elementwise: keeps the memory format
    return x


def mix_batch(x: torch.Tensor, y: torch.Tensor, mix: Callable[..., Any] | None, *,
              channels_last: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """(images, the loss's targets) for one train batch: the batch stage applied, if there is one.

    MixUp/CutMix give float32 soft labels [B, C] (``nn.CrossEntropyLoss`` takes class probabilities, with label
    smoothing and class weights as before); ``y``, the hard int64 labels, is left as it was for the counting.
    MixUp's blend returns a fresh tensor in the default memory format, so channels_last is restored.
    """
    if mix is None:
        return x, y
    x, target = mix(x, y)
    if channels_last and x.dim() == 4:
        x = x.contiguous(memory_format=torch.channels_last)
    return x, target


class EpochLoop:
    """Runs epochs over prepared parts; with ``features`` it trains the head on cached features."""

    def __init__(self, cfg: RunConfig, *, ctx: D.DistContext, stop: StopToken, callbacks: CallbackList,
                 say: Callable[[Message | str], None], prepared: PreparedModel, staged: Staged,
                 loaders: Loaders | None, features: CachedFeatures | None, optim: Optimization,
                 state: TrainState, recorder: RunRecorder, emit_interval_s: float, run_start: float,
                 ema: ModelEma | None = None) -> None:
        self.cfg, self.ctx, self.stop, self.cb, self.say = cfg, ctx, stop, callbacks, say
        self.ema = ema  # the weights' moving average (train.ema), updated after every optimizer step
        self.prepared, self.staged, self.loaders, self.features = prepared, staged, loaders, features
        self.optim, self.state, self.recorder = optim, state, recorder
        self.emit_interval_s, self.run_start = emit_interval_s, run_start
        self.model, self.device = prepared.model, prepared.device
        self.trainable = set(prepared.trainable)
        self.ddp_model = D.wrap(self.model, ctx, self.device)
        self.val_extras: dict[str, float] = {}  # what the last evaluate() measured beyond loss and accuracy

    def run_epoch(self, epoch: int, *, skip: int = 0, carried: LossTally | None = None,
                  extra_s: float = 0.0) -> EpochEnd:
        """Epoch ``epoch`` (0-based) from batch ``skip`` on; ``extra_s`` (setup time) counts in its seconds."""
        meter, stopped = self._train(epoch, skip, carried or LossTally())
        if stopped:
            self.recorder.save_checkpoint(epoch, meter.done, meter.tally())
            return EpochEnd.STOPPED
        return self._close(epoch, meter, extra_s)

    def _train(self, epoch: int, skip: int, carried: LossTally) -> tuple[BatchMeter, bool]:
        """The batches of one epoch; (the meter, whether a stop ended it before its last batch)."""
        cfg, optim = self.cfg, self.optim
        net, batches, autocast, batch_tf = self.train_batches(epoch, skip)
        params = [p for p in self.model.parameters() if p.requires_grad]
        meter = BatchMeter(epoch=epoch, epochs=cfg.train.epochs, batches_per_epoch=optim.batches_per_epoch,
                           skip=skip, carried=carried, device=self.device, interval_s=self.emit_interval_s,
                           run_start=self.run_start)
        stopped = False
        for x, y in batches:
            x = on_device(x, batch_tf, device=self.device, channels_last=self.prepared.channels_last)
            y = y.to(self.device, non_blocking=True)
            x, target = mix_batch(x, y, self.train_mix, channels_last=self.prepared.channels_last)
            loss = self.step(net, autocast, params, x, target)
            if self.ema is not None:
                self.ema.update(self.model, epoch)
            self.state.step += 1
            report = meter.add(loss, int(y.shape[0]), step=self.state.step, lr=optim.lr())
            if report is not None:
                self._report(epoch, report)
            if self.stop.paused:
                meter.pause(self.stop.wait_if_paused)
            if D.any_rank(self.ctx, self.stop.stop_requested, self.device) and not meter.finished:
                stopped = True
                break
        rest = meter.rest()
        if rest is not None:
            self._report(epoch, rest)
        return meter, stopped

    @property
    def train_mix(self) -> Callable[..., Any] | None:
        """The batch stage (MixUp/CutMix) for train batches; None with the feature cache (it never applies
        with a batch stage) or without one."""
        return None if self.features is not None else self.staged.train_mix

    def train_batches(self, epoch: int, skip: int = 0) -> tuple[nn.Module, Iterable[tuple[Any, Any]],
                                                                Callable[[], contextlib.AbstractContextManager],
                                                                Callable[[Any], Any] | None]:
        """What epoch ``epoch`` trains on, from batch ``skip``: (the network in train mode, its batches, the
        autocast context, the batched pipeline tail). The LR finder iterates the same batches."""
        cfg, optim = self.cfg, self.optim
        self._set_trainable(epoch)
        optim.sampler.set_epoch(epoch, skip * cfg.train.batch_size)
        if self.features is not None:
            net: nn.Module = self.features.head
            net.train()
            return net, self._feature_batches(), contextlib.nullcontext, None
        assert self.loaders is not None
        net = self.ddp_model
        net.train()
        set_frozen_bn_eval(self.model)
        return net, self.loaders.train, self.prepared.autocast, self.staged.train_batch_tf

    def step(self, net: nn.Module, autocast: Callable[[], contextlib.AbstractContextManager],
             params: list[nn.Parameter], x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """One optimizer step on one batch; returns the loss (on the device)."""
        train, optim = self.cfg.train, self.optim
        with autocast():
            out = net(x)
        loss = optim.criterion(out.float(), y)
        if train.l1 > 0:
            loss = loss + train.l1 * sum(p.abs().sum() for p in params)
        optim.optimizer.zero_grad(set_to_none=True)
        optim.scaler.scale(loss).backward()
        if train.grad_clip > 0:
            optim.scaler.unscale_(optim.optimizer)
            nn.utils.clip_grad_norm_(params, train.grad_clip)
        optim.scaler.step(optim.optimizer)
        optim.scaler.update()
        if optim.scheduler is not None and optim.scheduler_steps == "batch":
            optim.scheduler.step()
        return loss

    def _report(self, epoch: int, report: BatchReport) -> None:
        """One host sync for all batches of the report: log them, emit one BatchEnded."""
        if not self.ctx.is_main:
            return
        losses = torch.stack([row.loss for row in report.rows]).float().cpu().tolist()
        self.recorder.log_batches(epoch, report, losses)
        mem = (torch.cuda.max_memory_allocated(self.device) / 2**20) if self.device.type == "cuda" else 0.0
        last = report.rows[-1]
        self.cb.on_batch_end(BatchEnded(epoch=epoch + 1, epochs=self.cfg.train.epochs, batch=last.batch,
                                        batches=self.optim.batches_per_epoch, step=last.step, loss=losses[-1],
                                        lr=last.lr, images_per_s=report.images_per_s, eta_s=report.eta_s,
                                        gpu_mem_mb=mem))

    def _close(self, epoch: int, meter: BatchMeter, extra_s: float) -> EpochEnd:
        """Validate, step the epoch's schedule, record the epoch everywhere; how the run goes on."""
        cfg, optim, state = self.cfg, self.optim, self.state
        tally = meter.tally()
        loss_sum, images = D.all_reduce_sum(self.ctx, [tally.loss_sum, tally.images], self.device)
        train_loss = loss_sum / max(images, 1)
        val_loss, val_acc = self.evaluate()
        extras, self.val_extras = self.val_extras, {}
        ema = self.evaluate(averaged=True) if self.ema is not None else None
        self.val_extras = {}  # the raw weights' regression metrics are the ones recorded
        lr_used = optim.lr()
        if optim.scheduler is not None and optim.scheduler_steps == "epoch":
            optim.scheduler.step()
        elif optim.scheduler is not None and optim.scheduler_steps == "plateau":
            optim.scheduler.step(val_loss)
        seconds = meter.seconds() + extra_s
        is_best = state.record(epoch, train_loss=train_loss, val_loss=val_loss, val_acc=val_acc, lr=lr_used,
                               seconds=seconds, ema=ema, ema_export=cfg.train.ema_export)
        state.history[-1].update(extras)  # a regression run's MSE/MAE/RMSE/R² (metrics.csv columns after these)
        self.recorder.save_checkpoint(epoch + 1, 0, LossTally(), best=is_best)
        self.recorder.epoch_recorded()
        if self.ctx.is_main:
            self.cb.on_epoch_end(EpochEnded(epoch=epoch + 1, epochs=cfg.train.epochs, train_loss=train_loss,
                                            val_loss=val_loss, val_acc=val_acc, lr=lr_used, seconds=seconds,
                                            is_best=is_best, ema_val_loss=ema[0] if ema else None,
                                            ema_val_acc=ema[1] if ema else None,
                                            weights=state.weights if ema else None, extras=dict(extras)))
        return epoch_end(stale=state.stale, patience=cfg.train.early_stopping,
                         is_last=epoch + 1 >= cfg.train.epochs,
                         stop_requested=lambda: D.any_rank(self.ctx, self.stop.stop_requested, self.device))

    def _set_trainable(self, epoch: int) -> None:
        """Unfreeze what the freeze plan opens at ``epoch`` (gradual); DDP is rebuilt over the new set."""
        cfg = self.cfg
        wanted = zoo.trainable_at_epoch(self.prepared.group_names, cfg.freeze.plan, epoch, k=cfg.freeze.k,
                                        unfreeze_epoch=cfg.freeze.unfreeze_epoch)
        if wanted != self.trainable:
            zoo.apply_freeze(self.model, cfg.model.arch, wanted)
            self.trainable = wanted
            if self.ctx.active:  # DDP registers the trainable parameters when it is built
                self.ddp_model = D.wrap(self.model, self.ctx, self.device)
            trainable, total = zoo.param_counts(self.model)
            self.say(msg("training.unfreezing", epoch=epoch + 1, trainable=trainable, total=total))

    def _feature_batches(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        assert self.features is not None
        fs = self.features.train
        idx = torch.tensor(list(iter(self.optim.sampler)), dtype=torch.long, device=fs.features.device)
        bs = self.cfg.train.batch_size
        for i in range(0, len(idx), bs):
            chunk = idx[i:i + bs]
            if self.optim.drop_last and len(chunk) < bs:
                break
            yield fs.features[chunk], fs.labels[chunk]

    def _evaluate_regression(self, averaged: bool = False) -> tuple[float, float]:
        """Val loss (MSE, normalised targets) and R² in the accuracy's place; MSE/MAE/RMSE/R² in ``val_extras``.

        Under torchrun each rank measures its own share (rank 0's numbers are recorded). ``averaged``: of the
        EMA weights."""
        spec = self.staged.regression
        assert spec is not None
        if self.features is not None:
            self.features.head.eval()
            fs, bs = self.features.val, max(self.cfg.train.batch_size, 256)
            head = head_module(self.ema.module, self.cfg.model.arch).eval() if averaged and self.ema else None
            loss, metrics = evaluate_regression(
                head or self.features.head, ((fs.features[i:i + bs], fs.labels[i:i + bs]) for i in range(0, len(fs), bs)),
                prepare=lambda x: x, device=self.device, autocast=contextlib.nullcontext, norm=spec.norm,
                names=spec.names)
        else:
            assert self.loaders is not None
            self.model.eval()
            net = self.ema.module.eval() if averaged and self.ema is not None else self.model
            loss, metrics = evaluate_regression(
                net, self.loaders.val, device=self.device, autocast=self.prepared.autocast, norm=spec.norm,
                names=spec.names, prepare=lambda x: on_device(x, self.staged.val_batch_tf, device=self.device,
                                                              channels_last=self.prepared.channels_last))
        self.val_extras = epoch_extras(metrics)
        return loss, epoch_score(metrics)

    @torch.no_grad()
    def evaluate(self, averaged: bool = False) -> tuple[float, float]:
        """Val loss (plain cross-entropy: no smoothing, no class weights) and accuracy, summed over ranks.

        ``averaged``: of the EMA weights (:mod:`.ema`) instead of the raw ones."""
        if self.staged.regression is not None:
            return self._evaluate_regression(averaged)
        loss_sum = torch.zeros((), dtype=torch.float64, device=self.device)
        correct = torch.zeros((), dtype=torch.int64, device=self.device)
        count = 0
        if self.features is not None:
            self.features.head.eval()
            fs = self.features.val
            bs = max(self.cfg.train.batch_size, 256)
            batches: Any = ((fs.features[i:i + bs], fs.labels[i:i + bs]) for i in range(0, len(fs), bs))
            net: nn.Module = self.features.head
            if averaged:
                assert self.ema is not None
                net = head_module(self.ema.module, self.cfg.model.arch).eval()
            autocast: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext
            batch_tf = None
        else:
            assert self.loaders is not None
            self.model.eval()
            batches, net, autocast = self.loaders.val, self.model, self.prepared.autocast
            if averaged:
                assert self.ema is not None
                net = self.ema.module.eval()
            batch_tf = self.staged.val_batch_tf
        for x, y in batches:
            x = on_device(x, batch_tf, device=self.device, channels_last=self.prepared.channels_last)
            y = y.to(self.device, non_blocking=True)
            with autocast():
                out = net(x)
            out = out.float()
            loss_sum += nn.functional.cross_entropy(out, y, reduction="sum").double()
            correct += (out.argmax(1) == y).sum()
            count += int(y.shape[0])
        s, c, n = D.all_reduce_sum(self.ctx, [float(loss_sum.item()), float(correct.item()), count], self.device)
        return s / max(n, 1), c / max(n, 1)
