"""TensorBoard event files for a run, so that ``tensorboard --logdir WORKSPACE`` shows every run.

The engine adds a :class:`TensorBoardLog` to its callbacks when ``train.tensorboard`` is on (rank 0 only, as
every callback). It writes ``<run>/tb/events.out.tfevents.*``: per batch ``train/loss``, ``train/lr`` and
``train/images_per_s`` at the global optimizer step (every batch, as batches.csv: the engine hands the rows
over); per epoch ``epoch/train_loss``, ``epoch/val_loss``, ``epoch/val_acc`` and ``epoch/lr`` at the epoch
number; at the end the HParams record (the config's main hyper-parameters, ``hparam/best_val_acc`` and
``hparam/final_val_acc``).

Why not ``tensorboardX.SummaryWriter``: it writes from a background thread through a bounded queue, so a full
disk kills that thread and the next ``add_scalar`` blocks training for good. Here the records are written
synchronously with tensorboardX's record writer and protos, and any failure turns the log off with one
message: TensorBoard is a view of the run, never a reason for it to stop.

A resumed run writes a new file in the same folder whose first record is a SessionLog START at the step it
continues from: TensorBoard drops what an earlier file logged from that step on (a crash redoes the
unfinished epoch), so no step appears twice.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from dtf_gui.core.config import FIELDS, RunConfig
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.runs.rundir import TENSORBOARD_DIR
from dtf_gui.core.training.callbacks import BaseCallbacks
from dtf_gui.core.training.events import EpochEnded, RunEnded, RunStarted

FLUSH_INTERVAL_S = 10.0  # a flush is an fsync: at the end, and at most this often between batches
EPOCH_FLUSH_S = 1.0  # at an epoch's end when the last flush is older than this (TensorBoard shows the epoch soon)

#: settings that are not hyper-parameters (where the data and runs are, how the machine is used, this log)
_NOT_HPARAMS = frozenset({"data.root", "data.val_root", "data.cache", "data.exclude_classes", "device", "workers",
                          "runs_dir", "channels_last", "model.allow_download", "train.tensorboard"})


def hparams(config: RunConfig) -> dict[str, bool | int | float | str]:
    """The config's hyper-parameters as TensorBoard's HParams table shows them (dotted key -> value)."""
    out: dict[str, bool | int | float | str] = {}
    for key in FIELDS:
        value = config.get(key)
        if key not in _NOT_HPARAMS and isinstance(value, bool | int | float | str):
            out[key] = value
    return out


class TensorBoardLog(BaseCallbacks):
    """Writes the run's events into ``<run_dir>/tb/``; ``say`` gets the one warning if writing fails."""

    def __init__(self, config: RunConfig, *, say: Callable[[Message | str], None]) -> None:
        self.config = config
        self.say = say
        self._writer: Any = None  # a tensorboardX RecordWriter while the log is on
        self._protos: tuple[Any, Any] = (None, None)  # the Event and Summary proto classes, once opened
        self._last_flush = 0.0
        self._last_step = 0
        self.failed = False

    # -- the engine's events ----------------------------------------------------------------------------
    def on_run_start(self, e: RunStarted) -> None:
        self._last_step = e.start_step
        self._guard(lambda: self._open(Path(e.run_dir) / TENSORBOARD_DIR, e.start_step))

    def add_batches(self, rows: Iterable[tuple[int, float, float]], images_per_s: float) -> None:
        """Batches as ``(step, loss, lr)``; the rate, measured over all of them, is logged at the last."""
        if self._writer is None:
            return

        def write() -> None:
            step = None
            for step, loss, lr in rows:
                self._scalars(step, {"train/loss": loss, "train/lr": lr})
            if step is not None:
                self._scalars(step, {"train/images_per_s": images_per_s})
                self._last_step = step
            if time.monotonic() - self._last_flush > FLUSH_INTERVAL_S:
                self._flush()

        self._guard(write)

    def on_epoch_end(self, e: EpochEnded) -> None:
        if self._writer is None:
            return

        def write() -> None:
            self._scalars(e.epoch, {"epoch/train_loss": e.train_loss, "epoch/val_loss": e.val_loss,
                                    "epoch/val_acc": e.val_acc, "epoch/lr": e.lr})
            if time.monotonic() - self._last_flush > EPOCH_FLUSH_S:  # not an fsync per epoch of a 10 ms epoch
                self._flush()

        self._guard(write)

    def on_run_end(self, e: RunEnded) -> None:
        if self._writer is None:
            return
        if e.history:
            self._guard(lambda: self._hparams(e))
        self._guard(self._close)

    # -- writing --------------------------------------------------------------------------------------
    def _guard(self, write: Callable[[], None]) -> None:
        """Run a write; on any failure say so once and turn the log off (training goes on)."""
        try:
            write()
        except Exception as exc:  # noqa: BLE001 - a full disk, a read-only folder, a missing package: all the same
            self._turn_off(exc)

    def _turn_off(self, exc: BaseException) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            try:
                writer.close()
            except Exception:  # noqa: BLE001, S110 - closing a broken file: nothing more to report
                pass
        if not self.failed:
            self.failed = True
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            self.say(msg("training.tensorboard_off", reason=reason))

    def _open(self, folder: Path, start_step: int) -> None:
        from tensorboardX.proto.event_pb2 import Event, SessionLog  # lazy: only runs that log import it
        from tensorboardX.proto.summary_pb2 import Summary
        from tensorboardX.record_writer import RecordWriter

        self._protos = (Event, Summary)

        folder.mkdir(parents=True, exist_ok=True)
        resumed = any(folder.glob("events.out.tfevents.*"))
        stem = f"events.out.tfevents.{int(time.time()):010d}.{socket.gethostname()}.{os.getpid()}"
        n = 1
        while (folder / f"{stem}.{n}").exists():  # never overwrite an earlier file (RecordWriter opens "wb")
            n += 1
        self._writer = RecordWriter(str(folder / f"{stem}.{n}"))
        self._write(Event(wall_time=time.time(), file_version="brain.Event:2"))
        if resumed:  # TensorBoard drops the earlier files' records from this step on
            self._write(Event(wall_time=time.time(), step=start_step + 1,
                              session_log=SessionLog(status=SessionLog.START)))
        self._flush()

    def _write(self, event: Any) -> None:
        self._writer.write(event.SerializeToString())

    def _scalars(self, step: int, values: dict[str, float]) -> None:
        event, summary = self._protos
        value = summary.Value
        self._write(event(wall_time=time.time(), step=int(step),
                          summary=summary(value=[value(tag=tag, simple_value=float(v)) for tag, v in values.items()])))

    def _hparams(self, e: RunEnded) -> None:
        from tensorboardX.proto.event_pb2 import Event
        from tensorboardX.summary import hparams as hparams_summaries

        metrics = {"hparam/best_val_acc": float(e.best_val_acc), "hparam/final_val_acc": float(e.history[-1]["val_acc"])}
        for summary in hparams_summaries(hparams(self.config), metrics):  # experiment, session start, session end
            self._write(Event(wall_time=time.time(), step=self._last_step, summary=summary))
        self._scalars(self._last_step, metrics)

    def _flush(self) -> None:
        self._writer.flush()
        self._last_flush = time.monotonic()

    def _close(self) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            return
        writer.flush()
        writer.close()


__all__ = ["FLUSH_INTERVAL_S", "TensorBoardLog", "hparams"]
