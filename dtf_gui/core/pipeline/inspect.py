"""Per-step inspector: what the data *is* after every transform.

``trace()`` builds the enabled steps one by one and runs them one at a time (not through ``Compose``) with a
fixed seed, recording a :class:`SampleInfo` for the input and after every step: the kind of object (PIL image,
``tv_tensors.Image``, plain tensor, ndarray), its PIL mode or dtype, shape and layout, per-channel statistics
and a small display-ready thumbnail. A failing step stops the trace with a message that names the step and
says how to fix the pipeline. The GUI only draws the result; ``dtf inspect`` prints it.
"""

from __future__ import annotations

import dataclasses
import math
import os
import random
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image

from dtf_gui.core.data.datasets import load_rgb
from dtf_gui.core.errors import DataError, DtfError
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.pipeline.build import build_batch_step, build_step, build_transform
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec

KINDS = ("PIL.Image", "tv_tensors.Image", "Tensor", "ndarray")
#: Names the badge uses for each kind (short, as people say them).
_BADGE_KIND = {"PIL.Image": "PIL", "tv_tensors.Image": "Image", "Tensor": "Tensor", "ndarray": "ndarray"}
#: Steps that only accept PIL images (dtf_gui's cleaning steps and the v1 PIL converters).
_PIL_ONLY = {"ConvertMode"}
#: PIL modes holding more than 8 bits per channel; shown by min-max scaling.
_WIDE_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}


