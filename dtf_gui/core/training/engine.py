"""The training engine: one loop for the GUI (in a QThread), the CLI and torchrun.

What it does, in order: scan the data, build the pipeline and the model, pick device / precision /
memory format, then train epoch by epoch, writing a run directory as it goes::

    <runs_dir>/<YYYYmmdd-HHMMSS>-<arch>/
        config.json            the RunConfig as used
        run.json               arch, classes, head recipe, input size, status, best epoch/acc, versions
        metrics.csv            epoch,train_loss,val_loss,val_acc,lr,seconds  (one row per finished epoch)
        batches.csv            epoch,batch,step,loss,lr,images_per_s,seconds (every batch)
        checkpoints/last.pt    written atomically after every epoch and on stop
        checkpoints/best.pt    the epoch with the best val accuracy

The names of these files, and how they are written and read, live in :mod:`dtf_gui.core.runs.rundir`; a
run directory is locked (``train.lock``) while a process trains it, so a second trainer is refused.
Checkpoints are plain dicts of tensors and numbers (``torch.load(..., weights_only=True)`` loads them):
"model" is a plain torchvision state_dict (no ``module.`` prefix), plus "optimizer", "scheduler",
"scaler", "rng", "epoch", "batch" (progress inside an unfinished epoch), "history", "classes", "arch",
"config". ``train(config, resume=run_dir)`` continues from ``last.pt`` -- after a stop mid-epoch it
continues at the next batch with the same sample order and RNG state; after a crash or ``kill -9`` it
redoes the unfinished epoch -- and ``metrics.csv`` keeps the earlier rows.

Speed, without changing what is learned:

* precision "auto": bf16 autocast on CUDA (fp16 + GradScaler where bf16 is missing); on CPUs with
  native bf16 (AVX512-BF16/AMX) for the dense-convolution families (ResNet, RegNet, ConvNeXt), where it
  measured ~2x; fp32 for depthwise families (MobileNet, EfficientNet), where bf16 measured slower.
  channels_last "auto": on for convnets on CPU and with autocast on CUDA.
* decode-once cache (``data.cache``): the start of a pipeline up to its first random step gives the same
  output every epoch, so it is computed once per image and kept in memory (cut at the latest point
  before the output becomes a float tensor, e.g. the resized PIL image or the uint8 tensor after
  ``ToImage``; ToDtype/Normalize are cheap to redo and floats would take 4x the memory); random steps and
  everything after them run every epoch as usual. "auto" uses it when loading in the training process (``workers=0``) and the
  cache fits in a quarter of the free memory (at most 4 GiB). It is filled before the first epoch --
  on several threads when an image is slow to prepare (Pillow's decode and resize release the GIL) --
  and that time is counted in the first epoch's seconds.
* batched pipeline tail: trailing ``ToDtype``/``Normalize`` steps are elementwise, so they run once per
  batch, after the move to the device and the switch to channels_last, instead of once per image; the
  loader collates and moves uint8 pixels (a quarter of the bytes). The numbers are bit-identical to the
  per-image pipeline (tested); data time per 112-px demo epoch fell from 0.27 s to 0.03 s.
* frozen-backbone feature cache (``train.feature_cache``, see :mod:`.features`).
* no per-batch host syncs: losses stay on the device and are read ~20 times a second.
"""

from __future__ import annotations

import contextlib
import copy
import math
import multiprocessing
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from dtf_gui.core.cancel import StopToken, Throttle
from dtf_gui.core.config import RunConfig
from dtf_gui.core.data.datasets import make_datasets
from dtf_gui.core.data.scan import scan
from dtf_gui.core.devices import available_devices, device_name
from dtf_gui.core.errors import Cancelled, ConfigError, DtfError, TrainingError
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.models import zoo
from dtf_gui.core.models.build import build_model
from dtf_gui.core.models.zoo import arch_info, head_recipe, param_counts, set_frozen_bn_eval
from dtf_gui.core.pipeline.build import build_steps
from dtf_gui.core.pipeline.registry import REGISTRY
from dtf_gui.core.runs.rundir import (  # noqa: F401 -- re-exported: the names callers import from the engine
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
    repair_best_checkpoint,
    save_checkpoint,
    write_metrics,
    write_run_json,
)
from dtf_gui.core.runs.rundir import csv_text as _csv_text  # noqa: F401
from dtf_gui.core.runs.rundir import remove_leftover_temporaries as _remove_leftover_temporaries
from dtf_gui.core.runs.rundir import versions as _versions
from dtf_gui.core.training import distributed as D
from dtf_gui.core.training.callbacks import CallbackList
from dtf_gui.core.training.events import BatchEnded, EpochEnded, RunEnded, RunStarted
from dtf_gui.core.training.features import FeatureSet, cache_applies, extract_features, head_module

EMIT_INTERVAL_S = 0.05  # batch events (and host syncs) at most ~20 Hz
CACHE_MAX_BYTES = 4 << 30
CACHE_FILL_THREADS = 8  # at most; never more than the CPU count
FILL_THREADS_MIN_S = 2e-3  # an image must take this long to prepare for a threaded cache fill to pay off
_CPU_BF16_FAMILIES = frozenset({"resnet", "regnet", "convnext"})


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


# -- device, precision, memory format -------------------------------------------------------------
def resolve_device(name: str) -> torch.device:
    """"auto" -> cuda, then mps, then cpu; an explicit device must exist (TrainingError otherwise)."""
    name = (name or "auto").strip().lower()
    if name == "auto":
        return torch.device(available_devices()[0].kind)  # best first: cuda, then mps, then cpu
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise TrainingError(msg("training.no_cuda", name=name))
        dev = torch.device(name)
        if dev.index is not None and dev.index >= torch.cuda.device_count():
            raise TrainingError(msg("training.no_such_cuda", name=name, n=torch.cuda.device_count()))
        return dev
    if name == "mps":
        if not (getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()):
            raise TrainingError(msg("training.no_mps"))
        return torch.device("mps")
    if name == "cpu":
        return torch.device("cpu")
    raise ConfigError(msg("training.bad_device", name=repr(name)), field="device")


