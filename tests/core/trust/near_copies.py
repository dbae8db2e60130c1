"""A tiny dataset with planted near-copies (the near-duplicate tests of the core, the CLI and the Data tab).

Every original is a different picture (random shapes on a random background, 48 px); each planted copy is an
original after one edit the near-duplicate finder must see through: half size, JPEG quality 60, a 90 %
centre crop, brightness +10 % / -10 %.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance

SIZE = 48


def picture(seed: int, size: int = SIZE) -> Image.Image:
    """A distinct RGB picture: a few filled shapes of random colours on a random background."""
    rng = np.random.default_rng(seed)
    img = Image.new("RGB", (size, size), tuple(int(v) for v in rng.integers(0, 256, 3)))
    draw = ImageDraw.Draw(img)
    for _ in range(4):
        x0, y0 = (int(v) for v in rng.integers(0, size - 12, 2))
        x1, y1 = x0 + int(rng.integers(8, size - x0)), y0 + int(rng.integers(8, size - y0))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x0, y0, x1, y1), fill=colour)
    return img


def edit(img: Image.Image, how: str) -> Image.Image:
    if how == "half":
        return img.resize((img.width // 2, img.height // 2), Image.Resampling.BILINEAR)
    if how == "crop":
        w, h = img.size
        return img.crop((round(w * 0.05), round(h * 0.05), round(w * 0.95), round(h * 0.95)))
    if how == "bright":
        return ImageEnhance.Brightness(img).enhance(1.1)
    if how == "dark":
        return ImageEnhance.Brightness(img).enhance(0.9)
    raise ValueError(how)


def write_near_copies(root: Path, n_train: int = 5, n_val: int = 3) -> dict[str, list[tuple[str, str]]]:
    """``root/{train,val}/{a,b}/*``: distinct originals plus planted copies; returns the planted (original, copy)
    pairs by the kind of group they must make: ``within_split``, ``leak`` (train -> val), ``label_conflict``."""
    seed = 0
    for split, n in (("train", n_train), ("val", n_val)):
        for cls in ("a", "b"):
            folder = root / split / cls
            folder.mkdir(parents=True, exist_ok=True)
            for i in range(n):
                seed += 1
                picture(seed).save(folder / f"{cls}{i}.png")

    def plant(src: str, dst: str, how: str) -> tuple[str, str]:
        img = Image.open(root / src).convert("RGB")
        target = root / dst
        if how == "jpeg":
            img.save(target, quality=60)
        else:
            edit(img, how).save(target)
        return str(root / src), str(target)

    return {
        "within_split": [plant("train/a/a0.png", "train/a/a0_half.png", "half"),
                         plant("train/b/b0.png", "train/b/b0_crop.png", "crop"),
                         plant("val/b/b1.png", "val/b/b1_bright.png", "bright")],
        "leak": [plant("train/a/a1.png", "val/a/a1_jpeg.jpg", "jpeg"),
                 plant("train/b/b2.png", "val/b/b2_dark.png", "dark")],
        "label_conflict": [plant("train/a/a2.png", "train/b/a2_crop.png", "crop")],
    }
