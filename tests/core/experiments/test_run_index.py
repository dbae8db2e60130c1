"""The workspace's run index: what each run's status is (a killed run is "interrupted", not "running"), a
damaged run listed with its reason, tags and notes kept, and a trash that gives a run back byte for byte."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fake_runs import make_fake_run, tree_bytes

from dtf_gui.core.experiments.index import (
    TRASH_DIR,
    TRASH_JOURNAL,
    WorkspaceError,
    list_runs,
    restore_run,
    run_settings,
    set_run_meta,
    trash_run,
    trashed_runs,
)
from dtf_gui.core.messages import render
from dtf_gui.core.runs.rundir import RUN_JSON, RunLock, read_run_meta


def _by_name(workspace: Path) -> dict[str, object]:
    return {r.name: r for r in list_runs(workspace)}


def test_each_status_as_run_json_and_the_lock_say(tmp_path: Path) -> None:
    make_fake_run(tmp_path, "20260101-000001-a", "completed")
    make_fake_run(tmp_path, "20260101-000002-b", "early_stopped")
    make_fake_run(tmp_path, "20260101-000003-c", "stopped")
    make_fake_run(tmp_path, "20260101-000004-d", "failed")
    make_fake_run(tmp_path, "20260101-000005-killed", "running", lock="dead")
    make_fake_run(tmp_path, "20260101-000006-nolock", "running")
    lock = RunLock(make_fake_run(tmp_path, "20260101-000007-live", "running")).acquire()  # this live process
    try:
        runs = list_runs(tmp_path)
    finally:
        lock.release()
    assert [r.name[-6:] for r in runs] == ["7-live", "nolock", "killed", "0004-d", "0003-c", "0002-b", "0001-a"]
    status = {r.name.split("-", 2)[2]: r.status for r in runs}
    assert status == {"a": "finished", "b": "finished", "c": "stopped", "d": "failed", "killed": "interrupted",
                      "nolock": "interrupted", "live": "running"}
    # after the live process let go, the same run is interrupted
    assert _by_name(tmp_path)["20260101-000007-live"].status == "interrupted"


def test_a_summary_holds_what_the_table_shows(tmp_path: Path) -> None:
    make_fake_run(tmp_path, "20260102-101500-resnet18", "stopped", epochs_done=2, epochs=5, size=48,
                  accs=(0.25, 0.75), data_root="/d/flowers")
    r = list_runs(tmp_path)[0]
    assert (r.arch, r.data_root, r.image_size, r.epochs_done, r.epochs_planned) == ("resnet18", "/d/flowers", 48,
                                                                                  2, 5)
    assert r.best_val_acc == 0.75 and r.duration_s == 7.0 and r.created == "2026-01-02T10:15:00"
    assert r.resumable and r.problem is None


def test_a_damaged_run_is_listed_with_its_reason_and_the_others_still_are(tmp_path: Path) -> None:
    make_fake_run(tmp_path, "20260101-000001-good", "completed")
    bad = make_fake_run(tmp_path, "20260101-000002-bad", "completed")
    (bad / RUN_JSON).write_text("{ not json", encoding="utf-8")
    empty = tmp_path / "20260101-000003-empty"
    (empty / "checkpoints").mkdir(parents=True)
    (tmp_path / "not-a-run").mkdir()
    (tmp_path / "notes.txt").write_text("x")
    runs = _by_name(tmp_path)
    assert set(runs) == {"20260101-000001-good", "20260101-000002-bad", "20260101-000003-empty"}
    assert runs["20260101-000001-good"].status == "finished"
    for name in ("20260101-000002-bad", "20260101-000003-empty"):
        assert runs[name].status == "damaged" and runs[name].problem is not None
    assert "run.json" in render(runs["20260101-000002-bad"].problem, "en")
    assert "run.json" in render(runs["20260101-000003-empty"].problem, "zh_CN")


def test_listing_imports_no_torch(tmp_path: Path) -> None:
    make_fake_run(tmp_path, "20260101-000001-a", "completed")
    code = ("import sys; from dtf_gui.core.experiments.index import list_runs; "
            f"assert list_runs({str(tmp_path)!r})[0].status == 'finished'; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_tags_and_note_survive_a_new_listing(tmp_path: Path) -> None:
    run = make_fake_run(tmp_path, "20260101-000001-a")
    set_run_meta(run, tags=["baseline", " aug ", "baseline"], note="first try")
    set_run_meta(run, note="first try, lr too high")  # the tags stay
    r = list_runs(tmp_path)[0]
    assert r.tags == ("baseline", "aug") and r.note == "first try, lr too high"
    assert read_run_meta(run).tags == ("baseline", "aug")
    assert json.loads((run / "meta.json").read_text(encoding="utf-8"))["note"] == "first try, lr too high"


def test_trash_and_restore_give_the_folder_back_byte_for_byte(tmp_path: Path) -> None:
    run = make_fake_run(tmp_path, "20260101-000001-a", "stopped")
    set_run_meta(run, tags=["x"], note="keep me")
    before = tree_bytes(run)
    entry = trash_run(tmp_path, run)
    assert not run.exists() and [r.name for r in list_runs(tmp_path)] == []  # the trash is not listed
    assert tree_bytes(tmp_path / TRASH_DIR / entry.trash_name) == before
    journal = [json.loads(line) for line in (tmp_path / TRASH_DIR / TRASH_JOURNAL).read_text().splitlines()]
    assert journal == [{"op": "trash", "id": entry.id, "name": "20260101-000001-a",
                        "trash_name": entry.trash_name, "when": entry.when}]
    assert [e.id for e in trashed_runs(tmp_path)] == [entry.id]
    assert restore_run(tmp_path, entry.id) == run
    assert tree_bytes(run) == before and trashed_runs(tmp_path) == []
    assert [r.name for r in list_runs(tmp_path)] == ["20260101-000001-a"]


def test_a_second_run_of_the_same_name_in_the_trash_gets_its_own_name(tmp_path: Path) -> None:
    first = trash_run(tmp_path, make_fake_run(tmp_path, "r", "completed", epochs_done=1))
    second = trash_run(tmp_path, make_fake_run(tmp_path, "r", "completed", epochs_done=2))
    assert first.trash_name != second.trash_name
    assert {len(list((tmp_path / TRASH_DIR / e.trash_name).joinpath("metrics.csv").read_text().splitlines()))
            for e in (first, second)} == {2, 3}


def test_restore_never_replaces_a_folder_and_says_so(tmp_path: Path) -> None:
    run = make_fake_run(tmp_path, "r", "completed")
    entry = trash_run(tmp_path, run)
    run.mkdir()
    (run / "new.txt").write_text("the user's")
    with pytest.raises(WorkspaceError) as err:
        restore_run(tmp_path, entry)
    assert str(run) in str(err.value) and "never replaced" in err.value.render("en")
    assert (run / "new.txt").read_text() == "the user's" and (tmp_path / TRASH_DIR / entry.trash_name).is_dir()


def test_a_run_that_trains_now_is_not_trashed(tmp_path: Path) -> None:
    run = make_fake_run(tmp_path, "r", "running")
    lock = RunLock(run).acquire()
    try:
        with pytest.raises(WorkspaceError) as err:
            trash_run(tmp_path, run)
    finally:
        lock.release()
    assert "stop the training" in err.value.render("en") and run.is_dir()
    assert trash_run(tmp_path, run).name == "r"  # killed (no live holder): it may go


def test_only_a_run_of_this_workspace_goes_to_its_trash(tmp_path: Path) -> None:
    other = make_fake_run(tmp_path / "elsewhere", "r")
    (tmp_path / "ws").mkdir()
    with pytest.raises(WorkspaceError):
        trash_run(tmp_path / "ws", other)
    assert other.is_dir()


def test_run_settings_are_the_runs_config(tmp_path: Path) -> None:
    run = make_fake_run(tmp_path, "r", arch="mobilenet_v3_small", epochs=7)
    cfg = run_settings(run)
    assert cfg.model.arch == "mobilenet_v3_small" and cfg.train.epochs == 7
    with pytest.raises(WorkspaceError):
        run_settings(tmp_path)
