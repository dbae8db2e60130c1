"""A run directory is trained by one process at a time (issue 14 item 11): a second trainer is refused
naming the holder; a lock left by a killed process is taken over."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tiny import tiny_config

from dtf_gui.core.errors import TrainingError
from dtf_gui.core.runs.rundir import LOCK_FILE, RunLock
from dtf_gui.core.training.callbacks import RecordingCallbacks
from dtf_gui.core.training.engine import load_checkpoint, train

ROOT = Path(__file__).resolve().parents[3]


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped): not alive on this host."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _holder(run: Path, pid: int) -> None:
    (run / LOCK_FILE).write_text(json.dumps({"pid": pid, "host": socket.gethostname(),
                                             "started": "2026-01-01T00:00:00"}))


@pytest.fixture(scope="module")
def one_epoch_run(tiny_data, tmp_path_factory) -> tuple[object, Path]:
    runs = tmp_path_factory.mktemp("runs")
    cfg = tiny_config(tiny_data, runs, train__epochs=1)
    train(cfg)
    return cfg, next(runs.iterdir())


def test_a_second_process_is_refused_naming_the_holder(tmp_path: Path) -> None:
    code = textwrap.dedent(f"""
        import sys
        from dtf_gui.core.runs.rundir import lock_run
        lock = lock_run({str(tmp_path)!r})
        print("locked", flush=True)
        sys.stdin.readline()
        lock.release()
        """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(TrainingError) as e:
            RunLock(tmp_path).acquire()
        text = e.value.render("en")
        assert f"pid {child.pid}" in text and socket.gethostname() in text and str(tmp_path / LOCK_FILE) in text
        assert f"进程 {child.pid}" in e.value.render("zh_CN")
    finally:
        child.communicate("\n", timeout=30)
    assert child.returncode == 0
    with RunLock(tmp_path) as lock:  # released by the other process: free again
        assert lock.held
    assert not (tmp_path / LOCK_FILE).exists()


def test_resume_is_refused_while_another_live_process_holds_the_run(one_epoch_run) -> None:
    cfg, run = one_epoch_run
    before = {p.name: p.read_bytes() for p in (run / "run.json", run / "checkpoints" / "last.pt")}
    _holder(run, os.getppid())  # a live process on this host that is not us
    try:
        with pytest.raises(TrainingError) as e:
            train(cfg.with_overrides({"train.epochs": 2}), resume=run)
    finally:
        (run / LOCK_FILE).unlink()
    assert f"pid {os.getppid()}" in e.value.render("en")
    assert before == {p.name: p.read_bytes() for p in (run / "run.json", run / "checkpoints" / "last.pt")}


def test_a_stale_lock_of_a_dead_process_is_taken_over(one_epoch_run) -> None:
    cfg, run = one_epoch_run
    pid = _dead_pid()
    _holder(run, pid)
    cb = RecordingCallbacks()
    result = train(cfg.with_overrides({"train.epochs": 2}), resume=run, callbacks=cb)
    assert result.status == "completed" and result.epochs_done == 2
    assert load_checkpoint(run / "checkpoints" / "last.pt")["epoch"] == 2
    assert any(f"pid {pid}" in str(m) for m in cb.messages)
    assert not (run / LOCK_FILE).exists()  # released at the end


def test_a_run_is_locked_while_it_trains(tiny_data, tmp_path: Path) -> None:
    """While the engine trains a new run, its folder holds a lock naming this process; the lock is gone after."""
    seen = []

    class Look(RecordingCallbacks):
        def on_epoch_end(self, event):
            super().on_epoch_end(event)
            run = next((tmp_path / "runs").iterdir())
            seen.append(json.loads((run / LOCK_FILE).read_text())["pid"])

    result = train(tiny_config(tiny_data, tmp_path / "runs", train__epochs=1), callbacks=Look())
    assert seen == [os.getpid()]
    assert not (result.run_dir / LOCK_FILE).exists()
