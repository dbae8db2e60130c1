"""Does temperature scaling halve the ECE of a deliberately over-confident run, without a worse NLL?

Makes the over-confident run: mobilenet_v2 (ImageNet weights when installed offline, else from scratch) head
only on the feature cache, trained long (default 150 epochs, AdamW lr 5e-2, constant) on a few demo digit
images per class (default 15) with no weight decay, no label smoothing, no dropout and no augmentation, until
its train loss is ~0: its softmax then says ~100 % where it is right far less often. Calibrates its last checkpoint on the
demo's val split with :func:`dtf_gui.core.trust.calibration.calibrate` (what ``dtf calibrate`` and the Evaluate
view do) and prints ECE (15 bins) and NLL before and after, the temperature, and the threshold answering 90 %
of the val images with its accuracy. For honesty it also fits T on one half of val and measures the other.
Then saves the calibration, exports a bundle (pth + onnx) and checks that ``dtf predict``, the app's predict,
the bundle's ``python -I predict.py`` and ``predict.py --onnx`` give the same class-or-unknown on every val image.

Target: ECE after <= half of ECE before, NLL after <= before, and the four answers agree; exits 1 on a miss.

    OMP_NUM_THREADS=1 .venv/bin/python bench/calibration.py [--per-class 15] [--epochs 150] [--data ROOT]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from dataclasses import replace
from pathlib import Path

import numpy as np

from dtf_gui.cli.main import main as dtf
from dtf_gui.core.config import starter_config
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.models.weights import weights_status
from dtf_gui.core.pipeline.spec import PipelineDocument
from dtf_gui.core.runs.bundle import export_bundle
from dtf_gui.core.runs.predict import PredictRequest, predict
from dtf_gui.core.training.engine import train
from dtf_gui.core.trust.calibration import CalibrationRequest, calibrate, save_calibration
from dtf_gui.core.trust.reliability import expected_calibration_error, fit_temperature, softmax

IMAGE_SIZE = 64
UNKNOWN = "<unknown>"


def few_shot_copy(demo: Path, out: Path, per_class: int) -> Path:
    """out/train/<class>/ with the first ``per_class`` train images of each class, out/val/ = the demo's val."""
    for cls in sorted(p.name for p in (demo / "train").iterdir() if p.is_dir()):
        dst = out / "train" / cls
        dst.mkdir(parents=True)
        for f in sorted((demo / "train" / cls).glob("*.png"))[:per_class]:
            shutil.copy2(f, dst / f.name)
    shutil.copytree(demo / "val", out / "val")
    return out


