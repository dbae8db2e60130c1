"""RunController: one training run at a time on the real engine and a tiny dataset -- start, pause, resume,
stop -- with the status in AppState, and the main window's Run menu and the Training panel sharing it."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from test_training_panel import make_window, set_tiny_run_config, write_tiny_dataset

from dtf_gui.core.pipeline.build import starter_document
from dtf_gui.core.training import engine
from dtf_gui.qt.controllers.run_controller import RunController
from dtf_gui.qt.state import AppState

RUN_MS = 120_000


def make_controller(made: list[RunController], tmp_path: Path, **overrides
                    ) -> tuple[AppState, RunController, list[str]]:
    state = AppState()
    state.set_data_root(write_tiny_dataset(tmp_path / "data"))
    state.set_document(starter_document(32))
    set_tiny_run_config(state, tmp_path, **overrides)
    controller = RunController(state)
    made.append(controller)
    statuses: list[str] = []
    controller.status_changed.connect(statuses.append)
    return state, controller, statuses


def _engine_steps(controller: RunController) -> dict[str, int]:
    """The engine's step count, updated in the training thread right after each batch."""
    seen = {"n": 0}
    lock = threading.Lock()

    def track(chunk) -> None:
        with lock:
            seen["n"] = chunk[-1].step

    controller.callbacks.batches_ended.connect(track, Qt.ConnectionType.DirectConnection)
    return seen


def test_start_trains_to_the_end_and_refuses_a_second_start(qtbot, controllers, tmp_path):
    state, controller, statuses = make_controller(controllers, tmp_path)
    epochs: list[object] = []
    controller.epoch_ended.connect(epochs.append)
    with qtbot.waitSignal(controller.finished, timeout=RUN_MS) as blocker:
        assert controller.start()
        assert controller.busy and state.is_training
        assert not controller.start()  # one run at a time
    assert blocker.args == ["completed"]
    assert statuses[0] == "starting" and "running" in statuses and statuses[-1] == "completed"
    assert len(epochs) == 2 and controller.last_run_end.status == "completed"
    assert Path(state.run_dir, "checkpoints", "best.pt").is_file()
    assert not controller.busy and not state.is_training and not controller.runner.alive


def test_without_a_dataset_start_is_refused_with_a_message(qtbot, controllers, tmp_path):
    state, controller, statuses = make_controller(controllers, tmp_path)
    state.set_data_root("")
    errors: list[str] = []
    state.error_reported.connect(lambda m, d: errors.append(m))
    assert not controller.start()
    assert errors == ["Choose a dataset folder first (Data panel), then press Start."]
    assert statuses == [] and state.training_status == "idle" and not controller.runner.alive


def test_pause_waits_for_the_engine_then_resume_finishes_the_run(qtbot, controllers, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "EMIT_INTERVAL_S", 0.0)  # one event per batch: exact engine-side count
    state, controller, statuses = make_controller(controllers, tmp_path, **{"train.batch_size": 2})
    batches: list[object] = []
    controller.batches_ended.connect(batches.extend)
    with qtbot.waitSignal(controller.finished, timeout=RUN_MS) as blocker:
        assert controller.start()
        steps = _engine_steps(controller)
        qtbot.waitUntil(lambda: bool(batches), timeout=60_000)
        controller.pause()
        assert state.training_status == "pausing"
        qtbot.waitUntil(lambda: state.training_status == "paused", timeout=30_000)  # the engine waits now
        at_pause = steps["n"]
        qtbot.wait(800)
        assert steps["n"] == at_pause  # not one batch while paused
        controller.resume()
        assert state.training_status == "running"
    assert blocker.args == ["completed"]
    assert [b.step for b in batches] == list(range(1, 2 * 12 + 1))  # every batch, none twice
    assert statuses.index("pausing") < statuses.index("paused") < len(statuses) - 1


def test_stop_ends_the_run_after_the_current_batch_with_a_checkpoint(qtbot, controllers, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "EMIT_INTERVAL_S", 0.0)
    state, controller, statuses = make_controller(controllers, tmp_path, **{"train.batch_size": 2, "train.epochs": 3})
    with qtbot.waitSignal(controller.finished, timeout=RUN_MS) as blocker:
        assert controller.start()
        steps = _engine_steps(controller)
        qtbot.waitUntil(lambda: steps["n"] >= 2, timeout=60_000)
        controller.stop()
        assert state.training_status == "stopping"
    assert blocker.args == ["stopped"] and statuses[-2:] == ["stopping", "stopped"]
    assert controller.batches_after_stop <= 1
    assert controller.last_run_end.status == "stopped"
    assert json.loads(Path(state.run_dir, "run.json").read_text())["status"] == "stopped"
    assert Path(state.run_dir, "checkpoints", "last.pt").is_file()
    assert not controller.runner.alive


def test_the_run_menu_and_the_panel_drive_the_same_run(qtbot, tmp_path, settings):
    state, win = make_window(qtbot, tmp_path, settings, **{"train.epochs": 50, "train.batch_size": 2})
    panel = win.training_panel
    assert panel.controller is win.run_controller
    try:
        with qtbot.waitSignal(win.run_controller.finished, timeout=RUN_MS) as blocker:
            win.act_start.trigger()  # Run > Start
            assert win.tabs.currentWidget() is panel
            assert not panel.run_view.start_button.isEnabled() and panel.run_view.stop_button.isEnabled()
            assert not win.act_start.isEnabled() and win.act_stop.isEnabled()
            qtbot.waitUntil(lambda: state.training_status == "running", timeout=60_000)
            qtbot.mouseClick(panel.run_view.pause_button, Qt.MouseButton.LeftButton)  # the panel's Pause
            assert panel.run_view.pause_button.text() == "Resume"
            win.act_stop.trigger()  # Run > Stop stops the paused run
    finally:
        win.run_controller.shutdown()  # a failed check must not leave 50 epochs running
    assert blocker.args == ["stopped"]
    assert win.act_start.isEnabled() and not win.act_stop.isEnabled()
    assert panel.run_view.start_button.isEnabled() and panel.model_box.isEnabled()
