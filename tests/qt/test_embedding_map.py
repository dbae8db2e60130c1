"""The embedding map window: a rectangle drag and a lasso drawn with the real mouse select points, and the
gallery opened from the selection shows exactly the images of those points (computed here from their
coordinates); hover names the file; the map is computed in the background with the run's mistakes marked;
the selection's gallery curates (quarantine, undo) like the mistakes gallery."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from eval_fixtures import expected_predictions, make_trained_run, tree_digest, write_dataset
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dtf_gui.core.data.curate import quarantine_dir_for
from dtf_gui.core.data.scan import scan
from dtf_gui.core.trust.embed_map import EmbeddingMap
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.embedding_map import EmbeddingMapView

CLASSES = ("red", "green", "blue")


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "data", CLASSES, train=8, val=4)


def random_map(root: Path, seed: int = 0) -> EmbeddingMap:
    """The dataset's images at random places (the pixels do not matter to selection)."""
    report = scan(root)
    recs = sorted(report.usable("train") + report.usable("val"), key=lambda r: r.path)
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-5, 5, (len(recs), 2)).astype(np.float32)
    return EmbeddingMap(xy=xy, paths=[r.path for r in recs],
                        labels=np.array([CLASSES.index(r.label) for r in recs], dtype=np.int64),
                        classes=list(CLASSES), splits=[r.split for r in recs], method="pca", backbone="test")


@pytest.fixture
def view(qtbot, dataset: Path, tmp_path: Path) -> EmbeddingMapView:
    state = AppState()
    state.set_data_root(dataset)
    v = EmbeddingMapView(state, cache_dir=tmp_path / "cache")
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.show()
    qtbot.waitExposed(v)
    assert v.gallery.title.text() == "Drag on the map to select points: their images show here."
    v.show_map(random_map(dataset))
    qtbot.waitUntil(lambda: settled(v), timeout=5000)
    yield v
    v.shutdown()


def settled(view: EmbeddingMapView) -> bool:
    """True once a paint no longer moves the plot area (the axes size themselves to their labels when painted)."""
    before = view.plot.vb.sceneBoundingRect()
    view.plot.grab()
    QApplication.processEvents()
    return view.plot.vb.sceneBoundingRect() == before


def to_map(view: EmbeddingMapView, pixel: QPoint) -> tuple[float, float]:
    """The map coordinates under a viewport pixel."""
    p = view.plot.vb.mapSceneToView(view.plot.mapToScene(pixel))
    return p.x(), p.y()


def pixel_at(view: EmbeddingMapView, fx: float, fy: float) -> QPoint:
    """A viewport pixel at fractions (fx, fy) of the plot's data area."""
    r = view.plot.mapFromScene(view.plot.vb.sceneBoundingRect()).boundingRect()
    return QPoint(int(r.left() + fx * r.width()), int(r.top() + fy * r.height()))


def move_until(qtbot, widget, pos: QPoint | Callable[[], QPoint], done: Callable[[], bool]) -> None:
    """Move the mouse to ``pos`` until ``done()``: pyqtgraph drops moves closer than its rate limit (10 ms),
    so the same real move is sent again until the scene took it."""
    where = pos if callable(pos) else (lambda: pos)
    qtbot.waitUntil(lambda: (QTest.mouseMove(widget, where()), done())[1], timeout=5000)


def gallery_paths(view: EmbeddingMapView) -> list[str]:
    return sorted(view.gallery.paths())


def test_rectangle_drag_opens_exactly_the_points_inside_in_the_gallery(qtbot, view) -> None:
    vp = view.plot.viewport()
    a, b = pixel_at(view, 0.2, 0.25), pixel_at(view, 0.75, 0.8)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    move_until(qtbot, vp, (a + b) / 2, lambda: view.plot.vb.band.isVisible())
    x0, y0 = to_map(view, a)  # where the drag started, on the map as it is drawn when the drag begins
    with qtbot.waitSignal(view.selection_changed, timeout=5000):
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    x1, y1 = to_map(view, b)
    xy = view.map.xy.astype(np.float64)
    inside = ((xy[:, 0] >= min(x0, x1)) & (xy[:, 0] <= max(x0, x1))
              & (xy[:, 1] >= min(y0, y1)) & (xy[:, 1] <= max(y0, y1)))
    want = sorted(view.map.paths[i] for i in np.flatnonzero(inside))
    assert 0 < len(want) < len(view.map)
    assert gallery_paths(view) == want
    assert len(view.gallery.paths()) == len(want)  # each once
    assert not view.plot.vb.band.isVisible()
    assert view.gallery.title.text() == f"Selected: {len(want)} images"
    # the tiles show the images' classes (no run: no prediction)
    labels = {it.path: it.true_label for it in view.gallery.model.items}
    assert all(labels[view.map.paths[i]] == CLASSES[view.map.labels[i]] for i in np.flatnonzero(inside))


