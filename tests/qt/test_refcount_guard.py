"""PySide6 6.12.0 on Python 3.11 steals a reference to None on every invalid QVariant it converts; the guard
in dtf_gui.qt keeps the process alive. The first test measures the theft itself, so it fails the day PySide6
is fixed: then dtf_gui/qt/_refcount_guard.py (and this file) can go."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

import dtf_gui.qt  # noqa: F401 - installs the guard

CALLS = 2000


def _index():
    model = QStandardItemModel()
    item = QStandardItem("x")
    item.setData(True, Qt.ItemDataRole.UserRole)
    model.appendRow(item)
    return model, model.index(0, 0)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: nothing to steal")
def test_pyside_still_steals_none_references_so_the_guard_is_still_needed():
    _model, index = _index()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        index.data(Qt.ItemDataRole.ToolTipRole)      # an unset role: an invalid QVariant -> None
    stolen = before - sys.getrefcount(None)
    assert stolen >= CALLS * 9 // 10, (
        f"PySide6 took back its references ({stolen} of {CALLS} stolen): the bug is fixed, remove "
        "dtf_gui/qt/_refcount_guard.py and this test")


def test_many_empty_qvariants_do_not_crash_the_interpreter():
    _model, index = _index()
    for _ in range(20000):   # more than None's natural reference count
        assert index.data(Qt.ItemDataRole.ToolTipRole) is None
        assert index.data(Qt.ItemDataRole.UserRole) is True
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 39
