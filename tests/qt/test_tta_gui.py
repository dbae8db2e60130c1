"""Test-time augmentation in the GUI: the Predict view's combo shows the TTA probabilities; Evaluate and
Export pass the choice to their background jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_fixtures import make_trained_run, write_dataset
from PySide6.QtCore import Qt

from dtf_gui.core.runs.predict import PredictRequest, predict
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.evaluation_panel import EvaluationPanel
from dtf_gui.qt.widgets.export_panel import ExportPanel
from dtf_gui.qt.widgets.predict_panel import PredictPanel

CLASSES = ("red", "green", "blue", "cyan", "magenta", "yellow")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("tta_gui")
    root = write_dataset(base / "data", CLASSES, train=3, val=1)
    run = make_trained_run(base / "run", root, CLASSES, steps=20)
    return run, root


def _choose(qtbot, combo, mode: str) -> None:
    """Pick ``mode`` with the keyboard, as a user does (one Down per item)."""
    combo.setFocus()
    while combo.currentData() != mode:
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def test_the_tta_combo_changes_the_shown_probabilities_to_the_tta_ones(qtbot, trained) -> None:
    run, root = trained
    images = sorted((root / "val").rglob("*.png"))[:2]
    state = AppState()
    state.set_run_dir(str(run))
    panel = PredictPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.predictions_ready, timeout=60000):
        assert panel.add_images(images)
    panel.list.setCurrentRow(0)
    before = panel.bar_values()
    with qtbot.waitSignal(panel.predictions_ready, timeout=60000):
        _choose(qtbot, panel.tta_combo, "flip")  # the images are predicted again, with the mirror images
    panel.list.setCurrentRow(0)
    want = predict(PredictRequest(str(run), tuple(map(str, images)), top_k=5, traces=False, tta="flip")).items[0].top
    assert [c for c, _ in panel.bar_values()] == [c for c, _ in want]
    assert [p for _, p in panel.bar_values()] == pytest.approx([p for _, p in want], abs=1e-12)
    assert panel.bar_values() != before


def test_evaluate_and_export_pass_the_choice_on(qtbot, trained, tmp_path: Path) -> None:
    run, root = trained
    state = AppState()
    state.set_run_dir(str(run))
    ev = EvaluationPanel(state)
    qtbot.addWidget(ev)
    ev.set_data_root(root)
    ev.show()
    _choose(qtbot, ev.tta_combo, "five_crop")
    with qtbot.waitSignal(ev.evaluation_finished, timeout=60000) as blocker:
        qtbot.mouseClick(ev.eval_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].extra["tta"] == "five_crop"

    ex = ExportPanel(state)
    qtbot.addWidget(ex)
    ex.show()
    ex.out_edit.setText(str(tmp_path / "bundle"))
    ex.set_formats(["pth"])
    _choose(qtbot, ex.tta_combo, "flip")
    with qtbot.waitSignal(ex.exported, timeout=120_000) as blocker:
        qtbot.mouseClick(ex.export_button, Qt.MouseButton.LeftButton)
    bundle = Path(blocker.args[0])
    assert json.loads((bundle / "bundle.json").read_text())["tta"] == "flip"
    assert "TTA = 'flip'" in (bundle / "predict.py").read_text()
