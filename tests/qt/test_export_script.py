"""Export tab: "train.py (plain PyTorch)" writes the run as a standalone script (with split.csv) in a worker;
a train.py already in the folder is replaced only after asking."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_runs import make_script_run
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.export_panel import ExportPanel


@pytest.fixture
def panel(qtbot, tmp_path: Path) -> ExportPanel:
    run = make_script_run(tmp_path)
    state = AppState()
    panel = ExportPanel(state)
    qtbot.addWidget(panel)
    state.set_run_dir(str(run))
    panel.set_formats([])  # no bundle: the script alone
    panel.script_box.setChecked(True)
    return panel


def test_the_export_tab_writes_train_py(qtbot, panel, tmp_path):
    out = tmp_path / "script"
    panel.out_edit.setText(str(out))
    assert panel.export_button.isEnabled()
    with qtbot.waitSignal(panel.exported, timeout=120_000) as blocker:
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert Path(blocker.args[0]) == out
    text = (out / "train.py").read_text(encoding="utf-8")
    compile(text, "train.py", "exec")
    assert "class ImageDataset" in text and (out / "split.csv").is_file()
    assert "train.py" in panel.result_label.text() and str(out) in panel.result_label.text()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)


def test_a_train_py_there_is_replaced_only_after_asking(qtbot, panel, tmp_path, monkeypatch):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "train.py").write_text("# mine\n", encoding="utf-8")
    panel.out_edit.setText(str(out))
    asked: list[str] = []

    def answer(button):
        return lambda _parent, _title, text, *a, **k: asked.append(text) or button

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    panel.export()
    assert len(asked) == 1 and "train.py" in asked[0] and not panel.is_busy()
    assert (out / "train.py").read_text(encoding="utf-8") == "# mine\n"

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(panel.exported, timeout=120_000):
        panel.export()
    assert "class ImageDataset" in (out / "train.py").read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)
