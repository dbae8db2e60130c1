"""The generated torchvision Python for the current pipeline document, with a Copy button."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QStyle, QVBoxLayout, QWidget

from dtf_gui.core.pipeline.codegen import to_python
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState


class CodeView(i18n.Retranslatable, QWidget):
    """Read-only ``codegen.to_python`` output; refreshed on every document change."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.copy_button = QPushButton()
        self.copy_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.copy_button.clicked.connect(self.copy)
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.copy_button)
        lay.addLayout(bar)
        self.editor = QPlainTextEdit()
        self.editor.setReadOnly(True)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        lay.addWidget(self.editor, 1)
        state.document_changed.connect(self._on_state_document_changed)
        self.retranslate()
        self._on_state_document_changed()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Generated Python (torchvision.transforms.v2)"))
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the code to the clipboard"))

    def _on_state_document_changed(self, *_: Any) -> None:
        try:
            report = self.state.scan_report  # the batch stage's NUM_CLASSES: the dataset's class count
            text = to_python(self.state.document, num_classes=len(report.classes) or None if report else None)
        except Exception as e:  # an invalid step: say which, keep the view usable
            text = "# " + self.tr("The pipeline cannot be turned into code yet:") + f"\n# {e}"
        if text != self.editor.toPlainText():
            self.editor.setPlainText(text)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.editor.toPlainText())
        self.state.post_message(self.tr("Code copied to the clipboard."))
