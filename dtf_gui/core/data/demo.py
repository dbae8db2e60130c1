"""The bundled demo dataset: scikit-learn's handwritten digits written as an ImageFolder tree.

No download: ``sklearn.datasets.load_digits`` ships its 1,797 real 8×8 images inside the package. They are
written as **8-bit grayscale PNGs (mode L) on purpose**: the first thing a user sees in the pipeline
inspector is that their "image" is one channel of uint8, and that the loader turns it into RGB.

Layout::

    OUT/.dtf_demo.json          marker (what was written, with which settings)
    OUT/train/<digit>/NNNN.png  NNNN = index in load_digits, so a file always keeps its name
    OUT/val/<digit>/NNNN.png

The output is deterministic: the same arguments give the same bytes every time.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from dtf_gui.core.errors import DataError
from dtf_gui.core.fileio import atomic_write_json
from dtf_gui.core.messages import msg

MARKER = ".dtf_demo.json"
DEMO_KIND = "dtf_gui demo_digits"
DEMO_VERSION = 1
DEMO_FOLDER_NAME = "demo_digits"
# Bilinear upscaling: smooth strokes that still look like the 8×8 originals (nearest gives hard blocks).
RESAMPLE = Image.Resampling.BILINEAR


def user_data_dir() -> Path:
    """Where dtf_gui keeps user data: ``$DTF_DATA_DIR``, else ``%APPDATA%\\dtf_gui`` on Windows, else
    ``$XDG_DATA_HOME/dtf_gui``, else ``~/.local/share/dtf_gui``."""
    explicit = os.environ.get("DTF_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "dtf_gui"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "dtf_gui"


def read_marker(folder: str | Path) -> dict[str, Any] | None:
    """The demo marker of ``folder`` as a dict, or None when the folder is not a demo dataset."""
    path = Path(folder) / MARKER
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("kind") != DEMO_KIND:
        return None
    return data


def _split_indices(labels: np.ndarray, val_fraction: float, seed: int) -> np.ndarray:
    """Boolean mask of the val images: stratified, seeded, the same on every machine."""
    from sklearn.model_selection import train_test_split

    idx = np.arange(len(labels))
    is_val = np.zeros(len(labels), dtype=bool)
    if val_fraction <= 0:
        return is_val
    _, val_idx = train_test_split(idx, test_size=val_fraction, stratify=labels, random_state=seed)
    is_val[val_idx] = True
    return is_val


def _png_bytes(pixels: np.ndarray, size: int) -> bytes:
    img = Image.fromarray(pixels)  # 2-D uint8 -> mode L
    if size != pixels.shape[0]:
        img = img.resize((size, size), RESAMPLE)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check_target(out: Path) -> dict[str, Any] | None:
    """Refuse a folder that holds anything but an earlier demo; return that demo's marker if any."""
    if out.exists() and not out.is_dir():
        raise DataError(msg("scan.demo_target_is_file", path=str(out)), out)
    if not out.exists():
        return None
    marker = read_marker(out)
    if marker is not None:
        return marker
    if any(out.iterdir()):
        raise DataError(msg("scan.demo_target_not_empty", path=str(out)), out)
    return None


def write_demo_dataset(out: str | Path, size: int = 32, val_fraction: float = 0.2, seed: int = 0) -> Path:
    """Write the digits as ``out/train/<class>/*.png`` and ``out/val/<class>/*.png``; return ``out``.

    Parameters
    ----------
    out
        Target folder: new, empty, or an earlier demo dataset (its ``train``/``val`` folders are
        replaced). Any other non-empty folder is refused, so a user's files are never overwritten.
    size
        Side of the square PNGs in pixels (the originals are 8×8; upscaled bilinearly).
    val_fraction
        Share of each class that goes to ``val`` (stratified, 0.2 gives 360 of 1,797).
    seed
        Seed of the split.
    """
    out = Path(out).expanduser()
    if not isinstance(size, int) or isinstance(size, bool) or not 8 <= size <= 1024:
        raise DataError(msg("scan.demo_bad_size", value=repr(size)))
    if not 0.0 <= float(val_fraction) < 1.0:
        raise DataError(msg("scan.demo_bad_val_fraction", value=repr(val_fraction)))
    _check_target(out)

    from sklearn.datasets import load_digits

    digits = load_digits()
    images = np.asarray(digits.images, dtype=np.float64)  # 0..16
    labels = np.asarray(digits.target, dtype=np.int64)
    pixels = np.clip(np.rint(images * (255.0 / 16.0)), 0, 255).astype(np.uint8)
    is_val = _split_indices(labels, float(val_fraction), int(seed))

    settings = {"size": size, "val_fraction": float(val_fraction), "seed": int(seed)}
    counts: dict[str, dict[str, int]] = {"train": {}, "val": {}}
    out.parent.mkdir(parents=True, exist_ok=True)
    # Build the whole tree in a hidden sibling folder, then move it into place: a crash never leaves a
    # half-written demo behind, and one rename is far cheaper than an fsync per PNG.
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; the demo is ordinary data
        for split in ("train", "val"):
            for cls in range(10):
                (staging / split / str(cls)).mkdir(parents=True)
        for i, (img, label) in enumerate(zip(pixels, labels, strict=True)):
            split = "val" if is_val[i] else "train"
            cls = str(int(label))
            (staging / split / cls / f"{i:04d}.png").write_bytes(_png_bytes(img, size))
            counts[split][cls] = counts[split].get(cls, 0) + 1
        counts = {s: dict(sorted(c.items(), key=lambda kv: int(kv[0]))) for s, c in counts.items()}
        marker = {"kind": DEMO_KIND, "version": DEMO_VERSION, **settings, "complete": True,
                  "counts": counts, "source": "sklearn.datasets.load_digits", "mode": "L"}
        if not out.exists() or (out.is_dir() and not any(out.iterdir())):
            if out.exists():
                out.rmdir()
            atomic_write_json(staging / MARKER, marker)
            os.replace(staging, out)
        else:  # an earlier demo: swap only the folders it wrote, then the marker
            atomic_write_json(out / MARKER, {**marker, "complete": False})
            for split in ("train", "val"):
                if (out / split).exists():
                    shutil.rmtree(out / split)
                os.replace(staging / split, out / split)
            atomic_write_json(out / MARKER, marker)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out


def ensure_demo_dataset(folder: str | Path | None = None, size: int = 32) -> Path:
    """Return a ready demo dataset, writing it only when missing, incomplete or of another size.

    The default folder is ``user_data_dir() / "demo_digits"``, so the app and the tests can call this
    at every start for the price of reading one small JSON file.
    """
    target = Path(folder).expanduser() if folder is not None else user_data_dir() / DEMO_FOLDER_NAME
    marker = read_marker(target)
    if (
        marker is not None
        and marker.get("complete") is True
        and marker.get("version") == DEMO_VERSION
        and marker.get("size") == size
        and marker.get("val_fraction") == 0.2
        and marker.get("seed") == 0
    ):
        return target
    return write_demo_dataset(target, size=size)
