"""Writing export bundles: a trained model as files that load in plain PyTorch (layout: :mod:`.artifacts`).

Why this shape: the person receiving the model should need nothing from dtf_gui, and nothing in the
bundle runs code when loaded (``weights_only=True`` / safetensors). The folder is built next to its
destination and renamed into place, so a crash never leaves half a bundle. An existing non-empty folder is
replaced only when it is an earlier bundle and only with ``force=True`` (built aside, then swapped); a run, a
dataset or anything else is never replaced, and no bundle is written inside a run (:func:`check_out_folder`).
Every format is checked: TorchScript and ONNX must reproduce the eager model's logits. predict.py is the
resource ``resources/templates/predict.py.tmpl`` filled in.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from dtf_gui import __version__
from dtf_gui.core.cancel import Progress
from dtf_gui.core.data.scan import MAX_PIXELS
from dtf_gui.core.errors import DtfError, ExportError
from dtf_gui.core.fileio import (
    atomic_torch_save,
    atomic_write_bytes,
    atomic_write_json,
    atomic_write_text,
    display_name,
    file_kind,
    read_json_document,
)
from dtf_gui.core.messages import msg
from dtf_gui.core.pipeline.spec import PipelineDocument
from dtf_gui.core.runs.artifacts import (
    BUNDLE_JSON,
    BUNDLE_KIND,
    BUNDLE_NAMES,
    BUNDLE_SCHEMA_VERSION,
    ENSEMBLE_KIND,
    FILES,
    FORMATS,
    MEMBERS_DIR,
    PREDICT_PY,
    Source,
    build,
    check_calibration,
    read_doc,
    read_run,
    val_transform,
)
from dtf_gui.core.runs.regression import regression_of
from dtf_gui.core.runs.rundir import CHECKPOINTS, CONFIG_JSON, RUN_JSON, is_run_dir, versions

__all__ = ["BUNDLE_NAMES", "CHECK_ATOL", "FILES", "FORMATS", "check_out_folder", "export_bundle", "parse_formats",
           "predict_script", "render_template", "write_bundle_calibration"]

CHECK_ATOL = 1e-4  # exported graphs must reproduce the eager logits this closely (relative to their scale)


# -- formats and checks ---------------------------------------------------------------------------

def parse_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """``"pth,onnx"`` or ``["pth", "onnx"]`` -> ordered tuple; ``pth`` is always included (predict.py uses it)."""
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    wanted = {str(f).strip().lower() for f in items if str(f).strip()}
    unknown = wanted - set(FORMATS)
    if unknown:
        raise ExportError(msg("runs.unknown_formats", names=str(sorted(unknown)), choices=", ".join(FORMATS)))
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
        raise ExportError(msg("runs.val_not_float_tensor"))
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
        raise ExportError(msg("runs.torchscript_differs", diff=f"{diff:.2e}"))
    atomic_write_bytes(path, buf.getvalue())
    return {"max_rel_diff": diff}


def _export_onnx(model: Any, example: Any, ref: Any, path: Path, *, input_names: Sequence[str] = ("input",),
                 output_name: str = "logits") -> dict[str, Any]:
    """Export ``model`` to ONNX at ``path`` and check it reproduces ``ref`` in onnxruntime (when installed).

    ``example`` is one input batch, or a tuple of them named by ``input_names`` (an ensemble's inputs)."""
    import importlib.util

    import torch

    if importlib.util.find_spec("onnx") is None:
        raise ExportError(msg("runs.onnx_missing"))
    dynamo = importlib.util.find_spec("onnxscript") is not None
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the TorchScript-based exporter warns it is legacy
            axes = {name: {0: "batch"} for name in (*input_names, output_name)}
            kw: dict[str, Any] = {"dynamo": dynamo, "input_names": list(input_names),
                                  "output_names": [output_name], "dynamic_axes": axes}
            if dynamo:
                kw["external_data"] = False
            else:
                kw["opset_version"] = 17
            examples = tuple(example) if isinstance(example, (tuple, list)) else (example,)
            torch.onnx.export(model, examples, str(tmp), **kw)
        os.replace(tmp, path)
    except ExportError:
        raise
    except Exception as e:
        raise ExportError(msg("runs.onnx_failed", reason=f"{type(e).__name__}: {e}")) from e
    finally:
        if tmp.exists():
            tmp.unlink()
    check: dict[str, Any] = {"checked_with": None, "not_checked": "onnxruntime_missing"}  # dtf export, the tab say so
    if importlib.util.find_spec("onnxruntime") is not None:
        import onnxruntime as ort

        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        examples = tuple(example) if isinstance(example, (tuple, list)) else (example,)
        got = session.run([output_name], {n: x.numpy() for n, x in zip(input_names, examples, strict=True)})[0]
        diff = _max_rel_diff(got, ref)
        if not diff <= CHECK_ATOL:
            raise ExportError(msg("runs.onnx_differs", diff=f"{diff:.2e}"))
        check = {"checked_with": f"onnxruntime {ort.__version__}", "max_rel_diff": diff}
    return check


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


def _bundle_metrics(src: Source) -> dict[str, Any]:
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
    return (p / RUN_JSON).is_file() and ((p / CONFIG_JSON).is_file() or (p / CHECKPOINTS).is_dir())


def _earlier_bundle(out: Path, names: list[str]) -> bool:
    """Whether ``out`` holds exactly an earlier bundle: dtf_gui's bundle.json and only files export writes.

    An ensemble bundle may also hold ``members/`` with numbered folders that are each exactly a bundle.
    """
    files = [n for n in names if n != MEMBERS_DIR]
    if BUNDLE_JSON not in files or not set(files) <= BUNDLE_NAMES:
        return False
    if not all((out / n).is_file() and not (out / n).is_symlink() for n in files):
        return False
    try:
        info = read_json_document(out / BUNDLE_JSON, msg("runs.what_bundle"), ExportError)
    except DtfError:
        return False
    if not isinstance(info, dict):
        return False
    if info.get("kind") == ENSEMBLE_KIND:
        return MEMBERS_DIR not in names or _earlier_members(out / MEMBERS_DIR)
    return info.get("kind") == BUNDLE_KIND and MEMBERS_DIR not in names


def _earlier_members(members: Path) -> bool:
    """Whether ``members`` is a real folder of numbered folders that are each exactly an earlier bundle."""
    if members.is_symlink() or not members.is_dir():
        return False
    try:
        entries = sorted(os.listdir(members))
    except OSError:
        return False
    for name in entries:
        folder = members / name
        if not name.isdigit() or folder.is_symlink() or not folder.is_dir():
            return False
        try:
            inner = sorted(os.listdir(folder))
        except OSError:
            return False
        if MEMBERS_DIR in inner or not _earlier_bundle(folder, inner):
            return False
    return True


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
        raise ExportError(msg("runs.cannot_list", path=display_name(out), reason=str(e.strerror or e))) from e
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
    if BUNDLE_JSON in names and extra and _earlier_bundle(out, [n for n in names if n not in extra]):
        raise ExportError(msg("runs.out_bundle_extra", path=display_name(out), name=display_name(extra[0])))
    raise ExportError(msg("runs.out_not_bundle", path=display_name(out)))


def export_bundle(run_dir: str | Path, out_dir: str | Path, formats: str | Iterable[str] = ("pth", "safetensors"),
                  *, which: str = "best", force: bool = False,
                  progress: Progress | None = None, tta: str = "none") -> Path:
    """Write the bundle for ``run_dir``'s ``which`` checkpoint into ``out_dir`` and return that folder.

    Every format is checked before the bundle appears: TorchScript and ONNX (in onnxruntime, when
    installed) must reproduce the eager model's logits on a val-transformed example. ``out_dir`` may
    be missing or empty; an earlier bundle there is replaced only with ``force=True``, by building the new
    bundle beside it and swapping the folders. Anything else is refused (:func:`check_out_folder`), and so is
    a best.pt that is not the epoch run.json names as best. ``tta`` is the test-time augmentation predict.py
    applies by default (:mod:`.tta`; recorded in bundle.json).
    """
    from dtf_gui.core.runs.tta import check_tta

    check_tta(tta)
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

    src = read_run(run_dir, which, check_best=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        write_bundle_files(src, tmp, fmts, source={"run_dir": str(Path(run_dir).absolute()), "checkpoint": which,
                                                   "epoch": src.info.get("epoch"),
                                                   "weights": src.info.get("weights", "raw")}, tick=tick, tta=tta)
        _swap_into_place(tmp, out, run_dir=run_dir, force=force)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def write_bundle_files(src: Source, folder: Path, fmts: Sequence[str], *, source: dict[str, Any],
                       tick: Any = None, tta: str = "none") -> dict[str, Any]:
    """Write ``src``'s single bundle (weights in ``fmts``, predict.py, bundle.json) into the existing
    ``folder`` and return its bundle.json. Every format is checked against the eager model first.

    ``src`` may come from a run or from a bundle (an ensemble member); ``source`` is recorded as its origin.
    """
    import torch

    from dtf_gui.core.models.zoo import head_recipe  # lazy: no torch in `dtf --help`

    def step() -> None:
        if tick is not None:
            tick()

    model = build(src)
    transform = val_transform(src.pipeline)
    example = _example_input(transform, src.info.get("input_size"))
    with torch.inference_mode():
        ref = model(example)
    recipe = head_recipe(src.arch, len(src.classes), src.dropout)
    step()
    checks: dict[str, Any] = {}
    state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    for fmt in fmts:
        target = folder / FILES[fmt]
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
        step()
    val_doc = PipelineDocument(val=src.pipeline.val)
    data = src.info.get("data", {}) if src.kind == "run" else (src.info.get("data") or {})
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
        "metrics": _bundle_metrics(src) if src.kind == "run" else _json_safe(src.info.get("metrics") or {}),
        "data": _json_safe({k: v for k, v in data.items()
                            if k in ("val_fraction", "seed")}),  # the split recipe, not local paths
        "source": source,
        "tta": tta,  # the test-time augmentation predict.py applies unless told otherwise
        "versions": versions(),
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }
    if src.kind == "run" and src.info.get("calibration") is not None:
        info["calibration"] = _json_safe(src.info["calibration"])  # fitted on this very checkpoint (read_run)
    reg = regression_of(src.info)
    if reg is not None:  # a regression model: its outputs are targets, normalised (task, targets, target_norm)
        info.update(reg.to_json())
    atomic_write_text(folder / PREDICT_PY, predict_script(src.arch, src.classes, recipe, src.pipeline,
                                                          regression=reg.norm.to_json() if reg else None, tta=tta))
    step()
    atomic_write_json(folder / BUNDLE_JSON, info)
    step()
    return info


def write_bundle_calibration(folder: str | Path, doc: dict[str, Any]) -> Path:
    """Put a calibration (temperature, threshold: :mod:`dtf_gui.core.trust.calibration`) into a single bundle's
    bundle.json, atomically; predict.py, ``dtf predict`` and the Predict view read it from there. The weights
    are not touched. An ensemble bundle is refused: its members' probabilities are averaged before any
    temperature could apply, and its predict.py would not honour one."""
    path = Path(folder) / BUNDLE_JSON
    info = read_doc(path, "runs.what_bundle")
    if info.get("kind") == ENSEMBLE_KIND:
        raise ExportError(msg("calibration.ensemble", path=display_name(folder)))
    if info.get("kind") != BUNDLE_KIND:
        raise ExportError(msg("runs.bundle_not_ours", path=display_name(path), kind=repr(info.get("kind"))))
    check_calibration(doc, path)
    info["calibration"] = _json_safe(doc)
    return atomic_write_json(path, info)


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
        raise ExportError(msg("runs.template_mismatch", missing=str(sorted(found - set(values))),
                              unused=str(sorted(set(values) - found))))
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def predict_script(arch: str, classes: Sequence[str], recipe: str, doc: PipelineDocument, *,
                   regression: dict[str, list[float]] | None = None, tta: str = "none") -> str:
    """The standalone predict.py text: the template with class names, head recipe and val transform filled in.

    ``regression`` (a regression model's target normalisation, ``{"mean", "std"}``): ``classes`` are then the
    target names and the script prints ``name = value`` per target instead of the top-k classes.

    Class names go in as a Python literal (``repr`` of a list of str: quotes, backslashes, newlines and
    undecodable bytes are escaped), the architecture only when it is a plain name, so nothing from a run's
    files becomes code.
    """
    from importlib.resources import files

    from dtf_gui.core.data.datasets import BACKGROUND  # lazy: no torch in `dtf --help`
    from dtf_gui.core.pipeline.codegen import to_python  # lazy: no torchvision in `dtf --help`
    from dtf_gui.core.runs.tta import check_tta

    if not _IDENTIFIER.fullmatch(arch):
        raise ExportError(msg("runs.not_an_arch", name=repr(display_name(arch))))
    # codegen writes both splits; an empty train split would become an invalid v2.Compose([]), and
    # predict.py only uses val_transform, so borrow val's steps for train then.
    train = doc.train if doc.train.enabled_steps() else doc.val
    transforms = to_python(PipelineDocument(train=train, val=doc.val)).rstrip()
    if "import dtf_gui" in transforms or "from dtf_gui" in transforms:
        raise ExportError(msg("runs.not_standalone"))
    recipe_lines = "\n".join("    " + ln for ln in recipe.strip().splitlines() if ln.strip())
    template = files("dtf_gui.resources.templates").joinpath(PREDICT_TEMPLATE).read_text(encoding="utf-8")
    return render_template(template, {
        "ARCH": arch, "NUM_CLASSES": str(len(classes)), "VERSION": __version__,
        "CLASSES": repr([str(c) for c in classes]),
        "BACKGROUND": repr(tuple(int(v) for v in BACKGROUND)),
        "MAX_PIXELS": f"{int(MAX_PIXELS):_}",
        "TRANSFORMS": transforms, "RECIPE": recipe_lines, "RECIPE_DOC": recipe_lines,
        "TTA": repr(check_tta(tta)),
        "REGRESSION": repr(None if regression is None else {"mean": [float(v) for v in regression["mean"]],
                                                            "std": [float(v) for v in regression["std"]]}),
    })
