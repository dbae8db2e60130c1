"""`dtf scan ROOT --similar`: near-copies found by similarity are added to the report (plain and JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dtf_gui.cli.main import main
from dtf_gui.core.models.weights import weights_status
from tests.core.trust.near_copies import write_near_copies

needs_weights = pytest.mark.skipif(not weights_status("mobilenet_v2").available,
                                   reason="mobilenet_v2 ImageNet weights are not installed")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # never the user's cache


@pytest.fixture
def planted(tmp_path: Path) -> tuple[Path, dict[str, list[tuple[str, str]]]]:
    root = tmp_path / "data"
    return root, write_near_copies(root)


@needs_weights
def test_scan_similar_json_lists_groups_and_findings(planted: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    root, pairs = planted
    assert main(["scan", str(root), "--similar", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    sim = doc["similar"]
    assert sim["counts"] == {"label_conflict": 1, "leak": 2, "within_split": 3} and sim["n_images"] == 22
    leaks = sorted(sorted(i["path"] for i in g["images"]) for g in sim["groups"] if g["kind"] == "leak")
    assert leaks == sorted(sorted(p) for p in pairs["leak"])
    codes = [f["code"] for f in doc["findings"]]
    assert codes.count("near_leakage") == 2 and codes.count("near_label_conflict") == 1
    assert codes.count("near_duplicate") == 3
    finding = next(f for f in doc["findings"] if f["code"] == "near_leakage")
    assert finding["msg"]["code"] == "similar.leak" and sorted(finding["paths"]) in leaks


@needs_weights
def test_scan_similar_plain_report(planted: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    root, _pairs = planted
    assert main(["scan", str(root), "--similar"]) == 0
    text = capsys.readouterr().out
    assert text.count("[near_leakage]") == 2 and "[near_label_conflict]" in text
    assert "Near-duplicates: 6 groups (2 train/val leaks, 1 label conflicts) among 22 images" in text


def test_scan_similar_threshold_and_pixels_only(planted: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    root, _pairs = planted
    assert main(["scan", str(root), "--similar", "--similar-by", "pixels", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["similar"]["counts"] == {"label_conflict": 1, "leak": 2, "within_split": 3}
    assert doc["similar"]["threshold"] is None and doc["similar"]["backbone"] == ""
    # the threshold of the pixels-only comparison is the fingerprint's: 1.0 leaves no edited copy
    assert main(["scan", str(root), "--similar", "--similar-by", "pixels", "--similar-threshold", "1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["similar"]["groups"] == [] and not any(f["code"].startswith("near_") for f in doc["findings"])


def test_scan_without_similar_has_no_similar_section(planted: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    root, _pairs = planted
    assert main(["scan", str(root), "--json"]) == 0
    assert "similar" not in json.loads(capsys.readouterr().out)


def test_scan_similar_bad_threshold_says_which(planted: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    root, _pairs = planted
    assert main(["scan", str(root), "--similar", "--similar-by", "pixels", "--similar-threshold", "1.5"]) == 1
    err = capsys.readouterr().err
    assert "threshold" in err and "1.5" in err and "Traceback" not in err