def cpu_bf16_supported() -> bool:
    """True when the CPU has native bf16 instructions (oneDNN's check)."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # noqa: BLE001 - older builds lack the op
        return False


def _family(arch: str) -> str:
    try:
        return arch_info(arch).family
    except Exception:  # noqa: BLE001
        return arch


def resolve_precision(precision: str, device: torch.device, arch: str) -> str:
    """"auto" -> the fastest precision that is safe for training on this device and architecture."""
    if precision == "fp32":
        return "fp32"
    if device.type == "cuda":
        bf16_ok = torch.cuda.is_bf16_supported()
        if precision == "auto":
            return "bf16" if bf16_ok else "fp16"
        if precision == "bf16" and not bf16_ok:
            raise TrainingError(msg("training.no_bf16"))
        return precision
    if device.type == "cpu":
        if precision == "fp16":
            raise TrainingError(msg("training.fp16_needs_cuda"))
        if precision == "bf16":
            return "bf16"
        return "bf16" if cpu_bf16_supported() and _family(arch) in _CPU_BF16_FAMILIES else "fp32"
    return "fp32" if precision == "auto" else precision  # mps


def resolve_channels_last(value: str | bool, device: torch.device, precision: str) -> bool:
    if isinstance(value, bool):
        return value
    if device.type == "cuda":
        return precision in ("bf16", "fp16")
    return device.type == "cpu"


def _amp_dtype(precision: str) -> torch.dtype | None:
    return {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)


# -- reproducibility ---------------------------------------------------------------------------------
def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % (2**32))
    torch.manual_seed(seed)


def capture_rng() -> dict[str, Any]:
    """All RNG states as tensors and plain numbers (loadable with ``weights_only=True``)."""
    version, state, gauss = random.getstate()
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    out: dict[str, Any] = {
        "python": {"version": int(version), "state": torch.tensor(state, dtype=torch.int64), "gauss": gauss},
        "numpy": {"kind": str(kind), "keys": torch.from_numpy(np.asarray(keys, dtype=np.int64)),
                  "pos": int(pos), "has_gauss": int(has_gauss), "cached": float(cached)},
        "torch": torch.get_rng_state(),
        "cuda": [],
    }
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        out["cuda"] = torch.cuda.get_rng_state_all()
    return out


def restore_rng(rng: dict[str, Any]) -> None:
    py = rng["python"]
    random.setstate((int(py["version"]), tuple(int(v) for v in py["state"].tolist()), py["gauss"]))
    npst = rng["numpy"]
    np.random.set_state((npst["kind"], npst["keys"].numpy().astype(np.uint32), int(npst["pos"]),
                         int(npst["has_gauss"]), float(npst["cached"])))
    torch.set_rng_state(rng["torch"])
    if rng.get("cuda") and torch.cuda.is_available():
        with contextlib.suppress(Exception):
            torch.cuda.set_rng_state_all(list(rng["cuda"]))


# -- samplers and datasets -----------------------------------------------------------------------------
class EpochSampler(torch.utils.data.Sampler[int]):
    """The sample order of one epoch, a pure function of (seed, epoch): resumable mid-epoch.

    Single process: a seeded permutation (or, with ``weights``, a seeded weighted draw with replacement
    -- a WeightedRandomSampler). Several processes: torch's ``DistributedSampler`` (padded, ``rank::world``)
    or, with weights, the same padding and sharding over one weighted draw shared by all ranks.
    ``set_epoch(epoch, skip)`` picks the epoch and how many leading indices were already trained on.
    """

    def __init__(self, n: int, *, seed: int, weights: torch.Tensor | None = None,
                 rank: int = 0, world: int = 1) -> None:
        self.n, self.seed, self.weights, self.rank, self.world = n, seed, weights, rank, max(1, world)
        self.epoch = 0
        self.skip = 0
        self.per_rank = math.ceil(n / self.world)

    def set_epoch(self, epoch: int, skip: int = 0) -> None:
        self.epoch, self.skip = epoch, max(0, skip)

    def indices(self) -> list[int]:
        if self.weights is None and self.world > 1:
            inner = torch.utils.data.DistributedSampler(range(self.n), num_replicas=self.world, rank=self.rank,
                                                        shuffle=True, seed=self.seed, drop_last=False)
            inner.set_epoch(self.epoch)
            return list(inner)
        g = torch.Generator().manual_seed(self.seed + self.epoch)
        total = self.per_rank * self.world
        if self.weights is not None:
            idx = torch.multinomial(self.weights, total, replacement=True, generator=g).tolist()
        else:
            idx = torch.randperm(self.n, generator=g).tolist()
            idx += idx[: total - len(idx)]
        return idx[self.rank:total:self.world]

    def __iter__(self) -> Iterator[int]:
        return iter(self.indices()[self.skip:])

    def __len__(self) -> int:
        return max(0, self.per_rank - self.skip)


# trailing pipeline steps the engine runs once per batch on the device instead of once per image
BATCH_STEPS = frozenset({"ToDtype", "Normalize"})


def _nbytes(x: Any) -> int | None:
    if isinstance(x, torch.Tensor):
        return x.numel() * x.element_size()
    if isinstance(x, np.ndarray):
        return int(x.nbytes)
    try:
        from PIL import Image

        if isinstance(x, Image.Image):
            return x.width * x.height * len(x.getbands()) * (4 if x.mode in ("I", "F") else 1)
    except ImportError:  # pragma: no cover
        pass
    return None


class StagedDataset(torch.utils.data.Dataset):
    """``load_rgb`` -> deterministic ``prefix`` (optionally computed once and kept) -> ``rest``.

    Plain attributes only, so it pickles into spawn/forkserver workers.
    """

    def __init__(self, base: Any, prefix: Callable[[Any], Any] | None, rest: Callable[[Any], Any] | None,
                 cache: bool) -> None:
        self.base = base
        self.prefix = prefix
        self.rest = rest
        self.store: dict[int, Any] | None = {} if cache else None

    def __len__(self) -> int:
        return len(self.base)

    @property
    def targets(self) -> list[int]:
        return list(self.base.targets)

    def fill(self, threads: int, stop: StopToken | None = None, probe: int = 0) -> int:
        """Compute and keep every image's prefix now, on up to ``threads`` threads; returns how many were added.

        The prefix is deterministic, so the order does not matter and the result equals filling the cache
        one image at a time during the first epoch. ``stop`` ends it early (what is done stays kept).
        With ``probe`` > 0 the first ``probe`` images are timed one by one and threads are used only when
        an image takes at least ``FILL_THREADS_MIN_S``: threads pay off where decoding and resizing (which
        release the GIL) dominate, as for photos; on tiny images the Python around them holds the GIL and
        threads only add contention (the 32-px demo digits filled in 0.40 s serially, 0.61 s on 2 threads).
        """
        if self.store is None:
            return 0
        store = self.store
        before = len(store)
        todo = [i for i in range(len(self)) if i not in store]

        def one(i: int) -> None:
            if stop is not None and stop.stop_requested:
                return
            x, _ = self.base[i]
            store[i] = self.prefix(x) if self.prefix is not None else x

        if threads > 1 and probe > 0:  # time a few images one by one: are threads worth it?
            head, todo = todo[:probe], todo[probe:]
            t0 = time.perf_counter()
            for i in head:
                one(i)
            if head and (time.perf_counter() - t0) / len(head) < FILL_THREADS_MIN_S:
                threads = 1
        if threads <= 1 or len(todo) < 2:
            for i in todo:
                one(i)
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dtf-cache") as pool:
                for _ in pool.map(one, todo, chunksize=max(1, len(todo) // (threads * 8))):
                    pass
        return len(store) - before

    def __getitem__(self, i: int) -> tuple[Any, int]:
        x = None if self.store is None else self.store.get(i)
        if x is None:
            x, y = self.base[i]
            if self.prefix is not None:
                x = self.prefix(x)
            if self.store is not None:
                self.store[i] = x
        else:
            y = self.base.samples[i][1]
            if isinstance(x, torch.Tensor) and self.rest is not None:
                x = x.clone()  # a later in-place step must not change the cached copy (collate copies anyway)
        if self.rest is not None:
            x = self.rest(x)
        return x, y


def _in_place(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``fn`` working in place where it can (Normalize): on a batch the engine owns, a copy is wasted work."""
    if getattr(fn, "inplace", True) is False:
        fn = copy.copy(fn)
        fn.inplace = True  # type: ignore[attr-defined]
    return fn


