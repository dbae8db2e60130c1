"""The training job: TrainingCallbacks (the engine's callbacks as throttled signals) run by a JobRunner."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.errors import TrainingError
from dtf_gui.qt.workers.describe import OOM_HINT, describe_exception
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.training_worker import TrainingCallbacks, training_job


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


def _run(qtbot, callbacks: TrainingCallbacks, train_fn, timeout: int = 10_000) -> JobRunner:
    runner = JobRunner()
    with qtbot.waitSignal(runner.finished, timeout=timeout):
        assert runner.start(training_job(None, callbacks, train_fn=train_fn), stop=callbacks.stop_token)
    assert not runner.alive
    return runner


def test_batches_are_throttled_but_none_is_lost(qtbot):
    callbacks = TrainingCallbacks(max_hz=20)
    chunks: list[list[_Batch]] = []
    ended: list[object] = []
    callbacks.batches_ended.connect(chunks.append)
    callbacks.run_ended.connect(ended.append)
    _run(qtbot, callbacks, _scripted_engine(300))
    steps = [b.step for chunk in chunks for b in chunk]
    assert steps == list(range(1, 301))
    assert len(chunks) < 50  # 300 fast batches arrive in a few signals, not 300
    assert ended == [{"status": "completed"}]


def test_engine_exception_becomes_errored_and_no_batch_is_lost(qtbot):
    callbacks = TrainingCallbacks(max_hz=0.001)  # nothing would be emitted before the end without the flush
    chunks: list[list[_Batch]] = []
    callbacks.batches_ended.connect(chunks.append)
    runner = JobRunner()
    failures: list[tuple[str, str]] = []
    runner.errored.connect(lambda m, tb: failures.append((m, tb)))
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.start(training_job(None, callbacks, train_fn=_scripted_engine(10, fail_at=3)))
    assert len(failures) == 1
    message, tb = failures[0]
    assert "NaN loss" in message and "lower the learning rate" in message
    assert "TrainingError" in tb and "Traceback" in tb
    assert [b.step for chunk in chunks for b in chunk] == [1, 2, 3]  # the batches before the error


def test_stop_token_set_from_gui_thread_stops_within_a_batch(qtbot):
    token = StopToken()
    callbacks = TrainingCallbacks(token, max_hz=50)
    ended: list[dict] = []
    callbacks.run_ended.connect(ended.append)
    callbacks.batches_ended.connect(lambda chunk: token.stop())
    _run(qtbot, callbacks, _scripted_engine(10_000, sleep=0.002))
    assert ended and ended[0]["status"] == "stopped"
    assert callbacks.batches_after_stop <= 1


def test_pause_then_resume(qtbot):
    token = StopToken()
    callbacks = TrainingCallbacks(token, max_hz=100)
    seen: list[int] = []
    callbacks.batches_ended.connect(lambda chunk: seen.extend(b.step for b in chunk))
    token.pause()
    runner = JobRunner()
    runner.start(training_job(None, callbacks, train_fn=_scripted_engine(40, sleep=0.002)), stop=token)
    try:
        qtbot.wait(150)
        assert seen == []  # paused before the first batch
        assert runner.alive
        with qtbot.waitSignal(runner.finished, timeout=10_000):
            token.resume()
    finally:
        token.stop()  # a failed assertion must not leave a paused thread behind
        runner.wait()
    assert seen == list(range(1, 41))


@pytest.mark.parametrize("exc", [MemoryError(), RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")])
def test_out_of_memory_gets_a_batch_size_hint(exc):
    assert OOM_HINT in describe_exception(exc)
    assert "batch size" in OOM_HINT


def test_plain_errors_keep_their_type_name():
    assert describe_exception(ValueError("bad")) == "ValueError: bad"
    assert describe_exception(TrainingError("No classes found.")) == "No classes found."
