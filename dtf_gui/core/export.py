"""Export bundles: a trained model as files that load in plain PyTorch, plus a reader for them.

A bundle is a folder::

    bundle.json          arch, head recipe, class names (index order), input size, the val pipeline
                         document, metrics, versions, which files exist and how they were checked
    model.pth            a PLAIN torchvision state_dict (always written):
                             m = torchvision.models.<arch>(); <head recipe>
                             m.load_state_dict(torch.load("model.pth", weights_only=True))
    model.safetensors    the same tensors, no pickle at all            (format "safetensors")
    model.torchscript.pt traced TorchScript module                       (format "torchscript")
    model.onnx           ONNX graph, input "input" (N,3,H,W) -> "logits" (format "onnx")
    predict.py           standalone: torch, torchvision and Pillow only; ``python predict.py IMG...``

Why this shape: the person receiving the model should need nothing from dtf_gui, and nothing in the
bundle runs code when loaded (``weights_only=True`` / safetensors). The folder is built next to its
destination and renamed into place, so a crash never leaves half a bundle. An existing non-empty folder is
replaced only when it is an earlier bundle and only with ``force=True`` (built aside, then swapped); a run, a
dataset or anything else is never replaced, and no bundle is written inside a run (:func:`check_out_folder`).
Reading a bundle reads only files inside its folder (links resolved), with every field's type checked.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import pickle
import platform
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui import __version__
from dtf_gui.core.cancel import Progress
from dtf_gui.core.data.scan import MAX_PIXELS, scan
from dtf_gui.core.errors import DataError, DtfError, ExportError, PipelineError, WeightsError
from dtf_gui.core.fileio import (
    atomic_torch_save,
    atomic_write_bytes,
    atomic_write_json,
    atomic_write_text,
    display_name,
    file_kind,
    read_json_document,
)
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.pipeline.spec import PipelineDocument

BUNDLE_SCHEMA_VERSION = 1
BUNDLE_KIND = "dtf_gui.bundle"
FORMATS: tuple[str, ...] = ("pth", "safetensors", "torchscript", "onnx")
FILES: dict[str, str] = {"pth": "model.pth", "safetensors": "model.safetensors",
                         "torchscript": "model.torchscript.pt", "onnx": "model.onnx"}
#: Everything :func:`export_bundle` writes into a bundle. A folder holding anything else is never replaced.
BUNDLE_NAMES = frozenset({"bundle.json", "predict.py", *FILES.values()})
CHECK_ATOL = 1e-4  # exported graphs must reproduce the eager logits this closely (relative to their scale)
_PREFIXES = ("module.", "_orig_mod.")


# -- reading weights safely ------------------------------------------------------------------------


def read_state_dict(path: str | Path) -> dict[str, Any]:
    """Tensors from a ``.safetensors`` file or a ``.pth``/``.pt`` file loaded with ``weights_only=True``.

    A pickle that would build arbitrary Python objects (and so could run code) is refused with
    :class:`WeightsError`; nothing in it is executed.
    """
    import torch

    path = Path(path)
    kind = file_kind(path)
    if kind == "missing":
        raise WeightsError(f"Weights file {path} does not exist.")
    if kind is not None:
        raise WeightsError(msg("common.not_a_regular_file", path=display_name(path), kind=msg(f"common.kind_{kind}"),
                               what=msg("runs.what_weights")))
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        try:
            return dict(load_file(str(path), device="cpu"))
        except Exception as e:  # safetensors raises its own SafetensorError / OSError
            raise WeightsError(f"{path} is not a readable safetensors file ({e}). Export the model again.") from e
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:
        if isinstance(e, pickle.UnpicklingError) or "weights_only" in str(e):
            raise WeightsError(
                f"Refusing to load {path}: it is not a plain weights file but a pickle that asks to build "
                "Python objects, which could run code on this computer. Nothing from it was run. Use files "
                "written by `dtf export` or `torch.save(model.state_dict(), ...)`, or model.safetensors."
            ) from e
        raise WeightsError(f"Cannot read weights file {path}: {e}") from e
    return obj


def _plain_state_dict(obj: Any, source: str) -> dict[str, Any]:
    import torch

    if isinstance(obj, dict) and "model" in obj and isinstance(obj["model"], dict):
        obj = obj["model"]  # a training checkpoint
    if not isinstance(obj, dict) or not all(isinstance(v, torch.Tensor) for v in obj.values()):
        raise WeightsError(f"{source} does not hold a state_dict (a mapping of names to tensors).")
    out = {}
    for k, v in obj.items():
        for p in _PREFIXES:
            while k.startswith(p):
                k = k[len(p):]
        out[k] = v
    return out


# -- the model and its context, from a run directory or a bundle -----------------------------------


@dataclass
class _Source:
    """What export and evaluation need, wherever it came from."""

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


def _read_doc(path: Path, what: str) -> dict[str, Any]:
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
    return (p / "bundle.json").is_file() or (p.is_file() and p.name == "bundle.json")


def is_run_dir(path: str | Path) -> bool:
    """Whether ``path`` is a run folder (run.json or checkpoints/ inside): what export and eval accept."""
    p = Path(path)
    return p.is_dir() and ((p / "run.json").is_file() or (p / "checkpoints").is_dir())


def _read_run(run_dir: str | Path, which: str = "best", *, check_best: bool = False) -> _Source:
    """What a run directory's ``which`` checkpoint exports or evaluates as, every field type-checked.

    ``check_best`` (export): refuse a best.pt whose epoch is not run.json's best epoch -- a run stopped
    between writing run.json and replacing best.pt would otherwise ship older weights labelled "best".
    """
    import torch

    run_dir = Path(run_dir)
    if not is_run_dir(run_dir):
        raise ExportError(msg("runs.not_a_run", path=display_name(run_dir)))
    if which not in ("best", "last"):
        raise ExportError(f"Checkpoint must be 'best' or 'last', got {which!r}.")
    ckpt_path = run_dir / "checkpoints" / f"{which}.pt"
    if file_kind(ckpt_path) == "missing":
        other = "last" if which == "best" else "best"
        hint = (f" There is a '{other}' checkpoint: use --which {other}."
                if (run_dir / "checkpoints" / f"{other}.pt").is_file() else " Train at least one epoch first.")
        raise ExportError(f"{ckpt_path} does not exist.{hint}")
    ckpt = read_state_dict(ckpt_path)
    if not isinstance(ckpt, dict):
        raise ExportError(msg("runs.checkpoint_not_dict", path=display_name(ckpt_path)))
    run_path, config_path = run_dir / "run.json", run_dir / "config.json"
    run = _read_doc(run_path, "runs.what_run") if file_kind(run_path) != "missing" else {}
    config = _read_doc(config_path, "runs.what_run_config") if file_kind(config_path) != "missing" else {}
    fix_run, fix_ckpt = "runs.fix_run", "runs.fix_checkpoint"
    if not config:
        config = _field(ckpt, "config", "object", ckpt_path, fix_ckpt) or {}
        config_path = ckpt_path
    model_cfg = _field(config, "model", "object", config_path, fix_run) or {}
    data_cfg = _field(config, "data", "object", config_path, fix_run) or {}
    pipeline = _field(config, "pipeline", "object", config_path, fix_run)
    if pipeline is None:
        raise ExportError(f"{config_path} has no 'pipeline'; the val transform cannot be exported.")
    arch = (_field(run, "arch", "text", run_path, fix_run) or _field(ckpt, "arch", "text", ckpt_path, fix_ckpt)
            or _field(model_cfg, "arch", "text", config_path, fix_run, label="model.arch"))
    classes = (_field(run, "classes", "texts", run_path, fix_run)
               or _field(ckpt, "classes", "texts", ckpt_path, fix_ckpt))
    if not arch or not classes:
        raise ExportError(f"{run_dir}: run.json and the checkpoint name no architecture or no classes; "
                          "this folder was not written by `dtf train`.")
    best_epoch = _field(run, "best_epoch", "int", run_path, fix_run)
    input_size = _field(run, "input_size", "size", run_path, fix_run)
    head_recipe = _field(run, "head_recipe", "text", run_path, fix_run)
    dropout = _field(model_cfg, "dropout", "number", config_path, fix_run, label="model.dropout")
    if dropout is None:
        dropout = _field(run, "dropout", "number", run_path, fix_run)
    data: dict[str, Any] = {}
    for key, kind in (("root", "text"), ("val_root", "text"), ("val_fraction", "number"), ("seed", "int")):
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
    info = {
        "run": run, "config": config, "checkpoint": which, "epoch": epoch, "history": history, "data": data,
        "head_recipe": head_recipe, "input_size": input_size,
    }
    return _Source("run", run_dir, str(arch), list(classes), float(dropout or 0.0),
                   _pipeline(pipeline, config_path, fix_run), _plain_state_dict(ckpt, str(ckpt_path)), info)


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


def _read_bundle(path: str | Path, prefer: str = "auto") -> _Source:
    """A bundle's model and context; every file it names must lie inside its folder (links resolved)."""
    p = Path(path)
    folder = p.parent if p.is_file() else p
    root = folder.resolve()
    doc = folder / "bundle.json"
    if file_kind(doc) == "missing":
        raise ExportError(msg("runs.not_a_bundle", path=display_name(folder)))
    _bundle_member(root, "bundle.json", "bundle.json")
    info = _read_doc(doc, "runs.what_bundle")
    fix = "runs.fix_bundle"
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
    weights, weights_name = _bundle_weights_file(folder, {**info, "files": files}, prefer)
    sd = _plain_state_dict(read_state_dict(weights), str(weights))
    return _Source("bundle", folder, arch, list(classes), float(dropout or 0.0),
                   _pipeline(val_pipeline, doc, fix), sd, {**info, "weights_file": Path(weights_name).name})


