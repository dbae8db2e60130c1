"""Run folders as training leaves them, written with the run directory's own writers and no training (and no
torch): for the run index, ``dtf runs`` and the Runs tab."""

from __future__ import annotations

import functools
import json
import socket
import subprocess
import sys
from pathlib import Path

from dtf_gui.core.config import RunConfig
from dtf_gui.core.runs.rundir import (
    CONFIG_JSON,
    LOCK_FILE,
    checkpoint_path,
    write_metrics,
    write_run_json,
)


@functools.lru_cache(maxsize=1)
def dead_pid() -> int:
    """The id of a process that has ended (started and waited for here)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def make_fake_run(workspace: Path, name: str, status: str = "completed", *, epochs_done: int = 2,
                  epochs: int = 3, arch: str = "resnet18", data_root: str = "/data/flowers", size: int = 32,
                  accs: tuple[float, ...] | None = None, lock: str | None = None) -> Path:
    """``workspace/name`` with config.json, run.json (``status`` as the engine writes it), metrics.csv of
    ``epochs_done`` epochs (3.5 s each) and checkpoints/last.pt; ``lock="dead"`` adds the train.lock a killed
    trainer leaves (a live one: ``RunLock(run).acquire()`` in the test)."""
    run = workspace / name
    run.mkdir(parents=True)
    RunConfig().with_overrides({"model.arch": arch, "train.epochs": epochs,
                                "runs_dir": str(workspace)}).save(run / CONFIG_JSON)
    accs = accs if accs is not None else tuple(0.5 + 0.1 * i for i in range(epochs_done))
    history = [{"epoch": i + 1, "train_loss": 1.0 / (i + 1), "val_loss": 1.1 / (i + 1), "val_acc": accs[i],
                "lr": 0.001, "seconds": 3.5} for i in range(epochs_done)]
    write_metrics(run, history)
    best = max(accs) if accs else None
    write_run_json(run, {"arch": arch, "classes": ["a", "b"], "num_classes": 2, "input_size": [size, size],
                         "status": status, "message": "", "epochs": epochs, "epochs_done": epochs_done,
                         "best_epoch": accs.index(best) + 1 if accs else 0, "best_val_acc": best,
                         "data_root": data_root, "started": "2026-01-01T00:00:00"})
    ckpt = checkpoint_path(run, "last")
    ckpt.parent.mkdir()
    ckpt.write_bytes(b"not read by the index")
    if lock == "dead":
        (run / LOCK_FILE).write_text(json.dumps({"pid": dead_pid(), "host": socket.gethostname(),
                                                 "started": "2026-01-01T00:00:00"}), encoding="utf-8")
    return run


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative path -> bytes): two equal results mean byte-identical folders."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def make_script_run(base: Path, classes: tuple[str, ...] = ("ant", "bee"), n_train: int = 3, n_val: int = 2) -> Path:
    """``base/run``: config.json and run.json (classes, image counts) as training leaves them, over a tiny image
    folder ``base/data`` (train/ and val/, 8-px PNGs): what ``dtf export --script`` reads (no checkpoint)."""
    from PIL import Image

    from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec

    for split, n in (("train", n_train), ("val", n_val)):
        for k, name in enumerate(classes):
            (base / "data" / split / name).mkdir(parents=True)
            for i in range(n):
                Image.new("RGB", (8, 8), (40 * k, 10 * i, 200)).save(base / "data" / split / name / f"{i}.png")
    steps = PipelineSpec.of(("Resize", {"size": [8, 8]}), ("ToImage", {}),
                            ("ToDtype", {"dtype": "float32", "scale": True}))
    run = base / "run"
    run.mkdir(parents=True)
    RunConfig(pipeline=PipelineDocument(train=steps, val=steps)).with_overrides({
        "data.root": str(base / "data"), "model.arch": "mobilenet_v3_small", "model.weights": "none",
        "train.epochs": 1, "train.batch_size": 4, "device": "cpu", "precision": "fp32"}).save(run / CONFIG_JSON)
    write_run_json(run, {"arch": "mobilenet_v3_small", "classes": list(classes), "num_classes": len(classes),
                         "status": "completed", "train_images": n_train * len(classes),
                         "val_images": n_val * len(classes), "precision": "fp32", "channels_last": True,
                         "feature_cache": False, "device": "cpu", "world_size": 1})
    write_metrics(run, [{"epoch": 1, "train_loss": 0.7, "val_loss": 0.7, "val_acc": 0.5, "lr": 0.001,
                         "seconds": 1.0}])
    return run