@dataclass
class SampleInfo:
    """What one object in the pipeline looks like: the input (``step_index`` None) or a step's output.

    ``size`` is (width, height) for anything image-like; ``min``/``max``/``mean``/``std`` hold one value
    per channel; ``thumbnail`` is uint8 H×W×3, already mapped back to a viewable range.
    """

    step_index: int | None
    step_name: str
    kind: str
    mode: str | None = None
    size: tuple[int, int] | None = None
    dtype: str | None = None
    shape: tuple[int, ...] | None = None
    layout: str | None = None
    channels: int | None = None
    min: list[float] = field(default_factory=list)
    max: list[float] = field(default_factory=list)
    mean: list[float] = field(default_factory=list)
    std: list[float] = field(default_factory=list)
    thumbnail: np.ndarray | None = None
    type_changed: bool = False
    error: Message | str | None = None  # why the step failed, for the user (rendered in the current language)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def is_float(self) -> bool:
        return self.dtype is not None and self.dtype.startswith(("float", "bfloat"))

    def value_range(self) -> tuple[float, float] | None:
        """Overall (min, max) over all channels, or None when there are no statistics."""
        if not self.min:
            return None
        return min(self.min), max(self.max)

    def badge(self) -> str:
        """One-line type summary, e.g. ``PIL RGB 500×375`` or ``Tensor float32 3×224×224 [-2.12, 2.64]``."""
        kind = _BADGE_KIND.get(self.kind, self.kind)
        if self.error is not None:
            return render(msg("pipeline.badge_failed"))
        if self.kind == "PIL.Image":
            w, h = self.size or (0, 0)
            return f"PIL {self.mode} {w}×{h}"
        parts = [kind]
        if self.dtype:
            parts.append(self.dtype)
        if self.shape is not None:
            parts.append("×".join(str(d) for d in self.shape))
        rng = self.value_range()
        if rng is not None:
            parts.append(_format_range(rng, self.is_float))
        return " ".join(parts)

    def channel_ranges(self) -> str:
        """Per-channel ``[min, max]`` ranges, for tables."""
        return " ".join(_format_range((lo, hi), self.is_float) for lo, hi in zip(self.min, self.max, strict=True))

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (no thumbnail: it is pixels, not a description)."""
        return {
            "step_index": self.step_index,
            "step_name": self.step_name,
            "kind": self.kind,
            "badge": self.badge(),
            "mode": self.mode,
            "size": list(self.size) if self.size else None,
            "dtype": self.dtype,
            "shape": list(self.shape) if self.shape is not None else None,
            "layout": self.layout,
            "channels": self.channels,
            "min": self.min,
            "max": self.max,
            "mean": self.mean,
            "std": self.std,
            "type_changed": self.type_changed,
            "error": None if self.error is None else render(self.error, "en"),
            "seconds": round(self.seconds, 6),
            "warnings": self.warnings,
        }


@dataclass
class TraceResult:
    """All infos of one trace. ``failed_index`` is the (document) index of the step that failed, if any."""

    infos: list[SampleInfo]
    error: Message | str | None = None
    failed_index: int | None = None
    output: Any = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def final(self) -> SampleInfo:
        """The last successfully described object (the pipeline output when ``ok``)."""
        for info in reversed(self.infos):
            if info.error is None:
                return info
        return self.infos[-1]

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "error": None if self.error is None else render(self.error, "en"),
            "failed_index": self.failed_index,
            "steps": [i.to_json() for i in self.infos],
        }


# --------------------------------------------------------------------------------------------------
# describing one object
# --------------------------------------------------------------------------------------------------
def kind_of(obj: Any) -> str:
    """The kind name of ``obj``: one of :data:`KINDS`, else its class name."""
    from torchvision import tv_tensors

    if isinstance(obj, Image.Image):
        return "PIL.Image"
    if isinstance(obj, tv_tensors.Image):
        return "tv_tensors.Image"
    if isinstance(obj, torch.Tensor):
        return "Tensor"
    if isinstance(obj, np.ndarray):
        return "ndarray"
    return type(obj).__name__


def describe(
    obj: Any,
    *,
    step_index: int | None = None,
    step_name: str = "input",
    previous: SampleInfo | None = None,
    normalize: tuple[Sequence[float], Sequence[float]] | None = None,
    thumb_size: int = 128,
) -> SampleInfo:
    """Describe ``obj`` (statistics on the full data, thumbnail from a downscaled copy).

    ``normalize`` is the (mean, std) of a Normalize seen earlier, used to map a normalised float tensor back
    to a viewable range; ``previous`` decides ``type_changed``. The work is done in numpy: torch's thread
    pool makes many small reductions slow on a busy machine, and the GUI traces on every edit.
    """
    kind = kind_of(obj)
    info = SampleInfo(step_index=step_index, step_name=step_name, kind=kind)
    if kind == "PIL.Image":
        _describe_pil(obj, info, thumb_size)
    elif kind in ("tv_tensors.Image", "Tensor"):
        t = obj.as_subclass(torch.Tensor)
        info.dtype = str(t.dtype).removeprefix("torch.")
        _describe_array(_tensor_to_numpy(t), info, normalize, thumb_size, numpy_layout=False)
    elif kind == "ndarray":
        info.dtype = str(obj.dtype)
        _describe_array(obj, info, normalize, thumb_size, numpy_layout=True)
    if previous is not None:
        info.type_changed = (info.kind, info.dtype, info.mode) != (previous.kind, previous.dtype, previous.mode)
    return info


def _tensor_to_numpy(t: torch.Tensor) -> np.ndarray:
    t = t.detach()
    if t.device.type != "cpu":
        t = t.cpu()
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.float()
    elif t.dtype in (torch.uint16, torch.uint32, torch.uint64):
        t = t.to(torch.int64) if t.dtype != torch.uint64 else t.to(torch.float64)
    elif t.is_complex():
        t = t.abs()
    return t.numpy()


def _describe_pil(img: Image.Image, info: SampleInfo, thumb_size: int) -> None:
    info.mode = img.mode
    info.size = (img.width, img.height)
    arr = np.asarray(img)
    info.shape = tuple(int(d) for d in arr.shape)
    info.layout = "HWC" if arr.ndim == 3 else "HW"
    info.channels = int(arr.shape[2]) if arr.ndim == 3 else 1
    _fill_stats(info, _channels_first(arr) if arr.ndim == 3 else arr[None])
    info.thumbnail = _pil_thumbnail(img, thumb_size, info)


def _describe_array(arr: np.ndarray, info: SampleInfo, normalize, thumb_size: int, *, numpy_layout: bool) -> None:
    info.shape = tuple(int(d) for d in arr.shape)
    chw, layout = _as_chw(arr, numpy_layout=numpy_layout)
    info.layout = layout
    if chw is None or not (chw.dtype == np.bool_ or chw.dtype.kind in "iuf"):
        return
    info.channels = int(chw.shape[0])
    info.size = (int(chw.shape[2]), int(chw.shape[1]))
    if chw.size == 0:
        return
    _fill_stats(info, chw)
    info.thumbnail = _array_thumbnail(chw, info, normalize, thumb_size)


def _channels_first(hwc: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(hwc.transpose(2, 0, 1))


def _as_chw(arr: np.ndarray, *, numpy_layout: bool) -> tuple[np.ndarray | None, str | None]:
    """A C×H×W view of ``arr`` and the layout it was found in (HWC for numpy-style or permuted data)."""
    if arr.ndim == 2:
        return arr[None], "HW"
    if arr.ndim == 3:
        c_first, c_last = arr.shape[0] <= 4, arr.shape[-1] <= 4
        if c_last and (numpy_layout or not c_first):
            return _channels_first(arr), "HWC"
        return arr, "CHW"
    if arr.ndim > 3:  # a batch (or video): describe the first image
        return arr.reshape(-1, *arr.shape[-3:])[0], "N" * (arr.ndim - 3) + "CHW"
    return None, None


def _fill_stats(info: SampleInfo, chw: np.ndarray) -> None:
    flat = chw.reshape(chw.shape[0], -1)
    if flat.dtype == np.bool_:
        flat = flat.view(np.uint8)
    if flat.dtype == np.uint8:  # exact and fast: one histogram per channel
        values = np.arange(256, dtype=np.float64)
        for channel in flat:
            hist = np.bincount(channel, minlength=256)
            present = np.flatnonzero(hist)
            mean = float(hist @ values) / channel.size
            info.min.append(float(present[0]))
            info.max.append(float(present[-1]))
            info.mean.append(mean)
            info.std.append(math.sqrt(max(0.0, float(hist @ (values - mean) ** 2) / channel.size)))
        return
    if flat.dtype.kind != "f":
        flat = flat.astype(np.float64)
    # float32 data stays float32: numpy's pairwise summation keeps the mean accurate without a float64 copy
    info.min = [float(v) for v in flat.min(axis=1)]
    info.max = [float(v) for v in flat.max(axis=1)]
    info.mean = [float(v) for v in flat.mean(axis=1)]
    info.std = [float(v) for v in flat.std(axis=1)]


# --------------------------------------------------------------------------------------------------
# thumbnails
# --------------------------------------------------------------------------------------------------
def _pil_thumbnail(img: Image.Image, thumb_size: int, info: SampleInfo) -> np.ndarray:
    if img.mode in _WIDE_MODES:
        arr = np.asarray(img)
        chw = arr[None] if arr.ndim == 2 else _channels_first(arr)
        return _array_thumbnail(chw, info, None, thumb_size, force_minmax=True)
    if img.mode not in ("RGB", "L", "RGBA", "LA"):
        has_alpha = "A" in img.mode or (img.mode == "P" and "transparency" in img.info)
        img = img.convert("RGBA" if has_alpha else "RGB")
    arr = np.asarray(_shrink(img, thumb_size))
    chw = arr[None] if arr.ndim == 2 else _channels_first(arr)
    return _to_rgb_uint8(chw.astype(np.float32) / 255.0)


def _array_thumbnail(
    chw: np.ndarray,
    info: SampleInfo,
    normalize,
    thumb_size: int,
    *,
    force_minmax: bool = False,
) -> np.ndarray:
    c, h, w = chw.shape
    step = max(1, max(h, w) // (2 * thumb_size))
    x = chw[:, ::step, ::step].astype(np.float32)
    lo, hi = info.value_range() or (0.0, 1.0)
    kind = chw.dtype.kind
    if force_minmax:
        x = _minmax(x, lo, hi)
    elif chw.dtype == np.bool_:
        pass
    elif chw.dtype == np.uint8:
        x /= 255.0
    elif kind in "iu" and lo >= 0 and 255 < hi <= 65535:
        x /= 65535.0
    elif kind in "iu":
        x = _minmax(x, lo, hi)
    elif lo >= -1e-3 and hi <= 1 + 1e-3:
        pass
    elif normalize is not None and _norm_fits(normalize, c):
        mean = np.asarray(normalize[0], dtype=np.float32).reshape(-1, 1, 1)
        std = np.asarray(normalize[1], dtype=np.float32).reshape(-1, 1, 1)
        x = x * std + mean
    else:
        x = _minmax(x, lo, hi)
    rgb = _to_rgb_uint8(x)
    if max(rgb.shape[:2]) > thumb_size:
        rgb = np.asarray(_shrink(Image.fromarray(rgb, "RGB"), thumb_size))
    return rgb


def _shrink(img: Image.Image, thumb_size: int) -> Image.Image:
    """``img`` fitted into thumb_size × thumb_size (a new image; the original is never touched)."""
    scale = thumb_size / max(img.width, img.height)
    if scale >= 1:
        return img
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _norm_fits(normalize, channels: int) -> bool:
    mean, std = normalize
    return len(mean) in (1, channels) and len(std) in (1, channels) and all(s != 0 for s in std)


def _minmax(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return np.zeros_like(x)
    if hi <= lo:  # a constant image: mid grey, whatever its value
        return np.full_like(x, 0.5)
    return (x - lo) / (hi - lo)


def _to_rgb_uint8(x: np.ndarray) -> np.ndarray:
    """C×H×W float in [0, 1] -> H×W×3 uint8; 1/2 channels shown grey, alpha composited on white."""
    x = np.clip(np.nan_to_num(x, nan=0.0, posinf=1.0, neginf=0.0), 0, 1)
    c = x.shape[0]
    if c in (1, 2):
        rgb = np.broadcast_to(x[:1], (3, *x.shape[1:]))
        if c == 2:
            rgb = rgb * x[1:2] + (1 - x[1:2])
    elif c == 4:
        rgb = x[:3] * x[3:4] + (1 - x[3:4])
    else:
        rgb = x[:3]
    return np.ascontiguousarray((rgb * 255 + 0.5).astype(np.uint8).transpose(1, 2, 0))


def _format_range(rng: tuple[float, float], is_float: bool) -> str:
    lo, hi = rng
    if is_float:
        return f"[{lo:.2f}, {hi:.2f}]"
    return f"[{int(lo)}, {int(hi)}]"


# --------------------------------------------------------------------------------------------------
# tracing
# --------------------------------------------------------------------------------------------------
def trace(
    pipeline: PipelineSpec | PipelineDocument,
    sample: Any,
    seed: int = 0,
    *,
    split: str | None = None,
    thumb_size: int = 128,
) -> TraceResult:
    """Run the enabled steps of ``pipeline`` one at a time on ``sample`` and describe every result.

    ``sample`` is a PIL image, tensor or ndarray, or a path: then the first info is the file as decoded and
    the second the RGB image the training loader makes of it. torchvision's random steps draw from the
    global torch RNG, so the global torch and ``random`` states are seeded with ``seed`` and restored
    afterwards: a preview leaves the random sequence of the caller as it found it (another thread drawing
    random numbers *during* a trace would still share the seeded sequence). A step that cannot be built or
    fails stops the trace; its info carries the error and the fix.

    Raises
    ------
    DataError
        When ``sample`` is a path that cannot be read as an image.
    """
    if isinstance(pipeline, PipelineDocument):
        pipeline = pipeline.get(split or "train")
    infos: list[SampleInfo] = []
    if isinstance(sample, (str, os.PathLike)):
        x = _load_file(Path(sample), infos, thumb_size)
    else:
        x = sample
        infos.append(describe(x, step_name="input", thumb_size=thumb_size))

    normalize: tuple[list[float], list[float]] | None = None
    result = TraceResult(infos=infos, output=x)
    random_state = random.getstate()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        random.seed(seed)
        try:
            for index, step in pipeline.enabled_steps():
                previous = infos[-1]
                try:
                    transform = build_step(step, index=index, split=split)
                except DtfError as e:
                    return _fail(result, index, step.name, e.message, previous)
                start = time.perf_counter()
                try:
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always")
                        y = transform(x)
                except Exception as e:  # any library error becomes a message for the user
                    message = explain_failure(index, step.name, e, previous, split=split)
                    return _fail(result, index, step.name, message, previous, time.perf_counter() - start)
                seconds = time.perf_counter() - start
                if step.name == "Normalize":
                    normalize = _normalize_params(transform, step.params)
                info = describe(y, step_index=index, step_name=step.name, previous=previous,
                                normalize=normalize, thumb_size=thumb_size)
                info.seconds = seconds
                info.warnings = list(dict.fromkeys(str(w.message) for w in caught))
                infos.append(info)
                x = y
                result.output = y
        finally:
            random.setstate(random_state)
    return result


def _fail(result: TraceResult, index: int, name: str, message: Message | str, previous: SampleInfo,
          seconds: float = 0.0) -> TraceResult:
    result.infos.append(SampleInfo(step_index=index, step_name=name, kind=previous.kind, error=message,
                                   seconds=seconds))
    result.error = message
    result.failed_index = index
    return result


def _normalize_params(transform: Any, params: Any) -> tuple[list[float], list[float]] | None:
    mean = getattr(transform, "mean", None) or params.get("mean")
    std = getattr(transform, "std", None) or params.get("std")
    try:
        return [float(v) for v in mean], [float(v) for v in std]
    except (TypeError, ValueError):
        return None


def _load_file(path: Path, infos: list[SampleInfo], thumb_size: int) -> Image.Image:
    """Describe the raw file and the RGB image the loader makes of it; return the latter.

    The loader runs first: it refuses decompression bombs from the header, before anything is decoded.
    """
    if not path.is_file():
        raise DataError(msg("pipeline.image_missing", path=str(path)), path)
    start = time.perf_counter()
    img = _load_rgb(path)
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    try:
        raw = Image.open(path)
        raw.load()
    except FileNotFoundError as e:
        raise DataError(msg("pipeline.image_missing", path=str(path)), path) from e
    except (OSError, ValueError, Image.DecompressionBombError) as e:
        raise DataError(msg("pipeline.image_unreadable", path=str(path), reason=str(e)), path) from e
    with raw:
        raw_info = describe(raw, step_name=f"file {path.name}", thumb_size=thumb_size)
        raw_info.seconds = time.perf_counter() - start
        start = time.perf_counter()
        if img.mode == raw.mode and img.size == raw.size and img.tobytes() == raw.tobytes():
            loaded = dataclasses.replace(raw_info, step_name="loaded as RGB", min=list(raw_info.min),
                                         max=list(raw_info.max), mean=list(raw_info.mean),
                                         std=list(raw_info.std), warnings=[])  # same pixels: same numbers
        else:
            loaded = describe(img, step_name="loaded as RGB", previous=raw_info, thumb_size=thumb_size)
    loaded.seconds = load_seconds + time.perf_counter() - start
    infos.extend((raw_info, loaded))
    return img


def _load_rgb(path: Path) -> Image.Image:
    """The training loader's view of the file (EXIF, 16-bit, alpha handled there)."""
    return load_rgb(path)


