"""Regression models after training: what a run or bundle predicts (numbers), and its evaluation.

A regression run's model outputs normalised targets; run.json (and the bundle's bundle.json) say
``"task": "regression"``, the target names and their normalisation, and :func:`regression_of` reads that back
from any model's info so that prediction and evaluation map the outputs to the targets' own units. The
evaluation rebuilds the split the run validated on from the targets CSV and writes metrics.json (MSE, MAE,
RMSE, R², overall and per target) and predictions.csv (one row per image, the largest errors first).
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.data.targets import TargetNorm, scan_regression
from dtf_gui.core.errors import Cancelled, DataError
from dtf_gui.core.fileio import atomic_write_json, atomic_write_text, display_name
from dtf_gui.core.messages import msg

METRICS_JSON = "metrics.json"
PREDICTIONS_CSV = "predictions.csv"


@dataclass(frozen=True)
class RegressionModel:
    """What a regression model's outputs mean: target names (output order) and the normalisation to undo."""

    names: list[str]
    norm: TargetNorm

    def to_json(self) -> dict[str, Any]:
        return {"task": "regression", "targets": list(self.names), "target_norm": self.norm.to_json()}


def regression_of(info: dict[str, Any]) -> RegressionModel | None:
    """The regression side of a model's info (a run's run.json, a bundle's bundle.json); None: a classifier."""
    for doc in (info.get("run"), info):
        if isinstance(doc, dict) and doc.get("task") == "regression":
            norm = TargetNorm.from_json(doc.get("target_norm"))
            names = doc.get("targets")
            if norm is not None and isinstance(names, list) and len(names) == len(norm.mean):
                return RegressionModel([str(n) for n in names], norm)
    return None


def is_regression_model(path: str | Path) -> bool:
    """Whether the run directory or bundle at ``path`` is a regression model (reads only its JSON document)."""
    from dtf_gui.core.runs.artifacts import BUNDLE_JSON, is_bundle, read_doc
    from dtf_gui.core.runs.rundir import RUN_JSON, is_run_dir

    p = Path(path)
    try:
        if is_bundle(p):
            doc = read_doc(p / BUNDLE_JSON if p.is_dir() else p, "runs.what_bundle")
        elif is_run_dir(p) and (p / RUN_JSON).is_file():
            doc = read_doc(p / RUN_JSON, "runs.what_run")
        else:
            return False
    except Exception:  # the reader of the model says what is wrong with it
        return False
    return isinstance(doc, dict) and doc.get("task") == "regression"


def predict_values(model: Any, xs: list[Any], reg: RegressionModel, device: Any = "cpu") -> list[list[float]]:
    """The model's numbers for a batch of transformed images, in the targets' own units."""
    import torch

    with torch.inference_mode():
        out = model(torch.stack(xs).to(device)).double().cpu()
    return reg.norm.undo(out.reshape(len(xs), -1)).tolist()