def test_lasso_drawn_with_the_mouse_opens_exactly_the_points_inside(qtbot, view) -> None:
    qtbot.mouseClick(view.lasso_button, Qt.MouseButton.LeftButton)
    assert view.plot.vb.mode == "lasso"
    vp = view.plot.viewport()
    corners = [pixel_at(view, 0.15, 0.2), pixel_at(view, 0.8, 0.1), pixel_at(view, 0.9, 0.85),
               pixel_at(view, 0.3, 0.7)]
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, corners[0])
    poly = []  # each corner on the map as drawn when the mouse reached it
    for k, corner in enumerate(corners[1:], start=2):
        move_until(qtbot, vp, corner, lambda k=k: len(view.plot.vb.lasso) == k)
        if k == 2:
            poly.append(to_map(view, corners[0]))
        poly.append(to_map(view, corner))
    assert view.plot.vb.lasso_item.isVisible()  # the path is drawn while the mouse moves
    with qtbot.waitSignal(view.selection_changed, timeout=5000):
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, corners[-1])
    # inside the convex quadrilateral: on the same side of all four edges (cross products), in map coordinates
    poly = np.array(poly)
    xy = view.map.xy.astype(np.float64)
    sides = []
    for (ax, ay), (bx, by) in zip(poly, np.roll(poly, -1, axis=0), strict=True):
        sides.append((bx - ax) * (xy[:, 1] - ay) - (by - ay) * (xy[:, 0] - ax))
    sides = np.stack(sides)
    inside = (sides > 0).all(0) | (sides < 0).all(0)
    want = sorted(view.map.paths[i] for i in np.flatnonzero(inside))
    assert 0 < len(want) < len(view.map)
    assert gallery_paths(view) == want
    assert len(view.gallery.paths()) == len(want)
    assert not view.plot.vb.lasso_item.isVisible()


def test_hover_names_the_file_under_the_mouse(qtbot, view) -> None:
    i = int(np.argmin(np.abs(view.map.xy).sum(1)))  # a point near the middle
    move_until(qtbot, view.plot.viewport(), lambda: view.plot.view_pos_of(i), lambda: view.plot.hover_index == i)
    assert Path(view.map.paths[i]).name in view.plot.hover_text
    assert CLASSES[view.map.labels[i]] in view.plot.hover_text


def test_suspects_are_marked_and_counted(qtbot, view) -> None:
    m = view.map
    result = SimpleNamespace(suspects=[SimpleNamespace(path=m.paths[0]), SimpleNamespace(path=m.paths[5])])
    view.set_suspects(result)
    assert view.map.suspects == {m.paths[0], m.paths[5]}
    assert view.plot.legend_names == [*CLASSES, "suspected label errors"]
    assert len(view.plot.suspect_item.data) == 2  # drawn where the two points are
    assert "2 suspects" in view.status.text()
    view.select_indices([5])
    assert "suspected label error" in view.describe_point(5)


def test_the_selection_gallery_quarantines_and_undo_restores_the_dataset(qtbot, view, dataset: Path) -> None:
    before = tree_digest(dataset)
    view.select_indices([0, 3])
    gallery = view.gallery
    path = gallery.paths()[0]
    menu = gallery.context_menu([path])
    actions = {a.text(): a for a in menu.actions()}
    actions["Move to quarantine"].trigger()
    assert not Path(path).exists()
    assert (quarantine_dir_for(dataset) / Path(path).relative_to(dataset)).is_file()
    assert "Compute again" in view.status.text()  # the map shows the dataset as it was
    gallery.undo_stack.undo()
    assert tree_digest(dataset) == before
    qtbot.waitUntil(lambda: not gallery.rescanning, timeout=20000)


def test_compute_runs_in_the_background_and_marks_the_runs_mistakes(qtbot, dataset: Path, tmp_path: Path) -> None:
    run = make_trained_run(tmp_path / "run", dataset, CLASSES, steps=30)
    state = AppState()
    state.set_data_root(dataset)
    state.set_run_dir(run)
    view = EmbeddingMapView(state, cache_dir=tmp_path / "cache", image_size=32)
    qtbot.addWidget(view)
    view.features_combo.setCurrentIndex(view.features_combo.findData("run"))  # no download: the run's backbone
    view.method_combo.setCurrentIndex(view.method_combo.findData("pca"))
    view.mistakes_check.setChecked(True)
    with qtbot.waitSignal(view.map_shown, timeout=60000) as shown:
        qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
        assert view.runner.running and not view.compute_button.isEnabled()  # the GUI thread is free
    m = shown.args[0]
    expected = {**expected_predictions(run, dataset, "val"), **expected_predictions(run, dataset, "train")}
    wrong = {p for p, (true, pred) in expected.items() if true != pred}
    assert wrong and m.mistakes == wrong
    assert view.plot.legend_names == [*m.classes, "mistakes of the run"]
    assert len(view.plot.mistake_item.data) == len(wrong)
    qtbot.waitUntil(lambda: not view.runner.running, timeout=5000)
    # a selected mistake shows what the run predicted, as in the mistakes gallery
    i = m.paths.index(sorted(wrong)[0])
    view.select_indices([i])
    item = view.gallery.model.items[0]
    assert item.pred_label == expected[m.paths[i]][1] != item.true_label
    view.shutdown()


def test_the_data_tab_button_opens_the_map_and_computes_it(qtbot, dataset: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from dtf_gui.core.models.weights import weights_status

    if not weights_status("mobilenet_v2").available:
        pytest.skip("the pretrained mobilenet_v2 weights are not on this machine")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the features cache: not the user's
    monkeypatch.setitem(sys.modules, "umap", None)  # Auto -> PCA: no UMAP compile in a quick test
    from dtf_gui.qt.widgets.data_panel import DataPanel

    state = AppState()
    panel = DataPanel(state)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(state.scan_report_changed, timeout=20000):
        state.set_data_root(dataset)
    qtbot.mouseClick(panel.map_button, Qt.MouseButton.LeftButton)
    view = panel.map_button.view
    assert view is not None and view.isVisible() and view.isWindow()
    qtbot.waitUntil(lambda: view.map is not None, timeout=60000)
    assert view.map.method == "pca" and len(view.map) == 36
    assert list((tmp_path / "xdg").rglob("*.npz"))  # cached where the user cache is
    panel.shutdown()
