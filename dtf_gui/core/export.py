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
destination and renamed into place, so a crash never leaves half a bundle, and an existing non-empty
folder is only replaced with ``force=True`` (built aside, then swapped).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import pickle
import platform
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui import __version__
from dtf_gui.core.cancel import Progress
from dtf_gui.core.data.scan import scan
from dtf_gui.core.errors import DataError, ExportError, WeightsError
from dtf_gui.core.fileio import atomic_torch_save, atomic_write_bytes, atomic_write_json, atomic_write_text
from dtf_gui.core.pipeline.spec import PipelineDocument

BUNDLE_SCHEMA_VERSION = 1
BUNDLE_KIND = "dtf_gui.bundle"
FORMATS: tuple[str, ...] = ("pth", "safetensors", "torchscript", "onnx")
FILES: dict[str, str] = {"pth": "model.pth", "safetensors": "model.safetensors",
                         "torchscript": "model.torchscript.pt", "onnx": "model.onnx"}
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
    if not path.is_file():
        raise WeightsError(f"Weights file {path} does not exist.")
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


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ExportError(f"Cannot read {what} {path}: {e.strerror or e}.") from e
    except json.JSONDecodeError as e:
        raise ExportError(f"{path} is not valid JSON (line {e.lineno}: {e.msg}).") from e
    if not isinstance(obj, dict):
        raise ExportError(f"{path} must hold a JSON object.")
    return obj


def is_bundle(path: str | Path) -> bool:
    p = Path(path)
    return (p / "bundle.json").is_file() or (p.is_file() and p.name == "bundle.json")


def is_run_dir(path: str | Path) -> bool:
    p = Path(path)
    return p.is_dir() and ((p / "run.json").is_file() or (p / "checkpoints").is_dir())


def _read_run(run_dir: str | Path, which: str = "best") -> _Source:
    import torch

    run_dir = Path(run_dir)
    if not is_run_dir(run_dir):
        raise ExportError(f"{run_dir} is not a run directory (no run.json or checkpoints/ inside). "
                          "Pick the folder `dtf train` printed at its end.")
    if which not in ("best", "last"):
        raise ExportError(f"Checkpoint must be 'best' or 'last', got {which!r}.")
    ckpt_path = run_dir / "checkpoints" / f"{which}.pt"
    if not ckpt_path.is_file():
        other = "last" if which == "best" else "best"
        hint = (f" There is a '{other}' checkpoint: use --which {other}."
                if (run_dir / "checkpoints" / f"{other}.pt").is_file() else " Train at least one epoch first.")
        raise ExportError(f"{ckpt_path} does not exist.{hint}")
    ckpt = read_state_dict(ckpt_path)
    run = _read_json(run_dir / "run.json", "run file") if (run_dir / "run.json").is_file() else {}
    config = _read_json(run_dir / "config.json", "run config") if (run_dir / "config.json").is_file() else {}
    if not config and isinstance(ckpt.get("config"), dict):
        config = ckpt["config"]
    model_cfg = config.get("model", {}) if isinstance(config.get("model"), dict) else {}
    arch = run.get("arch") or ckpt.get("arch") or model_cfg.get("arch")
    classes = run.get("classes") or ckpt.get("classes")
    if not arch or not classes:
        raise ExportError(f"{run_dir}: run.json and the checkpoint name no architecture or no classes; "
                          "this folder was not written by `dtf train`.")
    if "pipeline" not in config:
        raise ExportError(f"{run_dir / 'config.json'} has no 'pipeline'; the val transform cannot be exported.")
    data_cfg = config.get("data", {}) if isinstance(config.get("data"), dict) else {}
    epoch = ckpt.get("epoch")
    history = ckpt.get("history") if isinstance(ckpt.get("history"), list) else []
    info = {
        "run": run, "config": config, "checkpoint": which,
        "epoch": int(epoch) if isinstance(epoch, (int, float)) or torch.is_tensor(epoch) else None,
        "history": history,
        "data": {k: data_cfg[k] for k in ("root", "val_root", "val_fraction", "seed") if k in data_cfg},
        "head_recipe": run.get("head_recipe"), "input_size": run.get("input_size"),
    }
    return _Source("run", run_dir, str(arch), [str(c) for c in classes],
                   float(model_cfg.get("dropout", run.get("dropout", 0.0)) or 0.0),
                   PipelineDocument.from_json(config["pipeline"]),
                   _plain_state_dict(ckpt, str(ckpt_path)), info)


