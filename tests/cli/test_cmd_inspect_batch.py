"""`dtf inspect PIPELINE IMAGE --json` on a document with a CutMix batch stage reports the batch trace:
labels int64 [B] before and float32 [B, C] after, the image tensor's type; --data takes B images (and the class
count) from the dataset."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dtf_gui.cli.main import main
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
TRAIN = PipelineSpec.of(("Resize", {"size": [16, 16]}), ("ToImage", {}),
                        ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", IMAGENET))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    image = tmp_path / "digit.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (20, 20, 3), dtype=np.uint8)).save(image)
    doc = PipelineDocument(train=TRAIN, val=TRAIN, batch=PipelineSpec.of(("CutMix", {"alpha": 1.0, "num_classes": 10})))
    data = tmp_path / "data"
    for k, name in enumerate(("a", "b", "c")):
        (data / name).mkdir(parents=True)
        for i in range(3):
            Image.new("RGB", (20, 20), (80 * k, 40 * i, 0)).save(data / name / f"{i}.png")
    return {"image": image, "doc": doc.save(tmp_path / "cutmix.json"), "data": data}


def test_json_reports_the_batch_trace_int64_to_float32_soft_labels(files, capsys):
    assert main(["inspect", str(files["doc"]), str(files["image"]), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    batch = data["batch_trace"]
    assert batch["ok"] and batch["batch_size"] == 8 and batch["num_classes"] == 10
    steps = batch["steps"]
    assert [s["step_name"] for s in steps] == ["collated", "CutMix"]
    assert [s["label_badge"] for s in steps] == ["int64 [8]", "float32 [8, 10]"]
    assert steps[1]["labels"] == {"dtype": "float32", "shape": [8, 10]}
    assert steps[1]["images"]["badge"] == "Tensor float32 8×3×16×16"
    assert data["trace"]["ok"]  # the per-image trace is still there


def test_table_shows_the_batch_stage_and_batch_size_option(files, capsys):
    assert main(["inspect", str(files["doc"]), str(files["image"]), "--batch-size", "4"]) == 0
    out = capsys.readouterr().out
    assert "Batch stage" in out
    lines = out.splitlines()
    assert any(line.startswith("-  collated") and "int64 [4]" in line for line in lines)
    assert any(line.startswith("1  CutMix") and "float32 [4, 10]" in line for line in lines)


def test_data_gives_the_batch_its_images_and_the_class_count_and_lint_flags_the_mismatch(files, capsys):
    assert main(["inspect", str(files["doc"]), str(files["image"]), "--json", "--data", str(files["data"])]) == 1
    data = json.loads(capsys.readouterr().out)
    batch = data["batch_trace"]
    assert batch["num_classes"] == 3 and batch["num_classes_source"] == "data"
    assert len(batch["samples"]) == 8 and {Path(p).parent.name for p in batch["samples"]} == {"a", "b", "c"}
    assert not batch["ok"] and "num_classes" in batch["error"]  # the document says 10, the data has 3
    assert any(f["rule"] == "batch-num-classes" and f["split"] == "batch" for f in data["lint"])
