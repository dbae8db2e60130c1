"""torchrun with 2 CPU processes (gloo): DDP trains, metrics are reduced, rank 0 writes a plain state_dict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tiny import tiny_config

from dtf_gui.core.training.engine import load_checkpoint, read_metrics


@pytest.mark.slow
def test_torchrun_two_cpu_processes(tiny_data: Path, tmp_path: Path) -> None:
    cfg = tiny_config(tiny_data, tmp_path / "runs", train__epochs=2, train__batch_size=6)
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
    # accuracy over all 12 val images (6 per rank, summed), not over one rank's half
    assert all(abs(r["val_acc"] * 12 - round(r["val_acc"] * 12)) < 1e-6 for r in rows)
    ckpt = load_checkpoint(run / "checkpoints" / "last.pt")
    assert not any(k.startswith("module.") for k in ckpt["model"])
    # 36 train images over 2 ranks = 18 each, batch 6 -> 3 batches per epoch
    assert len((run / "batches.csv").read_text().splitlines()) == 1 + 2 * 3