def _bundle_weights_file(folder: Path, info: dict[str, Any], prefer: str) -> Path:
    files = info.get("files", {})
    order = ["safetensors", "pth"] if prefer == "auto" else [prefer]
    for fmt in order:
        name = files.get(fmt, FILES.get(fmt))
        if name and (folder / name).is_file():
            return folder / name
    raise ExportError(f"Bundle {folder} has no {' or '.join(FILES[f] for f in order)}. Export it again.")


def _read_bundle(path: str | Path, prefer: str = "auto") -> _Source:
    p = Path(path)
    folder = p.parent if p.is_file() else p
    if not (folder / "bundle.json").is_file():
        raise ExportError(f"{folder} is not an export bundle (no bundle.json). Create one with `dtf export`.")
    info = _read_json(folder / "bundle.json", "bundle file")
    if info.get("kind") != BUNDLE_KIND:
        raise ExportError(f"{folder / 'bundle.json'} was not written by dtf_gui (kind {info.get('kind')!r}).")
    version = info.get("schema_version")
    if not isinstance(version, int) or version > BUNDLE_SCHEMA_VERSION:
        raise ExportError(f"{folder / 'bundle.json'} has schema_version {version!r}; this dtf_gui reads up to "
                          f"{BUNDLE_SCHEMA_VERSION}. Update dtf_gui to open it.")
    for key in ("arch", "classes", "val_pipeline"):
        if key not in info:
            raise ExportError(f"{folder / 'bundle.json'} lacks '{key}'. Export the bundle again.")
    weights = _bundle_weights_file(folder, info, prefer)
    sd = _plain_state_dict(read_state_dict(weights), str(weights))
    return _Source("bundle", folder, str(info["arch"]), [str(c) for c in info["classes"]],
                   float(info.get("dropout", 0.0) or 0.0), PipelineDocument.from_json(info["val_pipeline"]),
                   sd, {**info, "weights_file": weights.name})


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
                if not p.is_file():
                    raise DataError(f"Image {p} does not exist.", path=p)
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
    check: dict[str, Any] = {"checked_with": None}
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
            out["eval"] = summary(json.loads(ev.read_text(encoding="utf-8")))
        except (KeyError, ValueError):
            pass
    return _json_safe(out)


def export_bundle(run_dir: str | Path, out_dir: str | Path, formats: str | Iterable[str] = ("pth", "safetensors"),
                  *, which: str = "best", force: bool = False,
                  progress: Progress | None = None) -> Path:
    """Write the bundle for ``run_dir``'s ``which`` checkpoint into ``out_dir`` and return that folder.

    Every format is checked before the bundle appears: TorchScript and ONNX (in onnxruntime, when
    installed) must reproduce the eager model's logits on a val-transformed example. ``out_dir`` may
    be missing or empty; a non-empty one is replaced only with ``force=True``, by building the new
    bundle beside it and swapping the folders.
    """
    import torch

    from dtf_gui.core.models.zoo import head_recipe  # lazy: no torch in `dtf --help`

    fmts = parse_formats(formats)
    out = Path(out_dir).expanduser().absolute()
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; choose a folder for the bundle.")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ExportError(f"{out} already exists and is not empty. Choose another folder, or use --force to "
                          "replace it.")
    steps = 3 + len(fmts)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps)

    src = _read_run(run_dir, which)
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
        _swap_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _swap_into_place(tmp: Path, out: Path) -> None:
    """Rename the finished ``tmp`` folder to ``out``; an existing ``out`` is moved aside first, then removed."""
    old = None
    if out.exists():
        if any(out.iterdir()):
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rmdir(old)
            os.replace(out, old)
        else:
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

