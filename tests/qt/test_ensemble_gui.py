"""Make Ensemble… in the Runs tab writes the ensemble bundle of the selected runs (in the background), and the
Evaluate tab evaluates that bundle like any model."""

from __future__ import annotations

import json
from pathlib import Path

from dtf_run_factory import make_run, write_images
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from dtf_gui.core.config import RunConfig
from dtf_gui.qt.models.runs_model import COL
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.evaluation_panel import EvaluationPanel
from dtf_gui.qt.widgets.runs_panel import RunsPanel


def test_make_ensemble_then_evaluate_it(qtbot, tmp_path: Path, monkeypatch) -> None:
    data = write_images(tmp_path / "data", per_class=2)
    ws = tmp_path / "runs"
    make_run(ws / "20260101-000001-resnet18", data, image_size=16, seed=0)
    make_run(ws / "20260101-000002-resnet18", data, image_size=20, seed=1)
    state = AppState()
    state.set_run_config(RunConfig().with_overrides({"runs_dir": str(ws)}))
    panel = RunsPanel(state)
    qtbot.addWidget(panel)
    panel.resize(1200, 400)
    with qtbot.waitSignal(panel.listed, timeout=10000):
        panel.show()
    assert not panel.ensemble_button.isEnabled()
    for row, mod in ((0, Qt.KeyboardModifier.NoModifier), (1, Qt.KeyboardModifier.ControlModifier)):
        rect = panel.table.visualRect(panel.proxy.index(row, COL["arch"]))
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, mod, rect.center())
    assert len(panel.selected_runs()) == 2 and panel.ensemble_button.isEnabled()
    out = tmp_path / "ens"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (asked.append(k["text"]), ("1, 3", True))[1])
    with qtbot.waitSignal(panel.ensemble_written, timeout=60000):
        qtbot.mouseClick(panel.ensemble_button, Qt.MouseButton.LeftButton)
    info = json.loads((out / "bundle.json").read_text())
    assert info["kind"] == "dtf_gui.ensemble" and len(info["members"]) == 2
    assert asked == ["1,1"]  # soft voting offered first; the answer weighs the second run 3:1
    assert [m["weight"] for m in info["members"]] == [0.25, 0.75]
    assert str(out) in panel.info_label.text()

    ev = EvaluationPanel(state)
    qtbot.addWidget(ev)
    ev.set_model_path(out)
    ev.set_data_root(data)
    with qtbot.waitSignal(ev.evaluation_finished, timeout=60000):
        ev.evaluate()
    assert ev.outcome.info["kind"] == "ensemble" and ev.outcome.result.metrics["num_samples"] == 6
    assert "ensemble(resnet18, resnet18)" in ev.status.text()
    panel.shutdown()
