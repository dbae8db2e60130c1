"""`dtf search RUN.json --space SPACE.json`: a line per trial, the leaderboard, --json; errors name the key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dtf_gui.cli.main import main
from tests.core.training.tiny import tiny_config, write_tiny_folder


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    data = write_tiny_folder(tmp_path / "data", n_train=4, n_val=2, size=16)
    cfg = tiny_config(data, tmp_path / "runs", model__arch="mobilenet_v3_small", train__epochs=1)
    config, space = tmp_path / "run.json", tmp_path / "space.json"
    cfg.save(config)
    space.write_text(json.dumps({"schema_version": 1, "params": {
        "train.lr": {"type": "float", "low": 1e-3, "high": 1e-1, "log": True}}}))
    return config, space


def test_json_summary_of_a_two_trial_random_search(files: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    config, space = files
    ws = tmp_path / "ws"
    rc = main(["search", str(config), "--space", str(space), "--trials", "2", "--sampler", "random",
               "--pruner", "none", "--seed", "3", "--workspace", str(ws), "--json"])
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert rc == 0 and out["counts"]["COMPLETE"] == 2 and len(out["trials"]) == 2
    assert [t["number"] for t in out["trials"]] == [0, 1]
    assert all(Path(t["run_dir"]).parent == ws for t in out["trials"])  # the runs went to the workspace
    assert out["best"]["value"] == max(t["value"] for t in out["trials"])
    assert (ws / "search.db").is_file() and "trial 1: COMPLETE" in captured.err


def test_space_error_names_the_key(files: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    config, space = files
    space.write_text(json.dumps({"params": {"train.lr": {"type": "float", "low": 1e-3, "high": 1e-1}}}))
    rc = main(["search", str(config), "--space", str(space), "--sampler", "grid"])
    err = capsys.readouterr().err
    assert rc == 1 and "train.lr" in err and "step" in err and "Traceback" not in err
