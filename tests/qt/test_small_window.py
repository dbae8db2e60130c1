"""The Pipeline tab at 1024×700: card titles elided with the full name in a tooltip, each card's type label
visible without scrolling, at least three findings visible in the checks, a failed step's message kept short
in its card (the whole text in the tooltip), and the preview/checks splitter remembered."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QPoint, QRect

from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec
from dtf_gui.qt.main_window import MainWindow
from dtf_gui.qt.state import AppState

WAIT_MS = 20_000
# three findings at least: a 2-channel Normalize, ToDtype without scale, a random step in val
DOC = PipelineDocument(
    train=PipelineSpec.of(("RandomResizedCrop", {"size": [32, 32]}), ("RandomHorizontalFlip", {"p": 0.5}),
                          ("ToImage", {}), ("ToDtype", {"dtype": "float32"}),
                          ("Normalize", {"mean": [0.5, 0.5], "std": [0.2, 0.2]})),
    val=PipelineSpec.of(("Resize", {"size": [40, 40]}), ("RandomHorizontalFlip", {"p": 0.5}), ("ToImage", {}),
                        ("ToDtype", {"dtype": "float32", "scale": True})))


def _window(qtbot, tmp_path, settings) -> tuple[AppState, MainWindow]:
    sample = tmp_path / "cat.png"
    Image.new("RGB", (64, 48), (200, 120, 30)).save(sample)
    state = AppState()
    state.set_document(DOC)
    state.set_selected_sample(str(sample))
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    win.resize(1024, 700)
    win.show()
    qtbot.waitExposed(win)
    win.tabs.setCurrentWidget(win.pipeline_editor)
    ed = win.pipeline_editor
    qtbot.waitUntil(lambda: len(ed.preview.cards()) >= 7 and len(ed.lint_panel.rows) >= 3, timeout=WAIT_MS)
    qtbot.wait(50)  # one layout pass
    return state, win


def _visible_in(widget, viewport) -> bool:
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def test_pipeline_tab_is_usable_at_1024x700(qtbot, tmp_path, settings):
    state, win = _window(qtbot, tmp_path, settings)
    ed = win.pipeline_editor
    flip = next(c for c in ed.preview.cards() if "RandomHorizontalFlip" in c.title.toolTip())
    assert flip.title.toolTip() == "2. RandomHorizontalFlip"  # the whole name, whatever the card shows
    assert flip.title.fontMetrics().horizontalAdvance(flip.title.text()) <= flip.title.contentsRect().width()
    viewport = ed.preview.scroll.viewport()
    in_view = [c for c in ed.preview.cards()
               if 0 <= c.mapTo(viewport, QPoint(0, 0)).x() and c.mapTo(viewport, QPoint(c.width(), 0)).x() <= viewport.width()]
    assert len(in_view) >= 3
    for card in in_view:  # the cards in view: each says its type without scrolling down
        assert card.badge.text() and _visible_in(card.badge, viewport), card.title.toolTip()
    lint_view = ed.lint_panel.scroll.viewport()
    assert sum(_visible_in(row, lint_view) for row in ed.lint_panel.rows) >= 3


def test_a_failed_steps_message_fits_its_card(qtbot, tmp_path, settings):
    state, win = _window(qtbot, tmp_path, settings)
    ed = win.pipeline_editor
    state.set_document(PipelineDocument(  # Normalize on a PIL image fails, with a long message
        train=PipelineSpec.of(("RandomResizedCrop", {"size": [32, 32]}),
                              ("Normalize", {"mean": [0.5, 0.5, 0.5], "std": [0.2, 0.2, 0.2]})),
        val=DOC.val))
    with qtbot.waitSignal(ed.preview.rendered, timeout=WAIT_MS,
                          check_params_cb=lambda _id: any(c.property("failed") for c in ed.preview.cards())):
        pass
    qtbot.wait(50)  # one layout pass
    failed = next(c for c in ed.preview.cards() if c.property("failed"))
    viewport = ed.preview.scroll.viewport()
    top = failed.detail.mapTo(viewport, QPoint(0, 0)).y()
    assert 0 <= top and top + failed.detail.height() <= viewport.height()  # not cut off at the bottom
    assert failed.toolTip() and len(failed.toolTip()) >= len(failed.detail.text().rstrip("…"))


def test_preview_and_checks_splitter_is_remembered(qtbot, tmp_path, settings):
    state, win = _window(qtbot, tmp_path, settings)
    split = win.pipeline_editor.bottom_splitter
    assert split.indexOf(win.pipeline_editor.lint_panel) >= 0  # the user moves it between preview and checks
    total = sum(split.sizes())
    split.setSizes([total - 420, 420])
    wanted = split.sizes()
    win.close()

    state2 = AppState()
    win2 = MainWindow(state2, settings)
    qtbot.addWidget(win2)
    win2.resize(1024, 700)
    win2.show()
    qtbot.waitExposed(win2)
    assert win2.pipeline_editor.bottom_splitter.sizes() == wanted
