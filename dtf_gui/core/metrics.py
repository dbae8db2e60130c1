"""Classification metrics and batched evaluation, as a thin layer over scikit-learn.

Why a layer at all: the GUI, ``dtf eval`` and the export bundle all need the same numbers in the same
JSON shape (numbers and lists only, so ``json.dumps`` works and nothing needs unpickling), and some
edge cases that scikit-learn raises on (a class absent from the evaluated split has no ROC curve) must
degrade to ``null`` instead of crashing an evaluation that took minutes.

Shape of :func:`compute_metrics`'s result::

    {"num_samples": 360, "classes": [...], "accuracy": 0.97, "log_loss": 0.11,
     "top_k_accuracy": {"1": 0.97, "5": 1.0},
     "per_class": {"precision": [...], "recall": [...], "f1": [...], "support": [...]},
     "macro": {"precision", "recall", "f1"}, "weighted": {"precision", "recall", "f1"},
     "confusion_matrix": [[...], ...],          # rows = true class, columns = predicted class
     "roc": {"kind": "binary" | "ovr", "auc": [...per curve, null when undefined],
             "macro_auc": 0.99 | null, "curves": [{"class", "fpr", "tpr", "thresholds"} | null, ...]},
     "per_sample": {"y_true": [...], "y_pred": [...], "loss": [...]}}

For two classes ``roc`` holds one curve with class 1 as the positive class; for more classes one
one-vs-rest curve per class, and ``macro_auc`` is the mean over the classes that have a curve.
"""

from __future__ import annotations

import csv
import io
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import Cancelled, DataError
from dtf_gui.core.fileio import atomic_write_json, atomic_write_text
from dtf_gui.core.messages import msg

_EPS = 1e-12


def _floats(a: Any) -> list[float | None]:
    """Plain Python floats; non-finite values (sklearn's ``inf`` first threshold) become ``None``."""
    return [float(v) if math.isfinite(float(v)) else None for v in np.asarray(a, dtype=np.float64).ravel()]


def _check_inputs(y_true: Any, probs: Any, classes: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y_true).astype(np.int64).ravel()
    p = np.asarray(probs, dtype=np.float64)
    n_classes = len(classes)
    if n_classes < 2:
        raise DataError(msg("evaluate.too_few_classes", n=n_classes, classes=str(list(classes))))
    if p.ndim != 2 or p.shape != (len(y), n_classes):
        raise DataError(msg("evaluate.bad_shape", samples=len(y), classes=n_classes, shape=str(tuple(p.shape))))
    if len(y) == 0:
        raise DataError(msg("evaluate.no_samples"))
    if y.min() < 0 or y.max() >= n_classes:
        raise DataError(msg("evaluate.bad_labels", top=n_classes - 1, lo=int(y.min()), hi=int(y.max())))
    return y, p


