"""The habits a new user brings: Redo on Ctrl+Shift+Z, Quit on Ctrl+Q, Pause in the Run menu with a key, the
tabs in the order of the work, a smoothed loss that starts where the loss is, a flat learning rate drawn at a
readable scale, "pausing" said until the batch ends, one mistake visible in the confusion matrix, and the
validation share greyed out when the dataset brings its own val/ folder."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QApplication

from dtf_gui.core.pipeline.registry import default_step
from dtf_gui.core.training.events import BatchEnded, RunEnded, RunStarted
from dtf_gui.qt.controllers.run_controller import RunController
from dtf_gui.qt.main_window import MainWindow
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.data_panel import DataPanel
from dtf_gui.qt.widgets.evaluation_panel import ConfusionModel
from dtf_gui.qt.widgets.plots import EMA_ALPHA, TrainingPlots
from dtf_gui.qt.widgets.run_progress import RunProgressView


def _window(qtbot, settings) -> tuple[AppState, MainWindow]:
    state = AppState()
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):  # shortcuts reach only the active window
        win.show()
        win.activateWindow()
    return state, win


def test_redo_answers_ctrl_shift_z_and_ctrl_y(qtbot, settings):
    state, win = _window(qtbot, settings)
    n = len(state.document.train)
    state.append_step("train", default_step("RandomHorizontalFlip"))
    assert len(state.document.train) == n + 1
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(state.document.train) == n
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(state.document.train) == n + 1  # redone
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(win, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(state.document.train) == n + 1


def test_ctrl_q_quits_and_the_run_menu_has_pause(qtbot, settings):
    state, win = _window(qtbot, settings)
    assert QKeySequence("Ctrl+Q") in win.act_quit.shortcuts()
    assert win.act_pause in win.menu_run.actions() and not win.act_pause.shortcut().isEmpty()
    assert not win.act_pause.isEnabled()  # nothing runs
    names = [win.tabs.tabText(i) for i in range(win.tabs.count())]
    assert names.index("Evaluate") + 1 == names.index("Export")  # train, evaluate, then export
    assert "F5" in win.hint_label.text() or "dataset" in win.hint_label.text()  # what to press next
    qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=5000)


def test_smoothed_loss_starts_at_the_loss_and_is_bias_corrected(qtbot):
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    losses = [2.0, 1.0, 1.0, 1.0, 1.0]
    for step, loss in enumerate(losses, 1):
        plots.add_batch(step, loss, 1e-3)
    plots.flush()
    _, ema = plots.loss_ema_curve.getOriginalDataset()
    beta = 1 - EMA_ALPHA
    weights = np.array([beta ** (len(losses) - 1 - i) for i in range(len(losses))])
    expected = float(np.dot(weights, losses) / weights.sum())  # the bias-corrected EMA is this weighted mean
    assert abs(ema[0] - 2.0) < 1e-9 and abs(ema[-1] - expected) < 1e-9
    assert ema[-1] < 1.25  # within a few batches it follows the raw loss (seeded with 2.0 it would be 1.66)


def test_a_constant_learning_rate_gets_a_readable_range(qtbot):
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.show()
    for step in range(1, 30):
        plots.add_batch(step, 1.0, 1e-3)
    plots.flush()
    low, high = plots.lr_plot.viewRange()[1]
    assert 0 <= low < 1e-3 < high <= 2e-3  # not -0.4 .. 0.4 around 0.001
    plots.clear()
    for step in range(1, 30):
        plots.add_batch(step, 1.0, 1e-3 * (1 - step / 30))  # a schedule: autoscale again
    plots.flush()
    qtbot.waitUntil(lambda: plots.lr_plot.viewRange()[1][0] < 1e-4, timeout=5000)  # autorange at the next paint
    assert plots.lr_plot.viewRange()[1][1] < 2e-3


def _slow_engine(release: threading.Event):
    """One batch, then wait (before the pause point) until the test releases the "batch in progress"."""

    def train(config, *, callbacks, stop, resume=None):
        run = str(Path(config.runs_dir) / "run-1")
        callbacks.on_run_start(RunStarted(run, "cpu", "", "resnet18", ["a", "b"], 1, 4, 10, 10))
        callbacks.on_batch_end(BatchEnded(1, 1, 1, 4, 1, 0.9, 1e-3, 10.0, 3.0, 0.0))
        callbacks.flush()
        release.wait(10)
        while not stop.stop_requested:
            stop.wait_if_paused(0.05)
        callbacks.on_run_end(RunEnded(run, "stopped", 0, 0.0))

    return train


def test_after_pause_it_says_pausing_until_the_batch_ends(qtbot, tmp_path):
    from dtf_gui.core.config import RunConfig

    state = AppState()
    state.set_data_root(str(tmp_path))
    state.set_run_config(RunConfig().with_overrides({"runs_dir": str(tmp_path / "runs")}))
    release = threading.Event()
    controller = RunController(state, train_fn=_slow_engine(release))
    view = RunProgressView(controller)
    qtbot.addWidget(view)
    try:
        controller.start()
        qtbot.waitUntil(lambda: view.last_batch is not None, timeout=10_000)
        qtbot.mouseClick(view.pause_button, Qt.MouseButton.LeftButton)
        assert state.training_status == "pausing"
        assert view.progress_label.text().startswith("Pausing after this batch")
        release.set()  # the batch ends; the engine reaches its pause point
        qtbot.waitUntil(lambda: state.training_status == "paused", timeout=10_000)
        assert view.progress_label.text().startswith("Paused · ")
    finally:
        release.set()
        with qtbot.waitSignal(controller.finished, timeout=10_000):
            controller.stop()


def test_one_mistake_in_a_hundred_is_visible_in_the_confusion_matrix(qtbot):
    model = ConfusionModel()
    model.set_matrix([[99, 1], [0, 100]], ["cat", "dog"])
    pale = model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole)
    empty = model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole)
    assert empty == QColor("#ffffff")
    assert 255 - min(pale.red(), pale.green(), pale.blue()) >= 40  # a tint you can see, not near-white


def test_validation_share_is_off_when_the_dataset_has_its_own_val_folder(qtbot, tmp_path):
    for split in ("train", "val"):
        for label in ("cat", "dog"):
            (tmp_path / "d" / split / label).mkdir(parents=True)
            for i in range(2):
                Image.new("RGB", (8, 8), (40 * i, 90, 160)).save(tmp_path / "d" / split / label / f"{i}.png")
    state = AppState()
    panel = DataPanel(state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(state.scan_report_changed, timeout=30_000, check_params_cb=lambda r: r is not None):
        state.set_data_root(tmp_path / "d")
    assert state.scan_report.layout == "splits"
    assert not panel.val_spin.isEnabled() and "own val/" in panel.val_spin.toolTip()
    QApplication.processEvents()


def test_a_finding_about_a_file_opens_its_folder(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    root = tmp_path / "d"
    for label in ("cat", "dog"):
        (root / label).mkdir(parents=True)
        for i in range(3):
            Image.new("RGB", (8, 8), (40 * i, 90, 160)).save(root / label / f"{i}.png")
    (root / "cat" / "broken.png").write_bytes(b"not an image")
    state = AppState()
    panel = DataPanel(state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(state.scan_report_changed, timeout=30_000, check_params_cb=lambda r: r is not None):
        state.set_data_root(root)
    item = next(panel.findings.item(i) for i in range(panel.findings.count())
                if "broken.png" in (panel.findings.item(i).toolTip() or ""))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    actions = {a.text(): a for a in panel.finding_menu(item).actions()}
    actions["Open Containing Folder"].trigger()
    assert opened == [str(root / "cat")]
