"""A kill between writing last.pt and linking best.pt leaves best.pt one epoch behind; resume repairs it.

The kill is real in the sense that matters: the process stops (SystemExit is not caught by the engine, as a
SIGKILL would not be) right after last.pt of the new best epoch is written and before best.pt is linked.
Validation is made to improve every epoch so that the best epoch is known in advance.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from tiny import tiny_config

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.runs import rundir
from dtf_gui.core.training import engine, loop
from dtf_gui.core.training.callbacks import RecordingCallbacks
from dtf_gui.core.training.engine import load_checkpoint, train


class _Killed(SystemExit):
    pass


@pytest.fixture
def improving_val(monkeypatch):
    """val accuracy rises every epoch: epoch 2 is always the best one."""
    calls = {"n": 0}

    def fake_evaluate(self):
        calls["n"] += 1
        return 1.0 / calls["n"], 0.2 * calls["n"]

    monkeypatch.setattr(loop.EpochLoop, "evaluate", fake_evaluate)
    return calls


def _kill_at_second_best_link(monkeypatch):
    real = rundir.atomic_link_or_copy
    seen = {"n": 0}

    def link(src, dst):
        seen["n"] += 1
        if seen["n"] == 2:  # epoch 2 is the best: last.pt(2) is written, best.pt not yet linked
            raise _Killed(137)
        return real(src, dst)

    monkeypatch.setattr(rundir, "atomic_link_or_copy", link)


def _resume_and_stop_at_once(cfg, run: Path):
    """Resume ``run`` and stop as soon as it has started (before any batch is trained)."""
    stop = StopToken()

    class StopAtStart(RecordingCallbacks):
        def on_run_start(self, event):
            super().on_run_start(event)
            stop.stop()

    cb = StopAtStart()
    return train(cfg, callbacks=cb, stop=stop, resume=run), cb


def _epoch_of(path: Path) -> int:
    return int(load_checkpoint(path)["epoch"])


def test_resume_repairs_a_best_pt_left_one_epoch_behind(tiny_data, tmp_path, monkeypatch, improving_val):
    runs = tmp_path / "runs"
    cfg = tiny_config(tiny_data, runs, train__epochs=3)
    _kill_at_second_best_link(monkeypatch)
    with pytest.raises(_Killed):
        train(cfg)
    run = next(runs.iterdir())
    ckpts = run / "checkpoints"
    last = load_checkpoint(ckpts / "last.pt")
    assert (last["epoch"], last["best_epoch"]) == (2, 2)
    assert _epoch_of(ckpts / "best.pt") == 1  # the lag a kill leaves behind

    monkeypatch.undo()
    monkeypatch.setattr(loop.EpochLoop, "evaluate", lambda self: (0.1, 0.9))
    result, _ = _resume_and_stop_at_once(cfg, run)
    assert result.best_epoch == 2
    best = load_checkpoint(ckpts / "best.pt")
    assert best["epoch"] == 2
    for k, v in last["model"].items():
        assert torch.equal(best["model"][k], v), k


def test_leftover_temporary_checkpoints_are_removed_on_resume(tiny_data, tmp_path, monkeypatch, improving_val):
    runs = tmp_path / "runs"
    cfg = tiny_config(tiny_data, runs, train__epochs=2)
    result = train(cfg)
    ckpts = result.run_dir / "checkpoints"
    leftovers = [ckpts / ".last.pt.abc123.tmp", ckpts / ".best.pt.4242.link"]
    for p in leftovers:
        p.write_bytes(b"half a checkpoint")
    _resume_and_stop_at_once(cfg.with_overrides({"train.epochs": 3}), result.run_dir)
    assert not any(p.exists() for p in leftovers)
    assert (ckpts / "last.pt").is_file() and (ckpts / "best.pt").is_file()


def test_a_best_epoch_whose_weights_are_gone_is_reported_not_faked(tmp_path):
    ckpts = tmp_path / "checkpoints"
    ckpts.mkdir()
    torch.save({"model": {"w": torch.zeros(1)}, "epoch": 1}, ckpts / "best.pt")
    before = (ckpts / "best.pt").read_bytes()
    last = {"model": {"w": torch.ones(1)}, "epoch": 3, "batch": 0, "best_epoch": 2}
    torch.save(last, ckpts / "last.pt")
    notes = engine.repair_best_checkpoint(ckpts, last)
    assert [n.code for n in notes] == ["training.best_lost"]
    assert "epoch 2" in notes[0].render("en") and "第 2 轮" in notes[0].render("zh_CN")
    assert (ckpts / "best.pt").read_bytes() == before  # never replaced by weights of another epoch
