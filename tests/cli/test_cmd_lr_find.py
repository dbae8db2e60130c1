"""`dtf lr-find CONFIG [--json]`: the suggestion and the curve, nothing written."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "training"))

from tiny import tiny_config, write_tiny_folder  # noqa: E402

from dtf_gui.cli.main import main  # noqa: E402


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    data = write_tiny_folder(tmp_path / "data", n_train=8, n_val=2, size=16)
    cfg = tiny_config(data, tmp_path / "runs", random_train=False, model__arch="mobilenet_v3_small",
                      freeze__plan="head", train__batch_size=4)
    path = tmp_path / "run.json"
    cfg.save(path)
    return path


def test_json_has_the_curve_and_the_suggestion(config_file: Path, tmp_path: Path, capsys) -> None:
    rc = main(["lr-find", str(config_file), "--json", "--num-iter", "40", "--start-lr", "1e-5", "--end-lr", "10"])
    out = json.loads(capsys.readouterr().out)
    assert len(out["lrs"]) == len(out["losses"]) == len(out["smoothed"]) >= 10
    assert out["lrs"][0] == pytest.approx(1e-5) and out["num_iter"] == 40
    assert out["suggestion_rule"] == "valley_schedule" and out["schedule_mean"] == 1.0  # schedule "none"
    assert rc == (0 if out["suggestion"] is not None else 1)
    assert out["suggestion"] is None or out["suggestion"] in out["lrs"]
    assert out["message_msg"]["code"].startswith("lr_find.") and out["message"]
    assert not (tmp_path / "runs").exists()


def test_table_and_a_bad_range(config_file: Path, capsys) -> None:
    rc = main(["lr-find", str(config_file), "--num-iter", "20", "--start-lr", "1e-5", "--end-lr", "1"])
    out = capsys.readouterr().out
    assert "learning rate" in out and "smoothed" in out and rc in (0, 1)
    assert main(["lr-find", str(config_file), "--start-lr", "1", "--end-lr", "0.5"]) == 1
    assert "0 < start" in capsys.readouterr().err
