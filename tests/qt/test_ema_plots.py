"""Model EMA in the Training tab: its settings in the form, and the EMA accuracy curve beside the raw one."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from test_training_panel import make_panel

from dtf_gui.core.runs.rundir import read_metrics


def test_ema_settings_are_in_the_form_and_edit_the_run_config(qtbot, tmp_path):
    state, panel = make_panel(qtbot, tmp_path)
    fields = panel.fields.editors
    assert {"train.ema", "train.ema_decay", "train.ema_warmup_epochs", "train.ema_export"} <= set(fields)
    assert not panel.ema_decay_spin.isEnabled()  # nothing to tune while EMA is off
    qtbot.mouseClick(panel.ema_check, Qt.MouseButton.LeftButton, pos=QPoint(6, panel.ema_check.height() // 2))
    assert state.run_config.train.ema is True and panel.ema_decay_spin.isEnabled()
    panel.ema_export_combo.setCurrentIndex(panel.ema_export_combo.findData("ema"))
    assert state.run_config.train.ema_export == "ema"


def test_a_run_with_ema_draws_both_accuracy_curves(qtbot, tmp_path):
    state, panel = make_panel(qtbot, tmp_path, **{"train.ema": True, "train.ema_decay": 0.9})
    plots = panel.run_view.plots
    with qtbot.waitSignal(panel.controller.finished, timeout=120_000) as blocker:
        qtbot.mouseClick(panel.run_view.start_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["completed"]
    rows = read_metrics(state.run_dir)
    ema_x, ema_y = plots.ema_acc_curve.getOriginalDataset()
    assert list(ema_x) == [1.0, 2.0] and list(ema_y) == [r["ema_val_acc"] for r in rows]
    assert len(plots.acc_curve.getOriginalDataset()[0]) == 2  # the raw weights' curve is still there
    assert [label.text for _, label in plots.acc_plot.legend.items] == ["raw weights", "EMA weights"]

    plots.clear()  # the finished run read back from its metrics.csv draws the same curve
    assert plots.ema_acc_curve.getOriginalDataset()[0] is None or not len(plots.ema_acc_curve.getOriginalDataset()[0])
    plots.show_history(rows)
    assert list(plots.ema_acc_curve.getOriginalDataset()[1]) == [r["ema_val_acc"] for r in rows]
