"""The model chooser shared by the Evaluate and Predict views: current run vs an opened folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.evaluation_panel import EvaluationPanel
from dtf_gui.qt.widgets.model_source import ModelSourcePicker
from dtf_gui.qt.widgets.predict_panel import PredictPanel


def test_current_run_follows_the_app_state(qtbot, tmp_path: Path) -> None:
    state = AppState()
    picker = ModelSourcePicker(state)
    qtbot.addWidget(picker)
    assert picker.is_current() and picker.path() == ""
    assert not picker.edit.isEnabled() and not picker.browse.isEnabled()
    with qtbot.waitSignal(picker.changed):
        state.set_run_dir(str(tmp_path / "run-1"))
    assert picker.path() == str(tmp_path / "run-1")
    assert picker.edit.text() == str(tmp_path / "run-1")  # shown, read-only


def test_open_button_switches_to_the_chosen_folder(qtbot, tmp_path: Path, monkeypatch) -> None:
    state = AppState()
    state.set_run_dir(str(tmp_path / "current"))
    picker = ModelSourcePicker(state)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    qtbot.mouseClick(picker.radio_other, Qt.MouseButton.LeftButton)
    assert not picker.is_current() and picker.edit.isEnabled() and picker.browse.isEnabled()
    bundle = tmp_path / "bundle"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(bundle))
    with qtbot.waitSignal(picker.opened) as sig:
        qtbot.mouseClick(picker.browse, Qt.MouseButton.LeftButton)
    assert sig.args == [str(bundle)]
    assert picker.path() == str(bundle)
    state.set_run_dir(str(tmp_path / "newer"))  # a new run does not replace an opened folder
    assert picker.path() == str(bundle)
    qtbot.mouseClick(picker.radio_current, Qt.MouseButton.LeftButton)
    assert picker.path() == str(tmp_path / "newer")


def test_cancelled_dialog_changes_nothing(qtbot, tmp_path: Path, monkeypatch) -> None:
    state = AppState()
    picker = ModelSourcePicker(state)
    qtbot.addWidget(picker)
    picker.radio_other.setChecked(True)
    picker.edit.setText(str(tmp_path / "kept"))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    with qtbot.assertNotEmitted(picker.opened):
        qtbot.mouseClick(picker.browse, Qt.MouseButton.LeftButton)
    assert picker.path() == str(tmp_path / "kept")


def test_both_views_use_the_picker(qtbot, tmp_path: Path) -> None:
    state = AppState()
    state.set_run_dir(str(tmp_path / "run"))
    state.set_data_root(str(tmp_path / "data"))
    ev, pr = EvaluationPanel(state), PredictPanel(state)
    qtbot.addWidget(ev)
    qtbot.addWidget(pr)
    assert ev.model_path() == pr.model_path() == str(tmp_path / "run")
    assert ev.eval_button.isEnabled()
    ev.set_model_path(tmp_path / "b1")
    pr.set_model_path(tmp_path / "b2")
    assert (ev.model_path(), pr.model_path()) == (str(tmp_path / "b1"), str(tmp_path / "b2"))
    ev.source.edit.clear()  # no folder: nothing to evaluate
    assert not ev.eval_button.isEnabled()
