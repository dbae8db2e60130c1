"""`dtf runs`: the same list as the Runs tab -- JSON with each run's status (a killed run is "interrupted"),
a table, a status filter, and a damaged run's reason as text plus code."""

from __future__ import annotations

import json
from pathlib import Path

from fake_runs import make_fake_run

from dtf_gui.cli.main import main
from dtf_gui.core.messages import set_language
from dtf_gui.core.runs.rundir import RUN_JSON


def test_runs_json_lists_each_run_with_its_status(capsys, tmp_path: Path) -> None:
    make_fake_run(tmp_path, "20260101-000001-done", "completed", epochs_done=3, epochs=3, accs=(0.5, 0.9, 0.8))
    make_fake_run(tmp_path, "20260101-000002-killed", "running", lock="dead")
    bad = make_fake_run(tmp_path, "20260101-000003-bad")
    (bad / RUN_JSON).write_text("[1, 2]", encoding="utf-8")
    assert main(["runs", "--workspace", str(tmp_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["status"]) for r in rows] == [("20260101-000003-bad", "damaged"),
                                                        ("20260101-000002-killed", "interrupted"),
                                                        ("20260101-000001-done", "finished")]
    done = rows[2]
    assert (done["best_val_acc"], done["epochs_done"], done["epochs_planned"], done["duration_s"]) == (0.9, 3, 3,
                                                                                                     10.5)
    assert done["path"] == str(tmp_path / "20260101-000001-done") and done["problem"] is None
    assert rows[0]["problem"]["code"] == "experiments.run_json_not_object"
    assert "run.json" in rows[0]["problem"]["message"]


def test_runs_table_and_status_filter(capsys, tmp_path: Path) -> None:
    make_fake_run(tmp_path, "20260101-000001-done", "completed")
    make_fake_run(tmp_path, "20260101-000002-killed", "running", lock="dead")
    assert main(["runs", "--workspace", str(tmp_path), "--status", "interrupted"]) == 0
    out = capsys.readouterr().out
    assert "20260101-000002-killed" in out and "interrupted" in out and "20260101-000001-done" not in out
    try:
        assert main(["--lang", "zh_CN", "runs", "--workspace", str(tmp_path)]) == 0
    finally:
        set_language("en")
    out = capsys.readouterr().out
    assert "已中断" in out and "已完成" in out


def test_runs_in_a_missing_workspace_says_so(capsys, tmp_path: Path) -> None:
    assert main(["runs", "--workspace", str(tmp_path / "nope")]) == 1
    assert str(tmp_path / "nope") in capsys.readouterr().err
