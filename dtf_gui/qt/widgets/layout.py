"""Small layout helpers shared by the panels."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


def vbox(*widgets: QWidget, spacing: int = 4) -> QWidget:
    """A margin-less widget stacking ``widgets`` vertically (a title over its view, say)."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(spacing)
    for w in widgets:
        lay.addWidget(w)
    return box
