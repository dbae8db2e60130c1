"""Dataset scan and health report: ImageFolder-compatible class discovery, but safer.

Two passes, so a big folder answers fast and bad files are caught before training, not at batch 300:

1. **Listing** (``os.scandir`` only, no file is opened): layout, classes, per-split files, OS junk
   ignored, files that are not indexed *listed*, zero-byte files and broken symlinks, symlinked folders
   followed but never into a loop.
2. **Decoding** (optional, cancellable, with progress): every file is read, hashed and really decoded
   (``Image.verify()`` misses truncation; ``load()`` does not), giving per-file errors that exclude the
   file, notes about modes/orientation/frames/sizes, and duplicate / train-val leakage groups.

Class indices follow torchvision ImageFolder: one class list, the sorted folder names of *train*; val is
mapped onto it **by name** (two independent ImageFolders silently disagree when a class is missing in one).
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import Cancelled, DataError
from dtf_gui.core.messages import Message, msg, render

JSON_SCHEMA_VERSION = 1

#: Extensions that are indexed (case-insensitive): torchvision's IMG_EXTENSIONS plus ``.gif``.
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp", ".gif")
#: Files and folders that operating systems and tools leave behind; ignored without a finding.
JUNK_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db", "icon\r"})
JUNK_DIRS = frozenset({"__macosx", "$recycle.bin", "system volume information", "@eadir"})
TRAIN_NAMES = ("train", "training")
VAL_NAMES = ("val", "valid", "validation")
TEST_NAMES = ("test", "testing")

#: Files with more pixels than this (width × height, read from the header) are refused as
#: decompression bombs. Same value as Pillow's default ``Image.MAX_IMAGE_PIXELS``.
MAX_PIXELS = 89_478_485
#: Shorter side below this is noted as very small.
TINY_SIDE = 16
#: More pixels than this is noted as huge (slow to decode at every epoch).
HUGE_PIXELS = 6000 * 4000
#: Warn when the largest class has this many times the images of the smallest (train split).
IMBALANCE_WARN_RATIO = 3.0

#: Virtual file systems of the operating system: never a dataset, and endless to walk (``/proc/self/root``
#: leads back to ``/``). The top of the file system itself is refused too (see :func:`system_folder`).
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")
#: ... except the RAM disk, where a dataset is often copied for speed.
NOT_SYSTEM_FOLDERS = ("/dev/shm",)

#: Findings that make ``can_train()`` false.
BLOCKING_CODES = frozenset({"no_class_folders", "did_you_mean_train", "too_few_classes", "val_is_train"})

#: Per-file error codes (the file is excluded) and what they mean to a user (texts: catalogue/scan.py).
FILE_ERRORS: dict[str, Message] = {
    "zero_byte": msg("scan.error.zero_byte"),
    "broken_symlink": msg("scan.error.broken_symlink"),
    "unreadable": msg("scan.error.unreadable"),
    "not_image": msg("scan.error.not_image"),
    "truncated": msg("scan.error.truncated"),
    "corrupt": msg("scan.error.corrupt"),
    "decompression_bomb": msg("scan.error.decompression_bomb", limit=MAX_PIXELS),
    "mode_F": msg("scan.error.mode_F"),
    "unknown_class": msg("scan.error.unknown_class"),
    "excluded_class": msg("scan.error.excluded_class"),
}

#: PIL modes with a note of their own (``scan.mode.<mode>``); every ``I;16*`` variant uses ``scan.mode.I16``.
_MODE_TEXT = frozenset({"1", "L", "LA", "La", "P", "PA", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr", "LAB", "HSV", "I"})


def mode_code(mode: str) -> str:
    """Finding code for a PIL mode: ``mode_L``, ``mode_RGBA``, ``mode_I16`` (all ``I;16*`` variants)."""
    if mode.startswith("I;16"):
        return "mode_I16"
    return "mode_" + "".join(ch for ch in mode if ch.isalnum())


@dataclass
class Finding:
    """One line of the health report. ``paths`` lists every file a grouped finding is about."""

    level: str  # "error" | "warning" | "note"
    code: str
    msg: Message | str  # rendered by ``message`` in the current language
    path: str | None = None
    split: str | None = None
    paths: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return render(self.msg)

    def to_json(self) -> dict[str, Any]:
        """The finding with its English text (``message``) and the message as data (``msg``: code, params)."""
        return {"level": self.level, "code": self.code, "message": render(self.msg, "en"),
                "msg": _message_json(self.msg), "path": self.path, "split": self.split, "paths": list(self.paths)}


def _message_json(m: Message | str) -> dict[str, Any]:
    return m.to_json() if isinstance(m, Message) else {"code": None, "params": {}}


@dataclass
class FileRecord:
    """One indexed file. ``error`` is the code of the reason it is excluded (see FILE_ERRORS)."""

    path: str
    split: str
    label: str
    size_bytes: int
    width: int | None = None
    height: int | None = None
    mode: str | None = None
    format: str | None = None
    exif_orientation: int | None = None
    n_frames: int | None = None
    sha1: str | None = None
    error: str | None = None
    error_detail: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ScanReport:
    root: str
    layout: str  # "splits" | "single" | "split_generated" | "val_root" (train from root, val from a chosen folder)
    classes: list[str]
    splits: dict[str, list[FileRecord]]
    findings: list[Finding]
    unindexed: list[str]
    decoded: bool
    ignored_junk: int = 0
    val_root: str | None = None  # the val split's own folder, when it was chosen apart from root
    #: split -> the folder that holds its class folders (a generated val split has none of its own): a file's
    #: class folder is ``<that folder>/<label>``, the place curation moves relabelled files to.
    split_dirs: dict[str, str] = field(default_factory=dict)
    #: Class folders with no usable train image: not in ``classes`` (no head is made for a class that
    #: cannot be learnt), each reported by an ``empty_class`` warning that says how to include it.
    left_out: list[str] = field(default_factory=list)
    #: The classes of ``left_out`` that the user excluded (``data.exclude_classes``), each with an
    #: ``excluded_class`` note; their files carry the ``excluded_class`` error.
    excluded_classes: list[str] = field(default_factory=list)

    @property
    def uses_val_fraction(self) -> bool:
        """True when the val split is (or would be) a share of train: a new val fraction needs a new scan."""
        return self.layout in ("single", "split_generated")

    def usable(self, split: str) -> list[FileRecord]:
        """Records of ``split`` that the loader will use (no error)."""
        return [r for r in self.splits.get(split, []) if r.error is None]

    def excluded(self) -> list[FileRecord]:
        """Every record that was found but will not be used, with its ``error`` code."""
        return [r for recs in self.splits.values() for r in recs if r.error is not None]

    def counts(self) -> dict[str, dict[str, int]]:
        """split -> class -> usable count; train classes always present (0 when empty)."""
        out: dict[str, dict[str, int]] = {}
        for split, recs in self.splits.items():
            c: dict[str, int] = dict.fromkeys(self.classes, 0)
            for r in recs:
                if r.error is None and r.label in c:
                    c[r.label] += 1
            out[split] = c
        return out

    def imbalance_ratio(self) -> float | None:
        """Largest / smallest usable train class count, over classes that have images."""
        n = [v for v in self.counts().get("train", {}).values() if v > 0]
        if len(n) < 2:
            return None
        return max(n) / min(n)

    def can_train(self) -> bool:
        """True when at least two classes have usable train images and no finding blocks training."""
        if any(f.level == "error" and f.code in BLOCKING_CODES for f in self.findings):
            return False
        return sum(1 for v in self.counts().get("train", {}).values() if v > 0) >= 2

    def by_level(self, level: str) -> list[Finding]:
        return [f for f in self.findings if f.level == level]

    def summary(self) -> dict[str, Any]:
        """Modes, formats and sizes of the usable decoded files (empty before decoding)."""
        recs = [r for split in self.splits for r in self.usable(split) if r.width is not None]
        modes = Counter(r.mode for r in recs)
        formats = Counter(r.format for r in recs)
        sizes = Counter((r.width, r.height) for r in recs)
        by_area = sorted(sizes, key=lambda s: (s[0] * s[1], s))
        return {
            "files": len(recs),
            "modes": dict(modes.most_common()),
            "formats": dict(formats.most_common()),
            "min_size": list(by_area[0]) if by_area else None,
            "max_size": list(by_area[-1]) if by_area else None,
            "distinct_sizes": len(sizes),
            "common_sizes": [[w, h, n] for (w, h), n in sizes.most_common(5)],
        }

    def to_json(self) -> dict[str, Any]:
        """The ``dtf scan --json`` document (schema in the README)."""
        ratio = self.imbalance_ratio()
        return {
            "schema_version": JSON_SCHEMA_VERSION,
            "root": self.root,
            "layout": self.layout,
            "val_root": self.val_root,
            "decoded": self.decoded,
            "can_train": self.can_train(),
            "classes": list(self.classes),
            "left_out": list(self.left_out),
            "counts": self.counts(),
            "imbalance_ratio": None if ratio is None else round(ratio, 4),
            "summary": self.summary(),
            "findings": [f.to_json() for f in self.findings],
            "unindexed": list(self.unindexed),
            "excluded": [{"path": r.path, "split": r.split, "error": r.error} for r in self.excluded()],
            "ignored_junk": self.ignored_junk,
            "files": {split: [r.to_json() for r in recs] for split, recs in self.splits.items()},
        }


# ------------------------------------------------------------------------------------------------
# listing pass


def _is_junk(name: str, is_dir: bool) -> bool:
    low = name.lower()
    if name.startswith("."):  # hidden: .DS_Store, ._resource_forks, .ipynb_checkpoints, .git ...
        return True
    return low in JUNK_DIRS if is_dir else low in JUNK_FILES


def system_folder(path: str | os.PathLike[str]) -> str | None:
    """The real path of ``path`` when it is the top of a file system tree (``/``, a drive) or inside
    /proc, /sys or /dev; else None. Such a folder is never a dataset, and walking it would not end."""
    real = os.path.realpath(path)
    if os.path.dirname(real) == real:
        return real
    def under(folders: tuple[str, ...]) -> bool:
        return any(real == f or real.startswith(f + "/") for f in folders)

    if os.name == "posix" and under(SYSTEM_FOLDERS) and not under(NOT_SYSTEM_FOLDERS):
        return real
    return None


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symlinks, like ImageFolder
    except OSError:
        return False


class _Lister:
    def __init__(self, stop: StopToken | None = None) -> None:
        self.stop = stop  # checked at every folder: a big tree that is not a dataset can be stopped
        self.unindexed: list[str] = []
        self.findings: list[Finding] = []
        self.ignored = 0
        self._visited: set[str] = set()
        # (code, split) -> paths, for the grouped warnings about files that are not indexed
        self.skipped: dict[tuple[str, str | None], list[str]] = defaultdict(list)

    def reset_visited(self) -> None:
        self._visited = set()

    def entries(self, folder: str) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name)
        except OSError as e:
            self.findings.append(Finding("warning", "unreadable_folder",
                                         msg("scan.unreadable_folder", folder=folder, reason=e.strerror), folder))
            return []

    def split_folder(self, folder: str, split: str) -> tuple[list[str], list[str]]:
        """Class folder names and loose (non-junk) files directly inside a split folder."""
        classes: list[str] = []
        loose: list[str] = []
        for e in self.entries(folder):
            is_dir = _is_dir(e)
            if _is_junk(e.name, is_dir):
                self.ignored += 1
            elif is_dir:
                classes.append(e.name)
            else:
                loose.append(e.path)
        return classes, loose

    def walk_class(self, folder: str, split: str, label: str, ancestors: frozenset[str],
                   out: list[FileRecord]) -> None:
        """Index every file under ``folder`` (recursively, like ImageFolder), never looping."""
        if self.stop is not None and self.stop.stop_requested:
            raise Cancelled(msg("scan.cancelled"))
        real = os.path.realpath(folder)
        if system_folder(real) is not None:
            self.findings.append(Finding("warning", "system_folder", msg(
                "scan.system_folder", path=folder, real=real), folder, split))
            return
        if real in ancestors:
            self.findings.append(Finding("warning", "symlink_loop",
                                         msg("scan.symlink_loop_ancestor", folder=folder), folder, split))
            return
        if real in self._visited:
            self.findings.append(Finding("warning", "symlink_loop",
                                         msg("scan.symlink_loop_visited", folder=folder, real=real), folder, split))
            return
        self._visited.add(real)
        inner = ancestors | {real}
        for e in self.entries(folder):
            is_dir = _is_dir(e)
            if _is_junk(e.name, is_dir):
                self.ignored += 1
                continue
            if is_dir:
                self.walk_class(e.path, split, label, inner, out)
                continue
            self.file(e, split, label, out)

    def file(self, e: os.DirEntry[str], split: str, label: str, out: list[FileRecord]) -> None:
        try:
            is_file = e.is_file()
        except OSError:
            is_file = False
        if not is_file:
            try:
                is_link = e.is_symlink()
            except OSError:
                is_link = False
            if is_link and not os.path.exists(e.path):
                try:
                    target = os.readlink(e.path)
                except OSError as err:  # /proc/1/cwd (EACCES), /dev/fd/N gone since the listing (ENOENT)
                    out.append(FileRecord(e.path, split, label, 0, error="unreadable", error_detail=err.strerror))
                    return
                out.append(FileRecord(e.path, split, label, 0, error="broken_symlink",
                                      error_detail=target))
            else:
                self.unindexed.append(e.path)
                self.skipped[("special_file", split)].append(e.path)
            return
        ext = os.path.splitext(e.name)[1].lower()
        if not ext:
            self.unindexed.append(e.path)
            self.skipped[("no_extension", split)].append(e.path)
            return
        if ext not in IMAGE_EXTENSIONS:
            self.unindexed.append(e.path)
            self.skipped[("unsupported_extension", split)].append(e.path)
            return
        try:
            size = e.stat().st_size
        except OSError as err:
            out.append(FileRecord(e.path, split, label, 0, error="unreadable", error_detail=err.strerror))
            return
        out.append(FileRecord(e.path, split, label, size, error="zero_byte" if size == 0 else None))

    def grouped_skips(self) -> None:
        for (code, split), paths in self.skipped.items():
            exts = ", ".join(f"{x} ×{n}" for x, n in
                             Counter(os.path.splitext(p)[1].lower() for p in paths).most_common())
            text = msg(f"scan.skip.{code}", n=len(paths), where=_where(split), exts=exts,
                       readable=" ".join(IMAGE_EXTENSIONS), paths=_list_paths(paths))
            self.findings.append(Finding("warning", code, text, paths[0], split, list(paths)))


def _where(split: str | None) -> Message:
    """A split's name in a sentence ("in train", "in the dataset folder")."""
    return msg(f"scan.where.{split}" if split in ("train", "val") else "scan.where.root")


