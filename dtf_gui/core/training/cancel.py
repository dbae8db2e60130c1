"""StopToken: cooperative stop and pause, set from any thread, checked by long jobs between units of work.

Cancellation is a flag set directly (no signal/slot round trip), so a busy GUI thread or a Ctrl-C
handler can stop a job at once; the job finishes its current batch (or file) and returns cleanly.
"""

from __future__ import annotations

import threading


class StopToken:
    def __init__(self) -> None:
        self._stop = threading.Event()
        self._running = threading.Event()  # set = not paused
        self._running.set()

    # -- requests (any thread) ---------------------------------------------------------------
    def stop(self) -> None:
        self._stop.set()
        self._running.set()  # a paused job must wake up to notice the stop

    def pause(self) -> None:
        if not self._stop.is_set():
            self._running.clear()

    def resume(self) -> None:
        self._running.set()

    # -- checks (the job's thread) -------------------------------------------------------------
    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_if_paused(self, timeout: float | None = None) -> bool:
        """Block while paused; return True when the job should stop."""
        self._running.wait(timeout)
        return self._stop.is_set()