def _read_any(path: str | Path, which: str = "best") -> _Source:
    if is_bundle(path):
        return _read_bundle(path)
    if is_run_dir(path):
        return _read_run(path, which)
    raise ExportError(f"{path} is neither a run directory (run.json, checkpoints/) nor an export bundle "
                      "(bundle.json).")


def _build(src: _Source) -> Any:
    """The plain torchvision module with ``src``'s weights, in eval mode."""
    from dtf_gui.core.models.build import build_model  # lazy: no torch in `dtf --help`

    model = build_model(src.arch, len(src.classes), weights="none", dropout=src.dropout)
    try:
        model.load_state_dict(src.state_dict, strict=True)
    except RuntimeError as e:
        first = str(e).splitlines()[0]
        raise ExportError(f"The weights in {src.path} do not fit {src.arch} with {len(src.classes)} classes "
                          f"({first}). Were they saved for another model?") from e
    return model.eval()


def _val_transform(doc: PipelineDocument) -> Any:
    from dtf_gui.core.pipeline.build import build_transform  # lazy: no torchvision in `dtf --help`

    return build_transform(doc.val, split="val")


def load_model_from(path: str | Path, *, which: str = "best") -> tuple[Any, list[str], PipelineDocument,
                                                                         dict[str, Any]]:
    """(model in eval mode, class names, pipeline document, info) from a run directory or a bundle.

    ``info`` carries ``kind`` ("run"/"bundle"), ``arch``, ``dropout``, ``data`` (the split settings the
    model was trained with, so evaluation can rebuild the same validation split) and the raw metadata.
    """
    src = _read_any(path, which)
    model = _build(src)
    info = {**src.info, "kind": src.kind, "path": str(src.path), "arch": src.arch, "dropout": src.dropout}
    info.setdefault("data", {})
    return model, src.classes, src.pipeline, info


