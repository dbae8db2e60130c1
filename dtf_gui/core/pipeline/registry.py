"""The transform registry: step name -> torchvision transform + a parameter schema.

One table drives everything (STYLE.md §2.3): the builder validates a document against it, the GUI palette
lists it by category, the parameter form is generated from the :class:`ParamSpec` kinds, tooltips use the
help texts (English and Simplified Chinese), lint and the feature cache read ``random``, and codegen reads
``qualname``.

Parameter values in documents are JSON; :meth:`ParamSpec.convert` turns them into constructor arguments:

======================  ==========================================================================
kind                    JSON value -> constructor value
======================  ==========================================================================
``int`` / ``float``     number within ``minimum`` / ``maximum``
``bool`` / ``str``      ``true``/``false`` / text
``choice``              one of ``choices`` (text or number)
``size``                ``224`` (int: the shorter side for Resize, a square elsewhere) or ``[h, w]``
``int_seq``             list of ints (length in ``lengths``); a single int too when ``scalar``
``float_seq``           list of numbers (length in ``lengths``); a single number too when ``scalar``
``range``               ``0.2`` or ``[lo, hi]`` (pairs must be ordered); single number only when ``scalar``
``dtype``               a dtype name: ``"float32"``, ``"uint8"``... -> ``torch.float32`` (one dtype, not the
                        per-type dict ``ToDtype`` also accepts in Python)
``interpolation``       ``"bilinear"``, ``"nearest"``... -> ``InterpolationMode``
``fill``                a number or a per-channel list of numbers
``mean_std``            a per-channel list of numbers (Normalize)
======================  ==========================================================================

``default`` is torchvision's own default wherever it has one, so omitting a parameter in a document means
exactly what it means in torchvision. Parameters torchvision requires (Resize's ``size``) are marked
``required`` and carry a suggested starting value as ``default``. ``TransformEntry.suggested`` holds the few
values a freshly added step gets that differ from torchvision's defaults (``ToDtype(scale=True)``).
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import torch
from torchvision import transforms as v1
from torchvision.transforms import InterpolationMode, v2

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.pipeline import custom
from dtf_gui.core.pipeline.spec import StepSpec

CATEGORIES: tuple[str, ...] = ("geometry", "color", "augment", "type", "normalize", "cleaning", "batch")
#: The category of the batch stage's steps (MixUp, CutMix...): they run on collated (images, labels) batches
#: in training only, never in a per-image pipeline (the builder refuses both mix-ups).
BATCH_CATEGORY = "batch"

#: Value domains an entry declares (``TransformEntry.value_domain``): the values it assumes it is given.
#: ``"unit"``: an image as images are -- PIL, uint8 0-255, or floats in [0, 1]; it clamps to, inverts within or
#: thresholds in that range (ColorJitter, RandomInvert...). ``"uint8"``: 8-bit data only (PIL or uint8 tensors).
#: ``"any"``: works on any values, as geometry and linear filters do. Lint flags a unit/uint8 step that runs
#: after Normalize (values then lie around 0, e.g. [-2.1, 2.6]), and the palette adds such steps before the
#: conversion tail; ``tests/core/pipeline/test_value_domain.py`` checks every declaration against behaviour.
VALUE_DOMAINS: tuple[str, ...] = ("unit", "uint8", "any")

#: Input kinds an entry accepts (``TransformEntry.accepts``): a PIL image, any image tensor
#: (uint8 or float), a float image tensor only, or a collated batch (float images [B, C, H, W] with int64
#: labels [B] or soft labels [B, C]: the batch stage).
INPUT_KINDS: tuple[str, ...] = ("pil", "tensor", "float_tensor", "batch")

PARAM_KINDS: tuple[str, ...] = (
    "int", "float", "bool", "str", "choice", "size", "int_seq", "float_seq", "range", "dtype",
    "interpolation", "fill", "mean_std",
)

#: dtype names a document may use, and the torch dtype each means.
DTYPES: Mapping[str, torch.dtype] = MappingProxyType({
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "uint8": torch.uint8, "int8": torch.int8, "int16": torch.int16, "int32": torch.int32,
    "int64": torch.int64, "bool": torch.bool,
})

#: interpolation names -> InterpolationMode (the values are torchvision's own names).
INTERPOLATIONS: Mapping[str, InterpolationMode] = MappingProxyType({m.value: m for m in InterpolationMode})

# modes that work on PIL images *and* tensors; box/hamming/lanczos are PIL-only, so they are not offered
RESIZE_INTERPOLATIONS = ("nearest", "nearest-exact", "bilinear", "bicubic")
# affine-type kernels (rotate, affine, perspective, elastic, auto-augment) support only these on tensors
WARP_INTERPOLATIONS = ("nearest", "bilinear")


class ParamValueError(ValueError):
    """A JSON value does not fit a :class:`ParamSpec`; the message says what is expected."""

    def __init__(self, message: Message | str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return render(self.message)


@dataclass(frozen=True)
class ParamSpec:
    """Schema of one constructor keyword.

    Attributes beyond the contract's core (``required``, ``scalar``, ``lengths``, ``exclusive_minimum``)
    refine the kinds: see the module docstring.
    """

    name: str
    kind: str
    default: Any
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple | None = None
    optional: bool = False
    help_en: str = ""
    help_zh: str = ""
    required: bool = False
    scalar: bool = True
    lengths: tuple[int, ...] | None = None
    exclusive_minimum: bool = False

    def __post_init__(self) -> None:
        if self.kind not in PARAM_KINDS:
            raise ValueError(msg("pipeline.bad_param_kind", name=self.name, kind=repr(self.kind)))

    # -- description -------------------------------------------------------------------------
    def _bounds_text(self) -> Message | str:
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            return msg("pipeline.bounds.range_exclusive" if self.exclusive_minimum else "pipeline.bounds.range",
                       lo=_num(lo), hi=_num(hi))
        if lo is not None:
            return msg("pipeline.bounds.min_exclusive" if self.exclusive_minimum else "pipeline.bounds.min",
                       lo=_num(lo))
        if hi is not None:
            return msg("pipeline.bounds.max", hi=_num(hi))
        return ""

    def _lengths_text(self) -> Message | str:
        lengths = [str(n) for n in (self.lengths or (2,))]
        return msg("pipeline.or", a=", ".join(lengths[:-1]), b=lengths[-1]) if len(lengths) > 1 else lengths[0]

    def describe_message(self) -> Message:
        """What a valid value looks like, as a message ("an integer from 1 to 8 or null")."""
        b = self._bounds_text()
        n = self._lengths_text()
        k = self.kind
        if k in ("choice", "interpolation", "dtype"):
            choices = self.choices or (tuple(DTYPES) if k == "dtype" else ())
            text = msg("pipeline.kind.dtype" if k == "dtype" else "pipeline.kind.choice",
                       choices=", ".join(json.dumps(c) for c in choices))
        elif k in ("int", "float", "bool", "str", "size", "fill"):
            text = msg(f"pipeline.kind.{k}", b=b)
        elif k == "int_seq":
            text = msg("pipeline.kind.int_or_list", b=b, n=n) if self.scalar else msg("pipeline.kind.int_list", b=b, n=n)
        elif k == "float_seq":
            text = msg("pipeline.kind.float_or_list" if self.scalar else "pipeline.kind.float_list", b=b, n=n)
        elif k == "range":
            text = msg("pipeline.kind.range_or_list" if self.scalar else "pipeline.kind.range_list", b=b)
            if self.lengths and 4 in self.lengths:
                text = msg("pipeline.kind.range4", text=text)
        else:  # mean_std
            text = msg("pipeline.kind.mean_std", b=b, n=n)
        return msg("pipeline.kind.optional", text=text) if self.optional else text

    def describe(self) -> str:
        """What a valid value looks like, in words, in the current language."""
        return render(self.describe_message())

    # -- conversion --------------------------------------------------------------------------
    def convert(self, value: Any) -> Any:
        """JSON value -> constructor argument; :class:`ParamValueError` saying what is expected."""
        if value is None:
            if self.optional:
                return None
            raise self._bad(value)
        k = self.kind
        if k == "int":
            return self._check_num(value, integer=True)
        if k == "float":
            return float(self._check_num(value))
        if k == "bool":
            if not isinstance(value, bool):
                raise self._bad(value)
            return value
        if k == "str":
            if not isinstance(value, str):
                raise self._bad(value)
            return value
        if k == "choice":
            if isinstance(value, bool) or value not in (self.choices or ()):
                raise self._bad(value)
            return value
        if k == "interpolation":
            if not isinstance(value, str) or value not in (self.choices or RESIZE_INTERPOLATIONS):
                raise self._bad(value)
            return INTERPOLATIONS[value]
        if k == "dtype":
            if not isinstance(value, str) or value not in (self.choices or tuple(DTYPES)):
                raise self._bad(value)
            return DTYPES[value]
        if k == "size":
            if _is_int(value):
                return self._check_num(value, integer=True)
            if isinstance(value, list) and len(value) in (1, 2):
                return [self._check_num(v, integer=True, whole=value) for v in value]
            raise self._bad(value)
        if k in ("int_seq", "float_seq", "mean_std"):
            integer = k == "int_seq"
            if self.scalar and _is_number(value):
                v = self._check_num(value, integer=integer)
                return v if integer else float(v)
            lengths = self.lengths or ((2,) if k != "mean_std" else (1, 3))
            if isinstance(value, list) and len(value) in lengths:
                out = [self._check_num(v, integer=integer, whole=value) for v in value]
                return out if integer else [float(v) for v in out]
            raise self._bad(value)
        if k == "range":
            if self.scalar and _is_number(value):
                return float(self._check_num(value))
            lengths = self.lengths or (2,)
            if isinstance(value, list) and len(value) in lengths:
                out = [float(self._check_num(v, whole=value)) for v in value]
                for lo, hi in zip(out[::2], out[1::2], strict=True):
                    if lo > hi:
                        raise ParamValueError(msg("pipeline.expected_order", expected=self.describe_message(),
                                                  lo=_num(lo), hi=_num(hi), got=_json(value)))
                return out
            raise self._bad(value)
        if k == "fill":
            if _is_number(value):
                return self._check_num(value)
            if isinstance(value, list) and 1 <= len(value) <= 4:
                return [self._check_num(v, whole=value) for v in value]
            raise self._bad(value)
        raise AssertionError(k)  # pragma: no cover - kinds are checked in __post_init__

    def _check_num(self, v: Any, *, integer: bool = False, whole: Any = None) -> Any:
        whole = v if whole is None else whole
        if not (_is_int(v) if integer else _is_number(v)):
            raise self._bad(whole)
        if self.minimum is not None and (v <= self.minimum if self.exclusive_minimum else v < self.minimum):
            raise self._bad(whole)
        if self.maximum is not None and v > self.maximum:
            raise self._bad(whole)
        return v

    def _bad(self, value: Any) -> ParamValueError:
        return ParamValueError(msg("pipeline.expected", expected=self.describe_message(), got=_json(value)))


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


@dataclass(frozen=True)
class TransformEntry:
    """One step the user can add: what it builds, its parameters and how to explain it.

    ``accepts`` lists the input kinds the step works on (see :data:`INPUT_KINDS`); ``qualname`` is the
    importable name codegen writes; ``suggested`` overrides a few defaults for a freshly added step;
    ``value_domain`` (one of :data:`VALUE_DOMAINS`, required) says which values the step assumes.
    """

    name: str
    category: str
    params: tuple[ParamSpec, ...]
    help_en: str
    help_zh: str
    random: bool
    factory: Callable[..., Any]
    accepts: tuple[str, ...] = ("pil", "tensor")
    qualname: str = ""
    suggested: Mapping[str, Any] = field(default_factory=dict)
    value_domain: str = ""

    def __post_init__(self) -> None:
        if self.value_domain not in VALUE_DOMAINS:
            raise ValueError(msg("pipeline.bad_value_domain", name=self.name, domains=", ".join(VALUE_DOMAINS),
                                 domain=repr(self.value_domain)))

    def param(self, name: str) -> ParamSpec:
        """The schema of parameter ``name``; PipelineError listing the valid names if there is none."""
        for p in self.params:
            if p.name == name:
                return p
        raise PipelineError(msg("pipeline.no_such_param", name=self.name, param=repr(name),
                                hint=_did_you_mean(name, self.param_names()), valid=self.valid_params_text()),
                            step_name=self.name, param=name)

    def param_names(self) -> list[str]:
        return [p.name for p in self.params]

    def valid_params_text(self) -> Message | str:
        return ", ".join(self.param_names()) or msg("pipeline.no_params")

    def defaults(self) -> dict[str, Any]:
        """JSON params of a freshly added step: the defaults, with ``suggested`` applied."""
        out = {p.name: p.default for p in self.params}
        out.update(self.suggested)
        return json.loads(json.dumps(out))  # a deep copy, and proof that it is plain JSON


def _did_you_mean(name: str, options: list[str]) -> Message | str:
    """'; did you mean 'Resize'?' for a near miss, "" when nothing is close."""
    lower = {o.lower(): o for o in options}
    if name.lower() in lower:
        return msg("pipeline.did_you_mean", names=repr(lower[name.lower()]))
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.6)
    if not close:
        close = [lower[c] for c in difflib.get_close_matches(name.lower(), list(lower), n=3, cutoff=0.6)]
    if not close:
        return ""
    names = [repr(c) for c in close]
    return msg("pipeline.did_you_mean", names=msg("pipeline.or", a=", ".join(names[:-1]), b=names[-1])
               if len(names) > 1 else names[0])


# ---------------------------------------------------------------------------------------------------
# parameter helpers (shared wording, real translations)
# ---------------------------------------------------------------------------------------------------


def _p(name: str, kind: str, default: Any, en: str, zh: str, **kw: Any) -> ParamSpec:
    return ParamSpec(name, kind, default, help_en=en, help_zh=zh, **kw)


def _prob(default: float = 0.5) -> ParamSpec:
    return _p("p", "float", default, "Probability of applying this step to an image.",
              "对每张图像应用此步骤的概率。", minimum=0.0, maximum=1.0)


def _size(default: int = 224, *, resize: bool = False) -> ParamSpec:
    if resize:
        en, zh = ("Output size: [height, width], or one integer to scale the shorter side to it (keeps the "
                  "aspect ratio, so sizes still differ).",
                  "输出尺寸：[高, 宽]；或一个整数，把短边缩放到该值（保持宽高比，因此各图尺寸仍可能不同）。")
    else:
        en, zh = ("Output size: [height, width], or one integer for a square.",
                  "输出尺寸：[高, 宽]，或一个整数表示正方形。")
    return _p("size", "size", default, en, zh, minimum=1, required=True)


def _interp(default: str, choices: tuple[str, ...] = RESIZE_INTERPOLATIONS) -> ParamSpec:
    return _p("interpolation", "interpolation", default,
              "How new pixel values are computed: nearest keeps exact values, bilinear/bicubic are smoother.",
              "插值方式：nearest 保留原始像素值，bilinear/bicubic 更平滑。", choices=choices)


def _fill(default: Any = 0, *, optional: bool = False) -> ParamSpec:
    return _p("fill", "fill", default,
              "Value for pixels that fall outside the image (one number, or one per channel).",
              "图像外新增像素的填充值（一个数，或每个通道一个数）。", optional=optional)


def _antialias() -> ParamSpec:
    return _p("antialias", "bool", True, "Smooth before shrinking, to avoid jagged edges (aliasing).",
              "缩小前先平滑，避免锯齿（混叠）。")


def _padding_mode() -> ParamSpec:
    return _p("padding_mode", "choice", "constant",
              "How to fill the border: constant (fill value), edge, reflect or symmetric.",
              "边界填充方式：constant（固定值）、edge（边缘复制）、reflect（反射）或 symmetric（对称）。",
              choices=("constant", "edge", "reflect", "symmetric"))


def _center() -> ParamSpec:
    return _p("center", "float_seq", None, "Centre [x, y] of the rotation in pixels; null means the image centre.",
              "旋转中心 [x, y]（像素）；null 表示图像中心。", optional=True, scalar=False, lengths=(2,))


def _inplace() -> ParamSpec:
    return _p("inplace", "bool", False, "Modify the input tensor in place (saves memory; rarely needed).",
              "直接修改输入张量（省内存，通常不需要）。")


def _magnitude_bins() -> ParamSpec:
    return _p("num_magnitude_bins", "int", 31, "Number of strength levels the operations are picked from.",
              "增强强度的级数。", minimum=2)


# ---------------------------------------------------------------------------------------------------
# factories that need more than passing keywords through
# ---------------------------------------------------------------------------------------------------


def _auto_augment(*, policy: str, **kw: Any) -> v2.AutoAugment:
    return v2.AutoAugment(policy=v2.AutoAugmentPolicy(policy), **kw)


def _rand_augment(*, num_ops: int, magnitude: int, num_magnitude_bins: int, **kw: Any) -> v2.RandAugment:
    if magnitude >= num_magnitude_bins:
        raise ValueError(msg("pipeline.magnitude_bins", bins=num_magnitude_bins, magnitude=magnitude))
    return v2.RandAugment(num_ops=num_ops, magnitude=magnitude, num_magnitude_bins=num_magnitude_bins, **kw)


def _to_tensor() -> v1.ToTensor:
    return v1.ToTensor()


def _mix_choice(*, mixup_alpha: float, cutmix_alpha: float, p: list[float],
                num_classes: int | None) -> v2.RandomChoice:
    """``v2.RandomChoice([MixUp, CutMix], p)``: one of the two per batch, as torchvision's recipes use them."""
    if sum(p) <= 0:
        raise ValueError(msg("batch.choice_p_zero"))
    return v2.RandomChoice([v2.MixUp(alpha=mixup_alpha, num_classes=num_classes),
                            v2.CutMix(alpha=cutmix_alpha, num_classes=num_classes)], p=list(p))


