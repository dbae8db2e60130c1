"""The Data tab's offer when a dataset is opened: "Use suggested pipeline for 640×480 photos: 224 px…".

Opening a folder of photos while the demo's 64-px pipeline is open would otherwise train thumbnails without a
word. When a scan report arrives, the core's :func:`~dtf_gui.core.pipeline.suggest.suggest_setup` proposes the
input size, the pipeline and the recipe for that data; this bar offers them when they differ from what is open.
One click applies the pipeline (one undoable edit: Ctrl+Z) and the recipe's settings (the freeze plan and the
feature cache); the bar's Undo puts both back. The reasons come from the core, in the user's language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dtf_gui.core.messages import msg
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState


class SuggestBar(i18n.Retranslatable, QFrame):
    """Hidden unless the open dataset calls for another pipeline than the one that is open."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.suggestion: Any = None
        self._applied: tuple[Any, Any] | None = None  # (config before, document after) while Undo is offered
        self._dismissed: str | None = None  # the data root whose offer the user closed
        self.setObjectName("suggestBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("useSuggestedPipeline")
        self.undo_button = QPushButton()
        self.close_button = QPushButton("×")
        self.close_button.setFlat(True)
        self.mirror_box = QCheckBox()
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.apply_button)
        row.addWidget(self.undo_button)
        row.addWidget(self.mirror_box)
        row.addStretch(1)
        row.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addLayout(row)
        lay.addWidget(self.reasons)
        self.apply_button.clicked.connect(self.apply)
        self.undo_button.clicked.connect(self.undo)
        self.close_button.clicked.connect(self.dismiss)
        self.mirror_box.toggled.connect(lambda _=False: self.refresh())
        state.scan_report_changed.connect(self._on_report)
        state.document_changed.connect(lambda _=None: self.refresh())
        self.hide()
        self.retranslate()
        self.refresh()

    # -- what to offer ----------------------------------------------------------------------------------
    def _on_report(self, _report: Any = None) -> None:
        self._applied = None
        self.refresh()

    def refresh(self) -> None:
        """Recompute the suggestion for the current report; show the bar when it differs from the document."""
        report = self.state.scan_report
        self.suggestion = None
        if report is not None and self._dismissed != self.state.data_root and not self._is_demo():
            from dtf_gui.core.pipeline.suggest import suggest_setup

            config = self.state.run_config
            pretrained = config is None or config.model.weights != "none"
            self.suggestion = suggest_setup(report, orientation_sensitive=self.mirror_box.isChecked(),
                                            pretrained=pretrained)
        self.retranslate()

    def _is_demo(self) -> bool:
        from dtf_gui.core.data.demo import read_marker

        return bool(self.state.data_root) and read_marker(self.state.data_root) is not None

    def _offer(self) -> bool:
        if self.suggestion is None:
            return False
        doc = self.state.document
        return (self.suggestion.document.train, self.suggestion.document.val) != (doc.train, doc.val)

    # -- actions ----------------------------------------------------------------------------------------
    def apply(self) -> None:
        """The suggested pipeline (one undoable edit) and its recipe's settings."""
        s = self.suggestion
        if s is None:
            return
        before = self.state.run_config
        doc = s.document.with_split("batch", self.state.document.batch)  # the batch stage is not about the images
        self.state.apply_document(doc, i18n.text(msg("pipeline.suggest.applied")))
        if before is not None:
            self.state.set_run_config(before.with_overrides(s.overrides))
        self._applied = (before, doc)
        self.retranslate()

    def undo(self) -> None:
        """Put back the pipeline and the settings that were open before Apply."""
        if self._applied is None:
            return
        before, after = self._applied
        if self.state.document == after and self.state.undo_stack.canUndo():
            self.state.undo_stack.undo()
        if before is not None:
            self.state.set_run_config(before)
        self._applied = None
        self.retranslate()

    def dismiss(self) -> None:
        self._dismissed = self.state.data_root
        self._applied = None
        self.refresh()

    def retranslate(self) -> None:
        self.mirror_box.setText(self.tr("Classes change when mirrored (digits, text)"))
        self.undo_button.setText(self.tr("Undo"))
        self.close_button.setToolTip(self.tr("Keep the current pipeline"))
        applied = self._applied is not None and self.state.document == self._applied[1]
        offer = self._offer()
        if self.suggestion is not None:
            self.apply_button.setText(i18n.text(self.suggestion.headline) + "…")
            self.reasons.setText("\n".join("• " + i18n.text(r) for r in self.suggestion.reasons))
        self.apply_button.setVisible(offer)
        self.mirror_box.setVisible(offer)
        self.undo_button.setVisible(applied)
        self.setVisible(offer or applied)
