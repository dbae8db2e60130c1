"""Reading a run directory or an export bundle into a model: the one loader path, over models.state_dict.

A bundle is a folder::

    bundle.json          arch, head recipe, class names (index order), input size, the val pipeline
                         document, metrics, versions, which files exist and how they were checked
    model.pth            a PLAIN torchvision state_dict (always written)
    model.safetensors    the same tensors, no pickle at all            (format "safetensors")
    model.torchscript.pt traced TorchScript module                       (format "torchscript")
    model.onnx           ONNX graph, input "input" (N,3,H,W) -> "logits" (format "onnx")
    predict.py           standalone: torch, torchvision and Pillow only; ``python predict.py IMG...``

Export (:mod:`.bundle`), evaluation (:mod:`.evaluate`) and prediction (:mod:`.predict`) all read models here,
so a run or a bundle means the same model everywhere. Every field of run.json, config.json, a checkpoint and
bundle.json is type-checked; a bundle reads only files inside its folder (links resolved); weights are read
with ``weights_only=True`` or from safetensors (:mod:`dtf_gui.core.models.state_dict`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui.core.errors import ExportError, PipelineError
from dtf_gui.core.fileio import display_name, file_kind, read_json_document
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.models.state_dict import read_weights_file, strip_prefixes
from dtf_gui.core.pipeline.spec import PipelineDocument
from dtf_gui.core.runs.rundir import (
    CHECKPOINT_FILES,
    CONFIG_JSON,
    RUN_JSON,
    calibration_path,
    checkpoint_path,
    is_run_dir,
    read_calibration_doc,
)

BUNDLE_SCHEMA_VERSION = 1
BUNDLE_KIND = "dtf_gui.bundle"
#: bundle.json "kind" of an ensemble bundle: members/<i>/ are single bundles, their probabilities averaged.
ENSEMBLE_KIND = "dtf_gui.ensemble"
MEMBERS_DIR = "members"
BUNDLE_JSON = "bundle.json"
PREDICT_PY = "predict.py"
FORMATS: tuple[str, ...] = ("pth", "safetensors", "torchscript", "onnx")
FILES: dict[str, str] = {"pth": "model.pth", "safetensors": "model.safetensors",
                         "torchscript": "model.torchscript.pt", "onnx": "model.onnx"}
#: The run as plain PyTorch (:mod:`.script`): written on its own or into a bundle's folder.
TRAIN_PY = "train.py"
SPLIT_CSV = "split.csv"
#: Everything an export writes into a bundle. A folder holding anything else is never replaced.
BUNDLE_NAMES = frozenset({BUNDLE_JSON, PREDICT_PY, *FILES.values(), TRAIN_PY, SPLIT_CSV})


# -- reading weights safely ------------------------------------------------------------------------


def read_state_dict(path: str | Path) -> Any:
    """Tensors from a ``.safetensors`` file or a ``.pth``/``.pt`` file loaded with ``weights_only=True``.

    A pickle that would build arbitrary Python objects (and so could run code) is refused with
    :class:`~dtf_gui.core.errors.WeightsError`; nothing in it is executed.
    """
    return read_weights_file(path)


def plain_state_dict(obj: Any, source: str | Path) -> dict[str, Any]:
    """The torchvision state_dict in a weights file's object (a training checkpoint's "model"), unprefixed."""
    import torch

    if isinstance(obj, dict) and "model" in obj and isinstance(obj["model"], dict):
        obj = obj["model"]  # a training checkpoint
    if not isinstance(obj, dict) or not all(isinstance(v, torch.Tensor) for v in obj.values()):
        raise ExportError(msg("runs.not_a_state_dict", path=display_name(source)))
    return strip_prefixes(obj)


def checkpoint_weights(ckpt: dict[str, Any]) -> tuple[Any, str]:
    """(the weights a training checkpoint is used with, "ema" or "raw").

    A run with ``train.ema`` keeps the average beside the raw weights and records which of the two the
    checkpoint's epoch counts with (``"weights"``, per ``train.ema_export``): export, evaluation and prediction
    use those, so the bundle holds exactly the weights that earned best.pt its place.
    """
    ema = ckpt.get("ema")
    if ckpt.get("weights") == "ema" and isinstance(ema, dict) and isinstance(ema.get("model"), dict):
        return ema["model"], "ema"
    return ckpt, "raw"


# -- the model and its context, from a run directory or a bundle -----------------------------------


@dataclass
class Source:
    """What export, evaluation and prediction need, wherever it came from."""

    kind: str  # "run" | "bundle"
    path: Path
    arch: str
    classes: list[str]
    dropout: float
    pipeline: PipelineDocument
    state_dict: dict[str, Any]
    info: dict[str, Any] = field(default_factory=dict)


# -- documents with checked field types ------------------------------------------------------------


def _json_type(value: Any) -> Message:
    """What a JSON value is, in words (for "must be a list of texts, not a text")."""
    if value is None:
        return msg("runs.json_null")
    if isinstance(value, bool):
        return msg("runs.json_bool")
    if isinstance(value, (int, float)):
        return msg("runs.json_number")
    if isinstance(value, str):
        return msg("runs.json_text")
    if isinstance(value, list):
        return msg("runs.json_list")
    if isinstance(value, dict):
        return msg("runs.json_object")
    return msg("runs.json_other", name=type(value).__name__)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


#: kind -> (check, expected-words code). The kinds the fields of run.json, config.json, checkpoints and
#: bundle.json are read as.
_KINDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "text": (lambda v: isinstance(v, str), "runs.expect_text"),
    "int": (_is_int, "runs.expect_int"),
    "number": (_is_number, "runs.expect_number"),
    "object": (lambda v: isinstance(v, dict), "runs.expect_object"),
    "list": (lambda v: isinstance(v, list), "runs.expect_list"),
    "texts": (lambda v: isinstance(v, list) and bool(v) and all(isinstance(c, str) for c in v),
              "runs.expect_texts"),
    "names": (lambda v: isinstance(v, list) and all(isinstance(c, str) for c in v), "runs.expect_texts"),
    "text_map": (lambda v: isinstance(v, dict) and all(isinstance(k, str) and isinstance(n, str) and n
                                                         for k, n in v.items()), "runs.expect_text_map"),
    "size": (lambda v: (_is_int(v) and v > 0) or (isinstance(v, list) and bool(v)
                                                  and all(_is_int(x) and x > 0 for x in v)), "runs.expect_size"),
}


def _field(doc: dict[str, Any], key: str, kind: str, path: Path, fix: str, *, required: bool = False,
           label: str | None = None) -> Any:
    """``doc[key]`` if it is of ``kind``; None when absent (or null) and not ``required``; else ExportError.

    ``fix`` is the code of the sentence that says what to do; ``label`` names the field in the message
    ("data.seed") when it is not ``key`` itself.
    """
    value = doc.get(key)
    name = label or key
    if value is None:
        if required:
            raise ExportError(msg("runs.missing_field", path=display_name(path), field=name, fix=msg(fix)))
        return None
    check, expected = _KINDS[kind]
    if not check(value):
        raise ExportError(msg("runs.bad_field", path=display_name(path), field=name, expected=msg(expected),
                              got=_json_type(value), fix=msg(fix)))
    return value


def read_doc(path: Path, what: str) -> dict[str, Any]:
    """A JSON object from a run or bundle document, through the one checked reader (no FIFO, size limit)."""
    obj = read_json_document(path, msg(what), ExportError)
    if not isinstance(obj, dict):
        raise ExportError(msg("runs.not_an_object", path=display_name(path), what=msg(what)))
    return obj


def _pipeline(obj: dict[str, Any], path: Path, fix: str) -> PipelineDocument:
    try:
        return PipelineDocument.from_json(obj)
    except PipelineError as e:
        raise ExportError(msg("runs.bad_pipeline", path=display_name(path), reason=e.render(), fix=msg(fix))) from e


def is_bundle(path: str | Path) -> bool:
    """Whether ``path`` is a bundle folder (or its bundle.json): a cheap test, the reader checks the rest."""
    p = Path(path)
    return (p / BUNDLE_JSON).is_file() or (p.is_file() and p.name == BUNDLE_JSON)


def _stopped_in_epoch(last: Path) -> int:
    """The epoch a run without best.pt was stopped in (1 when last.pt cannot say)."""
    from dtf_gui.core.runs.rundir import checkpoint_epoch

    done = checkpoint_epoch(last)
    return (done or 0) + 1


def read_run(run_dir: str | Path, which: str = "best", *, check_best: bool = False,
             fall_back: bool = False) -> Source:
    """What a run directory's ``which`` checkpoint exports or evaluates as, every field type-checked.

    ``check_best`` (export): refuse a best.pt whose epoch is not run.json's best epoch -- a run stopped
    between writing run.json and replacing best.pt would otherwise ship older weights labelled "best".
    ``fall_back`` (evaluation, prediction): a run stopped before its first epoch ended has no best.pt yet;
    read last.pt instead and record that in ``info["no_best"]`` (the epoch it was stopped in), so the use
    case can say so. ``info["checkpoint"]`` is the checkpoint actually read.
    """
    import torch

    run_dir = Path(run_dir)
    if not is_run_dir(run_dir):
        raise ExportError(msg("runs.not_a_run", path=display_name(run_dir)))
    if which not in CHECKPOINT_FILES:
        raise ExportError(msg("runs.bad_which", which=repr(which)))
    ckpt_path = checkpoint_path(run_dir, which)
    no_best = None
    if file_kind(ckpt_path) == "missing":
        last = checkpoint_path(run_dir, "last")
        if which == "best" and last.is_file():
            if not fall_back:
                raise ExportError(msg("runs.no_best_yet_export", run=display_name(run_dir),
                                      epoch=_stopped_in_epoch(last), fix=msg("runs.fix_no_best")))
            no_best = _stopped_in_epoch(last)
            which, ckpt_path = "last", last
        elif which == "last" and checkpoint_path(run_dir, "best").is_file():
            raise ExportError(msg("runs.no_last", path=display_name(ckpt_path)))
        else:
            raise ExportError(msg("runs.no_checkpoint_yet", path=display_name(run_dir)))
    ckpt = read_state_dict(ckpt_path)
    if not isinstance(ckpt, dict):
        raise ExportError(msg("runs.checkpoint_not_dict", path=display_name(ckpt_path)))
    run_path, config_path = run_dir / RUN_JSON, run_dir / CONFIG_JSON
    run = read_doc(run_path, "runs.what_run") if file_kind(run_path) != "missing" else {}
    config = read_doc(config_path, "runs.what_run_config") if file_kind(config_path) != "missing" else {}
    fix_run, fix_ckpt = "runs.fix_run", "runs.fix_checkpoint"
    if not config:
        config = _field(ckpt, "config", "object", ckpt_path, fix_ckpt) or {}
        config_path = ckpt_path
    model_cfg = _field(config, "model", "object", config_path, fix_run) or {}
    data_cfg = _field(config, "data", "object", config_path, fix_run) or {}
    pipeline = _field(config, "pipeline", "object", config_path, fix_run)
    if pipeline is None:
        raise ExportError(msg("runs.no_pipeline", path=display_name(config_path)))
    arch = (_field(run, "arch", "text", run_path, fix_run) or _field(ckpt, "arch", "text", ckpt_path, fix_ckpt)
            or _field(model_cfg, "arch", "text", config_path, fix_run, label="model.arch"))
    classes = (_field(run, "classes", "texts", run_path, fix_run)
               or _field(ckpt, "classes", "texts", ckpt_path, fix_ckpt))
    if not arch or not classes:
        raise ExportError(msg("runs.not_from_train", path=display_name(run_dir)))
    best_epoch = _field(run, "best_epoch", "int", run_path, fix_run)
    input_size = _field(run, "input_size", "size", run_path, fix_run)
    head_recipe = _field(run, "head_recipe", "text", run_path, fix_run)
    dropout = _field(model_cfg, "dropout", "number", config_path, fix_run, label="model.dropout")
    if dropout is None:
        dropout = _field(run, "dropout", "number", run_path, fix_run)
    data: dict[str, Any] = {}
    for key, kind in (("root", "text"), ("val_root", "text"), ("val_fraction", "number"), ("seed", "int"),
                      ("exclude_classes", "names"), ("targets", "text")):
        value = _field(data_cfg, key, kind, config_path, fix_run, label=f"data.{key}")
        if key in data_cfg:
            data[key] = value
    epoch = ckpt.get("epoch")
    if torch.is_tensor(epoch) and epoch.numel() == 1:
        epoch = int(epoch)
    epoch = _field({"epoch": epoch}, "epoch", "int", ckpt_path, fix_ckpt)
    history = ckpt.get("history") if isinstance(ckpt.get("history"), list) else []
    if check_best and which == "best" and best_epoch and epoch is not None and epoch != best_epoch:
        raise ExportError(msg("runs.best_lags", checkpoint=display_name(ckpt_path), epoch=epoch,
                              run_json=display_name(run_path), best_epoch=best_epoch,
                              fix=msg("runs.fix_best_lags")))
    weights, weights_kind = checkpoint_weights(ckpt)
    info = {
        "run": run, "config": config, "checkpoint": which, "epoch": epoch, "history": history, "data": data,
        "head_recipe": head_recipe, "input_size": input_size, "no_best": no_best, "weights": weights_kind,
    }
    info.update(_run_calibration(run_dir, epoch))
    return Source("run", run_dir, str(arch), list(classes), float(dropout or 0.0),
                  _pipeline(pipeline, config_path, fix_run), plain_state_dict(weights, ckpt_path), info)


# -- calibration: temperature and "unknown" threshold (core.trust.calibration fits and saves them) ---------------


def _run_calibration(run_dir: Path, epoch: int | None) -> dict[str, Any]:
    """``{"calibration": doc}`` when the run's calibration.json was fitted on the checkpoint epoch being read;
    ``{"calibration_stale": {...}}`` when it was fitted on another epoch (training went on since: prediction
    must not apply a temperature fitted on other weights); ``{}`` without one. Its fields are checked here."""
    path = calibration_path(run_dir)
    doc = read_calibration_doc(run_dir, ExportError)
    if doc is None:
        return {}
    check_calibration(doc, path)
    fitted = doc.get("fitted_on") if isinstance(doc.get("fitted_on"), dict) else {}
    fitted_epoch = fitted.get("epoch")
    if fitted_epoch != epoch:
        return {"calibration_stale": {"fitted_epoch": fitted_epoch, "epoch": epoch}}
    return {"calibration": doc}


def check_calibration(doc: Any, path: Path, fix: str = "calibration.fix_file") -> tuple[float, float | None]:
    """(temperature, threshold or None) of a calibration document (calibration.json, bundle.json
    "calibration"): a temperature above 0, a threshold between 0 and 1 or null; ExportError naming the field."""
    if not isinstance(doc, dict):
        raise ExportError(msg("runs.bad_field", path=display_name(path), field="calibration",
                              expected=msg("runs.expect_object"), got=_json_type(doc), fix=msg(fix)))
    t = _field(doc, "temperature", "number", path, fix, required=True, label="calibration.temperature")
    thr = _field(doc, "threshold", "number", path, fix, label="calibration.threshold")
    if not t > 0:
        raise ExportError(msg("calibration.bad_temperature", path=display_name(path), value=t, fix=msg(fix)))
    if thr is not None and not 0 <= thr <= 1:
        raise ExportError(msg("calibration.bad_threshold", path=display_name(path), value=thr, fix=msg(fix)))
    return float(t), None if thr is None else float(thr)


def calibration_of(src: Source) -> tuple[float, float | None]:
    """(temperature, threshold) a loaded model predicts with: its run's current calibration or its bundle's
    "calibration"; (1.0, None) -- the plain softmax, never "unknown" -- without one."""
    doc = src.info.get("calibration")
    if doc is None:
        return 1.0, None
    where = src.path / (BUNDLE_JSON if src.kind == "bundle" else calibration_path(src.path).name)
    return check_calibration(doc, where, "calibration.fix_bundle" if src.kind == "bundle" else "calibration.fix_file")


def _bundle_member(root: Path, name: str, field: str) -> Path:
    """``root / name`` with links resolved, refused unless it stays inside the (resolved) bundle folder."""
    target = (root / name).resolve()
    if target == root or not target.is_relative_to(root):
        raise ExportError(msg("runs.bundle_file_outside", bundle=display_name(root), field=field,
                              name=display_name(name)))
    return target


def _bundle_weights_file(folder: Path, info: dict[str, Any], prefer: str) -> tuple[Path, str]:
    """(the weights file to read, resolved inside ``folder``; its name in the bundle): safetensors first."""
    root = folder.resolve()
    files = info.get("files") or {}
    order = ["safetensors", "pth"] if prefer == "auto" else [prefer]
    for fmt in order:
        name = files.get(fmt, FILES.get(fmt))
        if name:
            target = _bundle_member(root, name, f"files.{fmt}")
            if target.is_file():
                return target, name
    raise ExportError(msg("runs.bundle_no_weights", path=display_name(folder),
                          names=" / ".join(FILES[f] for f in order)))


def read_bundle(path: str | Path, prefer: str = "auto") -> Source:
    """A bundle's model and context; every file it names must lie inside its folder (links resolved)."""
    if prefer not in ("auto", "pth", "safetensors"):
        raise ExportError(msg("runs.bad_prefer", prefer=repr(prefer)))
    p = Path(path)
    folder = p.parent if p.is_file() else p
    root = folder.resolve()
    doc = folder / BUNDLE_JSON
    if file_kind(doc) == "missing":
        raise ExportError(msg("runs.not_a_bundle", path=display_name(folder)))
    _bundle_member(root, BUNDLE_JSON, BUNDLE_JSON)
    info = read_doc(doc, "runs.what_bundle")
    fix = "runs.fix_bundle"
    if info.get("kind") == ENSEMBLE_KIND:
        raise ExportError(msg("ensemble.is_ensemble", path=display_name(folder)))
    if info.get("kind") != BUNDLE_KIND:
        raise ExportError(msg("runs.bundle_not_ours", path=display_name(doc), kind=repr(info.get("kind"))))
    version = info.get("schema_version")
    if not _is_int(version) or version < 1:
        raise ExportError(msg("runs.bad_field", path=display_name(doc), field="schema_version",
                              expected=msg("runs.expect_version"), got=_json_type(version), fix=msg(fix)))
    if version > BUNDLE_SCHEMA_VERSION:
        raise ExportError(msg("runs.bundle_too_new", path=display_name(doc), version=version,
                              supported=BUNDLE_SCHEMA_VERSION))
    arch = _field(info, "arch", "text", doc, fix, required=True)
    classes = _field(info, "classes", "texts", doc, fix, required=True)
    val_pipeline = _field(info, "val_pipeline", "object", doc, fix, required=True)
    dropout = _field(info, "dropout", "number", doc, fix)
    files = _field(info, "files", "text_map", doc, fix) or {}
    data = _field(info, "data", "object", doc, fix) or {}
    _field(data, "val_fraction", "number", doc, fix, label="data.val_fraction")
    _field(data, "seed", "int", doc, fix, label="data.seed")
    for fmt, name in files.items():  # every file it names, not only the one read now
        _bundle_member(root, name, f"files.{fmt}")
    if info.get("calibration") is not None:
        check_calibration(info["calibration"], doc, "calibration.fix_bundle")
    weights, weights_name = _bundle_weights_file(folder, {**info, "files": files}, prefer)
    sd = plain_state_dict(read_state_dict(weights), weights)
    return Source("bundle", folder, arch, list(classes), float(dropout or 0.0),
                  _pipeline(val_pipeline, doc, fix), sd, {**info, "weights_file": Path(weights_name).name})


