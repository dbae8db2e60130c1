"""Defaults from the data: the input size and pipeline follow the dataset's images, the recipe its size, and
`dtf config --data` prints why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from dtf_gui.cli.main import main
from dtf_gui.core import config as config_module
from dtf_gui.core.data.scan import scan
from dtf_gui.core.pipeline.build import build_transform
from dtf_gui.core.pipeline.registry import step_is_random
from dtf_gui.core.pipeline.suggest import input_size, suggest_setup


def write_folder(root: Path, size: tuple[int, int], n: int, *, fmt: str = "PNG") -> Path:
    """``n`` images per class (two classes) of ``size`` (width, height) in train/ and val/."""
    for split, count in (("train", n), ("val", max(1, n // 4))):
        for c, colour in (("a", (200, 30, 30)), ("b", (30, 30, 200))):
            d = root / split / c
            d.mkdir(parents=True, exist_ok=True)
            for i in range(count):
                Image.new("RGB", size, (colour[0], i % 255, colour[2])).save(d / f"{i}.{fmt.lower()}", fmt)
    return root


def output_side(doc, split: str) -> int:
    """The side of what the split's pipeline gives for a photo-sized image (built and run, not read)."""
    tf = build_transform(doc.get(split), split=split)
    return tuple(tf(Image.new("RGB", (640, 480))).shape[-2:])


@pytest.mark.parametrize(("side", "want"), [(8, 32), (28, 56), (32, 64), (48, 64), (100, 96), (480, 224),
                                            (1080, 224)])
def test_input_size_rule(side, want):
    assert input_size(side)[0] == want


def test_config_for_32px_icons_proposes_at_most_64px(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(config_module, "imagenet_weights_available", lambda arch: arch == "mobilenet_v2")
    data = write_folder(tmp_path / "icons", (32, 32), 6)
    assert main(["config", "--data", str(data), "--orientation-sensitive"]) == 0
    out = capsys.readouterr()
    cfg = config_module.RunConfig.from_json(json.loads(out.out))
    assert output_side(cfg.pipeline, "val") == (64, 64)
    assert output_side(cfg.pipeline, "train") == (64, 64)
    assert not any(s.name == "RandomHorizontalFlip" for s in cfg.pipeline.train)
    # a handful of images: a frozen backbone through the feature cache, which needs a deterministic train pipeline
    assert cfg.freeze.plan == "head" and cfg.train.feature_cache
    assert not any(step_is_random(s) for s in cfg.pipeline.train)
    assert "32×32" in out.err and "64" in out.err  # it says why


def test_config_for_640x480_photos_proposes_224_with_crops_and_flip(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(config_module, "imagenet_weights_available", lambda arch: arch == "mobilenet_v2")
    monkeypatch.setattr("dtf_gui.core.pipeline.suggest.FEW_IMAGES", 4)  # "thousands" of images, cheaply
    data = write_folder(tmp_path / "photos", (640, 480), 6, fmt="JPEG")
    assert main(["config", "--data", str(data)]) == 0
    out = capsys.readouterr()
    cfg = config_module.RunConfig.from_json(json.loads(out.out))
    assert output_side(cfg.pipeline, "val") == (224, 224)
    assert output_side(cfg.pipeline, "train") == (224, 224)
    names = [s.name for s in cfg.pipeline.train]
    assert "RandomResizedCrop" in names and "RandomHorizontalFlip" in names
    assert [s.name for s in cfg.pipeline.val][:2] == ["Resize", "CenterCrop"]
    assert cfg.freeze.plan == "full"
    assert "640×480" in out.err and "224" in out.err


def test_image_size_flag_still_wins(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(config_module, "imagenet_weights_available", lambda arch: False)
    data = write_folder(tmp_path / "photos", (640, 480), 3, fmt="JPEG")
    assert main(["config", "--data", str(data), "--image-size", "160"]) == 0
    cfg = config_module.RunConfig.from_json(json.loads(capsys.readouterr().out))
    assert output_side(cfg.pipeline, "val") == (160, 160)
    assert cfg.freeze.plan == "full"  # no pretrained weights: nothing to freeze


def test_suggestion_reads_image_headers_without_decoding(tmp_path):
    data = write_folder(tmp_path / "mixed", (300, 200), 3, fmt="JPEG")
    s = suggest_setup(scan(data, decode=False))
    assert s is not None and s.typical == (300, 200) and s.size == 224 and s.kind == "photos"
    assert "300×200" in str(s.headline)


def test_orientation_sensitive_classes_get_no_flip(tmp_path, monkeypatch):
    monkeypatch.setattr("dtf_gui.core.pipeline.suggest.FEW_IMAGES", 4)
    report = scan(write_folder(tmp_path / "icons", (32, 32), 6), decode=False)
    plain, digits = suggest_setup(report), suggest_setup(report, orientation_sensitive=True)
    assert "RandomHorizontalFlip" in [s.name for s in plain.document.train]
    assert [s.name for s in digits.document.train][:2] == ["Resize", "RandomAffine"]
    assert "RandomHorizontalFlip" not in [s.name for s in digits.document.train]


def test_weights_none_on_the_command_line_gets_the_from_scratch_recipe(tmp_path, capsys, monkeypatch):
    """`--set model.weights=none`: no frozen (random) backbone, whatever the weights on the machine."""
    monkeypatch.setattr(config_module, "imagenet_weights_available", lambda arch: arch == "mobilenet_v2")
    data = write_folder(tmp_path / "icons", (32, 32), 6)
    assert main(["config", "--data", str(data), "--set", "model.weights=none"]) == 0
    out = capsys.readouterr()
    cfg = config_module.RunConfig.from_json(json.loads(out.out))
    assert cfg.model.weights == "none" and cfg.freeze.plan == "full"
    assert "from scratch" in out.err