#: What ``dtf eval --split`` and the Evaluate view accept: a split of the data root, or all of its images.
EVAL_SPLITS = ("val", "train", "all")


def _same_folder(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except OSError:
        return False


def eval_dataset(model_path: str | Path, data_root: str | Path, split: str = "val", which: str = "best"
                 ) -> tuple[Any, list[str], PipelineDocument, dict[str, Any], Any]:
    """(model, classes, pipeline document, info, dataset) for evaluating a run or bundle on a dataset.

    The one recipe behind ``dtf eval`` and the app's Evaluate view, so both give the same numbers. The split
    is rebuilt with the val fraction and seed the model was trained with, so a single-folder dataset is
    evaluated on the same held-out images training validated on, and the model's own data root finds the val
    folder it was trained with (``data.val_root``). ``split="all"`` takes every usable image of
    ``data_root`` with no split at all: a separate test folder. Class indices follow the model's classes.
    """
    from dtf_gui.core.data.datasets import ImageFolderDataset  # lazy: no torch in `dtf --help`

    if split not in EVAL_SPLITS:
        raise DataError(f"Unknown split {split!r}; use one of {', '.join(EVAL_SPLITS)}.")
    model, classes, doc, info = load_model_from(model_path, which=which)
    data = info.get("data") or {}
    if split == "all":
        report = scan(data_root)
        records = report.usable("train") + report.usable("val")
    else:
        same_root = bool(data.get("root")) and _same_folder(data["root"], data_root)
        val_root = data.get("val_root") or None if same_root else None
        if val_root is not None and not Path(val_root).is_dir():
            val_root = None  # moved since training: the data root's own split, as for any other folder
        report = scan(data_root, val_root=val_root, val_fraction=data.get("val_fraction"),
                      seed=int(data.get("seed", 0) or 0))
        records = report.usable(split)
    if not records:
        raise DataError(f"{data_root} has no usable images in its '{split}' split. Scan it (`dtf scan`, or the "
                        "Data tab) to see why" + ("" if split == "all" else
                                                  ", or evaluate a folder of class folders with split 'all'")
                        + ".", path=data_root)
    index = {c: i for i, c in enumerate(classes)}
    unknown = sorted({r.label for r in records} - set(index))
    if unknown:
        raise DataError(f"{data_root} has class folder(s) {unknown} that the model does not know; it was "
                        f"trained on {classes}. Evaluate on data with the same class folders.", path=data_root)
    dataset = ImageFolderDataset([(r.path, index[r.label]) for r in records], list(classes),
                                 _val_transform(doc))
    return model, list(classes), doc, info, dataset


def eval_report_extra(info: dict[str, Any], which: str, data_root: str | Path, split: str) -> dict[str, Any]:
    """What an evaluation report records about its model and data (metrics.json "extra" keys)."""
    return {"model": str(Path(info["path"]).absolute()), "model_kind": info["kind"], "arch": info["arch"],
            "checkpoint": which if info["kind"] == "run" else info.get("weights_file"),
            "data_root": str(Path(data_root).absolute()), "split": split}


@dataclass
class Bundle:
    """A loaded bundle: the model (eval mode), its classes, the val pipeline and its transform."""

    model: Any
    arch: str
    classes: list[str]
    val_pipeline: PipelineDocument
    transform: Any
    info: dict[str, Any]
    path: Path | None = None


def load_predictor(path: str | Path, *, which: str = "best") -> Bundle:
    """A :class:`Bundle` from an export bundle or straight from a run directory (its ``which`` checkpoint)."""
    if is_bundle(path):
        return load_bundle(path)
    src = _read_run(path, which)
    info = {**src.info, "kind": "run", "arch": src.arch, "dropout": src.dropout}
    return Bundle(_build(src), src.arch, src.classes, PipelineDocument(val=src.pipeline.val),
                  _val_transform(src.pipeline), info, src.path)


def load_bundle(path: str | Path, *, prefer: str = "auto") -> Bundle:
    """Read a bundle folder written by :func:`export_bundle`.

    Weights come from model.safetensors when present (no pickle involved), else from model.pth loaded with
    ``weights_only=True``; ``prefer="pth"`` or ``"safetensors"`` picks one. A model.pth that is a
    code-running pickle raises :class:`WeightsError` before anything in it runs.
    """
    if prefer not in ("auto", "pth", "safetensors"):
        raise ExportError(f"prefer must be 'auto', 'pth' or 'safetensors', got {prefer!r}.")
    src = _read_bundle(path, prefer)
    return Bundle(_build(src), src.arch, src.classes, src.pipeline, _val_transform(src.pipeline), src.info,
                  src.path)


# -- prediction ------------------------------------------------------------------------------------


def check_image_file(path: str | Path) -> None:
    """Refuse (DataError) a missing image, or a FIFO, device, socket or folder given as one, saying which.

    Checked with ``stat`` only, so a FIFO is named, never opened (opening it would wait for a writer).
    """
    kind = file_kind(path)
    if kind == "missing":
        raise DataError(msg("runs.image_missing", path=display_name(path)), path)
    if kind is not None:
        raise DataError(msg("runs.image_not_file", path=display_name(path), kind=msg(f"common.kind_{kind}")), path)


def predict_images(model_or_bundle: Any, paths: Iterable[str | Path], top_k: int = 5, *,
                   transform: Any = None, classes: Sequence[str] | None = None, device: str = "cpu",
                   batch_size: int = 32) -> list[list[tuple[str, float]]]:
    """Top-k (class, probability) per image, most likely first.

    Pass a :class:`Bundle`, or a model together with ``transform`` (the val transform) and ``classes``.
    Images are read like the training data (:func:`dtf_gui.core.data.datasets.load_rgb`).
    """
    import torch

    from dtf_gui.core.data.datasets import load_rgb  # lazy: no torch in `dtf --help`

    if isinstance(model_or_bundle, Bundle):
        model = model_or_bundle.model
        transform = transform or model_or_bundle.transform
        classes = classes or model_or_bundle.classes
    else:
        model = model_or_bundle
    if transform is None or not classes:
        raise ExportError("predict_images needs a Bundle, or a model with transform= and classes=.")
    paths = [Path(p) for p in paths]
    k = max(1, min(int(top_k), len(classes)))
    model.eval().to(device)
    out: list[list[tuple[str, float]]] = []
    with torch.inference_mode():
        for start in range(0, len(paths), batch_size):
            chunk = paths[start:start + batch_size]
            xs = []
            for p in chunk:
                check_image_file(p)
                xs.append(transform(load_rgb(p)))
            probs = torch.softmax(model(torch.stack(xs).to(device)).double(), dim=1).cpu()
            values, idx = probs.topk(k, dim=1)
            for v_row, i_row in zip(values.tolist(), idx.tolist(), strict=True):
                out.append([(classes[i], float(v)) for v, i in zip(v_row, i_row, strict=True)])
    return out


# -- export ----------------------------------------------------------------------------------------


def parse_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """``"pth,onnx"`` or ``["pth", "onnx"]`` -> ordered tuple; ``pth`` is always included (predict.py uses it)."""
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    wanted = {str(f).strip().lower() for f in items if str(f).strip()}
    unknown = wanted - set(FORMATS)
    if unknown:
        raise ExportError(f"Unknown export format(s) {sorted(unknown)}; choose from {', '.join(FORMATS)}.")
    wanted.add("pth")
    return tuple(f for f in FORMATS if f in wanted)


def _example_input(transform: Any, input_size: Any) -> Any:
    """A real val-transformed image (batch of 2) to trace and check exports with; also gives the input shape."""
    import numpy as np
    import torch
    from PIL import Image

    if isinstance(input_size, (list, tuple)) and len(input_size) >= 2:
        h, w = int(input_size[-2]), int(input_size[-1])
    elif isinstance(input_size, (int, float)) and input_size > 0:
        h = w = int(input_size)
    else:
        h = w = 224
    rng = np.random.default_rng(0)
    imgs = [Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), "RGB") for _ in range(2)]
    xs = [transform(im) for im in imgs]
    if not all(isinstance(x, torch.Tensor) and x.is_floating_point() and x.ndim == 3 for x in xs):
        raise ExportError("The val pipeline must turn an image into a float tensor (C, H, W): end it with "
                          "ToImage, ToDtype(float32, scale=True) and Normalize.")
    return torch.stack([x.as_subclass(torch.Tensor) for x in xs]).contiguous()


