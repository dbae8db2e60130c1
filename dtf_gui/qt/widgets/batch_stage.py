"""The batch stage in the Pipeline tab: its list (MixUp, CutMix... after collation, training only) and the cards
of the batch preview.

The list is a ``PipelineListView`` over the document's ``batch`` steps, made by the editor and framed here with
its title and hint. A :class:`BatchCard` draws one :class:`~dtf_gui.core.pipeline.inspect.BatchInfo`: a few
images of the batch with their labels (``0.62 cat + 0.38 dog`` once mixed), the images' tensor type and the
labels' badge (``int64 [8]`` -> ``float32 [8, 10]``), highlighted where the labels' type changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QListView, QSizePolicy, QVBoxLayout, QWidget

from dtf_gui.qt import i18n
from dtf_gui.qt.widgets.elided import ElidedLabel

BATCH_THUMB = 56  # px per mixed image in a batch card (2 × 2 of them)


class BatchStageBox(i18n.Retranslatable, QWidget):
    """Title, the batch stage's list view (made by the editor: the same view class as train and val) and a hint."""

    def __init__(self, view: QListView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(view)
        lay.addWidget(self.hint)
        view.setMaximumHeight(90)  # usually one or two steps
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Batch stage (training only)"))
        self.hint.setText(self.tr("MixUp and CutMix mix each batch of images and their labels after collation; "
                                  "validation never mixes."))


class BatchCard(QFrame):
    """One step of the batch preview: title, the labels' badge, the images' type, a few images with labels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BatchCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.setFixedWidth(2 * BATCH_THUMB + 64)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(3)
        self.title = ElidedLabel()
        self.title.setObjectName("cardTitle")
        self.label_badge = QLabel()
        self.label_badge.setObjectName("badge")
        self.label_badge.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.images_badge = QLabel()
        self.images_badge.setObjectName("cardDetail")
        self.images_badge.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(2)
        self.thumbs: list[QLabel] = []
        self.thumb_labels: list[QLabel] = []
        self.detail = ElidedLabel(5)
        self.detail.setObjectName("cardDetail")
        for w in (self.title, self.label_badge, self.images_badge):
            lay.addWidget(w)
        lay.addLayout(grid)
        lay.addWidget(self.detail)
        lay.addStretch(1)
        self._grid = grid

    def show_info(self, info: Any) -> None:
        """Draw one BatchInfo (or its error)."""
        from dtf_gui.qt.widgets.preview_strip import pixmap_from_array  # lazy: it imports us

        if info.step_index is None:
            self.title.set_full_text(self.tr("collated batch"))
        else:
            self.title.set_full_text(f"{info.step_index + 1}. {info.step_name}")
        error = i18n.text(info.error) if info.error is not None else ""
        self.label_badge.setText(self.tr("failed") if error else info.label_badge())
        self.images_badge.setText("" if error else info.images_badge())
        self.detail.set_full_text(error)
        self.setToolTip(error or self.tr("labels {0}; images {1}").format(info.label_badge(), info.images_badge()))
        thumbs = [] if error else list(info.thumbnails)
        texts = list(info.label_texts)
        while len(self.thumbs) < len(thumbs):
            k = len(self.thumbs)
            image, text = QLabel(), QLabel()
            image.setFixedSize(BATCH_THUMB, BATCH_THUMB)
            image.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text.setObjectName("cardDetail")
            text.setWordWrap(True)
            self._grid.addWidget(image, 2 * (k // 2), k % 2)
            self._grid.addWidget(text, 2 * (k // 2) + 1, k % 2)
            self.thumbs.append(image)
            self.thumb_labels.append(text)
        while len(self.thumbs) > len(thumbs):
            self.thumbs.pop().deleteLater()
            self.thumb_labels.pop().deleteLater()
        for k, (image, arr) in enumerate(zip(self.thumbs, thumbs, strict=True)):
            pm = pixmap_from_array(arr)
            image.setPixmap(pm.scaled(BATCH_THUMB, BATCH_THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.FastTransformation))
            self.thumb_labels[k].setText(texts[k] if k < len(texts) else "")
        changed = bool(info.type_changed) and not error
        self.setProperty("typeChanged", changed)
        self.setProperty("failed", bool(error))
        if error:
            self.setStyleSheet("#BatchCard { border: 2px solid #d93025; background: #fdecea; }")
        elif changed:
            self.setStyleSheet("#BatchCard { border: 2px solid #f29900; background: #fef7e0; }")
        else:
            self.setStyleSheet("")