# ---------------------------------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------------------------------

_V2 = "torchvision.transforms.v2."


def _v2(name: str, category: str, domain: str, random: bool, params: tuple[ParamSpec, ...], en: str, zh: str,
        *, accepts: tuple[str, ...] = ("pil", "tensor"), factory: Callable[..., Any] | None = None,
        suggested: Mapping[str, Any] | None = None) -> TransformEntry:
    return TransformEntry(name=name, category=category, params=params, help_en=en, help_zh=zh, random=random,
                          factory=factory or getattr(v2, name), accepts=accepts, qualname=_V2 + name,
                          suggested=dict(suggested or {}), value_domain=domain)


def _geometry_entries() -> list[TransformEntry]:
    """Data table: the geometry transforms (resize, crop, flip, rotate, warp), one entry each."""
    e: list[TransformEntry] = []
    add = e.append
    add(_v2("Resize", "geometry", "any", False, (
        _size(224, resize=True),
        _interp("bilinear"),
        _p("max_size", "int", None, "Upper limit for the longer side after resizing; null for none.",
           "缩放后长边的上限；null 表示不限制。", minimum=1, optional=True),
        _antialias(),
    ), "Resize the image to a fixed size (or its shorter side to a length).",
        "把图像缩放到固定尺寸（或把短边缩放到指定长度）。"))
    add(_v2("CenterCrop", "geometry", "any", False, (_size(224),),
            "Cut out the central region of the given size (pads with zeros if the image is smaller).",
            "裁剪出中心区域（图像较小时用 0 填充）。"))
    add(_v2("RandomResizedCrop", "geometry", "any", True, (
        _size(224),
        _p("scale", "range", [0.08, 1.0], "Range of the crop's area as a fraction of the image area.",
           "裁剪区域面积占原图面积的比例范围。", minimum=0.0, maximum=1.0, exclusive_minimum=True, scalar=False),
        _p("ratio", "range", [0.75, 4 / 3], "Range of the crop's aspect ratio (width / height).",
           "裁剪区域宽高比（宽/高）的范围。", minimum=0.0, exclusive_minimum=True, scalar=False),
        _interp("bilinear"),
        _antialias(),
    ), "Crop a random area with a random aspect ratio, then resize it to the output size.",
        "随机选取面积和宽高比进行裁剪，再缩放到输出尺寸。"))
    add(_v2("RandomCrop", "geometry", "any", True, (
        _size(224),
        _p("padding", "int_seq", None, "Border added before cropping: one value, [left/right, top/bottom] "
           "or [left, top, right, bottom]; null for none.",
           "裁剪前添加的边框：一个值、[左右, 上下] 或 [左, 上, 右, 下]；null 表示不加。",
           minimum=0, optional=True, lengths=(1, 2, 4)),
        _p("pad_if_needed", "bool", False, "Pad images smaller than the crop size instead of failing.",
           "图像小于裁剪尺寸时自动填充，而不是报错。"),
        _fill(),
        _padding_mode(),
    ), "Crop a region of the given size at a random position.", "在随机位置裁剪出指定尺寸的区域。",
        suggested={"pad_if_needed": True}))
    add(_v2("Pad", "geometry", "any", False, (
        _p("padding", "int_seq", 4, "Border width: one value, [left/right, top/bottom] or "
           "[left, top, right, bottom].", "边框宽度：一个值、[左右, 上下] 或 [左, 上, 右, 下]。",
           minimum=0, lengths=(1, 2, 4), required=True),
        _fill(),
        _padding_mode(),
    ), "Add a border around the image.", "在图像四周添加边框。"))
    add(_v2("RandomHorizontalFlip", "geometry", "any", True, (_prob(),),
            "Mirror the image left-right at random (wrong for digits and text).",
            "随机左右翻转图像（不适用于数字和文字）。"))
    add(_v2("RandomVerticalFlip", "geometry", "any", True, (_prob(),),
            "Flip the image upside down at random (only for data without an up direction).",
            "随机上下翻转图像（仅适用于没有上下方向之分的数据）。"))
    add(_v2("RandomRotation", "geometry", "any", True, (
        _p("degrees", "range", 15, "Rotation angle range in degrees: d means [-d, d], or [min, max].",
           "旋转角度范围（度）：d 表示 [-d, d]，或 [最小, 最大]。", minimum=-360, maximum=360, required=True),
        _interp("nearest", WARP_INTERPOLATIONS),
        _p("expand", "bool", False, "Enlarge the output so the whole rotated image fits.",
           "扩大输出尺寸，使旋转后的整幅图像都能容纳。"),
        _center(),
        _fill(),
    ), "Rotate the image by a random angle.", "将图像随机旋转一个角度。"))
    add(_v2("RandomAffine", "geometry", "any", True, (
        _p("degrees", "range", 10, "Rotation angle range in degrees: d means [-d, d]; 0 for no rotation.",
           "旋转角度范围（度）：d 表示 [-d, d]；0 表示不旋转。", minimum=-360, maximum=360, required=True),
        _p("translate", "float_seq", None, "Largest shift as a fraction of [width, height]; null for none.",
           "最大平移量，占 [宽, 高] 的比例；null 表示不平移。", minimum=0.0, maximum=1.0, optional=True,
           scalar=False, lengths=(2,)),
        _p("scale", "range", None, "Zoom factor range [min, max]; null keeps the size.",
           "缩放因子范围 [最小, 最大]；null 表示不缩放。", minimum=0.0, exclusive_minimum=True, optional=True,
           scalar=False),
        _p("shear", "range", None, "Shear angle range in degrees; null for none.",
           "错切角度范围（度）；null 表示不错切。", minimum=-360, maximum=360, optional=True, lengths=(2, 4)),
        _interp("nearest", WARP_INTERPOLATIONS),
        _fill(),
        _center(),
    ), "Random small rotation, shift, zoom and shear in one step.", "在一步中随机进行小幅旋转、平移、缩放和错切。",
        suggested={"translate": [0.1, 0.1]}))
    add(_v2("RandomPerspective", "geometry", "any", True, (
        _p("distortion_scale", "float", 0.5, "How strong the perspective distortion is (0 = none, 1 = maximum).",
           "透视变形的强度（0 为无，1 为最大）。", minimum=0.0, maximum=1.0),
        _prob(),
        _interp("bilinear", WARP_INTERPOLATIONS),
        _fill(),
    ), "Warp the image as if seen from a random viewpoint.", "随机改变视角，对图像做透视变形。"))
    if hasattr(v2, "ElasticTransform"):
        add(_v2("ElasticTransform", "geometry", "any", True, (
            _p("alpha", "range", 50.0, "Strength of the displacement (pixels).", "位移强度（像素）。",
               minimum=0.0, lengths=(2,)),
            _p("sigma", "range", 5.0, "Smoothness of the displacement field.", "位移场的平滑程度。",
               minimum=0.0, exclusive_minimum=True, lengths=(2,)),
            _interp("bilinear", WARP_INTERPOLATIONS),
            _fill(),
        ), "Bend the image like rubber (elastic distortion, often used for handwriting).",
            "像橡皮一样弯曲图像（弹性形变，常用于手写体）。"))
    if hasattr(v2, "RandomZoomOut"):
        add(_v2("RandomZoomOut", "geometry", "any", True, (
            _fill(),
            _p("side_range", "range", [1.0, 4.0], "Range of the canvas size relative to the image.",
               "画布尺寸相对于原图的倍数范围。", minimum=1.0, scalar=False),
            _prob(),
        ), "Place the image on a larger canvas at random (zoom out).", "随机把图像放到更大的画布上（缩小效果）。"))
    return e


