"""Hyper-parameter search: an Optuna study in a real database, each trial an ordinary run in the workspace.

Why Optuna's RDB storage: the study lives in a file (SQLite, ``<workspace>/search.db`` by default) or a
server (any Optuna RDB URL), so a killed search continues with the same command, several ``dtf search``
processes on one storage and study share the work (each asks the study for its next trial; trial numbers
are handed out by the database), and the Search tab reads the same study the CLI writes.

A trial applies its sampled values to the base configuration (:func:`search_space.apply_params`: the run's
own validation) and calls :func:`~dtf_gui.core.training.engine.train`, so every trial is a run folder in the
workspace that can be evaluated, resumed and exported. The val accuracy of each epoch is reported to the
pruner; when the pruner says stop, the run is stopped through its StopToken (run.json says "stopped") and
the trial is PRUNED. The trial's value is the run's best val accuracy (the epoch ``best.pt`` holds).

Nothing lost silently: the run folder is stored on the trial as soon as the run starts; the storage keeps a
heartbeat per running trial, so a trial whose process was killed is marked FAIL by the next process that
works on the study, and retried once with the same values (``RetryHeartbeatStaleTrialCallback``). The trial
budget counts every finished trial already in the study (as Optuna's ``MaxTrialsCallback`` does), so a rerun
or a second process adds up to one total instead of starting again.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.config import RunConfig
from dtf_gui.core.errors import ConfigError, DtfError
from dtf_gui.core.experiments.search_space import SearchSpace, apply_params
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.training.callbacks import BaseCallbacks
from dtf_gui.core.training.engine import train
from dtf_gui.core.training.events import EpochEnded, RunStarted

SAMPLERS = ("grid", "random", "tpe")
PRUNERS = ("median", "hyperband", "none")
METRIC = "val_acc"
DB_NAME = "search.db"
HEARTBEAT_S = 5  # a killed process's trial is failed ~2 heartbeats later by whoever works on the study
MEDIAN_STARTUP_TRIALS = 3  # trials that finish unpruned before the median pruner judges others
OPEN_ATTEMPTS = 5  # opening a database: a new one may be being created by another process


@dataclass(frozen=True)
class SearchRequest:
    """What to search: the base run configuration, the space, the budget, the sampler and pruner."""

    base_config: RunConfig
    space: SearchSpace
    n_trials: int | None = None  # total finished trials in the study (all processes, earlier runs included)
    timeout_s: float | None = None  # this process's time budget
    sampler: str = "tpe"
    pruner: Any = "median"  # "median" | "hyperband" | "none" or an optuna pruner object
    storage: str | None = None  # default sqlite:///<workspace>/search.db
    study: str | None = None  # default derived from the base configuration and the space
    seed: int | None = None
    heartbeat_s: int = HEARTBEAT_S

    def storage_url(self) -> str:
        if self.storage:
            return self.storage
        return f"sqlite:///{Path(self.base_config.runs_dir).expanduser().resolve() / DB_NAME}"

    def study_name(self) -> str:
        if self.study:
            return self.study
        base = self.base_config.to_json()
        base.pop("runs_dir", None)
        text = json.dumps({"base": base, "space": self.space.to_json()}, sort_keys=True)
        return f"search-{self.base_config.model.arch}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"

    def validate(self) -> None:
        if self.sampler not in SAMPLERS:
            raise ConfigError(msg("search.bad_sampler", got=self.sampler, choices=", ".join(SAMPLERS)), field="sampler")
        if isinstance(self.pruner, str) and self.pruner not in PRUNERS:
            raise ConfigError(msg("search.bad_pruner", got=self.pruner, choices=", ".join(PRUNERS)), field="pruner")
        if self.n_trials is not None and self.n_trials < 1:
            raise ConfigError(msg("search.bad_trials", got=self.n_trials), field="n_trials")
        if self.timeout_s is not None and not (self.timeout_s > 0):
            raise ConfigError(msg("search.bad_timeout", got=self.timeout_s), field="timeout_s")
        if self.sampler == "grid":
            self.space.grid()  # refuses a continuous range, naming the key
        elif self.n_trials is None and self.timeout_s is None:
            raise ConfigError(msg("search.no_budget"), field="n_trials")


@dataclass(frozen=True)
class TrialRow:
    number: int
    state: str  # COMPLETE | PRUNED | FAIL | RUNNING | WAITING
    value: float | None
    params: dict[str, Any]
    run_dir: str
    duration_s: float | None
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "state": self.state, "value": self.value, "params": self.params,
                "run_dir": self.run_dir, "duration_s": self.duration_s, "error": self.error}


@dataclass(frozen=True)
class StudySummary:
    """What the leaderboard, the plots and ``dtf search --json`` show."""

    study: str
    storage: str
    trials: list[TrialRow]
    best: TrialRow | None
    counts: dict[str, int]
    importances: dict[str, float] = field(default_factory=dict)
    space_keys: list[str] = field(default_factory=list)

    def leaderboard(self) -> list[TrialRow]:
        """Finished trials with a value, best first, then the rest by number."""
        valued = sorted((t for t in self.trials if t.value is not None and t.state == "COMPLETE"),
                        key=lambda t: (-(t.value or 0.0), t.number))
        rest = [t for t in self.trials if t not in valued]
        return valued + rest

    def to_json(self) -> dict[str, Any]:
        return {"study": self.study, "storage": self.storage, "metric": METRIC, "direction": "maximize",
                "counts": self.counts, "best": self.best.to_json() if self.best else None,
                "importances": self.importances, "trials": [t.to_json() for t in self.trials]}


@dataclass(frozen=True)
class SearchResult:
    summary: StudySummary
    stopped: bool  # the user stopped the search
    message: Message | str = ""


# -- storage and study -------------------------------------------------------------------------------
def _quiet_optuna() -> Any:
    import optuna  # lazy: optuna (and SQLAlchemy) load only when a search runs

    optuna.logging.set_verbosity(optuna.logging.WARNING)  # the CLI and GUI say what happened themselves
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)  # heartbeat API, by choice
    return optuna


def open_storage(url: str, *, heartbeat_s: int | None = None) -> Any:
    """An RDBStorage; SQLite waits for a lock held by another process rather than failing at once."""
    optuna = _quiet_optuna()
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite:"):
        kwargs["engine_kwargs"] = {"connect_args": {"timeout": 60}}
        if "///" in url:  # a file: its folder must exist
            Path(url.split("///", 1)[-1]).parent.mkdir(parents=True, exist_ok=True)
    if heartbeat_s:
        from optuna.storages import RetryHeartbeatStaleTrialCallback

        kwargs.update(heartbeat_interval=int(heartbeat_s), grace_period=2 * int(heartbeat_s),
                      heartbeat_stale_trial_callback=RetryHeartbeatStaleTrialCallback(max_retry=1))
    error: Exception | None = None
    for attempt in range(OPEN_ATTEMPTS):
        try:
            return optuna.storages.RDBStorage(url, **kwargs)
        except Exception as e:  # SQLAlchemy/driver errors: the URL or the server is wrong, or a race
            error = e  # two processes creating the tables of a new database at once: the loser retries
            time.sleep(0.2 * (attempt + 1))
    assert error is not None
    raise ConfigError(msg("search.bad_storage", url=url, reason=str(error).splitlines()[0] if str(error) else
                          type(error).__name__), field="storage") from error


def _sampler(request: SearchRequest, n_existing: int) -> Any:
    optuna = _quiet_optuna()
    # A rerun must not replay the first run's sequence: the seed moves on with the trials already there.
    seed = None if request.seed is None else request.seed + n_existing
    if request.sampler == "grid":
        return optuna.samplers.GridSampler(request.space.grid(), seed=seed)
    if request.sampler == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    startup = min(10, max(2, (request.n_trials or 40) // 4))
    return optuna.samplers.TPESampler(seed=seed, n_startup_trials=startup)


def _pruner(request: SearchRequest) -> Any:
    optuna = _quiet_optuna()
    if not isinstance(request.pruner, str):
        return request.pruner
    if request.pruner == "median":
        return optuna.pruners.MedianPruner(n_startup_trials=MEDIAN_STARTUP_TRIALS, n_warmup_steps=0)
    if request.pruner == "hyperband":
        return optuna.pruners.HyperbandPruner(min_resource=1, max_resource=max(1, request.base_config.train.epochs),
                                              reduction_factor=3)
    return optuna.pruners.NopPruner()


# -- the trial ---------------------------------------------------------------------------------------
class _TrialStop(StopToken):
    """The trial's own token (the pruner stops it) that also obeys the search's token (the user)."""

    def __init__(self, parent: StopToken) -> None:
        super().__init__()
        self.parent = parent

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set() or self.parent.stop_requested

    @property
    def paused(self) -> bool:
        return self.parent.paused

    def wait_if_paused(self, timeout: float | None = None) -> bool:
        if self._stop.is_set():
            return True
        return self.parent.wait_if_paused(timeout) or self._stop.is_set()


class _TrialCallbacks(BaseCallbacks):
    def __init__(self, trial: Any, token: _TrialStop) -> None:
        self.trial = trial
        self.token = token
        self.pruned = False

    def on_run_start(self, e: RunStarted) -> None:
        self.trial.set_user_attr("run_dir", e.run_dir)  # known even if the process is killed mid-run

    def on_epoch_end(self, e: EpochEnded) -> None:
        value = float(e.val_acc)
        self.trial.report(value if math.isfinite(value) else 0.0, e.epoch)
        if e.epoch < e.epochs and self.trial.should_prune():
            self.pruned = True
            self.token.stop()


class _UserStopped(Exception):
    """The user stopped the search mid-trial: the trial is FAIL (its run folder says "stopped")."""


def _objective(request: SearchRequest, stop: StopToken) -> Callable[[Any], float]:
    optuna = _quiet_optuna()

    def objective(trial: Any) -> float:
        params = {p.key: p.suggest(trial) for p in request.space.params}
        config = apply_params(request.base_config, params)
        token = _TrialStop(stop)
        cb = _TrialCallbacks(trial, token)
        try:
            result = train(config, callbacks=cb, stop=token)
        except DtfError as e:
            trial.set_user_attr("error", render(e.message, "en"))
            raise
        except Exception as e:
            trial.set_user_attr("error", f"{type(e).__name__}: {e}")
            raise
        trial.set_user_attr("run_dir", str(result.run_dir))
        trial.set_user_attr("status", result.status)
        if cb.pruned:
            trial.set_user_attr("pruned", True)
            raise optuna.TrialPruned()
        if stop.stop_requested:
            trial.set_user_attr("stopped", True)  # FAIL, not counted: a rerun trains this budget slot again
            raise _UserStopped()
        return float(result.best_val_acc)

    return objective


# -- the use case --------------------------------------------------------------------------------------
def run_search(request: SearchRequest, *, stop: StopToken | None = None, progress: Progress | None = None,
               on_trial: Callable[[TrialRow], None] | None = None) -> SearchResult:
    """Run (or continue) the study until the budget is spent, the grid is done or the user stops."""
    request.validate()
    optuna = _quiet_optuna()
    from optuna.trial import TrialState

    stop = stop or StopToken()
    Path(request.base_config.runs_dir).expanduser().mkdir(parents=True, exist_ok=True)
    url, name = request.storage_url(), request.study_name()
    storage = open_storage(url, heartbeat_s=request.heartbeat_s)
    study = optuna.create_study(study_name=name, storage=storage, direction="maximize", load_if_exists=True)
    if not study.metric_names:
        study.set_metric_names([METRIC])
    optuna.storages.fail_stale_trials(study)  # a trial left RUNNING by a killed process is failed (and retried)
    existing = len(study.get_trials(deepcopy=False))
    study.sampler = _sampler(request, existing)
    study.pruner = _pruner(request)
    total = request.n_trials if request.n_trials is not None else (
        request.space.grid_size() if request.sampler == "grid" else None)

    def n_finished() -> int:
        """Trials that spend the budget: complete, pruned, or failed with an error (a trial whose process was
        killed is retried instead, and one the user stopped is trained again by a rerun: neither counts)."""
        return sum(t.state in (TrialState.COMPLETE, TrialState.PRUNED)
                   or (t.state == TrialState.FAIL and "error" in t.user_attrs)
                   for t in study.get_trials(deepcopy=False))

    def after_trial(st: Any, frozen: Any) -> None:
        done = n_finished()
        if on_trial is not None:
            on_trial(_row(frozen))
        if progress is not None and total:
            progress(min(done, total), total)
        if stop.stop_requested or (total is not None and done >= total):
            st.stop()  # the shared total is reached (by this process or another) or the user stopped

    remaining = None if total is None else total - n_finished()
    if (remaining is None or remaining > 0) and not stop.stop_requested:
        # Optuna collects garbage after each trial (a trial's cycles may hold a model: GPU memory). A full
        # collection scans every object of the process -- in the app Qt's, torch's and the plots', most of a
        # second holding the GIL, the GUI frozen meanwhile -- so what lived before the search is frozen out
        # of it: the collection after a trial scans the trial's objects only. Thawed when the search ends.
        gc.freeze()
        try:
            study.optimize(_objective(request, stop), n_trials=None, timeout=request.timeout_s,
                           callbacks=[after_trial], catch=(DtfError, _UserStopped), gc_after_trial=True)
        finally:
            gc.unfreeze()
    optuna.storages.fail_stale_trials(study)
    summary = study_summary(url, name)
    stopped = stop.stop_requested
    return SearchResult(summary, stopped, msg("search.stopped" if stopped else "search.done", study=name,
                                              n=len(summary.trials)))


def _row(t: Any) -> TrialRow:
    duration = t.duration.total_seconds() if t.duration is not None else None
    return TrialRow(number=int(t.number), state=t.state.name, value=None if t.value is None else float(t.value),
                    params=dict(t.params), run_dir=str(t.user_attrs.get("run_dir", "")), duration_s=duration,
                    error=str(t.user_attrs.get("error", "stopped by the user" if t.user_attrs.get("stopped") else "")))


def study_summary(storage: str | Any, study: str, *, importances: bool = True) -> StudySummary:
    """Read a study (any process may be writing it): trials, best, counts and parameter importances
    (``importances=False``: not computed; they fit a forest, seconds that ranking trials does not need)."""
    optuna = _quiet_optuna()

    store = open_storage(storage) if isinstance(storage, str) else storage
    try:
        s = optuna.load_study(study_name=study, storage=store)
    except KeyError as e:
        raise ConfigError(msg("search.no_study", study=study, storage=str(storage)), field="study") from e
    trials = s.get_trials(deepcopy=False)
    rows = [_row(t) for t in trials]
    complete = [r for r in rows if r.state == "COMPLETE" and r.value is not None]
    best = max(complete, key=lambda r: (r.value or 0.0, -r.number)) if complete else None
    counts = {k: sum(r.state == k for r in rows) for k in ("COMPLETE", "PRUNED", "FAIL", "RUNNING", "WAITING")}
    importance: dict[str, float] = {}
    if importances and len(complete) >= 2:
        try:
            importance = {k: float(v) for k, v in optuna.importance.get_param_importances(
                s, evaluator=optuna.importance.MeanDecreaseImpurityImportanceEvaluator(seed=0)).items()}
        except (RuntimeError, ValueError, ZeroDivisionError):
            importance = {}  # e.g. every complete trial has the same values
    keys = sorted({k for t in trials for k in t.params})
    return StudySummary(study=study, storage=str(storage), trials=rows, best=best, counts=counts,
                        importances=importance, space_keys=keys)


def best_config(summary: StudySummary, base: RunConfig) -> RunConfig | None:
    """The base configuration with the best trial's values (what "Use best settings" applies)."""
    if summary.best is None:
        return None
    return apply_params(base, summary.best.params)


def history(summary: StudySummary) -> tuple[list[int], list[float], list[float]]:
    """Optimisation history: trial numbers, their values and the best value so far (complete trials)."""
    xs, ys, best = [], [], []
    top = -math.inf
    for t in sorted(summary.trials, key=lambda r: r.number):
        if t.state == "COMPLETE" and t.value is not None:
            top = max(top, t.value)
            xs.append(t.number)
            ys.append(t.value)
            best.append(top)
    return xs, ys, best