def read_any(path: str | Path, which: str = "best", *, fall_back: bool = False) -> Source:
    """A bundle or a run directory, whichever ``path`` is."""
    if is_bundle(path):
        return read_bundle(path)
    if is_run_dir(path):
        return read_run(path, which, fall_back=fall_back)
    raise ExportError(msg("runs.neither_run_nor_bundle", path=display_name(path)))


def build(src: Source) -> Any:
    """The plain torchvision module with ``src``'s weights, in eval mode."""
    from dtf_gui.core.models.build import build_model  # lazy: no torch in `dtf --help`

    model = build_model(src.arch, len(src.classes), weights="none", dropout=src.dropout)
    try:
        model.load_state_dict(src.state_dict, strict=True)
    except RuntimeError as e:
        raise ExportError(msg("runs.weights_do_not_fit", path=display_name(src.path), arch=src.arch,
                              n=len(src.classes), reason=str(e).splitlines()[0])) from e
    return model.eval()


def val_transform(doc: PipelineDocument) -> Any:
    from dtf_gui.core.pipeline.build import build_transform  # lazy: no torchvision in `dtf --help`

    return build_transform(doc.val, split="val")


def load_model_from(path: str | Path, *, which: str = "best", fall_back: bool = False
                    ) -> tuple[Any, list[str], PipelineDocument, dict[str, Any]]:
    """(model in eval mode, class names, pipeline document, info) from a run directory or a bundle.

    ``info`` carries ``kind`` ("run"/"bundle"), ``arch``, ``dropout``, ``data`` (the split settings the
    model was trained with, so evaluation can rebuild the same validation split) and the raw metadata.
    """
    src = read_any(path, which, fall_back=fall_back)
    return build(src), src.classes, src.pipeline, _model_info(src)


