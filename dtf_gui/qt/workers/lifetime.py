"""Keep a worker QThread from outliving (or being destroyed before) the object that owns it.

A widget that is deleted without being closed (a test dropping its last reference, a parent deleting
a child) would otherwise destroy a running QThread, which aborts the process ("QThread: Destroyed while
thread is still running"). The connection below holds the thread's Python wrapper and, when the owner
is destroyed, asks the thread to stop and waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QThread


def _stop_and_wait(thread: QThread, request_stop: Callable[[], None] | None, *_: object) -> None:
    try:
        if request_stop is not None:
            request_stop()
        thread.quit()
        thread.wait()
    except RuntimeError:  # the C++ thread is already gone
        pass


def stop_thread_with(owner: QObject, thread: QThread, request_stop: Callable[[], None] | None = None) -> None:
    """When ``owner`` is destroyed: call ``request_stop``, quit ``thread`` and wait for it."""
    owner.destroyed.connect(partial(_stop_and_wait, thread, request_stop))
