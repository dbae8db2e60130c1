"""The Export tab's output folder follows the current run (unless the user typed one), and writing a run's
bundle over another run's bundle asks first, naming that run."""

from __future__ import annotations

from pathlib import Path

import pytest
from dtf_run_factory import make_run, tree_digest, write_images
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.export_panel import ExportPanel

ARCH = "mobilenet_v2"


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("two_runs")
    data = write_images(base / "data", ("ant", "bee", "cat"), per_class=1)
    first, second = base / "runs" / "run-1", base / "runs" / "run-2"
    make_run(first, data, arch=ARCH)
    make_run(second, data, arch=ARCH, seed=1)
    return first, second


def _panel(qtbot) -> tuple[AppState, ExportPanel]:
    state = AppState()
    panel = ExportPanel(state)
    qtbot.addWidget(panel)
    panel.set_formats(["pth"])
    return state, panel


def test_the_output_folder_follows_the_newest_run(qtbot, runs):
    first, second = runs
    state, panel = _panel(qtbot)
    state.set_run_dir(str(first))
    assert panel.out_edit.text() == str(first.parent / "run-1-bundle")
    state.set_run_dir(str(second))  # a second run finished
    assert panel.run_edit.text() == str(second)
    assert panel.out_edit.text() == str(second.parent / "run-2-bundle")  # not into the first run's bundle


def test_a_folder_the_user_typed_is_kept(qtbot, runs, tmp_path):
    first, second = runs
    state, panel = _panel(qtbot)
    state.set_run_dir(str(first))
    panel.out_edit.clear()
    qtbot.keyClicks(panel.out_edit, str(tmp_path / "mine"))
    state.set_run_dir(str(second))
    assert panel.out_edit.text() == str(tmp_path / "mine")
    panel.out_edit.clear()  # an emptied field follows the run again
    state.set_run_dir(str(first))
    assert panel.out_edit.text() == str(first.parent / "run-1-bundle")


def test_writing_over_another_runs_bundle_asks_first(qtbot, runs, tmp_path, monkeypatch):
    first, second = runs
    from dtf_gui.core.runs.bundle import export_bundle

    old = export_bundle(first, tmp_path / "run-1-bundle", "pth")
    before = tree_digest(old)
    state, panel = _panel(qtbot)
    state.set_run_dir(str(second))
    panel.out_edit.clear()
    qtbot.keyClicks(panel.out_edit, str(old))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(str(a[2])) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "another run" in asked[0] and "run-1" in asked[0]
    assert not panel.is_busy() and tree_digest(old) == before  # No: nothing written

    asked.clear()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(str(a[2])) or QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(panel.exported, timeout=60_000):
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)
    import json

    assert json.loads((old / "bundle.json").read_text())["source"]["run_dir"] == str(second)
