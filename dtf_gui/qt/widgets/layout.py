"""Small layout and dialog helpers shared by the panels."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget


def vbox(*widgets: QWidget, spacing: int = 4) -> QWidget:
    """A margin-less widget stacking ``widgets`` vertically (a title over its view, say)."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(spacing)
    for w in widgets:
        lay.addWidget(w)
    return box


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A Yes/No question whose default is No (replacing, stopping): True only when the user says Yes."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
