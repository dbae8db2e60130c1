"""Done-when: drag from the palette through the view's real drop handling, the preview gains a card with
the right badge; a drag reorder edits the document; undo restores it. Plus the parameter form's inline
validation and the lint Fix button."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLineEdit

from dtf_gui.core.pipeline.registry import default_step
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec
from dtf_gui.qt.models.palette_model import TRANSFORM_MIME
from dtf_gui.qt.models.pipeline_model import STEP_MIME
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.pipeline_editor import PipelineEditor

WAIT_MS = 15000


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "flat.png"
    Image.new("RGB", (40, 30), (10, 20, 30)).save(path)  # a flat colour: every range is exact
    return str(path)


@pytest.fixture
def editor(qtbot, sample):
    state = AppState()
    state.set_document(PipelineDocument(
        train=PipelineSpec.of(("Resize", {"size": [16, 16]}), ("RandomHorizontalFlip", {"p": 0.5})),
        val=PipelineSpec.of(("Resize", {"size": [16, 16]}))))
    state.set_selected_sample(sample)
    ed = PipelineEditor(state)
    qtbot.addWidget(ed)
    ed.resize(1200, 800)
    ed.show()
    qtbot.waitExposed(ed)
    return ed


def _badges(ed: PipelineEditor) -> list[str]:
    return [c.badge.text() for c in ed.preview.cards()]


def _drop(view, mime, pos: QPoint) -> QDropEvent:
    """A real QDropEvent as a drag from our views would deliver it (copy or move possible)."""
    event = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)
    return event


def _palette_mime(ed: PipelineEditor, name: str):
    items = ed.palette_model.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert items, name
    proxy_index = ed.palette_filter.mapFromSource(items[0].index())
    assert proxy_index.isValid()
    return ed.palette.model().mimeData([proxy_index])   # what the palette's drag carries


def test_drag_from_palette_drop_into_pipeline_adds_a_card_with_its_badge(qtbot, editor):
    state = editor.state
    qtbot.waitUntil(lambda: _badges(editor)[-1:] == ["PIL RGB 16×16"], timeout=WAIT_MS)
    before = len(editor.preview.cards())
    mime = _palette_mime(editor, "ToImage")
    assert bytes(mime.data(TRANSFORM_MIME).data()) == b"ToImage"
    view = editor.train_view
    below_last = QPoint(10, view.viewport().height() - 3)   # empty space: append
    event = _drop(view, mime, below_last)
    assert event.isAccepted()
    assert [s.name for s in state.document.train] == ["Resize", "RandomHorizontalFlip", "ToImage"]
    qtbot.waitUntil(lambda: len(editor.preview.cards()) == before + 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _badges(editor)[-1] == "Image uint8 3×16×16 [10, 30]", timeout=WAIT_MS)
    last = editor.preview.cards()[-1]
    assert last.property("typeChanged") is True        # PIL -> tensor is highlighted
    assert not editor.preview.cards()[-2].property("typeChanged")
    # the new step is selected and its form is shown
    assert state.current_step == ("train", 2)
    assert editor.form.title.text().startswith("ToImage")


def test_drag_reorder_changes_the_document_and_undo_restores_it(qtbot, editor):
    state = editor.state
    original = state.document
    view = editor.train_view
    mime = view.model().mimeData([view.model().index(0, 0)])   # what dragging row 0 carries
    assert mime.hasFormat(STEP_MIME)
    rect = view.visualRect(view.model().index(1, 0))
    lower_half_of_row_1 = QPoint(rect.center().x(), rect.bottom() - 1)
    event = _drop(view, mime, lower_half_of_row_1)
    assert event.isAccepted() and event.dropAction() == Qt.DropAction.CopyAction  # Qt must not remove rows
    assert [s.name for s in state.document.train] == ["RandomHorizontalFlip", "Resize"]
    assert view.model().rowCount() == 2
    assert view.model().index(0, 0).data().startswith("1. RandomHorizontalFlip")
    state.undo_stack.undo()
    assert state.document == original
    assert view.model().index(0, 0).data().startswith("1. Resize")


def test_drop_from_train_onto_val_copies_the_step(qtbot, editor):
    state = editor.state
    src = editor.train_view
    mime = src.model().mimeData([src.model().index(1, 0)])
    _drop(editor.val_view, mime, QPoint(10, 2))   # top half of row 0: insert first
    assert [s.name for s in state.document.val] == ["RandomHorizontalFlip", "Resize"]
    assert [s.name for s in state.document.train] == ["Resize", "RandomHorizontalFlip"]


def test_delete_key_and_checkbox_are_undoable_edits(qtbot, editor):
    state = editor.state
    view = editor.train_view
    idx = view.model().index(1, 0)
    assert view.model().setData(idx, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert state.document.train[1].enabled is False
    view.setCurrentIndex(view.model().index(0, 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [s.name for s in state.document.train] == ["RandomHorizontalFlip"]
    state.undo_stack.undo()
    state.undo_stack.undo()
    assert [s.enabled for s in state.document.train] == [True, True]


def test_param_form_validates_inline_and_edits_are_undoable(qtbot, editor):
    state = editor.state
    state.set_current_step("train", 0)
    row = editor.form.rows["size"]
    edit = row.editor
    assert isinstance(edit, QLineEdit) and edit.text() == "16, 16"
    original = state.document
    edit.selectAll()
    qtbot.keyClicks(edit, "0, -4")
    assert not row.message.isHidden() and "size" in row.message.text(), (row.message.text(), edit.text())
    assert "d93025" in edit.styleSheet()                 # red border
    assert state.document == original                      # invalid: nothing changed
    edit.clear()
    qtbot.keyClicks(edit, "12, 20")
    assert row.message.isHidden()
    assert state.document.train[0].params["size"] == [12, 20]
    qtbot.waitUntil(lambda: "PIL RGB 20×12" in _badges(editor), timeout=WAIT_MS)
    state.undo_stack.undo()   # the keystrokes of one field merged into one undo step
    assert state.document == original
    assert edit.text() == "16, 16"


def test_lint_fix_button_applies_an_undoable_fix(qtbot, sample):
    state = AppState()
    bad = PipelineDocument(
        train=PipelineSpec.of(("Resize", {"size": [8, 8]}), ("ToImage", {}), ("ToDtype", {"dtype": "float32"})),
        val=PipelineSpec.of(("Resize", {"size": [8, 8]}), ("ToImage", {}),
                            ("ToDtype", {"dtype": "float32", "scale": True})))
    state.set_document(bad)
    state.set_selected_sample(sample)
    ed = PipelineEditor(state)
    qtbot.addWidget(ed)
    panel = ed.lint_panel
    qtbot.waitUntil(lambda: any(r.fix_button for r in panel.rows), timeout=WAIT_MS)
    row = next(r for r in panel.rows if r.finding.rule == "todtype-no-scale")
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert state.document.train[2].params["scale"] is True
    qtbot.waitUntil(lambda: not any(r.finding.rule == "todtype-no-scale" for r in panel.rows), timeout=WAIT_MS)
    state.undo_stack.undo()
    assert state.document == bad


def test_latest_preview_wins_and_code_view_follows(qtbot, editor):
    state = editor.state
    service = editor.preview_service
    # the first preview (of the fixture's document) is drawn and nothing else is pending
    qtbot.waitUntil(lambda: editor.preview.last_result is not None
                    and editor.preview.last_result.id == service.latest_id, timeout=WAIT_MS)
    first = service.latest_id
    drawn: list[int] = []
    editor.preview.rendered.connect(drawn.append)
    for size in (10, 11, 12, 13):   # a burst of edits: debounced into one request, and only that one is drawn
        state.set_step_params("train", 0, {"size": [size, size]})
    qtbot.waitUntil(lambda: bool(drawn), timeout=WAIT_MS)
    assert drawn == [first + 1] and service.latest_id == first + 1, (first, drawn, service.latest_id)
    assert "PIL RGB 13×13" in _badges(editor)
    assert "Resize(size=[13, 13]" in editor.code_view.editor.toPlainText().replace(" ", "").replace(
        "Resize(size=[13,13]", "Resize(size=[13, 13]")
    assert QModelIndex().isValid() is False


def test_failing_step_shows_its_error_and_n_samples_shows_rows(qtbot, editor):
    state = editor.state
    # Normalize on a PIL image cannot work: the card of that step says why
    state.append_step("train", default_step("Normalize"))
    qtbot.waitUntil(lambda: any(c.property("failed") for c in editor.preview.cards()), timeout=WAIT_MS)
    failed = next(c for c in editor.preview.cards() if c.property("failed"))
    assert "Normalize" in failed.title.text() and failed.detail.text()
    state.undo_stack.undo()
    editor.preview.samples_box.setValue(3)       # three draws of the random flip, one row each
    qtbot.waitUntil(lambda: len(editor.preview.rows) == 3 and all(editor.preview.cards(r) for r in range(3)),
                    timeout=WAIT_MS)
    assert {c.badge.text() for r in range(3) for c in editor.preview.cards(r)[-1:]} == {"PIL RGB 16×16"}
    seed = state.preview_seed
    qtbot.mouseClick(editor.preview.reroll_button, Qt.MouseButton.LeftButton)
    assert state.preview_seed == seed + 1


# -- the palette: double-click, Enter, search ------------------------------------------------------------
STARTER = PipelineDocument(
    train=PipelineSpec.of(("Resize", {"size": [16, 16]}), ("ToImage", {}),
                          ("ToDtype", {"dtype": "float32", "scale": True}),
                          ("Normalize", {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]})),
    val=PipelineSpec.of(("Resize", {"size": [16, 16]})))


def _palette_index(ed: PipelineEditor, name: str):
    items = ed.palette_model.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    index = ed.palette_filter.mapFromSource(items[0].index())
    ed.palette.scrollTo(index)
    return index


def _visible_transforms(ed: PipelineEditor) -> set[str]:
    from dtf_gui.qt.models.palette_model import NAME_ROLE

    model = ed.palette.model()
    out = set()
    for r in range(model.rowCount()):
        cat = model.index(r, 0)
        for c in range(model.rowCount(cat)):
            out.add(model.index(c, 0, cat).data(NAME_ROLE))
    return out


def _commit_text(widget, text: str) -> None:
    """Chinese arrives as an input method commits it (QTest's key clicks only know ASCII keys)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def starter_editor(qtbot, editor):
    editor.state.set_document(STARTER)
    editor.state.set_preview_split("train")
    return editor


def test_double_click_in_the_palette_adds_a_colour_step_before_the_conversion_tail(qtbot, starter_editor):
    ed = starter_editor
    index = _palette_index(ed, "ColorJitter")
    pos = ed.palette.visualRect(index).center()
    qtbot.mouseClick(ed.palette.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(ed.palette.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    names = [s.name for s in ed.state.document.train]
    assert names == ["Resize", "ColorJitter", "ToImage", "ToDtype", "Normalize"]
    assert ed.state.current_step == ("train", 1)
    ed.state.undo_stack.undo()
    assert ed.state.document == STARTER


def test_enter_in_the_palette_adds_geometry_before_the_tail_and_conversions_at_the_end(qtbot, starter_editor):
    ed = starter_editor
    ed.palette.setFocus()
    ed.palette.setCurrentIndex(_palette_index(ed, "RandomHorizontalFlip"))
    qtbot.keyClick(ed.palette, Qt.Key.Key_Return)
    ed.palette.setCurrentIndex(_palette_index(ed, "ToPureTensor"))
    qtbot.keyClick(ed.palette, Qt.Key.Key_Enter)
    names = [s.name for s in ed.state.document.train]
    assert names == ["Resize", "RandomHorizontalFlip", "ToImage", "ToDtype", "Normalize", "ToPureTensor"]
    ed.palette.setCurrentIndex(ed.palette.model().index(0, 0))    # a category row adds nothing
    qtbot.keyClick(ed.palette, Qt.Key.Key_Return)
    assert len(ed.state.document.train) == 6


def test_typing_in_the_palette_search_shows_only_matching_transforms(qtbot, editor):
    ed = editor
    everything = _visible_transforms(ed)
    assert {"ColorJitter", "Resize", "Normalize"} <= everything
    ed.search.setFocus()
    qtbot.keyClicks(ed.search, "jitter")
    assert _visible_transforms(ed) == {"ColorJitter"}
    ed.search.clear()
    qtbot.keyClicks(ed.search, "FLIP")                    # case does not matter
    assert _visible_transforms(ed) == {"RandomHorizontalFlip", "RandomVerticalFlip"}
    ed.search.clear()
    _commit_text(ed.search, "翻转")                       # the Chinese help texts are searched too
    found = _visible_transforms(ed)
    assert {"RandomHorizontalFlip", "RandomVerticalFlip"} <= found and "Resize" not in found
    ed.search.clear()
    qtbot.keyClicks(ed.search, "no such transform")
    assert _visible_transforms(ed) == set()
    ed.search.clear()
    assert _visible_transforms(ed) == everything