def _list_paths(paths: list[str], limit: int = 5) -> Message | str:
    shown = ", ".join(paths[:limit])
    return msg("scan.list_more", shown=shown, n=len(paths) - limit) if len(paths) > limit else shown


def _find_named(names: list[str], candidates: tuple[str, ...]) -> str | None:
    low = {n.lower(): n for n in names}
    for c in candidates:
        if c in low:
            return low[c]
    return None


def _sibling_val(folder: str) -> str | None:
    """The ``val/`` next to a picked ``train/`` folder (``data/train`` -> ``data/val``), if there is one."""
    if os.path.basename(folder).lower() not in TRAIN_NAMES:
        return None
    parent = os.path.dirname(folder)
    try:
        names = [e.name for e in os.scandir(parent) if _is_dir(e)]
    except OSError:
        return None
    name = _find_named(names, VAL_NAMES)
    return os.path.join(parent, name) if name else None


def _chosen_val(val_root: str | Path, findings: list[Finding]) -> str:
    """The folder of val class folders that ``val_root`` names (its ``val/`` when it is a dataset folder)."""
    path = Path(val_root).expanduser()
    if not path.exists():
        raise DataError(msg("scan.val_root_missing", path=str(path)), path)
    if not path.is_dir():
        raise DataError(msg("scan.val_root_is_file", path=str(path)), path)
    folder = os.path.abspath(path)
    try:
        names = [e.name for e in os.scandir(folder) if _is_dir(e) and not _is_junk(e.name, True)]
    except OSError as e:
        raise DataError(msg("scan.val_root_unreadable", path=folder, reason=e.strerror), folder) from e
    inner = _find_named(names, VAL_NAMES)
    if inner and all(n.lower() in TRAIN_NAMES + VAL_NAMES + TEST_NAMES for n in names):
        findings.append(Finding("note", "val_folder_inner", msg("scan.val_folder_inner", folder=folder, inner=inner),
                                os.path.join(folder, inner)))
        folder = os.path.join(folder, inner)
    return folder


