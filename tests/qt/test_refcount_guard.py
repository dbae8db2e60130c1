"""PySide6 6.12.0 on Python 3.11 steals a reference to None/True/False on every invalid or boolean
QVariant it converts; the guard in dtf_gui.qt keeps the process alive. When this test reports that no
references are stolen any more, dtf_gui/qt/_refcount_guard.py can go."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

import dtf_gui.qt  # noqa: F401 - installs the guard


def test_many_empty_qvariants_do_not_crash_the_interpreter():
    model = QStandardItemModel()
    item = QStandardItem("x")
    item.setData(True, Qt.ItemDataRole.UserRole)
    model.appendRow(item)
    index = model.index(0, 0)
    for _ in range(20000):   # more than None's natural reference count
        assert index.data(Qt.ItemDataRole.ToolTipRole) is None
        assert index.data(Qt.ItemDataRole.UserRole) is True
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 39
