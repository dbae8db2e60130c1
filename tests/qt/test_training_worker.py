"""TrainingWorker: the Qt adapter around the engine (signals, throttling, errors, stop)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.errors import TrainingError
from dtf_gui.qt.workers.training_worker import (
    OOM_HINT,
    TrainingWorker,
    describe_exception,
    live_threads,
    start_in_thread,
)


@dataclass
class _Batch:  # the shape of events.BatchEnded that matters here
    step: int
    loss: float


def _scripted_engine(n_batches: int, *, sleep: float = 0.0, fail_at: int | None = None):
    """A train() that drives the Callbacks protocol the way the engine does, honouring the StopToken."""

    def train(config, *, callbacks, stop, resume=None):
        callbacks.on_run_start({"epochs": 1})
        for i in range(n_batches):
            if stop.wait_if_paused():
                callbacks.on_run_end({"status": "stopped", "step": i})
                return "stopped"
            if fail_at is not None and i == fail_at:
                raise TrainingError("Batch 3 produced NaN loss: lower the learning rate.")
            if sleep:
                time.sleep(sleep)
            callbacks.on_batch_end(_Batch(i + 1, 1.0 / (i + 1)))
        callbacks.on_epoch_end({"epoch": 1})
        callbacks.on_run_end({"status": "completed"})
        return "completed"

    return train


def _run(qtbot, worker: TrainingWorker, timeout: int = 10_000) -> None:
    start_in_thread(worker)
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=timeout)


def test_batches_are_throttled_but_none_is_lost(qtbot):
    worker = TrainingWorker(None, train_fn=_scripted_engine(300), max_hz=20)
    chunks: list[list[_Batch]] = []
    ended: list[object] = []
    worker.batches_ended.connect(chunks.append)
    worker.run_ended.connect(ended.append)
    _run(qtbot, worker)
    steps = [b.step for chunk in chunks for b in chunk]
    assert steps == list(range(1, 301))
    assert len(chunks) < 50  # 300 fast batches arrive in a few signals, not 300
    assert ended == [{"status": "completed"}]


def test_engine_exception_becomes_failed_signal(qtbot):
    worker = TrainingWorker(None, train_fn=_scripted_engine(10, fail_at=3))
    failures: list[tuple[str, str]] = []
    worker.failed.connect(lambda m, tb: failures.append((m, tb)))
    _run(qtbot, worker)
    assert len(failures) == 1
    message, tb = failures[0]
    assert "NaN loss" in message and "lower the learning rate" in message
    assert "TrainingError" in tb and "Traceback" in tb


def test_stop_token_set_from_gui_thread_stops_within_a_batch(qtbot):
    token = StopToken()
    worker = TrainingWorker(None, stop=token, train_fn=_scripted_engine(10_000, sleep=0.002), max_hz=50)
    ended: list[dict] = []
    worker.run_ended.connect(ended.append)
    worker.batches_ended.connect(lambda chunk: token.stop())
    _run(qtbot, worker)
    assert ended and ended[0]["status"] == "stopped"
    assert worker.batches_after_stop <= 1


def test_pause_then_resume(qtbot):
    token = StopToken()
    worker = TrainingWorker(None, stop=token, train_fn=_scripted_engine(40, sleep=0.002), max_hz=100)
    seen: list[int] = []
    worker.batches_ended.connect(lambda chunk: seen.extend(b.step for b in chunk))
    token.pause()
    start_in_thread(worker)
    try:
        qtbot.wait(150)
        assert seen == []  # paused before the first batch
        assert live_threads() == 1
        token.resume()
        qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)
    finally:
        token.stop()  # a failed assertion must not leave a paused thread behind
    assert seen == list(range(1, 41))


@pytest.mark.parametrize("exc", [MemoryError(), RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")])
def test_out_of_memory_gets_a_batch_size_hint(exc):
    assert OOM_HINT in describe_exception(exc)
    assert "batch size" in OOM_HINT


def test_plain_errors_keep_their_type_name():
    assert describe_exception(ValueError("bad")) == "ValueError: bad"
    assert describe_exception(TrainingError("No classes found.")) == "No classes found."
