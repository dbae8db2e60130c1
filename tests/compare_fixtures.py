"""Fake run folders for the compare tests: config.json, metrics.csv and run.json written by the same writers
the engine uses (no training), so the comparison reads exactly what a real run leaves behind."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dtf_gui.core.config import DataConfig, RunConfig, TrainConfig
from dtf_gui.core.fileio import atomic_write_json
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec
from dtf_gui.core.runs.rundir import CONFIG_JSON, write_metrics, write_run_json

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def pipeline(size: int = 64, *, flip: bool = True, val_extra: tuple = ()) -> PipelineDocument:
    tail = (("ToImage", {}), ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", {"mean": MEAN, "std": STD}))
    train = PipelineSpec.of(("Resize", {"size": [size, size]}),
                            *((("RandomHorizontalFlip", {"p": 0.5}),) if flip else ()), *tail)
    val = PipelineSpec.of(("Resize", {"size": [64, 64]}), *val_extra, *tail)
    return PipelineDocument(train=train, val=val)


def config(data_root: str = "/data/flowers", *, lr: float = 1e-3, epochs: int = 3,
           doc: PipelineDocument | None = None, runs_dir: str = "runs") -> RunConfig:
    return RunConfig(data=DataConfig(root=data_root), pipeline=doc or pipeline(),
                     train=dataclasses.replace(TrainConfig(), lr=lr, epochs=epochs), runs_dir=runs_dir)


def write_run(path: Path, cfg: RunConfig | None = None, *, accs: tuple[float, ...] = (0.5, 0.6, 0.7),
              losses: tuple[float, ...] | None = None, status: str = "completed") -> Path:
    """A finished run folder: one metrics row per value of ``accs`` (val_loss falls as accuracy rises)."""
    cfg = cfg or config()
    path.mkdir(parents=True)
    atomic_write_json(path / CONFIG_JSON, cfg.to_json())
    losses = losses or tuple(1.5 - a for a in accs)
    rows = [{"epoch": e + 1, "train_loss": 1.2 - 0.1 * e, "val_loss": loss, "val_acc": acc,
             "lr": cfg.train.lr / (e + 1), "seconds": 10.0 + e}
            for e, (acc, loss) in enumerate(zip(accs, losses, strict=True))]
    write_metrics(path, rows)
    write_run_json(path, {"arch": cfg.model.arch, "status": status, "epochs": cfg.train.epochs,
                          "epochs_done": len(rows)})
    return path