_PREDICT_TEMPLATE = '''\
#!/usr/bin/env python3
"""Predict with the model in this folder: {arch}, {n} classes. Needs only torch, torchvision and Pillow.

    python predict.py IMAGE [IMAGE ...] [--top-k 5] [--json]

The model is plain torchvision; in your own code::

    import torch, torchvision
    from torch import nn
    m = torchvision.models.{arch}(weights=None)
{recipe_doc}
    m.load_state_dict(torch.load("model.pth", weights_only=True))
    m.eval()

Generated by dtf_gui {version}; the image transform below is the validation pipeline it was trained with.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch
import torchvision
from PIL import Image
from torch import nn

HERE = Path(__file__).resolve().parent
CLASSES = {classes}
BACKGROUND = {background}  # transparent pixels are laid on this colour, as during training
EXIF_TRANSPOSE = {{2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                  4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
                  6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}}

# ---- transforms (dtf_gui codegen) --------------------------------------------------------------------
{transforms}
# ------------------------------------------------------------------------------------------------------


def build_model() -> nn.Module:
    m = torchvision.models.{arch}(weights=None)
{recipe}
    m.load_state_dict(torch.load(HERE / "model.pth", map_location="cpu", weights_only=True))
    return m.eval()


def load_image(path: str) -> Image.Image:
    """An RGB image, read the way dtf_gui reads training images.

    Frame 0, EXIF rotation applied, alpha laid on BACKGROUND, 16-bit values scaled (not clipped) to 8 bits.
    """
    with Image.open(path) as img:
        if getattr(img, "n_frames", 1) > 1:
            img.seek(0)
        img.load()
        orientation = img.getexif().get(0x0112)
        mode = img.mode
        if mode == "F":
            raise SystemExit(f"{{path}} is a 32-bit float image; save it as an 8- or 16-bit PNG or TIFF.")
        if mode in ("RGBA", "LA", "La", "RGBa", "PA") or (mode == "P" and "transparency" in img.info):
            canvas = Image.new("RGBA", img.size, (*BACKGROUND, 255))
            rgb = Image.alpha_composite(canvas, img.convert("RGBA")).convert("RGB")
        elif mode.startswith("I;16") or mode == "I":
            import numpy as np

            a = np.asarray(img)
            if a.size and (a.min() < 0 or a.max() > 65535):
                lo, hi = float(a.min()), float(a.max())
                a8 = np.rint((a.astype(np.float64) - lo) * (255.0 / (hi - lo))).astype(np.uint8)
            else:
                a8 = np.rint(a.astype(np.float64) / 257.0).astype(np.uint8)
            rgb = Image.fromarray(a8).convert("RGB")
        else:
            rgb = img.convert("RGB")
    method = EXIF_TRANSPOSE.get(orientation) if isinstance(orientation, int) else None
    return rgb.transpose(method) if method is not None else rgb


def predict(model: nn.Module, paths: list[str], top_k: int = 5) -> list[list[tuple[str, float]]]:
    k = max(1, min(top_k, len(CLASSES)))
    with torch.inference_mode():
        x = torch.stack([val_transform(load_image(p)) for p in paths])
        probs = torch.softmax(model(x).double(), dim=1)
        values, idx = probs.topk(k, dim=1)
    return [[(CLASSES[i], float(v)) for v, i in zip(vs, ids)] for vs, ids in zip(values.tolist(), idx.tolist())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("images", nargs="+", help="image files")
    parser.add_argument("--top-k", type=int, default=5, help="how many classes to show per image")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args(argv)
    model = build_model()
    results = predict(model, args.images, args.top_k)
    if args.json:
        print(json.dumps([{{"path": p, "top_k": [{{"class": c, "prob": v}} for c, v in r]}}
                          for p, r in zip(args.images, results)], indent=2))
    else:
        for p, r in zip(args.images, results):
            print(p)
            for rank, (c, v) in enumerate(r, 1):
                print(f"  {{rank}}. {{c}}  {{v:.4f}}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''


def predict_script(arch: str, classes: Sequence[str], recipe: str, doc: PipelineDocument) -> str:
    """The standalone predict.py text: class names, head recipe and val transform embedded as code."""
    from dtf_gui.core.data.datasets import BACKGROUND  # lazy: no torch in `dtf --help`
    from dtf_gui.core.pipeline.codegen import to_python  # lazy: no torchvision in `dtf --help`

    # codegen writes both splits; an empty train split would become an invalid v2.Compose([]), and
    # predict.py only uses val_transform, so borrow val's steps for train then.
    train = doc.train if doc.train.enabled_steps() else doc.val
    transforms = to_python(PipelineDocument(train=train, val=doc.val)).rstrip()
    if "import dtf_gui" in transforms or "from dtf_gui" in transforms:
        raise ExportError("The val pipeline uses a step that cannot be written as plain torchvision code, so "
                          "predict.py would not be standalone. Remove that step from the val pipeline.")
    recipe_lines = [ln for ln in recipe.strip().splitlines() if ln.strip()]
    return _PREDICT_TEMPLATE.format(
        arch=arch, n=len(classes), version=__version__,
        classes=json.dumps([str(c) for c in classes], ensure_ascii=False),
        background=repr(tuple(int(v) for v in BACKGROUND)),
        transforms=transforms,
        recipe="\n".join("    " + ln for ln in recipe_lines),
        recipe_doc="\n".join("    " + ln for ln in recipe_lines),
    )
