"""Dataset statistics for Normalize: the per-channel mean and std of what Normalize receives.

A model trained from scratch learns fastest when its inputs are centred around 0 with unit spread; ImageNet's
mean/std only fit photos like ImageNet's. :func:`dataset_stats` measures the train images as the train
pipeline delivers them to its (first) Normalize: the enabled steps before it, with the random ones left out
(:func:`~dtf_gui.core.pipeline.registry.step_is_random`, the registry's one test of a random step, which the
feature cache and lint use too), so every image counts once, as it is, without a random crop or flip. When those
steps do not end in a float tensor, the registry's ``ToImage`` and ``ToDtype(float32, scale=True)`` are added
(``ChannelStats.converted`` says so), so values are measured in [0, 1], the range Normalize's defaults assume.

The mean and the (population, ddof=0) std are exact over every pixel of every image: each image's mean and
sum of squared deviations in float64, merged with Chan's parallel formula (no cancellation when the std is
small next to the mean). Images are listed by the data scan (``core/data/scan.py``, ``decode=False``) as
training splits them (val folder, val fraction and seed, excluded classes); unreadable files are skipped and
counted.

Results are cached as JSON under the user cache folder (``$XDG_CACHE_HOME/dtf_gui`` or ``~/.cache/dtf_gui``,
in ``.dtf_cache/stats/``), one file per key: the sha256 of the listed files' relative paths, sizes and
modification times and of the measured steps' JSON. A changed, added or removed file, or a changed step before
Normalize, gives another key, so the statistics are computed again. :func:`cached_stats` only looks (lint
never computes).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import Cancelled, DataError, PipelineError
from dtf_gui.core.fileio import atomic_write_json, read_json_document
from dtf_gui.core.messages import msg
from dtf_gui.core.pipeline.registry import step_is_random
from dtf_gui.core.pipeline.spec import SPLITS, PipelineDocument, PipelineSpec, StepSpec

CACHE_VERSION = 1
#: Normalize values are rounded to this many decimals (ImageNet's are given to 3).
DIGITS = 4
#: A channel whose std is below this is (almost) constant: dividing by it would blow noise up.
MIN_STD = 1e-3
#: The two steps that turn what the loader gives (a PIL image) into a float tensor in [0, 1].
TO_FLOAT = (StepSpec("ToImage", {}), StepSpec("ToDtype", {"dtype": "float32", "scale": True}))


@dataclass(frozen=True)
class StatsRequest:
    """Which images (``split`` of ``data_root``, split the way training splits it) through which pipeline.

    ``max_images`` takes that many images evenly spread over the sorted list (every class is represented);
    None takes them all.
    """

    data_root: str | Path
    document: PipelineDocument
    split: str = "train"
    max_images: int | None = None
    val_root: str | Path | None = None
    val_fraction: float | None = 0.2  # RunConfig's default (data.val_fraction)
    seed: int = 0
    exclude_classes: tuple[str, ...] = ()
    #: a ScanReport of this folder made with these settings (the app's own scan): its file list is used
    #: instead of listing the folder again -- lint looks up the cache after every pipeline edit
    report: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ChannelStats:
    """Per-channel mean and std (population) of the pixels Normalize receives, and how they were measured."""

    mean: tuple[float, ...]
    std: tuple[float, ...]
    n_images: int
    n_pixels: int  # per channel
    from_cache: bool = False
    converted: bool = False  # ToImage + ToDtype(float32, scale=True) were added after the measured steps
    steps: tuple[str, ...] = ()  # the measured steps' names, in order
    skipped: int = 0  # listed images that could not be read

    def normalize_params(self, digits: int = DIGITS) -> dict[str, list[float]]:
        """``{"mean": [...], "std": [...]}`` for a Normalize step, rounded to ``digits`` decimals.

        Raises PipelineError when Normalize cannot take them: a channel count other than 1 or 3, or an
        (almost) constant channel, whose std would make Normalize divide by about zero.
        """
        if len(self.mean) not in (1, 3):
            raise PipelineError(msg("stats.bad_channels", n=len(self.mean)))
        for c, s in enumerate(self.std):
            if not s >= MIN_STD:
                raise PipelineError(msg("stats.std_too_small", channel=c + 1, std=f"{s:.2g}"))
        return {"mean": [round(float(m), digits) for m in self.mean],
                "std": [round(float(s), digits) for s in self.std]}

    def to_json(self) -> dict[str, Any]:
        return {"mean": list(self.mean), "std": list(self.std), "n_images": self.n_images,
                "n_pixels": self.n_pixels, "from_cache": self.from_cache, "converted": self.converted,
                "steps": list(self.steps), "skipped": self.skipped}

    @classmethod
    def from_json(cls, obj: Any) -> ChannelStats:
        """Read a cache entry; ValueError/TypeError/KeyError when it is not one (the caller recomputes)."""
        mean = tuple(float(v) for v in obj["mean"])
        std = tuple(float(v) for v in obj["std"])
        if not mean or len(mean) != len(std) or not all(math.isfinite(v) for v in (*mean, *std)):
            raise ValueError("not channel statistics")
        return cls(mean, std, int(obj["n_images"]), int(obj["n_pixels"]), from_cache=True,
                   converted=bool(obj.get("converted", False)), steps=tuple(str(s) for s in obj.get("steps", ())),
                   skipped=int(obj.get("skipped", 0)))


# -- what is measured ----------------------------------------------------------------------------------
def measured_steps(spec: PipelineSpec) -> list[tuple[int, StepSpec]]:
    """(document index, step) of the enabled steps before the first Normalize, random steps left out."""
    out = []
    for i, step in spec.enabled_steps():
        if step.name == "Normalize":
            break
        if not step_is_random(step):
            out.append((i, step))
    return out


def user_cache_dir() -> Path:
    """Where dtf_gui keeps caches it can rebuild: ``$XDG_CACHE_HOME/dtf_gui``, else ``~/.cache/dtf_gui``."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "dtf_gui"


