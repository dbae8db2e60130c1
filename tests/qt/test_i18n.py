"""Switching the language at runtime retranslates the open window (and the .qm ships in resources)."""

from __future__ import annotations

import pytest

from dtf_gui.core.pipeline.lint import LintFinding
from dtf_gui.qt import i18n
from dtf_gui.qt.main_window import MainWindow
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.lint_panel import FindingRow


@pytest.fixture
def english():
    yield
    i18n.set_language("en")


def test_qm_file_ships_with_the_package():
    qm = i18n.translations_dir() / "dtf_gui_zh_CN.qm"
    assert qm.is_file() and qm.stat().st_size > 1000


def test_switch_to_chinese_and_back_at_runtime(qtbot, settings, english):
    win = MainWindow(AppState(), settings)
    qtbot.addWidget(win)
    win.show()
    assert win.tabs.tabText(0) == "Data"
    win.set_language("zh_CN")
    assert settings.get("ui/language") == "zh_CN"
    assert i18n.current_language() == "zh_CN"
    qtbot.waitUntil(lambda: win.tabs.tabText(0) == "数据", timeout=5000)
    editor = win.pipeline_editor
    assert win.tabs.tabText(1) == "流水线"
    assert win.menu_file.title() == "文件(&F)"
    assert editor.train_title.text() == "训练流水线"
    assert editor.bottom.tabText(0) == "预览"
    assert win.data_panel.scan_button.text() == "扫描"
    categories = [editor.palette_model.item(r).text() for r in range(editor.palette_model.rowCount())]
    assert "几何变换" in categories
    assert win.evaluation_panel.source.radio_current.text() == "当前运行"
    # a lint row made now: its split, step and Fix button are Chinese too
    finding = LintFinding("demo", "warning", "val", 1, "message", "fix it")
    row = FindingRow(editor.lint_panel, finding)
    qtbot.addWidget(row)
    assert "验证，第 2 步" in row.text.text()
    assert row.fix_button is not None and row.fix_button.text() == "修复"
    win.set_language("en")
    qtbot.waitUntil(lambda: win.tabs.tabText(0) == "Data", timeout=5000)
    assert editor.train_title.text() == "Train pipeline"


def test_system_language_resolves_to_a_supported_one():
    assert i18n.resolve("zh_TW") == "zh_CN"
    assert i18n.resolve("de_DE") == "en"
    assert i18n.resolve("system") in i18n.LANGUAGES