# --------------------------------------------------------------------------------------------------
# failure messages
# --------------------------------------------------------------------------------------------------
_TO_FLOAT = "ToImage and ToDtype(float32, scale=True)"


def explain_failure(index: int, name: str, error: BaseException, before: SampleInfo, *,
                    split: str | None = None) -> Message:
    """A message naming the failed step (1-based, as the user sees it) and suggesting the fix.

    The library's own text (``error``) is quoted as it is: it is torchvision's, in English.
    """
    where = (msg("pipeline.where.split_step_name", split=msg(f"pipeline.split.{split}") if split in ("train", "val")
                 else split, step=index + 1, name=name) if split
             else msg("pipeline.where.Step_name", step=index + 1, name=name))
    text = str(error).strip() or type(error).__name__
    hint = _hint(name, text, before)
    params = {"where": where, "badge": before.badge(), "error": text.rstrip(".")}
    return msg("pipeline.failed_on_hint", hint=hint, **params) if hint else msg("pipeline.failed_on", **params)


def _hint(name: str, text: str, before: SampleInfo) -> Message | None:
    low = text.lower()
    pil = before.kind == "PIL.Image"
    if name == "Normalize":
        if pil:
            return msg("pipeline.hint.normalize_pil", to_float=_TO_FLOAT)
        if "float" in low:
            return msg("pipeline.hint.normalize_dtype", dtype=before.dtype)
        if "size of tensor" in low or "must match" in low:
            return msg("pipeline.hint.normalize_channels", channels=before.channels)
    if name in _PIL_ONLY and not pil and "move it" not in low:
        return msg("pipeline.hint.pil_only", name=name)
    if name in ("ToTensor", "PILToTensor", "ToPILImage") and not pil and "pil" in low:
        if name == "ToPILImage":
            return msg("pipeline.hint.already_pil")
        return msg("pipeline.hint.already_tensor", name=name)
    if "larger than input image size" in low or "crop size" in low:
        return msg("pipeline.hint.crop_too_big")
    if "channel" in low and before.channels not in (None, 1, 3):
        return msg("pipeline.hint.channels", channels=before.channels)
    if "float" in low and not before.is_float:
        return msg("pipeline.hint.needs_float", to_float=_TO_FLOAT)
    if "uint8" in low or "integer" in low:
        return msg("pipeline.hint.needs_uint8")
    return None


