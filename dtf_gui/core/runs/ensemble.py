"""Writing an ensemble bundle: several runs or bundles with the same classes, their probabilities averaged.

Layout (read back by :func:`dtf_gui.core.runs.artifacts.load_ensemble`)::

    bundle.json        kind "dtf_gui.ensemble": classes, members (folder, arch, weight, input), inputs, onnx
    members/<i>/       a complete single bundle per member (plain torchvision model.pth, its own val pipeline,
                       its own predict.py): ``dtf predict members/0 IMG`` works on it alone
    predict.py         standalone (torch, torchvision, Pillow): loads each member's predict.py, runs its own val
                       pipeline, averages the softmax probabilities with the weights
    model.onnx         one graph when it can be made: one input per distinct member val pipeline (members that
                       share a pipeline share it; "input" when all do), output "probs" (the weighted mean)

Why one ONNX input per distinct pipeline rather than one image resized inside the graph: a member's val
pipeline (PIL resize with antialiasing, crops) applied to the original image cannot be reproduced exactly by
an in-graph resize of an already-resized image, and the graph must give the same answer as ``dtf predict``.
The folder is built aside and swapped into place with :mod:`.bundle`'s rules (never into a run, never over
anything but an earlier bundle, and that only with ``force``).
"""

from __future__ import annotations

import datetime as _dt
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui.core.cancel import Progress
from dtf_gui.core.errors import DtfError, ExportError
from dtf_gui.core.fileio import atomic_write_json, atomic_write_text, display_name
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.runs.artifacts import (
    BUNDLE_JSON,
    BUNDLE_SCHEMA_VERSION,
    ENSEMBLE_KIND,
    FILES,
    MEMBERS_DIR,
    PREDICT_PY,
    Source,
    build,
    check_weights,
    is_bundle,
    is_ensemble,
    pipeline_groups,
    read_bundle,
    read_run,
    val_transform,
)
from dtf_gui.core.runs.bundle import (
    _example_input,
    _export_onnx,
    _json_safe,
    _swap_into_place,
    check_out_folder,
    render_template,
    write_bundle_files,
)
from dtf_gui.core.runs.rundir import is_run_dir, versions

ENSEMBLE_TEMPLATE = "predict_ensemble.py.tmpl"
ONNX_OUTPUT = "probs"


@dataclass
class EnsembleWritten:
    """What :func:`export_ensemble` wrote: the folder, its bundle.json and what the user should know."""

    out: Path
    info: dict[str, Any]
    notes: list[Message] = field(default_factory=list)


def read_member(path: str | Path, which: str = "best") -> Source:
    """A member: a run's ``which`` checkpoint or a single bundle; an ensemble bundle is refused (no nesting)."""
    if is_ensemble(path):
        raise ExportError(msg("ensemble.nested", path=display_name(path)))
    if is_bundle(path):
        return read_bundle(path)
    if is_run_dir(path):
        return read_run(path, which, check_best=True)
    raise ExportError(msg("runs.neither_run_nor_bundle", path=display_name(path)))


def check_members(paths: Sequence[str | Path], sources: Sequence[Source]) -> None:
    """At least two members, each once, all with the same classes in the same order (named when not)."""
    if len(sources) < 2:
        raise ExportError(msg("ensemble.too_few", n=len(sources)))
    seen: dict[Path, str | Path] = {}
    for p in paths:
        key = Path(p).expanduser().resolve()
        if key in seen:
            raise ExportError(msg("ensemble.twice", path=display_name(p)))
        seen[key] = p
    first, first_path = sources[0], paths[0]
    for p, s in zip(paths[1:], sources[1:], strict=True):
        if s.classes != first.classes:
            code = "ensemble.class_order" if sorted(s.classes) == sorted(first.classes) else "ensemble.classes_differ"
            raise ExportError(msg(code, a=display_name(first_path), a_classes=str(first.classes),
                                  b=display_name(p), b_classes=str(s.classes)))


def _member_source(src: Source, path: str | Path, which: str) -> dict[str, Any]:
    if src.kind == "run":
        return {"run_dir": str(Path(path).absolute()), "checkpoint": which, "epoch": src.info.get("epoch")}
    return {"bundle": str(Path(path).absolute()), "from": src.info.get("source")}


def _shared_data(sources: Sequence[Source]) -> tuple[dict[str, Any], bool]:
    """(the split recipe the members share, whether they all share it)."""
    recipes = [{k: v for k, v in (s.info.get("data") or {}).items() if k in ("val_fraction", "seed")}
               for s in sources]
    return _json_safe(recipes[0]), all(r == recipes[0] for r in recipes)


def _make_onnx(model: Any, examples: list[Any], folder: Path, names: list[str]) -> dict[str, Any]:
    """model.onnx of the ensemble (checked in onnxruntime), or {"made": False, "reason": ...} when it cannot be."""
    import torch

    from dtf_gui.core.runs.ensemble_model import EnsembleProbs  # lazy: needs torch

    probs = EnsembleProbs(model).eval()
    with torch.inference_mode():
        ref = probs(*examples)
    try:
        check = _export_onnx(probs, tuple(examples), ref, folder / FILES["onnx"], input_names=names,
                             output_name=ONNX_OUTPUT)
    except DtfError as e:
        return {"made": False, "reason": e.message if isinstance(e.message, str) else e.render(),
                "reason_code": getattr(e.message, "code", None)}
    return {"made": True, "file": FILES["onnx"], "inputs": names, "output": ONNX_OUTPUT, **check}


