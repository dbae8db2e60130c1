"""A notice line when the dataset's images and the pipeline's output size are far apart.

The words come from the core (``core.pipeline.sizes.size_notice``); this label only shows them, for the
current scan report and document, and says them again after a language switch.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from dtf_gui.core.pipeline.sizes import size_notice
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState


class SizeNotice(i18n.Retranslatable, QLabel):
    """Hidden unless ``size_notice`` has something to say about ``state``'s report and document."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.notice: Any = None
        self.setObjectName("sizeNotice")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()
        state.scan_report_changed.connect(self.refresh)
        state.document_changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: Any) -> None:
        self.notice = size_notice(self.state.scan_report, self.state.document)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText("⚠ " + i18n.text(self.notice) if self.notice is not None else "")
        self.setVisible(self.notice is not None)
