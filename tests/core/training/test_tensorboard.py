"""TensorBoard event files of a run: the scalars a user plots, a resume without duplicate steps, no harm on failure."""

from __future__ import annotations

import struct
from collections import defaultdict
from pathlib import Path

import pytest
from tiny import tiny_config, write_tiny_folder

from dtf_gui.core.messages import Message
from dtf_gui.core.runs.rundir import TENSORBOARD_DIR
from dtf_gui.core.training.callbacks import RecordingCallbacks
from dtf_gui.core.training.engine import train


def read_events(path: Path) -> list[object]:
    """The Event records of one TFRecord file (length, crc, data, crc), parsed with tensorboardX's proto."""
    from tensorboardX.proto.event_pb2 import Event

    events, data = [], path.read_bytes()
    at = 0
    while at < len(data):
        (length,) = struct.unpack("<Q", data[at:at + 8])
        events.append(Event.FromString(data[at + 12:at + 12 + length]))
        at += 12 + length + 4
    return events


def scalars(tb: Path) -> dict[str, list[tuple[int, float]]]:
    """tag -> [(step, value)] as TensorBoard shows them: every event file of the folder in name order, a
    SessionLog START at step s dropping what came before it from step s on."""
    from tensorboardX.proto.event_pb2 import SessionLog

    out: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for path in sorted(tb.glob("events.out.tfevents.*")):
        for event in read_events(path):
            if event.HasField("session_log") and event.session_log.status == SessionLog.START:
                for tag in out:
                    out[tag] = [(step, v) for step, v in out[tag] if step < event.step]
            for value in event.summary.value:
                if value.HasField("simple_value"):
                    out[value.tag].append((event.step, value.simple_value))
    return out


def _config(tmp_path: Path, **overrides: object):
    data = write_tiny_folder(tmp_path / "data", n_train=8, n_val=2, size=16)
    settings: dict[str, object] = {"model__arch": "mobilenet_v3_small", "train__epochs": 1, "train__batch_size": 8}
    return tiny_config(data, tmp_path / "runs", **{**settings, **overrides})


def _batches(run_dir: Path) -> int:
    return len((run_dir / "batches.csv").read_text().splitlines()) - 1


def test_run_writes_batch_epoch_and_hparam_scalars(tmp_path: Path) -> None:
    result = train(_config(tmp_path))
    tb = result.run_dir / TENSORBOARD_DIR
    tags = scalars(tb)
    n = _batches(result.run_dir)
    assert n >= 3
    for tag in ("train/loss", "train/lr"):
        assert [step for step, _ in tags[tag]] == list(range(1, n + 1)), tag
    assert tags["train/images_per_s"] and tags["train/images_per_s"][-1][0] == n
    for tag in ("epoch/train_loss", "epoch/val_loss", "epoch/val_acc", "epoch/lr"):
        assert [step for step, _ in tags[tag]] == [1], tag
    assert tags["epoch/val_acc"][0][1] == pytest.approx(result.history[0]["val_acc"])
    assert tags["hparam/best_val_acc"][-1][1] == pytest.approx(result.best_val_acc)
    plugin = {v.metadata.plugin_data.plugin_name for p in tb.glob("events.out.tfevents.*")
              for e in read_events(p) for v in e.summary.value if v.HasField("metadata")}
    assert "hparams" in plugin


def test_tensorboard_off_writes_no_folder(tmp_path: Path) -> None:
    result = train(_config(tmp_path, train__tensorboard=False))
    assert result.status == "completed"
    assert not (result.run_dir / TENSORBOARD_DIR).exists()


def test_resumed_run_continues_the_steps_without_duplicates(tmp_path: Path) -> None:
    from dtf_gui.core.cancel import StopToken

    stop = StopToken()

    class StopAtFirstBatch(RecordingCallbacks):
        def on_batch_end(self, e) -> None:  # noqa: ANN001
            super().on_batch_end(e)
            stop.stop()

    cfg = _config(tmp_path, train__epochs=2)
    first = train(cfg, callbacks=StopAtFirstBatch(), stop=stop)
    assert first.status == "stopped" and first.epochs_done == 0
    second = train(cfg, resume=first.run_dir)
    assert second.status == "completed"
    tags = scalars(first.run_dir / TENSORBOARD_DIR)
    n = _batches(first.run_dir)
    assert len(list((first.run_dir / TENSORBOARD_DIR).glob("events.out.tfevents.*"))) == 2
    assert [step for step, _ in tags["train/loss"]] == list(range(1, n + 1))
    assert [step for step, _ in tags["epoch/val_acc"]] == [1, 2]


def test_a_resume_after_a_crash_drops_the_steps_the_checkpoint_did_not_keep(tmp_path: Path) -> None:
    from dtf_gui.core.config import RunConfig
    from dtf_gui.core.training.events import RunStarted
    from dtf_gui.core.training.tensorboard import TensorBoardLog

    def started(start_step: int) -> RunStarted:
        return RunStarted(run_dir=str(tmp_path), device="cpu", device_name="cpu", arch="a", classes=["x"], epochs=2,
                          batches_per_epoch=5, trainable_params=1, total_params=1, start_step=start_step)

    crashed = TensorBoardLog(RunConfig(), say=print)
    crashed.on_run_start(started(0))
    crashed.add_batches([(s, 1.0, 0.1) for s in range(1, 8)], 10.0)  # killed at step 7; last.pt kept step 5
    crashed._close()
    resumed = TensorBoardLog(RunConfig(), say=print)
    resumed.on_run_start(started(5))
    resumed.add_batches([(s, 2.0, 0.1) for s in range(6, 11)], 10.0)
    resumed._close()
    loss = scalars(tmp_path / TENSORBOARD_DIR)["train/loss"]
    assert loss == [(s, 1.0) for s in range(1, 6)] + [(s, 2.0) for s in range(6, 11)]


def test_a_failing_writer_warns_once_and_training_completes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tensorboardX import record_writer

    written = []
    real_write = record_writer.RecordWriter.write

    def disk_full_after_three(self, data: bytes) -> None:  # noqa: ANN001
        if len(written) >= 3:  # the file opened and a batch or two went in: then the disk is full
            raise OSError(28, "No space left on device")
        written.append(data)
        real_write(self, data)

    monkeypatch.setattr(record_writer.RecordWriter, "write", disk_full_after_three)
    rec = RecordingCallbacks()
    result = train(_config(tmp_path), callbacks=rec)
    assert result.status == "completed" and len(result.history) == 1
    warnings = [m for m in rec.messages if isinstance(m, Message) and m.code == "training.tensorboard_off"]
    assert len(warnings) == 1
    assert "No space left" in str(warnings[0])
