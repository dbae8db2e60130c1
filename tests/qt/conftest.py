"""Shared fixtures for the Qt tests: a teardown check that no QThread is left running (napari's
``_dangling_qthreads``), isolated QSettings, and a tiny on-disk dataset."""

from __future__ import annotations

import os
import time
import weakref

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings, QThread  # noqa: E402

_started: list[weakref.ref] = []
_orig_start = QThread.start


def _recording_start(self, *args, **kwargs):
    _started.append(weakref.ref(self))
    return _orig_start(self, *args, **kwargs)


QThread.start = _recording_start


@pytest.fixture(autouse=True)
def _dangling_qthreads(request):
    """Fail a test that leaves a QThread running after its widgets were closed.

    Autouse fixtures are set up before ``qtbot`` and torn down after pytest-qt closed the test's widgets,
    so a window that does not stop its workers on close is caught here. A short grace period lets
    threads that were told to quit finish their current item.
    """
    _started.clear()
    yield
    deadline = time.monotonic() + 3.0
    running = []
    while True:
        running = [t for r in _started if (t := r()) is not None and _alive(t)]
        if not running or time.monotonic() > deadline:
            break
        app = QCoreApplication.instance()
        if app is not None:
            app.processEvents()
        time.sleep(0.02)
    _started.clear()
    if running:
        names = ", ".join(t.objectName() or type(t).__name__ for t in running)
        pytest.fail(f"QThread(s) still running after the test: {names}")


def _alive(thread: QThread) -> bool:
    try:
        return thread.isRunning()
    except RuntimeError:  # the C++ object is already deleted: not running
        return False


@pytest.fixture
def settings(tmp_path):
    """A Settings table over an ini file in tmp_path, so tests never touch the user's preferences."""
    from dtf_gui.qt.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def controllers():
    """RunControllers a test makes (append them): shut down after it, so a failed test never leaves its
    training thread running."""
    made: list = []
    yield made
    for c in made:
        c.shutdown()
