"""The training loader: every readable image becomes a correct 3-channel PIL RGB image.

``load_rgb`` is the one place where files turn into what the pipeline receives, so the GUI trace, the
CLI and the training loop all see the same thing. ``make_datasets`` builds train/val datasets from a
``ScanReport``: one class list (train's), val mapped by name, excluded files skipped with one warning that
names them — so a bad file is reported before training instead of crashing at batch 300.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch.utils.data
from PIL import Image, UnidentifiedImageError

from dtf_gui.core.data.scan import FILE_ERRORS, MAX_PIXELS, ScanReport
from dtf_gui.core.errors import DataError
from dtf_gui.core.messages import Message, msg

#: Transparent pixels are composited on this colour (white, as image viewers and browsers show them).
BACKGROUND = (255, 255, 255)
#: At most this many skipped files are named in the warning; the rest are counted.
MAX_LISTED = 50

_EXIF_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class SkippedFilesWarning(UserWarning):
    """Some files of the dataset are left out (listed in the message: ``args[0]`` is a Message)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class LeftOutClassWarning(UserWarning):
    """A class folder with no usable train image is not a class of the run (``args[0]``: the scan's Message)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _composite(img: Image.Image) -> Image.Image:
    rgba = img.convert("RGBA")
    base = Image.new("RGBA", rgba.size, (*BACKGROUND, 255))
    return Image.alpha_composite(base, rgba).convert("RGB")


def _integer_to_rgb(img: Image.Image, path: str | Path) -> Image.Image:
    """16/32-bit integer grayscale to 8 bits by scaling the 16-bit range (never clipping to white)."""
    arr = np.asarray(img)
    if arr.size and (arr.min() < 0 or arr.max() > 65535):
        lo, hi = float(arr.min()), float(arr.max())  # beyond 16 bits: stretch what is there
        arr8 = np.rint((arr.astype(np.float64) - lo) * (255.0 / (hi - lo))).astype(np.uint8)
    else:
        arr8 = np.rint(arr.astype(np.float64) / 257.0).astype(np.uint8)
    return Image.fromarray(arr8).convert("RGB")


def to_rgb(img: Image.Image, path: str | Path = "<image>") -> Image.Image:
    """Convert an opened (frame-selected) PIL image of any mode to RGB; ``DataError`` for float images."""
    mode = img.mode
    if mode == "RGB":
        return img.copy()
    if mode == "F":
        raise DataError(msg("scan.load.float", path=str(path)), path)
    if mode in ("RGBA", "LA", "La", "RGBa", "P", "PA"):  # palette via RGBA keeps its transparency
        return _composite(img)
    if mode.startswith("I;16") or mode == "I":
        return _integer_to_rgb(img, path)
    return img.convert("RGB")  # 1, L, CMYK, YCbCr, LAB, HSV, RGBX


def load_rgb(path: str | Path, *, draft_side: int | None = None) -> Image.Image:
    """Open ``path`` as the pipeline expects it: EXIF-upright, frame 0, 3-channel RGB.

    16-bit images are scaled to 8 bits (not clipped), alpha is composited on ``BACKGROUND``, palette
    images go through RGBA. Raises ``DataError`` (naming the file) for float, undecodable or
    decompression-bomb files. ``draft_side`` lets a JPEG decode at a reduced scale (at least that many
    pixels a side): for display only, never for training.
    """
    path = str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
    except FileNotFoundError as e:
        raise DataError(msg("scan.load.missing", path=path), path) from e
    except Image.DecompressionBombError as e:
        raise DataError(msg("scan.load.too_large", path=path, reason=str(e)), path) from e
    except UnidentifiedImageError as e:
        raise DataError(msg("scan.load.not_image", path=path), path) from e
    except OSError as e:
        raise DataError(msg("scan.load.undecodable", path=path, reason=str(e)), path) from e
    with img:
        w, h = img.size
        if w * h > MAX_PIXELS:
            raise DataError(msg("scan.load.bomb", path=path, size=f"{w}×{h}", pixels=w * h, limit=MAX_PIXELS), path)
        try:
            orientation = img.getexif().get(0x0112)
        except Exception:
            orientation = None
        try:
            if getattr(img, "n_frames", 1) > 1:
                img.seek(0)
            if draft_side and img.format == "JPEG":
                img.draft(img.mode, (draft_side, draft_side))
            img.load()
            rgb = to_rgb(img, path)
        except DataError:
            raise
        except Exception as e:
            raise DataError(msg("scan.load.undecodable", path=path, reason=f"{type(e).__name__}: {e}"), path) from e
    method = _EXIF_TRANSPOSE.get(orientation) if isinstance(orientation, int) else None
    return rgb.transpose(method) if method is not None else rgb


def load_display(path: str | Path, max_side: int | None = None) -> np.ndarray:
    """``path`` as the model receives it (``load_rgb``), as an H×W×3 uint8 array at most ``max_side`` a side.

    Every view of an image in the GUI (thumbnails, gallery, viewers, predictions) draws this, so a 16-bit
    scan, a transparent PNG or a rotated phone photo looks the way the pipeline sees it, never white or
    sideways. Raises ``DataError`` like ``load_rgb``.
    """
    img = load_rgb(path, draft_side=2 * max_side if max_side else None)
    if max_side and max(img.size) > max_side:
        img.thumbnail((max_side, max_side))
    return np.asarray(img, dtype=np.uint8).copy()


class ImageFolderDataset(torch.utils.data.Dataset):
    """(path, class index) samples loaded with ``load_rgb`` and passed through ``transform``.

    Only plain attributes, so it pickles into ``spawn`` DataLoader workers (if the transform does).
    """

    def __init__(self, samples: list[tuple[str, int]], classes: list[str],
                 transform: Callable[[Any], Any] | None = None) -> None:
        self.samples = [(str(p), int(t)) for p, t in samples]
        self.classes = list(classes)
        self.class_to_idx = {c: i for i, c in enumerate(self.classes)}
        self.transform = transform

    @property
    def targets(self) -> list[int]:
        return [t for _, t in self.samples]

    @property
    def paths(self) -> list[str]:
        return [p for p, _ in self.samples]

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, i: int) -> tuple[Any, int]:
        path, target = self.samples[i]
        img = load_rgb(path)
        if self.transform is not None:
            img = self.transform(img)
        return img, target

    def __repr__(self) -> str:
        return f"ImageFolderDataset({len(self.samples)} images, {len(self.classes)} classes)"


def skipped_message(report: ScanReport) -> Message | None:
    """The one warning naming every excluded file (None when nothing is skipped)."""
    skipped = report.excluded()
    if not skipped:
        return None
    lines: list[Message | str] = [msg("scan.file_reason", path=r.path, why=FILE_ERRORS.get(r.error or "", r.error))
                                  for r in skipped[:MAX_LISTED]]
    if len(skipped) > MAX_LISTED:
        lines.append(msg("training.skipped_more", n=len(skipped) - MAX_LISTED, root=report.root))
    return msg("training.skipped", n=len(skipped), root=report.root, files=lines)


def make_datasets(report: ScanReport, train_transform: Callable[[Any], Any] | None,
                  val_transform: Callable[[Any], Any] | None
                  ) -> tuple[ImageFolderDataset, ImageFolderDataset]:
    """Train and val datasets over the usable files of ``report``, indices in ``report.classes`` order.

    Excluded files are skipped with one ``SkippedFilesWarning`` listing them; each class left out of
    ``report.classes`` (no usable train image) is said by a ``LeftOutClassWarning``. Raises ``DataError``
    when the report says training cannot start (fewer than two classes, wrong layout...).
    """
    if not report.can_train():
        blocking = [f.msg for f in report.findings if f.level == "error"]
        reason = blocking[0] if blocking else msg("training.fewer_than_two")
        raise DataError(msg("training.cannot_train", root=report.root, reason=reason), report.root)
    index = {c: i for i, c in enumerate(report.classes)}
    sets = []
    for split, transform in (("train", train_transform), ("val", val_transform)):
        samples = [(r.path, index[r.label]) for r in report.usable(split) if r.label in index]
        sets.append(ImageFolderDataset(samples, report.classes, transform))
    message = skipped_message(report)
    if message:  # the warning carries the Message (str() renders it), so a front end can say it in its language
        warnings.warn(SkippedFilesWarning(message), stacklevel=2)
    if not report.decoded:
        warnings.warn(SkippedFilesWarning(msg("training.not_decoded", root=report.root)), stacklevel=2)
    for f in report.findings:
        if f.code == "empty_class":  # said where training starts too: the run's classes leave it out
            warnings.warn(LeftOutClassWarning(f.msg), stacklevel=2)
    return sets[0], sets[1]
