"""Which model a view uses: the current run, or a run directory / export bundle the user opens.

Shared by the Evaluate and Predict views. ``path()`` is the chosen folder (the current run's directory
while "Current run" is checked, kept in step with :class:`AppState`); ``changed`` fires whenever that may
have changed; ``opened(path)`` fires when the user chose a folder (Open… or :meth:`set_path`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState


class ModelSourcePicker(i18n.Retranslatable, QWidget):
    """[(•) Current run] [( ) Run or bundle folder:] [path ........] [Open…]"""

    changed = Signal()
    opened = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.radio_current = QRadioButton()
        self.radio_other = QRadioButton()
        group = QButtonGroup(self)
        group.addButton(self.radio_current)
        group.addButton(self.radio_other)
        self.radio_current.setChecked(True)
        self.edit = QLineEdit()
        self.browse = QPushButton()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (self.radio_current, self.radio_other):
            lay.addWidget(w)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.browse)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.radio_current.toggled.connect(self._sync)
        self.edit.textChanged.connect(self.changed)
        state.run_dir_changed.connect(self._sync)
        self.retranslate()
        self._sync()

    def retranslate(self) -> None:
        self.radio_current.setText(self.tr("Current run"))
        self.radio_other.setText(self.tr("Run or bundle folder:"))
        self.edit.setPlaceholderText(self.tr("a run directory (dtf train) or an export bundle (dtf export)"))
        self.browse.setText(self.tr("Open…"))

    def is_current(self) -> bool:
        return self.radio_current.isChecked()

    def path(self) -> str:
        return self.state.run_dir if self.is_current() else self.edit.text().strip()

    def set_path(self, path: str | Path) -> None:
        """Use ``path`` (a run directory or a bundle) instead of the current run."""
        with QSignalBlocker(self.edit):
            self.radio_other.setChecked(True)
            self.edit.setText(str(path))
        self.changed.emit()
        self.opened.emit(str(path))

    def _sync(self, *_: Any) -> None:
        current = self.is_current()
        self.edit.setEnabled(not current)
        self.browse.setEnabled(not current)
        if current:
            with QSignalBlocker(self.edit):
                self.edit.setText(self.state.run_dir)
        self.changed.emit()

    def _on_browse_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a run directory or a bundle folder"),
                                                self.edit.text() or str(Path.home()))
        if path:
            self.set_path(path)