def _max_rel_diff(a: Any, b: Any) -> float:
    import torch

    a = torch.as_tensor(a).double()
    b = torch.as_tensor(b).double()
    return float((a - b).abs().max() / max(1.0, float(b.abs().max())))


def _export_torchscript(model: Any, example: Any, ref: Any, path: Path) -> dict[str, Any]:
    import io

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.jit is deprecated upstream but still the portable C++ format
        ts = torch.jit.trace(model, example, check_trace=False)
        buf = io.BytesIO()
        torch.jit.save(ts, buf)
        loaded = torch.jit.load(io.BytesIO(buf.getvalue()), map_location="cpu")
        with torch.inference_mode():
            diff = _max_rel_diff(loaded(example), ref)
    if not diff <= CHECK_ATOL:
        raise ExportError(f"The TorchScript export differs from the model (max difference {diff:.2e}); "
                          "export without 'torchscript'.")
    atomic_write_bytes(path, buf.getvalue())
    return {"max_rel_diff": diff}


def _export_onnx(model: Any, example: Any, ref: Any, path: Path) -> dict[str, Any]:
    import importlib.util

    import torch

    if importlib.util.find_spec("onnx") is None:
        raise ExportError("Exporting ONNX needs the 'onnx' package: pip install 'dtf_gui[onnx]', "
                          "or leave 'onnx' out of the formats.")
    dynamo = importlib.util.find_spec("onnxscript") is not None
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the TorchScript-based exporter warns it is legacy
            kw: dict[str, Any] = {"dynamo": dynamo, "input_names": ["input"], "output_names": ["logits"],
                                  "dynamic_axes": {"input": {0: "batch"}, "logits": {0: "batch"}}}
            if dynamo:
                kw["external_data"] = False
            else:
                kw["opset_version"] = 17
            torch.onnx.export(model, (example,), str(tmp), **kw)
        os.replace(tmp, path)
    except ExportError:
        raise
    except Exception as e:
        raise ExportError(f"ONNX export of this model failed ({type(e).__name__}: {e}); "
                          "leave 'onnx' out of the formats.") from e
    finally:
        if tmp.exists():
            tmp.unlink()
    check: dict[str, Any] = {"checked_with": None, "not_checked": "onnxruntime_missing"}  # dtf export, the tab say so
    if importlib.util.find_spec("onnxruntime") is not None:
        import onnxruntime as ort

        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        got = session.run(["logits"], {"input": example.numpy()})[0]
        diff = _max_rel_diff(got, ref)
        if not diff <= CHECK_ATOL:
            raise ExportError(f"The ONNX export gives different logits in onnxruntime (max difference "
                              f"{diff:.2e}); leave 'onnx' out of the formats.")
        check = {"checked_with": f"onnxruntime {ort.__version__}", "max_rel_diff": diff}
    return check


