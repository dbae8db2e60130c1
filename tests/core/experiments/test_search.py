"""Hyper-parameter search: the space document's errors, the grid, pruning, resuming, a killed trial."""

from __future__ import annotations

import json
import time
from pathlib import Path

import optuna
import pytest

from dtf_gui.core.errors import ConfigError
from dtf_gui.core.experiments.search import SearchRequest, open_storage, run_search, study_summary
from dtf_gui.core.experiments.search_space import load_space, parse_space
from dtf_gui.core.runs.rundir import RUN_JSON
from tests.core.training.tiny import tiny_config, write_tiny_folder


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_folder(tmp_path_factory.mktemp("search_data"), n_train=4, n_val=2, size=16)


def _base(data: Path, runs: Path, **kw: object):
    return tiny_config(data, runs, **{"model__arch": "mobilenet_v3_small", "train__epochs": 1, **kw})


LR2 = {"type": "categorical", "choices": [0.001, 0.01]}
BS2 = {"type": "categorical", "choices": [4, 8]}


# -- the space document --------------------------------------------------------------------------------
@pytest.mark.parametrize(("params", "key", "words"), [
    ({"train.learning_rate": LR2}, "train.learning_rate", "not a run setting"),
    ({"train.lr": {"type": "uniform", "low": 0.1, "high": 0.2}}, "train.lr", "type"),
    ({"train.lr": {"type": "float", "low": 0.1, "high": 20.0}}, "train.lr", "train.lr"),
    ({"train.lr": {"type": "float", "low": 0.0, "high": 0.1, "log": True}}, "train.lr", "above 0"),
    ({"model.arch": {"type": "categorical", "choices": []}}, "model.arch", "non-empty"),
    ({"pipeline.train.Blur.sigma": {"type": "float", "low": 0.1, "high": 1}}, "pipeline.train.Blur.sigma", "no step"),
    ({"pipeline.train.RandomHorizontalFlip.p": {"type": "float", "low": 0.0, "high": 2.0}},
     "pipeline.train.RandomHorizontalFlip.p", "p"),
])
def test_space_errors_name_the_key(tmp_path: Path, params: dict, key: str, words: str) -> None:
    base = _base(tmp_path, tmp_path / "runs")
    with pytest.raises(ConfigError) as info:
        parse_space({"schema_version": 1, "params": params}, base)
    assert key in str(info.value) and words in str(info.value)
    assert info.value.field == key


def test_space_file_error_names_file_and_key(tmp_path: Path) -> None:
    base = _base(tmp_path, tmp_path / "runs")
    path = tmp_path / "space.json"
    path.write_text(json.dumps({"params": {"train.epochz": BS2}}))
    with pytest.raises(ConfigError) as info:
        load_space(path, base)
    assert str(path) in str(info.value) and "train.epochz" in str(info.value)


def test_grid_refuses_float_range_without_step(tmp_path: Path) -> None:
    base = _base(tmp_path, tmp_path / "runs")
    space = parse_space({"params": {"train.lr": {"type": "float", "low": 1e-4, "high": 1e-2, "log": True}}}, base)
    with pytest.raises(ConfigError) as info:
        run_search(SearchRequest(base, space, sampler="grid"))
    assert "train.lr" in str(info.value) and "step" in str(info.value)
    assert not (tmp_path / "runs" / "search.db").exists()


def test_pipeline_param_applies_to_the_run(data: Path, tmp_path: Path) -> None:
    from dtf_gui.core.experiments.search_space import apply_params
    base = _base(data, tmp_path / "runs")
    cfg = apply_params(base, {"pipeline.train.RandomHorizontalFlip.p": 0.25, "train.lr": 0.02})
    assert cfg.pipeline.train[1].params["p"] == 0.25 and cfg.train.lr == 0.02
    assert base.pipeline.train[1].params["p"] == 0.5


