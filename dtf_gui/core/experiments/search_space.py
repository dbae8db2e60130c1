"""The search space of a hyper-parameter search: a plain, versioned JSON document, checked before any trial.

::

    {"schema_version": 1,
     "params": {"train.lr": {"type": "float", "low": 1e-4, "high": 1e-1, "log": true},
                "train.batch_size": {"type": "categorical", "choices": [16, 32]},
                "model.arch": {"type": "categorical", "choices": ["resnet18", "mobilenet_v3_small"]},
                "pipeline.train.RandomHorizontalFlip.p": {"type": "float", "low": 0.0, "high": 0.5, "step": 0.1}}}

A key is a run setting (a dotted key of :data:`~dtf_gui.core.config.FIELDS`) or a pipeline step's parameter
``pipeline.<train|val>.<step index or name>.<param>``. Every value the space can produce (both ends of a
range, every choice) is checked up front by the same rules a run uses -- :meth:`RunConfig.with_overrides`
for settings, the registry's :class:`ParamSpec` for step parameters -- so a bad space fails before a trial
runs, with a message naming the key. Types: ``float`` and ``int`` (``low``, ``high``, optional ``log`` or
``step``) and ``categorical`` (``choices``: numbers, strings, booleans). The grid sampler needs every
parameter categorical or with a ``step`` (an int range's step is 1 by default).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtf_gui.core.config import FIELDS, RunConfig
from dtf_gui.core.errors import ConfigError, DtfError, PipelineError
from dtf_gui.core.fileio import read_json_document
from dtf_gui.core.messages import msg
from dtf_gui.core.pipeline.registry import ParamValueError, get_entry
from dtf_gui.core.pipeline.spec import SPLITS, PipelineDocument

SPACE_SCHEMA_VERSION = 1
TYPES = ("float", "int", "categorical")
MAX_GRID = 100_000


@dataclass(frozen=True)
class ParamRange:
    """One searched parameter: a numeric range (float/int) or a list of choices."""

    key: str
    type: str
    low: float | None = None
    high: float | None = None
    log: bool = False
    step: float | None = None
    choices: tuple[Any, ...] = ()

    def to_json(self) -> dict[str, Any]:
        if self.type == "categorical":
            return {"type": "categorical", "choices": list(self.choices)}
        out: dict[str, Any] = {"type": self.type, "low": self.low, "high": self.high}
        if self.log:
            out["log"] = True
        if self.step is not None:
            out["step"] = self.step
        return out

    def grid_values(self) -> list[Any]:
        """Every value the grid sampler visits; ConfigError when the range is continuous."""
        if self.type == "categorical":
            return list(self.choices)
        step = self.step if self.step is not None else (1 if self.type == "int" else None)
        if step is None or self.log:
            raise ConfigError(msg("search.grid_needs_step", key=self.key), field=self.key)
        assert self.low is not None and self.high is not None
        n = int(math.floor((self.high - self.low) / step + 1e-9)) + 1
        if n > MAX_GRID:
            raise ConfigError(msg("search.grid_too_big", key=self.key, n=n, max=MAX_GRID), field=self.key)
        if self.type == "int":
            return [int(self.low + i * step) for i in range(n)]
        return [round(self.low + i * step, 12) for i in range(n)]

    def edge_values(self) -> list[Any]:
        """The values that bound what the range can produce (checked up front)."""
        if self.type == "categorical":
            return list(self.choices)
        return [int(v) if self.type == "int" else float(v) for v in (self.low, self.high)]

    def suggest(self, trial: Any) -> Any:
        """Ask an Optuna trial for a value of this parameter."""
        if self.type == "categorical":
            return trial.suggest_categorical(self.key, list(self.choices))
        if self.type == "int":
            return trial.suggest_int(self.key, int(self.low or 0), int(self.high or 0),
                                     step=int(self.step or 1), log=self.log)
        return trial.suggest_float(self.key, float(self.low or 0.0), float(self.high or 0.0), step=self.step,
                                   log=self.log)


@dataclass(frozen=True)
class SearchSpace:
    params: tuple[ParamRange, ...]

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": SPACE_SCHEMA_VERSION, "params": {p.key: p.to_json() for p in self.params}}

    def keys(self) -> list[str]:
        return [p.key for p in self.params]

    def grid(self) -> dict[str, list[Any]]:
        """The grid sampler's search space; refused (naming the key) unless every parameter is discrete."""
        grid = {p.key: p.grid_values() for p in self.params}
        if math.prod(len(v) for v in grid.values()) > MAX_GRID:
            raise ConfigError(msg("search.grid_too_big", key=", ".join(grid), n=math.prod(len(v) for v in grid.values()),
                                  max=MAX_GRID))
        return grid

    def grid_size(self) -> int:
        return math.prod(len(v) for v in self.grid().values())


# -- reading ---------------------------------------------------------------------------------------
def load_space(path: str | Path, base: RunConfig) -> SearchSpace:
    """Read and check a space file (the checked JSON reader; every error names the file and the key)."""
    obj = read_json_document(path, msg("search.what_space"), ConfigError)
    try:
        return parse_space(obj, base)
    except ConfigError as e:
        raise ConfigError(msg("search.in_file", path=str(path), text=e.message), field=e.field) from e