def _versions() -> dict[str, str]:
    import torch
    import torchvision

    return {"torch": torch.__version__, "torchvision": torchvision.__version__, "dtf_gui": __version__,
            "python": platform.python_version()}


def _json_safe(obj: Any) -> Any:
    """Numbers and strings only (checkpoint histories may hold tensors or numpy scalars)."""
    if isinstance(obj, dict):
        return {str(k): _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_safe(v) for v in obj]
    if isinstance(obj, bool) or obj is None or isinstance(obj, (str, int)):
        return obj
    try:
        f = float(obj)
    except (TypeError, ValueError):
        return str(obj)
    return f if math.isfinite(f) else None


def _bundle_metrics(src: _Source) -> dict[str, Any]:
    run = src.info.get("run", {})
    out: dict[str, Any] = {k: run[k] for k in ("best_epoch", "best_val_acc", "status") if k in run}
    epoch = src.info.get("epoch")
    if epoch is not None:
        out["epoch"] = epoch
        for row in src.info.get("history", []):
            if isinstance(row, dict) and row.get("epoch") == epoch:
                out["at_epoch"] = row
    ev = src.path / "eval-val" / "metrics.json"
    if ev.is_file():
        from dtf_gui.core.metrics import summary  # lazy: `dtf --help` skips metrics (~20 ms)

        try:
            out["eval"] = summary(read_json_document(ev, msg("runs.what_eval"), ExportError))
        except (DtfError, KeyError, ValueError, TypeError, AttributeError):
            pass  # an unreadable evaluation only leaves the model card without it
    return _json_safe(out)