# --------------------------------------------------------------------------------------------------
# the batch stage
# --------------------------------------------------------------------------------------------------
#: Samples in a batch trace when the caller does not say (the preview strip and ``dtf inspect``).
BATCH_TRACE_SIZE = 8
#: How many of the batch's images get a thumbnail.
BATCH_THUMBS = 4
#: The class count a batch trace assumes when neither the data nor a step says (the demo digits have 10).
ASSUMED_CLASSES = 10


@dataclass
class BatchInfo:
    """The batch before the batch stage (``step_index`` None: as the DataLoader collates it) or after a step."""

    step_index: int | None
    step_name: str
    image_kind: str = ""
    image_dtype: str | None = None
    image_shape: tuple[int, ...] | None = None
    label_dtype: str | None = None
    label_shape: tuple[int, ...] | None = None
    thumbnails: list[np.ndarray] = field(default_factory=list)  # uint8 H×W×3, the first few images
    label_texts: list[str] = field(default_factory=list)  # their labels: "3", or "0.62 3 + 0.38 7"
    type_changed: bool = False  # the labels' dtype or shape changed (int64 [B] -> float32 [B, C])
    error: Message | str | None = None
    seconds: float = 0.0

    def label_badge(self) -> str:
        """``int64 [8]`` or ``float32 [8, 10]``."""
        if self.label_dtype is None or self.label_shape is None:
            return ""
        return f"{self.label_dtype} [{', '.join(str(d) for d in self.label_shape)}]"

    def images_badge(self) -> str:
        """``Tensor float32 8×3×16×16``."""
        if self.image_dtype is None or self.image_shape is None:
            return ""
        kind = _BADGE_KIND.get(self.image_kind, self.image_kind)
        return f"{kind} {self.image_dtype} {'×'.join(str(d) for d in self.image_shape)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "step_index": self.step_index,
            "step_name": self.step_name,
            "images": {"kind": self.image_kind, "dtype": self.image_dtype, "badge": self.images_badge(),
                       "shape": list(self.image_shape) if self.image_shape is not None else None},
            "labels": {"dtype": self.label_dtype,
                       "shape": list(self.label_shape) if self.label_shape is not None else None},
            "label_badge": self.label_badge(),
            "label_texts": self.label_texts,
            "type_changed": self.type_changed,
            "error": None if self.error is None else render(self.error, "en"),
            "seconds": round(self.seconds, 6),
        }


