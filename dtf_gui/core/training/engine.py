"""The training engine: one loop for the GUI (in a QThread), the CLI and torchrun.

:func:`train` tells a run top-down: prepare the parts -- the data (:mod:`.staging`), the model on its device
(:mod:`.device`), the datasets and caches (:mod:`.staging`), the run directory (here), the optimizer,
schedule and sampler (:mod:`.schedule`) -- each step returning a frozen record for the next; then the
epoch loop (:mod:`.loop`, counting with :mod:`.meter`); then the record of how the run ended. The run
directory is written here only, as it goes::

    <runs_dir>/<YYYYmmdd-HHMMSS>-<arch>/
        config.json            the RunConfig as used
        run.json               arch, classes, head recipe, input size, status, best epoch/acc, versions
        metrics.csv            epoch,train_loss,val_loss,val_acc,lr,seconds  (one row per finished epoch)
        batches.csv            epoch,batch,step,loss,lr,images_per_s,seconds (every batch)
        checkpoints/last.pt    written atomically after every epoch and on stop
        checkpoints/best.pt    the epoch with the best val accuracy
        tb/                    TensorBoard event files (train.tensorboard; :mod:`.tensorboard`)

The names of these files, and how they are written and read, live in :mod:`dtf_gui.core.runs.rundir`
(re-exported here for callers that know the engine); a run directory is locked (``train.lock``) while a
process trains it, so a second trainer is refused.

Checkpoints are plain dicts of tensors and numbers (``torch.load(..., weights_only=True)`` loads them):
"model" is a plain torchvision state_dict (no ``module.`` prefix), plus "optimizer", "scheduler",
"scaler", "rng", "epoch", "batch" (progress inside an unfinished epoch), "history", "classes", "arch",
"config". ``train(config, resume=run_dir)`` continues from ``last.pt`` -- after a stop mid-epoch it
continues at the next batch with the same sample order and RNG state; after a crash or ``kill -9`` it
redoes the unfinished epoch -- and ``metrics.csv`` keeps the earlier rows. Losses stay on the device and
are read ~20 times a second (no per-batch host sync).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.config import RunConfig
from dtf_gui.core.devices import device_name
from dtf_gui.core.errors import Cancelled, DtfError, TrainingError
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.models.zoo import head_recipe, param_counts
from dtf_gui.core.runs.rundir import (
    BATCH_COLUMNS,
    CHECKPOINT_FORMAT,
    CHECKPOINTS,
    CONFIG_JSON,
    METRICS_COLUMNS,
    RunLock,
    checkpoint_epoch,
    checkpoint_path,
    load_checkpoint,
    lock_run,
    new_run_dir,
    open_batch_log,
    read_metrics,
    remove_leftover_temporaries,
    repair_best_checkpoint,
    versions,
    write_metrics,
    write_run_json,
)
from dtf_gui.core.runs.rundir import save_checkpoint as write_checkpoint
from dtf_gui.core.training import distributed as D
from dtf_gui.core.training.callbacks import CallbackList
from dtf_gui.core.training.device import PreparedModel, prepare_model, resolve_device
from dtf_gui.core.training.ema import ModelEma, make_ema
from dtf_gui.core.training.events import RunEnded, RunStarted
from dtf_gui.core.training.failure import failure_message, out_of_memory
from dtf_gui.core.training.loop import EpochEnd, EpochLoop, StartPoint, TrainState
from dtf_gui.core.training.meter import BatchReport, LossTally
from dtf_gui.core.training.regression import run_info as regression_run_info
from dtf_gui.core.training.rng import capture_rng, restore_rng, seed_everything
from dtf_gui.core.training.schedule import Optimization, build_scheduler, prepare_optimization
from dtf_gui.core.training.staging import (
    Loaders,
    PreparedData,
    Staged,
    cache_features,
    fill_caches,
    make_loaders,
    prepare_data,
    stage,
)
from dtf_gui.core.training.tensorboard import TensorBoardLog

__all__ = ["BATCH_COLUMNS", "CHECKPOINT_FORMAT", "EMIT_INTERVAL_S", "METRICS_COLUMNS", "Parts", "RunResult",
           "build_scheduler", "checkpoint_epoch", "load_checkpoint", "new_run_dir", "prepare_parts", "read_metrics",
           "repair_best_checkpoint", "resolve_device", "seed_everything", "train"]

EMIT_INTERVAL_S = 0.05  # batch events (and host syncs) at most ~20 Hz; read when a run starts


@dataclass
class RunResult:
    run_dir: Path
    status: str  # "completed" | "stopped" | "early_stopped"
    epochs_done: int
    best_val_acc: float
    best_epoch: int
    history: list[dict[str, Any]] = field(default_factory=list)
    message: Message | str = ""  # how the run ended, for the user (``str()`` renders it)
    seconds: float = 0.0

    @property
    def final_val_acc(self) -> float:
        return float(self.history[-1]["val_acc"]) if self.history else float("nan")


def train(config: RunConfig, *, callbacks: Any = None, stop: StopToken | None = None,
          resume: str | Path | None = None) -> RunResult:
    """Train as ``config`` says and return what happened; ``resume`` continues an earlier run directory.

    ``callbacks`` implements (some of) :class:`~dtf_gui.core.training.callbacks.Callbacks`; ``stop`` is
    checked between batches (pause waits, stop finishes the batch, saves ``last.pt`` and returns with
    status "stopped"). Errors are raised as DtfError subclasses after ``run.json`` says "failed".
    """
    config.validate()
    return _Trainer(config, callbacks, stop, Path(resume) if resume is not None else None).run()


@dataclass(frozen=True)
class Parts:
    """The prepared run, as its checkpoints and events describe it."""

    data: PreparedData
    prepared: PreparedModel
    staged: Staged
    optim: Optimization


def prepare_parts(config: RunConfig, *, device: torch.device, stop: StopToken | None = None,
                  say: Callable[[Message | str], None] | None = None) -> tuple[Parts, Loaders | None]:
    """The parts :func:`train` would run ``config`` on (one process, no run directory, no checkpoint).

    The same steps in the same order as a run -- seed, data, model with its head and freeze plan, staging,
    optimizer, sampler and loaders -- so that a use case working on "what training would do" (the LR
    finder) does not keep a second recipe. Seeds the global RNGs as a run does: callers that must leave
    them alone save and restore them. Loaders are None when the frozen-backbone feature cache applies.
    """
    config.validate()
    ctx = D.DistContext()
    stop = stop or StopToken()
    say = say or (lambda _text: None)
    data, prepared, staged = _stage_parts(config, device=device, ctx=ctx, checkpoint=None, stop=stop, say=say)
    return _optimization_parts(config, data, prepared, staged, device=device, ctx=ctx, checkpoint=None)


def _stage_parts(cfg: RunConfig, *, device: torch.device, ctx: D.DistContext, checkpoint: dict[str, Any] | None,
                 stop: StopToken, say: Callable[[Message | str], None]
                 ) -> tuple[PreparedData, PreparedModel, Staged]:
    """Seed, then the data, the model on its device and the staged datasets (a run's first steps)."""
    seed_everything(cfg.seed + ctx.rank)
    data = prepare_data(cfg, stop, say)
    prepared = prepare_model(cfg, data.classes, device=device, ctx=ctx, train_random=data.train_random,
                             val_random=data.val_random, checkpoint=checkpoint, say=say,
                             batch_stage=data.train_mix is not None)
    staged = stage(cfg, data, use_features=prepared.use_features, world_size=ctx.world_size, say=say)
    return data, prepared, staged


def _optimization_parts(cfg: RunConfig, data: PreparedData, prepared: PreparedModel, staged: Staged, *,
                        device: torch.device, ctx: D.DistContext, checkpoint: dict[str, Any] | None
                        ) -> tuple[Parts, Loaders | None]:
    """Optimizer, schedule, sampler and loaders over the staged parts (a run's last preparing steps)."""
    optim = prepare_optimization(cfg, prepared.model, data.base_train.targets, len(data.classes),
                                 device=device, precision=prepared.precision, ctx=ctx, checkpoint=checkpoint)
    loaders = None if prepared.use_features else make_loaders(staged, optim.sampler, optim.drop_last, cfg=cfg,
                                                               ctx=ctx, device=device)
    return Parts(data, prepared, staged, optim), loaders


def _best_score(state: TrainState) -> float:
    """The best epoch's accuracy (a regression run: its R², which may be below 0); 0 before any epoch."""
    return state.best_acc if state.history else 0.0


class _Trainer:
    """One run: prepare the parts, run the epochs, record the end; the one writer of its run directory."""

    def __init__(self, cfg: RunConfig, callbacks: Any, stop: StopToken | None, resume: Path | None) -> None:
        self.cfg = cfg
        # the event files of the run (rank 0 only: the engine calls callbacks there only); it warns through say
        self._tb = TensorBoardLog(cfg, say=self.say) if cfg.train.tensorboard else None
        self.cb = CallbackList([callbacks, self._tb])
        self.stop = stop or StopToken()
        self.resume = resume
        self.t_start = time.perf_counter()
        self.ctx = D.DistContext()
        self.device = torch.device("cpu")
        self.status = "failed"
        self.state = TrainState()
        self.input_size: list[int] | None = None  # measured once staged (the out-of-memory message names it)
        self.parts: Parts | None = None  # once every part is prepared (checkpoints need them all)
        self.ema: ModelEma | None = None  # the weights' moving average (train.ema), in every checkpoint
        self.run_dir: Path | None = None
        self.run_info: dict[str, Any] = {}
        self._batch_log: Any = None
        self._batch_writer: Any = None
        self._lock: RunLock | None = None
        self._resume_notes: list[Message] = []
        self._end_message: Message | str = ""

    def say(self, text: Message | str) -> None:
        """A status line for the user; callbacks get the Message itself, to render in their language."""
        if self.ctx.is_main:
            self.cb.on_message(text)

    # -- the story ----------------------------------------------------------------------------------
    def run(self) -> RunResult:
        device = resolve_device(self.cfg.device)
        self.ctx = D.setup(device.type)
        try:
            self.device = D.rank_device(device, self.ctx)
            try:
                return self._run()
            except Exception as e:
                message = failure_message(e, self.cfg, device=self.device, input_size=self.input_size,
                                          run_dir=self.run_dir)
                self._finish("failed", str(message))
                if isinstance(e, DtfError):
                    raise
                if out_of_memory(e):
                    raise TrainingError(message) from e
                raise
        finally:
            if self._batch_log is not None:
                self._batch_log.close()
            if self._lock is not None:
                self._lock.release()
            D.cleanup(self.ctx)

    def _run(self) -> RunResult:
        """Prepare every part, fill the caches, run the epochs; every way out records how the run ended."""
        cfg, ctx, say = self.cfg, self.ctx, self.say
        ckpt = self._load_resume() if self.resume is not None else None
        parts, loaders = self._prepare(ckpt)
        prepared, staged = parts.prepared, parts.staged
        self.ema = make_ema(prepared.model, enabled=cfg.train.ema, decay=cfg.train.ema_decay,
                            warmup_epochs=cfg.train.ema_warmup_epochs, checkpoint=ckpt)
        start = StartPoint.of(ckpt)
        if ckpt is not None:
            restore_rng(ckpt["rng"])
        self._announce(start.epoch)
        for note in self._resume_notes:
            say(note)
        if start.epoch >= cfg.train.epochs:
            return self._end("completed", msg("training.nothing_left"))
        t0 = time.perf_counter()  # the cache fill and feature extraction count in the first epoch's time
        features = None
        if prepared.use_features:
            try:
                features = cache_features(prepared, staged, cfg, ctx.rank, self.stop, say)
            except Cancelled:
                self.save_checkpoint(start.epoch, start.skip, start.carried)
                return self._end("stopped", msg("training.stopped_features"))
        else:
            fill_caches(staged, cfg, ctx.world_size, self.stop, say)
            if self.stop.stop_requested:
                self.save_checkpoint(start.epoch, start.skip, start.carried)
                return self._end("stopped", msg("training.stopped_filling"))
        setup_s = time.perf_counter() - t0
        loop = EpochLoop(cfg, ctx=ctx, stop=self.stop, callbacks=self.cb, say=say, prepared=prepared, staged=staged,
                         loaders=loaders, features=features, optim=parts.optim, state=self.state, recorder=self,
                         emit_interval_s=EMIT_INTERVAL_S, run_start=self.t_start, ema=self.ema)
        for epoch in range(start.epoch, cfg.train.epochs):
            first = epoch == start.epoch
            ended = loop.run_epoch(epoch, skip=start.skip if first else 0,
                                   carried=start.carried if first else LossTally(), extra_s=setup_s if first else 0.0)
            if ended is not EpochEnd.COMPLETED:
                return self._end(*self._ending(ended, epoch))
        return self._end("completed", "")

    def _prepare(self, ckpt: dict[str, Any] | None) -> tuple[Parts, Loaders | None]:
        """Each step from the records of the ones before: data, model, staging, run directory, optimization."""
        cfg, ctx = self.cfg, self.ctx
        data, prepared, staged = _stage_parts(cfg, device=self.device, ctx=ctx, checkpoint=ckpt, stop=self.stop,
                                              say=self.say)
        self.input_size = staged.input_size
        self.state = TrainState.from_checkpoint(ckpt) if ckpt is not None else TrainState()
        self._open_run_dir(ckpt, data, prepared, staged)
        self.parts, loaders = _optimization_parts(cfg, data, prepared, staged, device=self.device, ctx=ctx,
                                                  checkpoint=ckpt)
        return self.parts, loaders

    def _ending(self, ended: EpochEnd, epoch: int) -> tuple[str, Message]:
        """The run's status and closing line for an epoch that ended it."""
        if ended is EpochEnd.STOPPED:
            return "stopped", msg("training.stopped_during", epoch=epoch + 1)
        if ended is EpochEnd.EARLY_STOPPED:
            return "early_stopped", msg("training.early_stopped", n=self.cfg.train.early_stopping)
        return "stopped", msg("training.stopped_after", epoch=epoch + 1)

    def _end(self, status: str, message: Message | str) -> RunResult:
        self._finish(status, message)
        state = self.state
        return RunResult(self.run_dir or Path(), self.status, len(state.history), _best_score(state),
                         state.best_epoch, list(state.history), self._end_message, time.perf_counter() - self.t_start)

    def _load_resume(self) -> dict[str, Any]:
        assert self.resume is not None
        if not self.resume.is_dir():
            raise TrainingError(msg("training.resume_not_a_run", path=str(self.resume)))
        if self.ctx.is_main:  # before anything in it is read or repaired: another process may be training it
            self._lock = lock_run(self.resume)
            self._resume_notes.extend(self._lock.notes)
        last = checkpoint_path(self.resume, "last")
        if not last.is_file():
            raise TrainingError(msg("training.resume_no_last", path=str(self.resume)))
        ckpt = load_checkpoint(last)
        if ckpt.get("arch") != self.cfg.model.arch:
            raise TrainingError(msg("training.resume_other_arch", path=str(self.resume), arch=ckpt.get("arch"),
                                    want=self.cfg.model.arch))
        if self.ctx.is_main:
            remove_leftover_temporaries(self.resume / CHECKPOINTS)
            self._resume_notes.extend(repair_best_checkpoint(self.resume / CHECKPOINTS, ckpt))
        return ckpt

    def _announce(self, start_epoch: int) -> None:
        assert self.parts is not None
        data, prepared, optim = self.parts.data, self.parts.prepared, self.parts.optim
        trainable, total = param_counts(prepared.model)
        if self.ctx.is_main:
            self.cb.on_run_start(RunStarted(
                run_dir=str(self.run_dir), device=str(self.device), device_name=device_name(self.device),
                arch=self.cfg.model.arch, classes=list(data.classes), epochs=self.cfg.train.epochs,
                batches_per_epoch=optim.batches_per_epoch, trainable_params=trainable, total_params=total,
                start_epoch=start_epoch, precision=prepared.precision, channels_last=prepared.channels_last,
                feature_cache=prepared.use_features, world_size=self.ctx.world_size, start_step=self.state.step))

    def _finish(self, status: str, message: Message | str) -> None:
        state = self.state
        self.status = status
        self._end_message = message
        self.run_info.update(status=status, message=render(message, "en"),
                             message_msg=message.to_json() if isinstance(message, Message) else None,
                             epochs_done=len(state.history),
                             best_epoch=state.best_epoch,
                             best_val_acc=_best_score(state) if state.history else None)
        if self._batch_log is not None:
            self._batch_log.flush()
        with contextlib.suppress(Exception):
            self._write_run_json()
        if self.ctx.is_main:
            self.cb.on_run_end(RunEnded(run_dir=str(self.run_dir or ""), status=status, epochs_done=len(state.history),
                                        best_val_acc=_best_score(state), message=message,
                                        best_epoch=state.best_epoch, history=list(state.history)))

    # -- the run directory: every write the run makes (the loop's RunRecorder) ------------------------
    def _open_run_dir(self, ckpt: dict[str, Any] | None, data: PreparedData, prepared: PreparedModel,
                      staged: Staged) -> None:
        cfg, state = self.cfg, self.state
        run_dir = self.resume if ckpt is not None else (new_run_dir(cfg.runs_dir, cfg.model.arch)
                                                        if self.ctx.is_main else None)
        if ckpt is None and run_dir is not None:  # so that a `--resume` of it from elsewhere is refused meanwhile
            self._lock = lock_run(run_dir)
        self.run_dir = Path(D.broadcast_object(self.ctx, None if run_dir is None else str(run_dir)))
        trainable, total = param_counts(prepared.model)
        self.run_info = {
            "arch": cfg.model.arch, "classes": data.classes, "num_classes": len(data.classes),
            "head_recipe": head_recipe(cfg.model.arch, len(data.classes), cfg.model.dropout),
            "input_size": staged.input_size, "status": "running", "message": "",
            "epochs": cfg.train.epochs, "epochs_done": len(state.history), "best_epoch": state.best_epoch,
            "best_val_acc": _best_score(state) if state.history else None,
            "device": str(self.device), "device_name": device_name(self.device), "precision": prepared.precision,
            "channels_last": prepared.channels_last, "feature_cache": prepared.use_features,
            "decode_cache": staged.cache_notes, "world_size": self.ctx.world_size,
            "train_images": len(data.base_train), "val_images": len(data.base_val),
            "trainable_params": trainable, "total_params": total, "data_root": str(cfg.data.root),
            "versions": versions(), "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        if data.regression is not None:
            self.run_info.update(regression_run_info(data.regression))
        if not self.ctx.is_main:
            return
        assert self.run_dir is not None
        checkpoint_path(self.run_dir, "last").parent.mkdir(parents=True, exist_ok=True)
        cfg.save(self.run_dir / CONFIG_JSON)
        self._write_run_json()
        self._write_metrics()
        self._batch_log, self._batch_writer = open_batch_log(
            self.run_dir, int(ckpt.get("step", 0)) if ckpt is not None else None)

    def _write_run_json(self) -> None:
        if self.ctx.is_main and self.run_dir is not None:
            write_run_json(self.run_dir, self.run_info)

    def _write_metrics(self) -> None:
        if self.ctx.is_main and self.run_dir is not None:
            write_metrics(self.run_dir, self.state.history)

    def log_batches(self, epoch: int, report: BatchReport, losses: list[float]) -> None:
        """Append the report's batches to batches.csv (rank 0: the loop calls it there only)."""
        for row, loss in zip(report.rows, losses, strict=True):
            self._batch_writer.writerow([epoch + 1, row.batch, row.step, f"{loss:.6g}", f"{row.lr:.6g}",
                                         f"{report.images_per_s:.4g}", f"{row.seconds:.4f}"])
        if self._batch_log is not None:
            self._batch_log.flush()
        if self._tb is not None:
            self._tb.add_batches([(row.step, loss, row.lr) for row, loss in zip(report.rows, losses, strict=True)],
                                 report.images_per_s)

    def epoch_recorded(self) -> None:
        """An epoch was added to the history: metrics.csv and run.json follow."""
        state = self.state
        self._write_metrics()
        self.run_info.update(epochs_done=len(state.history), best_epoch=state.best_epoch, best_val_acc=state.best_acc)
        if self.ema is not None:
            self.run_info["best_weights"] = state.best_weights  # "ema" or "raw": what best.pt is used with
        self._write_run_json()

    def _checkpoint(self, epochs_done: int, batch: int, loss_so_far: LossTally) -> dict[str, Any]:
        assert self.parts is not None
        data, prepared, optim, state = self.parts.data, self.parts.prepared, self.parts.optim, self.state
        return {
            "format": CHECKPOINT_FORMAT,
            "model": D.clean_state_dict(D.unwrap(prepared.model).state_dict()),
            "optimizer": optim.optimizer.state_dict(),
            "scheduler": optim.scheduler.state_dict() if optim.scheduler is not None else {},
            "scaler": optim.scaler.state_dict() if optim.scaler.is_enabled() else {},
            "rng": capture_rng(),
            "epoch": int(epochs_done), "batch": int(batch), "step": int(state.step),
            "epoch_loss_sum": float(loss_so_far.loss_sum), "epoch_loss_count": int(loss_so_far.images),
            "history": [dict(r) for r in state.history],
            "best_val_acc": float(state.best_acc), "best_val_loss": float(state.best_loss),
            "best_epoch": int(state.best_epoch), "stale_epochs": int(state.stale),
            "classes": list(data.classes), "arch": self.cfg.model.arch,
            "num_classes": len(data.classes), "dropout": float(self.cfg.model.dropout),
            "input_size": self.parts.staged.input_size, "precision": prepared.precision,
            "channels_last": prepared.channels_last, "config": self.cfg.to_json(),
            **self._ema_checkpoint(),
            **(regression_run_info(data.regression) if data.regression is not None else {}),
        }

    def _ema_checkpoint(self) -> dict[str, Any]:
        """The average and which weights this checkpoint is used with ("weights": the export and evaluation
        read ``ema["model"]`` when it says "ema"); nothing without train.ema."""
        if self.ema is None:
            return {}
        return {"ema": self.ema.state_dict(), "weights": self.state.weights, "best_weights": self.state.best_weights}

    def save_checkpoint(self, epochs_done: int, batch: int, loss_so_far: LossTally, best: bool = False) -> None:
        if not self.ctx.is_main or self.run_dir is None:
            return
        write_checkpoint(self.run_dir, self._checkpoint(epochs_done, batch, loss_so_far), best=best)
