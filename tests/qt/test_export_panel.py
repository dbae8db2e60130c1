"""ExportPanel: writes a real bundle from a real (tiny) run in a worker thread, shows and opens its folder."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from test_training_panel import write_tiny_dataset  # tests/qt is on sys.path (no packages in tests/)

from dtf_gui.core.config import RunConfig
from dtf_gui.core.pipeline.build import starter_document
from dtf_gui.core.training import engine
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.export_panel import ExportPanel


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """One finished 1-epoch run, shared by the tests of this module (training is the slow part)."""
    tmp = tmp_path_factory.mktemp("export_run")
    root = write_tiny_dataset(tmp / "data", n_train=4, n_val=2)
    cfg = RunConfig().with_overrides({
        "model.arch": "mobilenet_v3_small", "model.weights": "none", "train.epochs": 1, "train.batch_size": 4,
        "device": "cpu", "precision": "fp32", "workers": 0, "runs_dir": str(tmp / "runs"), "data.root": str(root)})
    cfg = dataclasses.replace(cfg, pipeline=starter_document(32))
    result = engine.train(cfg)
    return Path(result.run_dir)


def make_panel(qtbot, run_dir: Path) -> tuple[AppState, ExportPanel]:
    state = AppState()
    panel = ExportPanel(state)
    qtbot.addWidget(panel)
    state.set_run_dir(str(run_dir))
    return state, panel


def test_export_writes_the_bundle_and_opens_its_folder(qtbot, tmp_path, run_dir, monkeypatch):
    state, panel = make_panel(qtbot, run_dir)
    assert panel.run_edit.text() == str(run_dir)  # follows the state's current run
    out = tmp_path / "bundle"
    panel.out_edit.setText(str(out))
    panel.set_formats(["pth", "safetensors", "torchscript"])
    assert panel.formats() == ("pth", "safetensors", "torchscript")

    with qtbot.waitSignal(panel.exported, timeout=120_000) as blocker:
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
        assert panel.is_busy() and not panel.export_button.isEnabled()
    bundle = Path(blocker.args[0])
    names = {p.name for p in bundle.rglob("*") if p.is_file()}
    assert any(n.endswith(".pth") for n in names)
    assert any(n.endswith(".safetensors") for n in names)
    assert any(n.endswith(".pt") or "torchscript" in n for n in names)
    assert str(bundle) in panel.result_label.text()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)
    assert panel.open_button.isEnabled() and panel.export_button.isEnabled()
    assert not panel.progress.isVisible()
    assert not panel.job.alive  # the export thread has ended

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(bundle)]


def test_earlier_bundle_is_replaced_only_after_asking(qtbot, tmp_path, run_dir, monkeypatch):
    from dtf_gui.core.runs.bundle import export_bundle

    state, panel = make_panel(qtbot, run_dir)
    out = export_bundle(run_dir, tmp_path / "taken", "pth,safetensors")
    panel.out_edit.setText(str(out))
    panel.set_formats(["pth"])

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    panel.export()
    assert not panel.is_busy() and (out / "model.safetensors").exists()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(panel.exported, timeout=120_000):
        panel.export()
    assert not (out / "model.safetensors").exists() and (out / "model.pth").exists()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)


def test_problems_are_reported_not_raised(qtbot, tmp_path, run_dir):
    state, panel = make_panel(qtbot, run_dir)
    errors: list[tuple[str, str]] = []
    state.error_reported.connect(lambda m, d: errors.append((m, d)))

    panel.run_edit.setText(str(tmp_path))  # not a run folder
    panel.out_edit.setText(str(tmp_path / "out"))
    panel.export()
    assert len(errors) == 1 and "checkpoints" in errors[0][0] and not panel.is_busy()

    # a failure inside export_bundle (the run's checkpoint is unreadable) comes back from the worker
    broken = tmp_path / "broken_run"
    (broken / "checkpoints").mkdir(parents=True)
    (broken / "checkpoints" / "best.pt").write_bytes(b"not a checkpoint")
    (broken / "run.json").write_text(json.dumps({"arch": "resnet18"}))
    panel.run_edit.setText(str(broken))
    with qtbot.waitSignal(state.error_reported, timeout=60_000):
        panel.export()
    assert len(errors) == 2 and errors[1][0].startswith("Export failed")
    assert errors[1][1]  # the traceback is there for the details view
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)
    assert panel.export_button.isEnabled() and not panel.open_button.isEnabled()


def test_onnx_without_onnxruntime_is_exported_and_the_tab_says_unchecked(qtbot, tmp_path, run_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` fails, find_spec says None
    _, panel = make_panel(qtbot, run_dir)
    panel.out_edit.setText(str(tmp_path / "bundle"))
    panel.set_formats(["onnx"])
    with qtbot.waitSignal(panel.exported, timeout=120_000) as blocker:
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    info = json.loads((Path(blocker.args[0]) / "bundle.json").read_text())
    assert info["checks"]["onnx"] == {"checked_with": None, "not_checked": "onnxruntime_missing"}
    text = panel.result_label.text()
    assert str(blocker.args[0]) in text and "not checked" in text and "onnxruntime" in text, text
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)
