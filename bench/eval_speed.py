"""Evaluation speed: the demo val split (360 images) with mobilenet_v2 at 64 px on CPU (target: < 10 s).

Run: ``.venv/bin/python bench/eval_speed.py [--runs 3] [--data FOLDER] [--batch-size 64] [--threads N]``. Builds a run
directory with a mobilenet_v2 (random weights: speed does not depend on what was learned) and the demo
"digits 64 px" pipeline, then times what the Evaluate button does end to end
(:func:`dtf_gui.core.runs.evaluate.run_evaluation`: load the model, scan the data with the model's split
settings, run every image through the val pipeline and the model, compute every metric), and separately the
``core.metrics.evaluate`` part alone. Prints the median of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import torch
import torchvision

from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.metrics import evaluate
from dtf_gui.core.models.build import build_model
from dtf_gui.core.pipeline.build import load_sample_pipeline
from dtf_gui.core.runs.evaluate import EvalRequest, eval_dataset, run_evaluation


def write_run(run_dir: Path, data_root: Path, classes: list[str]) -> Path:
    """A run directory as `dtf train` leaves it (config.json, run.json, checkpoints/best.pt)."""
    doc = load_sample_pipeline("digits_64")
    model = build_model("mobilenet_v2", len(classes), weights="none")
    config = {"schema_version": 1, "data": {"root": str(data_root), "val_fraction": 0.2, "seed": 0},
              "pipeline": doc.to_json(), "model": {"arch": "mobilenet_v2", "weights": "none", "dropout": 0.0},
              "device": "cpu"}
    (run_dir / "checkpoints").mkdir(parents=True, exist_ok=True)
    (run_dir / "config.json").write_text(json.dumps(config))
    (run_dir / "run.json").write_text(json.dumps({"arch": "mobilenet_v2", "classes": classes,
                                                  "input_size": [64, 64], "status": "completed",
                                                  "versions": {"torch": torch.__version__,
                                                               "torchvision": torchvision.__version__}}))
    torch.save({"model": model.state_dict(), "epoch": 1, "classes": classes, "arch": "mobilenet_v2",
                "config": config}, run_dir / "checkpoints" / "best.pt")
    return run_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=None, help="dataset folder (default: the demo dataset)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--threads", type=int, default=None,
                        help="torch intra-op threads (default: torch's choice). On a machine shared with other "
                             "busy processes, 1 avoids OpenMP threads waiting on each other (measured 15x).")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)

    root = args.data or ensure_demo_dataset()
    classes = sorted(p.name for p in (root / "train").iterdir() if p.is_dir())
    with tempfile.TemporaryDirectory() as tmp:
        run = write_run(Path(tmp) / "run", root, classes)
        request = EvalRequest(str(run), str(root), batch_size=args.batch_size)
        run_evaluation(request)  # warm-up: imports, first-call allocations
        full, core = [], []
        n = 0
        for _ in range(args.runs):
            t0 = time.perf_counter()
            outcome = run_evaluation(request)
            full.append(time.perf_counter() - t0)
            n = outcome.result.metrics["num_samples"]
            model, names, _, _, dataset = eval_dataset(run, root)
            t0 = time.perf_counter()
            evaluate(model, dataset, batch_size=args.batch_size, classes=names)
            core.append(time.perf_counter() - t0)
    med = statistics.median(full)
    print(f"dataset      {root} (val split: {n} images, {len(classes)} classes)")
    print(f"model        mobilenet_v2, 64x64 input, CPU, {torch.get_num_threads()} threads, batch {args.batch_size}")
    print(f"evaluate     median {statistics.median(core):.2f} s over {args.runs} runs (model + metrics)")
    print(f"end to end   median {med:.2f} s over {args.runs} runs (load + scan + evaluate + metrics), "
          f"{n / med:.0f} images/s")
    print(f"target       < 10 s: {'met' if med < 10 else 'MISSED'}")
    return 0 if med < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
