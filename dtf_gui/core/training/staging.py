"""Getting images to the model fast without changing a number: datasets, caches, loaders.

* decode-once cache (``data.cache``): the start of a pipeline up to its first random step gives the same
  output every epoch, so it is computed once per image and kept in memory (cut at the latest point
  before the output becomes a float tensor, e.g. the resized PIL image or the uint8 tensor after
  ``ToImage``; ToDtype/Normalize are cheap to redo and floats would take 4x the memory); random steps and
  everything after them run every epoch as usual. "auto" uses it when loading in the training process
  (``workers=0``) and the cache fits in a quarter of the free memory (at most 4 GiB). It is filled before
  the first epoch -- on several threads when an image is slow to prepare (Pillow's decode and resize
  release the GIL) -- and that time is counted in the first epoch's seconds.
* batched pipeline tail: trailing ``ToDtype``/``Normalize`` steps are elementwise, so they run once per
  batch, after the move to the device and the switch to channels_last, instead of once per image; the
  loader collates and moves uint8 pixels (a quarter of the bytes). The numbers are bit-identical to the
  per-image pipeline (tested); data time per 112-px demo epoch fell from 0.27 s to 0.03 s.
* frozen-backbone feature cache (``train.feature_cache``, see :mod:`.features`).
* the batch stage (``pipeline.batch``: MixUp, CutMix) is built here with the data's class count and applied by
  the loop to each collated train batch on the device (:func:`~.loop.mix_batch`); never to val.

Each step returns a frozen record (:class:`PreparedData`, :class:`Staged`, :class:`Loaders`,
:class:`CachedFeatures`); the engine hands them on in the order the steps need each other.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import random
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.config import RunConfig
from dtf_gui.core.data.datasets import make_datasets
from dtf_gui.core.data.scan import ScanReport, scan
from dtf_gui.core.errors import Cancelled, ConfigError, TrainingError
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.pipeline.build import build_batch_transform, build_steps
from dtf_gui.core.pipeline.registry import REGISTRY
from dtf_gui.core.training.device import PreparedModel
from dtf_gui.core.training.distributed import DistContext, ShardSampler
from dtf_gui.core.training.features import FeatureSet, extract_features, head_module
from dtf_gui.core.training.regression import RegressionSpec, is_regression, regression_data

CACHE_MAX_BYTES = 4 << 30
CACHE_FILL_THREADS = 8  # at most; never more than the CPU count
FILL_THREADS_MIN_S = 2e-3  # an image must take this long to prepare for a threaded cache fill to pay off
# trailing pipeline steps the engine runs once per batch on the device instead of once per image
BATCH_STEPS = frozenset({"ToDtype", "Normalize"})

Say = Callable[[Message | str], None]
Steps = list[tuple[int, Any, Any]]  # build_steps(): (index in the spec, step, transform)
Transform = Callable[[Any], Any]


# -- the data ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PreparedData:
    """The scanned dataset, its split, and the built train/val pipelines."""

    report: ScanReport
    classes: list[str]
    base_train: Any  # datasets yielding (image, label), before any pipeline step
    base_val: Any
    train_steps: Steps
    val_steps: Steps
    train_random: bool  # a random step somewhere in the pipeline: the output differs every epoch
    val_random: bool
    train_mix: Transform | None = None  # the batch stage: (images, labels) -> (images, soft labels); train only
    regression: RegressionSpec | None = None  # task "regression": target names and normalisation


def prepare_data(cfg: RunConfig, stop: StopToken, say: Say) -> PreparedData:
    """Scan ``data.root`` (and ``data.val_root``), split it and build both pipelines; clear errors otherwise."""
    if not cfg.data.root:
        raise ConfigError(msg("training.no_data_root"), field="data.root")
    root = Path(cfg.data.root).expanduser()
    if not root.is_dir():
        raise ConfigError(msg("training.data_root_missing", path=str(root)), field="data.root")
    val_root = Path(cfg.data.val_root).expanduser() if cfg.data.val_root else None
    if val_root is not None and not val_root.is_dir():
        raise ConfigError(msg("training.val_root_missing", path=str(val_root)), field="data.val_root")
    if is_regression(cfg):
        return _prepare_regression_data(cfg, stop, say)
    say(msg("training.scanning_val", root=str(root), val=str(val_root)) if val_root
        else msg("training.scanning", root=str(root)))
    report = scan(root, val_root=val_root, val_fraction=cfg.data.val_fraction, seed=cfg.data.seed,
                  decode=True, stop=stop, exclude_classes=cfg.data.exclude_classes)
    if stop.stop_requested:
        raise Cancelled(msg("training.stopped_scanning"))
    if not report.can_train():
        errors = [f.msg for f in report.findings if f.level == "error"]
        raise TrainingError(msg("training.cannot_train", root=str(root),
                                reason=errors[0] if errors else msg("training.too_few_classes")))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        base_train, base_val = make_datasets(report, None, None)
    for w in caught:
        args = getattr(w.message, "args", ())
        say(args[0] if args and isinstance(args[0], Message) else str(w.message))
    if len(base_train) == 0 or len(base_val) == 0:
        split = msg("training.split.train" if len(base_train) == 0 else "training.split.val")
        raise TrainingError(msg("training.empty_split", root=str(root), split=split))
    train_steps = build_steps(cfg.pipeline.train, split="train")
    val_steps = build_steps(cfg.pipeline.val, split="val")
    train_mix = build_batch_transform(cfg.pipeline.batch, len(report.classes))
    return PreparedData(report, list(report.classes), base_train, base_val, train_steps, val_steps,
                        first_random(train_steps) < len(train_steps), first_random(val_steps) < len(val_steps),
                        train_mix)


def _prepare_regression_data(cfg: RunConfig, stop: StopToken, say: Say) -> PreparedData:
    """The regression counterpart of :func:`prepare_data`: images and targets from the CSV (no batch stage)."""
    report, spec, base_train, base_val = regression_data(cfg, stop, say)
    train_steps = build_steps(cfg.pipeline.train, split="train")
    val_steps = build_steps(cfg.pipeline.val, split="val")
    return PreparedData(report, list(spec.names), base_train, base_val, train_steps, val_steps,
                        first_random(train_steps) < len(train_steps), first_random(val_steps) < len(val_steps),
                        None, spec)


def first_random(steps: Steps) -> int:
    """Index of the first random step (``len(steps)`` when there is none)."""
    for j, (_, step, _) in enumerate(steps):
        entry = REGISTRY.get(step.name)
        if entry is None or entry.random:
            return j  # unknown (custom) steps count as random: never cached
    return len(steps)


def batch_tail(base: Any, steps: Steps) -> int:
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


# -- the decode-once cache ------------------------------------------------------------------------------
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

    def __init__(self, base: Any, prefix: Transform | None, rest: Transform | None, cache: bool) -> None:
        self.base = base
        self.prefix = prefix
        self.rest = rest
        self.store: dict[int, Any] | None = {} if cache else None

    def __len__(self) -> int:
        return len(self.base)

    @property
    def targets(self) -> list[Any]:
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


def in_place(fn: Transform) -> Transform:
    """``fn`` working in place where it can (Normalize): on a batch the engine owns, a copy is wasted work."""
    if getattr(fn, "inplace", True) is False:
        fn = copy.copy(fn)
        fn.inplace = True  # type: ignore[attr-defined]
    return fn


def compose(fns: list[Transform]) -> Transform | None:
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


@dataclass(frozen=True)
class Staged:
    """The train and val datasets as the loaders read them, and what runs per batch on the device."""

    train: StagedDataset
    val: StagedDataset
    train_batch_tf: Transform | None  # the batched pipeline tail (None: the dataset runs every step)
    val_batch_tf: Transform | None
    cache_notes: dict[str, str]  # split -> where its decode-once cache cuts the pipeline (run.json)
    input_size: list[int] | None  # what one val image measures after the pipeline
    train_mix: Transform | None = None  # the batch stage, applied to train batches after the tail (loop.mix_batch)
    regression: RegressionSpec | None = None  # task "regression" (see :mod:`.regression`)

    def batch_tf(self, split: str) -> Transform | None:
        return self.train_batch_tf if split == "train" else self.val_batch_tf


def stage(cfg: RunConfig, data: PreparedData, *, use_features: bool, world_size: int, say: Say) -> Staged:
    """Split each pipeline into cached start, per-image rest and per-batch tail; measure one val image.

    With the feature cache the whole pipeline runs per image: the backbone sees each image once anyway.
    """
    notes: dict[str, str] = {}
    if use_features:
        train = StagedDataset(data.base_train, None, compose([f for *_, f in data.train_steps]), False)
        val = StagedDataset(data.base_val, None, compose([f for *_, f in data.val_steps]), False)
        train_tf = val_tf = None
    else:
        train, train_tf = _staged(cfg, data.base_train, data.train_steps, "train", world_size, say, notes)
        val, val_tf = _staged(cfg, data.base_val, data.val_steps, "val", world_size, say, notes)
    sample = val[0][0]
    if not isinstance(sample, torch.Tensor):
        raise TrainingError(msg("training.val_not_tensor", kind=type(sample).__name__))
    input_size = list(sample.shape[-2:]) if sample.dim() >= 2 else None
    return Staged(train, val, train_tf, val_tf, notes, input_size, data.train_mix, data.regression)


def _staged(cfg: RunConfig, base: Any, steps: Steps, split: str, world_size: int, say: Say,
            notes: dict[str, str]) -> tuple[StagedDataset, Transform | None]:
    """Split the pipeline at the cheapest point of its deterministic start; cache that part if it fits.

    A trailing ToDtype/Normalize run (see :func:`batch_tail`) is left out of the dataset and returned,
    to be applied per batch by the train and val loops.
    """
    tail = batch_tail(base, steps)
    batch_tf = compose([in_place(fn) for _, _, fn in steps[tail:]])
    steps = steps[:tail]
    fns = [fn for _, _, fn in steps]
    mode = cfg.data.cache
    n_det = first_random(steps)
    if mode == "off" or len(base) == 0:
        return StagedDataset(base, None, compose(fns), cache=False), batch_tf
    # the latest deterministic point whose output is not a float tensor: skips the most work
    # (decode, resize...) without storing 4-byte floats; ToDtype/Normalize are cheap to redo
    x, _ = base[0]
    outputs = [x]
    for fn in fns[:n_det]:
        x = fn(x)
        outputs.append(x)
    n_images = len(base) * max(1, world_size)
    cap = min(CACHE_MAX_BYTES, _mem_available() // 4)
    best, estimate = None, 0
    for cut in range(len(outputs) - 1, -1, -1):
        out, size = outputs[cut], _nbytes(outputs[cut])
        if size is None or (isinstance(out, torch.Tensor) and out.is_floating_point()):
            continue
        if mode == "on" or size * n_images <= cap:
            best, estimate = cut, size * n_images
            break
    if best is None or (mode == "auto" and cfg.workers > 0):
        return StagedDataset(base, None, compose(fns), cache=False), batch_tf
    if cfg.workers > 0:
        say(msg("training.cache_per_worker"))
    after = (msg("training.cache_after_decoding") if best == 0 else
             msg("training.cache_after_step", step=steps[best - 1][0] + 1, name=steps[best - 1][1].name))
    say(msg("training.cache_note", split=msg(f"training.split.{split}"), after=after, mb=estimate / 2**20,
            n=len(base)))
    notes[split] = render(after, "en")
    return StagedDataset(base, compose(fns[:best]), compose(fns[best:]), cache=True), batch_tf


def fill_caches(staged: Staged, cfg: RunConfig, world_size: int, stop: StopToken, say: Say) -> None:
    """Fill the decode-once caches before the first epoch, on several threads (one process only: with
    loader workers each keeps its own copy, and a DDP rank reads only its share)."""
    if cfg.workers > 0 or world_size > 1:
        return
    threads = max(1, min(CACHE_FILL_THREADS, os.cpu_count() or 1))
    for split, ds in (("train", staged.train), ("val", staged.val)):
        if isinstance(ds, StagedDataset) and ds.store is not None and len(ds.store) < len(ds):
            say(msg("training.filling_cache", split=msg(f"training.split.{split}"), n=len(ds) - len(ds.store)))
            ds.fill(threads, stop, probe=16)


# -- loaders --------------------------------------------------------------------------------------------
def _mp_context() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def make_loader(ds: Any, sampler: Any, drop_last: bool, *, cfg: RunConfig, rank: int,
                device: torch.device) -> torch.utils.data.DataLoader:
    # its own generator: creating an iterator draws a worker base seed, which must not move the global
    # RNG (a resumed epoch creates one iterator more than the uninterrupted run did)
    kw: dict[str, Any] = {"generator": torch.Generator().manual_seed(cfg.seed + 17 * rank)}
    if cfg.workers > 0:
        kw.update(num_workers=cfg.workers, persistent_workers=True, multiprocessing_context=_mp_context())
    return torch.utils.data.DataLoader(ds, batch_size=cfg.train.batch_size, sampler=sampler,
                                       drop_last=drop_last, pin_memory=device.type == "cuda", **kw)


@dataclass(frozen=True)
class Loaders:
    train: torch.utils.data.DataLoader
    val: torch.utils.data.DataLoader


def make_loaders(staged: Staged, sampler: torch.utils.data.Sampler[int], drop_last: bool, *, cfg: RunConfig,
                 ctx: DistContext, device: torch.device) -> Loaders:
    """Train in ``sampler``'s order; val in file order, each rank its own share (see ``ShardSampler``)."""
    return Loaders(make_loader(staged.train, sampler, drop_last, cfg=cfg, rank=ctx.rank, device=device),
                   make_loader(staged.val, ShardSampler(len(staged.val), ctx), False, cfg=cfg, rank=ctx.rank,
                               device=device))


# -- the frozen-backbone feature cache --------------------------------------------------------------------
@dataclass(frozen=True)
class CachedFeatures:
    """Backbone features of both splits, and the part of the model that trains on them."""

    train: FeatureSet
    val: FeatureSet
    head: nn.Module


def cache_features(prepared: PreparedModel, staged: Staged, cfg: RunConfig, rank: int, stop: StopToken,
                   say: Say) -> CachedFeatures:
    """Run the frozen backbone once over train and val; Cancelled when ``stop`` is requested."""
    say(msg("training.computing_features"))
    feats = {}
    for split, ds in (("train", staged.train), ("val", staged.val)):
        loader = make_loader(ds, None, False, cfg=cfg, rank=rank, device=prepared.device)
        feats[split] = extract_features(prepared.model, cfg.model.arch, loader, device=prepared.device,
                                        autocast=prepared.autocast, channels_last=prepared.channels_last,
                                        stop=stop)
    secs = feats["train"].seconds + feats["val"].seconds
    say(msg("training.cached_features", n_train=len(feats["train"]), n_val=len(feats["val"]),
            size=int(feats["train"].features.shape[1]), seconds=secs))
    return CachedFeatures(feats["train"], feats["val"], head_module(prepared.model, cfg.model.arch))
