"""Lint: the pipeline mistakes people really make, each with a message and an automatic fix.

Rules look at the *actual* types: both pipelines are traced (``inspect.trace``) on a sample — the user's, or a
synthetic RGB image of an odd size, 317×251, the kind of size that exposes a missing resize. Every finding
carries its fix as plain edits (insert / replace / remove / move a step), so the GUI can show the fix before
applying it and :func:`apply_fix` needs nothing but the document.

Rules (``LintFinding.rule``):

``normalize-before-float``   Normalize runs on a PIL image or an integer tensor (it fails).
``todtype-no-scale``         ToDtype(float) without ``scale=True`` on uint8 data (values stay 0–255).
``normalize-on-0-255``       ImageNet-style Normalize (mean ≤ 1) on float data still in 0–255.
``channels``                 The output has 1 or 4 channels where the model expects 3 (or Normalize's 3 mean
                             values silently broadcast a 1-channel image to 3 channels).
``no-fixed-size``            No resize/crop gives every image the same size, so batching fails.
``random-in-val``            A random augmentation in the val pipeline (validation must be repeatable).
``output-not-float32``       The output is not a float32 tensor (the model needs one).
``train-val-size``           Train and val outputs have different sizes.
``uint8-after-normalize``    ToDtype(uint8) after Normalize (negative values are clipped, detail is lost).
``range-after-normalize``    A step that assumes image values (the registry's ``value_domain`` "unit" or
                             "uint8": ColorJitter, RandomInvert, JPEG...) runs after Normalize, where it
                             clamps or shifts the normalised values without an error.
``step-fails``               A step fails for another reason (no automatic fix; the message says what to do).
``batch-step-in-split``      A batch-stage step (MixUp, CutMix, RandomChoice) in the train or val pipeline: it
                             needs whole batches; validation never mixes (fix: remove it from val, move it
                             from train to the batch stage).
``batch-per-image-step``     A per-image step in the batch stage (fix: move it to the train pipeline).
``batch-num-classes``        A batch step's ``num_classes`` differs from the data's class count (when the caller
                             passes ``num_classes``); fix: null, which takes the data's count.
``imagenet-stats-from-scratch``  Normalize with ImageNet's mean/std on a model trained from scratch, while the
                             dataset's cached statistics differ a lot (see :func:`stats_differ`); only when the
                             caller says so (``pretrained=False``, ``data_stats``): lint never computes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.pipeline.build import IMAGENET_MEAN, IMAGENET_STD
from dtf_gui.core.pipeline.inspect import SampleInfo, TraceResult, trace, trace_batch
from dtf_gui.core.pipeline.registry import (
    BATCH_CATEGORY,
    REGISTRY,
    insertion_index,
    is_batch_step,
    step_is_random,
)
from dtf_gui.core.pipeline.spec import BATCH, SPLITS, STAGES, PipelineDocument, PipelineSpec, StepSpec

if TYPE_CHECKING:
    from dtf_gui.core.pipeline.stats import ChannelStats

#: Size of the synthetic sample: odd and non-square, so a missing resize shows.
SYNTHETIC_SIZE = (317, 251)
#: A second sample size, to tell a pipeline that fixes the size from one that keeps the input's.
_OTHER_SIZE = (251, 317)
#: Mean values at or below this are "for data in [0, 1]" (ImageNet's are 0.485, 0.456, 0.406).
_UNIT_MEAN_LIMIT = 1.0
#: Float data whose maximum is above this is still in the 0–255 range.
_BYTE_RANGE_MIN = 2.0

_SIZE_STEPS = ("Resize", "CenterCrop", "RandomResizedCrop", "RandomCrop")
_FLOAT_DTYPES = ("float16", "bfloat16", "float32", "float64")
_RULES = (
    "normalize-before-float", "todtype-no-scale", "normalize-on-0-255", "channels", "no-fixed-size",
    "random-in-val", "output-not-float32", "train-val-size", "uint8-after-normalize", "range-after-normalize",
    "step-fails", "imagenet-stats-from-scratch", "batch-step-in-split", "batch-per-image-step", "batch-num-classes",
)
#: Values a "unit" step may meet without harm (a little slack for rounding).
_UNIT_RANGE = (-1e-3, 1 + 1e-3)


@dataclass(frozen=True)
class Edit:
    """One change to a split's step list; indices refer to the list as left by the previous edit.

    ``expect`` is the name of the step found at ``index`` when the fix was made: applying a fix to a
    document that has changed since is refused rather than editing the wrong step.
    """

    op: str  # "insert" | "replace" | "remove" | "move"
    index: int
    step: StepSpec | None = None
    to: int | None = None
    expect: str | None = None
    split: str | None = None  # the split it edits; None: the finding's

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op, "index": self.index}
        if self.step is not None:
            out["step"] = self.step.to_json()
        if self.to is not None:
            out["to"] = self.to
        if self.split is not None:
            out["split"] = self.split
        return out


@dataclass(frozen=True)
class LintFinding:
    """A mistake in one split's pipeline; ``step_index`` is the document index (0-based), if one step."""

    rule: str
    severity: str  # "error" (training would fail or be wrong) | "warning"
    split: str
    step_index: int | None
    msg: Message | str  # rendered by ``message`` in the current language
    fix: Message | str | None  # the Fix button's label (``fix_label``); None: no automatic fix
    edits: tuple[Edit, ...] = field(default=(), compare=False, repr=False)

    @property
    def message(self) -> str:
        return render(self.msg)

    @property
    def fix_label(self) -> str | None:
        return None if self.fix is None else render(self.fix)

    def to_json(self) -> dict[str, Any]:
        """English texts (``message``, ``fix_label``) and the messages as data (``msg``, ``fix``: code, params)."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "split": self.split,
            "step_index": self.step_index,
            "message": render(self.msg, "en"),
            "fix_label": None if self.fix is None else render(self.fix, "en"),
            "msg": _message_json(self.msg),
            "fix": None if self.fix is None else _message_json(self.fix),
            "edits": [e.to_json() for e in self.edits],
        }


def _message_json(m: Message | str) -> dict[str, Any]:
    return m.to_json() if isinstance(m, Message) else {"code": None, "params": {"text": m}}


def _split(split: str) -> Message:
    return msg(f"lint.split.{split}")


def _and(names: Sequence[str]) -> Message | str:
    return msg("lint.two", a=names[0], b=names[1]) if len(names) == 2 else ", ".join(names)


def synthetic_sample(size: tuple[int, int] = SYNTHETIC_SIZE) -> Image.Image:
    """A deterministic RGB image (w, h) with the full 0–255 range in every channel."""
    w, h = size
    x = np.linspace(0, 255, w, dtype=np.float32)[None, :]
    y = np.linspace(0, 255, h, dtype=np.float32)[:, None]
    rgb = np.stack([np.broadcast_to(x, (h, w)), np.broadcast_to(y, (h, w)), (x + y) / 2], axis=-1)
    return Image.fromarray(rgb.round().astype(np.uint8), "RGB")


# --------------------------------------------------------------------------------------------------
# lint
# --------------------------------------------------------------------------------------------------
def lint(doc: PipelineDocument, *, sample: Any = None, expected_channels: int = 3, pretrained: bool | None = None,
         data_stats: ChannelStats | None = None, num_classes: int | None = None) -> list[LintFinding]:
    """Findings for both splits of ``doc``, errors first within each split (train, then val), then the batch
    stage's (``num_classes``: the data's class count, when the caller knows it).

    ``sample`` (a path, PIL image or tensor) is what the pipelines are traced on; without it a synthetic
    317×251 RGB image is used, which is what the training loader delivers (always PIL RGB). Callers that know
    pass ``pretrained`` (whether the model starts from pretrained weights; None: unknown) and ``data_stats``
    (the dataset's cached statistics, :func:`~dtf_gui.core.pipeline.stats.cached_stats`) for the
    ``imagenet-stats-from-scratch`` note.
    """
    if sample is None:
        sample = synthetic_sample()
    traces = {split: trace(doc.get(split), sample, 0, split=split, thumb_size=16) for split in SPLITS}
    findings: list[LintFinding] = []
    for split in SPLITS:
        spec = doc.get(split)
        if not spec.enabled_steps():
            continue
        ctx = _Context(split, spec, traces[split], expected_channels)
        ctx.batch_len = len(doc.batch)
        found: list[LintFinding] = []
        for rule in _SPLIT_RULES:
            found.extend(rule(ctx))
        if ctx.trace.ok:
            other = traces["val" if split == "train" else "train"]
            found.extend(_rule_no_fixed_size(ctx, other.final.size if other.ok else None))
        elif ctx.trace.failed_index not in {f.step_index for f in found
                                            if f.rule in ("normalize-before-float", "range-after-normalize",
                                                          "batch-step-in-split")}:
            found.append(LintFinding("step-fails", "error", split, ctx.trace.failed_index,
                                     ctx.trace.error or "", None))
        found.sort(key=lambda f: (f.severity != "error", f.step_index if f.step_index is not None else 1 << 30))
        findings.extend(found)
    findings.extend(_rule_train_val_size(doc, traces))
    findings.extend(_rule_imagenet_stats(doc, pretrained, data_stats))
    findings.extend(_batch_stage_rules(doc, sample, traces["train"], num_classes))
    return findings


def apply_fix(doc: PipelineDocument, finding: LintFinding) -> PipelineDocument:
    """A new document with ``finding``'s fix applied.

    Raises
    ------
    PipelineError
        If the finding has no automatic fix, or the document changed so the fix no longer fits.
    """
    if not finding.edits:
        raise PipelineError(msg("lint.no_fix", rule=finding.rule, text=finding.msg), split=finding.split,
                            step_index=finding.step_index)
    lists = {split: list(doc.get(split).steps) for split in STAGES}
    for edit in finding.edits:
        split = edit.split or finding.split
        steps = lists[split]
        if edit.expect is not None and (edit.index >= len(steps) or steps[edit.index].name != edit.expect):
            raise PipelineError(msg("lint.changed", split=_split(split), expect=edit.expect,
                                    step=edit.index + 1), split=split, step_index=edit.index)
        if edit.op == "insert":
            steps.insert(edit.index, _need(edit.step))
        elif edit.op == "replace":
            steps[edit.index] = _need(edit.step)
        elif edit.op == "remove":
            del steps[edit.index]
        elif edit.op == "move":
            steps.insert(_need(edit.to), steps.pop(edit.index))
        else:
            raise PipelineError(msg("lint.unknown_edit", op=repr(edit.op)))
    for split in {edit.split or finding.split for edit in finding.edits}:
        doc = doc.with_split(split, PipelineSpec(tuple(lists[split])))
    return doc


def _need(value):
    if value is None:
        raise PipelineError(msg("lint.incomplete_fix"))
    return value


# --------------------------------------------------------------------------------------------------
# context shared by the rules of one split
# --------------------------------------------------------------------------------------------------
class _Context:
    def __init__(self, split: str, spec: PipelineSpec, result: TraceResult, expected_channels: int) -> None:
        self.split = split
        self.spec = spec
        self.trace = result
        self.expected_channels = expected_channels
        self.enabled = spec.enabled_steps()
        self.batch_len = 0  # steps in the document's batch stage (a fix may append to it)
        # info before / after each enabled step (by document index); missing once the trace stopped
        pipeline_input = max(i for i, info in enumerate(result.infos) if info.step_index is None)
        self.before: dict[int, SampleInfo] = {}
        self.after: dict[int, SampleInfo] = {}
        prev = result.infos[pipeline_input]
        for info in result.infos[pipeline_input + 1:]:
            self.before[info.step_index] = prev
            if info.error is None:
                self.after[info.step_index] = info
                prev = info

    @property
    def output(self) -> SampleInfo | None:
        return self.trace.final if self.trace.ok else None

    def finding(self, rule: str, severity: str, index: int | None, message: Message,
                fix_label: Message | None = None, edits: Sequence[Edit] = ()) -> LintFinding:
        text = (msg("lint.at_step", split=_split(self.split), step=index + 1, name=self.spec[index].name,
                    text=message) if index is not None else msg("lint.at_split", split=_split(self.split),
                                                                 text=message))
        return LintFinding(rule, severity, self.split, index, text, fix_label if edits else None, tuple(edits))

    def first_conversion(self) -> int | None:
        """Document index of the first enabled step that turns a PIL image into a tensor, if any."""
        for i, step in self.enabled:
            if step.name in ("ToImage", "PILToTensor", "ToTensor"):
                return i
        return None


def _dtype_name(value: Any) -> str:
    return str(value).removeprefix("torch.") if value is not None else ""


def _step(name: str, **params: Any) -> StepSpec:
    return StepSpec(name, params)


# --------------------------------------------------------------------------------------------------
# the rules
# --------------------------------------------------------------------------------------------------
def _rule_normalize_before_float(ctx: _Context) -> list[LintFinding]:
    out = []
    for i, step in ctx.enabled:
        if step.name != "Normalize":
            continue
        before = ctx.before.get(i)
        if before is not None:
            bad = not (before.kind in ("Tensor", "tv_tensors.Image") and before.is_float)
        else:  # the trace stopped earlier: decide from the steps
            bad = not any(_makes_float(s) for j, s in ctx.enabled if j < i)
        if not bad:
            continue
        got = before.badge() if before is not None else msg("lint.not_float_yet")
        later = next((j for j, s in ctx.enabled if j > i and _makes_float(s)), None)
        if later is not None:
            label = msg("lint.fix.move_normalize", step=later + 1, name=ctx.spec[later].name)
            advice = msg("lint.advice.move_after", step=later + 1, name=ctx.spec[later].name)
            edits = [Edit("move", i, to=later, expect="Normalize")]
        else:
            edits, names = [], []
            if before is None or before.kind in ("PIL.Image", "ndarray"):
                edits.append(Edit("insert", i, _step("ToImage")))
                names.append("ToImage")
            edits.append(Edit("insert", i + len(edits), _step("ToDtype", dtype="float32", scale=True)))
            names.append("ToDtype(float32, scale=True)")
            label = msg("lint.fix.insert_before_normalize", names=_and(names))
            advice = msg("lint.advice.add_before", names=_and(names))
        out.append(ctx.finding(
            "normalize-before-float", "error", i, msg("lint.normalize_before_float", got=got, advice=advice),
            label, edits))
    return out


def _makes_float(step: StepSpec) -> bool:
    if step.name == "ToTensor":
        return True
    return step.name == "ToDtype" and _dtype_name(step.params.get("dtype")) in _FLOAT_DTYPES


def _rule_todtype_no_scale(ctx: _Context) -> list[LintFinding]:
    out = []
    for i, step in ctx.enabled:
        if step.name != "ToDtype" or _dtype_name(step.params.get("dtype")) not in _FLOAT_DTYPES:
            continue
        if step.params.get("scale", False):
            continue
        before = ctx.before.get(i)
        if before is None or before.dtype != "uint8":
            continue
        out.append(ctx.finding(
            "todtype-no-scale", "warning", i, msg("lint.todtype_no_scale", dtype=step.params.get("dtype")),
            msg("lint.fix.set_scale"), [Edit("replace", i, step.with_params(scale=True), expect="ToDtype")]))
    return out


def _rule_normalize_on_0_255(ctx: _Context) -> list[LintFinding]:
    out = []
    for i, step in ctx.enabled:
        if step.name != "Normalize":
            continue
        before = ctx.before.get(i)
        mean = _floats(step.params.get("mean"))
        std = _floats(step.params.get("std"))
        if before is None or not before.is_float or not mean or not std:
            continue
        rng = before.value_range()
        if rng is None or rng[1] <= _BYTE_RANGE_MIN or max(mean) > _UNIT_MEAN_LIMIT:
            continue
        unscaled = next((j for j, s in reversed(ctx.enabled) if j < i and s.name == "ToDtype"
                         and _dtype_name(s.params.get("dtype")) in _FLOAT_DTYPES
                         and not s.params.get("scale", False)), None)
        if unscaled is not None:
            label = msg("lint.fix.set_scale_on_step", step=unscaled + 1)
            edits = [Edit("replace", unscaled, ctx.spec[unscaled].with_params(scale=True), expect="ToDtype")]
        else:
            label = msg("lint.fix.multiply_255")
            edits = [Edit("replace", i, step.with_params(mean=[round(m * 255, 4) for m in mean],
                                                         std=[round(s * 255, 4) for s in std]),
                          expect="Normalize")]
        out.append(ctx.finding(
            "normalize-on-0-255", "warning", i, msg("lint.normalize_on_0_255", badge=before.badge()), label, edits))
    return out


def _floats(value: Any) -> list[float]:
    try:
        return [float(v) for v in value]
    except (TypeError, ValueError):
        return []


def _rule_uint8_after_normalize(ctx: _Context) -> list[LintFinding]:
    out = []
    seen_normalize = False
    for i, step in ctx.enabled:
        if step.name == "Normalize":
            seen_normalize = True
        elif seen_normalize and step.name == "ToDtype" and _dtype_name(step.params.get("dtype")) not in (
                *_FLOAT_DTYPES, ""):
            out.append(ctx.finding(
                "uint8-after-normalize", "error", i, msg("lint.uint8_after_normalize", dtype=step.params.get("dtype")),
                msg("lint.fix.remove_step"), [Edit("remove", i, expect="ToDtype")]))
    return out


def _rule_range_after_normalize(ctx: _Context) -> list[LintFinding]:
    """Steps declared ``value_domain`` "unit"/"uint8" in the registry that run on normalised values.

    ColorJitter clamps to [0, 1], RandomInvert computes 1 - x, JPEG refuses floats: after Normalize the values
    lie around 0 (e.g. [-2.1, 2.6]), so the step silently ruins the image. The fix moves it before the
    conversion tail (before ToImage when it takes PIL images, else before Normalize); a second Normalize is
    removed, and a conversion (ToPILImage, ToTensor) after Normalize too.
    """
    out = []
    normalize_at: int | None = None
    for i, step in ctx.enabled:
        entry = REGISTRY.get(step.name)
        if entry is None:
            continue
        if normalize_at is None:
            normalize_at = i if step.name == "Normalize" else None
            continue
        if entry.value_domain == "any" or _values_fit(entry.value_domain, ctx.before.get(i)):
            continue
        before = ctx.before.get(i)
        got = before.badge() if before is not None else msg("lint.normalized_values")
        if step.name == "Normalize":
            message = msg("lint.normalize_twice", step=normalize_at + 1)
            label, edits = msg("lint.fix.remove_step"), [Edit("remove", i, expect=step.name)]
        elif entry.category in ("type", "normalize"):
            message = msg(f"lint.domain.{entry.value_domain}", name=step.name, got=got)
            label, edits = msg("lint.fix.remove_step"), [Edit("remove", i, expect=step.name)]
        else:
            target = normalize_at
            first = ctx.first_conversion()
            if "pil" in entry.accepts and first is not None and first < normalize_at:
                target = first
            message = msg(f"lint.domain.{entry.value_domain}", name=step.name, got=got)
            label = msg("lint.fix.move_before", step=target + 1, name=ctx.spec[target].name)
            edits = [Edit("move", i, to=target, expect=step.name)]
        out.append(ctx.finding("range-after-normalize", "error", i, message, label, edits))
    return out


def _values_fit(domain: str, before: SampleInfo | None) -> bool:
    """Whether the data reaching a step is in the step's domain after all (a Normalize that kept [0, 1])."""
    if before is None:
        return False
    if before.kind == "PIL.Image" or (before.dtype == "uint8"):
        return True
    if domain != "unit" or not before.is_float:
        return False
    rng = before.value_range()
    return rng is not None and _UNIT_RANGE[0] <= rng[0] and rng[1] <= _UNIT_RANGE[1]


def _rule_random_in_val(ctx: _Context) -> list[LintFinding]:
    if ctx.split != "val":
        return []
    out = []
    for i, step in ctx.enabled:
        if not step_is_random(step) or is_batch_step(step.name):  # batch steps: batch-step-in-split
            continue
        size = step.params.get("size")
        if step.name == "RandomCrop" and size is not None:
            label, edits = msg("lint.fix.replace_with", step=f"CenterCrop({size})"), [
                Edit("replace", i, _step("CenterCrop", size=size), expect=step.name)]
        elif step.name == "RandomResizedCrop" and size is not None:
            params = {"size": size}
            if "interpolation" in step.params:
                params["interpolation"] = step.params["interpolation"]
            label, edits = msg("lint.fix.replace_with", step=f"Resize({size})"), [
                Edit("replace", i, StepSpec("Resize", params), expect=step.name)]
        else:
            label, edits = msg("lint.fix.remove_from_val"), [Edit("remove", i, expect=step.name)]
        out.append(ctx.finding("random-in-val", "warning", i, msg("lint.random_in_val", name=step.name), label, edits))
    return out


def _rule_output(ctx: _Context) -> list[LintFinding]:
    out_info = ctx.output
    if out_info is None:
        return []
    last = ctx.enabled[-1][0]
    n = len(ctx.spec)
    findings = []
    if not (out_info.kind in ("Tensor", "tv_tensors.Image") and out_info.dtype == "float32"):
        edits = []
        if out_info.kind in ("PIL.Image", "ndarray"):
            edits.append(Edit("insert", n, _step("ToImage")))
        edits.append(Edit("insert", n + len(edits), _step("ToDtype", dtype="float32", scale=True)))
        label = msg("lint.fix.append", names=_and(
            ["ToImage" if e.step.name == "ToImage" else "ToDtype(float32, scale=True)" for e in edits]))
        findings.append(ctx.finding(
            "output-not-float32", "error", None, msg("lint.output_not_float32", badge=out_info.badge()), label, edits))
    channels = out_info.channels
    if channels is not None and channels != ctx.expected_channels:
        message = msg("lint.output_channels", channels=channels, want=ctx.expected_channels)
        findings.append(_channels_finding(ctx, message, last + 1))
    return findings


def _rule_normalize_broadcast(ctx: _Context) -> list[LintFinding]:
    """Normalize with 3 mean values on a 1-channel image broadcasts it to 3 channels without a word."""
    findings = []
    for i, step in ctx.enabled:
        before = ctx.before.get(i)
        mean = _floats(step.params.get("mean"))
        if step.name != "Normalize" or before is None or before.channels in (None, ctx.expected_channels):
            continue
        if len(mean) in (1, before.channels):
            continue
        message = msg("lint.normalize_broadcast", channels=before.channels, n=len(mean))
        findings.append(_channels_finding(ctx, message, i, at=i))
    return findings


def _channels_finding(ctx: _Context, problem: Message, upto: int, *, at: int | None = None) -> LintFinding:
    """A ``channels`` finding; the fix edits the last step before ``upto`` that changed the channel count."""
    want = ctx.expected_channels
    source = None
    for i, _ in reversed(ctx.enabled):
        after, before = ctx.after.get(i), ctx.before.get(i)
        if i < upto and after is not None and before is not None and after.channels != before.channels:
            source = i
            break
    edits: list[Edit] = []
    label: Message | None = None
    if source is not None and ctx.spec[source].name in ("Grayscale", "RandomGrayscale") and want in (1, 3):
        step = ctx.spec[source]
        if step.name == "Grayscale":
            edits = [Edit("replace", source, step.with_params(num_output_channels=want), expect="Grayscale")]
            label = msg("lint.fix.set_channels", want=want)
    elif source is not None and ctx.spec[source].name == "ConvertMode" and want in (1, 3):
        mode = "RGB" if want == 3 else "L"
        edits = [Edit("replace", source, ctx.spec[source].with_params(mode=mode), expect="ConvertMode")]
        label = msg("lint.fix.convert_instead", mode=mode)
    elif want in (1, 3):
        mode = "RGB" if want == 3 else "L"
        edits = [Edit("insert", 0, _step("ConvertMode", mode=mode))]
        label = msg("lint.fix.insert_first", step=f"ConvertMode({mode})")
    target = msg("lint.rgb" if want == 3 else "lint.grayscale")
    return ctx.finding("channels", "error", source if at is None else at,
                       msg("lint.channels", problem=problem, target=target, want=want), label, edits)


def _rule_no_fixed_size(ctx: _Context, other_split_size: tuple[int, int] | None) -> list[LintFinding]:
    """Trace a second image of another size: if the outputs differ in size, batches cannot be stacked.

    The fix resizes to the other split's output size when that one is fixed, else to 224×224.
    """
    first = ctx.trace.final
    other_size = _OTHER_SIZE if first is None or ctx.trace.infos[0].size != _OTHER_SIZE else SYNTHETIC_SIZE
    other = trace(ctx.spec, synthetic_sample(other_size), 0, split=ctx.split, thumb_size=16)
    if not other.ok or other.final.size == first.size:
        return []
    resize_int = next((i for i, s in reversed(ctx.enabled) if s.name == "Resize"
                       and _as_int(s.params.get("size")) is not None), None)
    if resize_int is not None:
        size = _as_int(ctx.spec[resize_int].params["size"])
        label = msg("lint.fix.insert_after_resize", step=f"CenterCrop({size})", n=resize_int + 1)
        edits = [Edit("insert", resize_int + 1, _step("CenterCrop", size=size))]
    else:
        w, h = other_split_size or (224, 224)
        label = msg("lint.fix.insert_first", step=f"Resize([{h}, {w}])")
        edits = [Edit("insert", 0, _step("Resize", size=[h, w]))]
    return [ctx.finding(
        "no-fixed-size", "error", None,
        msg("lint.no_fixed_size", size=f"{first.size[0]}×{first.size[1]}",
            other=f"{other.final.size[0]}×{other.final.size[1]}"), label, edits)]


def _as_int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], int):
        return value[0]
    return None