@dataclass
class BatchTrace:
    """One batch through the batch stage. ``num_classes_source``: "data" (the caller knew the dataset's
    classes), "step" (a step's own ``num_classes``) or "assumed" (:data:`ASSUMED_CLASSES`)."""

    infos: list[BatchInfo]
    batch_size: int
    num_classes: int
    num_classes_source: str
    samples: list[str] = field(default_factory=list)
    error: Message | str | None = None
    failed_index: int | None = None  # document index of the failed batch step (None: before the stage)
    output: Any = None  # (images, labels) after the last step that ran

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "error": None if self.error is None else render(self.error, "en"),
            "failed_index": self.failed_index,
            "batch_size": self.batch_size,
            "num_classes": self.num_classes,
            "num_classes_source": self.num_classes_source,
            "samples": self.samples,
            "steps": [i.to_json() for i in self.infos],
        }


def batch_class_count(doc: PipelineDocument, num_classes: int | None = None) -> tuple[int, str]:
    """The class count a batch trace uses and where it comes from: the data's (``num_classes``), "data"; a batch
    step's own ``num_classes``, "step"; else :data:`ASSUMED_CLASSES`, "assumed". Callers without data label the
    samples below it (``k % count``)."""
    if num_classes is not None:
        return int(num_classes), "data"
    for _, step in doc.batch.enabled_steps():
        own = step.params.get("num_classes")
        if isinstance(own, int) and not isinstance(own, bool) and own > 0:
            return own, "step"
    return ASSUMED_CLASSES, "assumed"


