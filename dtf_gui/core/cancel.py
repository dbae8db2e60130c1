"""What every long job shares: StopToken (stop and pause), the progress callback type, one throttle.

Cancellation is a flag set directly (no signal/slot round trip), so a busy GUI thread or a Ctrl-C
handler can stop a job at once; the job finishes its current batch (or file) and returns cleanly.

Jobs report progress through plain callbacks (``progress(done, total)``); whoever shows it (a Qt worker, a
terminal bar) rate-limits with :class:`Throttle`, so a job finishing thousands of files or batches a
second never floods an event loop or a terminal. This module sits at the bottom of the core: it imports
nothing from dtf_gui, so the data, model, metrics and training layers can all use it.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called by a long job as it goes; ``done == total`` is the last call."""

PROGRESS_INTERVAL_S = 0.05
"""Progress shown at most ~20 times a second (STYLE §2.8)."""


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


class Throttle:
    """Lets an event through at most once per ``interval_s``; a ``final`` event always passes.

    ``last`` is when the last event went through (the first one always does, unless ``start`` says
    when the interval began), so a caller can also measure a rate over the interval.
    """

    def __init__(self, interval_s: float = PROGRESS_INTERVAL_S, *,
                 clock: Callable[[], float] = time.monotonic, start: float | None = None) -> None:
        self.interval_s = max(0.0, float(interval_s))
        self.clock = clock
        self.last = -math.inf if start is None else start

    def ready(self, *, final: bool = False, now: float | None = None) -> bool:
        """True when an event may go out now (and the interval restarts); ``final`` always passes."""
        now = self.clock() if now is None else now
        if final or now - self.last >= self.interval_s:
            self.last = now
            return True
        return False

    def restart(self, now: float | None = None) -> None:
        """Count the interval from ``now`` (after a pause, or after an event that went out another way)."""
        self.last = self.clock() if now is None else now


__all__ = ["PROGRESS_INTERVAL_S", "Progress", "StopToken", "Throttle"]