# -- real tiny searches ----------------------------------------------------------------------------------
def test_grid_2x2_runs_exactly_the_four_combinations(data: Path, tmp_path: Path) -> None:
    base = _base(data, tmp_path / "runs")
    space = parse_space({"params": {"train.lr": LR2, "train.batch_size": BS2}}, base)
    seen = []
    result = run_search(SearchRequest(base, space, sampler="grid", pruner="none"), on_trial=seen.append)
    trials = result.summary.trials
    assert sorted((t.params["train.lr"], t.params["train.batch_size"]) for t in trials) == [
        (0.001, 4), (0.001, 8), (0.01, 4), (0.01, 8)]
    assert [t.state for t in trials] == ["COMPLETE"] * 4 and len(seen) == 4
    dirs = {t.run_dir for t in trials}
    assert len(dirs) == 4 and all((Path(d) / RUN_JSON).is_file() for d in dirs)
    for t in trials:  # each run trained with its trial's values
        cfg = json.loads((Path(t.run_dir) / "config.json").read_text())
        assert (cfg["train"]["lr"], cfg["train"]["batch_size"]) == (t.params["train.lr"], t.params["train.batch_size"])
    assert (tmp_path / "runs" / "search.db").is_file()
    assert result.summary.best is not None and result.summary.best.value == max(t.value for t in trials)
    # the same command again: the grid is done, nothing more runs
    again = run_search(SearchRequest(base, space, sampler="grid", pruner="none"))
    assert len(again.summary.trials) == 4


def test_pruner_stops_the_run_and_marks_the_trial_pruned(data: Path, tmp_path: Path) -> None:
    base = _base(data, tmp_path / "runs", train__epochs=3)
    space = parse_space({"params": {"train.lr": LR2}}, base)
    result = run_search(SearchRequest(base, space, n_trials=1, sampler="random", seed=0,
                                      pruner=optuna.pruners.ThresholdPruner(lower=1.1)))
    (trial,) = result.summary.trials
    assert trial.state == "PRUNED" and trial.run_dir
    run = json.loads((Path(trial.run_dir) / RUN_JSON).read_text())
    assert run["status"] == "stopped" and run["epochs_done"] < 3


def test_rerun_continues_the_study_up_to_the_total(data: Path, tmp_path: Path) -> None:
    base = _base(data, tmp_path / "runs")
    space = parse_space({"params": {"train.lr": {"type": "float", "low": 1e-3, "high": 1e-1, "log": True}}}, base)
    first = run_search(SearchRequest(base, space, n_trials=1, sampler="random", pruner="none", seed=1))
    assert len(first.summary.trials) == 1
    second = run_search(SearchRequest(base, space, n_trials=2, sampler="random", pruner="none", seed=1))
    assert second.summary.study == first.summary.study
    assert [t.number for t in second.summary.trials] == [0, 1]
    assert second.summary.trials[0].params != second.summary.trials[1].params  # not the same draw again
    third = run_search(SearchRequest(base, space, n_trials=2, sampler="random", pruner="none", seed=1))
    assert len(third.summary.trials) == 2  # the total is reached: nothing more


@pytest.mark.filterwarnings("ignore:Heartbeat of storage")
def test_trial_left_running_by_a_dead_process_is_failed_and_retried(data: Path, tmp_path: Path) -> None:
    base = _base(data, tmp_path / "runs")
    space = parse_space({"params": {"train.lr": LR2}}, base)
    request = SearchRequest(base, space, n_trials=1, sampler="random", pruner="none", heartbeat_s=1, study="s")
    storage = open_storage(request.storage_url(), heartbeat_s=1)
    study = optuna.create_study(study_name="s", storage=storage, direction="maximize")
    dead = study.ask()  # a process took a trial, beat once and was killed
    dead.suggest_categorical("train.lr", [0.001, 0.01])
    dead.set_user_attr("run_dir", "killed-run")
    storage.record_heartbeat(dead._trial_id)
    time.sleep(3.1)  # well past the grace period (2 heartbeats; the database keeps whole seconds)
    result = run_search(request)
    killed, retry = result.summary.trials
    assert killed.state == "FAIL" and killed.run_dir == "killed-run"
    assert retry.state == "COMPLETE" and retry.params == killed.params and Path(retry.run_dir).is_dir()
    assert study_summary(request.storage_url(), "s").counts["RUNNING"] == 0


