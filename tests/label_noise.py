"""Seeded label noise for the label-error finder's tests and bench: copy a dataset, file some of its train
images under the wrong class (the file moves to another class folder, as a careless labeller would)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}


def flip_labels(src_root: str | Path, dst_root: str | Path, fraction: float, seed: int
                ) -> list[tuple[Path, str, str]]:
    """Copy ``src_root`` (``train/<class>/*`` [+ ``val/``], or ``<class>/*``) to ``dst_root`` and move a seeded
    ``fraction`` of the train images (at least one) each into a randomly chosen other class folder.

    Returns ``[(new path, true class, given class)]`` sorted by path. The same arguments move the same files.
    """
    src, dst = Path(src_root), Path(dst_root)
    shutil.copytree(src, dst)
    train = dst / "train" if (dst / "train").is_dir() else dst
    classes = sorted(p.name for p in train.iterdir() if p.is_dir() and p.name not in ("val", "train"))
    files = sorted(p for c in classes for p in (train / c).rglob("*")
                   if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    if len(classes) < 2 or not files:
        raise ValueError(f"{src} has no train images in two or more class folders")
    rng = np.random.default_rng(seed)
    n = max(1, round(fraction * len(files)))
    chosen = sorted(rng.choice(len(files), size=n, replace=False).tolist())
    flips: list[tuple[Path, str, str]] = []
    for i in chosen:
        path = files[i]
        true = path.relative_to(train).parts[0]
        given = str(rng.choice([c for c in classes if c != true]))
        target = train / given / path.name
        k = 1
        while target.exists():
            target = train / given / f"{path.stem}-{k}{path.suffix}"
            k += 1
        path.rename(target)
        flips.append((target, true, given))
    return sorted(flips)
