"""`dtf label-issues`: the moved files lead the table and the JSON, the table is labelled in the chosen
language, and a folder that cannot be checked exits 1 naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from label_noise import flip_labels

from dtf_gui.cli.main import main
from dtf_gui.core.models.weights import weights_status
from tests.core.training.tiny import write_tiny_folder


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    if not weights_status("mobilenet_v2").available:
        pytest.skip("mobilenet_v2 ImageNet weights not installed")
    base = tmp_path_factory.mktemp("label_issues")
    clean = write_tiny_folder(base / "clean")
    flips = flip_labels(clean, base / "noisy", fraction=2 / 36, seed=3)
    return base / "noisy", flips


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """One features cache for the module's commands (the second command finds the first one's features)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "label_issues_cache"))


def test_json_lists_the_moved_files_first(noisy, capsys: pytest.CaptureFixture[str]) -> None:
    root, flips = noisy
    assert main(["label-issues", str(root), "--json", "--size", "32"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) >= {"data_root", "method", "backbone", "n_images", "n_flagged", "seconds", "classes",
                        "skipped", "suspects"}
    assert doc["method"] == "kfold features" and doc["n_images"] == 48 and doc["classes"] == ["blue", "green", "red"]
    first = doc["suspects"][:2]
    assert {s["file"] for s in first} == {str(p.relative_to(root)) for p, _, _ in flips}
    truth = {str(p.relative_to(root)): (given, true) for p, true, given in flips}
    for s in first:
        assert set(s) == {"path", "file", "split", "given", "suggested", "score", "given_prob", "suggested_prob"}
        assert (s["given"], s["suggested"]) == truth[s["file"]] and 0.0 <= s["score"] <= 1.0


def test_table_has_a_row_per_suspect_and_a_summary(noisy, capsys: pytest.CaptureFixture[str]) -> None:
    root, flips = noisy
    assert main(["label-issues", str(root), "--size", "32", "--max", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["#", "file", "given", "suggested", "score"]
    rows = [line.split() for line in lines[1:3]]
    assert [r[0] for r in rows] == ["1", "2"]
    truth = {str(p.relative_to(root)): (given, true) for p, true, given in flips}
    assert {r[1] for r in rows} == set(truth)
    for r in rows:
        assert (r[2], r[3]) == truth[r[1]] and 0.0 <= float(r[4]) <= 1.0
    assert lines[3] == "" and lines[4].startswith("2 of ") and "48 images checked" in lines[4]


def test_table_speaks_chinese(noisy, capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = noisy
    assert main(["--lang", "zh_CN", "label-issues", str(root), "--size", "32", "--max", "1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["#", "文件", "现标注", "建议", "分数"]
    assert "检查了 48 张图像" in out


def test_a_folder_with_one_class_exits_1_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_tiny_folder(tmp_path / "single", classes=("red",), n_train=6, n_val=2, size=8)
    assert main(["label-issues", str(data)]) == 1
    err = capsys.readouterr().err
    assert "label-issues" in err and str(data) in err and "at least 2" in err