def _color_entries() -> list[TransformEntry]:
    """Data table: the colour transforms (jitter, grey, blur, posterize, JPEG ...), one entry each."""
    e: list[TransformEntry] = []
    add = e.append

    def jitter(name: str, en: str, zh: str, lo: float = 0.0, hi: float | None = None) -> ParamSpec:
        return _p(name, "range", None, en, zh, minimum=lo, maximum=hi, optional=True)

    add(_v2("ColorJitter", "color", "unit", True, (
        jitter("brightness", "Brightness change: b picks a factor in [1-b, 1+b]; null for none.",
               "亮度变化：b 表示在 [1-b, 1+b] 中取系数；null 表示不变。"),
        jitter("contrast", "Contrast change: c picks a factor in [1-c, 1+c]; null for none.",
               "对比度变化：c 表示在 [1-c, 1+c] 中取系数；null 表示不变。"),
        jitter("saturation", "Saturation change: s picks a factor in [1-s, 1+s]; null for none.",
               "饱和度变化：s 表示在 [1-s, 1+s] 中取系数；null 表示不变。"),
        jitter("hue", "Hue shift: h picks a shift in [-h, h], at most 0.5; null for none.",
               "色相偏移：h 表示在 [-h, h] 中取偏移量，最大 0.5；null 表示不变。", -0.5, 0.5),
    ), "Randomly change brightness, contrast, saturation and hue.", "随机改变亮度、对比度、饱和度和色相。",
        suggested={"brightness": 0.2, "contrast": 0.2, "saturation": 0.2}))
    add(_v2("Grayscale", "color", "any", False, (
        _p("num_output_channels", "choice", 1, "1 for a single grey channel, 3 to keep three (equal) channels "
           "for models that expect RGB.", "1 表示单个灰度通道；3 表示保留三个（相同的）通道，供需要 RGB 的模型使用。",
           choices=(1, 3)),
    ), "Convert to grey levels.", "转换为灰度图。", suggested={"num_output_channels": 3}))
    add(_v2("RandomGrayscale", "color", "any", True, (_prob(0.1),),
            "Convert to grey at random, keeping the number of channels.", "随机转换为灰度图，通道数保持不变。"))
    add(_v2("GaussianBlur", "color", "any", True, (
        _p("kernel_size", "int_seq", 3, "Blur window size: an odd integer, or [width, height] of odd integers.",
           "模糊窗口大小：奇数，或由奇数组成的 [宽, 高]。", minimum=1, lengths=(2,), required=True),
        _p("sigma", "range", [0.1, 2.0], "Blur strength: a fixed sigma, or a [min, max] range to pick from.",
           "模糊强度：固定的 sigma，或从 [最小, 最大] 范围中随机选取。", minimum=0.0, exclusive_minimum=True),
    ), "Blur with a Gaussian kernel of random strength.", "用随机强度的高斯核模糊图像。"))
    add(_v2("RandomAutocontrast", "color", "unit", True, (_prob(),),
            "Stretch the contrast so the darkest pixel becomes black and the brightest white, at random.",
            "随机拉伸对比度，使最暗像素变黑、最亮像素变白。"))
    add(_v2("RandomEqualize", "color", "unit", True, (_prob(),),
            "Equalize the histogram at random (spreads out the grey levels).",
            "随机进行直方图均衡化（使灰度分布更均匀）。"))
    add(_v2("RandomInvert", "color", "unit", True, (_prob(),),
            "Invert the colours at random (like a photo negative).", "随机反转颜色（类似照片底片）。"))
    add(_v2("RandomPosterize", "color", "unit", True, (
        _p("bits", "int", 4, "Bits kept per channel (1-8); fewer bits, fewer colours.",
           "每个通道保留的位数（1-8）；位数越少，颜色越少。", minimum=1, maximum=8, required=True),
        _prob(),
    ), "Reduce the number of colour levels at random.", "随机减少颜色层级数。"))
    add(_v2("RandomSolarize", "color", "unit", True, (
        _p("threshold", "float", 128.0, "Pixels at or above this value are inverted (0-255 for PIL/uint8; "
           "at most 1.0 for float tensors).", "不低于此值的像素被反转（PIL/uint8 取 0-255；浮点张量最大为 1.0）。",
           minimum=0.0, maximum=255.0, required=True),
        _prob(),
    ), "Invert the pixels above a threshold at random.", "随机反转高于阈值的像素。"))
    add(_v2("RandomAdjustSharpness", "color", "unit", True, (
        _p("sharpness_factor", "float", 2.0, "0 blurs, 1 keeps the image, 2 doubles the sharpness.",
           "0 为模糊，1 为原图，2 为锐度加倍。", minimum=0.0, required=True),
        _prob(),
    ), "Sharpen (or blur) the image at random.", "随机锐化（或模糊）图像。"))
    if hasattr(v2, "RandomChannelPermutation"):
        add(_v2("RandomChannelPermutation", "color", "any", True, (),
                "Shuffle the colour channels at random (e.g. RGB -> BGR).", "随机打乱颜色通道顺序（如 RGB -> BGR）。",
                accepts=("tensor",)))
    if hasattr(v2, "JPEG"):
        add(_v2("JPEG", "color", "uint8", True, (
            _p("quality", "int_seq", 75, "JPEG quality 1-100, or a [min, max] range to pick from.",
               "JPEG 质量 1-100，或从 [最小, 最大] 范围中随机选取。", minimum=1, maximum=100, lengths=(2,),
               required=True),
        ), "Re-compress as JPEG to add realistic compression artefacts.", "重新进行 JPEG 压缩，加入真实的压缩痕迹。"))
    return e


