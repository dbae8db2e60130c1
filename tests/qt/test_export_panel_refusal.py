"""The Export tab follows the core's out-folder rule: a run, a dataset or any other non-empty folder is refused
before anything runs (no "replace?" question, the folder byte-identical); an earlier bundle is replaced after
asking."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from dtf_run_factory import make_run, tree_digest, write_images
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dtf_gui.core.runs.bundle import export_bundle
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.export_panel import ExportPanel


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("panel_refusal")
    data = write_images(base / "data", ("ant", "bee", "cat"), per_class=1)
    make_run(base / "run", data)
    return base, data


def _panel(qtbot, run: Path) -> tuple[AppState, ExportPanel]:
    state = AppState()
    panel = ExportPanel(state)
    qtbot.addWidget(panel)
    state.set_run_dir(str(run))
    panel.set_formats(["pth"])
    return state, panel


@pytest.mark.parametrize("target", ["the_run", "inside_the_run", "dataset", "notes"])
def test_export_tab_refuses_what_force_may_not_replace(qtbot, tmp_path, made, monkeypatch, target):
    base, data = made
    run = shutil.copytree(base / "run", tmp_path / "run")
    data = shutil.copytree(data, tmp_path / "data")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "thesis.txt").write_text("mine")
    out = {"the_run": run, "inside_the_run": run / "export", "dataset": data, "notes": notes}[target]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(str(a[2])) or QMessageBox.StandardButton.Yes)
    state, panel = _panel(qtbot, run)
    errors: list[str] = []
    state.error_reported.connect(lambda m, d: errors.append(m))
    panel.out_edit.setText(str(out))
    before = {p: tree_digest(p) for p in (run, data, notes)}

    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert asked == []  # refused outright, not offered for replacing
    assert not panel.is_busy() and not panel.job.alive  # nothing was started
    says = {"the_run": "is a run folder", "inside_the_run": "inside the run folder", "dataset": "images",
            "notes": "not a bundle"}[target]
    assert len(errors) == 1 and says in errors[0], errors
    assert says in panel.result_label.text()
    assert {p: tree_digest(p) for p in (run, data, notes)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "notes", "run"]


def test_export_tab_replaces_an_earlier_bundle_after_asking(qtbot, tmp_path, made, monkeypatch):
    base, _ = made
    run = shutil.copytree(base / "run", tmp_path / "run")
    out = export_bundle(run, tmp_path / "bundle", "pth,safetensors")
    state, panel = _panel(qtbot, run)
    panel.out_edit.setText(str(out))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(str(a[2])) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and not panel.is_busy() and (out / "model.safetensors").is_file()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(str(a[2])) or QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(panel.exported, timeout=120_000):
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)
    assert len(asked) == 2
    assert sorted(p.name for p in out.iterdir()) == ["bundle.json", "model.pth", "predict.py"]


def test_default_out_folder_is_beside_the_run_not_inside(qtbot, tmp_path, made):
    base, _ = made
    run = shutil.copytree(base / "run", tmp_path / "run")
    _, panel = _panel(qtbot, run)
    out = Path(panel.out_edit.text())
    assert out.parent == run.parent and out != run