def dataset_batch(report: Any, n: int = BATCH_TRACE_SIZE, *, first: str | None = None) -> list[tuple[str, int]]:
    """``n`` (path, class index) samples of a scan report's train split, taking the classes in turn (so a batch
    mixes different classes); ``first`` (a path in it) leads. Fewer when the split has fewer images."""
    classes = list(report.classes)
    by_class: dict[str, list[str]] = {c: [] for c in classes}
    for record in report.usable("train"):
        if record.label in by_class:
            by_class[record.label].append(record.path)
    out: list[tuple[str, int]] = []
    if first is not None:
        for c, paths in by_class.items():
            if first in paths:
                paths.remove(first)
                out.append((first, classes.index(c)))
    k = 0
    while len(out) < n and any(by_class.values()):
        c = classes[k % len(classes)]
        if by_class[c]:
            out.append((by_class[c].pop(0), classes.index(c)))
        k += 1
    return out


def trace_batch(
    doc: PipelineDocument,
    samples: Sequence[tuple[Any, int]],
    *,
    num_classes: int | None = None,
    seed: int = 0,
    class_names: Sequence[str] | None = None,
    thumb_size: int = 64,
) -> BatchTrace:
    """``samples`` ((image or path, class index) each) through the train pipeline, collated, then each enabled
    step of ``doc.batch``: what the loss of a training step is given.

    ``num_classes`` is the data's class count when the caller knows it (a step naming another count then fails,
    as training would refuse it); otherwise a step's own ``num_classes``, else :data:`ASSUMED_CLASSES`. Seeded
    like :func:`trace` (the caller's random sequence is left as it was). An image path that cannot be read
    raises DataError; any other failure is data (``error``, ``failed_index``).
    """
    labels = [int(y) for _, y in samples]
    count, source = batch_class_count(doc, num_classes)
    if source == "assumed":
        count = max([count, *(y + 1 for y in labels)])
    names = [str(n) for n in class_names] if class_names is not None else None
    result = BatchTrace([], len(samples), count, source,
                        [str(x) for x, _ in samples if isinstance(x, (str, os.PathLike))])
    inputs = [load_rgb(Path(x)) if isinstance(x, (str, os.PathLike)) else x for x, _ in samples]
    normalize = _last_normalize(doc.train)
    random_state = random.getstate()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        random.seed(seed)
        try:
            x, y = _collated_batch(doc, inputs, labels, result)
            if x is None:
                return result
            previous = _batch_info(None, "collated", x, y, None, normalize, names, thumb_size)
            result.infos.append(previous)
            result.output = (x, y)
            for index, step in doc.batch.enabled_steps():
                start = time.perf_counter()
                try:
                    count_for_step = count if source == "data" or step.params.get("num_classes") is None else None
                    transform = build_batch_step(step, count_for_step, index=index)
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        x, y = transform(x, y)
                except DtfError as e:
                    return _batch_fail(result, index, step.name, e.message, time.perf_counter() - start)
                except Exception as e:  # a library error becomes a message naming the step
                    where = msg("pipeline.where.batch_step_name", step=index + 1, name=step.name)
                    text = str(e).strip() or type(e).__name__
                    return _batch_fail(result, index, step.name, msg("batch.trace_step_failed", where=where,
                                                                     error=text.rstrip(".")),
                                       time.perf_counter() - start)
                info = _batch_info(index, step.name, x, y, previous, normalize, names, thumb_size)
                info.seconds = time.perf_counter() - start
                result.infos.append(info)
                result.output = (x, y)
                previous = info
        finally:
            random.setstate(random_state)
    return result


