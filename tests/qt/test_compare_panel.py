"""Compare tab with real widgets: choosing runs draws one curve per run in each plot (the run names in the
legends), the settings table shows the differing learning rate, fewer than 2 runs show the empty state."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from compare_fixtures import config, pipeline, write_run
from PySide6.QtCore import Qt

from dtf_gui.qt import i18n
from dtf_gui.qt.main_window import MainWindow
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.compare_panel import PALETTE, ComparePanel


@pytest.fixture
def english():
    yield
    i18n.set_language("en")


@pytest.fixture
def three_runs(tmp_path: Path) -> list[Path]:
    return [write_run(tmp_path / "run-a", config(lr=1e-3), accs=(0.5, 0.6, 0.7)),
            write_run(tmp_path / "run-b", config(lr=1e-2), accs=(0.4, 0.8)),
            write_run(tmp_path / "run-c", config(lr=3e-4, doc=pipeline(flip=False)), accs=(0.3, 0.65, 0.9))]


def _compared(qtbot, paths: list[Path]) -> ComparePanel:
    panel = ComparePanel()
    qtbot.addWidget(panel)
    panel.resize(1300, 800)
    panel.show()
    with qtbot.waitSignal(panel.comparison_shown, timeout=10000):
        panel.set_runs(paths)
    return panel


def _curves(plot) -> list:
    return plot.listDataItems()


def _legend(plot) -> list[str]:
    return [label.text for _, label in plot.legend.items]


def test_three_runs_give_one_curve_per_run_and_the_lr_row(qtbot, three_runs) -> None:
    panel = _compared(qtbot, three_runs)
    names = ["run-a", "run-b", "run-c"]
    assert panel.stack.currentIndex() == 1
    for plot in (panel.acc_plot, panel.lr_plot):
        curves = _curves(plot)
        assert len(curves) == 3 and _legend(plot) == names
        assert [c.opts["pen"].color().name() for c in curves] == [p.lower() for p in PALETTE[:3]]
    # the loss plot: validation (solid, in the legend) and training (dashed) per run, in the run's colour
    loss = _curves(panel.loss_plot)
    assert len(loss) == 6 and _legend(panel.loss_plot) == names
    assert sorted(c.opts["pen"].color().name() for c in loss) == sorted(2 * [p.lower() for p in PALETTE[:3]])
    # each run's curve holds that run's epochs
    assert [len(c.getData()[0]) for c in _curves(panel.acc_plot)] == [3, 2, 3]
    assert list(_curves(panel.acc_plot)[2].getData()[1]) == [0.3, 0.65, 0.9]

    table = panel.settings_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == names
    rows = {table.verticalHeaderItem(r).text(): [table.item(r, c).text() for c in range(3)]
            for r in range(table.rowCount())}
    assert rows["train.lr"] == ["0.001", "0.01", "0.0003"]
    flip = rows["train pipeline, step 2 (RandomHorizontalFlip)"]
    assert flip == ["RandomHorizontalFlip(p=0.5)", "RandomHorizontalFlip(p=0.5)", "—"]  # run-c removed it
    assert len(rows) == 2

    metrics = panel.metrics_table
    by_label = {metrics.verticalHeaderItem(r).text(): [metrics.item(r, c).text() for c in range(3)]
                for r in range(metrics.rowCount())}
    assert by_label["best val accuracy"] == ["70.00%", "80.00%", "90.00%"]
    assert by_label["epochs done"] == ["3/3", "2/3", "3/3"]


def test_fewer_than_two_runs_show_the_empty_state_and_a_bad_folder_is_named(qtbot, three_runs, tmp_path) -> None:
    panel = _compared(qtbot, three_runs[:2])
    panel.set_runs(three_runs[:1])
    assert panel.stack.currentIndex() == 0 and "run-a" in panel.empty_label.text()
    assert _curves(panel.acc_plot) == []
    stray = tmp_path / "not a run"
    stray.mkdir()
    with qtbot.waitSignal(panel.comparison_failed, timeout=10000):
        panel.set_runs([three_runs[0], stray])
    assert panel.stack.currentIndex() == 0 and str(stray) in panel.empty_label.text()
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert panel.paths == [] and "2 to 8 runs" in panel.empty_label.text()


def test_main_window_show_compare_switches_to_the_tab(qtbot, settings, three_runs) -> None:
    win = MainWindow(AppState(), settings)
    qtbot.addWidget(win)
    tabs = [win.tabs.tabText(i) for i in range(win.tabs.count())]
    assert tabs.index("Compare") == tabs.index("Runs") + 1
    with qtbot.waitSignal(win.compare_panel.comparison_shown, timeout=10000):
        win.runs_panel.compare_requested.emit(three_runs[:2])  # the Runs tab's Compare button says this
    assert win.tabs.currentWidget() is win.compare_panel
    assert len(_curves(win.compare_panel.lr_plot)) == 2


def test_chinese_compare_tab(qtbot, three_runs, tmp_path, english) -> None:
    panel = _compared(qtbot, three_runs)
    out = Path(os.environ.get("DTF_SHOTS", tmp_path))
    panel.grab().save(str(out / "compare_en.png"))
    i18n.set_language("zh_CN")
    qtbot.waitUntil(lambda: panel.settings_title.text() == "不同的设置", timeout=5000)
    metrics = panel.metrics_table
    assert metrics.verticalHeaderItem(2).text() == "最佳验证准确率"
    table = panel.settings_table
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert "训练流水线第 2 步（RandomHorizontalFlip）" in labels
    panel.grab().save(str(out / "compare_zh.png"))
