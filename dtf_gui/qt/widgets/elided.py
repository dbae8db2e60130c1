"""A label that shows what fits -- one line, or a few wrapped lines -- ending in "…", with the whole text as
its tooltip, so a small window cuts words off visibly instead of hiding the end of a card or a finding."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """Plain text cut to ``lines`` lines of the label's width (re-cut when it is resized or its font changes)."""

    def __init__(self, lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = max(1, lines)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(self.lines > 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: Any) -> None:  # noqa: N802 - the stylesheet's font arrives after creation
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._elide()

    def _elide(self) -> None:
        fm = self.fontMetrics()
        width = max(10, self.contentsRect().width())
        if self.lines == 1:
            shown = fm.elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        elif fm.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap,
                             self._full).height() <= self.lines * fm.lineSpacing():
            shown = self._full  # fits: keep its own line breaks
        else:  # wrapped lines rarely end flush: leave a few characters of slack per line
            flat = " ".join(self._full.split())
            budget = self.lines * max(10, width - 4 * fm.averageCharWidth())
            shown = fm.elidedText(flat, Qt.TextElideMode.ElideRight, budget)
        if shown != self.text():
            self.setText(shown)