# -- where a bundle may be written ---------------------------------------------------------------------

#: How deep :func:`check_out_folder` looks into a refused folder to say why (a run, images); the refusal
#: itself does not depend on it: anything but an earlier bundle's own files is refused at any depth.
_LOOK_DEPTH = 6
_LOOK_ENTRIES = 20_000


def _is_run_folder(p: Path) -> bool:
    """A folder a training run wrote (run.json plus config.json or checkpoints/): nothing is exported into it.

    Stricter than :func:`is_run_dir` so that a home or project folder with its own ``checkpoints/`` is not
    taken for a run.
    """
    return (p / "run.json").is_file() and ((p / "config.json").is_file() or (p / "checkpoints").is_dir())


def _earlier_bundle(out: Path, names: list[str]) -> bool:
    """Whether ``out`` holds exactly an earlier bundle: dtf_gui's bundle.json and only files export writes."""
    if "bundle.json" not in names or not set(names) <= BUNDLE_NAMES:
        return False
    if not all((out / n).is_file() and not (out / n).is_symlink() for n in names):
        return False
    try:
        info = read_json_document(out / "bundle.json", msg("runs.what_bundle"), ExportError)
    except DtfError:
        return False
    return isinstance(info, dict) and info.get("kind") == BUNDLE_KIND


def _what_is_inside(out: Path) -> tuple[str, Path] | None:
    """("run", folder) or ("images", file): the first run or image found within a few levels of ``out``.

    Only for the message of a refusal; links are not followed and the walk is bounded.
    """
    from dtf_gui.core.data.scan import IMAGE_EXTENSIONS

    first_image: Path | None = None
    level, seen = [out], 0
    for _depth in range(_LOOK_DEPTH):
        below: list[Path] = []
        for folder in level:
            if folder != out and is_run_dir(folder):
                return "run", folder
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                seen += 1
                if seen > _LOOK_ENTRIES:
                    return ("images", first_image) if first_image else None
                if entry.is_dir(follow_symlinks=False):
                    below.append(Path(entry.path))
                elif (first_image is None and entry.is_file(follow_symlinks=False)
                      and os.path.splitext(entry.name)[1].lower() in IMAGE_EXTENSIONS):
                    first_image = Path(entry.path)
        level = below
    return ("images", first_image) if first_image else None


