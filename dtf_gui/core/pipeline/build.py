"""Pipeline document -> torchvision transforms, validated eagerly and fully.

A bad document fails here, at build time, with a message that names the split, the step (1-based, as the
user sees it), the step's name and the parameter, and says what is expected, instead of failing inside a
DataLoader worker in epoch 3. The result is a plain ``v2.Compose`` of torchvision (and
:mod:`dtf_gui.core.pipeline.custom`) objects: it pickles, so ``spawn`` DataLoader workers can use it.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Callable, Mapping
from typing import Any

from torchvision.transforms import v2

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.pipeline.registry import (
    BATCH_CATEGORY,
    REGISTRY,
    ParamValueError,
    TransformEntry,
    _did_you_mean,
    _json,
    get_entry,
)
from dtf_gui.core.pipeline.spec import BATCH, SPLITS, PipelineDocument, PipelineSpec, StepSpec

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def _where(split: str | None, index: int | None, name: str | None) -> Message | str:
    """"train pipeline, step 3 (Normalize)": the place a message is about, as the user sees it."""
    if split == BATCH:
        if index is not None:
            return msg("pipeline.where.batch_step_name" if name else "pipeline.where.batch_step", step=index + 1,
                       name=name)
        return msg("pipeline.where.batch")
    s = msg(f"pipeline.split.{split}") if split in ("train", "val") else split
    if split and index is not None:
        return msg("pipeline.where.split_step_name" if name else "pipeline.where.split_step", split=s,
                   step=index + 1, name=name)
    if split:
        return msg("pipeline.where.split_name", split=s, name=name) if name else msg("pipeline.where.split", split=s)
    if index is not None:
        return msg("pipeline.where.step_name" if name else "pipeline.where.step", step=index + 1, name=name)
    return name or msg("pipeline.where.none")


def _error(message: Message | str, *, split: str | None, index: int | None, name: str | None,
           param: str | None = None) -> PipelineError:
    where = _where(split, index, name)
    if param:
        where = msg("pipeline.where.param", where=where, param=param)
    return PipelineError(msg("pipeline.at", where=where, text=message), split=split, step_index=index,
                         step_name=name, param=param)


def resolve_params(step: StepSpec, *, index: int | None = None, split: str | None = None) -> dict[str, Any]:
    """Check a step's JSON params against the registry and return the constructor keywords.

    Every parameter of the entry is returned: the document's value, converted (dtype names to
    ``torch.dtype``, interpolation names to ``InterpolationMode``), or the default when it is omitted. Codegen
    uses this too, so generated code passes exactly what the builder passes.
    """
    entry = _entry(step, index=index, split=split)
    if not isinstance(step.params, Mapping):
        raise _error(msg("pipeline.params_not_object"), split=split, index=index, name=entry.name)
    valid = entry.param_names()
    for key in step.params:
        if key not in valid:
            hint = _did_you_mean(str(key), valid)
            text = (msg("pipeline.unknown_param_hint", hint=hint, valid=entry.valid_params_text()) if hint
                    else msg("pipeline.unknown_param", valid=entry.valid_params_text()))
            raise _error(text, split=split, index=index, name=entry.name, param=str(key))
    kwargs: dict[str, Any] = {}
    for p in entry.params:
        if p.name in step.params:
            value = step.params[p.name]
        elif p.required:
            raise _error(msg("pipeline.missing_param", name=entry.name, expected=p.describe_message(),
                             example=_json(p.default)), split=split, index=index, name=entry.name, param=p.name)
        else:
            value = p.default
        try:
            kwargs[p.name] = p.convert(value)
        except ParamValueError as e:
            raise _error(msg("pipeline.sentence", text=e.message), split=split, index=index, name=entry.name,
                         param=p.name) from None
    return kwargs


def _entry(step: StepSpec, *, index: int | None, split: str | None) -> TransformEntry:
    try:
        return get_entry(step.name)
    except PipelineError as e:
        raise _error(e.message, split=split, index=index, name=step.name) from None


def _param_in_message(entry: TransformEntry, message: str) -> str | None:
    """Guess which parameter a constructor error is about: the one named first in the message."""
    text = message.lower()
    hits = []
    for p in entry.params:
        for form in {p.name, p.name.replace("_", " ")}:
            m = re.search(rf"\b{re.escape(form)}\b", text)
            if m:
                hits.append((m.start(), p.name))
    return min(hits)[1] if hits else None


def placement_error(name: str, split: str) -> Message | None:
    """Why step ``name`` cannot go into ``split`` ("train", "val" or "batch"), or None when it can (an unknown
    name too: the builder says that). The editor refuses such a drop with this message; the builder fails the same."""
    entry = REGISTRY.get(name)
    if entry is None:
        return None
    if split == BATCH and entry.category != BATCH_CATEGORY:
        return msg("batch.per_image_in_batch", name=entry.name)
    if split != BATCH and entry.category == BATCH_CATEGORY:
        return msg("batch.not_per_image", name=entry.name,
                   split=msg(f"pipeline.split.{split}") if split in SPLITS else msg("pipeline.where.pipeline"))
    return None


def build_step(step: StepSpec, *, index: int | None = None, split: str | None = None) -> Callable[[Any], Any]:
    """One transform for one step; PipelineError naming split / step / parameter on any problem.

    A per-image step: a batch-stage step (MixUp, CutMix...) is refused here, wherever it is asked for, since it
    needs a whole batch of images and labels (:func:`build_batch_transform` builds those).
    """
    entry = _entry(step, index=index, split=split)
    refusal = placement_error(entry.name, split if split in SPLITS else "")
    if refusal is not None:
        raise _error(refusal, split=split, index=index, name=entry.name)
    return _construct(entry, resolve_params(step, index=index, split=split), index=index, split=split)


def _construct(entry: TransformEntry, kwargs: dict[str, Any], *, index: int | None,
               split: str | None) -> Callable[[Any], Any]:
    try:
        return entry.factory(**kwargs)
    except (ValueError, TypeError) as e:
        ours = e.args[0] if e.args and isinstance(e.args[0], Message) else None  # a factory of ours said why
        param = _param_in_message(entry, render(ours, "en") if ours is not None else str(e))
        reason = ours if ours is not None else str(e).strip().rstrip(".")
        raise _error(msg("pipeline.refused_value" if param else "pipeline.refused_values", name=entry.name,
                         reason=reason), split=split, index=index, name=entry.name, param=param) from e


def build_steps(spec: PipelineSpec, *, split: str | None = None) -> list[tuple[int, StepSpec, Callable[[Any], Any]]]:
    """(index in the document, step, transform) for each enabled step; the inspector runs them one by one.

    Disabled steps are skipped without being checked, so a user can switch off a broken step and carry on.
    """
    return [(i, step, build_step(step, index=i, split=split)) for i, step in spec.enabled_steps()]


def build_transform(spec: PipelineSpec, *, split: str | None = None) -> v2.Compose:
    """The whole split as one picklable ``v2.Compose`` (an empty pipeline becomes ``Compose([Identity()])``)."""
    transforms = [t for _, _, t in build_steps(spec, split=split)]
    return v2.Compose(transforms or [v2.Identity()])


def build_batch_step(step: StepSpec, num_classes: int | None, *, index: int | None = None) -> Callable[..., Any]:
    """One batch-stage step, called as ``t(images, labels) -> (images, labels)``.

    ``num_classes`` null in the step takes ``num_classes`` (the data's class count); a step that names a
    different count is refused (its one-hot labels would not fit the model's outputs), and so is a per-image
    step here (it belongs in the train pipeline).
    """
    entry = _entry(step, index=index, split=BATCH)
    refusal = placement_error(entry.name, BATCH)
    if refusal is not None:
        raise _error(refusal, split=BATCH, index=index, name=entry.name)
    kwargs = resolve_params(step, index=index, split=BATCH)
    own = kwargs.get("num_classes")
    if own is None:
        if num_classes is None:
            raise _error(msg("batch.no_class_count"), split=BATCH, index=index, name=entry.name,
                         param="num_classes")
        kwargs["num_classes"] = int(num_classes)
    elif num_classes is not None and own != num_classes:
        raise _error(msg("batch.num_classes_mismatch", got=own, n=num_classes), split=BATCH, index=index,
                     name=entry.name, param="num_classes")
    return _construct(entry, kwargs, index=index, split=BATCH)


def build_batch_transform(spec: PipelineSpec, num_classes: int | None) -> v2.Compose | None:
    """The batch stage as one transform ``t(images, labels) -> (images, labels)``; None when it has no enabled step.

    Training applies it after collation, to the train batches only: int64 labels [B] come out as float32 soft
    labels [B, num_classes]. Evaluation, prediction and exported bundles never use it.
    """
    transforms = [build_batch_step(step, num_classes, index=i) for i, step in spec.enabled_steps()]
    return v2.Compose(transforms) if transforms else None


def check_document(doc: PipelineDocument, num_classes: int | None = None) -> list[PipelineError]:
    """Every problem in every enabled step of both splits and the batch stage (build stops at the first; an
    editor shows all). ``num_classes`` (the data's, when known) checks the batch steps' ``num_classes``."""
    problems: list[PipelineError] = []
    for split in SPLITS:
        for i, step in doc.get(split).enabled_steps():
            try:
                build_step(step, index=i, split=split)
            except PipelineError as e:
                problems.append(e)
    for i, step in doc.batch.enabled_steps():
        # the data's count when known; else the step's own, or any count (2) to check the other parameters
        count = num_classes if num_classes is not None or step.params.get("num_classes") is not None else 2
        try:
            build_batch_step(step, count, index=i)
        except PipelineError as e:
            problems.append(e)
    return problems


def build_document(doc: PipelineDocument) -> dict[str, v2.Compose]:
    """``{"train": Compose, "val": Compose}``: both per-image splits checked before anything trains (the batch
    stage needs the class count: :func:`build_batch_transform`)."""
    return {split: build_transform(doc.get(split), split=split) for split in SPLITS}


def starter_document(image_size: int = 224, *, hflip: bool = False) -> PipelineDocument:
    """A pipeline that is right for ImageNet-pretrained models on any ImageFolder data.

    val: Resize to a square ``[image_size, image_size]`` (so every image in a batch has the same size),
    ToImage, ToDtype(float32, scale=True), Normalize(ImageNet mean/std). train adds one mild augmentation
    on the PIL image: a small RandomAffine (±10°, 5 % shift, 0.9-1.1 zoom), which suits photos and the
    demo digits alike. A horizontal flip is added only with ``hflip=True``: it turns a 2 into a mirrored 2,
    so it is wrong for digits and text, and only the user knows whether their data is symmetric.
    """
    if isinstance(image_size, bool) or not isinstance(image_size, int) or image_size < 1:
        raise PipelineError(msg("pipeline.bad_image_size", value=repr(image_size)))
    tail = (
        StepSpec("ToImage", {}),
        StepSpec("ToDtype", {"dtype": "float32", "scale": True}),
        StepSpec("Normalize", {"mean": list(IMAGENET_MEAN), "std": list(IMAGENET_STD)}),
    )
    resize = StepSpec("Resize", {"size": [image_size, image_size]})
    aug = [StepSpec("RandomAffine", {"degrees": 10, "translate": [0.05, 0.05], "scale": [0.9, 1.1]})]
    if hflip:
        aug.append(StepSpec("RandomHorizontalFlip", {"p": 0.5}))
    return PipelineDocument(train=PipelineSpec((resize, *aug, *tail)), val=PipelineSpec((resize, *tail)))


# -- sample documents shipped in resources/pipelines --------------------------------------------------


def sample_pipelines() -> list[str]:
    """Names of the sample pipeline documents shipped with dtf_gui (file stems, sorted)."""
    folder = importlib.resources.files("dtf_gui.resources").joinpath("pipelines")
    return sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))


def load_sample_pipeline(name: str) -> PipelineDocument:
    """A shipped sample by name (``"tutorial_resize224"``, ``"digits_64"``), read via importlib.resources."""
    names = sample_pipelines()
    if name not in names:
        hint = _did_you_mean(name, names)
        raise PipelineError(msg("pipeline.no_sample", name=repr(name), hint=hint, names=", ".join(names)) if hint
                            else msg("pipeline.no_sample_plain", name=repr(name), names=", ".join(names)))
    text = importlib.resources.files("dtf_gui.resources").joinpath("pipelines", f"{name}.json").read_text("utf-8")
    return PipelineDocument.loads(text, source=msg("pipeline.sample_source", name=name))
