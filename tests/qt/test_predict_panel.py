"""Predict view: top-5 bars equal `dtf predict`, with the current run or an opened bundle, plus the trace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_fixtures import make_trained_run, write_dataset
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from dtf_gui.cli.main import main
from dtf_gui.core.runs.bundle import export_bundle
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.predict_panel import PredictPanel

CLASSES = ("red", "green", "blue", "cyan", "magenta", "yellow")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("predict")
    root = write_dataset(base / "data", CLASSES, train=3, val=2)
    run = make_trained_run(base / "run", root, CLASSES, steps=20)
    return run, root


def _cli_predict(model: Path, images: list[Path], capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["predict", str(model), *map(str, images), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_current_run_top5_bars_equal_dtf_predict(qtbot, trained, capsys) -> None:
    run, root = trained
    images = sorted((root / "val").rglob("*.png"))[:3]
    state = AppState()
    state.set_run_dir(str(run))
    panel = PredictPanel(state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.predictions_ready, timeout=60000):
        assert panel.add_images(images)
    cli = _cli_predict(run, images, capsys)
    assert panel.list.count() == 3
    for row, want in enumerate(cli):
        panel.list.setCurrentRow(row)
        bars = panel.bar_values()
        assert len(bars) == 5
        assert [c for c, _ in bars] == [d["class"] for d in want["top_k"]]
        assert [p for _, p in bars] == pytest.approx([d["prob"] for d in want["top_k"]], abs=1e-12)
        assert want["top_k"][0]["class"] in panel.caption.text()
    # the trace of the selected image: the raw file, the RGB image, then every val step
    badges = [c.badge.text() for c in panel.cards]
    assert len(badges) == 6 and badges[0].startswith("PIL") and "float32" in badges[-1]


def test_dropping_images_on_an_opened_bundle(qtbot, trained, tmp_path: Path, capsys) -> None:
    run, root = trained
    bundle = export_bundle(run, tmp_path / "bundle", ("safetensors",))
    panel = PredictPanel(AppState())
    qtbot.addWidget(panel)
    assert not panel.add_images([root / "val" / "red" / "red_0.png"])  # no model yet: refused with a message
    assert "No model" in panel.status.text()
    panel.set_model_path(bundle)
    folder = root / "val" / "cyan"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(panel.predictions_ready, timeout=60000) as blocker:
        panel.dropEvent(event)
    items = blocker.args[0]
    images = sorted(folder.glob("*.png"))
    assert [it.path for it in items] == [str(p) for p in images]
    cli = _cli_predict(bundle, images, capsys)
    for it, want in zip(items, cli, strict=True):
        assert [c for c, _ in it.top] == [d["class"] for d in want["top_k"]]
        assert [p for _, p in it.top] == pytest.approx([d["prob"] for d in want["top_k"]], abs=1e-12)
    assert panel.model_desc["kind"] == "bundle" and "resnet18" in panel.status.text()


def test_an_unreadable_file_is_shown_not_fatal(qtbot, trained, tmp_path: Path) -> None:
    run, root = trained
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"not a png")
    state = AppState()
    state.set_run_dir(str(run))
    panel = PredictPanel(state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.predictions_ready, timeout=60000) as blocker:
        panel.add_images([bad, root / "val" / "blue" / "blue_0.png"])
    bad_item, good_item = blocker.args[0]
    assert bad_item.error and not bad_item.top
    assert good_item.top and good_item.error is None
    panel.list.setCurrentRow(0)
    assert "broken.png" in panel.caption.text() and panel.bar_values() == []