def _generate_val(records: list[FileRecord], val_fraction: float, seed: int) -> None:
    """Move a stratified, seeded share of each class to val (in place; errors stay in train)."""
    by_class: dict[str, list[FileRecord]] = defaultdict(list)
    for r in records:
        if r.error is None:
            by_class[r.label].append(r)
    for label in sorted(by_class):
        recs = sorted(by_class[label], key=lambda r: r.path)
        n = len(recs)
        n_val = round(n * val_fraction)
        n_val = min(max(n_val, 1 if n >= 2 else 0), n - 1) if n else 0
        random.Random(f"{seed}:{label}").shuffle(recs)
        for r in recs[:n_val]:
            r.split = "val"


# ------------------------------------------------------------------------------------------------
# decode pass


def _decode(rec: FileRecord, stop: StopToken | None) -> None:
    """Read, hash and fully decode one file, filling the record in place (runs in a worker thread)."""
    if stop is not None and stop.wait_if_paused():
        return
    try:
        with open(rec.path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        rec.error, rec.error_detail = "unreadable", e.strerror
        return
    rec.sha1 = hashlib.sha1(data).hexdigest()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as e:
        rec.error, rec.error_detail = "decompression_bomb", str(e)
        return
    except UnidentifiedImageError:
        rec.error = "not_image"
        return
    except Exception as e:  # a header Pillow recognises but cannot parse
        rec.error = "truncated" if isinstance(e, EOFError) or "truncated" in str(e).lower() else "corrupt"
        rec.error_detail = f"{type(e).__name__}: {e}"
        return
    with img:
        rec.width, rec.height = img.size
        rec.mode, rec.format = img.mode, img.format
        rec.n_frames = int(getattr(img, "n_frames", 1) or 1)
        try:
            orientation = img.getexif().get(0x0112)
            rec.exif_orientation = int(orientation) if orientation is not None else None
        except Exception:
            rec.exif_orientation = None
        if rec.width * rec.height > MAX_PIXELS:
            rec.error = "decompression_bomb"
            rec.error_detail = f"{rec.width}×{rec.height} = {rec.width * rec.height:,} px"
            return
        if img.mode == "F":
            rec.error = "mode_F"
            return
        if img.format == "JPEG":  # decode at 1/8 scale: the whole stream is still parsed, 10× faster
            img.draft(img.mode, (max(1, rec.width // 8), max(1, rec.height // 8)))
        try:
            img.load()
        except EOFError as e:
            rec.error, rec.error_detail = "truncated", str(e) or "unexpected end of file"
        except Exception as e:
            text = str(e)
            rec.error = "truncated" if "truncated" in text.lower() else "corrupt"
            rec.error_detail = f"{type(e).__name__}: {text}"


def _decode_all(records: list[FileRecord], progress: Progress | None, stop: StopToken | None,
                workers: int) -> None:
    total = len(records)
    if progress is not None:
        progress(0, total)
    if total == 0:
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_decode, r, stop) for r in records]
        try:
            for done, fut in enumerate(futures, 1):
                if stop is not None and stop.stop_requested:
                    raise Cancelled(msg("scan.cancelled"))
                fut.result()
                if progress is not None:
                    progress(done, total)
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    if stop is not None and stop.stop_requested:
        raise Cancelled(msg("scan.cancelled"))


# ------------------------------------------------------------------------------------------------
# findings after the passes


def _file_error_findings(report: ScanReport) -> list[Finding]:
    out = []
    for r in report.excluded():
        if r.error in ("unknown_class", "excluded_class"):
            continue  # reported once per class
        why = FILE_ERRORS.get(r.error or "", r.error or "")
        detail: Message | str | None = r.error_detail
        if r.error == "broken_symlink" and detail:
            detail = msg("scan.detail.points_to", target=detail)
        text = (msg("scan.file_excluded_detail", path=r.path, why=why, detail=detail) if detail
                else msg("scan.file_excluded", path=r.path, why=why))
        out.append(Finding("error", r.error or "error", text, r.path, r.split))
    return out


def _file_note_findings(report: ScanReport) -> list[Finding]:
    recs = [r for split in report.splits for r in report.usable(split) if r.width is not None]
    out: list[Finding] = []
    total = len(recs)
    by_mode: dict[str, list[FileRecord]] = defaultdict(list)
    for r in recs:
        if r.mode != "RGB":
            by_mode[r.mode or "?"].append(r)
    for mode, group in sorted(by_mode.items(), key=lambda kv: -len(kv[1])):
        share = msg("scan.share_all") if len(group) == total else msg("scan.share_some", n=len(group), total=total)
        if mode.startswith("I;16"):
            text = msg("scan.mode.I16", mode=mode)
        elif mode in _MODE_TEXT:
            text = msg(f"scan.mode.{mode}")
        else:
            text = msg("scan.mode.other", mode=mode)
        paths = [r.path for r in group]
        out.append(Finding("note", mode_code(mode), msg("scan.mode_note", n=len(group), share=share, text=text),
                           paths[0], None, paths))

    def group(code: str, pred: Callable[[FileRecord], bool], **params: Any) -> None:
        hit = [r.path for r in recs if pred(r)]
        if hit:
            out.append(Finding("note", code, msg(f"scan.note.{code}", n=len(hit), paths=_list_paths(hit), **params),
                               hit[0], None, hit))

    group("exif_orientation", lambda r: r.exif_orientation not in (None, 1))
    group("animated", lambda r: (r.n_frames or 1) > 1)
    group("tiny", lambda r: min(r.width or 0, r.height or 0) < TINY_SIDE, side=TINY_SIDE)
    group("huge", lambda r: (r.width or 0) * (r.height or 0) > HUGE_PIXELS, mp=HUGE_PIXELS / 1e6)
    return out


def _duplicate_findings(report: ScanReport) -> list[Finding]:
    by_hash: dict[str, list[FileRecord]] = defaultdict(list)
    for split in report.splits:
        for r in report.usable(split):
            if r.sha1:
                by_hash[r.sha1].append(r)
    out = []
    for recs in by_hash.values():
        if len(recs) < 2:
            continue
        paths = [r.path for r in recs]
        splits = {r.split for r in recs}
        labels = sorted({r.label for r in recs})
        shown = "; ".join(f"{r.split}/{r.label}: {r.path}" for r in recs[:6])
        where = msg("scan.list_more", shown=shown, n=len(recs) - 6) if len(recs) > 6 else shown
        if {"train", "val"} <= splits:
            out.append(Finding("warning", "leakage", msg("scan.leakage", where=where), paths[0], None, paths))
        else:
            text = (msg("scan.duplicate_labels", n=len(recs), labels=", ".join(labels), where=where)
                    if len(labels) > 1 else msg("scan.duplicate", n=len(recs), where=where))
            out.append(Finding("warning", "duplicate", text, paths[0], recs[0].split, paths))
    return out


def _class_findings(report: ScanReport, val_names: list[str], has_val: bool) -> list[Finding]:
    out = []
    counts = report.counts()
    train = counts.get("train", {})
    train_dir = report.split_dirs.get("train", report.root)
    for cls in report.classes:
        if train.get(cls, 0) == 0:
            n_found = sum(1 for r in report.splits["train"] if r.label == cls)
            n_val = sum(1 for r in report.splits.get("val", []) if r.label == cls and r.error is None)
            why = msg("scan.empty_class.excluded", n=n_found) if n_found else msg("scan.empty_class.no_files")
            folder = os.path.join(train_dir, cls)
            text = (msg("scan.empty_class_val", cls=cls, why=why, folder=folder, n_val=n_val) if n_val
                    else msg("scan.empty_class", cls=cls, why=why, folder=folder))
            out.append(Finding("warning", "empty_class", text, folder, "train"))
    if has_val:
        val = counts.get("val", {})
        missing = [c for c in report.classes if val.get(c, 0) == 0 and train.get(c, 0) > 0]
        if missing:
            out.append(Finding("warning", "missing_in_val",
                               msg("scan.missing_in_val", n=len(missing), names=", ".join(missing)), None, "val"))
    unknown = sorted(set(val_names) - set(report.classes) - set(report.excluded_classes))
    for cls in unknown:
        n = sum(1 for r in report.splits.get("val", []) if r.label == cls)
        out.append(Finding("warning", "unknown_in_val", msg("scan.unknown_in_val", cls=cls, n=n), None, "val"))
    with_data = [c for c in report.classes if train.get(c, 0) > 0]
    blocked = any(f.code in BLOCKING_CODES for f in report.findings)
    if len(with_data) < 2 and not blocked:
        out.append(Finding("error", "too_few_classes",
                           msg("scan.too_few_classes", n=len(with_data),
                               names=", ".join(with_data) or msg("scan.none")), None, "train"))
    ratio = report.imbalance_ratio()
    if ratio is not None and ratio >= IMBALANCE_WARN_RATIO:
        big = max(with_data, key=lambda c: train[c])
        small = min(with_data, key=lambda c: train[c])
        out.append(Finding("warning", "imbalance",
                           msg("scan.imbalance", big=big, n_big=train[big], small=small, n_small=train[small],
                               ratio=ratio), None, "train"))
    return out


def _leave_out_empty_classes(report: ScanReport) -> None:
    """Drop the classes with no usable train image (their ``empty_class`` finding says so).

    A class the model cannot learn would still get an output: it costs accuracy and is never predicted
    right. Its val images are excluded too (there is no output to score them against).
    """
    train = report.counts().get("train", {})
    empty = [c for c in report.classes if train.get(c, 0) == 0]
    if not empty:
        return
    report.left_out = [*report.left_out, *empty]
    report.classes = [c for c in report.classes if c not in empty]
    gone = set(empty)
    for r in report.splits.get("val", []):
        if r.error is None and r.label in gone:
            r.error = "unknown_class"


def _exclude_classes(report: ScanReport, names: Sequence[str]) -> None:
    """Leave the classes the user excluded out of the class list, like an empty class, with a note each.

    Their files (train and val) get the ``excluded_class`` error, so no loader uses them and they are
    not decoded; a name that is not a class here changes nothing.
    """
    gone = [c for c in dict.fromkeys(names) if c in report.classes]
    if not gone:
        return
    report.classes = [c for c in report.classes if c not in gone]
    report.excluded_classes = list(gone)
    report.left_out = [*report.left_out, *gone]
    train_dir = report.split_dirs.get("train", report.root)
    for cls in gone:
        n = 0
        for recs in report.splits.values():
            for r in recs:
                if r.label == cls:
                    n += r.error is None
                    r.error = r.error or "excluded_class"
        report.findings.append(Finding("note", "excluded_class",
                                       msg("scan.excluded_class", cls=cls, n=n, folder=os.path.join(train_dir, cls)),
                                       os.path.join(train_dir, cls), "train"))


# ------------------------------------------------------------------------------------------------
# the steps of a scan, in the order scan() takes them


def _check_root(root: str | Path, val_fraction: float | None) -> tuple[str, float | None]:
    """Refuse a root that is missing, a file or a system folder, and a bad val fraction, before any walk."""
    root_path = Path(root).expanduser()
    if not root_path.exists():
        raise DataError(msg("scan.root_missing", path=str(root_path)), root_path)
    if not root_path.is_dir():
        raise DataError(msg("scan.root_is_file", path=str(root_path)), root_path)
    real = system_folder(root_path)
    if real is not None:
        raise DataError(msg("scan.system_root", path=str(root_path), real=real), root_path)
    if val_fraction is not None and not 0.0 <= float(val_fraction) < 1.0:
        raise DataError(msg("scan.bad_val_fraction", value=repr(val_fraction)))
    if val_fraction is not None and float(val_fraction) == 0.0:
        val_fraction = None  # 0 means "do not hold anything out"
    return os.path.abspath(root_path), val_fraction


def _resolve_val_root(val_root: str | Path | None, val_fraction: float | None,
                      findings: list[Finding]) -> tuple[str | None, float | None]:
    """The chosen val folder, if any; a val split chosen apart makes the val fraction moot (with a note)."""
    chosen_val = _chosen_val(val_root, findings) if val_root not in (None, "") else None
    if chosen_val is not None and val_fraction is not None:
        findings.append(Finding("note", "val_fraction_ignored",
                                msg("scan.val_fraction_ignored_chosen", folder=chosen_val, fraction=val_fraction)))
        val_fraction = None
    return chosen_val, val_fraction


@dataclass
class _Top:
    """The dataset folder's own listing, read once: it is both the split finder and (single layout) train."""

    root: str
    dirs: list[str]
    files: list[str]


@dataclass
class _Layout:
    """Where train and val come from: the folders the listing walks, or None for a split not walked."""

    kind: str  # ScanReport.layout
    train_dir: str | None
    val_dir: str | None = None


def _decide_layout(top: _Top, chosen_val: str | None, val_fraction: float | None, seed: int,
                   findings: list[Finding]) -> _Layout:
    """Read the layout off the top folder names (and a chosen val folder), noting each guess made."""
    root_s, top_dirs = top.root, top.dirs
    train_name = _find_named(top_dirs, TRAIN_NAMES)
    val_name = _find_named(top_dirs, VAL_NAMES)
    split_like = [d for d in top_dirs if d.lower() in TRAIN_NAMES + VAL_NAMES + TEST_NAMES]
    lay = _Layout("single", root_s)
    sibling_val = _sibling_val(root_s) if not (train_name or val_name or chosen_val) else None
    if sibling_val is not None:
        # The user picked .../train itself: its sibling val/ is the validation split, never silently
        # ignored (nor replaced by a split generated from train).
        lay.kind, lay.val_dir = "splits", sibling_val
        text = msg("scan.sibling_val", root=root_s, val=sibling_val, parent=os.path.dirname(root_s))
        if val_fraction:
            text = msg("scan.sibling_val_fraction", text=text, fraction=val_fraction)
        findings.append(Finding("note", "sibling_val", text, sibling_val))
    elif train_name and val_name:
        lay.kind = "splits"
        lay.train_dir, lay.val_dir = os.path.join(root_s, train_name), os.path.join(root_s, val_name)
        extra = [d for d in top_dirs if d not in (train_name, val_name)]
        if extra:
            findings.append(Finding("note", "extra_folder",
                                    msg("scan.extra_folder", names=", ".join(extra), train=train_name, val=val_name),
                                    os.path.join(root_s, extra[0])))
        if val_fraction is not None:
            findings.append(Finding("note", "val_fraction_ignored",
                                    msg("scan.val_fraction_ignored_own", val=val_name, fraction=val_fraction)))
    elif train_name and chosen_val is not None:
        lay.kind, lay.train_dir = "splits", os.path.join(root_s, train_name)
    elif train_name and val_fraction is not None:
        lay.kind, lay.train_dir = "split_generated", os.path.join(root_s, train_name)
        findings.append(Finding("note", "val_from_train",
                                msg("scan.val_from_train", fraction=val_fraction, train=train_name, seed=seed)))
    elif split_like:
        target = os.path.join(root_s, train_name) if train_name else None
        hint = msg("scan.did_you_mean_target", target=target) if target else msg("scan.did_you_mean_root")
        findings.append(Finding("error", "did_you_mean_train",
                                msg("scan.did_you_mean_train", root=root_s, names=", ".join(split_like), hint=hint),
                                target or root_s))
        lay.train_dir = None
    elif val_fraction is not None:
        lay.kind = "split_generated"
    if chosen_val is not None and lay.train_dir is not None:
        _use_chosen_val(lay, lay.train_dir, chosen_val, findings)
    return lay


def _use_chosen_val(lay: _Layout, train_dir: str, chosen_val: str, findings: list[Finding]) -> None:
    """Make the chosen folder the val split, unless it is (inside, or around) train: that would be leakage."""
    if lay.val_dir is not None and os.path.realpath(lay.val_dir) != os.path.realpath(chosen_val):
        findings.append(Finding("note", "val_folder_replaced",
                                msg("scan.val_folder_replaced", chosen=chosen_val, val=lay.val_dir), lay.val_dir))
    lay.kind, lay.val_dir = "val_root", chosen_val
    tr, va = os.path.realpath(train_dir), os.path.realpath(chosen_val)
    if tr == va or va.startswith(tr + os.sep) or tr.startswith(va + os.sep):
        where = msg("scan.val_is.same" if tr == va else "scan.val_is.inside" if va.startswith(tr + os.sep)
                    else "scan.val_is.outside")
        findings.append(Finding("error", "val_is_train",
                                msg("scan.val_is_train", chosen=chosen_val, where=where, train=train_dir),
                                chosen_val))
        lay.val_dir = None


@dataclass
class _Listed:
    """What the listing pass found: records per split, train's classes, val's folder names, loose files."""

    splits: dict[str, list[FileRecord]] = field(default_factory=lambda: {"train": [], "val": []})
    classes: list[str] = field(default_factory=list)
    val_names: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # files next to the class (or split) folders


def _list_split(lister: _Lister, top: _Top, folder: str, split: str, listed: _Listed,
                findings: list[Finding]) -> list[str]:
    """Index one split folder's class folders into ``listed``; a split without class folders is a finding."""
    lister.reset_visited()  # a val folder linked to a train folder is leakage, reported after decoding
    if folder == top.root:
        names, loose = top.dirs, []
    else:
        names, loose = lister.split_folder(folder, split)
    listed.loose.extend(loose)
    if not names:
        n_img = sum(1 for p in loose + (top.files if folder == top.root else [])
                    if os.path.splitext(p)[1].lower() in IMAGE_EXTENSIONS)
        example = f"{folder}{os.sep}<class>{os.sep}image.png"
        text = (msg("scan.no_class_folders_loose", folder=folder, n=n_img, example=example) if n_img
                else msg("scan.no_class_folders", folder=folder, example=example))
        findings.append(Finding("error" if split == "train" else "warning", "no_class_folders", text,
                                folder, split))
    for name in names:
        lister.walk_class(os.path.join(folder, name), split, name, frozenset({os.path.realpath(folder)}),
                          listed.splits[split])
    return names


def _list_splits(lister: _Lister, top: _Top, lay: _Layout, val_fraction: float | None, seed: int,
                 findings: list[Finding]) -> _Listed:
    """The listing pass: train's classes fix the indices; val is mapped onto them by name (or generated)."""
    listed = _Listed(loose=list(top.files))
    if lay.train_dir is None:
        return listed
    listed.classes = sorted(_list_split(lister, top, lay.train_dir, "train", listed, findings))
    splits = listed.splits
    if lay.val_dir is not None:
        listed.val_names = _list_split(lister, top, lay.val_dir, "val", listed, findings)
        known = set(listed.classes)
        for r in splits["val"]:
            if r.label not in known and r.error is None:
                r.error = "unknown_class"
    elif lay.kind == "split_generated":
        _generate_val(splits["train"], float(val_fraction or 0), seed)
        splits["val"] = [r for r in splits["train"] if r.split == "val"]
        splits["train"] = [r for r in splits["train"] if r.split == "train"]
    else:
        findings.append(Finding("warning", "no_val_split", msg("scan.no_val_split", root=top.root)))
    return listed


def _note_unindexed(lister: _Lister, loose: list[str], findings: list[Finding]) -> None:
    """Files that training will not see are listed, never silently skipped: loose ones, then the rest."""
    if loose:
        lister.unindexed.extend(loose)
        findings.append(Finding("warning", "loose_files",
                                msg("scan.loose_files", n=len(loose), paths=_list_paths(loose)),
                                loose[0], None, list(loose)))
    lister.grouped_skips()


def _judge(report: ScanReport, val_names: list[str], has_val: bool) -> None:
    """Add the per-file, per-class and (after decoding) duplicate and note findings; errors come first."""
    report.findings.extend(_file_error_findings(report))
    report.findings.extend(_class_findings(report, val_names, has_val=has_val))
    _leave_out_empty_classes(report)
    if report.decoded:
        report.findings.extend(_duplicate_findings(report))
        report.findings.extend(_file_note_findings(report))
    order = {"error": 0, "warning": 1, "note": 2}
    report.findings.sort(key=lambda f: order.get(f.level, 3))  # stable: keeps discovery order per level


# ------------------------------------------------------------------------------------------------
# public entry point


def scan(
    root: str | Path,
    *,
    val_root: str | Path | None = None,
    val_fraction: float | None = None,
    seed: int = 0,
    decode: bool = True,
    progress: Progress | None = None,
    stop: StopToken | None = None,
    workers: int | None = None,
    exclude_classes: Sequence[str] = (),
) -> ScanReport:
    """Scan a dataset folder and report what training would see.

    Parameters
    ----------
    root
        ``root/train/<class>/…`` + ``root/val/<class>/…`` (split layout) or ``root/<class>/…``.
    val_root
        A val split kept anywhere else: a folder of class folders (or one holding a ``val/`` of them). It
        replaces any val split of ``root`` (with a note), and the val fraction is then not used.
    val_fraction
        For a folder without a val split: share of each class (stratified, seeded) to hold out;
        None or 0 holds nothing out. Ignored (with a note) when the folder has its own val split.
    seed
        Seed of that split.
    decode
        False runs only the cheap listing pass (no file is opened).
    progress, stop
        ``progress(done, total)`` during decoding; ``stop`` cancels the listing or the decoding (raises
        ``Cancelled``). The top of the file system and /proc, /sys, /dev are refused (DataError), and
        never followed through a link; any other folder is walked in full, like ImageFolder would.
    workers
        Decoding threads (Pillow releases the GIL while decoding); default ``min(4, cpu count)``.
    exclude_classes
        Class names the user left out of training (``data.exclude_classes``): not in ``classes``, listed
        in ``left_out`` and ``excluded_classes``, each with an ``excluded_class`` note.
    """
    root_s, val_fraction = _check_root(root, val_fraction)
    findings: list[Finding] = []
    chosen_val, val_fraction = _resolve_val_root(val_root, val_fraction, findings)
    lister = _Lister(stop)
    top = _Top(root_s, *lister.split_folder(root_s, "root"))
    lay = _decide_layout(top, chosen_val, val_fraction, seed, findings)
    listed = _list_splits(lister, top, lay, val_fraction, seed, findings)
    _note_unindexed(lister, listed.loose, findings)

    report = ScanReport(root=root_s, layout=lay.kind, classes=listed.classes, splits=listed.splits,
                        findings=findings + lister.findings, unindexed=sorted(lister.unindexed),
                        decoded=False, ignored_junk=lister.ignored, val_root=chosen_val)
    report.split_dirs = {s: d for s, d in (("train", lay.train_dir), ("val", lay.val_dir)) if d is not None}
    _exclude_classes(report, exclude_classes)
    if decode:
        todo = [r for recs in listed.splits.values() for r in recs if r.error is None]
        n_workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        _decode_all(todo, progress, stop, max(1, n_workers))
        report.decoded = True
    _judge(report, listed.val_names, has_val=lay.val_dir is not None or lay.kind == "split_generated")
    return report
