"""The ensemble use case: weights parsed from text, runs ranked by validation accuracy for "top k"."""

from __future__ import annotations

import json

import pytest
from dtf_run_factory import make_run, write_images

from dtf_gui.core.errors import ExportError
from dtf_gui.core.experiments.ensemble import parse_weights, top_k_runs


def test_parse_weights():
    assert parse_weights("1, 1,2") == (1.0, 1.0, 2.0)
    assert parse_weights("") is None
    with pytest.raises(ExportError, match="not numbers separated by commas"):
        parse_weights("1;2")
    with pytest.raises(ExportError, match="not numbers"):
        parse_weights("1,nan")


def test_top_k_runs_ranks_by_best_val_acc(tmp_path):
    data = write_images(tmp_path / "data", per_class=1, size=8)
    runs = []
    for name, acc in (("a", 0.5), ("b", 0.9), ("c", 0.7)):
        make_run(tmp_path / name, data, image_size=8)
        info = json.loads((tmp_path / name / "run.json").read_text())
        (tmp_path / name / "run.json").write_text(json.dumps({**info, "best_val_acc": acc}))
        runs.append(tmp_path / name)
    assert top_k_runs(runs, 2) == [tmp_path / "b", tmp_path / "c"]
    with pytest.raises(ExportError, match="at least 2"):
        top_k_runs(runs, 1)


# -- the top k of a search ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def search_db(tmp_path_factory):
    """One database, three studies over fake run folders: "ranked" (trial 3 pruned; trials 1 and 4 tie),
    "one" (a single complete trial), "gone" (the 2nd best trial's run folder is not there)."""
    from tests.fake_runs import make_fake_run
    from tests.fake_study import make_study

    ws = tmp_path_factory.mktemp("search_ws")
    runs = [make_fake_run(ws, f"run{i}") for i in range(6)]
    values = [0.5, 0.8, 0.9, None, 0.8, 0.6]
    url = make_study(ws / "search.db", "ranked", [("COMPLETE" if v is not None else "PRUNED", v, r)
                                                  for v, r in zip(values, runs, strict=True)])
    make_study(ws / "search.db", "one", [("COMPLETE", 0.5, runs[0]), ("PRUNED", None, runs[1])])
    make_study(ws / "search.db", "gone", [("COMPLETE", 0.5, runs[0]), ("COMPLETE", 0.9, runs[1]),
                                          ("COMPLETE", 0.7, ws / "deleted-run")])
    return url, runs, ws


def test_search_top_runs_are_the_best_complete_trials_best_first(search_db):
    from dtf_gui.core.experiments.ensemble import search_top_runs

    url, runs, _ = search_db
    assert search_top_runs(url, "ranked", 3) == [runs[2], runs[1], runs[4]]  # the pruned trial 3 never counts
    assert search_top_runs(url, "ranked", 2) == [runs[2], runs[1]]
    assert search_top_runs(url, "ranked", 10) == [runs[2], runs[1], runs[4], runs[5], runs[0]]  # all complete


def test_search_top_runs_refusals_name_the_study_and_the_trial(search_db):
    from dtf_gui.core.experiments.ensemble import search_top_runs

    url, runs, ws = search_db
    with pytest.raises(ExportError) as info:
        search_top_runs(url, "one", 3)
    assert "Study one has 1 complete trial" in str(info.value)
    with pytest.raises(ExportError, match="at least 2"):
        search_top_runs(url, "ranked", 1)
    with pytest.raises(ExportError) as info:
        search_top_runs(url, "gone", 2)
    assert "trial 2 of study gone" in str(info.value) and str(ws / "deleted-run") in str(info.value)


def test_search_top_runs_names_a_missing_database_and_creates_none(search_db, tmp_path):
    from dtf_gui.core.errors import DtfError
    from dtf_gui.core.experiments.ensemble import search_top_runs

    db = tmp_path / "nowhere" / "search.db"
    with pytest.raises(DtfError) as info:
        search_top_runs(f"sqlite:///{db}", "s", 3)
    assert str(db) in str(info.value)
    assert not db.exists() and not db.parent.exists()
    with pytest.raises(DtfError, match="no study \"other\""):
        search_top_runs(search_db[0], "other", 2)