def _rule_train_val_size(doc: PipelineDocument, traces: dict[str, TraceResult]) -> list[LintFinding]:
    tr, va = traces["train"], traces["val"]
    if not (tr.ok and va.ok and doc.train.enabled_steps() and doc.val.enabled_steps()):
        return []
    ts, vs = tr.final.size, va.final.size
    if ts is None or vs is None or ts == vs:
        return []
    w, h = ts
    steps = doc.val.enabled_steps()
    target = next((i for i, s in reversed(steps) if s.name in _SIZE_STEPS), None)
    if target is not None:
        step = doc.val[target]
        edits = [Edit("replace", target, step.with_params(size=[h, w]), expect=step.name)]
        label = msg("lint.fix.set_val_size", n=target + 1, name=step.name, h=h, w=w)
    else:
        edits = [Edit("insert", len(doc.val), _step("Resize", size=[h, w]))]
        label = msg("lint.fix.append_to_val", step=f"Resize([{h}, {w}])")
    message = msg("lint.at_split", split=_split("val"),
                  text=msg("lint.train_val_size", train=f"{w}×{h}", val=f"{vs[0]}×{vs[1]}"))
    return [LintFinding("train-val-size", "warning", "val", target, message, label, tuple(edits))]


#: The dataset's statistics "differ a lot" from Normalize's when a channel's mean is further off than this...
STATS_MEAN_DIFF = 0.1
#: ...or the ratio of a channel's std (dataset / Normalize) lies outside this range.
STATS_STD_RATIO = (0.67, 1.5)