@dataclass
class RegressionResult:
    """One regression evaluation: per-image true and predicted values and the metrics (core.metrics)."""

    names: list[str]
    paths: list[str]
    y_true: list[list[float]]
    y_pred: list[list[float]]
    metrics: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    task: str = "regression"

    @property
    def classes(self) -> list[str]:  # what EvalOutcome.classes reads: here, the target names
        return list(self.names)

    def errors(self) -> list[float]:
        """Each image's mean absolute error over its targets (the ordering of predictions.csv and the gallery)."""
        return [sum(abs(p - t) for p, t in zip(pr, tr, strict=True)) / max(len(tr), 1)
                for pr, tr in zip(self.y_pred, self.y_true, strict=True)]

    def largest_errors(self) -> list[int]:
        """Image indices, the largest error first."""
        errs = self.errors()
        return sorted(range(len(errs)), key=lambda i: (-errs[i], self.paths[i]))

    def predictions_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["path", *(f"true_{n}" for n in self.names), *(f"pred_{n}" for n in self.names), "abs_error"])
        errs = self.errors()
        for i in self.largest_errors():
            w.writerow([self.paths[i], *(repr(float(v)) for v in self.y_true[i]),
                        *(repr(float(v)) for v in self.y_pred[i]), repr(float(errs[i]))])
        return buf.getvalue()

    def write_reports(self, out: str | Path, *, top_k: int = 5, extra: dict[str, Any] | None = None) -> Path:
        """metrics.json and predictions.csv into ``out`` (created), atomically; ``top_k`` is unused (a classifier's)."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        atomic_write_json(out / METRICS_JSON, {**self.metrics, **(extra or {})})
        atomic_write_text(out / PREDICTIONS_CSV, self.predictions_csv())
        return out


def regression_dataset(model_info: dict[str, Any], reg: RegressionModel, data_root: str | Path, split: str,
                       transform: Any) -> tuple[list[str], list[list[float]], Any]:
    """(paths, true values in target units, a dataset of transformed images) for ``split`` of ``data_root``.

    The run's own data root uses its targets CSV, val fraction and seed (the split it validated on); another
    folder its targets.csv. ``split="all"`` takes every usable row.
    """
    data = model_info.get("data") or {}
    config_data = (model_info.get("config") or {}).get("data") or {}
    same = bool(data.get("root")) and _same_folder(data["root"], data_root)
    targets = str(config_data.get("targets") or data.get("targets") or "") if same else ""
    report = scan_regression(data_root, targets, val_fraction=float(data.get("val_fraction", 0.2) or 0.2),
                             seed=int(data.get("seed", 0) or 0), decode=False)
    if not report.can_train():
        blocking = [f.msg for f in report.findings if f.level == "error"]
        raise DataError(msg("regression.cannot_train", path=report.table.csv_path, reason=blocking[0]),
                        report.table.csv_path)
    if report.table.names != reg.names:
        raise DataError(msg("regression.resume_other_targets", path=display_name(model_info.get("path", "")),
                            run_targets=", ".join(reg.names), targets=", ".join(report.table.names)),
                        report.table.csv_path)
    rows = [pair for s in ("train", "val") for pair in report.usable(s)] if split == "all" else report.usable(split)
    if not rows:
        raise DataError(msg("runs.no_usable_images", root=display_name(data_root), split=split), path=data_root)
    paths = [rec.path for rec, _ in rows]
    return paths, [list(row.values) for _, row in rows], _Images(paths, transform)


class _Images:
    """The images of an evaluation through the val transform (a map-style dataset for the DataLoader)."""

    def __init__(self, paths: list[str], transform: Any) -> None:
        self.paths, self.transform = paths, transform

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, i: int) -> Any:
        from dtf_gui.core.data.datasets import load_rgb  # lazy: no torch in `dtf --help`

        return self.transform(load_rgb(self.paths[i]))


def evaluate_regression_model(bundle: Any, reg: RegressionModel, data_root: str | Path, split: str, *,
                              device: str = "cpu", batch_size: int = 64, num_workers: int = 0,
                              progress: Progress | None = None, stop: StopToken | None = None) -> RegressionResult:
    """Run the model over the split in batches (eval mode, fp32) and compute MSE, MAE, RMSE and R²."""
    import torch
    from torch.utils.data import DataLoader

    from dtf_gui.core.metrics import regression_metrics

    paths, y_true, images = regression_dataset(bundle.info, reg, data_root, split, bundle.transform)
    kw: dict[str, Any] = {"num_workers": num_workers, "multiprocessing_context": "spawn"} if num_workers > 0 else {}
    loader = DataLoader(images, batch_size=batch_size, shuffle=False, **kw)
    model = bundle.model.eval().to(device)
    preds: list[list[float]] = []
    t0 = time.perf_counter()
    with torch.inference_mode():
        for x in loader:
            if stop is not None and (stop.stop_requested or stop.wait_if_paused()):
                raise Cancelled(msg("evaluate.stopped", done=len(preds), n=len(paths)))
            out = model(x.to(device)).double().cpu().reshape(len(x), -1)
            preds.extend(reg.norm.undo(out).tolist())
            if progress is not None:
                progress(len(preds), len(paths))
    result = RegressionResult(list(reg.names), paths, y_true, preds, seconds=time.perf_counter() - t0)
    result.metrics = regression_metrics(y_true, preds, reg.names)
    result.metrics["per_sample"] = {"path": paths, "y_true": y_true, "y_pred": preds}
    return result


def format_regression(metrics: dict[str, Any]) -> str:
    """The printed summary: one line per target, and the overall line when there are several."""
    from dtf_gui.core.messages import render

    per = metrics["per_target"]
    lines = []
    for j, name in enumerate(metrics["targets"]):
        r2 = per["r2"][j]
        lines.append(render(msg("regression.metric_line", name=name, mse=per["mse"][j], mae=per["mae"][j],
                                rmse=per["rmse"][j], r2=r2 if r2 is not None else float("nan"))))
    if len(metrics["targets"]) > 1:
        r2 = metrics["r2"]
        lines.append(render(msg("regression.metric_line", name="*", mse=metrics["mse"], mae=metrics["mae"],
                                rmse=metrics["rmse"], r2=r2 if r2 is not None else float("nan"))))
    return "\n".join(lines)


def _same_folder(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except OSError:
        return False