def _model_info(src: Source) -> dict[str, Any]:
    """The info evaluation and prediction read about a model: kind, path, arch, dropout, data and the metadata."""
    info = {**src.info, "kind": src.kind, "path": str(src.path), "arch": src.arch, "dropout": src.dropout}
    info.setdefault("data", {})
    return info


@dataclass
class Bundle:
    """A loaded model ready to predict: the model (eval mode), its classes, the val pipeline and transform."""

    model: Any
    arch: str
    classes: list[str]
    val_pipeline: PipelineDocument
    transform: Any
    info: dict[str, Any]
    path: Path | None = None
    #: softmax(logits / temperature) are the probabilities; 1.0 without a calibration
    temperature: float = 1.0
    #: below this top probability the answer is "unknown"; None: always answer the top class
    threshold: float | None = None


def load_predictor(path: str | Path, *, which: str = "best", fall_back: bool = True) -> Bundle:
    """A :class:`Bundle` from an export bundle or straight from a run directory (its ``which`` checkpoint).

    A run stopped in its first epoch has no best.pt: its last.pt is used (``info["no_best"]`` says so).
    An ensemble bundle gives an ensemble (:func:`load_ensemble`): to evaluation and prediction a single model
    and an ensemble are the same ``Bundle`` -- a transform (image -> model input) and a model whose softmax is
    the class probabilities. ``info`` always has kind ("run", "bundle" or "ensemble"), path, arch and data.
    """
    if is_ensemble(path):
        return load_ensemble(path)
    src = read_any(path, which, fall_back=fall_back)
    return Bundle(build(src), src.arch, src.classes, PipelineDocument(val=src.pipeline.val),
                  val_transform(src.pipeline), _model_info(src), src.path, *calibration_of(src))


