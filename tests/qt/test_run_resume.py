"""A stopped run does not strand the user: the run view says what happened in words that fit (no "0 epochs,
0.0 %"), and Resume (the run view's button and Run > Resume) continues the same run from its checkpoint to
the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from test_run_controller import RUN_MS, _engine_steps, make_controller
from test_training_panel import make_window

from dtf_gui.core.training import engine
from dtf_gui.core.training.events import RunEnded, RunStarted
from dtf_gui.qt import i18n
from dtf_gui.qt.widgets.run_progress import RunProgressView

LONG_MS = 2 * RUN_MS  # two runs on a busy machine


def _stop_in_epoch_one(qtbot, controller) -> None:
    with qtbot.waitSignal(controller.finished, timeout=LONG_MS):
        assert controller.start()
        steps = _engine_steps(controller)
        qtbot.waitUntil(lambda: steps["n"] >= 2, timeout=60_000)
        controller.stop()


def test_stop_in_epoch_one_then_resume_finishes_the_same_run(qtbot, controllers, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "EMIT_INTERVAL_S", 0.0)
    state, controller, _ = make_controller(controllers, tmp_path, **{"train.batch_size": 2, "train.epochs": 1})
    view = RunProgressView(controller)
    qtbot.addWidget(view)
    assert not view.resume_button.isEnabled()  # nothing to resume yet
    batches: list[object] = []
    controller.batches_ended.connect(batches.extend)

    _stop_in_epoch_one(qtbot, controller)
    run_dir = state.run_dir
    said = view.progress_label.text()
    assert "0 epochs" not in said and "0.0%" not in said
    assert "epoch 1" in said and "before any validation" in said
    assert view.resume_button.isEnabled() and controller.can_resume()
    stopped_at = batches[-1].step

    with qtbot.waitSignal(controller.finished, timeout=LONG_MS) as blocker:
        qtbot.mouseClick(view.resume_button, Qt.MouseButton.LeftButton)
        assert not view.resume_button.isEnabled()
    assert blocker.args == ["completed"]
    assert state.run_dir == run_dir  # the same run went on, no new folder
    assert len(list(Path(run_dir).parent.iterdir())) == 1
    resumed = [b.step for b in batches if b.step > stopped_at]
    assert resumed == list(range(stopped_at + 1, 12 + 1))  # from the next batch to the end, none twice
    assert json.loads(Path(run_dir, "run.json").read_text())["status"] == "completed"
    assert view.progress_label.text().startswith("Finished 1 epoch.")  # not "1 epochs"
    assert not view.resume_button.isEnabled()  # a finished run has nothing left to resume


def _scripted_engine(calls: list):
    """An engine that stops in epoch 1 with a checkpoint, and finishes when resumed (the Run menu's part
    is the wiring; the real engine's resume is the test above)."""

    def train(config, *, callbacks, stop, resume=None):
        calls.append(resume)
        run = Path(resume) if resume is not None else Path(config.runs_dir) / "run-1"
        (run / "checkpoints").mkdir(parents=True, exist_ok=True)
        (run / "checkpoints" / "last.pt").write_bytes(b"checkpoint")
        config.save(run / "config.json")
        callbacks.on_run_start(RunStarted(str(run), "cpu", "", "mobilenet_v3_small", ["a", "b"], 1, 4, 10, 10))
        if resume is None:
            callbacks.on_run_end(RunEnded(str(run), "stopped", 0, 0.0, "Stopped by the user during epoch 1."))
        else:
            callbacks.on_run_end(RunEnded(str(run), "completed", 1, 0.75))
        return None

    return train


def test_run_menu_resume_continues_a_stopped_run(qtbot, tmp_path, settings):
    state, win = make_window(qtbot, tmp_path, settings, **{"train.epochs": 1})
    calls: list = []
    controller = win.run_controller
    controller.train_fn = _scripted_engine(calls)
    assert not win.act_resume_run.isEnabled()
    with qtbot.waitSignal(controller.finished, timeout=10_000):
        qtbot.keyClick(win, Qt.Key.Key_F5)  # Run > Start
    assert win.act_resume_run.isEnabled() and win.act_start.isEnabled()
    assert "Resume" in win.hint_label.text()
    with qtbot.waitSignal(controller.finished, timeout=10_000) as blocker:
        win.act_resume_run.trigger()  # Run > Resume Stopped Run
        assert not win.act_resume_run.isEnabled() and not win.act_start.isEnabled()
    assert blocker.args == ["completed"]
    assert calls == [None, Path(state.run_dir)]  # the engine was asked to resume the current run
    assert "Finished 1 epoch." in win.training_panel.run_view.progress_label.text()  # not "1 epochs"
    assert not win.act_resume_run.isEnabled()
    assert "Evaluate" in win.hint_label.text()  # the next step after training


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_run_summaries_are_grammatical(qtbot, controllers, tmp_path, lang):
    state, controller, _ = make_controller(controllers, tmp_path)
    view = RunProgressView(controller)
    qtbot.addWidget(view)
    i18n.set_language(lang)
    try:
        said = {}
        for status, n, acc in (("completed", 1, 0.5), ("completed", 3, 0.5), ("stopped", 0, 0.0),
                               ("stopped", 1, 0.25)):
            controller.run_ended.emit(RunEnded(str(tmp_path), status, n, acc))
            said[(status, n)] = view.progress_label.text()
    finally:
        i18n.set_language("en")
    if lang == "en":
        assert said[("completed", 1)].startswith("Finished 1 epoch.")
        assert said[("completed", 3)].startswith("Finished 3 epochs.")
        assert "before any validation" in said[("stopped", 0)] and "0.0%" not in said[("stopped", 0)]
        assert said[("stopped", 1)].startswith("Stopped by you after 1 epoch.")
    else:
        assert all(not any(w in t for w in ("epoch", "Finished", "Stopped")) for t in said.values())
        assert "1" in said[("completed", 1)] and "3" in said[("completed", 3)]