def _compose(fns: list[Callable[[Any], Any]]) -> Callable[[Any], Any] | None:
    if not fns:
        return None
    from torchvision.transforms import v2

    return v2.Compose(fns)


def _mem_available() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 8 << 30


def _mp_context() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


# -- schedules -------------------------------------------------------------------------------------------
class WarmupCosine:
    """Linear warm-up to the base lr, then cosine to zero (a LambdaLR factor; pickles as two ints)."""

    def __init__(self, warmup_steps: int, total_steps: int) -> None:
        self.warmup_steps = int(warmup_steps)
        self.total_steps = int(total_steps)

    def __call__(self, step: int) -> float:
        if step < self.warmup_steps:
            return (step + 1) / self.warmup_steps
        span = max(1, self.total_steps - self.warmup_steps)
        t = min(1.0, (step - self.warmup_steps) / span)
        return 0.5 * (1.0 + math.cos(math.pi * t))


def build_scheduler(optimizer: torch.optim.Optimizer, cfg: RunConfig, batches_per_epoch: int
                    ) -> tuple[Any, str]:
    """(scheduler or None, "batch" | "epoch" | "plateau"): when ``step()`` is called.

    cosine, warmup_cosine and onecycle move every batch (smooth over short runs); step and exponential
    every epoch; plateau after each validation, on the val loss (factor ``train.gamma``, patience
    ``train.step_size`` epochs).
    """
    t = cfg.train
    total = max(1, t.epochs * batches_per_epoch)
    s = torch.optim.lr_scheduler
    if t.schedule == "none":
        return None, "epoch"
    if t.schedule == "step":
        return s.StepLR(optimizer, step_size=t.step_size, gamma=t.gamma), "epoch"
    if t.schedule == "exponential":
        return s.ExponentialLR(optimizer, gamma=t.gamma), "epoch"
    if t.schedule == "cosine":
        return s.CosineAnnealingLR(optimizer, T_max=total), "batch"
    if t.schedule == "warmup_cosine":
        return s.LambdaLR(optimizer, WarmupCosine(t.warmup_epochs * batches_per_epoch, total)), "batch"
    if t.schedule == "onecycle":
        return s.OneCycleLR(optimizer, max_lr=[g["lr"] for g in optimizer.param_groups], total_steps=total), "batch"
    if t.schedule == "plateau":
        return s.ReduceLROnPlateau(optimizer, mode="min", factor=t.gamma, patience=t.step_size), "plateau"
    raise ConfigError(msg("training.unknown_schedule", name=repr(t.schedule)), field="train.schedule")


def build_optimizer(groups: list[dict[str, Any]], cfg: RunConfig) -> torch.optim.Optimizer:
    t = cfg.train
    if t.optimizer == "sgd":
        if t.nesterov and t.momentum <= 0:
            raise ConfigError(msg("training.nesterov_needs_momentum"), field="train.nesterov")
        return torch.optim.SGD(groups, lr=t.lr, momentum=t.momentum, nesterov=t.nesterov,
                               weight_decay=t.weight_decay)
    if t.optimizer == "adam":
        return torch.optim.Adam(groups, lr=t.lr, weight_decay=t.weight_decay)
    return torch.optim.AdamW(groups, lr=t.lr, weight_decay=t.weight_decay)


# -- the engine ---------------------------------------------------------------------------------------------
#: What torch and Python say when memory runs out (CPU allocator, CUDA, MPS, cuBLAS), also when a DataLoader
#: worker re-raises it as "Caught RuntimeError in DataLoader worker process 0 ...".
_OOM_TEXTS = ("can't allocate memory", "out of memory", "CUBLAS_STATUS_ALLOC_FAILED")


def _out_of_memory(e: BaseException) -> bool:
    if isinstance(e, MemoryError | torch.OutOfMemoryError):
        return True
    return isinstance(e, RuntimeError) and any(t in str(e) for t in _OOM_TEXTS)


def _pipeline_size(cfg: RunConfig) -> list[int] | None:
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


def train(config: RunConfig, *, callbacks: Any = None, stop: StopToken | None = None,
          resume: str | Path | None = None) -> RunResult:
    """Train as ``config`` says and return what happened; ``resume`` continues an earlier run directory.

    ``callbacks`` implements (some of) :class:`~dtf_gui.core.training.callbacks.Callbacks`; ``stop`` is
    checked between batches (pause waits, stop finishes the batch, saves ``last.pt`` and returns with
    status "stopped"). Errors are raised as DtfError subclasses after ``run.json`` says "failed".
    """
    config.validate()
    return _Trainer(config, callbacks, stop, Path(resume) if resume is not None else None).run()


