"""The Data tab's Near-duplicates view: real clicks find the groups (leaks and label conflicts marked), keep one
image of a group and quarantine the rest, and Undo puts the dataset back byte for byte."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from dtf_gui.core.data.scan import scan
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.similar_view import SimilarView
from tests.core.trust.near_copies import write_near_copies


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder``: relative path -> SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    write_near_copies(root)
    with Image.open(root / "train/a/a0.png") as im:  # a third copy of a0, in val: a group of 3 that leaks
        im.convert("RGB").save(root / "val/a/a0_copy.jpg", quality=60)
    return root


def _found(qtbot, root: Path, tmp_path: Path, report=None) -> tuple[SimilarView, AppState]:
    state = AppState()
    state.set_data_root(root)
    if report is not None:
        state.set_scan_report(report)
    view = SimilarView(state, cache_dir=tmp_path / "cache")
    qtbot.addWidget(view)
    view.method_combo.setCurrentIndex(view.method_combo.findData("pixels"))  # no backbone needed
    with qtbot.waitSignal(view.job.finished, timeout=30_000):
        qtbot.mouseClick(view.find_button, Qt.MouseButton.LeftButton)
    return view, state


def test_keep_one_quarantines_the_rest_and_undo_restores_the_dataset(qtbot, dataset: Path, tmp_path: Path) -> None:
    before = _snapshot(dataset)
    view, _state = _found(qtbot, dataset, tmp_path)
    row = next(r for r in view.rows if str(dataset / "train/a/a0.png") in r.group.paths)
    assert row.group.kind == "leak" and len(row.group.paths) == 3
    keeper = str(dataset / "val/a/a0_copy.jpg")
    qtbot.mouseClick(row.thumbs[row.group.paths.index(keeper)], Qt.MouseButton.LeftButton)  # choose the one to keep
    with qtbot.waitSignal(view.dataset_changed, timeout=5000):
        qtbot.mouseClick(row.keep_button, Qt.MouseButton.LeftButton)
    others = [p for p in row.group.paths if p != keeper]
    assert os.path.isfile(keeper)
    quarantine = dataset.parent / "data.quarantine"
    for p in others:
        assert not os.path.exists(p)
        assert (quarantine / Path(p).relative_to(dataset)).is_file()
    assert not row.keep_button.isEnabled() and row.undo_button.isEnabled()
    assert _snapshot(dataset) != before
    with qtbot.waitSignal(view.dataset_changed, timeout=5000):
        qtbot.mouseClick(row.undo_button, Qt.MouseButton.LeftButton)
    assert _snapshot(dataset) == before  # byte-identical: every file back under its own name
    assert not [p for p in quarantine.rglob("*") if p.is_file()]
    assert row.keep_button.isEnabled() and not row.undo_button.isEnabled()


def test_leaks_and_label_conflicts_are_marked_and_join_the_findings(qtbot, dataset: Path, tmp_path: Path) -> None:
    view, state = _found(qtbot, dataset, tmp_path, report=scan(dataset))
    kinds = sorted(r.group.kind for r in view.rows)
    assert kinds == ["label_conflict", "leak", "leak", "leak", "within_split", "within_split"]  # a0's group leaks
    conflict = next(r for r in view.rows if r.group.kind == "label_conflict")
    assert "Label conflict" in conflict.title.text() and "a, b" in conflict.title.text()
    leaks = [r for r in view.rows if r.group.kind == "leak"]
    assert all("Leak" in r.title.text() and "⚠" in r.title.text() for r in leaks)
    assert all("⚠" not in r.title.text() for r in view.rows if r.group.kind == "within_split")
    codes = [f.code for f in state.scan_report.findings]
    assert codes.count("near_leakage") == 3 and codes.count("near_label_conflict") == 1
    assert "6 groups (3 train/val leaks, 1 label conflicts) among 23 images" in view.status.text()


def test_the_data_tab_opens_the_view_and_rescans_after_a_move(qtbot, dataset: Path, tmp_path: Path) -> None:
    from dtf_gui.qt.widgets.data_panel import DataPanel

    state = AppState()
    panel = DataPanel(state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.scan_job.finished, timeout=30_000):
        state.set_data_root(dataset)
    qtbot.mouseClick(panel.similar_button, Qt.MouseButton.LeftButton)
    view = panel.similar_button.view
    assert view is not None and panel.similar_button.dialog.isVisible()
    view.cache_dir = tmp_path / "cache"
    view.method_combo.setCurrentIndex(view.method_combo.findData("pixels"))
    with qtbot.waitSignal(view.job.finished, timeout=30_000):
        qtbot.mouseClick(view.find_button, Qt.MouseButton.LeftButton)
    assert panel.findings.count() > 0 and any(
        "near-identical" in panel.findings.item(i).text() for i in range(panel.findings.count()))
    row = next(r for r in view.rows if r.group.kind == "label_conflict")
    with qtbot.waitSignal(panel.scan_job.finished, timeout=30_000):  # the move rescans the dataset
        qtbot.mouseClick(row.keep_button, Qt.MouseButton.LeftButton)
    moved = row.group.paths[1]
    assert all(r.path != moved for recs in state.scan_report.splits.values() for r in recs)
    with qtbot.waitSignal(panel.scan_job.finished, timeout=30_000):
        qtbot.mouseClick(row.undo_button, Qt.MouseButton.LeftButton)
    assert any(r.path == moved for recs in state.scan_report.splits.values() for r in recs)
    panel.shutdown()


def test_another_dataset_clears_the_groups_of_the_old_one(qtbot, dataset: Path, tmp_path: Path) -> None:
    view, state = _found(qtbot, dataset, tmp_path)
    assert view.rows
    other = tmp_path / "other"
    write_near_copies(other, n_train=3, n_val=2)
    state.set_data_root(other)
    assert view.rows == [] and view.report is None and "groups" not in view.status.text()