def held_out_check(probs: np.ndarray, labels: np.ndarray, seed: int = 0) -> tuple[float, float, float]:
    """Fit T on a random half of val, measure ECE on the other half: (T, ECE before, ECE after) there."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(labels))
    fit, test = order[: len(order) // 2], order[len(order) // 2:]
    logits = np.log(np.maximum(probs, 1e-300))
    t = fit_temperature(logits[fit], labels[fit])
    return (t, expected_calibration_error(probs[test], labels[test]),
            expected_calibration_error(softmax(logits[test], t), labels[test]))


def answers_agree(run: Path, bundle: Path, images: list[Path]) -> bool:
    """class-or-unknown of every image from the app's predict, dtf predict, python -I predict.py (torch, onnx)."""
    paths = [str(p) for p in images]
    answers: dict[str, list[str]] = {}
    out = predict(PredictRequest(str(bundle), tuple(paths), top_k=1, traces=False))
    answers["app"] = [UNKNOWN if it.unknown else it.top[0][0] for it in out.items]
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert dtf(["predict", str(bundle), *paths, "--json", "--top-k", "1"]) == 0
    rows = json.loads(buf.getvalue())
    answers["dtf predict"] = [UNKNOWN if r["unknown"] else r["top_k"][0]["class"] for r in rows]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for name, extra in (("python -I predict.py", []), ("python -I predict.py --onnx", ["--onnx"])):
        proc = subprocess.run([sys.executable, "-I", str(bundle / "predict.py"), *paths, "--json", "--top-k", "1",
                               *extra], capture_output=True, text=True, env=env, timeout=900)
        if proc.returncode != 0:
            print(f"{name} failed: {proc.stderr.strip()[-500:]}")
            answers[name] = []
            continue
        answers[name] = [UNKNOWN if r["unknown"] else r["top_k"][0]["class"] for r in json.loads(proc.stdout)]
    ref = answers["app"]
    ok = True
    for name, got in answers.items():
        same = sum(a == b for a, b in zip(got, ref, strict=False)) if len(got) == len(ref) else 0
        print(f"  {name:28s} same class-or-unknown as the app on {same}/{len(ref)} val images "
              f"({got.count(UNKNOWN)} unknown)")
        ok = ok and same == len(ref)
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-class", type=int, default=15, help="train images per class (default 15)")
    ap.add_argument("--epochs", type=int, default=150)
    ap.add_argument("--lr", type=float, default=5e-2)
    ap.add_argument("--coverage", type=float, default=0.9, help="share of val images the threshold answers")
    ap.add_argument("--data", type=Path, default=None, help="demo dataset folder (default: the user data one)")
    ap.add_argument("--skip-exports", action="store_true", help="do not check the bundle's answers")
    args = ap.parse_args()
    print("target: ECE after <= ECE before / 2, NLL after <= NLL before; app, dtf predict, predict.py and its "
          "ONNX path give the same class-or-unknown on every val image")
    weights = "imagenet" if weights_status("mobilenet_v2").available else "none"
    demo = args.data or ensure_demo_dataset()
    with tempfile.TemporaryDirectory() as tmp:
        data = few_shot_copy(Path(demo), Path(tmp) / "data", args.per_class)
        cfg = starter_config(data, image_size=IMAGE_SIZE, arch="mobilenet_v2")
        cfg = replace(cfg, pipeline=PipelineDocument(train=cfg.pipeline.val, val=cfg.pipeline.val))  # no augment
        cfg = cfg.with_overrides({
            "train.epochs": args.epochs, "device": "cpu", "runs_dir": str(Path(tmp) / "runs"),
            "model.weights": weights, "model.dropout": 0.0, "freeze.plan": "head", "train.lr": args.lr,
            "train.weight_decay": 0.0, "train.label_smoothing": 0.0, "train.schedule": "none",
            "train.warmup_epochs": 0, "train.feature_cache": True, "train.tensorboard": False, "seed": 0})
        t0 = time.perf_counter()
        result = train(cfg)
        run = Path(result.run_dir)
        hist = result.history
        print(f"run: mobilenet_v2 ({weights}) head-only, {args.per_class} train images per class, "
              f"{args.epochs} epochs in {time.perf_counter() - t0:.1f} s; last train loss "
              f"{hist[-1]['train_loss']:.2e}, val acc {hist[-1]['val_acc']:.4f} (best {result.best_val_acc:.4f})")

        t0 = time.perf_counter()
        report = calibrate(CalibrationRequest(str(run), str(data), which="last",
                                                     target_coverage=args.coverage))
        print(f"calibrated on {report.n} val images in {time.perf_counter() - t0:.1f} s: "
              f"T = {report.temperature:.3f}, accuracy {report.accuracy:.4f}")
        print(f"  ECE (15 bins)  before {report.ece_before:.4f}  after {report.ece_after:.4f}  "
              f"(ratio {report.ece_after / max(report.ece_before, 1e-12):.3f})")
        print(f"  NLL            before {report.nll_before:.4f}  after {report.nll_after:.4f}")
        print(f"  threshold {report.threshold:.4f}: answers {report.threshold_coverage:.1%} of val, accuracy "
              f"{report.threshold_accuracy:.4f} (all images: {report.accuracy:.4f})")
        from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation

        ev = run_evaluation(EvalRequest(str(run), str(data), which="last"))
        t_half, before_half, after_half = held_out_check(ev.result.probs, ev.result.y_true)
        print(f"  held out: T fitted on half of val = {t_half:.3f}; ECE on the other half {before_half:.4f} -> "
              f"{after_half:.4f}")
        met = report.ece_after <= report.ece_before / 2 and report.nll_after <= report.nll_before
        print(f"ECE {'met' if report.ece_after <= report.ece_before / 2 else 'MISSED'} (<= half), "
              f"NLL {'met' if report.nll_after <= report.nll_before else 'MISSED'} (not worse)")

        if not args.skip_exports:
            save_calibration(run, report)
            t0 = time.perf_counter()
            bundle = export_bundle(run, Path(tmp) / "bundle", ("pth", "onnx"), which="last")
            print(f"bundle with the calibration exported in {time.perf_counter() - t0:.1f} s")
            images = sorted((data / "val").rglob("*.png"))
            agree = answers_agree(run, bundle, images)
            print(f"answers {'agree' if agree else 'DIFFER'}")
            met = met and agree
    print("\nMET" if met else "\nMISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
