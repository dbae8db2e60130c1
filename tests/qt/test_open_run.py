"""Open in the Runs tab follows through: the Evaluate tab comes up, and the Training tab's plots show the opened
run's history (loss per epoch, validation accuracy, learning rate from its metrics.csv)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from fake_runs import make_fake_run
from PySide6.QtCore import Qt

from dtf_gui.core.config import RunConfig
from dtf_gui.qt.main_window import MainWindow
from dtf_gui.qt.models.runs_model import COL
from dtf_gui.qt.state import AppState

NAME = "20260101-000001-resnet18"


def test_open_shows_evaluate_and_the_runs_curves_in_the_training_tab(qtbot, settings, tmp_path: Path) -> None:
    ws = tmp_path / "runs"
    run = make_fake_run(ws, NAME, "completed", epochs_done=3, epochs=3, accs=(0.4, 0.7, 0.9))
    state = AppState()
    state.set_run_config(RunConfig().with_overrides({"runs_dir": str(ws)}))
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.tabs.setCurrentWidget(win.runs_panel)
    with qtbot.waitSignal(win.runs_panel.listed, timeout=5000):
        win.show()
    panel = win.runs_panel
    rect = panel.table.visualRect(panel.proxy.index(0, COL["arch"]))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    with qtbot.waitSignal(panel.run_opened, timeout=2000):
        qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert win.tabs.currentWidget() is win.evaluation_panel
    assert state.run_dir == str(run)
    plots = win.training_panel.run_view.plots
    x, y = plots.acc_curve.getData()
    assert list(x) == [1, 2, 3] and np.allclose(y, [0.4, 0.7, 0.9])
    _, val_loss = plots.val_loss_curve.getData()
    assert np.allclose(val_loss, [1.1, 0.55, 1.1 / 3])
    lr_x, lr_y = plots.lr_curve.getData()
    assert list(lr_x) == [1, 2, 3] and np.allclose(lr_y, 0.001)
    assert NAME in win.training_panel.run_view.progress_label.text()
