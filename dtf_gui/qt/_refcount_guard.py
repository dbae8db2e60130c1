"""Work around a reference-count bug in PySide6 6.12.0 on Python < 3.12.

Converting an invalid or boolean ``QVariant`` to Python (``QModelIndex.data()`` of an unset role, a
model's ``data()`` override returning ``None``, ``QSettings.value()`` with no value...) hands out
``None``/``True``/``False`` without taking a reference, so every such call steals one. After a few
thousand calls (a list view repainting does that in seconds) CPython aborts with
"Fatal Python error: none_dealloc". Python 3.12 made these singletons immortal, which hides the bug.

The singletons are never freed by a correct program, so giving them a very large number of extra
references is harmless and makes them effectively immortal here too. Remove this module once PySide6
is fixed (checked by ``tests/qt/test_refcount_guard.py``).
"""

from __future__ import annotations

import ctypes
import sys

_EXTRA = 1 << 40  # far more references than any process can steal
_done = False


def install() -> None:
    global _done
    if _done or sys.version_info >= (3, 12):
        _done = True
        return
    for obj in (None, True, False):
        addr = id(obj)
        refcnt = ctypes.c_ssize_t.from_address(addr)  # ob_refcnt is the first field of every object
        refcnt.value += _EXTRA
    _done = True