def test_user_stop_mid_trial_stops_the_run_cleanly_and_a_rerun_trains_that_slot(data: Path, tmp_path: Path,
                                                                                 monkeypatch) -> None:
    from dtf_gui.core.cancel import StopToken
    from dtf_gui.core.experiments import search

    user = StopToken()
    real_train = search.train

    class StopAtFirstBatch:  # the user presses Stop while the first batch trains
        def __init__(self, inner: object) -> None:
            self.inner = inner

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

        def on_batch_end(self, e: object) -> None:
            user.stop()

    monkeypatch.setattr(search, "train", lambda config, *, callbacks, stop: real_train(
        config, callbacks=StopAtFirstBatch(callbacks), stop=stop))
    base = _base(data, tmp_path / "runs", train__epochs=2, train__batch_size=4)
    space = parse_space({"params": {"train.lr": LR2}}, base)
    request = SearchRequest(base, space, n_trials=1, sampler="random", pruner="none", seed=0)
    result = run_search(request, stop=user)
    (trial,) = result.summary.trials
    assert result.stopped and trial.state == "FAIL" and "stopped" in trial.error
    assert json.loads((Path(trial.run_dir) / RUN_JSON).read_text())["status"] == "stopped"
    monkeypatch.setattr(search, "train", real_train)
    again = run_search(request)
    assert [t.state for t in again.summary.trials] == ["FAIL", "COMPLETE"] and not again.stopped


def test_opening_a_database_another_process_is_creating_is_retried(tmp_path: Path, monkeypatch) -> None:
    """Two `dtf search` started together on a new SQLite file: one loses the race to create the tables
    (IntegrityError on alembic_version) and must try again, not exit with an error."""
    real = optuna.storages.RDBStorage
    calls = []

    def racing(url: str, **kw: object) -> object:
        calls.append(url)
        if len(calls) == 1:
            raise RuntimeError("(sqlite3.IntegrityError) UNIQUE constraint failed: alembic_version.version_num")
        return real(url, **kw)

    monkeypatch.setattr(optuna.storages, "RDBStorage", racing)
    storage = open_storage(f"sqlite:///{tmp_path / 'new' / 'search.db'}")
    assert len(calls) == 2 and storage.get_all_studies() == []


def test_the_collection_after_each_trial_skips_what_lived_before_the_search(tmp_path: Path, monkeypatch) -> None:
    # A full gc.collect() after each trial scans every object of the process (in the app: Qt, torch, the plots)
    # and holds the GIL for most of a second, freezing the GUI thread. The objects alive before the search are
    # frozen instead, so the collection after a trial scans only the trial's; a cycle a trial leaves is still freed.
    import gc
    import types
    import weakref

    from dtf_gui.core.experiments import search

    class Node:
        pass

    seen: list[tuple[int, bool]] = []  # per trial: frozen objects, the previous trial's cycle still alive
    cycles: list[weakref.ref] = []

    def fake_train(config, *, callbacks, stop):
        seen.append((gc.get_freeze_count(), bool(cycles) and cycles[-1]() is not None))
        a, b = Node(), Node()
        a.other, b.other = b, a  # garbage only a collection frees
        cycles.append(weakref.ref(a))
        return types.SimpleNamespace(run_dir=tmp_path / f"run{len(seen)}", status="completed", best_val_acc=0.5)

    monkeypatch.setattr(search, "train", fake_train)
    base = _base(tmp_path, tmp_path / "runs")
    request = SearchRequest(base, parse_space({"schema_version": 1, "params": {"train.lr": LR2}}, base),
                            n_trials=3, sampler="random", pruner="none", heartbeat_s=0)
    run_search(request)
    assert [n > 1000 for n, _ in seen] == [True, True, True]  # the process's objects were frozen for each trial
    assert [alive for _, alive in seen] == [False, False, False]  # each trial's cycle was freed before the next
    assert gc.get_freeze_count() == 0  # and thawed after the search
