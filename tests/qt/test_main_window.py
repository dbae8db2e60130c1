"""Main window: first start opens the demo digits with a starter pipeline; files, recents, errors,
layout memory; the excepthook routes uncaught errors to the one error dialog."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dtf_gui.core.config import DEMO_IMAGE_SIZE
from dtf_gui.core.pipeline.spec import PipelineDocument
from dtf_gui.qt.app import build_parser, initial_state, install_excepthooks
from dtf_gui.qt.main_window import MainWindow
from dtf_gui.qt.settings import Settings
from dtf_gui.qt.state import AppState

WAIT_MS = 30000


def test_first_start_opens_demo_digits_with_a_starter_pipeline(qtbot, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("DTF_DATA_DIR", str(tmp_path / "userdata"))
    state = AppState()
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS, check_params_cb=lambda r: r is not None):
        initial_state(build_parser().parse_args([]), settings, state)
    assert state.data_root.startswith(str(tmp_path / "userdata"))
    assert state.scan_report.can_train()
    assert len(state.scan_report.classes) == 10
    names = [s.name for s in state.document.val]
    assert names[:2] == ["Resize", "ToImage"] and names[-1] == "Normalize"
    assert state.document.val[0].params["size"] in (DEMO_IMAGE_SIZE, [DEMO_IMAGE_SIZE, DEMO_IMAGE_SIZE])
    assert state.selected_sample                       # the preview has something to show
    assert "demo_digits" in win.dataset_label.text() and "10" in win.dataset_label.text()
    assert settings.get("recent/folders")[0] == state.data_root
    assert settings.get("first_run_done") is True
    editor = win.pipeline_editor
    qtbot.waitUntil(lambda: len(editor.preview.cards()) >= 3, timeout=WAIT_MS)
    assert editor.preview.cards()[0].badge.text() == "PIL L 32×32"     # the demo digits are grey PNGs


def test_save_and_open_pipeline_through_the_window_remember_recents(qtbot, settings, tmp_path):
    from dtf_gui.core.pipeline.build import starter_document

    state = AppState()
    state.set_document(starter_document(32))
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    target = tmp_path / "p"
    win.save_pipeline_as(str(target))
    assert (tmp_path / "p.json").is_file()
    assert state.document_path.endswith("p.json") and "p.json" in win.windowTitle()
    state.remove_step("train", 0)
    assert win.windowTitle().startswith("p.json *")                 # unsaved edits are marked
    win.open_pipeline(str(tmp_path / "p.json"))
    assert state.document == PipelineDocument.load(tmp_path / "p.json")
    assert settings.get("recent/pipelines") == [str(tmp_path / "p.json")]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    win.open_pipeline(str(bad))                                       # an error dialog, no exception
    assert win.last_error is not None and "bad.json" in win.last_error[0]
    assert isinstance(win._error_box, QMessageBox)


def test_layout_is_remembered(qtbot, settings):
    win = MainWindow(AppState(), settings)
    qtbot.addWidget(win)
    win.show()
    win.resize(1000, 700)
    win.tabs.setCurrentIndex(1)
    win.close()
    again = MainWindow(AppState(), Settings(settings.qsettings))
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 1
    assert not settings.get("window/geometry").isEmpty()
    assert again.size().height() == 700   # (the offscreen screen is 800 px wide, so only the height is exact)


def test_uncaught_exceptions_reach_the_error_dialog(qtbot, settings, monkeypatch):
    state = AppState()
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    import threading

    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_excepthooks(state)
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert win.last_error[0] == "boom in a slot" and "Traceback" in win.last_error[1]
    t = threading.Thread(target=lambda: 1 / 0)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: "division by zero" in win.last_error[0], timeout=5000)


def test_run_menu_calls_the_run_controller(qtbot, settings, monkeypatch):
    state = AppState()
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    assert win.training_panel is not None, "the Training tab failed to load (see _optional_panel)"
    assert win.act_start.isEnabled()
    calls = []
    monkeypatch.setattr(win.run_controller, "start", lambda: calls.append("start"))
    monkeypatch.setattr(win.run_controller, "stop", lambda: calls.append("stop"))
    win.act_start.trigger()
    assert calls == ["start"] and win.tabs.currentWidget() is win.training_panel
    state.set_training_status("running")
    assert win.act_stop.isEnabled() and not win.act_start.isEnabled()
    win.act_stop.trigger()
    assert calls == ["start", "stop"]
    state.set_training_status("stopped")


def test_the_val_folder_is_remembered_with_its_dataset(qtbot, settings, tmp_path):
    from PIL import Image

    for folder in ("photos/a", "photos/b", "held/a", "held/b"):
        (tmp_path / folder).mkdir(parents=True)
        Image.new("RGB", (8, 8), (len(folder) * 20, 0, 0)).save(tmp_path / folder / "0.png")
    state = AppState()
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    state.set_data_root(tmp_path / "photos")
    state.set_val_root(tmp_path / "held")
    held = str((tmp_path / "held").resolve())
    assert settings.get("data/last_val_root") == held
    again = AppState()
    initial_state(build_parser().parse_args([]), settings, again)       # the next start
    assert again.data_root == str((tmp_path / "photos").resolve()) and again.val_root == held
    win.data_panel.open_folder(tmp_path / "held")                       # another dataset: no val folder
    assert settings.get("data/last_val_root") == ""


@pytest.mark.parametrize("present", [("mobilenet_v2",), ()])
def test_first_start_trains_what_dtf_config_prints(qtbot, settings, tmp_path, monkeypatch, capsys, present):
    """One default policy: the GUI's first start and `dtf config` give the same run configuration (the GUI
    keeps its runs in the user data folder), whichever ImageNet weights are on the machine."""
    import json

    from dtf_gui.cli.main import main
    from dtf_gui.core import config as config_module

    monkeypatch.setenv("DTF_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setattr(config_module, "imagenet_weights_available", lambda arch: arch in present)
    state = AppState()
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS, check_params_cb=lambda r: r is not None):
        initial_state(build_parser().parse_args([]), settings, state)
    gui = state.config_for_run().to_json()
    assert main(["config"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert gui.pop("runs_dir") == str(tmp_path / "userdata" / "runs") and cli.pop("runs_dir") == "runs"
    assert gui == cli
    assert gui["model"]["arch"] == ("mobilenet_v2" if present else "resnet18")
    assert win.training_panel.arch_combo.currentData() == gui["model"]["arch"]


def test_the_workspace_chosen_in_the_runs_tab_is_the_next_starts(qtbot, settings, tmp_path, monkeypatch):
    """Change… in the Runs tab (a real click; the folder dialog answers): new runs go there now, and the next
    start of the app keeps its runs there too."""
    from PIL import Image
    from PySide6.QtWidgets import QFileDialog

    (tmp_path / "d" / "a").mkdir(parents=True)
    Image.new("RGB", (8, 8)).save(tmp_path / "d" / "a" / "0.png")
    chosen = tmp_path / "experiments"
    chosen.mkdir()
    state = AppState()
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    initial_state(build_parser().parse_args(["--data", str(tmp_path / "d")]), settings, state)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(chosen))
    win.show()
    win.tabs.setCurrentWidget(win.runs_panel)
    qtbot.waitUntil(win.runs_panel.change_button.isVisible)
    qtbot.mouseClick(win.runs_panel.change_button, Qt.MouseButton.LeftButton)
    assert state.run_config.runs_dir == str(chosen)
    again = AppState()
    initial_state(build_parser().parse_args(["--data", str(tmp_path / "d")]), settings, again)  # the next start
    assert again.run_config.runs_dir == str(chosen)
