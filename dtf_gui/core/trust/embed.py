"""Image embeddings for trusting a dataset: one feature vector per image from a frozen pretrained backbone.

The label-error finder (out-of-fold probabilities), the near-duplicate finder (cosine similarity) and the
embedding map all start here, so a dataset's features are computed once and shared. The backbone is a zoo
architecture with its official ImageNet weights (found offline first: :mod:`dtf_gui.core.models.weights`) or a
trained run's own model (``EmbedRequest.run``: its backbone, its val pipeline). Its head is replaced by
``nn.Identity`` (:func:`~dtf_gui.core.training.features.backbone_only`), so ``model(x)`` is the vector the
classifier head would see.

Images are listed by the data scan as training splits them (val folder, val fraction and seed), read by
:func:`~dtf_gui.core.data.datasets.load_rgb` (the one loader) and shown to an ImageNet backbone as its own
weights expect: resize the shorter side to ``image_size``, centre crop, scale to [0, 1], ImageNet
mean/std. Small images (the 32-px demo digits) are enlarged: a pretrained network sees digits best at
ImageNet's scale.

Results are cached under the user cache folder (``.dtf_cache/embed/<key>.npz``); the key covers the files
(relative path, size, mtime), the backbone and its weights, and the input size, so a changed file computes
again. A damaged cache entry is recomputed; a read-only cache folder only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import Cancelled, DataError
from dtf_gui.core.messages import msg

CACHE_VERSION = 1
#: The default backbone: small, fast on a CPU, and its ImageNet weights ship in an installable package.
DEFAULT_ARCH = "mobilenet_v2"
#: The default input size (pixels a side) the backbone sees.
DEFAULT_SIZE = 160
#: The grid (cells a side) of stride-16 features that ``EmbedRequest.layout`` appends (:func:`with_layout`).
LAYOUT_GRID = 3
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@dataclass(frozen=True)
class EmbedRequest:
    """Which images (a dataset folder, split the way training splits it) through which backbone.

    ``run``: a run directory or export bundle whose own model (backbone) and val pipeline embed the images
    instead of an ImageNet backbone. ``report``: a scan report of ``data_root`` already made (the app's), so
    the folder is not listed again. ``splits``: the splits to embed, in this order.
    """

    data_root: str | Path
    val_root: str | Path | None = None
    val_fraction: float | None = None
    seed: int = 0
    splits: tuple[str, ...] = ("train", "val")
    arch: str = DEFAULT_ARCH
    image_size: int = DEFAULT_SIZE
    weights_file: str | None = None
    allow_download: bool = False
    run: str | Path | None = None
    batch_size: int = 128
    device: str = "cpu"
    report: Any = None  # ScanReport | None
    cache: bool = True
    layout: bool = False  # also *where* things are: see :func:`with_layout`


@dataclass
class Embeddings:
    """One row per image: ``features[i]`` is ``paths[i]`` of class ``classes[labels[i]]`` in ``splits[i]``."""

    paths: list[str]
    labels: np.ndarray  # int64 [N]: index into ``classes`` (the scan's class list)
    splits: list[str]
    classes: list[str]
    features: np.ndarray  # float32 [N, D]
    backbone: str  # what made them, for the report ("mobilenet_v2 (ImageNet)", or the run's folder)
    seconds: float = 0.0
    from_cache: bool = False
    skipped: list[str] = field(default_factory=list)  # files that could not be read (named, not fatal)

    def __len__(self) -> int:
        return len(self.paths)

    def normalized(self) -> np.ndarray:
        """The features scaled to unit length (cosine similarity is then a dot product)."""
        norms = np.linalg.norm(self.features, axis=1, keepdims=True)
        return self.features / np.maximum(norms, 1e-12)

    def split_index(self, split: str) -> np.ndarray:
        """Row numbers of ``split``'s images."""
        return np.array([i for i, s in enumerate(self.splits) if s == split], dtype=np.int64)


# -- listing and caching --------------------------------------------------------------------------------
def list_samples(request: EmbedRequest, stop: StopToken | None = None) -> tuple[list[tuple[str, int, str]], list[str]]:
    """``[(path, label index, split)]`` of the request's usable images, and the class list (the scan's)."""
    from dtf_gui.core.data.scan import scan

    report = request.report or scan(
        request.data_root, val_root=request.val_root or None, val_fraction=request.val_fraction,
        seed=request.seed, decode=False, stop=stop)
    classes = list(report.classes)
    index = {c: i for i, c in enumerate(classes)}
    samples: list[tuple[str, int, str]] = []
    for split in request.splits:
        recs = sorted((r for r in report.usable(split) if r.label in index), key=lambda r: r.path)
        samples.extend((r.path, index[r.label], split) for r in recs)
    if not samples:
        raise DataError(msg("embed.no_images", root=str(request.data_root)), str(request.data_root))
    return samples, classes


def embed_cache_dir(cache_dir: str | Path | None = None) -> Path:
    """The folder of the embeddings cache; ``cache_dir`` replaces the user cache folder (tests)."""
    from dtf_gui.core.pipeline.stats import user_cache_dir

    return (Path(cache_dir) if cache_dir is not None else user_cache_dir()) / ".dtf_cache" / "embed"


def _file_stamp(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
        return st.st_size, st.st_mtime_ns
    except OSError:
        return -1, -1


def cache_key(request: EmbedRequest, samples: list[tuple[str, int, str]], classes: list[str]) -> str:
    """sha256 of the files (relative path, size, mtime, label, split), the backbone, its weights and the size."""
    root = str(request.data_root)
    files = [[os.path.relpath(p, root), *_file_stamp(p), y, s] for p, y, s in samples]
    backbone: list[Any] = [request.arch, request.image_size, request.weights_file or ""]
    if request.run is not None:
        run = Path(request.run)
        weights = sorted(str(q) for q in run.rglob("*") if q.suffix in (".pt", ".pth", ".safetensors"))
        backbone = [str(run.resolve()), [[os.path.relpath(w, run), *_file_stamp(w)] for w in weights]]
    if request.layout:
        backbone.append(f"layout{LAYOUT_GRID}")
    payload = json.dumps({"version": CACHE_VERSION, "files": files, "classes": classes, "backbone": backbone},
                         sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def _read_cache(path: Path, samples: list[tuple[str, int, str]]) -> np.ndarray | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            feats = np.asarray(z["features"], dtype=np.float32)
            ok = np.asarray(z["ok"], dtype=bool)
    except (OSError, ValueError, KeyError):
        return None  # damaged: computed again and rewritten
    if feats.ndim != 2 or ok.shape != (len(samples),) or feats.shape[0] != int(ok.sum()):
        return None
    full = np.full((len(samples), feats.shape[1]), np.nan, dtype=np.float32)
    full[ok] = feats
    return full


def _write_cache(path: Path, feats: np.ndarray) -> None:
    ok = ~np.isnan(feats).any(axis=1)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
        np.savez(tmp, features=feats[ok], ok=ok)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache folder costs a recomputation next time, nothing else


# -- the backbone --------------------------------------------------------------------------------------
@dataclass
class Backbone:
    """A model whose ``forward`` returns features, the transform it expects, and how to name it.

    ``transform`` makes one image's tensor; ``batch_transform`` (optional) finishes a stacked batch of them,
    so the per-pixel float work runs once per batch instead of once per small image (measured: on 2 cores,
    per-image ToDtype + Normalize of a 128-px image cost as much as the network itself).
    """

    model: Any
    transform: Any
    name: str
    batch_transform: Any = None


def imagenet_transform(size: int) -> Any:
    """Resize the shorter side to ``size``, centre crop, float in [0, 1], ImageNet mean/std."""
    import torch
    from torchvision.transforms import v2

    return v2.Compose([v2.Resize(size, antialias=True), v2.CenterCrop(size), v2.ToImage(),
                       v2.ToDtype(torch.float32, scale=True), v2.Normalize(IMAGENET_MEAN, IMAGENET_STD)])


def imagenet_parts(size: int) -> tuple[Any, Any]:
    """:func:`imagenet_transform` split in two, same numbers: (per image: resize, crop, uint8 tensor; per
    batch: float in [0, 1], ImageNet mean/std)."""
    import torch
    from torchvision.transforms import v2

    per_image = v2.Compose([v2.Resize(size, antialias=True), v2.CenterCrop(size), v2.PILToTensor()])
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)

    def per_batch(x: Any) -> Any:
        return (x.float().div_(255.0) - mean) / std

    return per_image, per_batch


def load_backbone(request: EmbedRequest, stop: StopToken | None = None) -> Backbone:
    """The request's backbone in eval mode, head replaced by ``nn.Identity``; WeightsError says what to do."""
    from torch import nn

    from dtf_gui.core.models.zoo import arch_info, set_head

    if request.run is not None:
        from dtf_gui.core.runs.artifacts import load_predictor

        bundle = load_predictor(request.run)
        arch = getattr(bundle, "arch", None)
        if not arch or arch == "ensemble":
            raise DataError(msg("embed.run_not_single", path=str(request.run)), str(request.run))
        model = bundle.model
        set_head(model, arch, nn.Identity())
        model = with_layout(model.eval()) if request.layout else model
        return Backbone(model.eval(), bundle.transform, str(request.run))
    from dtf_gui.core.models.weights import load_weights, pretrained_state_dict
    from dtf_gui.core.models.zoo import build_plain

    info = arch_info(request.arch)
    model = build_plain(info.name, 1000)
    sd = pretrained_state_dict(info.name, user_file=request.weights_file, allow_download=request.allow_download,
                               stop=stop)
    load_weights(model, info.name, sd, source=f"ImageNet weights for {info.name}")
    set_head(model, info.name, nn.Identity())
    model = with_layout(model.eval()) if request.layout else model
    per_image, per_batch = imagenet_parts(request.image_size)
    return Backbone(model.eval(), per_image, f"{info.name} (ImageNet)", per_batch)


def stride16_module(model: Any) -> Any:
    """The block whose output is the backbone's last feature map at stride 16 (before the last downsampling).

    Found by a dry run that records the outputs of the model's top-level modules and of the blocks of its
    top-level ``nn.Sequential`` stages (``features[13]`` of mobilenet_v2, ``layer3`` of a ResNet), so it works
    for every architecture of the zoo without a table.
    """
    import torch
    from torch import nn

    candidates: list[Any] = []
    for child in model.children():
        candidates.append(child)
        if isinstance(child, nn.Sequential):
            candidates.extend(child.children())
    seen: list[tuple[Any, int]] = []
    hooks = [m.register_forward_hook(lambda mod, _i, out: seen.append((mod, out.shape[-1]))
                                     if isinstance(out, torch.Tensor) and out.dim() == 4 else None)
             for m in candidates]
    try:
        with torch.inference_mode():
            model.eval()(torch.zeros(1, 3, 128, 128))
    finally:
        for h in hooks:
            h.remove()
    maps = [(m, w) for m, w in seen if w > 1]  # a pooled 1×1 output is not a feature map
    last = min(w for _, w in maps)  # stride 32: 4 px a side
    return [m for m, w in maps if w == 2 * last][-1]


def with_layout(model: Any, grid: int = LAYOUT_GRID) -> Any:
    """``model`` (head removed) whose features also say *where* things are: the pooled vector (what the head
    sees) followed by a ``grid``×``grid`` average of the stride-16 feature map, each part of unit length.

    Why: global average pooling forgets layout, so a 6 and a 9, or strokes in another place, look alike; the
    coarse mid-level grid keeps it. On the demo digits (mobilenet_v2, 96 px, 5-fold logistic regression) it
    lifted out-of-fold accuracy from 0.94 to 0.98 and the label finder's precision at N over 10 seeds from
    0.85-0.93 to 0.93-0.97 (bench/label_issues.py). The label finder asks for it; the other users keep the
    head's vector.
    """
    import torch  # lazy: no torch in `dtf --help`
    import torch.nn.functional as F  # noqa: N812
    from torch import nn

    class WithLayout(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model
            self._mid: Any = None
            stride16_module(model).register_forward_hook(self._keep)

        def _keep(self, _mod: Any, _inp: Any, out: Any) -> None:
            self._mid = out

        def forward(self, x: Any) -> Any:
            pooled = self.model(x).flatten(1)
            where = F.adaptive_avg_pool2d(self._mid, grid).flatten(1)
            self._mid = None
            return torch.cat([F.normalize(pooled, dim=1), F.normalize(where, dim=1)], dim=1)

    return WithLayout()


class _Files:
    """The images as a torch Dataset; an unreadable file gives ``None`` (counted and named, not fatal)."""

    def __init__(self, paths: list[str], transform: Any) -> None:
        self.paths = paths
        self.transform = transform

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, i: int) -> Any:
        from dtf_gui.core.data.datasets import load_rgb

        try:
            return i, self.transform(load_rgb(self.paths[i]))
        except DataError:
            return i, None


def _collate(items: list[Any]) -> Any:
    import torch

    good = [(i, x) for i, x in items if x is not None]
    bad = [i for i, x in items if x is None]
    if not good:
        return [], None, bad
    return [i for i, _ in good], torch.stack([x for _, x in good]), bad


def compute_features(backbone: Backbone, paths: list[str], *, batch_size: int = 64, device: str = "cpu",
                     stop: StopToken | None = None, progress: Progress | None = None) -> np.ndarray:
    """``float32 [N, D]`` features of ``paths`` in order; rows of unreadable files are NaN.

    Channels-last memory format: oneDNN's convolutions run it markedly faster on a CPU (measured ~1.6x for
    mobilenet_v2, bench/label_issues.py).
    """
    import torch

    loader = torch.utils.data.DataLoader(_Files(paths, backbone.transform), batch_size=batch_size,
                                         shuffle=False, num_workers=0, collate_fn=_collate)
    model = backbone.model.to(device).to(memory_format=torch.channels_last)
    out: np.ndarray | None = None
    done = 0
    with torch.inference_mode():
        for idx, x, bad in loader:
            if stop is not None and (stop.wait_if_paused() or stop.stop_requested):
                raise Cancelled(msg("embed.cancelled"))
            if x is not None:
                x = x.to(device)
                if backbone.batch_transform is not None:
                    x = backbone.batch_transform(x)
                x = x.contiguous(memory_format=torch.channels_last) if x.dim() == 4 else x
                f = model(x).float().flatten(1).cpu().numpy()
                if out is None:
                    out = np.full((len(paths), f.shape[1]), np.nan, dtype=np.float32)
                out[idx] = f
            done += len(idx) + len(bad)
            if progress is not None:
                progress(done, len(paths))
    if out is None:
        raise DataError(msg("embed.none_readable", count=len(paths)), paths[0] if paths else "")
    return out


def embed_dataset(request: EmbedRequest, *, stop: StopToken | None = None, progress: Progress | None = None,
                  cache_dir: str | Path | None = None) -> Embeddings:
    """Features of every usable image of the request's splits, from the cache when nothing changed.

    ``progress(done, total)`` counts images; ``stop`` raises ``Cancelled`` between batches (nothing is
    cached then). Unreadable files are left out and listed in ``Embeddings.skipped``. Raises
    ``DataError`` for a folder without usable images, ``WeightsError`` when the backbone's weights are not
    on this machine (its message says where to put them).
    """
    t0 = time.perf_counter()
    samples, classes = list_samples(request, stop)
    paths = [p for p, _, _ in samples]
    key = cache_key(request, samples, classes)
    cache_path = embed_cache_dir(cache_dir) / f"{key}.npz"
    feats = _read_cache(cache_path, samples) if request.cache else None
    from_cache = feats is not None
    if feats is None:
        backbone = load_backbone(request, stop)
        feats = compute_features(backbone, paths, batch_size=request.batch_size, device=request.device,
                                 stop=stop, progress=progress)
        if request.cache:
            _write_cache(cache_path, feats)
        name = backbone.name
    else:
        name = str(request.run) if request.run is not None else f"{request.arch} (ImageNet)"
        if progress is not None:
            progress(len(paths), len(paths))
    ok = ~np.isnan(feats).any(axis=1)
    keep = np.flatnonzero(ok)
    return Embeddings(
        paths=[paths[i] for i in keep], labels=np.array([samples[i][1] for i in keep], dtype=np.int64),
        splits=[samples[i][2] for i in keep], classes=classes, features=feats[keep], backbone=name,
        seconds=time.perf_counter() - t0, from_cache=from_cache,
        skipped=[paths[i] for i in np.flatnonzero(~ok)])


__all__ = ["DEFAULT_ARCH", "DEFAULT_SIZE", "Backbone", "EmbedRequest", "Embeddings", "compute_features",
           "embed_cache_dir", "embed_dataset", "imagenet_parts", "imagenet_transform", "list_samples",
           "load_backbone", "stride16_module", "with_layout"]
