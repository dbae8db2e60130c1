"""torchrun with 2 CPU processes (gloo): DDP trains, val metrics are reduced over both ranks, rank 0 writes a
plain state_dict.

The accuracy check can fail: the val set is made hard (colours unrelated to the folder labels, 13 images, so
the ranks hold 7 and 6 different images), the test first shows that rank 0's share alone gives another
accuracy than all 13 images, then asks metrics.csv (written with full precision) for the all-13 figure that a
single-process evaluation of the same checkpoint gives. Skipping the all-reduce makes it fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from tiny import tiny_config, write_tiny_folder

from dtf_gui.core.metrics import evaluate
from dtf_gui.core.runs.evaluate import eval_dataset
from dtf_gui.core.training.engine import load_checkpoint, read_metrics

N_VAL = 13


def _data_with_a_hard_val_split(root: Path) -> Path:
    write_tiny_folder(root)
    shutil.rmtree(root / "val")
    rng = np.random.default_rng(1)
    classes = ("blue", "green", "red")
    for i in range(N_VAL):
        folder = root / "val" / classes[i % 3]
        folder.mkdir(parents=True, exist_ok=True)
        base = np.full(3, 40.0)
        base[int(rng.integers(3))] = 210  # the bright channel has nothing to do with the label
        arr = np.clip(base + rng.normal(0, 40, (20, 20, 3)), 0, 255).astype(np.uint8)
        Image.fromarray(arr, "RGB").save(folder / f"v{i:02d}.png")
    return root


@pytest.mark.slow
def test_torchrun_two_cpu_processes(tmp_path: Path) -> None:
    data = _data_with_a_hard_val_split(tmp_path / "data")
    # head only: the frozen backbone (BatchNorm in eval mode) keeps both replicas identical, so one process
    # evaluating rank 0's checkpoint sees exactly the model both ranks validated
    cfg = tiny_config(data, tmp_path / "runs", train__epochs=2, train__batch_size=6, freeze__plan="head",
                      random_train=False)
    path = cfg.save(tmp_path / "run.json")
    env = {k: v for k, v in os.environ.items() if k not in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR",
                                                            "MASTER_PORT")}
    proc = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2",
                           "-m", "dtf_gui.cli", "train", str(path), "-q"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    run = Path(proc.stdout.strip().splitlines()[-1])
    assert len(list((tmp_path / "runs").iterdir())) == 1  # only rank 0 created a run directory
    info = json.loads((run / "run.json").read_text())
    assert info["world_size"] == 2 and info["status"] == "completed"
    rows = read_metrics(run)
    assert [r["epoch"] for r in rows] == [1, 2]

    model, _, _, _, ds = eval_dataset(run, data, split="val", which="last")
    assert len(ds) == N_VAL
    everything = evaluate(model, ds, classes=["blue", "green", "red"]).metrics["accuracy"]
    rank0_only = evaluate(model, torch.utils.data.Subset(ds, range(0, N_VAL, 2)),
                          classes=["blue", "green", "red"]).metrics["accuracy"]
    assert abs(rank0_only - everything) > 0.01, "the test data must tell one rank's share from the whole"
    assert rows[-1]["val_acc"] == pytest.approx(everything, abs=1e-12)

    ckpt = load_checkpoint(run / "checkpoints" / "last.pt")
    assert not any(k.startswith("module.") for k in ckpt["model"])
    # 36 train images over 2 ranks = 18 each, batch 6 -> 3 batches per epoch
    assert len((run / "batches.csv").read_text().splitlines()) == 1 + 2 * 3