def check_out_folder(out_dir: str | Path, run_dir: str | Path | None = None) -> str:
    """Whether a bundle may be written to ``out_dir``: "new", "empty", or "bundle" (an earlier bundle, which
    is replaced only when the user agrees: ``--force`` / the Export tab's question).

    Anything else raises :class:`ExportError` saying what to do: a link or a file; a folder inside a run
    (``run_dir`` or any folder a training run wrote); and a non-empty folder that is not exactly an earlier
    bundle -- a run, a dataset, a folder holding either, or anything else. The one rule behind
    ``dtf export`` and the Export tab, checked again just before the swap.
    """
    out = Path(out_dir).expanduser().absolute()
    if out.is_symlink():
        raise ExportError(msg("runs.out_is_link", path=display_name(out)))
    real = out.resolve()
    runs: list[Path] = []
    if run_dir is not None and is_run_dir(run_dir):
        runs.append(Path(run_dir).expanduser().resolve())
    runs += [p for p in (real, *real.parents) if p.is_dir() and _is_run_folder(p)]
    for run in runs:
        if real == run:
            raise ExportError(msg("runs.out_is_run", path=display_name(out)))
        if real.is_relative_to(run):
            raise ExportError(msg("runs.out_inside_run", path=display_name(out), run=display_name(run),
                                  suggestion=display_name(run.parent / f"{run.name}-bundle")))
    existing = next(p for p in (out, *out.parents) if file_kind(p) != "missing" or p == p.parent)
    kind = file_kind(existing)
    if kind != "folder":
        words = msg("runs.kind_file") if kind is None else msg(f"common.kind_{kind}")
        raise ExportError(msg("runs.out_is_file", path=display_name(existing), kind=words))
    if existing != out:
        return "new"
    try:
        names = sorted(os.listdir(out))
    except OSError as e:
        raise ExportError(f"Cannot list {display_name(out)}: {e.strerror or e}.") from e
    if not names:
        return "empty"
    if _earlier_bundle(out, names):
        return "bundle"
    if is_run_dir(out):
        raise ExportError(msg("runs.out_is_run", path=display_name(out)))
    found = _what_is_inside(out)
    if found and found[0] == "run":
        raise ExportError(msg("runs.out_holds_run", path=display_name(out), run=display_name(found[1])))
    if found:
        raise ExportError(msg("runs.out_holds_images", path=display_name(out), file=display_name(found[1])))
    extra = [n for n in names if n not in BUNDLE_NAMES or not (out / n).is_file() or (out / n).is_symlink()]
    if "bundle.json" in names and extra and _earlier_bundle(out, [n for n in names if n not in extra]):
        raise ExportError(msg("runs.out_bundle_extra", path=display_name(out), name=display_name(extra[0])))
    raise ExportError(msg("runs.out_not_bundle", path=display_name(out)))


def export_bundle(run_dir: str | Path, out_dir: str | Path, formats: str | Iterable[str] = ("pth", "safetensors"),
                  *, which: str = "best", force: bool = False,
                  progress: Progress | None = None) -> Path:
    """Write the bundle for ``run_dir``'s ``which`` checkpoint into ``out_dir`` and return that folder.

    Every format is checked before the bundle appears: TorchScript and ONNX (in onnxruntime, when
    installed) must reproduce the eager model's logits on a val-transformed example. ``out_dir`` may
    be missing or empty; an earlier bundle there is replaced only with ``force=True``, by building the new
    bundle beside it and swapping the folders. Anything else is refused (:func:`check_out_folder`), and so is
    a best.pt that is not the epoch run.json names as best.
    """
    import torch

    from dtf_gui.core.models.zoo import head_recipe  # lazy: no torch in `dtf --help`

    fmts = parse_formats(formats)
    out = Path(out_dir).expanduser().absolute()
    if check_out_folder(out, run_dir) == "bundle" and not force:
        raise ExportError(msg("runs.out_needs_force", path=display_name(out)))
    steps = 3 + len(fmts)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps)

    src = _read_run(run_dir, which, check_best=True)
    model = _build(src)
    transform = _val_transform(src.pipeline)
    example = _example_input(transform, src.info.get("input_size"))
    with torch.inference_mode():
        ref = model(example)
    recipe = head_recipe(src.arch, len(src.classes), src.dropout)
    tick()

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        checks: dict[str, Any] = {}
        state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
        for fmt in fmts:
            target = tmp / FILES[fmt]
            if fmt == "pth":
                atomic_torch_save(target, state)
            elif fmt == "safetensors":
                from safetensors.torch import save as st_save

                atomic_write_bytes(target, st_save(state, metadata={"arch": src.arch,
                                                                    "classes": json.dumps(src.classes)}))
            elif fmt == "torchscript":
                checks["torchscript"] = _export_torchscript(model, example, ref, target)
            elif fmt == "onnx":
                checks["onnx"] = _export_onnx(model, example, ref, target)
            tick()
        val_doc = PipelineDocument(val=src.pipeline.val)
        info = {
            "schema_version": BUNDLE_SCHEMA_VERSION,
            "kind": BUNDLE_KIND,
            "arch": src.arch,
            "num_classes": len(src.classes),
            "classes": src.classes,
            "head_recipe": recipe,
            "dropout": src.dropout,
            "input_size": list(example.shape[1:]),
            "val_pipeline": val_doc.to_json(),
            "files": {f: FILES[f] for f in fmts},
            "checks": checks,
            "metrics": _bundle_metrics(src),
            "data": _json_safe({k: v for k, v in src.info.get("data", {}).items()
                                if k in ("val_fraction", "seed")}),  # the split recipe, not local paths
            "source": {"run_dir": str(Path(run_dir).absolute()), "checkpoint": which,
                       "epoch": src.info.get("epoch")},
            "versions": _versions(),
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        }
        atomic_write_text(tmp / "predict.py", predict_script(src.arch, src.classes, recipe, src.pipeline))
        tick()
        atomic_write_json(tmp / "bundle.json", info)
        tick()
        _swap_into_place(tmp, out, run_dir=run_dir, force=force)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _swap_into_place(tmp: Path, out: Path, *, run_dir: str | Path | None = None, force: bool = False) -> None:
    """Rename the finished ``tmp`` folder to ``out``; an earlier bundle there is moved aside first, then removed.

    ``out`` is checked again (:func:`check_out_folder`): it may have changed while the bundle was built. If
    the final rename fails the earlier bundle is put back.
    """
    state = check_out_folder(out, run_dir)
    if state == "bundle" and not force:
        raise ExportError(msg("runs.out_needs_force", path=display_name(out)))
    old = None
    if state == "bundle":
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.replace(out, old)
    elif state == "empty":
        os.rmdir(out)
    try:
        os.replace(tmp, out)
    except BaseException:
        if old is not None:
            os.replace(old, out)  # put the previous bundle back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# -- predict.py ------------------------------------------------------------------------------------