def load_bundle(path: str | Path, *, prefer: str = "auto") -> Bundle:
    """Read a bundle folder written by :func:`dtf_gui.core.runs.bundle.export_bundle`.

    Weights come from model.safetensors when present (no pickle involved), else from model.pth loaded with
    ``weights_only=True``; ``prefer="pth"`` or ``"safetensors"`` picks one. A model.pth that is a
    code-running pickle raises :class:`~dtf_gui.core.errors.WeightsError` before anything in it runs.
    """
    src = read_bundle(path, prefer)
    return Bundle(build(src), src.arch, src.classes, src.pipeline, val_transform(src.pipeline), src.info,
                  src.path, *calibration_of(src))


# -- ensembles: members/<i>/ are single bundles; the model averages their probabilities -------------------


def is_ensemble(path: str | Path) -> bool:
    """Whether ``path`` is an ensemble bundle folder (its bundle.json says kind dtf_gui.ensemble)."""
    if not is_bundle(path):
        return False
    p = Path(path)
    folder = p.parent if p.is_file() else p
    try:
        info = read_json_document(folder / BUNDLE_JSON, msg("runs.what_bundle"), ExportError)
    except Exception:
        return False  # the reader that follows says what is wrong with it
    return isinstance(info, dict) and info.get("kind") == ENSEMBLE_KIND