def _augment_entries() -> list[TransformEntry]:
    """Data table: the augment policies, random erasing and noise, one entry each."""
    e: list[TransformEntry] = []
    add = e.append
    add(_v2("AutoAugment", "augment", "unit", True, (
        _p("policy", "choice", "imagenet", "Which learned policy to use.", "使用哪一套学习得到的增强策略。",
           choices=("imagenet", "cifar10", "svhn")),
        _interp("nearest", WARP_INTERPOLATIONS),
        _fill(None, optional=True),
    ), "Apply a learned augmentation policy (AutoAugment paper).", "应用学习得到的增强策略（AutoAugment 论文）。",
        factory=_auto_augment))
    add(_v2("RandAugment", "augment", "unit", True, (
        _p("num_ops", "int", 2, "How many operations to apply in a row.", "连续应用的增强操作数。", minimum=0),
        _p("magnitude", "int", 9, "Strength of every operation (below num_magnitude_bins).",
           "每个操作的强度（须小于 num_magnitude_bins）。", minimum=0),
        _magnitude_bins(),
        _interp("nearest", WARP_INTERPOLATIONS),
        _fill(None, optional=True),
    ), "Apply a few random operations of one fixed strength (RandAugment paper).",
        "随机应用若干个固定强度的增强操作（RandAugment 论文）。", factory=_rand_augment))
    add(_v2("TrivialAugmentWide", "augment", "unit", True, (
        _magnitude_bins(),
        _interp("nearest", WARP_INTERPOLATIONS),
        _fill(None, optional=True),
    ), "Apply one random operation of random strength (TrivialAugment paper).",
        "随机应用一个随机强度的增强操作（TrivialAugment 论文）。"))
    add(_v2("RandomErasing", "augment", "any", True, (
        _prob(),
        _p("scale", "range", [0.02, 0.33], "Range of the erased area as a fraction of the image area.",
           "擦除区域占图像面积的比例范围。", minimum=0.0, maximum=1.0, scalar=False),
        _p("ratio", "range", [0.3, 3.3], "Range of the erased rectangle's aspect ratio.",
           "擦除矩形的宽高比范围。", minimum=0.0, exclusive_minimum=True, scalar=False),
        _p("value", "fill", 0, "Value written into the erased rectangle (one number, or one per channel).",
           "写入擦除区域的值（一个数，或每个通道一个数）。"),
        _inplace(),
    ), "Erase a random rectangle (on tensors: put it after ToImage/ToDtype).",
        "随机擦除一个矩形区域（作用于张量：放在 ToImage/ToDtype 之后）。", accepts=("tensor",)))
    if hasattr(v2, "GaussianNoise"):
        add(_v2("GaussianNoise", "augment", "unit", True, (
            _p("mean", "float", 0.0, "Mean of the added noise.", "所加噪声的均值。"),
            _p("sigma", "float", 0.1, "Standard deviation of the added noise (images in [0, 1]).",
               "所加噪声的标准差（图像取值在 [0, 1]）。", minimum=0.0),
            _p("clip", "bool", True, "Clip the result back to [0, 1].", "把结果截断回 [0, 1]。"),
        ), "Add random Gaussian noise to a float image (after ToDtype(float32, scale=True)).",
            "向浮点图像添加随机高斯噪声（放在 ToDtype(float32, scale=True) 之后）。", accepts=("float_tensor",)))
    return e


