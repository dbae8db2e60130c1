"""The Normalize step's "Use dataset statistics": a real click computes the train images' mean/std in a job,
the form shows the values, the val Normalize follows, and one Ctrl+Z gives the previous values back."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from dtf_gui.core.pipeline.build import IMAGENET_MEAN, IMAGENET_STD, starter_document
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.param_form import format_value
from dtf_gui.qt.widgets.pipeline_editor import PipelineEditor

WAIT_MS = 15000


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # never the user's cache
    root = tmp_path / "data"
    colours = {"a": (0, 0, 0), "b": (255, 255, 255)}  # half black, half white pixels: mean 0.5, std 0.5
    for cls, rgb in colours.items():
        for split in ("train", "val"):
            (root / split / cls).mkdir(parents=True)
            Image.new("RGB", (8, 8), rgb).save(root / split / cls / "0.png")
    return root


@pytest.fixture
def editor(qtbot, data):
    state = AppState()
    state.set_document(starter_document(16))
    state.set_data_root(data)
    ed = PipelineEditor(state)
    qtbot.addWidget(ed)
    undo = state.undo_stack.createUndoAction(ed)  # what the main window's Edit menu binds
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    ed.addAction(undo)
    ed.resize(1200, 800)
    ed.show()
    qtbot.waitExposed(ed)
    return ed


def _normalize_index(state: AppState, split: str) -> int:
    return next(i for i, s in enumerate(state.document.get(split)) if s.name == "Normalize")


def test_use_dataset_statistics_sets_mean_and_std_and_ctrl_z_restores_them(qtbot, editor):
    state = editor.state
    i = _normalize_index(state, "train")
    state.set_current_step("train", i)
    box = editor.form.stats_box
    assert box.isVisible() and box.button.isEnabled()
    with qtbot.waitSignal(box.job.finished, timeout=WAIT_MS):
        qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    for split in ("train", "val"):
        step = state.document.get(split)[_normalize_index(state, split)]
        assert step.params["mean"] == [0.5, 0.5, 0.5] and step.params["std"] == [0.5, 0.5, 0.5], split
    mean_edit = editor.form.rows["mean"].editor
    assert mean_edit.text() == format_value([0.5, 0.5, 0.5])
    assert "0.500" in box.status.text()
    editor.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    step = state.document.train[i]
    assert step.params["mean"] == IMAGENET_MEAN and step.params["std"] == IMAGENET_STD
    assert state.document.val[_normalize_index(state, "val")].params["mean"] == IMAGENET_MEAN  # the same undo step
    assert mean_edit.text() == format_value(IMAGENET_MEAN)


def test_the_button_shows_only_for_normalize_and_asks_for_a_dataset_first(qtbot, editor):
    state = editor.state
    state.set_current_step("train", 0)  # Resize
    assert not editor.form.stats_box.isVisible()
    state.set_current_step("train", _normalize_index(state, "train"))
    assert editor.form.stats_box.isVisible()
    state.set_data_root("")
    before = state.document
    qtbot.mouseClick(editor.form.stats_box.button, Qt.MouseButton.LeftButton)
    assert state.document == before and "dataset folder" in editor.form.stats_box.status.text()
    assert not editor.form.stats_box.job.running


def test_cancel_stops_the_job_and_leaves_normalize_unchanged(qtbot, editor, monkeypatch):
    import dtf_gui.qt.widgets.dataset_stats as module

    def slow(request, cache_dir=None):
        def run(*, stop, progress):
            from dtf_gui.core.errors import Cancelled

            while not stop.stop_requested:
                progress(0, 10)
                stop.wait_if_paused(0.01)
            raise Cancelled("stopped")
        return run

    monkeypatch.setattr(module, "stats_job", slow)
    state = editor.state
    state.set_current_step("train", _normalize_index(state, "train"))
    box = editor.form.stats_box
    before = state.document
    with qtbot.waitSignal(box.job.started, timeout=WAIT_MS):
        qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert box.cancel.isVisible() and not box.button.isEnabled()
    with qtbot.waitSignal(box.job.finished, timeout=WAIT_MS):
        qtbot.mouseClick(box.cancel, Qt.MouseButton.LeftButton)
    assert state.document == before and box.button.isEnabled() and not box.cancel.isVisible()
    assert "unchanged" in box.status.text()



def test_lint_panel_notes_imagenet_stats_for_a_model_from_scratch_once_stats_are_cached(qtbot, editor):
    """The lint panel passes the run's weights and the cached statistics; its Fix sets train and val."""
    from dtf_gui.core.config import RunConfig
    from dtf_gui.qt.workers import specs

    state = editor.state
    panel = editor.lint_panel
    with qtbot.waitSignal(editor.preview_service.lint_ready, timeout=WAIT_MS):
        state.set_run_config(RunConfig().with_overrides({"model.weights": "none"}))
    assert not any(r.finding.rule == "imagenet-stats-from-scratch" for r in panel.rows)  # lint never computes
    specs.stats_job(specs.stats_request(state))(stop=None, progress=None)  # what the button computes: cached
    state.set_run_config(RunConfig().with_overrides({"model.weights": "none", "train.lr": 0.01}))
    qtbot.waitUntil(lambda: any(r.finding.rule == "imagenet-stats-from-scratch" for r in panel.rows),
                    timeout=WAIT_MS)
    row = next(r for r in panel.rows if r.finding.rule == "imagenet-stats-from-scratch")
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    for split in ("train", "val"):
        assert state.document.get(split)[_normalize_index(state, split)].params["std"] == [0.5, 0.5, 0.5]
    state.undo_stack.undo()
    assert state.document.val[_normalize_index(state, "val")].params["std"] == IMAGENET_STD  # one undo step
