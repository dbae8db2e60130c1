"""Data → Suspects: the finder runs in the background from a click, a click relabels a suspect into the class
it looks like (or quarantines it), the moves are journalled, and Undo (button or Ctrl+Z) gives back the
dataset byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from label_noise import flip_labels
from PySide6.QtCore import Qt

from dtf_gui.core.data.curate import log_path_for, quarantine_dir_for
from dtf_gui.core.data.scan import scan
from dtf_gui.core.models.weights import weights_status
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.suspects_view import SuspectsView
from tests.core.training.tiny import write_tiny_folder


def dataset_hash(root: Path) -> str:
    """sha256 over every path below ``root`` (folders included) and every file's bytes."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in sorted(os.walk(root)):
        dirnames.sort()
        for name in sorted(dirnames):
            h.update(b"D" + os.fsencode(os.path.relpath(os.path.join(dirpath, name), root)) + b"\0")
        for name in sorted(filenames):
            p = os.path.join(dirpath, name)
            h.update(b"F" + os.fsencode(os.path.relpath(p, root)) + b"\0" + Path(p).read_bytes() + b"\0")
    return h.hexdigest()


@pytest.fixture
def noisy(tmp_path: Path) -> tuple[Path, dict[str, tuple[str, str]]]:
    if not weights_status("mobilenet_v2").available:
        pytest.skip("mobilenet_v2 ImageNet weights not installed")
    clean = write_tiny_folder(tmp_path / "clean")
    flips = flip_labels(clean, tmp_path / "noisy", fraction=2 / 36, seed=5)
    return tmp_path / "noisy", {str(p): (true, given) for p, true, given in flips}


def _view(qtbot, root: Path, tmp_path: Path) -> tuple[AppState, SuspectsView]:
    state = AppState()
    state.set_data_root(root)
    state.set_scan_report(scan(root, decode=False))
    view = SuspectsView(state, cache_dir=tmp_path / "cache")
    qtbot.addWidget(view)
    view.show()
    view.request = _small(view.request)
    return state, view


def _small(request_of):
    """The view's own request at 32 px (the tests' images are 20 px; the default size costs seconds)."""
    from dataclasses import replace

    return lambda: replace(request_of(), image_size=32)


def test_relabel_and_quarantine_then_undo_restores_the_dataset(qtbot, noisy, tmp_path: Path) -> None:
    root, truth = noisy
    _state, view = _view(qtbot, root, tmp_path)
    before = dataset_hash(root)
    with qtbot.waitSignal(view.found, timeout=60000):
        qtbot.mouseClick(view.find_button, Qt.MouseButton.LeftButton)
    assert view.table.rowCount() >= 2
    first, second = view.issues.suspects[:2]
    assert {first.path, second.path} == set(truth)
    assert view.table.item(0, 1).text() == str(Path(first.path).relative_to(root))

    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(view.relabel_button(0), Qt.MouseButton.LeftButton)
    true_class, given = truth[first.path]
    moved = root / "train" / true_class / Path(first.path).name
    assert moved.is_file() and not Path(first.path).exists()
    assert view.relabel_button(0) is None  # the row is done
    assert {r.path: r.label for r in scan(root, decode=False).usable("train")}[str(moved)] == true_class

    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(view.quarantine_button(1), Qt.MouseButton.LeftButton)
    assert (quarantine_dir_for(root) / Path(second.path).relative_to(root)).is_file()
    assert not Path(second.path).exists()
    assert dataset_hash(root) != before

    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)  # puts the quarantined file back
    view.table.setFocus()
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # and the relabelled one
    assert dataset_hash(root) == before
    assert view.relabel_button(0) is not None and view.quarantine_button(1) is not None  # rows active again
    log = [json.loads(line) for line in log_path_for(root).read_text().splitlines()]
    assert [(r["op"], r["kind"]) for r in log] == [("move", "class"), ("move", "quarantine"),
                                                   ("undo", "quarantine"), ("undo", "class")]


def test_the_data_panel_opens_the_view_and_rescans_after_a_fix(qtbot, noisy, tmp_path: Path) -> None:
    from dtf_gui.qt.widgets.data_panel import DataPanel

    root, truth = noisy
    state = AppState()
    panel = DataPanel(state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(state.scan_report_changed, timeout=20000):
        state.set_data_root(root)
    qtbot.waitUntil(lambda: not panel.scan_job.running, timeout=20000)  # the next report comes from a rescan
    qtbot.mouseClick(panel.suspects_button, Qt.MouseButton.LeftButton)
    view = panel.suspects_view
    assert view is not None and view.isVisible()
    from dtf_gui.core.trust.label_issues import find_label_issues

    view.show_issues(find_label_issues(_small(view.request)(), cache_dir=tmp_path / "cache"))
    path = view.issues.suspects[0].path
    with qtbot.waitSignal(state.scan_report_changed, timeout=20000):  # the panel rescans the changed folder
        qtbot.mouseClick(view.relabel_button(0), Qt.MouseButton.LeftButton)
    labels = {r.path: r.label for r in state.scan_report.usable("train")}
    assert path not in labels and labels[str(root / "train" / truth[path][0] / Path(path).name)] == truth[path][0]
    panel.shutdown()
