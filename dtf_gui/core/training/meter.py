"""The running numbers of one epoch: loss sum and image count, images per second, time left.

Losses stay on the device and are summed there: reading one back is a host sync that stalls the GPU, so
:class:`BatchMeter` hands the finished batches out in reports at most every ``interval_s`` (and always after
the epoch's last batch), and the loop reads their losses in one go. The clock is injectable for tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import torch

from dtf_gui.core.cancel import Throttle


@dataclass(frozen=True)
class LossTally:
    """A loss summed over images, and how many images: an epoch's train loss is ``loss_sum / images``."""

    loss_sum: float = 0.0
    images: int = 0

    def plus(self, loss_sum: float, images: int) -> LossTally:
        return LossTally(self.loss_sum + loss_sum, self.images + images)


@dataclass(frozen=True)
class BatchRow:
    """One finished batch, as batches.csv logs it (the loss still on the device)."""

    batch: int  # 1-based within the epoch
    step: int  # optimizer steps since the run began
    loss: torch.Tensor
    lr: float
    images: int
    seconds: float  # since the run began


@dataclass(frozen=True)
class BatchReport:
    """The batches finished since the last report, with the rate and the time left at that moment."""

    rows: tuple[BatchRow, ...]
    images_per_s: float  # over the rows of this report
    eta_s: float  # to the end of the run, at this epoch's pace so far


class BatchMeter:
    """Counts one epoch's batches (``skip`` of them done before a resume, ``carried`` their loss)."""

    def __init__(self, *, epoch: int, epochs: int, batches_per_epoch: int, skip: int, carried: LossTally,
                 device: torch.device, interval_s: float, run_start: float,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.epoch, self.epochs, self.batches_per_epoch = epoch, epochs, batches_per_epoch
        self.skip, self.carried, self.run_start, self.clock = skip, carried, run_start, clock
        self.start = clock()
        self.done = skip  # batches of this epoch finished, those before a resume included
        self.images = 0  # images trained on since this meter started
        self.paused_s = 0.0
        self._loss_sum = torch.zeros((), dtype=torch.float64, device=device)
        self._throttle = Throttle(interval_s, clock=clock, start=self.start)
        self._pending: list[BatchRow] = []
        self._images_since_report = 0

    @property
    def finished(self) -> bool:
        """The epoch's last batch is done."""
        return self.done >= self.batches_per_epoch

    def add(self, loss: torch.Tensor, images: int, *, step: int, lr: float) -> BatchReport | None:
        """Count one finished batch; a report when one is due (so at most every ``interval_s``)."""
        now = self.clock()
        self.done += 1
        self.images += images
        self._images_since_report += images
        d = loss.detach()
        self._loss_sum += d.double() * images
        self._pending.append(BatchRow(self.done, step, d, lr, images, now - self.run_start))
        since_report = now - self._throttle.last
        if self._throttle.ready(final=self.finished, now=now):
            return self._report(since_report)
        return None

    def rest(self) -> BatchReport | None:
        """What is left to report after the last batch of this session (None when nothing is)."""
        if not self._pending:
            return None
        return self._report(self.clock() - self._throttle.last)

    def _report(self, seconds: float) -> BatchReport:
        rows, self._pending = tuple(self._pending), []
        rate = self._images_since_report / max(seconds, 1e-9)
        self._images_since_report = 0
        return BatchReport(rows, rate, self.eta_s())

    def eta_s(self) -> float:
        """Seconds to the end of the run: the batches left (this epoch and the later ones) at this epoch's pace."""
        per_batch = self.seconds() / max(self.done - self.skip, 1)
        remaining = (self.batches_per_epoch - self.done) + (self.epochs - self.epoch - 1) * self.batches_per_epoch
        return remaining * per_batch

    def pause(self, wait: Callable[[], object]) -> None:
        """Run ``wait`` (a pause); its time counts neither in the epoch's seconds nor in the rate."""
        t = self.clock()
        wait()
        self.paused_s += self.clock() - t
        self._throttle.restart()

    def seconds(self) -> float:
        """Time in this epoch so far, pauses left out."""
        return self.clock() - self.start - self.paused_s

    def tally(self) -> LossTally:
        """The epoch's loss so far, the carried part included (one host sync)."""
        return self.carried.plus(float(self._loss_sum.item()), self.images)
