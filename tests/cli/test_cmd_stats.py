"""`dtf stats DATA [--pipeline P] [--json]`: the train images' mean/std as Normalize would see them, cached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from dtf_gui.cli.main import main
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "data"
    for cls, rgb, size in (("a", (255, 0, 0), (8, 8)), ("b", (0, 0, 255), (8, 24))):  # 64 red, 192 blue pixels
        for split in ("train", "val"):
            (root / split / cls).mkdir(parents=True)
            Image.new("RGB", size, rgb).save(root / split / cls / "0.png")
    return root


def test_stats_json_then_from_the_cache(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pipeline = tmp_path / "p.json"
    PipelineDocument(train=PipelineSpec.of(("RandomHorizontalFlip", {"p": 0.5}), ("ToImage", {}),
                                           ("ToDtype", {"dtype": "float32", "scale": True}),
                                           ("Normalize", {"mean": [0.5] * 3, "std": [0.5] * 3}))).save(pipeline)
    capsys.readouterr()
    assert main(["stats", str(data), "--pipeline", str(pipeline), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mean"] == pytest.approx([0.25, 0.0, 0.75]) and out["std"] == pytest.approx([0.4330127, 0, 0.4330127])
    assert (out["n_images"], out["n_pixels"], out["from_cache"]) == (2, 256, False)
    assert out["steps"] == ["ToImage", "ToDtype"] and out["normalize"] is None  # green is 0 everywhere
    assert main(["stats", str(data), "--pipeline", str(pipeline), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["from_cache"] is True


def test_stats_text_with_the_starter_pipeline(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data / "train" / "a" / "0.png").unlink()
    Image.new("RGB", (8, 8), (255, 128, 0)).save(data / "train" / "a" / "0.png")
    capsys.readouterr()
    assert main(["stats", str(data)]) == 0
    text = capsys.readouterr().out
    assert "Statistics of 2 train images" in text and "Resize → ToImage → ToDtype" in text
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line[:3] in ("  R", "  G", "  B")}
    assert rows["R"] == ["0.500", "0.500"] and rows["B"] == ["0.500", "0.500"]
    assert rows["G"][0] == "0.251"
    assert "saved in the cache" in text and "For Normalize: mean=[0.5, 0.251, 0.5]" in text
    assert main(["--lang", "zh_CN", "stats", str(data)]) == 0
    text = capsys.readouterr().out
    assert "2 张训练集图像的统计量" in text and "来自缓存" in text


def test_inspect_from_scratch_notes_imagenet_stats_once_dtf_stats_has_run(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dtf_gui.core.pipeline.build import starter_document

    pipeline = tmp_path / "starter.json"
    starter_document(16).save(pipeline)
    image = data / "train" / "a" / "0.png"
    args = ["inspect", str(pipeline), str(image), "--json", "--from-scratch", "--data", str(data)]

    def rules() -> set[str]:
        capsys.readouterr()
        main(args)
        return {f["rule"] for f in json.loads(capsys.readouterr().out)["lint"]}

    assert "imagenet-stats-from-scratch" not in rules()  # no statistics yet: lint never computes them
    assert main(["stats", str(data), "--pipeline", str(pipeline), "--json"]) == 0
    assert "imagenet-stats-from-scratch" in rules()
    args.remove("--from-scratch")
    assert "imagenet-stats-from-scratch" not in rules()  # pretrained (the default): ImageNet's values fit
