"""Regression in the engine (``task: "regression"``): the few places where a run of image -> numbers differs.

The model is the zoo's model with its head for ``n_targets`` outputs (``nn.Linear(in, n_targets)``: the same
head recipe as a classifier's, so bundles, resume and export need nothing new); the data yields float32
targets [T] normalised by the train targets' mean and std (:class:`~dtf_gui.core.data.targets.TargetNorm`,
kept in run.json and the checkpoints and undone at prediction); the loss is MSE or Huber; validation reports
MSE, MAE, RMSE and R² in the targets' own units. R² takes the place of accuracy where the run keeps one number
per epoch (``val_acc`` in metrics.csv and the epoch events, the best checkpoint, early stopping): higher is
better, 1 is perfect -- the plots label it R². The batch stage (MixUp/CutMix mix class labels) is refused by
:meth:`RunConfig.validate`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.config import RunConfig
from dtf_gui.core.data.targets import TargetNorm, make_regression_datasets, scan_regression, targets_path
from dtf_gui.core.errors import Cancelled, TrainingError
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.metrics import regression_metrics

Say = Callable[[Message | str], None]
#: the extra metrics.csv columns of a regression run (real units), after the classification columns
REGRESSION_COLUMNS = ("val_mse", "val_mae", "val_rmse", "val_r2")


@dataclass(frozen=True)
class RegressionSpec:
    """What the loop and the run directory need of a regression run's data."""

    names: list[str]  # the target columns, in the model's output order
    norm: TargetNorm
    csv_path: str


def is_regression(cfg: RunConfig) -> bool:
    return cfg.task == "regression"


def regression_data(cfg: RunConfig, stop: StopToken, say: Say) -> tuple[Any, RegressionSpec, Any, Any]:
    """Scan the targets CSV and the images it names: (report, the spec, train set, val set)."""
    root = cfg.data.root
    csv_path = targets_path(root, cfg.data.targets)
    say(msg("regression.scanning", csv=str(csv_path), root=str(root)))
    report = scan_regression(root, cfg.data.targets, val_fraction=cfg.data.val_fraction, seed=cfg.data.seed,
                             decode=True, stop=stop)
    if stop.stop_requested:
        raise Cancelled(msg("training.stopped_scanning"))
    if not report.can_train():
        blocking = [f.msg for f in report.findings if f.level == "error"]
        raise TrainingError(msg("regression.cannot_train", path=str(csv_path), reason=blocking[0]))
    left_out = [f for f in report.findings if f.level == "error"]
    if left_out:
        say(msg("regression.skipped", n=len(left_out), csv=str(csv_path), first=left_out[0].msg))
    train, val, norm = make_regression_datasets(report)
    say(msg("regression.targets_note", names=", ".join(report.table.names), n_train=len(train), n_val=len(val)))
    return report, RegressionSpec(list(report.table.names), norm, str(csv_path)), train, val


def regression_criterion(cfg: RunConfig) -> nn.Module:
    """MSE or Huber on normalised targets (the Huber delta is in standard deviations of the targets)."""
    if cfg.train.loss == "huber":
        return nn.HuberLoss(delta=cfg.train.huber_delta)
    return nn.MSELoss()


@torch.no_grad()
def evaluate_regression(net: nn.Module, batches: Iterable[tuple[Any, Any]], *, prepare: Callable[[Any], Any],
                        device: torch.device, autocast: Callable[[], contextlib.AbstractContextManager],
                        norm: TargetNorm, names: list[str]) -> tuple[float, dict[str, Any]]:
    """(val loss: MSE on normalised targets, the metrics in the targets' units) over ``batches``."""
    preds: list[torch.Tensor] = []
    trues: list[torch.Tensor] = []
    for x, y in batches:
        x = prepare(x)
        with autocast():
            out = net(x)
        preds.append(out.float().reshape(len(out), -1).cpu())
        trues.append(torch.as_tensor(y).float().reshape(len(out), -1).cpu())
    p = torch.cat(preds) if preds else torch.zeros((0, len(names)))
    t = torch.cat(trues) if trues else torch.zeros((0, len(names)))
    loss = float(nn.functional.mse_loss(p, t).item()) if len(p) else float("nan")
    metrics = regression_metrics(norm.undo(t.double()).numpy(), norm.undo(p.double()).numpy(), names)
    return loss, metrics


def epoch_score(metrics: dict[str, Any]) -> float:
    """The one number a regression epoch is ranked by (R²; -inf when undefined, so any real R² beats it)."""
    r2 = metrics.get("r2")
    return float(r2) if r2 is not None else float("-inf")


def epoch_extras(metrics: dict[str, Any]) -> dict[str, float]:
    """The metrics.csv extras of one epoch (see :data:`REGRESSION_COLUMNS`)."""
    r2 = metrics.get("r2")
    return {"val_mse": float(metrics["mse"]), "val_mae": float(metrics["mae"]), "val_rmse": float(metrics["rmse"]),
            "val_r2": float(r2) if r2 is not None else float("nan")}


def run_info(spec: RegressionSpec) -> dict[str, Any]:
    """What run.json and the checkpoints record of a regression run (the bundle and prediction read it)."""
    return {"task": "regression", "targets": list(spec.names), "targets_csv": spec.csv_path,
            "target_norm": spec.norm.to_json(), "score": "r2"}
