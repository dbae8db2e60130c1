"""Making an ensemble: choose runs (or the top k of a list of runs) and write one bundle that averages them.

The use case behind ``dtf ensemble`` and the Runs tab's "Make Ensemble…": :func:`make_ensemble` checks the
request (same classes, sensible weights) and writes the bundle with :func:`dtf_gui.core.runs.ensemble.
export_ensemble`; reading it back (``dtf eval``, ``dtf predict``, the Evaluate view) is
:func:`dtf_gui.core.runs.artifacts.load_ensemble`. :func:`top_k_runs` ranks runs by validation accuracy;
:func:`search_top_runs` takes the runs of a search's best trials (``dtf ensemble --study``, the Search tab).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import ExportError
from dtf_gui.core.experiments.index import summarise_run
from dtf_gui.core.fileio import display_name
from dtf_gui.core.messages import msg
from dtf_gui.core.runs.ensemble import EnsembleWritten, export_ensemble
from dtf_gui.core.runs.rundir import is_run_dir


@dataclass(frozen=True)
class EnsembleRequest:
    """Which models (run folders or single bundles) to average, with which weights (None: equal), and where."""

    members: tuple[Path, ...]
    out: Path
    weights: tuple[float, ...] | None = None
    force: bool = False
    which: str = "best"
    onnx: bool = True


def parse_weights(text: str | None) -> tuple[float, ...] | None:
    """``"1,1,2"`` -> (1.0, 1.0, 2.0); empty -> None (equal weights). Not numbers: ExportError saying so."""
    if text is None or not text.strip():
        return None
    try:
        values = tuple(float(t) for t in text.split(","))
    except ValueError:
        raise ExportError(msg("ensemble.weights_text", text=text)) from None
    if not all(math.isfinite(v) for v in values):
        raise ExportError(msg("ensemble.weights_text", text=text))
    return values


def make_ensemble(request: EnsembleRequest, *, stop: StopToken | None = None,
                  progress: Progress | None = None) -> EnsembleWritten:
    """Write the ensemble bundle of ``request``; refusals name the runs, the classes or the weight at fault.

    It cannot stop halfway (a half-written bundle is worse than a finished one), so ``stop`` is not consulted.
    """
    return export_ensemble(list(request.members), request.out, request.weights, which=request.which,
                           force=request.force, onnx=request.onnx, progress=progress)


def top_k_runs(runs: Sequence[str | Path], k: int) -> list[Path]:
    """The ``k`` runs with the highest best validation accuracy, best first (ties: the order given).

    A run without a validation accuracy is refused by name rather than silently ranked last.
    """
    if k < 2:
        raise ExportError(msg("ensemble.top_k", k=k))
    scored = []
    for i, r in enumerate(runs):
        acc = summarise_run(r).best_val_acc
        if acc is None:
            raise ExportError(msg("ensemble.no_accuracy", path=display_name(r)))
        scored.append((-acc, i, Path(r)))
    return [p for _, _, p in sorted(scored)[:k]]


def search_top_runs(storage: str, study: str, k: int) -> list[Path]:
    """The run folders of the ``k`` best COMPLETE trials of a search study, best first (ties: lower trial number).

    A study with fewer than ``k`` complete trials gives them all; fewer than 2 is refused (an ensemble of one
    is that run). Pruned trials never count: their runs stopped early. A trial whose run folder was moved or
    deleted is refused by number and path rather than silently skipped (the user asked for *these* trials).
    A SQLite file that does not exist is refused before Optuna would create an empty one.
    """
    from dtf_gui.core.experiments.search import study_summary  # lazy: optuna and SQLAlchemy

    if k < 2:
        raise ExportError(msg("ensemble.top_k", k=k))
    if storage.startswith("sqlite:///"):
        db = storage.split("///", 1)[1]
        if db and db != ":memory:" and not Path(db).is_file():
            raise ExportError(msg("ensemble.no_search_db", path=display_name(db)))
    summary = study_summary(storage, study, importances=False)
    complete = [t for t in summary.leaderboard() if t.state == "COMPLETE" and t.value is not None]
    if len(complete) < 2:
        raise ExportError(msg("ensemble.study_too_few", study=display_name(study), n=len(complete)))
    runs = []
    for t in complete[:k]:
        if not t.run_dir or not is_run_dir(t.run_dir):
            raise ExportError(msg("ensemble.trial_run_missing", number=t.number, study=display_name(study),
                                  path=display_name(t.run_dir or "-")))
        runs.append(Path(t.run_dir))
    return runs
