"""Training throughput: the engine vs the PyTorch tutorial's own loop vs the compute limit.

    python bench/train_throughput.py [--sizes 224,112] [--epochs 3] [--batch-size 32]

On the demo digits (1,437 train / 360 val images), resnet18 from scratch with a new 10-class fc, Adam 1e-3,
cross-entropy, the same batch size and epochs everywhere:

* tutorial: ``ImageFolder`` + ``Resize/ToTensor/Normalize``, ``DataLoader(shuffle=True)`` with its defaults,
  fp32, a val pass each epoch -- the loop from the PyTorch transfer-learning tutorial;
* engine: ``dtf_gui.core.training.engine.train`` with the same pipeline and settings, precision and
  channels_last on "auto" (bf16 autocast + channels_last for resnet on CPUs with native bf16), the
  decode-once cache on "auto";
* limit: the same model at the engine's precision and memory format, training on one in-memory batch
  (and a forward pass per val batch) -- what the hardware gives with no data loading at all.

The three run in one process, alternating (limit, tutorial, engine, limit) at each size; the limit is the
mean of the two measurements around the others. Printed: seconds per epoch (train + val), the ratios
engine/tutorial and engine/limit, and the final val accuracy of tutorial and engine.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

import torch
import torchvision
from torch import nn
from torchvision import datasets, transforms

from dtf_gui.core.config import RunConfig
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec
from dtf_gui.core.training.engine import resolve_channels_last, resolve_precision, train

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def tutorial(root: Path, size: int, epochs: int, bs: int, seed: int) -> tuple[list[float], float]:
    torch.manual_seed(seed)
    tf = transforms.Compose([transforms.Resize((size, size)), transforms.ToTensor(),
                             transforms.Normalize(MEAN, STD)])
    train_ds = datasets.ImageFolder(str(root / "train"), tf)
    val_ds = datasets.ImageFolder(str(root / "val"), tf)
    loaders = {"train": torch.utils.data.DataLoader(train_ds, batch_size=bs, shuffle=True),
               "val": torch.utils.data.DataLoader(val_ds, batch_size=bs, shuffle=False)}
    model = torchvision.models.resnet18(weights=None)
    model.fc = nn.Linear(model.fc.in_features, len(train_ds.classes))
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    seconds, acc = [], 0.0
    for _epoch in range(epochs):
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


def engine(root: Path, size: int, epochs: int, bs: int, seed: int, runs: str) -> tuple[list[float], float, str]:
    steps = PipelineSpec.of(("Resize", {"size": [size, size]}), ("ToImage", {}),
                            ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", {"mean": MEAN, "std": STD}))
    cfg = RunConfig(pipeline=PipelineDocument(train=steps, val=steps)).with_overrides({
        "data.root": str(root), "model.arch": "resnet18", "model.weights": "none", "train.epochs": epochs,
        "train.batch_size": bs, "train.lr": 1e-3, "train.optimizer": "adam", "train.weight_decay": 0.0,
        "train.schedule": "none", "device": "cpu", "precision": "auto", "channels_last": "auto",
        "workers": 0, "seed": seed, "runs_dir": runs,
    })
    r = train(cfg)
    return [h["seconds"] for h in r.history], r.final_val_acc, f"{r.run_dir}"


def limit(size: int, bs: int, n_train: int, n_val: int, precision: str, channels_last: bool,
          sample_batches: int) -> float:
    """Seconds per epoch (train steps + val forwards) on an in-memory batch, extrapolated from a sample."""
    model = torchvision.models.resnet18(weights=None)
    model.fc = nn.Linear(model.fc.in_features, 10)
    x = torch.randn(bs, 3, size, size)
    y = torch.randint(0, 10, (bs,))
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    amp = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)

    def ctx():
        return torch.autocast("cpu", dtype=amp) if amp is not None else torch.autocast("cpu", enabled=False)

    def step() -> None:
        with ctx():
            out = model(x)
        loss = nn.functional.cross_entropy(out.float(), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    model.train()
    step()
    t0 = time.perf_counter()
    for _ in range(sample_batches):
        step()
    per_train = (time.perf_counter() - t0) / sample_batches
    model.eval()
    with torch.no_grad(), ctx():
        model(x)
        t0 = time.perf_counter()
        for _ in range(max(2, sample_batches // 4)):
            model(x)
        per_val = (time.perf_counter() - t0) / max(2, sample_batches // 4)
    return per_train * math.ceil(n_train / bs) + per_val * math.ceil(n_val / bs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="224,112")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit-batches", type=int, default=12, help="batches timed for the limit (extrapolated)")
    ap.add_argument("--data", help="ImageFolder root with train/ and val/ (default: the demo digits)")
    args = ap.parse_args()
    root = Path(args.data) if args.data else ensure_demo_dataset()
    n_train = sum(1 for p in (root / "train").rglob("*.png"))
    n_val = sum(1 for p in (root / "val").rglob("*.png"))
    precision = resolve_precision("auto", torch.device("cpu"), "resnet18")
    cl = resolve_channels_last("auto", torch.device("cpu"), precision)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {n_train} train / {n_val} val images; "
          f"batch {args.batch_size}, {args.epochs} epochs; engine precision {precision}"
          f"{' + channels_last' if cl else ''}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as runs:
        for size in [int(s) for s in args.sizes.split(",")]:
            lim_a = limit(size, args.batch_size, n_train, n_val, precision, cl, args.limit_batches)
            tut_s, tut_acc = tutorial(root, size, args.epochs, args.batch_size, args.seed)
            eng_s, eng_acc, _ = engine(root, size, args.epochs, args.batch_size, args.seed, runs)
            lim_b = limit(size, args.batch_size, n_train, n_val, precision, cl, args.limit_batches)
            lim = (lim_a + lim_b) / 2
            tut, eng = sum(tut_s) / len(tut_s), sum(eng_s) / len(eng_s)
            rows.append((size, tut, eng, lim, tut_acc, eng_acc))
            print(f"{size:4d}px  tutorial {tut:7.1f} s/epoch  engine {eng:7.1f} s/epoch  limit {lim:7.1f} s/epoch"
                  f"  | engine/tutorial {tut / eng:4.2f}x  engine/limit {lim / eng:4.2f}"
                  f"  | val acc tutorial {100 * tut_acc:5.1f}%  engine {100 * eng_acc:5.1f}%"
                  f"  (epochs: tutorial {', '.join(f'{s:.1f}' for s in tut_s)}; engine {', '.join(f'{s:.1f}' for s in eng_s)};"
                  f" limit {lim_a:.1f}/{lim_b:.1f})", flush=True)
    print("targets: engine/tutorial >= 1.5x at equal accuracy (within 1 point); engine/limit >= 0.95")


if __name__ == "__main__":
    main()
