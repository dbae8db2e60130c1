"""data.exclude_classes: the scan leaves the classes the user excluded out of the class list, says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from dtf_gui.core.config import RunConfig
from dtf_gui.core.data.scan import scan
from dtf_gui.core.errors import ConfigError


def _folder(root: Path, counts: dict[str, int]) -> Path:
    for label, n in counts.items():
        (root / label).mkdir(parents=True)
        for i in range(n):
            Image.new("RGB", (8, 8), (30 * i % 255, 20, 90)).save(root / label / f"{i}.png")
    return root


def test_an_excluded_class_is_left_out_with_its_own_finding(tmp_path: Path) -> None:
    root = _folder(tmp_path / "d", {"a": 4, "b": 4, "c": 4})
    report = scan(root, val_fraction=0.25, decode=False, exclude_classes=["b"])
    assert report.classes == ["a", "c"]
    assert report.left_out == ["b"]
    assert report.excluded_classes == ["b"]
    assert all(r.label != "b" for split in ("train", "val") for r in report.usable(split))
    found = [f for f in report.findings if f.code == "excluded_class"]
    assert len(found) == 1 and found[0].msg.params["cls"] == "b" and "excluded by you" in found[0].message
    assert scan(root, val_fraction=0.25, decode=False).classes == ["a", "b", "c"]


def test_excluding_a_class_that_is_not_there_only_notes_it(tmp_path: Path) -> None:
    root = _folder(tmp_path / "d", {"a": 4, "b": 4})
    report = scan(root, val_fraction=0.25, decode=False, exclude_classes=["zzz"])
    assert report.classes == ["a", "b"] and report.excluded_classes == []


def test_exclude_classes_config_key_parses_and_checks() -> None:
    assert RunConfig().data.exclude_classes == ()
    cfg = RunConfig().with_overrides({"data.exclude_classes": '["cat", "dog"]'})
    assert list(cfg.data.exclude_classes) == ["cat", "dog"]
    assert RunConfig.loads(cfg.dumps()).data.exclude_classes == cfg.data.exclude_classes
    assert list(RunConfig().with_overrides({"data.exclude_classes": "cat, dog"}).data.exclude_classes) == [
        "cat", "dog"]
    with pytest.raises(ConfigError) as e:
        RunConfig().with_overrides({"data.exclude_classes": "[1, 2]"})
    assert e.value.field == "data.exclude_classes"