class _Trainer:
    def __init__(self, cfg: RunConfig, callbacks: Any, stop: StopToken | None, resume: Path | None) -> None:
        self.cfg = cfg
        self.cb = callbacks if isinstance(callbacks, CallbackList) else CallbackList([callbacks])
        self.stop = stop or StopToken()
        self.resume = resume
        self.run_dir: Path | None = None
        self.status = "failed"
        self.history: list[dict[str, Any]] = []
        self.best_acc = -1.0
        self.best_loss = math.inf
        self.best_epoch = 0
        self.stale = 0
        self.step = 0
        self.t_start = time.perf_counter()
        self.run_info: dict[str, Any] = {}
        self._batch_log = None
        self._lock: RunLock | None = None
        self._resume_notes: list[Message] = []
        self._end_message: Message | str = ""

    # -- messages ----------------------------------------------------------------------------------
    def say(self, text: Message | str) -> None:
        """A status line for the user; callbacks get the Message itself, to render in their language."""
        if self.ctx.is_main:
            self.cb.on_message(text)

    # -- top level ---------------------------------------------------------------------------------
    def run(self) -> RunResult:
        device = resolve_device(self.cfg.device)
        self.ctx = D.setup(device.type)
        try:
            self.device = D.rank_device(device, self.ctx)
            try:
                return self._run()
            except Exception as e:
                message = self._failure_message(e)
                self._finish("failed", str(message))
                if isinstance(e, DtfError):
                    raise
                if _out_of_memory(e):
                    raise TrainingError(message) from e
                raise
        finally:
            if self._batch_log is not None:
                self._batch_log.close()
            if self._lock is not None:
                self._lock.release()
            D.cleanup(self.ctx)

    def _failure_message(self, e: BaseException) -> Message | str:
        """What run.json and the error say; out of memory names the batch and image size to lower."""
        if _out_of_memory(e):
            size = getattr(self, "input_size", None) or _pipeline_size(self.cfg)  # measured, else as set
            shown = "×".join(str(v) for v in size) if size else msg("training.size_unknown")
            last = checkpoint_path(self.run_dir, "last") if self.run_dir is not None else None
            kept = msg("training.oom_checkpoint_kept", path=str(last)) if last and last.is_file() else ""
            return msg("training.out_of_memory", device=str(self.device), batch_size=self.cfg.train.batch_size,
                       size=shown, kept=kept)
        if isinstance(e, DtfError):
            return e.message
        return str(e) or type(e).__name__

    def _run(self) -> RunResult:
        cfg = self.cfg
        ckpt = self._load_resume() if self.resume is not None else None
        seed_everything(cfg.seed + self.ctx.rank)
        self._prepare_data()
        self._prepare_model(ckpt)
        self._prepare_run_dir(ckpt)
        self._prepare_optim(ckpt)
        start_epoch, skip_batches = 0, 0
        epoch_acc = (0.0, 0)
        if ckpt is not None:
            start_epoch = int(ckpt["epoch"])
            skip_batches = int(ckpt.get("batch", 0))
            epoch_acc = (float(ckpt.get("epoch_loss_sum", 0.0)), int(ckpt.get("epoch_loss_count", 0)))
            self.step = int(ckpt.get("step", 0))
            restore_rng(ckpt["rng"])
        self.cb_start(start_epoch)
        for note in self._resume_notes:
            self.say(note)
        if start_epoch >= cfg.train.epochs:
            self._finish("completed", msg("training.nothing_left"))
            return self._result()
        self._setup_s = 0.0  # feature extraction and the cache fill are counted in the first epoch's time
        if not self.use_features:
            t0 = time.perf_counter()
            self._fill_caches()
            self._setup_s = time.perf_counter() - t0
            if self.stop.stop_requested:
                self._save_checkpoint(start_epoch, skip_batches, epoch_acc)
                self._finish("stopped", msg("training.stopped_filling"))
                return self._result()
        if self.use_features:
            try:
                t0 = time.perf_counter()
                self._extract_features()
                self._setup_s = time.perf_counter() - t0
            except Cancelled:
                self._save_checkpoint(start_epoch, skip_batches, epoch_acc)
                self._finish("stopped", msg("training.stopped_features"))
                return self._result()
        for epoch in range(start_epoch, cfg.train.epochs):
            outcome = self._epoch(epoch, skip_batches if epoch == start_epoch else 0,
                                  epoch_acc if epoch == start_epoch else (0.0, 0))
            if outcome == "stopped":
                self._finish("stopped", msg("training.stopped_during", epoch=epoch + 1))
                return self._result()
            if outcome == "early_stopped":
                self._finish("early_stopped", msg("training.early_stopped", n=cfg.train.early_stopping))
                return self._result()
            if outcome == "stopped_after_epoch":
                self._finish("stopped", msg("training.stopped_after", epoch=epoch + 1))
                return self._result()
        self._finish("completed", "")
        return self._result()

    def _fill_caches(self) -> None:
        """Fill the decode-once caches before the first epoch, on several threads (one process only: with
        loader workers each keeps its own copy, and a DDP rank reads only its share)."""
        if self.cfg.workers > 0 or self.ctx.world_size > 1:
            return
        threads = max(1, min(CACHE_FILL_THREADS, os.cpu_count() or 1))
        for split, ds in (("train", self.train_ds), ("val", self.val_ds)):
            if isinstance(ds, StagedDataset) and ds.store is not None and len(ds.store) < len(ds):
                self.say(msg("training.filling_cache", split=msg(f"training.split.{split}"),
                             n=len(ds) - len(ds.store)))
                ds.fill(threads, self.stop, probe=16)

    def _result(self) -> RunResult:
        return RunResult(self.run_dir or Path(), self.status, len(self.history), max(self.best_acc, 0.0),
                         self.best_epoch, list(self.history), self._end_message,
                         time.perf_counter() - self.t_start)

    # -- resume ------------------------------------------------------------------------------------
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
            _remove_leftover_temporaries(self.resume / CHECKPOINTS)
            self._resume_notes.extend(repair_best_checkpoint(self.resume / CHECKPOINTS, ckpt))
        return ckpt

    # -- data --------------------------------------------------------------------------------------
    def _prepare_data(self) -> None:
        cfg = self.cfg
        if not cfg.data.root:
            raise ConfigError(msg("training.no_data_root"), field="data.root")
        root = Path(cfg.data.root).expanduser()
        if not root.is_dir():
            raise ConfigError(msg("training.data_root_missing", path=str(root)), field="data.root")
        val_root = Path(cfg.data.val_root).expanduser() if cfg.data.val_root else None
        if val_root is not None and not val_root.is_dir():
            raise ConfigError(msg("training.val_root_missing", path=str(val_root)), field="data.val_root")
        self.say(msg("training.scanning_val", root=str(root), val=str(val_root)) if val_root
                 else msg("training.scanning", root=str(root)))
        report = scan(root, val_root=val_root, val_fraction=cfg.data.val_fraction, seed=cfg.data.seed,
                      decode=True, stop=self.stop)
        if self.stop.stop_requested:
            raise Cancelled(msg("training.stopped_scanning"))
        if not report.can_train():
            errors = [f.msg for f in report.findings if f.level == "error"]
            raise TrainingError(msg("training.cannot_train", root=str(root),
                                    reason=errors[0] if errors else msg("training.too_few_classes")))
        import warnings

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            base_train, base_val = make_datasets(report, None, None)
        for w in caught:
            args = getattr(w.message, "args", ())
            self.say(args[0] if args and isinstance(args[0], Message) else str(w.message))
        if len(base_train) == 0 or len(base_val) == 0:
            split = msg("training.split.train" if len(base_train) == 0 else "training.split.val")
            raise TrainingError(msg("training.empty_split", root=str(root), split=split))
        self.report = report
        self.classes = list(report.classes)
        self.base_train, self.base_val = base_train, base_val
        self.train_steps = build_steps(cfg.pipeline.train, split="train")
        self.val_steps = build_steps(cfg.pipeline.val, split="val")
        self.train_random = self._first_random(self.train_steps) < len(self.train_steps)
        self.val_random = self._first_random(self.val_steps) < len(self.val_steps)

    @staticmethod
    def _first_random(steps: list[tuple[int, Any, Any]]) -> int:
        for j, (_, step, _) in enumerate(steps):
            entry = REGISTRY.get(step.name)
            if entry is None or entry.random:
                return j  # unknown (custom) steps count as random: never cached
        return len(steps)

    def _batch_tail(self, base: Any, steps: list[tuple[int, Any, Any]]) -> int:
        """Where the pipeline's trailing ToDtype/Normalize steps begin (``len(steps)``: none to batch).

        Those steps are elementwise, so running them once on the collated batch -- on the device, after the
        move -- gives the same numbers as running them per image, while the loader collates and moves
        1-byte pixels instead of 4-byte floats. Only when the steps before them give a tensor (a PIL image
        there would not collate; the lint and the val check explain that pipeline's real mistake).
        """
        j = len(steps)
        while j > 0 and steps[j - 1][1].name in BATCH_STEPS:
            j -= 1
        if j == len(steps) or len(base) == 0:
            return len(steps)
        state = random.getstate()
        with torch.random.fork_rng(devices=[]):  # a random step here must not move the seeded RNG
            x, _ = base[0]
            for _, _, fn in steps[:j]:
                x = fn(x)
        random.setstate(state)
        return j if isinstance(x, torch.Tensor) and x.dim() == 3 else len(steps)

    def _staged(self, base: Any, steps: list[tuple[int, Any, Any]], split: str, allow_cache: bool
                ) -> StagedDataset:
        """Split the pipeline at the cheapest point of its deterministic start; cache that part if it fits.

        A trailing ToDtype/Normalize run (see :meth:`_batch_tail`) is left out of the dataset and kept in
        ``self.batch_tf[split]``, applied per batch by the train and val loops.
        """
        tail = self._batch_tail(base, steps)
        self.batch_tf[split] = _compose([_in_place(fn) for _, _, fn in steps[tail:]])
        steps = steps[:tail]
        fns = [fn for _, _, fn in steps]
        mode = self.cfg.data.cache
        n_det = self._first_random(steps)
        if mode == "off" or not allow_cache or len(base) == 0:
            return StagedDataset(base, None, _compose(fns), cache=False)
        # the latest deterministic point whose output is not a float tensor: skips the most work
        # (decode, resize...) without storing 4-byte floats; ToDtype/Normalize are cheap to redo
        x, _ = base[0]
        outputs = [x]
        for fn in fns[:n_det]:
            x = fn(x)
            outputs.append(x)
        n_images = len(base) * max(1, self.ctx.world_size)
        cap = min(CACHE_MAX_BYTES, _mem_available() // 4)
        best, estimate = None, 0
        for cut in range(len(outputs) - 1, -1, -1):
            out, size = outputs[cut], _nbytes(outputs[cut])
            if size is None or (isinstance(out, torch.Tensor) and out.is_floating_point()):
                continue
            if mode == "on" or size * n_images <= cap:
                best, estimate = cut, size * n_images
                break
        if best is None or (mode == "auto" and self.cfg.workers > 0):
            return StagedDataset(base, None, _compose(fns), cache=False)
        if self.cfg.workers > 0:
            self.say(msg("training.cache_per_worker"))
        after = (msg("training.cache_after_decoding") if best == 0 else
                 msg("training.cache_after_step", step=steps[best - 1][0] + 1, name=steps[best - 1][1].name))
        self.say(msg("training.cache_note", split=msg(f"training.split.{split}"), after=after,
                     mb=estimate / 2**20, n=len(base)))
        self.cache_notes[split] = render(after, "en")
        return StagedDataset(base, _compose(fns[:best]), _compose(fns[best:]), cache=True)

    # -- model -------------------------------------------------------------------------------------
    def _prepare_model(self, ckpt: dict[str, Any] | None) -> None:
        cfg = self.cfg
        arch = cfg.model.arch
        if arch not in zoo.ARCHS:
            import difflib

            hint = difflib.get_close_matches(arch, list(zoo.ARCHS), n=1)
            names = ", ".join(zoo.ARCHS)
            raise ConfigError(msg("training.unknown_arch_hint", name=repr(arch), hint=hint[0], names=names) if hint
                              else msg("training.unknown_arch", name=repr(arch), names=names), field="model.arch")
        n = len(self.classes)
        if ckpt is not None:
            if list(ckpt.get("classes", [])) != self.classes:
                raise TrainingError(msg("training.resume_other_classes", root=cfg.data.root, classes=str(self.classes),
                                        run_classes=str(ckpt.get("classes"))))
            self.say(msg("training.building_resume", arch=arch, n=n))
            model = build_model(arch, n, weights="none", dropout=cfg.model.dropout)
            model.load_state_dict(ckpt["model"])
        else:
            self.say(msg("training.building", arch=arch, n=n, weights=cfg.model.weights))
            model = build_model(arch, n, weights=cfg.model.weights, dropout=cfg.model.dropout,
                                allow_download=cfg.model.allow_download)
        self.group_names = [g.name for g in zoo.freeze_groups(model, arch)]
        self.trainable = zoo.trainable_at_epoch(self.group_names, cfg.freeze.plan, 0, k=cfg.freeze.k,
                                                unfreeze_epoch=cfg.freeze.unfreeze_epoch)
        zoo.apply_freeze(model, arch, self.trainable)
        self.precision = resolve_precision(cfg.precision, self.device, arch)
        self.channels_last = resolve_channels_last(cfg.channels_last, self.device, self.precision)
        model.to(self.device)
        if self.channels_last:
            model.to(memory_format=torch.channels_last)
        self.model = model
        self.amp_dtype = _amp_dtype(self.precision)
        applies, why = cache_applies(plan_trainable=set(self.trainable), plan=cfg.freeze.plan,
                                     train_random=self.train_random, val_random=self.val_random,
                                     world_size=self.ctx.world_size, enabled=cfg.train.feature_cache)
        self.use_features = applies
        if cfg.freeze.plan == "head" and not applies:
            self.say(msg("training.no_feature_cache", why=why))
        self.cache_notes: dict[str, str] = {}
        self.batch_tf: dict[str, Callable[[Any], Any] | None] = {"train": None, "val": None}
        if applies:
            self.train_ds = StagedDataset(self.base_train, None, _compose([f for *_, f in self.train_steps]), False)
            self.val_ds = StagedDataset(self.base_val, None, _compose([f for *_, f in self.val_steps]), False)
        else:
            self.train_ds = self._staged(self.base_train, self.train_steps, "train", True)
            self.val_ds = self._staged(self.base_val, self.val_steps, "val", True)
        sample = self.val_ds[0][0]
        self.input_size = list(sample.shape[-2:]) if isinstance(sample, torch.Tensor) and sample.dim() >= 2 else None
        if not isinstance(sample, torch.Tensor):
            raise TrainingError(msg("training.val_not_tensor", kind=type(sample).__name__))

    def autocast(self) -> contextlib.AbstractContextManager:
        if self.amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self.amp_dtype)

    # -- optimizer, loaders ------------------------------------------------------------------------------
    def _prepare_optim(self, ckpt: dict[str, Any] | None) -> None:
        cfg, arch = self.cfg, self.cfg.model.arch
        plan = cfg.freeze.plan
        mult = cfg.freeze.backbone_lr_mult if plan in ("discriminative", "gradual") else 1.0
        groups = zoo.param_groups(self.model, arch, cfg.train.lr, mult, include_frozen=(plan == "gradual"))
        self.optimizer = build_optimizer(groups, cfg)
        targets = torch.tensor(self.base_train.targets, dtype=torch.long)
        counts = torch.bincount(targets, minlength=len(self.classes)).double()
        class_weight = None
        sample_weights = None
        if cfg.train.imbalance == "class_weights":
            w = torch.where(counts > 0, counts.sum() / (len(self.classes) * counts.clamp(min=1)), 0.0)
            class_weight = w.float().to(self.device)
        elif cfg.train.imbalance == "sampler":
            sample_weights = (1.0 / counts.clamp(min=1))[targets]
        self.criterion = nn.CrossEntropyLoss(weight=class_weight, label_smoothing=cfg.train.label_smoothing)
        n_train = len(self.train_ds)
        self.sampler = EpochSampler(n_train, seed=cfg.seed, weights=sample_weights, rank=self.ctx.rank,
                                    world=self.ctx.world_size)
        bs = cfg.train.batch_size
        # a last batch of one sample breaks BatchNorm in train mode: drop it then
        self.drop_last = self.sampler.per_rank % bs == 1 and self.sampler.per_rank > 1
        self.batches_per_epoch = (self.sampler.per_rank // bs if self.drop_last
                                  else math.ceil(self.sampler.per_rank / bs))
        self.scheduler, self.sched_mode = build_scheduler(self.optimizer, cfg, self.batches_per_epoch)
        self.scaler = torch.amp.GradScaler(self.device.type, enabled=self.precision == "fp16")
        if ckpt is not None:
            self.optimizer.load_state_dict(ckpt["optimizer"])
            if self.scheduler is not None and ckpt.get("scheduler"):
                self.scheduler.load_state_dict(ckpt["scheduler"])
            if ckpt.get("scaler"):
                self.scaler.load_state_dict(ckpt["scaler"])
        if not self.use_features:
            self.train_loader = self._loader(self.train_ds, self.sampler, self.drop_last)
            self.val_loader = self._loader(self.val_ds, D.ShardSampler(len(self.val_ds), self.ctx), False)
        self.ddp_model = D.wrap(self.model, self.ctx, self.device)

    def _loader(self, ds: Any, sampler: Any, drop_last: bool) -> torch.utils.data.DataLoader:
        # its own generator: creating an iterator draws a worker base seed, which must not move the global
        # RNG (a resumed epoch creates one iterator more than the uninterrupted run did)
        kw: dict[str, Any] = {"generator": torch.Generator().manual_seed(self.cfg.seed + 17 * self.ctx.rank)}
        if self.cfg.workers > 0:
            kw.update(num_workers=self.cfg.workers, persistent_workers=True,
                      multiprocessing_context=_mp_context())
        return torch.utils.data.DataLoader(ds, batch_size=self.cfg.train.batch_size, sampler=sampler,
                                           drop_last=drop_last, pin_memory=self.device.type == "cuda", **kw)

    # -- run directory --------------------------------------------------------------------------------
    def _prepare_run_dir(self, ckpt: dict[str, Any] | None) -> None:
        cfg = self.cfg
        if ckpt is not None:
            run_dir = self.resume
            self.history = [dict(r) for r in ckpt.get("history", [])]
            self.best_acc = float(ckpt.get("best_val_acc", -1.0))
            self.best_loss = float(ckpt.get("best_val_loss", math.inf))
            self.best_epoch = int(ckpt.get("best_epoch", 0))
            self.stale = int(ckpt.get("stale_epochs", 0))
        else:
            run_dir = new_run_dir(cfg.runs_dir, cfg.model.arch) if self.ctx.is_main else None
            if run_dir is not None:  # so that a `--resume` of it from elsewhere is refused while this trains
                self._lock = lock_run(run_dir)
        self.run_dir = Path(D.broadcast_object(self.ctx, None if run_dir is None else str(run_dir)))
        trainable, total = param_counts(self.model)
        self.run_info = {
            "arch": cfg.model.arch, "classes": self.classes, "num_classes": len(self.classes),
            "head_recipe": head_recipe(cfg.model.arch, len(self.classes), cfg.model.dropout),
            "input_size": self.input_size, "status": "running", "message": "",
            "epochs": cfg.train.epochs, "epochs_done": len(self.history), "best_epoch": self.best_epoch,
            "best_val_acc": max(self.best_acc, 0.0) if self.history else None,
            "device": str(self.device), "device_name": self._device_name(), "precision": self.precision,
            "channels_last": self.channels_last, "feature_cache": self.use_features,
            "decode_cache": self.cache_notes, "world_size": self.ctx.world_size,
            "train_images": len(self.base_train), "val_images": len(self.base_val),
            "trainable_params": trainable, "total_params": total, "data_root": str(cfg.data.root),
            "versions": _versions(), "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        if not self.ctx.is_main:
            return
        assert self.run_dir is not None
        checkpoint_path(self.run_dir, "last").parent.mkdir(parents=True, exist_ok=True)
        cfg.save(self.run_dir / CONFIG_JSON)
        self._write_run_json()
        self._write_metrics()
        self._batch_log, self._batch_writer = open_batch_log(self.run_dir,
                                                             self.step_in(ckpt) if ckpt is not None else None)

    @staticmethod
    def step_in(ckpt: dict[str, Any]) -> int:
        return int(ckpt.get("step", 0))

    def _device_name(self) -> str:
        return device_name(self.device)

    def _write_run_json(self) -> None:
        if self.ctx.is_main and self.run_dir is not None:
            write_run_json(self.run_dir, self.run_info)

    def _write_metrics(self) -> None:
        if self.ctx.is_main and self.run_dir is not None:
            write_metrics(self.run_dir, self.history)

    def cb_start(self, start_epoch: int) -> None:
        trainable, total = param_counts(self.model)
        if self.ctx.is_main:
            self.cb.on_run_start(RunStarted(
                run_dir=str(self.run_dir), device=str(self.device), device_name=self._device_name(),
                arch=self.cfg.model.arch, classes=list(self.classes), epochs=self.cfg.train.epochs,
                batches_per_epoch=self.batches_per_epoch, trainable_params=trainable, total_params=total,
                start_epoch=start_epoch, precision=self.precision, channels_last=self.channels_last,
                feature_cache=self.use_features, world_size=self.ctx.world_size))

    def _finish(self, status: str, message: Message | str) -> None:
        self.status = status
        self._end_message = message
        self.run_info.update(status=status, message=render(message, "en"),
                             message_msg=message.to_json() if isinstance(message, Message) else None,
                             epochs_done=len(self.history),
                             best_epoch=self.best_epoch,
                             best_val_acc=max(self.best_acc, 0.0) if self.history else None)
        if self._batch_log is not None:
            self._batch_log.flush()
        with contextlib.suppress(Exception):
            self._write_run_json()
        if self.ctx.is_main:
            self.cb.on_run_end(RunEnded(run_dir=str(self.run_dir or ""), status=status, epochs_done=len(self.history),
                                        best_val_acc=max(self.best_acc, 0.0), message=message,
                                        best_epoch=self.best_epoch, history=list(self.history)))

    # -- checkpoints ----------------------------------------------------------------------------------------
    def _checkpoint(self, epochs_done: int, batch: int, epoch_acc: tuple[float, int]) -> dict[str, Any]:
        return {
            "format": CHECKPOINT_FORMAT,
            "model": D.clean_state_dict(D.unwrap(self.model).state_dict()),
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict() if self.scheduler is not None else {},
            "scaler": self.scaler.state_dict() if self.scaler.is_enabled() else {},
            "rng": capture_rng(),
            "epoch": int(epochs_done), "batch": int(batch), "step": int(self.step),
            "epoch_loss_sum": float(epoch_acc[0]), "epoch_loss_count": int(epoch_acc[1]),
            "history": [dict(r) for r in self.history],
            "best_val_acc": float(self.best_acc), "best_val_loss": float(self.best_loss),
            "best_epoch": int(self.best_epoch), "stale_epochs": int(self.stale),
            "classes": list(self.classes), "arch": self.cfg.model.arch,
            "num_classes": len(self.classes), "dropout": float(self.cfg.model.dropout),
            "input_size": self.input_size, "precision": self.precision, "channels_last": self.channels_last,
            "config": self.cfg.to_json(),
        }

    def _save_checkpoint(self, epochs_done: int, batch: int, epoch_acc: tuple[float, int],
                         best: bool = False) -> None:
        if not self.ctx.is_main or self.run_dir is None:
            return
        ckpt = self._checkpoint(epochs_done, batch, epoch_acc)
        save_checkpoint(self.run_dir, ckpt, best=best)

    # -- feature cache ---------------------------------------------------------------------------------------
    def _extract_features(self) -> None:
        self.say(msg("training.computing_features"))
        feats = {}
        for split, ds in (("train", self.train_ds), ("val", self.val_ds)):
            loader = self._loader(ds, None, False)
            feats[split] = extract_features(self.model, self.cfg.model.arch, loader, device=self.device,
                                            autocast=self.autocast, channels_last=self.channels_last,
                                            stop=self.stop)
        self.features: dict[str, FeatureSet] = feats
        self.head = head_module(self.model, self.cfg.model.arch)
        secs = feats["train"].seconds + feats["val"].seconds
        self.say(msg("training.cached_features", n_train=len(feats["train"]), n_val=len(feats["val"]),
                     size=int(feats["train"].features.shape[1]), seconds=secs))

    def _feature_batches(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        fs = self.features["train"]
        idx = torch.tensor(list(iter(self.sampler)), dtype=torch.long, device=fs.features.device)
        bs = self.cfg.train.batch_size
        for i in range(0, len(idx), bs):
            chunk = idx[i:i + bs]
            if self.drop_last and len(chunk) < bs:
                break
            yield fs.features[chunk], fs.labels[chunk]

    # -- one epoch --------------------------------------------------------------------------------------------
    def _set_trainable(self, epoch: int) -> None:
        cfg = self.cfg
        wanted = zoo.trainable_at_epoch(self.group_names, cfg.freeze.plan, epoch, k=cfg.freeze.k,
                                        unfreeze_epoch=cfg.freeze.unfreeze_epoch)
        if wanted != self.trainable:
            zoo.apply_freeze(self.model, cfg.model.arch, wanted)
            self.trainable = wanted
            if self.ctx.active:  # DDP registers the trainable parameters when it is built
                self.ddp_model = D.wrap(self.model, self.ctx, self.device)
            trainable, total = zoo.param_counts(self.model)
            self.say(msg("training.unfreezing", epoch=epoch + 1, trainable=trainable, total=total))

    def _lr(self) -> float:
        return float(self.optimizer.param_groups[-1]["lr"])

    def _epoch(self, epoch: int, skip: int, acc: tuple[float, int]) -> str:
        cfg = self.cfg
        epochs = cfg.train.epochs
        bs = cfg.train.batch_size
        self._set_trainable(epoch)
        self.sampler.set_epoch(epoch, skip * bs)
        if self.use_features:
            net: nn.Module = self.head
            net.train()
            batches: Any = self._feature_batches()
            autocast = contextlib.nullcontext
        else:
            net = self.ddp_model
            net.train()
            set_frozen_bn_eval(self.model)
            batches = self.train_loader
            autocast = self.autocast
        batch_tf = None if self.use_features else self.batch_tf["train"]
        params = [p for p in self.model.parameters() if p.requires_grad]
        loss_sum = torch.zeros((), dtype=torch.float64, device=self.device)
        prev_sum, prev_count = acc
        count = 0
        done = skip
        total = self.batches_per_epoch
        pending: list[tuple[int, int, torch.Tensor, float, int, float]] = []
        t_epoch = time.perf_counter()
        paused_s = 0.0
        emit = Throttle(EMIT_INTERVAL_S, clock=time.perf_counter, start=t_epoch)
        imgs_since = 0
        stopped = False
        for x, y in batches:
            x = self._on_device(x, batch_tf)
            y = y.to(self.device, non_blocking=True)
            with autocast():
                out = net(x)
            loss = self.criterion(out.float(), y)
            if cfg.train.l1 > 0:
                loss = loss + cfg.train.l1 * sum(p.abs().sum() for p in params)
            self.optimizer.zero_grad(set_to_none=True)
            self.scaler.scale(loss).backward()
            if cfg.train.grad_clip > 0:
                self.scaler.unscale_(self.optimizer)
                nn.utils.clip_grad_norm_(params, cfg.train.grad_clip)
            self.scaler.step(self.optimizer)
            self.scaler.update()
            if self.scheduler is not None and self.sched_mode == "batch":
                self.scheduler.step()
            self.step += 1
            done += 1
            n = int(y.shape[0])
            count += n
            imgs_since += n
            d = loss.detach()
            loss_sum += d.double() * n
            now = time.perf_counter()
            pending.append((done, self.step, d, self._lr(), n, now - self.t_start))
            last = done >= total
            since_emit = now - emit.last
            if emit.ready(final=last, now=now):
                self._flush(epoch, pending, imgs_since / max(since_emit, 1e-9), t_epoch, paused_s, done, skip)
                pending = []
                imgs_since = 0
            if self.stop.paused:
                t_p = time.perf_counter()
                self.stop.wait_if_paused()
                paused_s += time.perf_counter() - t_p
                emit.restart()
            if D.any_rank(self.ctx, self.stop.stop_requested, self.device) and not last:
                stopped = True
                break
        if pending:
            now = time.perf_counter()
            self._flush(epoch, pending, imgs_since / max(now - emit.last, 1e-9), t_epoch, paused_s, done, skip)
        local = float(loss_sum.item())
        if stopped:
            self._save_checkpoint(epoch, done, (prev_sum + local, prev_count + count))
            return "stopped"
        tot_sum, tot_count = D.all_reduce_sum(self.ctx, [prev_sum + local, prev_count + count], self.device)
        train_loss = tot_sum / max(tot_count, 1)
        val_loss, val_acc = self._evaluate()
        lr_used = self._lr()
        if self.scheduler is not None and self.sched_mode == "epoch":
            self.scheduler.step()
        elif self.scheduler is not None and self.sched_mode == "plateau":
            self.scheduler.step(val_loss)
        seconds = time.perf_counter() - t_epoch - paused_s + self._setup_s
        self._setup_s = 0.0
        is_best = val_acc > self.best_acc or (val_acc == self.best_acc and val_loss < self.best_loss)
        if is_best:
            self.best_acc, self.best_loss, self.best_epoch, self.stale = val_acc, val_loss, epoch + 1, 0
        else:
            self.stale += 1
        self.history.append({"epoch": epoch + 1, "train_loss": train_loss, "val_loss": val_loss,
                             "val_acc": val_acc, "lr": lr_used, "seconds": seconds})
        self._save_checkpoint(epoch + 1, 0, (0.0, 0), best=is_best)
        self._write_metrics()
        self.run_info.update(epochs_done=len(self.history), best_epoch=self.best_epoch, best_val_acc=self.best_acc)
        self._write_run_json()
        if self.ctx.is_main:
            self.cb.on_epoch_end(EpochEnded(epoch=epoch + 1, epochs=epochs, train_loss=train_loss,
                                            val_loss=val_loss, val_acc=val_acc, lr=lr_used, seconds=seconds,
                                            is_best=is_best))
        if cfg.train.early_stopping and self.stale >= cfg.train.early_stopping and epoch + 1 < epochs:
            return "early_stopped"
        if D.any_rank(self.ctx, self.stop.stop_requested, self.device) and epoch + 1 < epochs:
            return "stopped_after_epoch"
        return "ok"

    def _on_device(self, x: torch.Tensor, batch_tf: Callable[[Any], Any] | None) -> torch.Tensor:
        """A loader batch on the device, in the model's memory format, with the batched pipeline tail run."""
        x = x.to(self.device, non_blocking=True)
        if self.channels_last and x.dim() == 4:
            x = x.contiguous(memory_format=torch.channels_last)  # before the tail: 1-byte pixels copy cheaply
        if batch_tf is not None:
            x = batch_tf(x)  # elementwise: keeps the memory format
        return x

    def _flush(self, epoch: int, pending: list[tuple[int, int, torch.Tensor, float, int, float]],
               images_per_s: float, t_epoch: float, paused_s: float, done: int, skip: int) -> None:
        """One host sync for all batches since the last flush: log them, emit one BatchEnded."""
        if not self.ctx.is_main:
            return
        losses = torch.stack([p[2] for p in pending]).float().cpu().tolist()
        for (batch, step, _, lr, _n, secs), loss in zip(pending, losses, strict=True):
            self._batch_writer.writerow([epoch + 1, batch, step, f"{loss:.6g}", f"{lr:.6g}",
                                         f"{images_per_s:.4g}", f"{secs:.4f}"])
        if self._batch_log is not None:
            self._batch_log.flush()
        elapsed = time.perf_counter() - t_epoch - paused_s
        per_batch = elapsed / max(done - skip, 1)
        cfg = self.cfg
        remaining = (self.batches_per_epoch - done) + (cfg.train.epochs - epoch - 1) * self.batches_per_epoch
        eta = remaining * per_batch
        mem = (torch.cuda.max_memory_allocated(self.device) / 2**20) if self.device.type == "cuda" else 0.0
        batch, step, _, lr, _, _ = pending[-1]
        self.cb.on_batch_end(BatchEnded(epoch=epoch + 1, epochs=cfg.train.epochs, batch=batch,
                                        batches=self.batches_per_epoch, step=step, loss=losses[-1], lr=lr,
                                        images_per_s=images_per_s, eta_s=eta, gpu_mem_mb=mem))

    @torch.no_grad()
    def _evaluate(self) -> tuple[float, float]:
        """Val loss (plain cross-entropy: no smoothing, no class weights) and accuracy, summed over ranks."""
        loss_sum = torch.zeros((), dtype=torch.float64, device=self.device)
        correct = torch.zeros((), dtype=torch.int64, device=self.device)
        count = 0
        if self.use_features:
            self.head.eval()
            fs = self.features["val"]
            bs = max(self.cfg.train.batch_size, 256)
            batches: Any = ((fs.features[i:i + bs], fs.labels[i:i + bs]) for i in range(0, len(fs), bs))
            net: nn.Module = self.head
            autocast = contextlib.nullcontext
            batch_tf = None
        else:
            self.model.eval()
            batches = self.val_loader
            net = self.model
            autocast = self.autocast
            batch_tf = self.batch_tf["val"]
        for x, y in batches:
            x = self._on_device(x, batch_tf)
            y = y.to(self.device, non_blocking=True)
            with autocast():
                out = net(x)
            out = out.float()
            loss_sum += nn.functional.cross_entropy(out, y, reduction="sum").double()
            correct += (out.argmax(1) == y).sum()
            count += int(y.shape[0])
        s, c, n = D.all_reduce_sum(self.ctx, [float(loss_sum.item()), float(correct.item()), count], self.device)
        return s / max(n, 1), c / max(n, 1)