def stats_cache_dir(cache_dir: str | Path | None = None) -> Path:
    """The folder of the statistics cache; ``cache_dir`` replaces the user cache folder (tests)."""
    return (Path(cache_dir) if cache_dir is not None else user_cache_dir()) / ".dtf_cache" / "stats"


def _split_name(split: str) -> Any:
    return msg(f"stats.split.{split}") if split in SPLITS else split


def list_images(request: StatsRequest, stop: StopToken | None = None) -> list[str]:
    """The request's images, as training would use them (the scan's usable files of kept classes)."""
    from dtf_gui.core.data.scan import scan

    report = request.report or scan(
        request.data_root, val_root=request.val_root or None, val_fraction=request.val_fraction,
        seed=request.seed, decode=False, stop=stop, exclude_classes=tuple(request.exclude_classes))
    classes = set(report.classes)
    paths = sorted(r.path for r in report.usable(request.split) if r.label in classes)
    if not paths:
        raise DataError(msg("stats.no_images", root=str(request.data_root), split=_split_name(request.split)),
                        str(request.data_root))
    n = request.max_images
    if n is not None and 0 < n < len(paths):
        paths = [paths[i * len(paths) // n] for i in range(n)]
    return paths


def cache_key(root: str | Path, paths: Sequence[str], steps: Sequence[StepSpec]) -> str:
    """sha256 of the files (relative path, size, mtime) and of the measured steps' JSON."""
    files = []
    for p in paths:
        try:
            st = os.stat(p)
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:
            size = mtime = -1
        files.append([os.path.relpath(p, root), size, mtime])
    payload = json.dumps({"version": CACHE_VERSION, "files": files, "steps": [s.to_json() for s in steps]},
                         sort_keys=True, separators=(",", ":"))  # ensure_ascii: odd file names stay encodable
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def _read_cache(path: Path) -> ChannelStats | None:
    if not path.is_file():
        return None
    try:
        return ChannelStats.from_json(read_json_document(path, "stats cache", DataError))
    except (DataError, OSError, ValueError, TypeError, KeyError):
        return None  # a damaged entry is computed again (and rewritten)


def _prepare(request: StatsRequest, stop: StopToken | None,
             cache_dir: str | Path | None) -> tuple[list[str], list[tuple[int, StepSpec]], Path]:
    steps = measured_steps(request.document.get(request.split))
    paths = list_images(request, stop)
    key = cache_key(request.data_root, paths, [s for _, s in steps])
    return paths, steps, stats_cache_dir(cache_dir) / f"{key}.json"


def cached_stats(request: StatsRequest, *, cache_dir: str | Path | None = None) -> ChannelStats | None:
    """The cached statistics for ``request`` when the files and steps are unchanged; never computes."""
    try:
        _, _, path = _prepare(request, None, cache_dir)
    except (DataError, PipelineError, OSError):
        return None
    return _read_cache(path)


# -- computing -----------------------------------------------------------------------------------------
def dataset_stats(request: StatsRequest, *, stop: StopToken | None = None, progress: Progress | None = None,
                  cache_dir: str | Path | None = None) -> ChannelStats:
    """Per-channel mean/std of the request's images after the pipeline's deterministic steps before Normalize.

    From the cache when nothing changed (``from_cache``); else computed (``progress(done, total)`` per image,
    ``stop`` raises ``Cancelled`` between images, nothing is written then) and saved atomically. Raises
    ``PipelineError`` for a step that cannot be built, ``DataError`` for a folder without usable images or a
    step that fails on an image (naming the file and the step).
    """
    from dtf_gui.core.pipeline.build import build_step  # lazy: torchvision

    paths, steps, cache_path = _prepare(request, stop, cache_dir)
    hit = _read_cache(cache_path)
    if hit is not None:
        if progress is not None:
            progress(len(paths), len(paths))
        return hit
    fns = [(i, step, build_step(step, index=i, split=request.split)) for i, step in steps]
    to_float = [build_step(s) for s in TO_FLOAT]
    acc = _Accumulator()
    converted = False
    skipped = 0
    total = len(paths)
    for done, path in enumerate(paths, 1):
        if stop is not None and stop.stop_requested:
            raise Cancelled(msg("stats.cancelled"))
        x = _load(path)
        if x is None:
            skipped += 1
        else:
            x, conv = _measured(x, fns, to_float, path)
            converted = converted or conv
            acc.add(x, path)
        if progress is not None:
            progress(done, total)
    if acc.n_images == 0:
        raise DataError(msg("stats.no_images", root=str(request.data_root), split=_split_name(request.split)),
                        str(request.data_root))
    result = ChannelStats(*acc.result(), n_images=acc.n_images, n_pixels=acc.n_pixels, converted=converted,
                          steps=tuple(s.name for _, s in steps), skipped=skipped)
    try:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_json(cache_path, result.to_json())
    except OSError:
        pass  # a read-only cache folder costs a recomputation next time, nothing else
    return result


def _load(path: str) -> Any:
    from dtf_gui.core.data.datasets import load_rgb

    try:
        return load_rgb(path)
    except DataError:
        return None


def _measured(x: Any, fns: list[tuple[int, StepSpec, Any]], to_float: list[Any], path: str) -> tuple[Any, bool]:
    """The image after the measured steps, as a float tensor (converted when it is not one yet)."""
    import torch

    for i, step, fn in fns:
        try:
            x = fn(x)
        except Exception as e:
            raise DataError(msg("stats.step_failed", step=i + 1, name=step.name, path=path,
                                reason=f"{type(e).__name__}: {e}"), path) from e
    converted = not (isinstance(x, torch.Tensor) and x.is_floating_point())
    if converted:
        try:
            for fn in to_float:
                x = fn(x)
        except Exception:
            raise DataError(msg("stats.not_tensor", kind=type(x).__name__, path=path), path) from None
    if not isinstance(x, torch.Tensor) or x.dim() not in (2, 3):
        raise DataError(msg("stats.not_tensor", kind=type(x).__name__, path=path), path)
    return x, converted


class _Accumulator:
    """Exact running per-channel mean and sum of squared deviations (Chan et al.), in float64."""

    def __init__(self) -> None:
        self.n_images = 0
        self.n_pixels = 0
        self.mean: Any = None
        self.m2: Any = None

    def add(self, x: Any, path: str) -> None:
        import torch

        t = x.as_subclass(torch.Tensor).detach().to("cpu", torch.float64)
        if t.dim() == 2:
            t = t[None]
        t = t.reshape(t.shape[0], -1)
        n_b = t.shape[1]
        if n_b == 0:
            return
        mean_b = t.mean(dim=1)
        m2_b = ((t - mean_b[:, None]) ** 2).sum(dim=1)
        if self.mean is None:
            self.mean, self.m2, self.n_pixels = mean_b, m2_b, n_b
        else:
            if mean_b.shape != self.mean.shape:
                raise DataError(msg("stats.channels_differ", path=path, got=int(mean_b.shape[0]),
                                    want=int(self.mean.shape[0])), path)
            n = self.n_pixels + n_b
            delta = mean_b - self.mean
            self.mean = self.mean + delta * (n_b / n)
            self.m2 = self.m2 + m2_b + delta * delta * (self.n_pixels * n_b / n)
            self.n_pixels = n
        self.n_images += 1

    def result(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        mean = tuple(float(v) for v in self.mean)
        std = tuple(math.sqrt(max(0.0, float(v) / self.n_pixels)) for v in self.m2)
        return mean, std
