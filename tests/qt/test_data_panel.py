"""Data panel: background scan of a tiny folder, per-class bar charts, findings, lazy thumbnails,
clicking a thumbnail selects the preview sample, dropping a folder opens it."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.data_panel import DataPanel
from dtf_gui.qt.widgets.data_report import CODE_ROLE, PATH_ROLE

WAIT_MS = 15000


def _dataset(root, counts: dict[str, int], broken: bool = False):
    for label, n in counts.items():
        (root / label).mkdir(parents=True)
        for i in range(n):
            Image.new("RGB", (12, 10), (40 * i % 255, 90, 160)).save(root / label / f"{i}.png")
    if broken:
        (root / "cat" / "broken.png").write_bytes(b"not an image")
    return root


@pytest.fixture
def panel(qtbot):
    p = DataPanel(AppState())
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    return p


def test_scan_report_charts_findings_and_thumbnails(qtbot, panel, tmp_path):
    root = _dataset(tmp_path / "pets", {"cat": 6, "dog": 4}, broken=True)
    state = panel.state
    state.set_val_fraction(0.25)
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS,
                          check_params_cb=lambda r: r is not None):
        state.set_data_root(root)
    report = state.scan_report
    assert report.classes == ["cat", "dog"]
    counts = report.counts()
    # bar heights are the report's counts, per split
    for split in ("train", "val"):
        bars = [i for i in panel.plots[split].items if isinstance(i, pg.BarGraphItem)]
        assert len(bars) == 1
        assert list(bars[0].opts["height"]) == [counts[split]["cat"], counts[split]["dog"]]
    assert sum(counts["val"].values()) > 0
    # the broken file is a finding; selecting it shows that file in the viewer
    texts = [panel.findings.item(i).text() for i in range(panel.findings.count())]
    assert any("broken.png" in t or "cannot" in t.lower() or "decode" in t.lower() for t in texts), texts
    item = next(panel.findings.item(i) for i in range(panel.findings.count())
                if "broken.png" in (panel.findings.item(i).data(PATH_ROLE) or ""))
    panel.findings.setCurrentItem(item)
    assert panel.viewer_path.text().endswith("broken.png")
    # thumbnails: one per usable training image of the first class, decoded lazily off the GUI thread
    model = panel.thumb_model
    assert model.rowCount() == counts["train"]["cat"]
    first = model.index(0, 0)
    first.data(Qt.ItemDataRole.DecorationRole)          # asks for the decode
    qtbot.waitUntil(lambda: panel.loader.get(first.data(PATH_ROLE)) is not None, timeout=WAIT_MS)
    # clicking a thumbnail makes it the preview sample
    rect = panel.grid.visualRect(model.index(1, 0))
    qtbot.mouseClick(panel.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert state.selected_sample == model.index(1, 0).data(PATH_ROLE)
    assert "2 classes" in panel.summary.text()


def test_dropping_a_folder_opens_and_scans_it(qtbot, panel, tmp_path):
    root = _dataset(tmp_path / "drop", {"a": 3, "b": 3})
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(root))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(panel.state.scan_report_changed, timeout=WAIT_MS,
                          check_params_cb=lambda r: r is not None):
        panel.dropEvent(event)
    assert panel.state.data_root == str(root.resolve())
    assert panel.class_combo.count() == 2


def test_cancelled_scan_stops_early_and_leaves_no_thread(qtbot, panel, tmp_path, monkeypatch):
    import threading
    import time

    from dtf_gui.core.data import scan as scan_module

    root = _dataset(tmp_path / "many", {"a": 40, "b": 40})
    decoded: list[str] = []
    lock = threading.Lock()
    real_decode = scan_module._decode

    def slow_decode(rec, stop):   # 20 ms a file: the scan takes a while, so a cancel lands in the middle
        time.sleep(0.02)
        real_decode(rec, stop)
        with lock:
            decoded.append(rec.path)

    monkeypatch.setattr(scan_module, "_decode", slow_decode)
    panel.state.set_data_root(root)     # starts the scan
    qtbot.waitUntil(lambda: panel.cancel_button.isEnabled() and len(decoded) >= 1, timeout=WAIT_MS)
    with qtbot.waitSignals([panel.scan_job.cancelled, panel.scan_job.finished], timeout=WAIT_MS):
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    with lock:
        n = len(decoded)
    assert n < 80, f"the scan decoded all {n} files: the cancel did not stop it"
    time.sleep(0.1)
    assert len(decoded) == n            # and nothing is decoded after the job reported its end
    assert not panel.scan_job.running and not panel.scan_job.alive
    assert panel.state.scan_report is None and panel.summary.text() == "Scan cancelled."


def test_val_folder_chosen_apart_is_the_val_split_until_cleared(qtbot, panel, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    root = _dataset(tmp_path / "photos", {"cat": 4, "dog": 4})
    held = _dataset(tmp_path / "held_out", {"cat": 2, "dog": 1})
    state = panel.state
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS, check_params_cb=lambda r: r is not None):
        state.set_data_root(root)
    assert state.scan_report.val_root is None and panel.val_spin.isEnabled()
    assert not panel.val_clear_button.isEnabled()

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(held))
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS,
                          check_params_cb=lambda r: r is not None and r.val_root is not None):
        qtbot.mouseClick(panel.val_browse_button, Qt.MouseButton.LeftButton)
    report = state.scan_report
    assert state.val_root == str(held.resolve()) and panel.val_folder_edit.text() == str(held.resolve())
    assert report.counts() == {"train": {"cat": 4, "dog": 4}, "val": {"cat": 2, "dog": 1}}
    assert not panel.val_spin.isEnabled() and "chosen val folder" in panel.summary.text()
    assert state.config_for_run().data.val_root == str(held.resolve())
    panel.grab().save(str(tmp_path / "val_folder.png"))

    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS,
                          check_params_cb=lambda r: r is not None and r.val_root is None):
        qtbot.mouseClick(panel.val_clear_button, Qt.MouseButton.LeftButton)
    assert state.val_root == "" and panel.val_spin.isEnabled()
    assert state.scan_report.layout == "split_generated"           # back to the share of train

    # a val folder belongs to the dataset it was chosen with: opening another one drops it
    state.set_val_root(held)
    qtbot.waitUntil(lambda: state.scan_report is not None and state.scan_report.val_root is not None,
                    timeout=WAIT_MS)
    other = _dataset(tmp_path / "other", {"a": 3, "b": 3})
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS,
                          check_params_cb=lambda r: r is not None and r.root == str(other.resolve())):
        panel.open_folder(other)
    assert state.val_root == "" and state.scan_report.val_root is None and panel.val_folder_edit.text() == ""


def test_a_16_bit_grey_image_shows_mid_grey_in_the_grid_and_the_viewer(qtbot, panel, tmp_path):
    import numpy as np

    from dtf_gui.qt.workers.thumbnail_worker import ThumbnailLoader

    path = tmp_path / "scan16.png"
    Image.fromarray(np.full((40, 50), 32768, dtype=np.uint16)).save(path)   # mid-grey in 16 bits
    assert Image.open(path).mode.startswith("I;16")
    loader = ThumbnailLoader(panel)
    with qtbot.waitSignal(loader.loaded, timeout=WAIT_MS):
        assert loader.get(str(path)) is None          # queued: decoded off the GUI thread
    thumb = loader.get(str(path))
    loader.shutdown()
    assert thumb is not None and thumb.shape[2] == 3
    assert abs(float(thumb.mean()) - 127.5) < 2, thumb.mean()   # not 255 (white)
    panel.show_file(str(path))                                   # the findings viewer: the same conversion
    image = panel.viewer_image.pixmap().toImage()
    assert abs(image.pixelColor(image.width() // 2, image.height() // 2).red() - 128) < 3


def test_opening_big_photos_with_a_64_px_pipeline_shows_a_size_notice(qtbot, panel, tmp_path):
    from dtf_gui.core.pipeline.build import starter_document

    state = panel.state
    state.set_document(starter_document(64))                 # the demo's pipeline, still open
    for label in ("cat", "dog"):
        (tmp_path / "photos" / label).mkdir(parents=True)
        for i in range(2):
            Image.new("RGB", (1024, 768), (30 * i, 90, 160)).save(tmp_path / "photos" / label / f"{i}.png")
    assert panel.size_notice.isHidden()
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS, check_params_cb=lambda r: r is not None):
        panel.open_folder(tmp_path / "photos")
    assert not panel.size_notice.isHidden()
    text = panel.size_notice.text()
    assert "1024×768" in text and "64 px" in text, text
    state.set_document(starter_document(224))                # the user fixes the size: the notice goes
    assert panel.size_notice.isHidden()
    state.set_step_params("val", 0, {"size": 32})             # an edit in the Pipeline tab: back again
    assert not panel.size_notice.isHidden() and "32 px" in panel.size_notice.text()


def test_an_empty_class_folder_is_left_out_and_the_findings_say_so(qtbot, panel, tmp_path):
    root = _dataset(tmp_path / "three", {"a": 3, "b": 3})
    (root / "c").mkdir()
    state = panel.state
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS, check_params_cb=lambda r: r is not None):
        state.set_data_root(root)
    texts = [panel.findings.item(i).text() for i in range(panel.findings.count())]
    shown = [t for t in texts if "'c'" in t]
    assert shown and "left out" in shown[0] and str(root / "c") in shown[0], texts
    assert panel.summary.text().startswith("2 classes") and panel.class_combo.count() == 2
    bars = [i for i in panel.plots["train"].items if isinstance(i, pg.BarGraphItem)]
    assert len(bars[0].opts["height"]) == 2


def _finding_item(panel, path_end: str):
    return next((panel.findings.item(i) for i in range(panel.findings.count())
                 if (panel.findings.item(i).data(PATH_ROLE) or "").endswith(path_end)), None)


def _menu_action(menu, label: str):
    return next(a for a in menu.actions() if a.text() == label)


def test_quarantine_from_a_finding_moves_the_file_out_and_undo_puts_it_back(qtbot, panel, tmp_path):
    root = _dataset(tmp_path / "pets", {"cat": 4, "dog": 4}, broken=True)
    broken = root / "cat" / "broken.png"
    original = broken.read_bytes()
    state = panel.state
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS, check_params_cb=lambda r: r is not None):
        state.set_data_root(root)
    item = _finding_item(panel, "broken.png")
    assert item is not None
    # a real right-click on the finding asks for the menu
    panel.findings.scrollToItem(item)
    menus = []
    panel.findings_view.menu_shown.connect(menus.append)
    rect = panel.findings.visualItemRect(item)
    viewport = panel.findings.viewport()
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, rect.center(),
                                                       viewport.mapToGlobal(rect.center())))
    qtbot.waitUntil(lambda: bool(menus), timeout=WAIT_MS)
    menus[0].close()
    act = _menu_action(menus[0], "Quarantine this file")
    assert act.isEnabled()
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS):
        act.trigger()
    moved = tmp_path / "pets.quarantine" / "cat" / "broken.png"
    assert not broken.exists() and moved.read_bytes() == original
    from dtf_gui.core.data.curate import Curator
    recs = Curator(root).history()
    assert [(r.kind, r.src) for r in recs] == [("quarantine", str(broken))]
    assert _finding_item(panel, "broken.png") is None
    # undo (the panel's own undo stack, like the gallery's) puts the same bytes back and rescans
    assert panel.act_undo_curation.isEnabled()
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS):
        panel.act_undo_curation.trigger()
    assert broken.read_bytes() == original and not moved.exists()
    assert _finding_item(panel, "broken.png") is not None


def test_a_finding_about_a_folder_cannot_be_quarantined(qtbot, panel, tmp_path):
    root = _dataset(tmp_path / "three", {"a": 3, "b": 3})
    (root / "c").mkdir()
    with qtbot.waitSignal(panel.state.scan_report_changed, timeout=WAIT_MS,
                          check_params_cb=lambda r: r is not None):
        panel.state.set_data_root(root)
    folder = _finding_item(panel, "c")
    assert folder is not None
    assert not _menu_action(panel.finding_menu(folder), "Quarantine this file").isEnabled()
    assert (root / "c").is_dir()


def _finding_with_code(panel, code: str):
    return next((panel.findings.item(i) for i in range(panel.findings.count())
                 if panel.findings.item(i).data(CODE_ROLE) == code), None)


def _bars(panel) -> int:
    bars = [i for i in panel.plots["train"].items if isinstance(i, pg.BarGraphItem)]
    return len(bars[0].opts["height"])


def test_exclude_a_class_from_a_finding_then_include_it_again(qtbot, panel, tmp_path):
    root = _dataset(tmp_path / "imb", {"a": 8, "b": 8, "c": 2})
    state = panel.state
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS, check_params_cb=lambda r: r is not None):
        state.set_data_root(root)
    assert state.scan_report.classes == ["a", "b", "c"] and _bars(panel) == 3
    item = _finding_with_code(panel, "imbalance")
    assert item is not None
    act = _menu_action(panel.finding_menu(item), "Exclude this class from training")
    assert act.isEnabled()
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS,
                          check_params_cb=lambda r: r is not None and r.classes == ["a", "b"]):
        act.trigger()
    assert list(state.run_config.data.exclude_classes) == ["c"]
    assert list(state.config_for_run().data.exclude_classes) == ["c"]
    assert _bars(panel) == 2 and panel.class_combo.count() == 2
    excluded = _finding_with_code(panel, "excluded_class")
    assert excluded is not None and "excluded by you" in excluded.text()
    again = _menu_action(panel.finding_menu(excluded), "Include again")
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS,
                          check_params_cb=lambda r: r is not None and r.classes == ["a", "b", "c"]):
        again.trigger()
    assert list(state.run_config.data.exclude_classes) == []
    assert _bars(panel) == 3 and _finding_with_code(panel, "excluded_class") is None


def test_opening_photos_offers_the_suggested_pipeline_one_click_and_undo(qtbot, panel, tmp_path):
    """Opening 640×480 photos with the demo's 64-px pipeline open: the bar offers 224 px; one click applies the
    pipeline and the recipe; Undo (the bar's, or Ctrl+Z) puts back exactly the document that was open."""
    from dtf_gui.core.config import default_run_config
    from dtf_gui.core.pipeline.build import build_transform, starter_document

    state = panel.state
    old = starter_document(64)
    state.set_document(old)
    state.set_run_config(default_run_config(tmp_path).with_overrides({"model.weights": "imagenet"}))
    for label in ("cat", "dog"):
        (tmp_path / "photos" / label).mkdir(parents=True)
        for i in range(3):
            Image.new("RGB", (640, 480), (30 * i, 90, 160)).save(tmp_path / "photos" / label / f"{i}.jpg")
    bar = panel.suggest_bar
    assert bar.isHidden()
    with qtbot.waitSignal(state.scan_report_changed, timeout=WAIT_MS, check_params_cb=lambda r: r is not None):
        panel.open_folder(tmp_path / "photos")
    qtbot.waitUntil(lambda: bar.isVisible())
    assert "640×480" in bar.apply_button.text() and "224" in bar.apply_button.text()
    bar.grab().save(str(tmp_path / "bar.png"))
    qtbot.mouseClick(bar.apply_button, Qt.MouseButton.LeftButton)
    out = build_transform(state.document.val, split="val")(Image.new("RGB", (640, 480)))
    assert tuple(out.shape[-2:]) == (224, 224)
    assert state.run_config.freeze.plan == "head"  # six photos: a frozen backbone through the feature cache
    assert bar.undo_button.isVisible() and not bar.apply_button.isVisible()
    qtbot.mouseClick(bar.undo_button, Qt.MouseButton.LeftButton)
    assert state.document == old and state.run_config.freeze.plan == "full"
    assert bar.apply_button.isVisible()                      # offered again
    qtbot.mouseClick(bar.apply_button, Qt.MouseButton.LeftButton)
    state.undo_stack.undo()                                  # Ctrl+Z in the Edit menu: the pipeline comes back
    assert state.document == old


def test_the_demo_digits_get_no_offer(qtbot, panel, tmp_path):
    from dtf_gui.core.data.demo import write_demo_dataset
    from dtf_gui.core.pipeline.build import starter_document

    panel.state.set_document(starter_document(224))
    demo = write_demo_dataset(tmp_path / "demo")
    with qtbot.waitSignal(panel.state.scan_report_changed, timeout=WAIT_MS,
                          check_params_cb=lambda r: r is not None):
        panel.open_folder(demo)
    assert panel.suggest_bar.isHidden()
