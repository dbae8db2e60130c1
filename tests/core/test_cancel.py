"""The one throttle every long job's progress goes through: ~20 events a second, never the last one lost."""

from __future__ import annotations

from dtf_gui.core.cancel import PROGRESS_INTERVAL_S, StopToken, Throttle


class _Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_throttle_passes_one_event_per_interval_and_always_the_final_one():
    clock = _Clock()
    gate = Throttle(PROGRESS_INTERVAL_S, clock=clock)
    passed = []
    for done in range(1, 1001):  # 1000 events in one second
        clock.t += 0.001
        if gate.ready(final=done == 1000):
            passed.append(done)
    assert passed[0] == 1  # the first event shows at once
    assert passed[-1] == 1000  # the end is never swallowed
    assert 19 <= len(passed) <= 22  # ~20 Hz
    gaps = [b - a for a, b in zip(passed, passed[1:-1], strict=False)]
    assert min(gaps) >= 49  # never two within an interval (bar the final one)


def test_throttle_start_and_restart_count_the_interval_from_then():
    clock = _Clock()
    gate = Throttle(0.05, clock=clock, start=clock.t)
    assert not gate.ready()  # the interval began at start
    clock.t += 0.06
    assert gate.ready()
    assert gate.last == clock.t
    clock.t += 1.0
    gate.restart()  # e.g. after a pause: the next event waits a full interval again
    clock.t += 0.01
    assert not gate.ready()
    assert gate.ready(final=True)


def test_zero_interval_lets_every_event_through():
    clock = _Clock()
    gate = Throttle(0.0, clock=clock)
    assert all(gate.ready() for _ in range(100))


def test_stop_wakes_a_paused_job():
    token = StopToken()
    token.pause()
    assert token.paused
    token.stop()
    assert token.wait_if_paused(timeout=1.0) is True
    assert not token.paused