def export_ensemble(paths: Sequence[str | Path], out_dir: str | Path, weights: Sequence[float] | None = None, *,
                    which: str = "best", force: bool = False, onnx: bool = True,
                    progress: Progress | None = None) -> EnsembleWritten:
    """Write the ensemble bundle of ``paths`` (runs or single bundles) into ``out_dir``.

    Refused with a clear message: fewer than two members, a member twice, classes that differ (both members
    and their classes named), weights of the wrong count, negative or all zero, an output folder that is not
    new, empty or (with ``force``) an earlier bundle. The ONNX graph is made when it can be; when it cannot,
    bundle.json and the notes say why (not an error).
    """
    from dtf_gui.core.runs.ensemble_model import EnsembleModel  # lazy: needs torch

    out = Path(out_dir).expanduser().absolute()
    for p in paths:
        if check_out_folder(out, p if is_run_dir(p) else None) == "bundle" and not force:
            raise ExportError(msg("runs.out_needs_force", path=display_name(out)))
    sources = [read_member(p, which) for p in paths]
    check_members(paths, sources)
    norm = check_weights(None if weights is None else list(weights), len(sources))
    steps, done = len(sources) + 2, 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps)

    notes: list[Message] = []
    groups = pipeline_groups([s.pipeline for s in sources])
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        members = []
        for i, (p, src) in enumerate(zip(paths, sources, strict=True)):
            folder = tmp / MEMBERS_DIR / str(i)
            folder.mkdir(parents=True)
            member_info = write_bundle_files(src, folder, ("pth",), source=_member_source(src, p, which))
            members.append({"folder": f"{MEMBERS_DIR}/{i}", "arch": src.arch, "weight": norm[i],
                            "weight_given": None if weights is None else float(weights[i]), "input": groups[i],
                            "input_size": member_info["input_size"], "source": member_info["source"],
                            "metrics": member_info["metrics"]})
            tick()
        model = EnsembleModel([build(s) for s in sources], norm, groups).eval()
        firsts = [groups.index(g) for g in range(max(groups) + 1)]
        examples = [_example_input(val_transform(sources[i].pipeline), members[i]["input_size"]) for i in firsts]
        names = ["input"] if len(firsts) == 1 else [f"input_{g}" for g in range(len(firsts))]
        inputs = [{"name": names[g], "members": [i for i, gi in enumerate(groups) if gi == g],
                   "input_size": list(examples[g].shape[1:]),
                   "val_pipeline": f"{MEMBERS_DIR}/{firsts[g]}/{BUNDLE_JSON}"} for g in range(len(firsts))]
        if onnx:
            onnx_info = _make_onnx(model, examples, tmp, names)
            if not onnx_info["made"]:
                notes.append(msg("ensemble.onnx_not_made", reason=onnx_info["reason"]))
            elif onnx_info.get("not_checked"):
                notes.append(msg("runs.onnx_unchecked"))
        else:
            onnx_info = {"made": False, "reason": "not asked for"}
        tick()
        data, shared = _shared_data(sources)
        if not shared:
            notes.append(msg("ensemble.splits_differ"))
        classes = sources[0].classes
        info = {
            "schema_version": BUNDLE_SCHEMA_VERSION,
            "kind": ENSEMBLE_KIND,
            "num_classes": len(classes),
            "classes": classes,
            "combine": "weighted mean of the members' softmax probabilities",
            "members": members,
            "inputs": inputs,
            "files": {"onnx": FILES["onnx"]} if onnx_info["made"] else {},
            "onnx": onnx_info,
            "data": data if shared else {},
            "versions": versions(),
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        }
        atomic_write_text(tmp / PREDICT_PY, ensemble_script(classes, [m["folder"] for m in members], norm))
        atomic_write_json(tmp / BUNDLE_JSON, _json_safe(info))
        tick()
        for p in paths[:-1]:  # checked again: the folder may have changed while the members were written
            check_out_folder(out, p if is_run_dir(p) else None)
        last = paths[-1]
        _swap_into_place(tmp, out, run_dir=last if is_run_dir(last) else None, force=force)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return EnsembleWritten(out, info, notes)


def ensemble_script(classes: Sequence[str], folders: Sequence[str], weights: Sequence[float]) -> str:
    """The ensemble's standalone predict.py: the template with classes, member folders and weights as literals."""
    from importlib.resources import files

    from dtf_gui import __version__

    if not all(f.startswith(f"{MEMBERS_DIR}/") and f.split("/", 1)[1].isdigit() for f in folders):
        raise ExportError(msg("runs.not_standalone"))
    template = files("dtf_gui.resources.templates").joinpath(ENSEMBLE_TEMPLATE).read_text(encoding="utf-8")
    return render_template(template, {
        "VERSION": __version__, "NUM_MEMBERS": str(len(folders)), "NUM_CLASSES": str(len(classes)),
        "CLASSES": repr([str(c) for c in classes]), "MEMBERS": repr([str(f) for f in folders]),
        "WEIGHTS": repr([float(w) for w in weights]),
    })
