from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dtf_gui.cli.main import main
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
GOOD = PipelineSpec.of(("Resize", {"size": [24, 24]}), ("ToImage", {}),
                       ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", IMAGENET))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    image = tmp_path / "digit.png"
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 256, (32, 32), dtype=np.uint8), "L").save(image)
    good = PipelineDocument(train=GOOD, val=GOOD).save(tmp_path / "good.json")
    bad = PipelineDocument(train=GOOD.move(3, 0), val=GOOD).save(tmp_path / "bad.json")
    return {"image": image, "good": good, "bad": bad}


def test_table_shows_every_step_and_no_findings(files, capsys):
    assert main(["inspect", str(files["good"]), str(files["image"])]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any(line.startswith("-  file digit.png") and "PIL L 32×32" in line for line in lines)
    assert any("loaded as RGB" in line and "PIL RGB 32×32 *" in line for line in lines)
    assert any(line.startswith("2  ToImage") and "Image uint8 3×24×24" in line for line in lines)
    normalize = next(line for line in lines if line.startswith("4  Normalize"))
    assert "Image float32 3×24×24 [-" in normalize and normalize.count("[") == 4  # badge + 3 channels
    assert "Lint: no problems found" in out


def test_failed_step_and_lint_finding_give_exit_status_1(files, capsys):
    assert main(["inspect", str(files["bad"]), str(files["image"])]) == 1
    out = capsys.readouterr().out
    assert "Stopped: train pipeline, step 1 (Normalize) failed" in out
    assert "error   [normalize-before-float]" in out and "fix: Move Normalize after step 4 (ToDtype)" in out
    assert main(["inspect", str(files["bad"]), str(files["image"]), "--split", "val"]) == 1
    out = capsys.readouterr().out
    assert "Stopped" not in out and "[normalize-before-float] train pipeline" in out


def test_json_output(files, capsys):
    assert main(["inspect", str(files["good"]), str(files["image"]), "--json", "--seed", "5", "--split", "val"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["split"], data["seed"], data["lint"]) == ("val", 5, [])
    steps = data["trace"]["steps"]
    assert [s["step_name"] for s in steps] == ["file digit.png", "loaded as RGB", "Resize", "ToImage", "ToDtype",
                                              "Normalize"]
    assert steps[-1]["dtype"] == "float32" and steps[-1]["shape"] == [3, 24, 24] and len(steps[-1]["min"]) == 3


def test_code_prints_runnable_python_without_an_image(files, capsys):
    assert main(["inspect", str(files["good"]), "--code"]) == 0
    code = capsys.readouterr().out
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - generated code under test
    assert tuple(namespace["val_transform"](Image.new("RGB", (40, 30))).shape) == (3, 24, 24)


def test_missing_image_and_bad_files_are_clear_errors(files, tmp_path, capsys):
    assert main(["inspect", str(files["good"])]) == 1
    assert "Give an IMAGE" in capsys.readouterr().err
    assert main(["inspect", str(files["good"]), str(tmp_path / "nope.png")]) == 1
    assert "not found" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1, "train": [{"name": "Resise"}]}')
    assert main(["inspect", str(broken), str(files["image"])]) == 1  # the trace stops at the unknown step
    out = capsys.readouterr().out
    assert "Stopped: train pipeline, step 1 (Resise): Unknown transform 'Resise'; did you mean 'Resize'?" in out
    assert main(["inspect", str(broken), "--code"]) == 1
    assert "did you mean 'Resize'" in capsys.readouterr().err