class EnsembleTransform:
    """Image -> one val-transformed tensor per distinct member pipeline (a tuple; picklable for workers)."""

    def __init__(self, transforms: list[Any]) -> None:
        self.transforms = list(transforms)

    def __call__(self, img: Any) -> tuple[Any, ...]:
        return tuple(t(img) for t in self.transforms)


@dataclass
class EnsembleSource:
    """An ensemble bundle read and checked: its members (single-bundle Sources), normalised weights, groups."""

    path: Path
    classes: list[str]
    members: list[Source]
    weights: list[float]
    groups: list[int]  # member i reads input groups[i]: members with the same val pipeline share an input
    info: dict[str, Any]

    @property
    def arch(self) -> str:
        return f"ensemble({', '.join(m.arch for m in self.members)})"


def check_weights(weights: list[Any] | None, n: int) -> list[float]:
    """``weights`` normalised to sum to one (None: equal); wrong count, negative, non-number or all zero refused."""
    if weights is None:
        return [1.0 / n] * n
    if len(weights) != n:
        raise ExportError(msg("ensemble.weights_count", got=len(weights), n=n))
    for i, w in enumerate(weights, 1):
        if not _is_number(w) or w < 0:
            raise ExportError(msg("ensemble.weight_negative", index=i, value=repr(w)))
    total = float(sum(weights))
    if not total > 0:
        raise ExportError(msg("ensemble.weights_zero"))
    return [float(w) / total for w in weights]


