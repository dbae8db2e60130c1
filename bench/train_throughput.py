"""Training throughput: the engine vs the PyTorch tutorial's own loop vs the compute limit.

    ./dev bench train_throughput.py [--sizes 224,112] [--seeds 0,1,2] [--epochs 3] [--batch-size 32]
                                    [--fp32-check] [--order paired|shuffle] [--no-limit] [--data ROOT] [--quick]

On the demo digits (1,437 train / 360 val images), resnet18 from scratch with a new 10-class fc, Adam 1e-3,
cross-entropy, the same batch size and epochs everywhere:

* tutorial: ``ImageFolder`` + ``Resize/ToTensor/Normalize``, a ``DataLoader`` with its defaults, fp32, a val
  pass each epoch -- the loop from the PyTorch transfer-learning tutorial;
* engine: ``dtf_gui.core.training.engine.train`` with the same pipeline and settings, precision and
  channels_last on "auto" (bf16 autocast + channels_last for resnet on CPUs with native bf16), the
  decode-once cache on "auto";
* limit: the same model -- the engine's own weights at that moment (its initial weights, then each epoch's
  ``last.pt``) -- at the engine's precision and memory format, running a whole epoch's batches (the same
  batch shapes, train steps then val forwards) on real images held in memory as ready float batches.

``--order paired`` (default): both loops start from the same initial weights (the tutorial's, built after
``torch.manual_seed(seed)``; the engine loads them as a weights file) and see the train images in the same
order (the engine's seeded per-epoch permutation, given to the tutorial's DataLoader as its ``sampler``).
``--order shuffle`` gives the tutorial ``shuffle=True`` and its own init instead. ``--fp32-check`` also runs
the engine in fp32 without channels_last (accuracy only).

Per size and seed: the tutorial, then the engine, with the limit timed when the engine's run starts and
after each of its epochs (outside the engine's epoch clock); each engine epoch is compared with the mean of
the two limit measurements around it. Prints seconds per epoch, engine/tutorial, engine/limit and the val
accuracy of each loop after the last epoch, then per size the means over the seeds and a verdict on each
target (``TARGETS`` below; accuracy only over paired seeds). Exits 1 when any target is missed.
``--quick``: one seed, one epoch at 32 px (a smoke run of the whole measurement, not the README's figures).
"""

from __future__ import annotations

import argparse
import functools
import math
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torchvision
from torch import nn
from torchvision import datasets, transforms

from dtf_gui.core.config import RunConfig
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec
from dtf_gui.core.training.callbacks import BaseCallbacks
from dtf_gui.core.training.device import resolve_channels_last, resolve_precision
from dtf_gui.core.training.engine import load_checkpoint, train
from dtf_gui.core.training.schedule import EpochSampler

LIMIT_BATCHES = 4  # real batches per split the limit cycles through (4 x 32 images at 224 px: 77 MB)
#: engine/tutorial speed (mean over the seeds), engine/limit (mean over the seeds), and the accuracy: the
#: engine's val accuracy after the last epoch at most this many points below the tutorial's, as the mean of
#: the paired differences (one run alone swings by several points with the seed: see bench/README.md).
TARGET_SPEEDUP = 1.5
TARGET_LIMIT = 0.95
TARGET_ACC_POINTS = 1.0
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def initial_model(seed: int, n_classes: int) -> nn.Module:
    """The tutorial's model: torchvision resnet18 with a new fc, initialised after ``manual_seed(seed)``."""
    torch.manual_seed(seed)
    model = torchvision.models.resnet18(weights=None)
    model.fc = nn.Linear(model.fc.in_features, n_classes)
    return model


