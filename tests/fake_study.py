"""An Optuna study written straight into a SQLite database with Optuna's own API (no training): trials with
the values, states and run folders a test chooses, for "ensemble the top k of a search"."""

from __future__ import annotations

import functools
from pathlib import Path

import optuna


@functools.lru_cache(maxsize=8)
def _storage(url: str) -> optuna.storages.RDBStorage:
    """One storage per database: opening one checks the schema (about a second), so once, not per study."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna.storages.RDBStorage(url)


def make_study(db: Path, name: str, trials: list[tuple[str, float | None, Path | None]]) -> str:
    """``trials``: (state, value, run folder) in trial-number order; returns the storage URL."""
    url = f"sqlite:///{db}"
    study = optuna.create_study(storage=_storage(url), study_name=name, direction="maximize")
    dist = {"train.lr": optuna.distributions.FloatDistribution(1e-4, 1e-1, log=True)}
    for i, (state, value, run_dir) in enumerate(trials):
        attrs = {"run_dir": str(run_dir)} if run_dir is not None else {}
        study.add_trial(optuna.trial.create_trial(
            params={"train.lr": 1e-3 * (i + 1)}, distributions=dist, value=value,
            state=getattr(optuna.trial.TrialState, state), user_attrs=attrs,
            intermediate_values={1: value if value is not None else 0.1}))
    return url