def pipeline_groups(docs: list[PipelineDocument]) -> list[int]:
    """Input index per member: members whose val pipelines are equal share one input (first seen first)."""
    seen: list[str] = []
    groups = []
    for d in docs:
        key = json.dumps(d.val.to_json(), sort_keys=True)
        if key not in seen:
            seen.append(key)
        groups.append(seen.index(key))
    return groups


def read_ensemble(path: str | Path) -> EnsembleSource:
    """An ensemble bundle's members and weights; every member folder must lie inside it and be a bundle whose
    classes are the ensemble's (same names, same order)."""
    p = Path(path)
    folder = p.parent if p.is_file() else p
    root = folder.resolve()
    doc = folder / BUNDLE_JSON
    info = read_doc(doc, "runs.what_bundle")
    fix = "runs.fix_bundle"
    if info.get("kind") != ENSEMBLE_KIND:
        raise ExportError(msg("runs.bundle_not_ours", path=display_name(doc), kind=repr(info.get("kind"))))
    version = info.get("schema_version")
    if not _is_int(version) or version > BUNDLE_SCHEMA_VERSION or version < 1:
        raise ExportError(msg("runs.bundle_too_new", path=display_name(doc), version=version,
                              supported=BUNDLE_SCHEMA_VERSION))
    classes = _field(info, "classes", "texts", doc, fix, required=True)
    entries = _field(info, "members", "list", doc, fix, required=True)
    if len(entries) < 1 or not all(isinstance(e, dict) for e in entries):
        raise ExportError(msg("runs.bad_field", path=display_name(doc), field="members",
                              expected=msg("runs.expect_list"), got=_json_type(entries), fix=msg(fix)))
    members: list[Source] = []
    raw_weights = []
    for i, entry in enumerate(entries):
        name = _field(entry, "folder", "text", doc, fix, required=True, label=f"members[{i}].folder")
        raw_weights.append(_field(entry, "weight", "number", doc, fix, required=True, label=f"members[{i}].weight"))
        src = read_bundle(_bundle_member(root, name, f"members[{i}].folder"))
        if src.classes != list(classes):
            raise ExportError(msg("ensemble.member_classes", path=display_name(doc), member=name,
                                  classes=str(src.classes), expected=str(list(classes))))
        members.append(src)
    weights = check_weights(raw_weights, len(members))
    return EnsembleSource(folder, list(classes), members, weights, pipeline_groups([m.pipeline for m in members]),
                          info)


def load_ensemble(path: str | Path) -> Bundle:
    """An ensemble bundle as a :class:`Bundle`: model = members averaged (log-probabilities out, see
    :mod:`.ensemble_model`), transform = each distinct member pipeline applied to the image."""
    from dtf_gui.core.runs.ensemble_model import EnsembleModel  # lazy: needs torch

    ens = read_ensemble(path)
    model = EnsembleModel([build(m) for m in ens.members], ens.weights, ens.groups).eval()
    firsts = [ens.groups.index(g) for g in range(max(ens.groups) + 1)]
    transform = EnsembleTransform([val_transform(ens.members[i].pipeline) for i in firsts])
    info = {**ens.info, "kind": "ensemble", "path": str(ens.path), "arch": ens.arch, "dropout": 0.0,
            "weights": ens.weights, "groups": ens.groups,
            "member_archs": [m.arch for m in ens.members]}
    info["data"] = info.get("data") if isinstance(info.get("data"), dict) else {}
    first = ens.members[0].pipeline
    return Bundle(model, ens.arch, ens.classes, PipelineDocument(val=first.val), transform, info, ens.path)