def tutorial(root: Path, size: int, epochs: int, bs: int, seed: int, paired: bool) -> tuple[list[float], float]:
    tf = transforms.Compose([transforms.Resize((size, size)), transforms.ToTensor(),
                             transforms.Normalize(MEAN, STD)])
    train_ds = datasets.ImageFolder(str(root / "train"), tf)
    val_ds = datasets.ImageFolder(str(root / "val"), tf)
    model = initial_model(seed, len(train_ds.classes))
    order = EpochSampler(len(train_ds), seed=seed) if paired else None
    loaders = {"train": torch.utils.data.DataLoader(train_ds, batch_size=bs, shuffle=order is None, sampler=order),
               "val": torch.utils.data.DataLoader(val_ds, batch_size=bs, shuffle=False)}
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    seconds, acc = [], 0.0
    for epoch in range(epochs):
        if order is not None:
            order.set_epoch(epoch)
        t0 = time.perf_counter()
        for phase in ("train", "val"):
            model.train() if phase == "train" else model.eval()
            running_corrects = 0
            for inputs, labels in loaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    outputs = model(inputs)
                    _, preds = torch.max(outputs, 1)
                    loss = criterion(outputs, labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
                running_corrects += torch.sum(preds == labels.data).item()
            if phase == "val":
                acc = running_corrects / len(val_ds)
        seconds.append(time.perf_counter() - t0)
    return seconds, acc


class LimitAroundEpochs(BaseCallbacks):
    """Times the limit when the run starts and after every epoch, so each engine epoch is bracketed by two
    limit measurements taken seconds before and after it (outside the engine's epoch clock). Each one runs
    the engine's weights of that moment: ``init`` at the start, the run's ``checkpoints/last.pt`` after an
    epoch (the engine writes it before telling the callbacks)."""

    def __init__(self, measure: Callable[[dict[str, torch.Tensor]], float], init: Path) -> None:
        self.measure = measure
        self.init = init
        self.run_dir: Path | None = None
        self.samples: list[float] = []

    def on_run_start(self, e: object) -> None:
        self.run_dir = Path(e.run_dir)  # type: ignore[attr-defined]
        self.samples.append(self.measure(torch.load(self.init, map_location="cpu", weights_only=True)))

    def on_epoch_end(self, e: object) -> None:
        assert self.run_dir is not None
        ckpt = load_checkpoint(self.run_dir / "checkpoints" / "last.pt")
        self.samples.append(self.measure(ckpt["model"]))

    def per_epoch(self) -> list[float]:
        return [(a + b) / 2 for a, b in zip(self.samples, self.samples[1:], strict=False)]


def engine(root: Path, size: int, epochs: int, bs: int, seed: int, runs: str, weights: str,
           fp32: bool = False, callbacks: object = None) -> tuple[list[float], float]:
    steps = PipelineSpec.of(("Resize", {"size": [size, size]}), ("ToImage", {}),
                            ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", {"mean": MEAN, "std": STD}))
    cfg = RunConfig(pipeline=PipelineDocument(train=steps, val=steps)).with_overrides({
        "data.root": str(root), "model.arch": "resnet18", "model.weights": weights, "train.epochs": epochs,
        "train.batch_size": bs, "train.lr": 1e-3, "train.optimizer": "adam", "train.weight_decay": 0.0,
        "train.schedule": "none", "device": "cpu", "precision": "fp32" if fp32 else "auto",
        "channels_last": False if fp32 else "auto", "workers": 0, "seed": seed, "runs_dir": runs,
    })
    r = train(cfg, callbacks=callbacks)
    if r.status != "completed":
        raise SystemExit(f"engine run ended {r.status}: {r.message}")
    return [h["seconds"] for h in r.history], r.history[-1]["val_acc"]


def batch_sizes(n: int, bs: int) -> list[int]:
    return [bs] * (n // bs) + ([n % bs] if n % bs else [])


def real_batches(root: Path, size: int, bs: int, split: str, n: int, seed: int = 0
                 ) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """``n`` batches of real ``split`` images (a seeded random pick), already through the tutorial's
    Resize/ToTensor/Normalize: the limit's in-memory inputs."""
    tf = transforms.Compose([transforms.Resize((size, size)), transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    ds = datasets.ImageFolder(str(root / split), tf)
    pick = torch.randperm(len(ds), generator=torch.Generator().manual_seed(seed))[: n * bs].tolist()
    items = [ds[i] for i in pick]
    xs, ys = torch.stack([x for x, _ in items]), torch.tensor([y for _, y in items])
    return [(xs[k * bs:(k + 1) * bs], ys[k * bs:(k + 1) * bs]) for k in range(len(pick) // bs)]


def limit(size: int, bs: int, n_train: int, n_val: int, precision: str, channels_last: bool,
          inputs: dict[str, list[tuple[torch.Tensor, torch.Tensor]]], weights: dict[str, torch.Tensor]) -> float:
    """Seconds for one epoch -- every train step and val forward, at the real batch shapes -- in memory,
    with ``weights`` (the engine's of that moment) on the real image batches ``inputs`` (cycled)."""
    n_classes = len(weights["fc.bias"])
    model = initial_model(0, n_classes)
    model.load_state_dict(weights)
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    data = {split: [(x.contiguous(memory_format=fmt), y) for x, y in batches] for split, batches in inputs.items()}

    def batch(split: str, i: int, b: int) -> tuple[torch.Tensor, torch.Tensor]:
        x, y = data[split][i % len(data[split])]
        return x[:b], y[:b]

    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    amp = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)

    def ctx():
        return torch.autocast("cpu", dtype=amp) if amp is not None else torch.autocast("cpu", enabled=False)

    def step(x: torch.Tensor, y: torch.Tensor) -> None:
        with ctx():
            out = model(x)
        loss = nn.functional.cross_entropy(out.float(), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    model.train()
    step(*batch("train", 0, bs))  # warm-up, as the engine's first batch is
    t0 = time.perf_counter()
    for i, b in enumerate(batch_sizes(n_train, bs)):
        step(*batch("train", i, b))
    model.eval()
    with torch.no_grad():
        for i, b in enumerate(batch_sizes(n_val, bs)):
            with ctx():
                model(batch("val", i, b)[0])
    return time.perf_counter() - t0


def _mean_ci(xs: list[float]) -> tuple[float, float]:
    """Mean and the half-width of its 95 % t-interval (0 for one value)."""
    m = statistics.fmean(xs)
    if len(xs) < 2:
        return m, 0.0
    from scipy.stats import t

    return m, float(t.ppf(0.975, len(xs) - 1)) * statistics.stdev(xs) / math.sqrt(len(xs))


def _verdict(what: str, ok: bool, figure: str) -> bool:
    print(f"  target {what}: {'met' if ok else 'MISSED'} ({figure})", flush=True)
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="224,112")
    ap.add_argument("--seeds", default="0", help="comma-separated seeds, each a paired run")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--order", choices=("paired", "shuffle"), default="paired")
    ap.add_argument("--fp32-check", action="store_true", help="also run the engine in fp32 (accuracy only)")
    ap.add_argument("--no-limit", action="store_true", help="skip the compute-limit measurement")
    ap.add_argument("--data", help="ImageFolder root with train/ and val/ (default: the demo digits)")
    ap.add_argument("--quick", action="store_true", help="--sizes 32 --seeds 0 --epochs 1")
    args = ap.parse_args()
    if args.quick:
        args.sizes, args.seeds, args.epochs = "32", "0", 1
    print(f"targets: engine/tutorial >= {TARGET_SPEEDUP}x; engine/limit >= {TARGET_LIMIT}; engine val accuracy "
          f">= tutorial - {TARGET_ACC_POINTS:.0f} point (mean over the paired seeds)", flush=True)
    root = Path(args.data) if args.data else ensure_demo_dataset()
    n_train = len(datasets.ImageFolder(str(root / "train")))
    n_val = len(datasets.ImageFolder(str(root / "val")))
    n_classes = len(datasets.ImageFolder(str(root / "train")).classes)
    precision = resolve_precision("auto", torch.device("cpu"), "resnet18")
    cl = resolve_channels_last("auto", torch.device("cpu"), precision)
    seeds = [int(s) for s in args.seeds.split(",")]
    paired = args.order == "paired"
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {n_train} train / {n_val} val images; "
          f"batch {args.batch_size}, {args.epochs} epochs; engine precision {precision}"
          f"{' + channels_last' if cl else ''}; order {args.order}; seeds {seeds}", flush=True)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            speed, lim_ratio, acc_t, acc_e, acc_32 = [], [], [], [], []
            inputs = {} if args.no_limit else {
                "train": real_batches(root, size, args.batch_size, "train", LIMIT_BATCHES),
                "val": real_batches(root, size, args.batch_size, "val", LIMIT_BATCHES)}
            for seed in seeds:
                init = Path(tmp) / f"init-{seed}.pth"
                torch.save(initial_model(seed, n_classes).state_dict(), init)
                tut_s, tut_acc = tutorial(root, size, args.epochs, args.batch_size, seed, paired)
                lims = None if args.no_limit else LimitAroundEpochs(
                    functools.partial(limit, size, args.batch_size, n_train, n_val, precision, cl, inputs), init)
                eng_s, eng_acc = engine(root, size, args.epochs, args.batch_size, seed, tmp,
                                        str(init) if paired else "none", callbacks=lims)
                tut, eng = statistics.fmean(tut_s), statistics.fmean(eng_s)
                speed.append(tut / eng)
                acc_t.append(100 * tut_acc)
                acc_e.append(100 * eng_acc)
                line = (f"{size:4d}px seed {seed}: tutorial {tut:6.1f} s/epoch, engine {eng:6.1f} s/epoch"
                        f" -> engine/tutorial {tut / eng:4.2f}x")
                if lims is not None:
                    lim = statistics.fmean(lims.per_epoch())
                    lim_ratio.append(lim / eng)
                    line += (f"; limit {lim:6.1f} s/epoch ({'/'.join(f'{x:.1f}' for x in lims.samples)})"
                             f" -> engine/limit {lim / eng:4.2f}")
                line += (f" | val acc tutorial {acc_t[-1]:5.1f}%, engine {acc_e[-1]:5.1f}%"
                         f" (diff {acc_e[-1] - acc_t[-1]:+.1f})")
                if args.fp32_check:
                    _, acc = engine(root, size, args.epochs, args.batch_size, seed, tmp,
                                    str(init) if paired else "none", fp32=True)
                    acc_32.append(100 * acc)
                    line += f", engine fp32 {acc_32[-1]:5.1f}%"
                line += (f"  (epochs: tutorial {', '.join(f'{s:.1f}' for s in tut_s)};"
                         f" engine {', '.join(f'{s:.1f}' for s in eng_s)})")
                print(line, flush=True)
            if len(seeds) > 1:
                diff, half = _mean_ci([e - t for e, t in zip(acc_e, acc_t, strict=True)])
                summary = (f"{size:4d}px over {len(seeds)} seeds: engine/tutorial {statistics.fmean(speed):4.2f}x"
                           f" (min {min(speed):4.2f})")
                if lim_ratio:
                    summary += f"; engine/limit {statistics.fmean(lim_ratio):4.2f} (min {min(lim_ratio):4.2f})"
                summary += (f" | val acc tutorial {statistics.fmean(acc_t):5.1f}%, engine {statistics.fmean(acc_e):5.1f}%;"
                            f" engine - tutorial {diff:+.2f} points (95% CI {diff - half:+.2f} to {diff + half:+.2f});"
                            f" {sum(abs(e - t) <= 1.0 for e, t in zip(acc_e, acc_t, strict=True))}/{len(seeds)}"
                            " seeds within 1 point")
                if acc_32:
                    d32, h32 = _mean_ci([e - t for e, t in zip(acc_32, acc_t, strict=True)])
                    summary += f"; fp32 engine - tutorial {d32:+.2f} (95% CI {d32 - h32:+.2f} to {d32 + h32:+.2f})"
                print(summary, flush=True)
            mean_diff = statistics.fmean(e - t for e, t in zip(acc_e, acc_t, strict=True))
            ok &= _verdict(f"{size}px engine/tutorial >= {TARGET_SPEEDUP}x", statistics.fmean(speed) >= TARGET_SPEEDUP,
                           f"{statistics.fmean(speed):.2f}x over {len(seeds)} seed(s)")
            if lim_ratio:
                ok &= _verdict(f"{size}px engine/limit >= {TARGET_LIMIT}", statistics.fmean(lim_ratio) >= TARGET_LIMIT,
                               f"{statistics.fmean(lim_ratio):.2f} over {len(seeds)} seed(s)")
            if paired:
                ok &= _verdict(f"{size}px accuracy, engine - tutorial >= -{TARGET_ACC_POINTS:.0f} point",
                               mean_diff >= -TARGET_ACC_POINTS,
                               f"{mean_diff:+.1f} points, mean over {len(seeds)} paired seed(s)"
                               + ("; one seed is noise, use --seeds 0,1,2" if len(seeds) == 1 else ""))
            else:
                print("  accuracy not checked: --order shuffle runs are not paired", flush=True)
    print(f"-> exit {0 if ok else 1}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