def parse_space(obj: Any, base: RunConfig) -> SearchSpace:
    """Check a space document against the base run configuration it will be applied to."""
    if not isinstance(obj, Mapping):
        raise ConfigError(msg("search.space_not_object"))
    version = obj.get("schema_version", SPACE_SCHEMA_VERSION)
    if version != SPACE_SCHEMA_VERSION:
        raise ConfigError(msg("search.space_version", got=version, want=SPACE_SCHEMA_VERSION), field="schema_version")
    unknown = sorted(set(obj) - {"schema_version", "params"})
    if unknown:
        raise ConfigError(msg("search.space_unknown_key", key=unknown[0]), field=unknown[0])
    params = obj.get("params")
    if not isinstance(params, Mapping) or not params:
        raise ConfigError(msg("search.space_no_params"), field="params")
    out = tuple(_parse_param(str(k), v) for k, v in params.items())
    space = SearchSpace(out)
    for p in out:
        for value in p.edge_values():
            apply_params(base, {p.key: value})  # every choice and both ends pass the run's own checks
    return space


def _parse_param(key: str, raw: Any) -> ParamRange:
    if not isinstance(raw, Mapping):
        raise ConfigError(msg("search.param_not_object", key=key), field=key)
    kind = raw.get("type")
    if kind not in TYPES:
        raise ConfigError(msg("search.bad_type", key=key, got=repr(kind), types=", ".join(TYPES)), field=key)
    allowed = {"type", "choices"} if kind == "categorical" else {"type", "low", "high", "log", "step"}
    extra = sorted(set(raw) - allowed)
    if extra:
        raise ConfigError(msg("search.param_unknown_field", key=key, field=extra[0], allowed=", ".join(sorted(allowed))),
                          field=key)
    if kind == "categorical":
        choices = raw.get("choices")
        if not isinstance(choices, list) or not choices:
            raise ConfigError(msg("search.no_choices", key=key), field=key)
        for c in choices:
            if not (c is None or isinstance(c, (bool, int, float, str))):
                raise ConfigError(msg("search.bad_choice", key=key, got=repr(c)), field=key)
        if len({repr(c) for c in choices}) != len(choices):
            raise ConfigError(msg("search.duplicate_choice", key=key), field=key)
        return ParamRange(key, "categorical", choices=tuple(choices))
    low, high, log, step = raw.get("low"), raw.get("high"), raw.get("log", False), raw.get("step")
    integer = kind == "int"

    def number(v: Any) -> bool:
        ok = isinstance(v, int) if integer else isinstance(v, (int, float))
        return ok and not isinstance(v, bool) and math.isfinite(v)

    if not (number(low) and number(high)) or low > high:
        raise ConfigError(msg("search.bad_range", key=key, kind=kind, low=repr(low), high=repr(high)), field=key)
    if not isinstance(log, bool):
        raise ConfigError(msg("search.bad_log", key=key), field=key)
    if log and low <= 0:
        raise ConfigError(msg("search.log_needs_positive", key=key), field=key)
    if step is not None and (not number(step) or step <= 0):
        raise ConfigError(msg("search.bad_step", key=key, got=repr(step)), field=key)
    if step is not None and log:
        raise ConfigError(msg("search.log_and_step", key=key), field=key)
    return ParamRange(key, kind, low=low, high=high, log=log, step=step)


# -- applying ----------------------------------------------------------------------------------------
def apply_params(base: RunConfig, params: Mapping[str, Any]) -> RunConfig:
    """The base configuration with a trial's values set (settings via ``with_overrides``, step params via the
    registry); ConfigError naming the key when a value or key is refused."""
    settings: dict[str, Any] = {}
    doc = base.pipeline
    for key, value in params.items():
        if key.startswith("pipeline."):
            doc = _set_step_param(doc, key, value)
            continue
        if key not in FIELDS:
            raise ConfigError(msg("search.unknown_key", key=key), field=key)
        settings[key] = value
    try:
        config = base.with_overrides(settings)
    except ConfigError as e:
        key = e.field or ", ".join(settings)
        raise ConfigError(msg("search.bad_value", key=key, text=e.message), field=key) from e
    if doc is not base.pipeline:
        config = config.with_overrides({"pipeline": doc.to_json()})
    return config


def _set_step_param(doc: PipelineDocument, key: str, value: Any) -> PipelineDocument:
    parts = key.split(".")
    if len(parts) != 4 or parts[1] not in SPLITS:
        raise ConfigError(msg("search.bad_pipeline_key", key=key), field=key)
    _, split, which, param = parts
    spec = doc.get(split)
    if which.isdigit():
        index = int(which)
        if index >= len(spec):
            raise ConfigError(msg("search.no_such_step", key=key, step=which, split=split), field=key)
    else:
        found = [i for i, s in enumerate(spec) if s.name == which]
        if not found:
            raise ConfigError(msg("search.no_such_step", key=key, step=which, split=split), field=key)
        index = found[0]
    step = spec[index]
    try:
        get_entry(step.name).param(param).convert(value)
    except (ParamValueError, PipelineError, DtfError) as e:
        text = e.message if isinstance(e, DtfError) else (e.args[0] if e.args else str(e))
        raise ConfigError(msg("search.bad_value", key=key, text=text), field=key) from e
    return doc.with_split(split, spec.replace(index, step.with_params(**{param: value})))