def _type_entries() -> list[TransformEntry]:
    """Data table: the type conversions (to tensor, dtype, PIL), one entry each."""
    e: list[TransformEntry] = []
    add = e.append
    add(_v2("ToImage", "type", "any", False, (),
            "Turn a PIL image or array into a tv_tensors.Image tensor [C, H, W], keeping the dtype (uint8).",
            "把 PIL 图像或数组转换为 tv_tensors.Image 张量 [C, H, W]，数据类型不变（uint8）。"))
    add(_v2("ToDtype", "type", "any", False, (
        _p("dtype", "dtype", "float32", "Target data type, by name (one dtype for the image).",
           "目标数据类型（按名称，图像使用一种类型）。", choices=tuple(DTYPES), required=True),
        _p("scale", "bool", False, "Rescale values to the new type's range (uint8 0-255 -> float 0-1). "
           "Without it, float images keep values 0-255.",
           "把数值缩放到新类型的范围（uint8 0-255 -> 浮点 0-1）。不缩放时浮点图像仍为 0-255。"),
    ), "Change the tensor's data type, e.g. uint8 -> float32.", "改变张量的数据类型，如 uint8 -> float32。",
        accepts=("tensor",), suggested={"scale": True}))
    add(_v2("PILToTensor", "type", "any", False, (),
            "Turn a PIL image into a plain uint8 tensor [C, H, W] (values 0-255, no scaling).",
            "把 PIL 图像转换为普通 uint8 张量 [C, H, W]（取值 0-255，不缩放）。", accepts=("pil",)))
    add(_v2("ToPILImage", "type", "unit", False, (
        _p("mode", "choice", None, "PIL mode of the result; null guesses it from the channels and dtype.",
           "结果的 PIL 模式；null 表示根据通道数和数据类型推断。", choices=custom.PIL_MODES, optional=True),
    ), "Turn a tensor [C, H, W] back into a PIL image.", "把张量 [C, H, W] 转换回 PIL 图像。",
        accepts=("tensor",)))
    add(_v2("ToPureTensor", "type", "any", False, (),
            "Drop the tv_tensors wrapper and keep a plain torch.Tensor.", "去掉 tv_tensors 包装，得到普通 torch.Tensor。",
            accepts=("tensor",)))
    add(TransformEntry(
        name="ToTensor", category="type", params=(), random=False, factory=_to_tensor,
        help_en="Legacy v1 step: PIL/array -> float32 tensor [C, H, W] scaled to [0, 1] (= ToImage + "
                "ToDtype(float32, scale=True)).",
        help_zh="旧版 v1 步骤：PIL/数组 -> 缩放到 [0, 1] 的 float32 张量 [C, H, W]（等同于 ToImage + "
                "ToDtype(float32, scale=True)）。",
        accepts=("pil",), qualname="torchvision.transforms.ToTensor", value_domain="uint8"))
    return e


