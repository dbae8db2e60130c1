"""``dtf calibrate``: fits the temperature on the val split, prints ECE/NLL before and after and the threshold's
trade, saves it into the run folder (or bundle) so that ``dtf predict`` answers "unknown" below it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_fixtures import make_trained_run, write_dataset

from dtf_gui.cli.main import main
from dtf_gui.core.runs.rundir import CALIBRATION_JSON

CLASSES = ("red", "green", "blue")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("cal")
    root = write_dataset(base / "data", CLASSES, train=6, val=6, mislabeled=2)
    return make_trained_run(base / "run", root, CLASSES, steps=60), root


def _dtf(capsys, *argv: object) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_calibrate_prints_saves_and_predict_follows(made, capsys) -> None:
    run, root = made
    rc, out, err = _dtf(capsys, "calibrate", run, root, "--coverage", "0.5")
    assert rc == 0, err
    lines = out.strip().splitlines()
    assert lines[-1] == str(run / CALIBRATION_JSON)
    saved = json.loads((run / CALIBRATION_JSON).read_text())
    assert "temperature T = " in out and f"{saved['temperature']:.4g}" in out
    m = saved["metrics"]
    assert f"before {m['ece_before']:.4f}   after {m['ece_after']:.4f}" in out
    assert f"before {m['nll_before']:.4f}   after {m['nll_after']:.4f}" in out
    assert f"threshold {saved['threshold']:.4f}: answers {m['threshold_coverage']:.1%}" in out
    assert m["threshold_coverage"] >= 0.5

    images = sorted((root / "val").rglob("*.png"))
    rc, out, err = _dtf(capsys, "predict", run, *images, "--json", "--top-k", "2")
    assert rc == 0, err
    answers = json.loads(out)
    unknown = [a["unknown"] for a in answers]
    assert unknown == [a["top_k"][0]["prob"] < saved["threshold"] for a in answers]
    assert sum(unknown) == round((1 - m["threshold_coverage"]) * len(images)) > 0
    # text: the unknown line, in the language asked for, above the top-k of the images below the threshold
    first_unknown = images[unknown.index(True)]
    rc, out, _ = _dtf(capsys, "--lang", "zh_CN", "predict", run, first_unknown, "--top-k", "2")
    assert rc == 0 and out.splitlines()[1].startswith("  未知：最高概率")
    rc, out, _ = _dtf(capsys, "predict", run, first_unknown, "--top-k", "2", "--no-threshold")
    assert rc == 0 and "unknown" not in out and out.splitlines()[1].startswith("  1. ")
    rc, out, _ = _dtf(capsys, "predict", run, *images, "--json", "--no-threshold")
    assert not any(a["unknown"] for a in json.loads(out))


def test_calibrate_json_threshold_and_refusals(made, capsys, tmp_path: Path) -> None:
    run, root = made
    rc, out, err = _dtf(capsys, "calibrate", run, root, "--threshold", "0.7", "--json", "--no-save")
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["threshold"] == 0.7 and doc["saved"] is None and doc["temperature"] > 0
    assert doc["metrics"]["nll_after"] <= doc["metrics"]["nll_before"] + 1e-12
    assert len(doc["bins_before"]) == len(doc["bins_after"]) == 15
    # a separate val folder: every image in it
    rc, out, err = _dtf(capsys, "calibrate", run, root, "--val", root / "val", "--json", "--no-save")
    assert rc == 0, err
    assert json.loads(out)["fitted_on"]["images"] == 18
    # bad threshold, both threshold and coverage: a clear message, no file written
    before = (run / CALIBRATION_JSON).read_bytes() if (run / CALIBRATION_JSON).exists() else None
    rc, _, err = _dtf(capsys, "calibrate", run, root, "--threshold", "2")
    assert rc == 1 and "between 0 and 1" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as usage:  # argparse's usage error (exit status 2)
        main(["calibrate", str(run), str(root), "--threshold", "0.5", "--coverage", "0.5"])
    assert usage.value.code == 2 and "not allowed with argument --threshold" in capsys.readouterr().err
    after = (run / CALIBRATION_JSON).read_bytes() if (run / CALIBRATION_JSON).exists() else None
    assert after == before
    rc, _, err = _dtf(capsys, "calibrate", tmp_path, root)
    assert rc == 1 and "neither a run directory" in err