def _collated_batch(doc: PipelineDocument, inputs: list[Any], labels: list[int],
                    result: BatchTrace) -> tuple[Any, Any]:
    """The train pipeline on every sample, collated like the DataLoader does; (None, None) with ``result.error``."""
    try:
        transform = build_transform(doc.train, split="train")
    except DtfError as e:
        result.error = e.message
        return None, None
    try:
        items = [(transform(img), y) for img, y in zip(inputs, labels, strict=True)]
    except Exception as e:  # the per-image trace names the step; here it is enough to say where
        result.error = msg("batch.trace_train_failed", error=str(e).strip().rstrip(".") or type(e).__name__)
        return None, None
    try:
        x, y = torch.utils.data.default_collate(items)
    except (RuntimeError, TypeError) as e:
        first = describe(items[0][0], thumb_size=8).badge() if items else ""
        result.error = msg("batch.trace_not_stackable", badge=first, error=str(e).strip().rstrip("."))
        return None, None
    return x, y


def _batch_fail(result: BatchTrace, index: int, name: str, message: Message | str, seconds: float) -> BatchTrace:
    result.infos.append(BatchInfo(step_index=index, step_name=name, error=message, seconds=seconds))
    result.error = message
    result.failed_index = index
    return result


def _batch_info(index: int | None, name: str, x: Any, y: Any, previous: BatchInfo | None,
                normalize: tuple[list[float], list[float]] | None, names: list[str] | None,
                thumb_size: int) -> BatchInfo:
    info = BatchInfo(step_index=index, step_name=name, image_kind=kind_of(x))
    if isinstance(x, torch.Tensor):
        info.image_dtype = str(x.dtype).removeprefix("torch.")
        info.image_shape = tuple(int(d) for d in x.shape)
        info.thumbnails = [t for t in (describe(x[k], normalize=normalize, thumb_size=thumb_size).thumbnail
                                       for k in range(min(BATCH_THUMBS, int(x.shape[0])))) if t is not None]
    if isinstance(y, torch.Tensor):
        info.label_dtype = str(y.dtype).removeprefix("torch.")
        info.label_shape = tuple(int(d) for d in y.shape)
        info.label_texts = [_label_text(y[k], names) for k in range(min(BATCH_THUMBS, int(y.shape[0])))]
    if previous is not None:
        info.type_changed = (info.label_dtype, info.label_shape) != (previous.label_dtype, previous.label_shape)
    return info


def _label_text(label: torch.Tensor, names: list[str] | None) -> str:
    """A hard label's class, or a soft label's two largest shares: ``0.62 cat + 0.38 dog``."""
    def name(k: int) -> str:
        return names[k] if names is not None and 0 <= k < len(names) else str(k)

    if label.dim() == 0:
        return name(int(label))
    values, order = label.float().topk(min(2, int(label.numel())))
    parts = [f"{float(v):.2f} {name(int(k))}" for v, k in zip(values, order, strict=True) if float(v) > 0.005]
    return " + ".join(parts)


def _last_normalize(spec: PipelineSpec) -> tuple[list[float], list[float]] | None:
    """The train pipeline's last Normalize (mean, std): thumbnails of normalised images are mapped back with it."""
    for _, step in reversed(spec.enabled_steps()):
        if step.name == "Normalize":
            return _normalize_params(None, step.params)
    return None


__all__ = [
    "BATCH_TRACE_SIZE",
    "KINDS",
    "BatchInfo",
    "BatchTrace",
    "SampleInfo",
    "batch_class_count",
    "dataset_batch",
    "TraceResult",
    "describe",
    "explain_failure",
    "kind_of",
    "trace",
    "trace_batch",
]