def _normalize_entries() -> list[TransformEntry]:
    """Data table: the normalisation transform."""
    e: list[TransformEntry] = []
    add = e.append
    add(_v2("Normalize", "normalize", "unit", False, (
        _p("mean", "mean_std", [0.485, 0.456, 0.406], "Per-channel mean to subtract (ImageNet values by "
           "default, for inputs in [0, 1]).", "每个通道要减去的均值（默认是 ImageNet 的值，适用于 [0, 1] 的输入）。",
           required=True, lengths=(1, 3)),
        _p("std", "mean_std", [0.229, 0.224, 0.225], "Per-channel standard deviation to divide by.",
           "每个通道要除以的标准差。", minimum=0.0, exclusive_minimum=True, required=True, lengths=(1, 3)),
        _inplace(),
    ), "Subtract the mean and divide by the std per channel; needs a float tensor in [0, 1].",
        "按通道减去均值再除以标准差；输入须为 [0, 1] 范围的浮点张量。", accepts=("float_tensor",)))
    return e


def _cleaning_entries() -> list[TransformEntry]:
    """Data table: dtf_gui's own cleaning transforms, one entry each."""
    e: list[TransformEntry] = []
    add = e.append
    add(TransformEntry(
        name="MedianFilter", category="cleaning", random=False, factory=custom.MedianFilter,
        params=(_p("size", "int", 3, "Window size: an odd integer; larger removes more noise and more detail.",
                   "窗口大小：奇数；越大去噪越强，细节损失也越多。", minimum=3, maximum=15),),
        help_en="Remove speckle (salt-and-pepper) noise with a median filter.",
        help_zh="用中值滤波去除椒盐噪声。",
        qualname="dtf_gui.core.pipeline.custom.MedianFilter", value_domain="any"))
    add(TransformEntry(
        name="ConvertMode", category="cleaning", random=False, factory=custom.ConvertMode,
        params=(_p("mode", "choice", "RGB", "Target PIL mode, e.g. RGB (3 channels) or L (grey).",
                   "目标 PIL 模式，如 RGB（3 通道）或 L（灰度）。", choices=custom.PIL_MODES),),
        help_en="Convert a PIL image to another mode (e.g. grey L or RGBA -> RGB); PIL images only.",
        help_zh="把 PIL 图像转换为另一种模式（如灰度 L 或 RGBA -> RGB）；仅适用于 PIL 图像。",
        accepts=("pil",), qualname="dtf_gui.core.pipeline.custom.ConvertMode", value_domain="uint8"))
    return e


