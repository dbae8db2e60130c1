"""Curation from the mistakes gallery: quarantine / move to class, undo restores the dataset byte for byte,
the moves are logged, and the dataset is rescanned into AppState."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_fixtures import make_trained_run, tree_digest, write_dataset
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from dtf_gui.core.data.curate import log_path_for, quarantine_dir_for
from dtf_gui.core.data.scan import scan
from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.evaluation_panel import EvaluationPanel

CLASSES = ("red", "green", "blue")


@pytest.fixture
def setup(qtbot, tmp_path: Path):
    root = write_dataset(tmp_path / "data", CLASSES, train=4, val=4)
    run = make_trained_run(tmp_path / "run", root, CLASSES, steps=30)
    outcome = run_evaluation(EvalRequest(str(run), str(root)))
    state = AppState()
    state.set_data_root(root)
    state.set_scan_report(scan(root))
    panel = EvaluationPanel(state)
    qtbot.addWidget(panel)
    panel.show_outcome(outcome)
    return state, panel, root


def _wrong_cell(panel: EvaluationPanel) -> tuple[int, int]:
    m = panel.confusion.model.matrix
    return next((t, p) for t in range(len(m)) for p in range(len(m)) if t != p and m[t, p] > 0)


def test_quarantine_then_undo_leaves_dataset_byte_identical(qtbot, setup) -> None:
    state, panel, root = setup
    gallery = panel.gallery
    before = tree_digest(root)
    t, p = _wrong_cell(panel)
    panel.confusion.click_cell(t, p)
    path = gallery.paths()[0]
    n_val = len(state.scan_report.usable("val"))

    # through the context menu, as a user would
    gallery.view.setCurrentIndex(gallery.model.index(0, 0))
    menu = gallery.context_menu([path])
    actions = {a.text(): a for a in menu.actions()}
    with qtbot.waitSignal(gallery.rescanned, timeout=20000):
        actions["Move to quarantine"].trigger()
    assert not Path(path).exists()
    moved = quarantine_dir_for(root) / Path(path).relative_to(root)
    assert moved.is_file()
    assert gallery.model.items[0].moved_to == "quarantine"
    assert "quarantine" in gallery.model.index(0, 0).data()
    assert len(state.scan_report.usable("val")) == n_val - 1  # the automatic rescan reached AppState
    assert path not in {r.path for r in state.scan_report.usable("val")}

    with qtbot.waitSignal(gallery.rescanned, timeout=20000):
        gallery.undo_stack.undo()
    assert tree_digest(root) == before
    assert gallery.model.items[0].moved_to is None
    assert len(state.scan_report.usable("val")) == n_val

    log = [json.loads(line) for line in log_path_for(root).read_text().splitlines()]
    assert [(r["op"], r["kind"]) for r in log] == [("move", "quarantine"), ("undo", "quarantine")]
    assert log[0]["src"] == path

    # redo moves it again, a second undo restores it again
    gallery.undo_stack.redo()
    assert not Path(path).exists() and moved.is_file()
    gallery.undo_stack.undo()
    assert tree_digest(root) == before
    qtbot.waitUntil(lambda: not gallery.rescanning, timeout=20000)


def test_move_selection_to_class_is_one_undo_step(qtbot, setup) -> None:
    state, panel, root = setup
    gallery = panel.gallery
    before = tree_digest(root)
    t, p = _wrong_cell(panel)
    panel.confusion.click_cell(t, t)  # the correct ones of class t
    paths = gallery.paths()[:2]
    target = CLASSES[p]
    assert gallery.move_to_class(paths, target) == 2
    for src in paths:
        assert not Path(src).exists()
        assert (Path(src).parent.parent / target / Path(src).name).is_file()
    assert gallery.undo_stack.count() == 1  # a macro: one Ctrl+Z puts both back
    gallery.undo_stack.undo()
    assert tree_digest(root) == before
    qtbot.waitUntil(lambda: not gallery.rescanning, timeout=20000)


def test_a_failed_move_is_reported_and_not_undoable(qtbot, setup) -> None:
    state, panel, root = setup
    gallery = panel.gallery
    errors = []
    state.error_reported.connect(lambda m, d: errors.append(m))
    gallery.show_top_losses()
    path = gallery.paths()[0]
    Path(path).unlink()  # gone behind the app's back
    assert gallery.quarantine([path]) == 0
    assert len(errors) == 1 and "does not exist" in errors[0]
    assert not gallery.undo_stack.canUndo()


def test_undo_button_and_shortcut_in_the_gallery(qtbot, setup) -> None:
    state, panel, root = setup
    gallery = panel.gallery
    before = tree_digest(root)
    gallery.show_top_losses()
    gallery.quarantine([gallery.paths()[0]])
    assert gallery.undo_button.isEnabled() and "Quarantine 1 image(s)" in gallery.act_undo.text()
    qtbot.mouseClick(gallery.undo_button, Qt.MouseButton.LeftButton)
    assert tree_digest(root) == before
    assert gallery.act_undo.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Undo))
    qtbot.waitUntil(lambda: not gallery.rescanning, timeout=20000)


def test_metrics_are_marked_out_of_date_after_a_move(qtbot, setup) -> None:
    state, panel, root = setup
    gallery = panel.gallery
    t, p = _wrong_cell(panel)
    panel.confusion.click_cell(t, p)
    path = gallery.paths()[0]
    assert "Out of date" not in panel.status.text()
    with qtbot.waitSignal(gallery.rescanned, timeout=20000):
        actions = {a.text(): a for a in gallery.context_menu([path]).actions()}
        actions["Move to quarantine"].trigger()
    assert "Out of date: 1 image was moved" in panel.status.text()  # the numbers describe the old folder
    with qtbot.waitSignal(gallery.rescanned, timeout=20000):
        gallery.undo_stack.undo()
    assert "Out of date" not in panel.status.text()  # back as it was: the numbers hold again
