"""Grad-CAM overlays in the GUI: a click on "Show what the model looks at" draws the map of THAT image (the
pixels the core computes), in the Predict view, the mistakes gallery's tiles and its large-image view."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from eval_fixtures import make_trained_run, write_dataset
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage

from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation
from dtf_gui.core.trust.cam import CamRequest, cam_images
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.gallery import MistakesGallery
from dtf_gui.qt.widgets.predict_panel import PredictPanel

CLASSES = ("red", "green", "blue")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("camgui")
    root = write_dataset(base / "data", CLASSES, train=2, val=2)
    run = make_trained_run(base / "run", root, CLASSES, image_size=64, steps=10)
    return run, root


def _pixels(pixmap) -> np.ndarray:
    img = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = img.width(), img.height()
    return np.frombuffer(img.constBits(), np.uint8).reshape(h, img.bytesPerLine())[:, : w * 3].reshape(h, w, 3).copy()


def _overlay(run: Path, path: Path) -> np.ndarray:
    return cam_images(CamRequest(str(run), (str(path),)))[0].overlay


def _scaled(overlay: np.ndarray, k: int) -> np.ndarray:
    return np.repeat(np.repeat(overlay, k, 0), k, 1)


def test_predict_view_toggle_draws_the_map_of_the_selected_image(qtbot, trained) -> None:
    run, root = trained
    images = [root / "val" / "red" / "red_0.png", root / "val" / "blue" / "blue_1.png"]
    state = AppState()
    state.set_run_dir(str(run))
    panel = PredictPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.predictions_ready, timeout=60000):
        panel.add_images(images)
    panel.list.setCurrentRow(1)
    plain = _pixels(panel.image.pixmap())
    assert not panel.cam_toggle.isChecked()
    with qtbot.waitSignal(panel.cam.ready, timeout=60000):
        qtbot.mouseClick(panel.cam_toggle, Qt.MouseButton.LeftButton)
    want = [_overlay(run, p) for p in images]
    assert not np.array_equal(want[0], want[1])
    assert np.array_equal(_pixels(panel.image.pixmap()), _scaled(want[1], 4))  # 64 px shown at 256
    assert "Grad-CAM" in panel.caption.text()
    panel.list.setCurrentRow(0)  # the other image: its own map, computed in the background
    qtbot.waitUntil(lambda: np.array_equal(_pixels(panel.image.pixmap()), _scaled(want[0], 4)), timeout=60000)
    panel.list.setCurrentRow(1)  # kept: drawn at once
    assert np.array_equal(_pixels(panel.image.pixmap()), _scaled(want[1], 4))
    qtbot.mouseClick(panel.cam_toggle, Qt.MouseButton.LeftButton)
    assert np.array_equal(_pixels(panel.image.pixmap()), plain)


def test_gallery_tiles_and_large_view_draw_the_map(qtbot, trained) -> None:
    run, root = trained
    outcome = run_evaluation(EvalRequest(str(run), str(root)))
    gallery = MistakesGallery(AppState())
    qtbot.addWidget(gallery)
    gallery.set_outcome(outcome)
    gallery.show_top_losses()
    paths = gallery.paths()
    assert len(paths) == 6
    with qtbot.waitSignal(gallery.cam.ready, timeout=60000):
        qtbot.mouseClick(gallery.cam_toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not gallery.cam.busy, timeout=60000)  # the maps come a few tiles at a time
    for row, path in enumerate(paths):
        icon = gallery.model.data(gallery.model.index(row, 0), Qt.ItemDataRole.DecorationRole)
        assert np.array_equal(_pixels(icon.pixmap(QSize(64, 64))), _overlay(run, Path(path))), path
    dlg = gallery.open_detail(2)
    qtbot.addWidget(dlg)
    assert dlg.cam_toggle.isChecked()  # it follows the gallery's toggle
    want = _scaled(_overlay(run, Path(paths[2])), 6)  # 64 px shown at 384
    qtbot.waitUntil(lambda: np.array_equal(_pixels(dlg.image.pixmap()), want), timeout=60000)
    qtbot.mouseClick(dlg.cam_toggle, Qt.MouseButton.LeftButton)
    assert dlg.image.pixmap().width() == 384 and not np.array_equal(_pixels(dlg.image.pixmap()), want)
    qtbot.mouseClick(gallery.cam_toggle, Qt.MouseButton.LeftButton)  # off: the tiles are the images again
    icon = gallery.model.data(gallery.model.index(0, 0), Qt.ItemDataRole.DecorationRole)
    assert not np.array_equal(_pixels(icon.pixmap(QSize(64, 64))), _overlay(run, Path(paths[0])))
