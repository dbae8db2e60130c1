"""`dtf config` and `dtf train`: run dir as the last line, Ctrl-C stops with a checkpoint, kill -9 + --resume
(`dtf runs` lists the killed run as interrupted, then as finished)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "training"))

from tiny import write_tiny_folder  # noqa: E402

from dtf_gui.cli.main import main  # noqa: E402
from dtf_gui.core.training.engine import load_checkpoint, read_metrics  # noqa: E402


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_folder(tmp_path_factory.mktemp("cli_data"), n_train=24, size=32)


def _config(tmp_path: Path, data: Path, *extra: str) -> Path:
    cfg = tmp_path / "run.json"
    sets = ["model.arch=mobilenet_v3_small", "model.weights=none", "train.batch_size=8", "device=cpu",
            "precision=fp32", f"runs_dir={tmp_path / 'runs'}", "train.schedule=none", *extra]
    argv = ["config", "--data", str(data), "--image-size", "32", "-o", str(cfg)]
    for s in sets:
        argv += ["--set", s]
    assert main(argv) == 0
    return cfg


def test_config_prints_a_complete_valid_document(capsys, data: Path) -> None:
    assert main(["config", "--data", str(data), "--set", "train.lr=0.01", "--set", "train.nesterov=yes"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["data"]["root"] == str(data.resolve()) and obj["train"]["lr"] == 0.01
    assert obj["train"]["nesterov"] is True and obj["pipeline"]["val"][0]["name"] == "Resize"
    assert main(["config", "--set", "train.lr=fast"]) == 1
    assert "train.lr" in capsys.readouterr().err
    assert main(["config", "--data", str(data / "train"), "--val", str(data / "val")]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["data"]["val_root"] == str((data / "val").resolve())


def test_train_prints_the_run_directory_last(capsys, tmp_path: Path, data: Path) -> None:
    cfg = _config(tmp_path, data, "train.epochs=1")
    assert main(["train", str(cfg), "--set", "train.batch_size=16", "--no-tensorboard"]) == 0
    captured = capsys.readouterr()
    run = Path(captured.out.strip().splitlines()[-1])
    assert (run / "checkpoints" / "last.pt").is_file()
    assert json.loads((run / "config.json").read_text())["train"]["batch_size"] == 16
    assert json.loads((run / "config.json").read_text())["train"]["tensorboard"] is False
    assert not (run / "tb").exists()
    assert "epoch 1/1" in captured.err and "val_acc" in captured.err


def _start(cfg: Path, tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "dtf_gui.cli", "train", str(cfg)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        runs = list((tmp_path / "runs").glob("*")) if (tmp_path / "runs").is_dir() else []
        if runs and (runs[0] / "run.json").is_file():
            return proc, runs[0]
        if proc.poll() is not None:
            pytest.fail(f"dtf train ended early: {proc.communicate()[1][-2000:]}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("dtf train did not create its run directory in time")


def _wait_for(pred, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 300
    while not pred():
        if proc.poll() is not None:
            pytest.fail(f"dtf train ended before {what}: {proc.communicate()[1][-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.is_file() else 0


def test_ctrl_c_stops_with_a_checkpoint_then_resume(capsys, tmp_path: Path, data: Path) -> None:
    cfg = _config(tmp_path, data, "train.epochs=2")
    proc, run = _start(cfg, tmp_path)
    _wait_for(lambda: _lines(run / "batches.csv") >= 2, proc, "the first batch")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err[-2000:]
    assert out.strip().splitlines()[-1] == str(run)
    assert "Stopping after this batch" in err
    assert json.loads((run / "run.json").read_text())["status"] == "stopped"
    ckpt = load_checkpoint(run / "checkpoints" / "last.pt")
    done = ckpt["epoch"]
    assert main(["train", "--resume", str(run)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(run)
    assert [r["epoch"] for r in read_metrics(run)] == [1, 2]
    assert json.loads((run / "run.json").read_text())["status"] == "completed"
    assert done < 2
    assert len(list((run / "tb").glob("events.out.tfevents.*"))) == 2  # by default; one file per process


def test_ctrl_c_twice_aborts_at_once_and_keeps_the_last_checkpoint(tmp_path: Path) -> None:
    """The documented promise: a second Ctrl-C aborts at once (exit 130 and "interrupted", which a run that
    ignored it and stopped cleanly would not print), and the checkpoint of the last finished epoch still
    loads. Two batches of 36 images at 64 px an epoch: the second Ctrl-C comes while the batch the first one
    waits for still runs."""
    import threading

    root = write_tiny_folder(tmp_path / "data", n_train=24, n_val=2, size=64)
    cfg = tmp_path / "run.json"
    argv = ["config", "--data", str(root), "--image-size", "64", "-o", str(cfg)]
    for s in ("model.arch=resnet18", "model.weights=none", "train.batch_size=36", "device=cpu", "precision=fp32",
              f"runs_dir={tmp_path / 'runs'}", "train.schedule=none", "train.epochs=50"):
        argv += ["--set", s]
    assert main(argv) == 0
    proc, run = _start(cfg, tmp_path)
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.extend(iter(proc.stderr.readline, "")), daemon=True)
    reader.start()
    try:
        # the first batch of epoch 2 is logged: epoch 1's checkpoint is written and batch 2 is running, so the
        # graceful stop the first Ctrl-C asks for has a whole batch to wait for
        _wait_for(lambda: _lines(run / "batches.csv") >= 4, proc, "the first batch of epoch 2")
        proc.send_signal(signal.SIGINT)
        _wait_for(lambda: any("Stopping after this batch" in line for line in err), proc, "the first Ctrl-C")
        proc.send_signal(signal.SIGINT)
        t0 = time.monotonic()
        proc.wait(timeout=30)
        waited = time.monotonic() - t0
    finally:
        proc.kill()
    reader.join(timeout=5)
    text = "".join(err)
    assert proc.returncode == 130, text[-2000:]
    assert "dtf train: interrupted" in text and waited < 10.0, (waited, text[-2000:])
    ckpt = load_checkpoint(run / "checkpoints" / "last.pt")
    assert ckpt["epoch"] >= 1 and ckpt["classes"] == ["blue", "green", "red"]


def _listed(capsys, tmp_path: Path) -> list[tuple[str, str, int]]:
    """(name, status, epochs done) of each run `dtf runs --json` lists in the test's runs folder."""
    capsys.readouterr()
    assert main(["runs", "--workspace", str(tmp_path / "runs"), "--json"]) == 0
    return [(r["name"], r["status"], r["epochs_done"]) for r in json.loads(capsys.readouterr().out)]


