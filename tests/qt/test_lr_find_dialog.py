"""The Training tab's "Find learning rate…": the dialog sweeps a tiny config through the JobRunner, plots the
curve with the suggestion marked, and Apply puts the suggestion into the Training form's learning rate."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "training"))

from tiny import tiny_pipeline, write_tiny_folder  # noqa: E402

from dtf_gui.core.config import RunConfig  # noqa: E402
from dtf_gui.qt.state import AppState  # noqa: E402
from dtf_gui.qt.widgets.lr_find_dialog import LrFindDialog  # noqa: E402
from dtf_gui.qt.widgets.training_panel import TrainingPanel  # noqa: E402


def _state(tmp_path: Path) -> AppState:
    state = AppState()
    state.set_data_root(write_tiny_folder(tmp_path / "data", n_train=8, n_val=2, size=16))
    state.set_document(tiny_pipeline(16, random_train=False))
    state.set_run_config(RunConfig().with_overrides({
        "model.arch": "resnet18", "model.weights": "none", "freeze.plan": "head",
        "train.batch_size": 4, "train.lr": 0.5, "train.schedule": "none", "device": "cpu", "precision": "fp32",
        "workers": 0, "runs_dir": str(tmp_path / "runs")}))
    return state


def test_find_button_runs_the_sweep_and_apply_sets_the_form_lr(qtbot, tmp_path):
    state = _state(tmp_path)
    panel = TrainingPanel(state)
    qtbot.addWidget(panel)
    assert panel.lr_edit.text() == "0.5"
    qtbot.mouseClick(panel.lr_find_button, Qt.MouseButton.LeftButton)
    dialog = panel.lr_find_dialog
    assert isinstance(dialog, LrFindDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=60_000)
    result = dialog.result
    assert result is not None and len(result.lrs) > 20, dialog.status.text()
    xs, ys = dialog.curve.getData()
    assert len(xs) == len(result.lrs) and list(ys) == pytest.approx(result.smoothed)
    assert result.suggestion is not None, dialog.status.text()
    mx, my = dialog.marker.getData()
    assert len(mx) == 1 and my[0] == pytest.approx(result.smoothed[result.suggestion_index])
    assert dialog.apply_button.isEnabled() and "e-" in dialog.status.text()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    want = float(f"{result.suggestion:.2e}")
    assert state.run_config.train.lr == pytest.approx(want)
    assert float(panel.lr_edit.text()) == pytest.approx(want)  # the form shows it
    assert not dialog.isVisible()
    assert not (tmp_path / "runs").exists()  # nothing written


def test_cancel_stops_the_sweep_and_training_disables_start(qtbot, tmp_path):
    state = _state(tmp_path)
    # a forward and backward pass a step (not a matrix product on cached features): Cancel comes mid-sweep
    state.set_run_config(state.run_config.with_overrides({"freeze.plan": "full", "model.arch": "mobilenet_v3_small"}))
    dialog = LrFindDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.steps_spin.setValue(1000)
    dialog.start_edit.setText("1e-6")
    dialog.end_edit.setText("1e-5")  # never diverges: only Cancel ends it early
    with qtbot.waitSignal(dialog.runner.cancelled, timeout=60_000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert not dialog.start_button.isEnabled() and dialog.cancel_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=60_000)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=10_000)
    assert dialog.result is None and not dialog.apply_button.isEnabled()
    assert dialog.start_button.isEnabled()
    state.set_training_status("running")
    assert not dialog.start_button.isEnabled() and not dialog.start()
    state.set_training_status("idle")
    assert dialog.start_button.isEnabled()


def test_a_bad_range_is_said_in_the_dialog(qtbot, tmp_path):
    state = _state(tmp_path)
    dialog = LrFindDialog(state)
    qtbot.addWidget(dialog)
    dialog.start_edit.setText("abc")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert not dialog.runner.running and "abc" in dialog.status.text()
    dialog.start_edit.setText("1")
    dialog.end_edit.setText("0.1")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert not dialog.runner.running and "0 <" in dialog.status.text()
