"""JobRunner: the one way to run a background job (signals, errors as data, progress, stop, latest wins,
and a thread that never outlives its owner)."""

from __future__ import annotations

import gc
import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QObject

from dtf_gui.core import messages
from dtf_gui.core.errors import Cancelled, DataError
from dtf_gui.core.messages import msg
from dtf_gui.qt.workers.job import JobRunner

WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def _language():
    before = messages.current_language()
    yield
    messages.set_language(before)


def _record(runner: JobRunner) -> list[tuple]:
    """Every public signal of ``runner``, in the order the GUI thread receives them."""
    seen: list[tuple] = []
    runner.started.connect(lambda: seen.append(("started",)))
    runner.progressed.connect(lambda d, t: seen.append(("progressed", d, t)))
    runner.returned.connect(lambda r: seen.append(("returned", r)))
    runner.errored.connect(lambda m, tb: seen.append(("errored", m, tb)))
    runner.cancelled.connect(lambda: seen.append(("cancelled",)))
    runner.finished.connect(lambda: seen.append(("finished",)))
    runner.running_changed.connect(lambda r: seen.append(("running", r)))
    return seen


def _wait_for_stop(stop, *, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not stop.stop_requested and time.monotonic() < deadline:
        time.sleep(0.005)
    return stop.stop_requested


def test_a_job_returns_its_result_in_the_gui_thread(qtbot):
    runner = JobRunner()
    seen = _record(runner)
    threads: list[int] = []

    def job(*, stop, progress):
        threads.append(threading.get_ident())
        return {"answer": 42}

    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        assert runner.start(job)
        assert runner.running
    assert seen == [("running", True), ("started",), ("returned", {"answer": 42}), ("running", False),
                    ("finished",)]
    assert threads and threads[0] != threading.get_ident()  # it ran off the GUI thread
    assert not runner.running and not runner.alive


def test_errors_are_data_rendered_in_the_current_language_with_the_traceback(qtbot):
    runner = JobRunner()
    seen = _record(runner)

    def job(*, stop, progress):
        raise DataError(msg("common.not_a_regular_file", path="/dev/zero", kind=msg("common.kind_device"),
                            what="JSON"))

    messages.set_language("zh_CN")  # the fixture below puts the language back
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.start(job)
    errors = [s for s in seen if s[0] == "errored"]
    assert len(errors) == 1 and not any(s[0] == "returned" for s in seen)
    _, message, tb = errors[0]
    # the core's Message itself arrives, so the GUI can say it again after a language switch
    assert messages.render(message) == "/dev/zero 是设备文件，不是普通文件；请给出一个JSON文件的路径。"
    assert messages.render(message, "en").startswith("/dev/zero is a device file")
    assert tb.startswith("Traceback") and "DataError" in tb and "in job" in tb

    # an exception that is not ours keeps its type name; the runner is usable again afterwards
    with qtbot.waitSignal(runner.errored, timeout=WAIT_MS) as blocker:
        runner.start(lambda *, stop, progress: int("x"))
    assert blocker.args[0].startswith("ValueError: invalid literal")


def test_progress_is_throttled_and_the_last_step_always_arrives(qtbot):
    runner = JobRunner(progress_hz=20)
    seen = _record(runner)
    n = 5000

    def job(*, stop, progress):
        for i in range(1, n + 1):
            progress(i, n)
        return "done"

    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.start(job)
    steps = [s[1:] for s in seen if s[0] == "progressed"]
    assert steps[-1] == (n, n)  # the bar ends full
    assert len(steps) < 50  # 5000 calls in a blink: a few signals, not 5000
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert seen.index(("returned", "done")) > seen.index(("progressed", n, n))


def test_stop_is_a_flag_the_job_sees_and_it_ends_cancelled(qtbot):
    runner = JobRunner()
    seen = _record(runner)
    began = threading.Event()

    def job(*, stop, progress):
        began.set()
        if _wait_for_stop(stop):
            raise Cancelled("stopped by the test")
        return "ran to the end"

    runner.start(job)
    assert began.wait(5)
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.stop()
    assert ("cancelled",) in seen and not any(s[0] in ("returned", "errored") for s in seen)
    assert not runner.alive


def test_one_at_a_time_unless_latest_wins(qtbot):
    runner = JobRunner()
    release = threading.Event()
    runner.start(lambda *, stop, progress: release.wait(5))
    try:
        assert not runner.start(lambda *, stop, progress: "second")  # refused while the first runs
    finally:
        release.set()
    qtbot.waitUntil(lambda: not runner.running, timeout=WAIT_MS)


def test_latest_wins_stops_the_older_job_and_drops_its_result(qtbot):
    runner = JobRunner(latest_wins=True)
    seen = _record(runner)
    log: list[str] = []
    began = threading.Event()

    def older(*, stop, progress):
        began.set()
        saw_stop = _wait_for_stop(stop)
        time.sleep(0.05)  # still busy for a moment after the stop: the newer must wait for it
        log.append(f"older ends, stop seen: {saw_stop}")
        return "stale"  # ignores the stop on purpose: the runner must drop this

    def middle(*, stop, progress):
        log.append("middle ran")
        return "superseded before it began"

    def newer(*, stop, progress):
        log.append("newer begins")
        return "fresh"

    runner.start(older)
    assert began.wait(5)
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        assert runner.start(middle)
        assert runner.start(newer)  # replaces the waiting request, which never runs
    assert log == ["older ends, stop seen: True", "newer begins"]  # one thread at a time, newest last
    assert [s for s in seen if s[0] == "returned"] == [("returned", "fresh")]
    assert seen.count(("finished",)) == 1 and seen.count(("running", True)) == 1


def test_the_thread_has_ended_when_its_owner_is_deleted(qtbot):
    owner = QObject()
    runner = JobRunner(owner, name="OwnedThread")
    ended = threading.Event()
    saw_stop: list[bool] = []
    began = threading.Event()

    def job(*, stop, progress):
        began.set()
        try:
            saw_stop.append(_wait_for_stop(stop, timeout=10))
        finally:
            ended.set()

    runner.start(job)
    assert began.wait(5)
    try:
        shiboken6.delete(owner)  # the owner goes (a closed panel): its runner must stop the job and wait
        assert ended.is_set(), "the owner was deleted while its job's thread still ran"
        assert saw_stop == [True]
    finally:
        ended.wait(15)  # never leave the thread behind, even when the check failed


def test_a_runner_dropped_by_python_waits_for_its_thread(qtbot):
    ended = threading.Event()
    began = threading.Event()

    def job(*, stop, progress):
        began.set()
        try:
            _wait_for_stop(stop, timeout=10)
        finally:
            ended.set()

    runner = JobRunner()  # no parent: Python owns it
    runner.start(job)
    assert began.wait(5)
    del runner
    gc.collect()
    assert ended.is_set(), "the runner was collected while its job's thread still ran"
