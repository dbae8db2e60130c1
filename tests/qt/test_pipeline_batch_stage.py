"""The Pipeline tab's third list, the batch stage: CutMix dropped from the palette lands there and the preview
strip shows the batch preview -- mixed images with the label badges int64 [8] -> float32 [8, 10]; dropping it
into train or val is refused with the builder's message, and so is a per-image step dropped into the batch list."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent

from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.pipeline_editor import PipelineEditor

WAIT_MS = 15000
IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
TRAIN = PipelineSpec.of(("Resize", {"size": [16, 16]}), ("ToImage", {}),
                        ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", IMAGENET))


@pytest.fixture
def editor(qtbot, tmp_path):
    path = tmp_path / "photo.png"
    Image.new("RGB", (24, 20), (200, 40, 10)).save(path)
    state = AppState()
    state.set_document(PipelineDocument(train=TRAIN, val=TRAIN))
    state.set_selected_sample(str(path))
    ed = PipelineEditor(state)
    qtbot.addWidget(ed)
    ed.resize(1200, 800)
    ed.show()
    qtbot.waitExposed(ed)
    return ed


def _palette_mime(ed: PipelineEditor, name: str):
    items = ed.palette_model.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert items, name
    return ed.palette.model().mimeData([ed.palette_filter.mapFromSource(items[0].index())])


def _drop(view, mime) -> QDropEvent:
    event = QDropEvent(QPointF(QPoint(10, 2)), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)
    return event


def _batch_badges(ed: PipelineEditor) -> list[str]:
    return [c.label_badge.text() for c in ed.preview.batch_cards()]


def test_cutmix_dropped_into_the_batch_list_shows_the_batch_preview_with_label_badges(qtbot, editor):
    state = editor.state
    event = _drop(editor.batch_view, _palette_mime(editor, "CutMix"))
    assert event.isAccepted()
    assert [s.name for s in state.document.batch] == ["CutMix"]
    assert state.preview_split == "batch"
    qtbot.waitUntil(lambda: _batch_badges(editor) == ["int64 [8]", "float32 [8, 10]"], timeout=WAIT_MS)
    collated, cutmix = editor.preview.batch_cards()
    assert cutmix.images_badge.text() == "Tensor float32 8×3×16×16"
    assert cutmix.property("typeChanged") is True and not collated.property("typeChanged")
    assert len(cutmix.thumbs) == 4 and not cutmix.thumbs[0].pixmap().isNull()
    assert "+" in cutmix.thumb_labels[0].text() or "+" in cutmix.thumb_labels[1].text()  # soft labels shown
    assert editor.preview.cards() == []  # the per-image cards make room for the batch
    state.undo_stack.undo()
    assert len(state.document.batch) == 0


@pytest.mark.parametrize("split", ["train", "val"])
def test_dropping_a_batch_step_into_a_per_image_list_is_refused_with_the_message(qtbot, editor, split):
    state = editor.state
    before = state.document
    with qtbot.waitSignal(state.error_reported, timeout=WAIT_MS) as shown:
        event = _drop(editor.views[split], _palette_mime(editor, "MixUp"))
    assert not event.isAccepted() and state.document == before
    assert "MixUp" in shown.args[0] and "batch stage" in shown.args[0]


def test_a_per_image_step_dropped_into_the_batch_list_is_refused(qtbot, editor):
    state = editor.state
    before = state.document
    with qtbot.waitSignal(state.error_reported, timeout=WAIT_MS) as shown:
        event = _drop(editor.batch_view, _palette_mime(editor, "RandomHorizontalFlip"))
    assert not event.isAccepted() and state.document == before
    assert "RandomHorizontalFlip" in shown.args[0] and "train pipeline" in shown.args[0]


def test_double_clicking_a_batch_step_in_the_palette_adds_it_to_the_batch_stage(qtbot, editor):
    editor.state.set_preview_split("train")
    editor._on_palette_transform_activated("RandomChoice")
    assert [s.name for s in editor.state.document.batch] == ["RandomChoice"]
    assert editor.state.current_step == ("batch", 0) and editor.state.preview_split == "batch"