def test_kill_9_after_the_first_epoch_then_resume(capsys, tmp_path: Path, data: Path) -> None:
    cfg = _config(tmp_path, data, "train.epochs=3")
    proc, run = _start(cfg, tmp_path)
    _wait_for(lambda: _lines(run / "metrics.csv") >= 2, proc, "the first epoch")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    info = json.loads((run / "run.json").read_text())
    assert info["status"] == "running", "the run finished before it could be killed; make it longer"
    first = read_metrics(run)
    # `dtf runs` tells the killed run from a live one
    assert _listed(capsys, tmp_path) == [(run.name, "interrupted", len(first))]
    assert main(["train", "--resume", str(run)]) == 0
    rows = read_metrics(run)
    assert [r["epoch"] for r in rows] == [1, 2, 3]
    assert _listed(capsys, tmp_path) == [(run.name, "finished", 3)]
    assert rows[0] == first[0]  # earlier rows are kept as they were
    steps = [int(line.split(",")[2]) for line in (run / "batches.csv").read_text().splitlines()[1:]]
    assert steps == list(range(1, len(steps) + 1)) and len(steps) == 3 * 9


def test_train_prints_names_with_escape_codes_safely(capsys, tmp_path: Path) -> None:
    """A class folder named with a terminal escape code, holding a broken image: the warning that names the
    skipped file (and the dataset path) is printed with the code shown as \\x1b, never sent raw."""
    root = tmp_path / "data\x1b]0;pwned\x07"
    write_tiny_folder(root, classes=("red", "gr\x1b[31meen", "blue"), n_train=4, n_val=2, size=16)
    (root / "train" / "gr\x1b[31meen" / "empty.png").write_bytes(b"")
    cfg = _config(tmp_path, root, "train.epochs=1")
    capsys.readouterr()
    assert main(["train", str(cfg), "-q"]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err, err
    assert "gr\\x1b[31meen" in err and "data\\x1b]0;pwned\\x07" in err


def test_train_leaves_out_a_class_with_no_train_images(capsys, tmp_path: Path) -> None:
    """An empty class folder: the run's classes leave it out and `dtf train` says so, with the folder."""
    root = write_tiny_folder(tmp_path / "data", classes=("red", "green"), n_train=4, n_val=2, size=16)
    (root / "train" / "blue").mkdir()
    cfg = _config(tmp_path, root, "train.epochs=1")
    capsys.readouterr()
    assert main(["train", str(cfg), "-q"]) == 0
    captured = capsys.readouterr()
    run = Path(captured.out.strip().splitlines()[-1])
    info = json.loads((run / "run.json").read_text())
    assert info["classes"] == ["green", "red"] and info["num_classes"] == 2
    assert "Class 'blue'" in captured.err and str(root / "train" / "blue") in captured.err, captured.err


def test_train_with_a_class_excluded_trains_without_it(capsys, tmp_path: Path) -> None:
    data = write_tiny_folder(tmp_path / "data", n_train=4, n_val=2, size=16)
    cfg = _config(tmp_path, data, "train.epochs=1", "model.arch=mobilenet_v3_small", "data.cache=off")
    assert main(["train", str(cfg), "--set", 'data.exclude_classes=["green"]']) == 0
    run = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert json.loads((run / "run.json").read_text())["classes"] == ["blue", "red"]
    assert json.loads((run / "config.json").read_text())["data"]["exclude_classes"] == ["green"]