#: The standalone script's text, with ``{{NAME}}`` placeholders: resources/templates/predict.py.tmpl.
PREDICT_TEMPLATE = "predict.py.tmpl"
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def render_template(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``{{NAME}}`` replaced by ``values[NAME]`` in one pass (a value is never scanned
    again, so text inside it cannot act as a placeholder); every placeholder must be given, and used."""
    found = set(_PLACEHOLDER.findall(template))
    if found != set(values):
        raise ExportError(f"The predict.py template and its values disagree (missing {sorted(found - set(values))}, "
                          f"unused {sorted(set(values) - found)}); reinstall dtf_gui.")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def predict_script(arch: str, classes: Sequence[str], recipe: str, doc: PipelineDocument) -> str:
    """The standalone predict.py text: the template with class names, head recipe and val transform filled in.

    Class names go in as a Python literal (``repr`` of a list of str: quotes, backslashes, newlines and
    undecodable bytes are escaped), the architecture only when it is a plain name, so nothing from a run's
    files becomes code.
    """
    from importlib.resources import files

    from dtf_gui.core.data.datasets import BACKGROUND  # lazy: no torch in `dtf --help`
    from dtf_gui.core.pipeline.codegen import to_python  # lazy: no torchvision in `dtf --help`

    if not _IDENTIFIER.fullmatch(arch):
        raise ExportError(f"{display_name(arch)!r} is not a torchvision architecture name; predict.py cannot be "
                          "written for it. Export a run trained by dtf_gui.")
    # codegen writes both splits; an empty train split would become an invalid v2.Compose([]), and
    # predict.py only uses val_transform, so borrow val's steps for train then.
    train = doc.train if doc.train.enabled_steps() else doc.val
    transforms = to_python(PipelineDocument(train=train, val=doc.val)).rstrip()
    if "import dtf_gui" in transforms or "from dtf_gui" in transforms:
        raise ExportError("The val pipeline uses a step that cannot be written as plain torchvision code, so "
                          "predict.py would not be standalone. Remove that step from the val pipeline.")
    recipe_lines = "\n".join("    " + ln for ln in recipe.strip().splitlines() if ln.strip())
    template = files("dtf_gui.resources.templates").joinpath(PREDICT_TEMPLATE).read_text(encoding="utf-8")
    return render_template(template, {
        "ARCH": arch, "NUM_CLASSES": str(len(classes)), "VERSION": __version__,
        "CLASSES": repr([str(c) for c in classes]),
        "BACKGROUND": repr(tuple(int(v) for v in BACKGROUND)),
        "MAX_PIXELS": f"{int(MAX_PIXELS):_}",
        "TRANSFORMS": transforms, "RECIPE": recipe_lines, "RECIPE_DOC": recipe_lines,
    })