def _roc(y: np.ndarray, p: np.ndarray, classes: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import auc as area
    from sklearn.metrics import roc_auc_score, roc_curve

    def curve(y_bin: np.ndarray, score: np.ndarray, name: str) -> tuple[dict[str, Any] | None, float | None]:
        if y_bin.min() == y_bin.max():  # only positives or only negatives: ROC undefined
            return None, None
        fpr, tpr, thr = roc_curve(y_bin, score)
        return ({"class": name, "fpr": _floats(fpr), "tpr": _floats(tpr), "thresholds": _floats(thr)},
                float(area(fpr, tpr)))

    if len(classes) == 2:
        c, a = curve((y == 1).astype(int), p[:, 1], classes[1])
        if a is not None:  # same number, computed the documented way
            a = float(roc_auc_score(y, p[:, 1]))
        return {"kind": "binary", "positive_class": classes[1], "curves": [c], "auc": [a], "macro_auc": a}
    curves, aucs = [], []
    for k, name in enumerate(classes):
        c, a = curve((y == k).astype(int), p[:, k], name)
        curves.append(c)
        aucs.append(a)
    defined = [a for a in aucs if a is not None]
    return {"kind": "ovr", "positive_class": None, "curves": curves, "auc": aucs,
            "macro_auc": float(np.mean(defined)) if defined else None}


def compute_metrics(y_true: Any, probs: Any, classes: Sequence[str], *,
                    top_k: Sequence[int] = (1, 5)) -> dict[str, Any]:
    """All classification metrics of one evaluation, as a JSON-ready dict (see the module docstring).

    Parameters
    ----------
    y_true : true class indices, shape (n,)
    probs : class probabilities (softmax of the logits), shape (n, len(classes))
    classes : class names in index order
    top_k : the k of each top-k accuracy; ks not below the number of classes are left out (always 1.0),
        except k = 1.
    """
    from sklearn.metrics import (
        accuracy_score,
        confusion_matrix,
        log_loss,
        precision_recall_fscore_support,
        top_k_accuracy_score,
    )

    classes = [str(c) for c in classes]
    y, p = _check_inputs(y_true, probs, classes)
    labels = list(range(len(classes)))
    y_pred = p.argmax(axis=1)
    losses = -np.log(np.clip(p[np.arange(len(y)), y], _EPS, None))

    acc = float(accuracy_score(y, y_pred))
    topk: dict[str, float] = {}
    for k in sorted(set(int(k) for k in top_k)):
        if k == 1:
            topk["1"] = acc  # argmax, so ties break exactly like y_pred
        elif 1 < k < len(classes):
            topk[str(k)] = float(top_k_accuracy_score(y, p, k=k, labels=labels))

    prec, rec, f1, support = precision_recall_fscore_support(y, y_pred, labels=labels, zero_division=0)
    means = {}
    for avg in ("macro", "weighted"):
        mp, mr, mf, _ = precision_recall_fscore_support(y, y_pred, labels=labels, average=avg, zero_division=0)
        means[avg] = {"precision": float(mp), "recall": float(mr), "f1": float(mf)}

    return {
        "num_samples": int(len(y)),
        "classes": classes,
        "accuracy": acc,
        "log_loss": float(log_loss(y, np.clip(p, _EPS, 1.0), labels=labels)),
        "top_k_accuracy": topk,
        "per_class": {"precision": _floats(prec), "recall": _floats(rec), "f1": _floats(f1),
                      "support": [int(s) for s in support]},
        "macro": means["macro"],
        "weighted": means["weighted"],
        "confusion_matrix": confusion_matrix(y, y_pred, labels=labels).astype(int).tolist(),
        "roc": _roc(y, p, classes),
        "per_sample": {"y_true": y.tolist(), "y_pred": y_pred.astype(int).tolist(), "loss": _floats(losses)},
    }


def summary(metrics: dict[str, Any]) -> dict[str, Any]:
    """The headline numbers only (no curves, no per-sample lists): small enough for bundle.json or a log."""
    return {
        "num_samples": metrics["num_samples"],
        "accuracy": metrics["accuracy"],
        "log_loss": metrics["log_loss"],
        "top_k_accuracy": dict(metrics["top_k_accuracy"]),
        "macro": dict(metrics["macro"]),
        "weighted": dict(metrics["weighted"]),
        "macro_auc": metrics["roc"]["macro_auc"],
    }


def format_table(metrics: dict[str, Any]) -> str:
    """A plain-text report (headline numbers, then one row per class) for the terminal."""
    lines = [f"samples   {metrics['num_samples']}",
             f"accuracy  {metrics['accuracy']:.4f}"]
    for k, v in metrics["top_k_accuracy"].items():
        if k != "1":
            lines.append(f"top-{k:<6}{v:.4f}")
    auc = metrics["roc"]["macro_auc"]
    lines.append(f"log loss  {metrics['log_loss']:.4f}")
    lines.append(f"AUC       {'n/a' if auc is None else f'{auc:.4f}'}"
                 f"{' (macro, one-vs-rest)' if metrics['roc']['kind'] == 'ovr' else ''}")
    names = metrics["classes"]
    width = max(10, *(len(n) for n in names)) + 2
    lines.append("")
    lines.append(f"{'class':<{width}}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}{'auc':>9}")
    pc = metrics["per_class"]
    aucs = metrics["roc"]["auc"] if metrics["roc"]["kind"] == "ovr" else [None] * len(names)
    for i, name in enumerate(names):
        a = aucs[i]
        lines.append(f"{name:<{width}}{pc['precision'][i]:>10.4f}{pc['recall'][i]:>10.4f}{pc['f1'][i]:>10.4f}"
                     f"{pc['support'][i]:>9d}{'n/a' if a is None else f'{a:.4f}':>9}")
    for avg in ("macro", "weighted"):
        m = metrics[avg]
        lines.append(f"{avg + ' avg':<{width}}{m['precision']:>10.4f}{m['recall']:>10.4f}{m['f1']:>10.4f}"
                     f"{metrics['num_samples']:>9d}{'':>9}")
    return "\n".join(lines)


# -- evaluation -------------------------------------------------------------------------------------


@dataclass
class EvalResult:
    """Everything one evaluation produced, per sample and in total.

    ``probs`` is (n, classes) float64; ``losses`` is the per-sample cross-entropy of the logits.
    """

    classes: list[str]
    y_true: np.ndarray
    y_pred: np.ndarray
    probs: np.ndarray
    losses: np.ndarray
    paths: list[str]
    metrics: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def top_k(self, k: int = 5) -> list[list[tuple[str, float]]]:
        """Per sample, the k most likely (class, probability), most likely first."""
        k = max(1, min(k, len(self.classes)))
        order = np.argsort(-self.probs, axis=1, kind="stable")[:, :k]
        return [[(self.classes[j], float(self.probs[i, j])) for j in row] for i, row in enumerate(order)]

    def predictions_csv(self, top_k: int = 5) -> str:
        """path,true,pred,prob,loss,correct,top_k (``class:prob`` joined by ``|``)."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["path", "true", "pred", "prob", "loss", "correct", "top_k"])
        for i, tops in enumerate(self.top_k(top_k)):
            t, p = int(self.y_true[i]), int(self.y_pred[i])
            w.writerow([self.paths[i], self.classes[t], self.classes[p], f"{self.probs[i, p]:.6f}",
                        f"{self.losses[i]:.6f}", int(t == p), "|".join(f"{c}:{v:.6f}" for c, v in tops)])
        return buf.getvalue()

    def confusion_matrix_csv(self) -> str:
        """Rows = true class, columns = predicted class, both labelled with class names."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["true \\ pred", *self.classes])
        for name, row in zip(self.classes, self.metrics["confusion_matrix"], strict=True):
            w.writerow([name, *row])
        return buf.getvalue()

    def write_reports(self, out_dir: str | Path, *, top_k: int = 5, extra: dict[str, Any] | None = None) -> Path:
        """Write metrics.json, confusion_matrix.csv and predictions.csv (each atomically) into ``out_dir``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        atomic_write_json(out / "metrics.json", {**(extra or {}), **self.metrics, "seconds": self.seconds})
        atomic_write_text(out / "confusion_matrix.csv", self.confusion_matrix_csv())
        atomic_write_text(out / "predictions.csv", self.predictions_csv(top_k))
        return out


def _dataset_paths(dataset: Any) -> list[str]:
    samples = getattr(dataset, "samples", None)
    if samples is not None and len(samples) == len(dataset):
        return [str(s[0]) for s in samples]
    return [str(i) for i in range(len(dataset))]


def evaluate(model: Any, dataset: Any, *, device: str | Any = "cpu", batch_size: int = 64,
             progress: Progress | None = None, stop: StopToken | None = None,
             classes: Sequence[str] | None = None, top_k: Sequence[int] = (1, 5),
             num_workers: int = 0) -> EvalResult:
    """Run ``model`` over ``dataset`` in batches (eval mode, no grad, fp32) and compute the metrics.

    fp32 on purpose: the numbers must match what the exported weights give in anyone's plain PyTorch code.
    ``dataset`` yields (tensor, class index); its ``samples`` (path, index) list, when present, names the rows.
    ``progress(done, total)`` is called after each batch; ``stop`` is checked between batches
    (pausing blocks there) and a stop raises :class:`Cancelled`.
    """
    import torch
    import torch.nn.functional as F
    from torch.utils.data import DataLoader

    if classes is None:
        classes = getattr(dataset, "classes", None)
    if not classes:
        raise DataError(msg("evaluate.no_classes"))
    classes = [str(c) for c in classes]
    n = len(dataset)
    if n == 0:
        raise DataError(msg("evaluate.no_images"))
    device = torch.device(device)
    loader_kw: dict[str, Any] = {}
    if num_workers > 0:
        loader_kw = {"num_workers": num_workers, "multiprocessing_context": "spawn"}
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=False,
                        pin_memory=device.type == "cuda", **loader_kw)
    was_training = model.training
    model.eval()
    model.to(device)
    logits_all, y_all = [], []
    t0 = time.perf_counter()
    done = 0
    try:
        with torch.inference_mode():
            for x, y in loader:
                if stop is not None and (stop.stop_requested or stop.wait_if_paused()):
                    raise Cancelled(msg("evaluate.stopped", done=done, n=n))
                # an ensemble's dataset gives one batch per member pipeline (a list): one model input each
                xs = x if isinstance(x, (list, tuple)) else [x]
                out = model(*(t.to(device, non_blocking=True) for t in xs))
                logits_all.append(out.float().cpu())
                y_all.append(torch.as_tensor(y).long().cpu())
                done += len(y)
                if progress is not None:
                    progress(done, n)
    finally:
        model.train(was_training)
    logits = torch.cat(logits_all)
    y_true = torch.cat(y_all)
    if logits.shape[1] != len(classes):
        raise DataError(msg("evaluate.class_count", outputs=int(logits.shape[1]), names=len(classes)))
    losses = F.cross_entropy(logits.double(), y_true, reduction="none").numpy()
    probs = torch.softmax(logits.double(), dim=1).numpy()
    result = EvalResult(classes=classes, y_true=y_true.numpy(), y_pred=probs.argmax(axis=1), probs=probs,
                        losses=losses, paths=_dataset_paths(dataset), seconds=time.perf_counter() - t0)
    result.metrics = compute_metrics(result.y_true, probs, classes, top_k=top_k)
    # the logits' own cross-entropy is more exact than -log(softmax) for confident wrong predictions
    result.metrics["per_sample"]["loss"] = _floats(losses)
    result.metrics["mean_loss"] = float(losses.mean())
    return result


# -- regression ---------------------------------------------------------------------------------------
def regression_metrics(y_true: Any, y_pred: Any, names: Sequence[str]) -> dict[str, Any]:
    """MSE, MAE, RMSE and R² of one regression evaluation, overall and per target, JSON-ready.

    scikit-learn's definitions (``mean_squared_error``, ``mean_absolute_error``, ``r2_score`` with
    ``multioutput="raw_values"``; a test checks they agree), in numpy: the engine calls this after every epoch,
    and importing scikit-learn there would add seconds to a run's first epoch. ``y_true`` and ``y_pred`` are
    (n, T) or (n,) in the targets' own units. The overall numbers average the targets uniformly (RMSE: the mean
    of the per-target RMSEs); R² is null for a target that is constant in the data (undefined). Shape::

        {"task": "regression", "num_samples": n, "targets": [...], "mse", "mae", "rmse", "r2",
         "per_target": {"mse": [...], "mae": [...], "rmse": [...], "r2": [...]}}
    """
    t = np.asarray(y_true, dtype=np.float64)
    t = t.reshape(t.shape[0], -1) if t.size else np.zeros((0, len(names)))
    p = np.asarray(y_pred, dtype=np.float64).reshape(t.shape)
    if t.shape[1] != len(names):
        raise DataError(msg("regression.target_count", columns=int(t.shape[1]), names=len(names)))
    n = int(t.shape[0])
    with np.errstate(invalid="ignore", divide="ignore"):
        err = p - t
        mse = (err**2).mean(0) if n else np.full(len(names), np.nan)
        mae = np.abs(err).mean(0) if n else np.full(len(names), np.nan)
        ss_tot = ((t - t.mean(0)) ** 2).sum(0) if n else np.zeros(len(names))
        ss_res = (err**2).sum(0) if n else np.zeros(len(names))
    r2 = [float(1.0 - ss_res[j] / ss_tot[j]) if n >= 2 and ss_tot[j] > 0 else None for j in range(t.shape[1])]
    known = [v for v in r2 if v is not None]
    return {
        "task": "regression", "num_samples": n, "targets": list(names),
        "mse": float(np.mean(mse)), "mae": float(np.mean(mae)), "rmse": float(np.mean(np.sqrt(mse))),
        "r2": float(np.mean(known)) if known else None,
        "per_target": {"mse": _floats(mse), "mae": _floats(mae), "rmse": _floats(np.sqrt(mse)), "r2": r2},
    }