def _num_classes() -> ParamSpec:
    return _p("num_classes", "int", None, "Number of classes for the one-hot labels; null takes the dataset's "
              "class count (filled in when training or previewing).",
              "独热标签的类别数；null 表示使用数据集的类别数（训练或预览时自动填入）。", minimum=2, optional=True)


def _alpha(name: str, default: float, what: str, what_zh: str) -> ParamSpec:
    return _p(name, "float", default, f"{what}: the Beta(alpha, alpha) distribution the mixing ratio is drawn "
              "from; small values mix a little, 1.0 mixes evenly.",
              f"{what_zh}：混合比例取自 Beta(alpha, alpha) 分布；值小则混合得少，1.0 则均匀混合。",
              minimum=0.0, exclusive_minimum=True)


def _batch_entries() -> list[TransformEntry]:
    """Data table: the batch stage (whole batches of images and labels, in training only)."""
    e: list[TransformEntry] = []
    add = e.append
    batch = ("batch",)
    add(_v2("MixUp", BATCH_CATEGORY, "any", True, (
        _alpha("alpha", 1.0, "MixUp strength", "MixUp 强度"),
        _num_classes(),
    ), "Blend each image of a batch with its neighbour, and their labels in the same ratio: int64 [B] labels "
       "become float32 [B, C] soft labels. Batch stage only (training).",
        "把批次中的每张图像与相邻图像按比例混合，标签按同一比例混合：int64 [B] 标签变为 float32 [B, C] 软标签。"
        "仅用于批次阶段（训练）。", accepts=batch, suggested={"alpha": 0.2}))
    add(_v2("CutMix", BATCH_CATEGORY, "any", True, (
        _alpha("alpha", 1.0, "CutMix strength", "CutMix 强度"),
        _num_classes(),
    ), "Paste a random rectangle from the neighbouring image of the batch; the labels mix by the pasted area: "
       "int64 [B] labels become float32 [B, C] soft labels. Batch stage only (training).",
        "从批次中相邻图像剪切一个随机矩形贴入；标签按面积比例混合：int64 [B] 标签变为 float32 [B, C] 软标签。"
        "仅用于批次阶段（训练）。", accepts=batch))
    add(TransformEntry(
        name="RandomChoice", category=BATCH_CATEGORY, random=True, factory=_mix_choice, accepts=batch,
        params=(
            _alpha("mixup_alpha", 0.2, "MixUp strength", "MixUp 强度"),
            _alpha("cutmix_alpha", 1.0, "CutMix strength", "CutMix 强度"),
            _p("p", "float_seq", [0.5, 0.5], "Chances of [MixUp, CutMix] for each batch (scaled to sum to 1).",
               "每个批次选用 [MixUp, CutMix] 的概率（会按总和归一化）。", minimum=0.0, scalar=False, lengths=(2,)),
            _num_classes(),
        ),
        help_en="For each batch, either MixUp or CutMix (v2.RandomChoice of the two), as torchvision's training "
                "recipes do. Batch stage only (training).",
        help_zh="每个批次随机选用 MixUp 或 CutMix 之一（两者的 v2.RandomChoice），与 torchvision 的训练方案相同。"
                "仅用于批次阶段（训练）。",
        qualname=_V2 + "RandomChoice", value_domain="any"))
    return e


