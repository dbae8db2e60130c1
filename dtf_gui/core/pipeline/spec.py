"""Pipeline documents: plain, hand-editable, versioned JSON.

::

    {"schema_version": 2,
     "train": [{"name": "Resize", "params": {"size": [224, 224]}, "enabled": true}, ...],
     "val":   [...],
     "batch": [{"name": "CutMix", "params": {"alpha": 1.0, "num_classes": null}}]}

``name`` is the torchvision.transforms.v2 class name (or one of dtf_gui's cleaning steps), ``params`` are
exactly its constructor keywords with JSON values (dtypes and interpolation modes by name: ``"float32"``,
``"bilinear"``). ``params`` and ``enabled`` may be omitted. Specs are frozen: every edit returns a new spec,
so undo/redo and the GUI model can hold old versions safely.

``batch`` (schema version 2) is the batch stage: steps such as MixUp and CutMix that run in training only, on
whole collated batches of (images, labels), after the per-image ``train`` pipeline. A document without batch
steps is still written as version 1, exactly as before, so earlier dtf_gui versions keep reading the run
configs and bundles of runs that do not use one; a ``"batch"`` key in a version-1 document is refused.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.fileio import atomic_write_text, read_json_document
from dtf_gui.core.messages import Message, msg

SCHEMA_VERSION = 2
#: The per-image pipelines (each runs on one image at a time).
SPLITS = ("train", "val")
#: The batch stage: runs on collated (images, labels) batches, in training only.
BATCH = "batch"
#: Every step list of a document, in file order.
STAGES = (*SPLITS, BATCH)
#: The first schema version with a batch stage.
BATCH_SCHEMA_VERSION = 2


@dataclass(frozen=True)
class StepSpec:
    name: str
    params: Mapping[str, Any] = field(default_factory=dict)
    enabled: bool = True

    def with_params(self, **changes: Any) -> StepSpec:
        params = dict(self.params)
        params.update(changes)
        return StepSpec(self.name, params, self.enabled)

    def without_param(self, key: str) -> StepSpec:
        params = {k: v for k, v in self.params.items() if k != key}
        return StepSpec(self.name, params, self.enabled)

    def with_enabled(self, enabled: bool) -> StepSpec:
        return StepSpec(self.name, dict(self.params), enabled)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "params": copy.deepcopy(dict(self.params)), "enabled": self.enabled}

    @classmethod
    def from_json(cls, obj: Any, *, split: str | None = None, index: int | None = None) -> StepSpec:
        where = _where(split, index)
        if not isinstance(obj, Mapping):
            raise PipelineError(msg("pipeline.step_not_object", where=where, got=type(obj).__name__,
                                    example='{"name": "Resize", "params": {...}}'), split=split, step_index=index)
        unknown = set(obj) - {"name", "params", "enabled"}
        if unknown:
            raise PipelineError(msg("pipeline.step_unknown_keys", where=where, keys=str(sorted(unknown))),
                                split=split, step_index=index)
        name = obj.get("name")
        if not isinstance(name, str) or not name:
            raise PipelineError(msg("pipeline.step_bad_name", where=where), split=split, step_index=index)
        params = obj.get("params", {})
        if params is None:
            params = {}
        if not isinstance(params, Mapping):
            raise PipelineError(msg("pipeline.step_bad_params", where=where, name=name),
                                split=split, step_index=index, step_name=name)
        enabled = obj.get("enabled", True)
        if not isinstance(enabled, bool):
            raise PipelineError(msg("pipeline.step_bad_enabled", where=where, name=name),
                                split=split, step_index=index, step_name=name)
        return cls(name, copy.deepcopy(dict(params)), enabled)


def _where(split: str | None, index: int | None) -> Message:
    s = msg(f"pipeline.split.{split}") if split in STAGES else split
    if split == BATCH:
        return (msg("pipeline.where.batch_step", step=index + 1) if index is not None
                else msg("pipeline.where.batch"))
    if split and index is not None:
        return msg("pipeline.where.split_step", split=s, step=index + 1)
    if split:
        return msg("pipeline.where.split", split=s)
    return msg("pipeline.where.step", step=index + 1) if index is not None else msg("pipeline.where.none")


@dataclass(frozen=True)
class PipelineSpec:
    """An ordered list of steps (one split's pipeline)."""

    steps: tuple[StepSpec, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[StepSpec]:
        return iter(self.steps)

    def __getitem__(self, i: int) -> StepSpec:
        return self.steps[i]

    def enabled_steps(self) -> list[tuple[int, StepSpec]]:
        """(original index, step) for each enabled step, so errors can name the index the user sees."""
        return [(i, s) for i, s in enumerate(self.steps) if s.enabled]

    # -- edits return new specs ---------------------------------------------------------------
    def insert(self, index: int, step: StepSpec) -> PipelineSpec:
        steps = list(self.steps)
        steps.insert(index, step)
        return PipelineSpec(tuple(steps))

    def append(self, step: StepSpec) -> PipelineSpec:
        return self.insert(len(self.steps), step)

    def remove(self, index: int) -> PipelineSpec:
        steps = list(self.steps)
        del steps[index]
        return PipelineSpec(tuple(steps))

    def replace(self, index: int, step: StepSpec) -> PipelineSpec:
        steps = list(self.steps)
        steps[index] = step
        return PipelineSpec(tuple(steps))

    def move(self, src: int, dst: int) -> PipelineSpec:
        """Move the step at ``src`` so that it ends up at index ``dst`` of the result."""
        steps = list(self.steps)
        step = steps.pop(src)
        steps.insert(dst, step)
        return PipelineSpec(tuple(steps))

    def to_json(self) -> list[dict[str, Any]]:
        return [s.to_json() for s in self.steps]

    @classmethod
    def from_json(cls, obj: Any, *, split: str | None = None) -> PipelineSpec:
        if not isinstance(obj, list):
            where = (msg("pipeline.where.batch") if split == BATCH else msg(f"pipeline.split.{split}")
                     if split in SPLITS else split or msg("pipeline.where.pipeline"))
            raise PipelineError(msg("pipeline.not_a_list", where=where, got=type(obj).__name__), split=split)
        return cls(tuple(StepSpec.from_json(o, split=split, index=i) for i, o in enumerate(obj)))

    @classmethod
    def of(cls, *steps: tuple[str, dict[str, Any]] | StepSpec) -> PipelineSpec:
        """Short form for code and tests: ``PipelineSpec.of(("Resize", {"size": 224}), ("ToImage", {}))``."""
        out = []
        for s in steps:
            out.append(s if isinstance(s, StepSpec) else StepSpec(s[0], dict(s[1])))
        return cls(tuple(out))


@dataclass(frozen=True)
class PipelineDocument:
    """The train and val pipelines of one project, and its batch stage, saved as one JSON file."""

    train: PipelineSpec = PipelineSpec()
    val: PipelineSpec = PipelineSpec()
    schema_version: int = SCHEMA_VERSION
    batch: PipelineSpec = PipelineSpec()

    def get(self, split: str) -> PipelineSpec:
        """The steps of ``split``: "train", "val" or "batch" (the batch stage)."""
        if split not in STAGES:
            raise PipelineError(msg("pipeline.unknown_split", split=repr(split)))
        return getattr(self, split)

    def with_split(self, split: str, spec: PipelineSpec) -> PipelineDocument:
        self.get(split)
        return PipelineDocument(**{**{s: self.get(s) for s in STAGES}, split: spec})

    def written_version(self) -> int:
        """The schema version this document is saved with: 1 without batch steps (as before), else 2."""
        return BATCH_SCHEMA_VERSION if len(self.batch) else 1

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": self.written_version(), "train": self.train.to_json(),
                               "val": self.val.to_json()}
        if len(self.batch):
            out[BATCH] = self.batch.to_json()
        return out

    def dumps(self) -> str:
        """JSON text with one step per line, so the file stays easy to read, edit and diff by hand."""
        stages = STAGES if len(self.batch) else SPLITS
        lines = ["{", f'  "schema_version": {self.written_version()},']
        for k, split in enumerate(stages):
            end = "," if k < len(stages) - 1 else ""
            steps = [json.dumps(s, ensure_ascii=False) for s in self.get(split).to_json()]
            if not steps:
                lines.append(f'  "{split}": []{end}')
                continue
            lines.append(f'  "{split}": [')
            lines.extend(f"    {s}{',' if j < len(steps) - 1 else ''}" for j, s in enumerate(steps))
            lines.append(f"  ]{end}")
        lines.append("}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_json(cls, obj: Any) -> PipelineDocument:
        if not isinstance(obj, Mapping):
            raise PipelineError(msg("pipeline.not_a_document"))
        version = obj.get("schema_version", SCHEMA_VERSION)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise PipelineError(msg("pipeline.bad_schema_version", value=repr(version)))
        if version > SCHEMA_VERSION:
            raise PipelineError(msg("pipeline.newer_schema", version=version, supported=SCHEMA_VERSION))
        if BATCH in obj and version < BATCH_SCHEMA_VERSION:
            raise PipelineError(msg("pipeline.batch_needs_version", version=version, needed=BATCH_SCHEMA_VERSION),
                                split=BATCH)
        unknown = set(obj) - {"schema_version", *STAGES}
        if unknown:
            raise PipelineError(msg("pipeline.unknown_doc_keys", keys=str(sorted(unknown))))
        return cls(
            train=PipelineSpec.from_json(obj.get("train", []), split="train"),
            val=PipelineSpec.from_json(obj.get("val", []), split="val"),
            batch=PipelineSpec.from_json(obj.get(BATCH, []), split=BATCH),
        )

    @classmethod
    def loads(cls, text: str, source: str | Message | None = None) -> PipelineDocument:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise PipelineError(msg("pipeline.bad_json", source=source or msg("pipeline.document"), line=e.lineno,
                                    column=e.colno, reason=e.msg)) from e
        return cls.from_json(obj)

    @classmethod
    def load(cls, path: str | Path) -> PipelineDocument:
        """Read a pipeline file with the checked reader (a FIFO, a device or a huge file is refused unread)."""
        path = Path(path)
        try:
            os.stat(path)
            obj = read_json_document(path, msg("config.what_pipeline"), PipelineError)
        except OSError as e:
            raise PipelineError(msg("pipeline.unreadable", path=str(path), reason=e.strerror or str(e))) from e
        try:
            return cls.from_json(obj)
        except PipelineError as e:
            if str(path) in str(e):
                raise
            raise PipelineError(msg("pipeline.in_file", path=str(path), text=e.message), split=e.split,
                                step_index=e.step_index,
                                step_name=e.step_name, param=e.param) from e

    def save(self, path: str | Path) -> Path:
        return atomic_write_text(path, self.dumps())
