"""Evaluating a run or bundle on a dataset: the one use case behind ``dtf eval`` and the Evaluate view.

Request in, outcome out (STYLE section 15): :func:`run_evaluation` loads the model (:mod:`.artifacts`),
rebuilds the split the model was trained with, runs ``core.metrics.evaluate`` and collects the run's history.
``dtf eval`` writes and prints the outcome, the Evaluate view draws it; parity between them is this one
function's unit test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import DataError
from dtf_gui.core.fileio import display_name
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.pipeline.spec import PipelineDocument
from dtf_gui.core.runs.artifacts import load_predictor
from dtf_gui.core.runs.regression import evaluate_regression_model, is_regression_model, regression_of
from dtf_gui.core.runs.rundir import read_metrics

#: What ``dtf eval --split`` and the Evaluate view accept: a split of the data root, or all of its images.
EVAL_SPLITS = ("val", "train", "all")


@dataclass(frozen=True)
class EvalRequest:
    """What to evaluate: a run directory or bundle on one split of a dataset folder."""

    model_path: str
    data_root: str
    split: str = "val"
    which: str = "best"
    batch_size: int = 64
    device: str = "cpu"
    top_k: int = 5
    num_workers: int = 0
    tta: str = "none"  # test-time augmentation: "none" | "flip" | "five_crop" (:mod:`.tta`)


@dataclass
class EvalOutcome:
    """An evaluation and its context: the result, the model's pipeline and the run's training history."""

    request: EvalRequest
    result: Any  # dtf_gui.core.metrics.EvalResult
    pipeline: Any  # PipelineDocument the model was trained with (its val split made the inputs)
    info: dict[str, Any]
    history: list[dict[str, float]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # the keys `dtf eval` adds to metrics.json
    notes: list[Message] = field(default_factory=list)  # what the user should know (last checkpoint used...)
    num_images: int = 0

    @property
    def classes(self) -> list[str]:
        return list(self.result.classes)


def _same_folder(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except OSError:
        return False


def eval_dataset(model_path: str | Path, data_root: str | Path, split: str = "val", which: str = "best"
                 ) -> tuple[Any, list[str], PipelineDocument, dict[str, Any], Any]:
    """(model, classes, pipeline document, info, dataset) for evaluating a run or bundle on a dataset.

    The split is rebuilt with the val fraction and seed the model was trained with, so a single-folder
    dataset is evaluated on the same held-out images training validated on, and the model's own data root
    finds the val folder it was trained with (``data.val_root``). ``split="all"`` takes every usable image of
    ``data_root`` with no split at all: a separate test folder. Class indices follow the model's classes.
    A run stopped in its first epoch has no best.pt: its last.pt is evaluated (``info["no_best"]``).
    An ensemble bundle is evaluated like any model: the dataset's transform gives each member its own input.
    """
    from dtf_gui.core.data.datasets import ImageFolderDataset  # lazy: no torch in `dtf --help`
    from dtf_gui.core.data.scan import scan

    if split not in EVAL_SPLITS:
        raise DataError(msg("runs.unknown_split", split=repr(split), choices=", ".join(EVAL_SPLITS)))
    predictor = load_predictor(model_path, which=which, fall_back=True)
    model, classes, doc, info = predictor.model, predictor.classes, predictor.val_pipeline, predictor.info
    data = info.get("data") or {}
    excluded = tuple(data.get("exclude_classes") or ())  # left out of training by the user: not the model's classes
    if split == "all":
        report = scan(data_root, exclude_classes=excluded)
        records = report.usable("train") + report.usable("val")
    else:
        same_root = bool(data.get("root")) and _same_folder(data["root"], data_root)
        val_root = data.get("val_root") or None if same_root else None
        if val_root is not None and not Path(val_root).is_dir():
            val_root = None  # moved since training: the data root's own split, as for any other folder
        report = scan(data_root, val_root=val_root, val_fraction=data.get("val_fraction"),
                      seed=int(data.get("seed", 0) or 0), exclude_classes=excluded)
        records = report.usable(split)
    if not records:
        code = "runs.no_usable_images_all" if split == "all" else "runs.no_usable_images"
        raise DataError(msg(code, root=display_name(data_root), split=split), path=data_root)
    index = {c: i for i, c in enumerate(classes)}
    unknown = sorted({r.label for r in records} - set(index))
    if unknown:
        raise DataError(msg("runs.unknown_classes", root=display_name(data_root), unknown=str(unknown),
                            classes=str(classes)), path=data_root)
    dataset = ImageFolderDataset([(r.path, index[r.label]) for r in records], list(classes),
                                 predictor.transform)
    return model, list(classes), doc, info, dataset


def eval_report_extra(info: dict[str, Any], data_root: str | Path, split: str) -> dict[str, Any]:
    """What an evaluation report records about its model and data (metrics.json "extra" keys)."""
    extra = {"model": str(Path(info["path"]).absolute()), "model_kind": info["kind"], "arch": info["arch"],
             "checkpoint": info.get("checkpoint") if info["kind"] == "run" else info.get("weights_file"),
             "data_root": str(Path(data_root).absolute()), "split": split}
    if info["kind"] == "ensemble":
        extra["members"] = list(info.get("member_archs", []))
        extra["weights"] = list(info.get("weights", []))
    return extra


def no_best_note(info: dict[str, Any], action: str) -> list[Message]:
    """The note for a run read from last.pt because it has no best.pt yet (``action``: "eval" | "predict")."""
    if info.get("kind") != "run" or not info.get("no_best"):
        return []
    return [msg(f"runs.no_best_{action}", run=display_name(Path(info["path"]).name), epoch=info["no_best"])]


def default_out_dir(outcome: EvalOutcome) -> Path:
    """Where ``dtf eval`` writes its reports: RUN_DIR/eval-SPLIT, or ./eval-BUNDLE-SPLIT for a bundle."""
    path = Path(outcome.info["path"])
    split = outcome.request.split
    return path / f"eval-{split}" if outcome.info["kind"] == "run" else Path(f"eval-{path.name}-{split}")


def run_evaluation(request: EvalRequest, *, progress: Progress | None = None,
                   stop: StopToken | None = None) -> EvalOutcome:
    """Evaluate ``request`` and collect the run's history: what ``dtf eval`` prints and the Evaluate view draws."""
    from dtf_gui.core.metrics import evaluate  # lazy: `dtf --help` skips metrics (~20 ms)
    from dtf_gui.core.runs.tta import check_tta, tta_notes, with_tta

    check_tta(request.tta)  # before the model is read: a typo fails at once
    if is_regression_model(request.model_path):
        return _run_regression_evaluation(request, progress=progress, stop=stop)
    model, classes, doc, info, dataset = eval_dataset(request.model_path, request.data_root, request.split,
                                                      request.which)
    result = evaluate(with_tta(model, request.tta), dataset, device=request.device, batch_size=request.batch_size,
                      progress=progress, stop=stop, classes=classes, top_k=(1, request.top_k),
                      num_workers=request.num_workers)
    extra = eval_report_extra(info, request.data_root, request.split)
    if request.tta != "none":
        extra["tta"] = request.tta
    history = read_metrics(info["path"]) if info.get("kind") == "run" else []
    return EvalOutcome(request, result, doc, info, [{k: float(v) for k, v in r.items()} for r in history], extra,
                       no_best_note(info, "eval") + tta_notes(request.tta, info), len(dataset))


def _run_regression_evaluation(request: EvalRequest, *, progress: Progress | None,
                               stop: StopToken | None) -> EvalOutcome:
    """A regression model's evaluation: MSE/MAE/RMSE/R² and per-image predictions (``result`` a RegressionResult)."""
    if request.split not in EVAL_SPLITS:
        raise DataError(msg("runs.unknown_split", split=repr(request.split), choices=", ".join(EVAL_SPLITS)))
    predictor = load_predictor(request.model_path, which=request.which, fall_back=True)
    reg = regression_of(predictor.info)
    if reg is None:
        raise DataError(msg("regression.not_regression_model", path=display_name(request.model_path)))
    result = evaluate_regression_model(predictor, reg, request.data_root, request.split, device=request.device,
                                       batch_size=request.batch_size, num_workers=request.num_workers,
                                       progress=progress, stop=stop)
    info = predictor.info
    extra = eval_report_extra(info, request.data_root, request.split)
    history = read_metrics(info["path"]) if info.get("kind") == "run" else []
    return EvalOutcome(request, result, predictor.val_pipeline, info,
                       [{k: float(v) for k, v in r.items()} for r in history], extra, no_best_note(info, "eval"),
                       len(result.paths))