def _entries() -> list[TransformEntry]:
    """Every entry, by category in the order the pipeline editor lists them (each part is a data table)."""
    return [*_geometry_entries(), *_color_entries(), *_augment_entries(), *_type_entries(), *_normalize_entries(),
            *_cleaning_entries(), *_batch_entries()]


def is_batch_step(name: str) -> bool:
    """Whether step ``name`` belongs in the batch stage (an unknown name does not)."""
    entry = REGISTRY.get(name)
    return entry is not None and entry.category == BATCH_CATEGORY


REGISTRY: Mapping[str, TransformEntry] = MappingProxyType({entry.name: entry for entry in _entries()})


def get_entry(name: str) -> TransformEntry:
    """The registry entry for ``name``; PipelineError with "did you mean ...?" when there is none."""
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        pass
    hint = _did_you_mean(str(name), list(REGISTRY))
    text = (msg("pipeline.unknown_transform_hint", name=repr(name), hint=hint) if hint else
            msg("pipeline.unknown_transform", name=repr(name), known=", ".join(sorted(REGISTRY))))
    raise PipelineError(text, step_name=str(name))


def default_step(name: str) -> StepSpec:
    """A new step as the palette adds it: every parameter at its default (with ``suggested`` applied)."""
    entry = get_entry(name)
    return StepSpec(entry.name, entry.defaults(), True)


#: Categories whose steps make up a pipeline's conversion tail (ToImage, ToDtype, Normalize...).
TAIL_CATEGORIES: tuple[str, ...] = ("type", "normalize")


def conversion_tail_start(steps: Sequence[StepSpec]) -> int:
    """Index where the trailing run of conversion steps (type and normalize categories) begins.

    ``len(steps)`` when the last step is not a conversion; an unknown step name ends the run.
    """
    i = len(steps)
    while i > 0:
        entry = REGISTRY.get(steps[i - 1].name)
        if entry is None or entry.category not in TAIL_CATEGORIES:
            break
        i -= 1
    return i


def insertion_index(steps: Sequence[StepSpec], name: str) -> int:
    """Where the palette adds step ``name`` to ``steps`` (by double-click or Enter).

    Conversion steps go at the end. Geometry, colour, augmentation and cleaning steps that work on PIL
    images go before the conversion tail, where they see the image as the loader made it; after Normalize
    a colour step would clamp or shift normalised values (see ``value_domain``). Tensor-only steps go
    into the tail, before its Normalize when they assume [0, 1] (GaussianNoise), else at the end
    (RandomErasing, which torchvision places after Normalize).
    """
    entry = get_entry(name)
    n = len(steps)
    if entry.category in TAIL_CATEGORIES or entry.category == BATCH_CATEGORY:
        return n
    tail = conversion_tail_start(steps)
    if "pil" in entry.accepts:
        return tail
    if entry.value_domain != "any":
        return next((i for i in range(tail, n) if steps[i].name == "Normalize"), n)
    return n


def entries_by_category() -> dict[str, list[TransformEntry]]:
    """Entries grouped in :data:`CATEGORIES` order, each group in registry order (for the palette)."""
    out: dict[str, list[TransformEntry]] = {c: [] for c in CATEGORIES}
    for entry in REGISTRY.values():
        out[entry.category].append(entry)
    return out


def step_is_random(step: StepSpec) -> bool:
    """Whether a step's output depends on the RNG.

    The entry's ``random`` flag, refined by the step's values: ``p`` of 0 never fires, and GaussianBlur
    with one fixed ``sigma`` or JPEG with one fixed ``quality`` do the same thing every time. Used by lint
    ("random augmentation in val") and by the feature cache, which may only precompute features when
    every enabled train step is deterministic.
    """
    entry = REGISTRY.get(step.name)
    if entry is None or not entry.random:
        return False
    params = step.params
    if params.get("p") == 0:
        return False
    fixed = {"GaussianBlur": "sigma", "JPEG": "quality"}.get(entry.name)
    if fixed is not None:
        value = params.get(fixed, entry.param(fixed).default)
        if _is_number(value) or (isinstance(value, list) and len(set(value)) == 1):
            return False
    return True
