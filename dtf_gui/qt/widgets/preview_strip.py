"""Per-step preview strip: one card per step, showing the sample and what type it is after that step.

The strip only draws :class:`PreviewResult` payloads from :class:`PreviewService` (the trace itself is
a core function run off the GUI thread). A card is highlighted where the type changes (PIL -> tensor,
uint8 -> float32...) and the failing step shows its error. Re-roll draws new random parameters; the
"samples" box shows several draws of the random steps, one row each, to see augmentation variety.
For the batch stage it shows the batch preview instead: one :class:`~.batch_stage.BatchCard` per step (the
collated batch, then each MixUp/CutMix) with a few mixed images and the labels' badge, ``int64 [8]`` ->
``float32 [8, 10]``.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.pipeline.registry import step_is_random
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.elided import ElidedLabel
from dtf_gui.qt.workers.preview_worker import MAX_SAMPLES, PreviewResult, PreviewService

CARD_THUMB = 128
ERROR_LINES = 5  # a failed step's message shows this many lines in its card; the tooltip holds all of it


def pixmap_from_array(arr: np.ndarray) -> QPixmap:
    """uint8 H×W×3 (or H×W) numpy array -> QPixmap (copied, so the array may be freed)."""
    arr = np.ascontiguousarray(arr)
    if arr.ndim == 2:
        h, w = arr.shape
        img = QImage(arr.data, w, h, w, QImage.Format.Format_Grayscale8)
    else:
        h, w = arr.shape[:2]
        img = QImage(arr.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(img.copy())


def pixmap_from_file(path: str, max_side: int | None = None) -> QPixmap:
    """An image file as the training loader sees it (``load_display``); a null QPixmap if it cannot be read.

    The one way a view shows a file: QPixmap(path) would show a 16-bit scan white and ignore EXIF rotation.
    """
    from dtf_gui.core.data.datasets import load_display
    from dtf_gui.core.errors import DtfError

    try:
        return pixmap_from_array(load_display(path, max_side))
    except (DtfError, OSError, ValueError):
        return QPixmap()


class StepCard(QFrame):
    """Title, the type badge (right under it, so a short window still shows it), the thumbnail, the detail;
    or the step's error in place of the thumbnail."""

    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StepCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.setFixedWidth(CARD_THUMB + 48)
        self.step_index: int | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(3)
        self.title = ElidedLabel()
        self.title.setObjectName("cardTitle")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setFixedSize(CARD_THUMB + 8, CARD_THUMB + 8)
        self.image.setObjectName("cardImage")
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        self.badge.setWordWrap(True)
        self.badge.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = ElidedLabel(ERROR_LINES)
        self.detail.setObjectName("cardDetail")
        for w in (self.title, self.badge, self.image, self.detail):
            lay.addWidget(w)
        lay.addStretch(1)

    def show_info(self, info: Any, *, failed_error: Any = None) -> None:
        """Draw one step's output, or its error (a core Message or text, said in the GUI's language)."""
        self.step_index = info.step_index if info is not None else None
        name = info.step_name if info is not None else "?"
        if info is not None and info.step_index is not None:
            self.title.set_full_text(f"{info.step_index + 1}. {name}")
        else:
            self.title.set_full_text(self.tr("input: {0}").format(self._input_name(name)))
        error = i18n.text(failed_error or (info.error if info is not None else None)) or None
        thumb = getattr(info, "thumbnail", None) if info is not None else None
        if thumb is not None and error is None:
            pm = pixmap_from_array(thumb)
            longest = max(pm.width(), pm.height())
            if longest > CARD_THUMB:
                pm = pm.scaled(CARD_THUMB, CARD_THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
            elif longest * 2 <= CARD_THUMB:  # tiny images: enlarge by a whole factor, pixels stay visible
                k = CARD_THUMB // longest
                pm = pm.scaled(pm.width() * k, pm.height() * k, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.FastTransformation)
            self.image.setPixmap(pm)
        else:
            self.image.clear()
        self.image.setVisible(not error)  # the message takes the thumbnail's place, near the top
        if error:
            self.badge.setText(self.tr("failed"))
            self.detail.set_full_text(error)
            self.setToolTip(error)
        else:
            self.badge.setText(info.badge())
            ms = getattr(info, "seconds", 0.0) * 1000
            notes = list(getattr(info, "warnings", []) or [])
            detail = self.tr("{0:.1f} ms").format(ms) if info.step_index is not None else ""
            if getattr(info, "type_changed", False) and info.step_index is not None:
                detail = (self.tr("type changed") + " · " + detail).strip(" ·")
            self.detail.set_full_text(detail + ("\n⚠ " + "\n⚠ ".join(notes) if notes else ""))
            self.setToolTip(info.badge() + ("\n" + "\n".join(notes) if notes else ""))
        self._set_flags(type_changed=bool(getattr(info, "type_changed", False)) and not error,
                        failed=bool(error))

    def _input_name(self, name: str) -> str:
        """The names the trace gives its input infos ("file x.png", "loaded as RGB"), in the GUI's language."""
        if name == "loaded as RGB":
            return self.tr("loaded as RGB")
        if name.startswith("file "):
            return self.tr("file {0}").format(name[len("file "):])
        if name == "input":
            return self.tr("input")
        return name

    def _set_flags(self, *, type_changed: bool, failed: bool) -> None:
        self.setProperty("typeChanged", type_changed)
        self.setProperty("failed", failed)
        if failed:
            self.setStyleSheet("#StepCard { border: 2px solid #d93025; background: #fdecea; }")
        elif type_changed:
            self.setStyleSheet("#StepCard { border: 2px solid #f29900; background: #fef7e0; }")
        else:
            self.setStyleSheet("")

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        if self.step_index is not None:
            self.clicked.emit(self.step_index)
        super().mousePressEvent(event)


class PreviewStrip(i18n.Retranslatable, QWidget):
    """Rows of step cards for the AppState's sample and preview split."""

    rendered = Signal(int)   # id of the PreviewResult just drawn (tests and the latency bench wait on it)

    def __init__(self, state: AppState, service: PreviewService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.service = service
        self.rows: list[list[StepCard]] = []
        self._batch_cards: list[Any] = []  # BatchCard per step of the batch preview (row 0)
        self._row_widgets: list[QWidget] = []
        self.last_result: PreviewResult | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.sample_label = QLabel()
        self.sample_label.setObjectName("muted")
        self.random_button = QPushButton()
        self.random_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.random_button.clicked.connect(self._on_random_clicked)
        self.reroll_button = QPushButton()
        self.reroll_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.reroll_button.clicked.connect(state.reroll)
        self.samples_label = QLabel()
        self.samples_box = QSpinBox()
        self.samples_box.setRange(1, MAX_SAMPLES)
        self.samples_box.setValue(service.samples)
        self.samples_box.valueChanged.connect(service.set_samples)
        self.timing = QLabel()
        self.timing.setObjectName("muted")
        bar.addWidget(self.heading)
        bar.addWidget(self.sample_label, 1)
        bar.addWidget(self.timing)
        bar.addWidget(self.random_button)
        bar.addWidget(self.reroll_button)
        bar.addWidget(self.samples_label)
        bar.addWidget(self.samples_box)
        outer.addLayout(bar)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("muted")
        outer.addWidget(self.message)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.canvas = QWidget()
        self.canvas.setObjectName("previewCanvas")
        self.grid = QVBoxLayout(self.canvas)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.grid.addStretch(1)
        self.scroll.setWidget(self.canvas)
        outer.addWidget(self.scroll, 1)
        service.ready.connect(self._on_service_ready)
        service.started.connect(self._on_service_started)
        state.selected_sample_changed.connect(self._update_labels)
        state.preview_split_changed.connect(self._update_labels)
        state.document_changed.connect(self._update_reroll)
        self.retranslate()

    # -- labels --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.random_button.setText(self.tr("Random sample"))
        self.random_button.setToolTip(self.tr("Preview another image from the dataset"))
        self.reroll_button.setText(self.tr("Re-roll"))
        self.reroll_button.setToolTip(self.tr("Draw new random parameters for the random steps"))
        self.samples_label.setText(self.tr("Samples:"))
        self.samples_box.setToolTip(self.tr("Rows of previews with different random draws"))
        self._update_labels()
        if self.last_result is not None:
            self._draw(self.last_result)

    def _update_labels(self, *_: Any) -> None:
        if self.state.preview_split == "batch":
            self.heading.setText(self.tr("Preview (batch stage)"))
        else:
            split = self.tr("train") if self.state.preview_split == "train" else self.tr("val")
            self.heading.setText(self.tr("Preview ({0} pipeline)").format(split))
        path = self.state.selected_sample
        self.sample_label.setText(Path(path).name if path else "")
        self.sample_label.setToolTip(path)
        if not path:
            self.message.setText(self.tr("No sample selected: open a dataset, then click a thumbnail in "
                                         "the Data panel or press Random sample."))
            self.message.show()
        self._update_reroll()

    def _update_reroll(self, *_: Any) -> None:
        try:
            spec = self.state.document.get(self.state.preview_split)
            any_random = any(step_is_random(s) for _, s in spec.enabled_steps())
        except Exception:
            any_random = True
        self.reroll_button.setEnabled(any_random)

    # -- actions --------------------------------------------------------------------------------
    def _on_random_clicked(self) -> None:
        report = self.state.scan_report
        if report is None:
            self.state.post_message(self.tr("Open a dataset first."))
            return
        paths = [r.path for split in ("train", "val") for r in report.usable(split)]
        paths = [p for p in paths if p != self.state.selected_sample] or paths
        if paths:
            self.state.set_selected_sample(random.choice(paths))

    def _on_service_started(self) -> None:
        self.timing.setText(self.tr("updating…"))

    # -- drawing -----------------------------------------------------------------------------------
    def _on_service_ready(self, result: PreviewResult) -> None:
        self.last_result = result
        self._draw(result)
        self.rendered.emit(result.id)

    def _draw(self, result: PreviewResult) -> None:
        self.timing.setText(self.tr("{0:.0f} ms").format(result.seconds * 1000))
        if result.error and not result.rows:
            self.message.setText(i18n.text(result.error))
            self.message.show()
        elif not result.sample:
            self._update_labels()
        else:
            self.message.hide()
        if result.batches:
            self._draw_batch(result)
            return
        self._clear_batch()
        with QSignalBlocker(self.samples_box):
            self.samples_box.setValue(max(1, len(result.rows)) if result.rows else self.samples_box.value())
        while len(self.rows) > max(1, len(result.rows)):
            self.rows.pop()
            row_widget = self._row_widgets.pop()
            row_widget.hide()
            row_widget.deleteLater()
        if not result.rows and self.rows:
            for c in self.rows[0]:
                c.deleteLater()
            self.rows[0].clear()
        for r, infos in enumerate(result.rows):
            error = result.row_errors[r] if r < len(result.row_errors) else None
            cards = self._row(r)
            entries: list[tuple[Any, str | None]] = [(info, None) for info in infos]
            if error and not any(getattr(i, "error", None) for i in infos):
                entries.append((None, error))  # the failing step has no info of its own
            while len(cards) < len(entries):
                card = StepCard()
                card.clicked.connect(self._on_card_clicked)
                row_layout = cards_layout(self._row_widgets[r])
                row_layout.insertWidget(row_layout.count() - 1, card)
                cards.append(card)
            while len(cards) > len(entries):
                cards.pop().deleteLater()
            for card, (info, err) in zip(cards, entries, strict=True):
                card.show_info(info, failed_error=err)

    def _draw_batch(self, result: PreviewResult) -> None:
        """The batch preview of the first seed in row 0, in place of the step cards."""
        from dtf_gui.qt.widgets.batch_stage import BatchCard  # lazy: batch_stage imports this module

        while len(self.rows) > 1:
            self.rows.pop()
            self._row_widgets.pop().deleteLater()
        for card in self._row(0):
            card.deleteLater()
        self.rows[0].clear()
        infos = result.batches[0].infos
        layout = cards_layout(self._row_widgets[0])
        while len(self._batch_cards) < len(infos):
            card = BatchCard()
            layout.insertWidget(layout.count() - 1, card)
            self._batch_cards.append(card)
        while len(self._batch_cards) > len(infos):
            self._batch_cards.pop().deleteLater()
        for card, info in zip(self._batch_cards, infos, strict=True):
            card.show_info(info)
        error = result.batches[0].error
        if error and not infos:
            self.message.setText(i18n.text(error))
            self.message.show()

    def _clear_batch(self) -> None:
        while self._batch_cards:
            self._batch_cards.pop().deleteLater()

    def batch_cards(self) -> list[Any]:
        """The cards of the batch preview (for tests and screenshots)."""
        return list(self._batch_cards)

    def _row(self, r: int) -> list[StepCard]:
        while len(self.rows) <= r:
            w = QWidget(self.canvas)
            w.setObjectName(f"previewRow{len(self.rows)}")
            lay = QHBoxLayout(w)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(6)
            lay.addStretch(1)
            self.grid.insertWidget(self.grid.count() - 1, w)
            self._row_widgets.append(w)
            self.rows.append([])
        return self.rows[r]

    def _on_card_clicked(self, index: int) -> None:
        self.state.set_current_step(self.state.preview_split, index)

    def cards(self, row: int = 0) -> list[StepCard]:
        """The cards of one row (for tests and screenshots)."""
        return list(self.rows[row]) if row < len(self.rows) else []


def cards_layout(row_widget: QWidget) -> QHBoxLayout:
    lay = row_widget.layout()
    assert isinstance(lay, QHBoxLayout)
    return lay
