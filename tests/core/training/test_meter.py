"""The batch meter: images per second, time left and the epoch's loss, from an injected clock."""

from __future__ import annotations

import pytest
import torch

from dtf_gui.core.training.meter import BatchMeter, LossTally


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _meter(clock: Clock, **kw: object) -> BatchMeter:
    args: dict = dict(epoch=0, epochs=2, batches_per_epoch=4, skip=0, carried=LossTally(), device=torch.device("cpu"),
                      interval_s=1.0, run_start=0.0, clock=clock)
    return BatchMeter(**{**args, **kw})


def test_reports_are_throttled_and_measure_rate_and_time_left_without_pauses() -> None:
    clock = Clock(10.0)
    meter = _meter(clock)
    clock.now = 10.5
    assert meter.add(torch.tensor(1.0), 8, step=1, lr=0.1) is None  # half an interval: not yet
    clock.now = 11.0
    report = meter.add(torch.tensor(3.0), 8, step=2, lr=0.1)
    assert report is not None and [r.batch for r in report.rows] == [1, 2]
    assert report.images_per_s == 16.0  # 16 images in the 1 s since the epoch began
    assert report.eta_s == 3.0  # 0.5 s a batch, 2 left in this epoch + 4 in the next
    clock.now = 11.5
    meter.pause(lambda: setattr(clock, "now", 13.5))  # 2 s paused: counts in neither rate nor time
    clock.now = 14.0
    assert meter.add(torch.tensor(1.0), 8, step=3, lr=0.1) is None
    clock.now = 14.5
    report = meter.add(torch.tensor(1.0), 4, step=4, lr=0.1)  # the epoch's last batch always reports
    assert report is not None and [r.batch for r in report.rows] == [3, 4] and meter.finished
    assert report.images_per_s == 12.0  # 12 images in the 1 s since the pause ended
    assert meter.seconds() == 2.5 and report.eta_s == pytest.approx(2.5)  # 2.5 s / 4 batches x 4 left
    assert report.rows[-1].seconds == 14.5  # since the run began
    assert meter.tally() == LossTally(1.0 * 8 + 3.0 * 8 + 1.0 * 8 + 1.0 * 4, 28)


def test_a_resumed_epoch_paces_only_the_batches_it_ran_and_carries_the_earlier_loss() -> None:
    clock = Clock(0.0)
    meter = _meter(clock, skip=2, carried=LossTally(10.0, 16), epoch=1)
    clock.now = 2.0
    report = meter.add(torch.tensor(2.0), 8, step=7, lr=0.1)
    assert report is not None and report.rows[0].batch == 3
    assert report.eta_s == 2.0  # one batch left at 2 s a batch (the 2 skipped ones took no time here)
    clock.now = 3.0
    meter.add(torch.tensor(2.0), 8, step=8, lr=0.1)
    assert meter.rest() is None  # the last batch reported itself
    assert meter.tally() == LossTally(10.0 + 32.0, 32)


def test_what_is_left_after_a_stop_is_reported_once() -> None:
    clock = Clock(0.0)
    meter = _meter(clock)
    clock.now = 0.25
    assert meter.add(torch.tensor(1.0), 8, step=1, lr=0.1) is None
    clock.now = 0.5
    rest = meter.rest()
    assert rest is not None and [r.batch for r in rest.rows] == [1] and rest.images_per_s == 16.0
    assert meter.rest() is None
