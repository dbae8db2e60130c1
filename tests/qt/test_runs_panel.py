"""The Runs tab: lists the workspace's runs (a killed one as interrupted), filters as the user types, resumes
an interrupted run through the real run controller, moves a run to the trash and Undo brings it back byte for
byte, saves a note typed into the table, and hands 2-8 runs to Compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_runs import make_fake_run, tree_bytes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from dtf_gui.core.config import RunConfig
from dtf_gui.core.runs.rundir import RUN_JSON, read_run_meta, write_run_json
from dtf_gui.core.training.events import RunEnded, RunStarted
from dtf_gui.qt.controllers.run_controller import RunController
from dtf_gui.qt.models.runs_model import COL
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.runs_panel import RunsPanel

DONE = "20260101-000001-resnet18"
KILLED = "20260101-000002-mobilenet_v3_small"
STOPPED = "20260101-000003-efficientnet_b0"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "runs"
    make_fake_run(ws, DONE, "completed", arch="resnet18", epochs_done=3, epochs=3)
    make_fake_run(ws, KILLED, "running", arch="mobilenet_v3_small", lock="dead", epochs_done=1, epochs=3)
    make_fake_run(ws, STOPPED, "stopped", arch="efficientnet_b0", epochs_done=2, epochs=4)
    return ws


def _panel(qtbot, workspace: Path, controller: RunController | None = None,
           state: AppState | None = None) -> RunsPanel:
    state = state or AppState()
    state.set_run_config(RunConfig().with_overrides({"runs_dir": str(workspace)}))
    panel = RunsPanel(state, controller=controller)
    qtbot.addWidget(panel)
    panel.resize(1200, 400)
    with qtbot.waitSignal(panel.listed, timeout=5000):
        panel.show()
    return panel


def _shown(panel: RunsPanel) -> dict[str, str]:
    """name -> status text of each row the table shows."""
    p = panel.proxy
    return {p.index(r, COL["name"]).data(): p.index(r, COL["status"]).data() for r in range(p.rowCount())}


def _click_row(qtbot, panel: RunsPanel, name: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, COL["name"]).data() == name)
    rect = panel.table.visualRect(panel.proxy.index(row, COL["arch"]))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_the_tab_lists_each_run_and_the_search_box_filters(qtbot, workspace: Path) -> None:
    panel = _panel(qtbot, workspace)
    assert _shown(panel) == {DONE: "finished", KILLED: "interrupted", STOPPED: "stopped"}
    qtbot.keyClicks(panel.search_edit, "mobilenet")
    assert _shown(panel) == {KILLED: "interrupted"}
    panel.search_edit.clear()
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("stopped"))
    assert list(_shown(panel)) == [STOPPED]


def _scripted_engine(calls: list):
    """Resuming a run ends it "completed" (as the engine would, writing run.json) -- no training."""

    def train(config, *, callbacks, stop, resume=None):
        calls.append(resume)
        run = Path(resume)
        callbacks.on_run_start(RunStarted(str(run), "cpu", "", config.model.arch, ["a", "b"], 3, 4, 10, 10, 1))
        info = json.loads((run / RUN_JSON).read_text())
        info.update(status="completed", epochs_done=3)
        write_run_json(run, info)
        callbacks.on_run_end(RunEnded(str(run), "completed", 3, 0.75))

    return train


def test_resume_on_an_interrupted_run_continues_it_through_the_controller(qtbot, workspace: Path) -> None:
    state = AppState()
    calls: list = []
    controller = RunController(state, train_fn=_scripted_engine(calls))
    try:
        panel = _panel(qtbot, workspace, controller, state)
        _click_row(qtbot, panel, DONE)
        assert not panel.resume_button.isEnabled()  # a finished run has nothing to resume
        _click_row(qtbot, panel, KILLED)
        assert panel.resume_button.isEnabled()
        with qtbot.waitSignal(controller.finished, timeout=10_000) as done:
            qtbot.mouseClick(panel.resume_button, Qt.MouseButton.LeftButton)
        assert done.args == ["completed"] and calls == [workspace / KILLED]
        assert state.run_dir == str(workspace / KILLED)
        qtbot.waitUntil(lambda: _shown(panel).get(KILLED) == "finished", timeout=5000)
    finally:
        controller.shutdown()


def test_move_to_trash_then_undo_gives_the_run_back(qtbot, workspace: Path) -> None:
    before = tree_bytes(workspace / STOPPED)
    panel = _panel(qtbot, workspace)
    panel.state.set_run_dir(str(workspace / STOPPED))
    _click_row(qtbot, panel, STOPPED)
    with qtbot.waitSignal(panel.listed, timeout=5000):
        qtbot.mouseClick(panel.trash_button, Qt.MouseButton.LeftButton)
    assert STOPPED not in _shown(panel) and not (workspace / STOPPED).exists()
    assert panel.state.run_dir == ""  # the other tabs no longer point at a moved folder
    assert panel.undo_button.isEnabled()
    with qtbot.waitSignal(panel.listed, timeout=5000):
        qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert _shown(panel)[STOPPED] == "stopped" and tree_bytes(workspace / STOPPED) == before


def _edit_cell(qtbot, panel: RunsPanel, name: str, column: str, text: str, *, by_key: bool) -> None:
    """Start editing a cell as a user does (a double-click, or a click then F2), type, press Enter."""
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, COL["name"]).data() == name)
    centre = panel.table.visualRect(panel.proxy.index(row, COL[column])).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a double-click's 1st press
    if by_key:
        qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    else:
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: panel.table.viewport().findChild(QLineEdit) is not None, timeout=2000)
    editor = panel.table.viewport().findChild(QLineEdit)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.viewport().findChild(QLineEdit) is None, timeout=2000)  # editor closed


def test_a_note_and_tags_typed_into_the_table_are_saved_with_the_run(qtbot, workspace: Path) -> None:
    panel = _panel(qtbot, workspace)
    _edit_cell(qtbot, panel, DONE, "note", "lr too high", by_key=False)
    _edit_cell(qtbot, panel, DONE, "tags", "baseline, aug", by_key=True)
    meta = read_run_meta(workspace / DONE)
    assert meta.note == "lr too high" and meta.tags == ("baseline", "aug")
    with qtbot.waitSignal(panel.listed, timeout=5000):
        qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)  # read back from the run folder
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, COL["name"]).data() == DONE)
    assert panel.proxy.index(row, COL["note"]).data() == "lr too high"
    assert panel.proxy.index(row, COL["tags"]).data() == "baseline, aug"
    qtbot.keyClicks(panel.search_edit, "aug")  # tags are searched too
    assert list(_shown(panel)) == [DONE]


def test_compare_takes_two_to_eight_runs(qtbot, workspace: Path) -> None:
    panel = _panel(qtbot, workspace)
    _click_row(qtbot, panel, DONE)
    assert not panel.compare_button.isEnabled()
    _click_row(qtbot, panel, STOPPED, Qt.KeyboardModifier.ControlModifier)
    assert panel.compare_button.isEnabled()
    with qtbot.waitSignal(panel.compare_requested) as got:
        qtbot.mouseClick(panel.compare_button, Qt.MouseButton.LeftButton)
    assert sorted(got.args[0]) == [workspace / DONE, workspace / STOPPED]


def test_duplicate_settings_makes_the_runs_config_the_apps(qtbot, workspace: Path) -> None:
    panel = _panel(qtbot, workspace)
    _click_row(qtbot, panel, STOPPED)
    qtbot.mouseClick(panel.duplicate_button, Qt.MouseButton.LeftButton)
    cfg = panel.state.run_config
    assert cfg.model.arch == "efficientnet_b0" and cfg.train.epochs == 4 and cfg.runs_dir == str(workspace)