def stats_differ(mean: Sequence[float], std: Sequence[float], data_mean: Sequence[float],
                 data_std: Sequence[float]) -> bool:
    """Whether a dataset's statistics differ "a lot" from Normalize's ``mean``/``std``.

    A lot: some channel's mean differs by more than :data:`STATS_MEAN_DIFF` (0.1, a tenth of the value range),
    or some channel's std ratio (dataset / Normalize) lies outside :data:`STATS_STD_RATIO` ([0.67, 1.5]).
    Below that, normalised inputs stay within about ±0.5 of a centred, unit-spread input: not worth a note.
    """
    for m, s, dm, ds in zip(mean, std, data_mean, data_std, strict=True):
        if abs(dm - m) > STATS_MEAN_DIFF or s <= 0 or not STATS_STD_RATIO[0] <= ds / s <= STATS_STD_RATIO[1]:
            return True
    return False


def _is_imagenet(mean: Sequence[float], std: Sequence[float]) -> bool:
    def close(a: Sequence[float], b: Sequence[float]) -> bool:
        return len(a) == len(b) and all(abs(x - y) <= 1e-3 for x, y in zip(a, b, strict=True))

    return close(mean, IMAGENET_MEAN) and close(std, IMAGENET_STD)


def _numbers(values: Sequence[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


def _rule_imagenet_stats(doc: PipelineDocument, pretrained: bool | None,
                         data_stats: ChannelStats | None) -> list[LintFinding]:
    """ImageNet's Normalize on a model trained from scratch, for data whose statistics differ a lot.

    Pretrained weights were trained on ImageNet-normalised inputs, so there ImageNet's values are right
    whatever the data; from scratch, the dataset's own values centre its inputs. Needs the cached statistics
    (never computed here). The fix sets the train Normalize, and a val Normalize with the same ImageNet
    values, to the dataset's values: train and val must normalise alike.
    """
    if pretrained is not False or data_stats is None:
        return []
    at = next((i for i, s in doc.train.enabled_steps() if s.name == "Normalize"), None)
    if at is None:
        return []
    step = doc.train[at]
    mean, std = _floats(step.params.get("mean")), _floats(step.params.get("std"))
    if (not _is_imagenet(mean, std) or len(data_stats.mean) != len(mean) or len(data_stats.std) != len(std)
            or not stats_differ(mean, std, data_stats.mean, data_stats.std)):
        return []
    try:
        values = data_stats.normalize_params()
    except PipelineError:
        values = None  # an (almost) constant channel: the note stands, without a fix
    edits: list[Edit] = []
    if values is not None:
        edits.append(Edit("replace", at, step.with_params(**values), expect="Normalize"))
        for j, other in doc.val.enabled_steps():
            if other.name == "Normalize" and _is_imagenet(_floats(other.params.get("mean")),
                                                          _floats(other.params.get("std"))):
                edits.append(Edit("replace", j, other.with_params(**values), expect="Normalize", split="val"))
                break
    message = msg("lint.at_step", split=_split("train"), step=at + 1, name="Normalize",
                  text=msg("stats.lint.imagenet_from_scratch", mean=_numbers(data_stats.mean),
                           std=_numbers(data_stats.std), imean=_numbers(mean), istd=_numbers(std)))
    return [LintFinding("imagenet-stats-from-scratch", "warning", "train", at, message,
                        msg("stats.lint.fix") if edits else None, tuple(edits))]


def _rule_batch_step_in_split(ctx: _Context) -> list[LintFinding]:
    """MixUp/CutMix in a per-image pipeline: the builder refuses it; val never mixes, train mixes in the batch stage."""
    out = []
    for i, step in ctx.enabled:
        if not is_batch_step(step.name):
            continue
        if ctx.split == "val":
            out.append(ctx.finding("batch-step-in-split", "error", i, msg("batch.lint.in_val", name=step.name),
                                   msg("lint.fix.remove_from_val"), [Edit("remove", i, expect=step.name)]))
        else:
            edits = [Edit("remove", i, expect=step.name), Edit("insert", ctx.batch_len, step, split=BATCH)]
            out.append(ctx.finding("batch-step-in-split", "error", i, msg("batch.lint.in_train", name=step.name),
                                   msg("batch.lint.fix_to_batch"), edits))
    return out


def _batch_finding(rule: str, index: int | None, name: str, message: Message | str, fix: Message | None = None,
                   edits: Sequence[Edit] = ()) -> LintFinding:
    text = (msg("batch.lint.at_step", step=index + 1, name=name, text=message) if index is not None
            else msg("batch.lint.at_stage", text=message))
    return LintFinding(rule, "error", BATCH, index, text, fix if edits else None, tuple(edits))


def _batch_stage_rules(doc: PipelineDocument, sample: Any, train: TraceResult,
                       num_classes: int | None) -> list[LintFinding]:
    """Per-image steps in the batch stage, a ``num_classes`` that does not fit the data; when neither, one batch
    of the sample through the stage (``inspect.trace_batch``) to catch what training would fail on."""
    out: list[LintFinding] = []
    for i, step in doc.batch.enabled_steps():
        entry = REGISTRY.get(step.name)
        if entry is None:
            continue  # the trace names an unknown step
        if entry.category != BATCH_CATEGORY:
            at = insertion_index(doc.train.steps, step.name)
            out.append(_batch_finding("batch-per-image-step", i, step.name,
                                      msg("batch.lint.per_image", name=step.name), msg("batch.lint.fix_to_train"),
                                      [Edit("remove", i, expect=step.name, split=BATCH),
                                       Edit("insert", at, step, split="train")]))
            continue
        own = step.params.get("num_classes")
        if num_classes is not None and isinstance(own, int) and not isinstance(own, bool) and own != num_classes:
            out.append(_batch_finding("batch-num-classes", i, step.name,
                                      msg("batch.lint.num_classes", got=own, n=num_classes),
                                      msg("batch.lint.fix_num_classes"),
                                      [Edit("replace", i, step.with_params(num_classes=None), expect=step.name)]))
    if out or not doc.batch.enabled_steps() or not train.ok:
        return out
    result = trace_batch(doc, [(sample, 0), (sample, 1)], num_classes=num_classes, thumb_size=8)
    if not result.ok:
        index = result.failed_index
        out.append(LintFinding("step-fails", "error", BATCH, index,
                               result.error if index is not None else msg("batch.lint.at_stage", text=result.error),
                               None))
    return out


_SPLIT_RULES: tuple[Callable[[_Context], list[LintFinding]], ...] = (
    _rule_batch_step_in_split,
    _rule_normalize_before_float,
    _rule_todtype_no_scale,
    _rule_normalize_on_0_255,
    _rule_uint8_after_normalize,
    _rule_range_after_normalize,
    _rule_random_in_val,
    _rule_output,
    _rule_normalize_broadcast,
)

RULES = _RULES
