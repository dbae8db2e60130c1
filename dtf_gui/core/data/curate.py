"""Curate a dataset without losing anything: move an image to another class or to a quarantine folder.

Why this shape: fixing labels is where people lose data (a drag onto the wrong folder overwrites a file
with the same name; a "delete" cannot be taken back). So here nothing is ever deleted or overwritten:

* a move is an atomic rename onto a name reserved beforehand (a clash gets a new name, ``x-1.png``);
  across file systems it falls back to copy, verify (size + SHA-1), then remove the source;
* the quarantine folder lives *next to* the dataset (``<root>.quarantine/``, keeping the relative
  path), so a scan never mistakes it for a class;
* every move and every undo is appended as one JSON line to ``<root>.curation.jsonl`` next to the
  dataset (append-only on purpose: it is a journal, never rewritten), so any move can be traced and
  undone later, even from another session (:meth:`Curator.history` + :meth:`Curator.undo`);
* undo puts the same bytes back under the original name, and removes the class folders the move had
  to create, so the dataset folder is byte-identical afterwards.

No Qt here: the gallery wraps these calls in ``QUndoCommand``s.
"""

from __future__ import annotations

import datetime as _dt
import errno
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui.core.errors import DataError

LOG_VERSION = 1
QUARANTINE_SUFFIX = ".quarantine"
LOG_SUFFIX = ".curation.jsonl"
_BAD_LABEL_CHARS = set('/\\:*?"<>|\0')


@dataclass(frozen=True)
class MoveRecord:
    """One line of the curation log: a file moved from ``src`` to ``dst`` (or back, for an undo).

    ``kind`` is "class" (relabel) or "quarantine"; ``op`` is "move" or "undo" (then ``undoes`` is the id
    of the move it reverses). ``created_dirs`` are folders the move had to create (undo removes them
    when empty). ``method`` says how the bytes travelled: "rename" or "copy" (across file systems).
    """

    id: str
    op: str
    kind: str
    src: str
    dst: str
    root: str
    label_from: str | None
    label_to: str | None
    sha1: str
    size: int
    method: str
    time: str
    undoes: str | None = None
    renamed: bool = False  # the wanted name was taken, so the file got a new one
    created_dirs: list[str] = field(default_factory=list)
    reason: str = ""
    v: int = LOG_VERSION

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> MoveRecord:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in obj.items() if k in known})


def file_sha1(path: str | Path, chunk: int = 1 << 20) -> str:
    """SHA-1 of a file's bytes (used to verify copies and to check a file was not changed before undo)."""
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def quarantine_dir_for(root: str | Path) -> Path:
    """``<parent>/<root name>.quarantine``: next to the dataset, so scans never see it as a class."""
    root = Path(os.path.abspath(Path(root).expanduser()))
    return root.with_name(root.name + QUARANTINE_SUFFIX)


def log_path_for(root: str | Path) -> Path:
    """``<parent>/<root name>.curation.jsonl``: the append-only journal of every move."""
    root = Path(os.path.abspath(Path(root).expanduser()))
    return root.with_name(root.name + LOG_SUFFIX)


def free_name(target: Path) -> Path:
    """``target`` if nothing is there, else ``stem-1.ext``, ``stem-2.ext``... (first free)."""
    if not os.path.lexists(target):
        return target
    n = 1
    while True:
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        if not os.path.lexists(candidate):
            return candidate
        n += 1


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


def _check_label(label: str) -> str:
    label = str(label).strip()
    if not label or label in (".", "..") or any(c in _BAD_LABEL_CHARS for c in label):
        raise DataError(f"{label!r} cannot be a class folder name; use a plain name such as 'cat' "
                        "(no slashes, no ':' or '*').")
    return label


class Curator:
    """Moves image files of one dataset folder, never deleting or overwriting, with an undo journal.

    Parameters
    ----------
    root
        The dataset folder (the one that holds ``train/``+``val/`` or the class folders).
    quarantine_dir, log_path
        Defaults: :func:`quarantine_dir_for` and :func:`log_path_for` (both next to ``root``).
    """

    def __init__(self, root: str | Path, *, quarantine_dir: str | Path | None = None,
                 log_path: str | Path | None = None) -> None:
        self.root = Path(os.path.abspath(Path(root).expanduser()))
        if not self.root.is_dir():
            raise DataError(f"Dataset folder {self.root} does not exist; open the dataset again.", self.root)
        self.quarantine_dir = Path(quarantine_dir) if quarantine_dir else quarantine_dir_for(self.root)
        self.log_path = Path(log_path) if log_path else log_path_for(self.root)

    # -- public operations ---------------------------------------------------------------------------
    def move_to_class(self, path: str | Path, label: str, *, current_label: str | None = None) -> MoveRecord:
        """Move ``path`` into the folder of class ``label`` in the same split (created when missing).

        ``current_label`` is the class the file is filed under now (its folder name); it locates the
        class folder when images sit in sub-folders of it. Files below that folder keep their sub-path.
        """
        label = _check_label(label)
        src = self._inside_root(path)
        class_dir = self._class_dir(src, current_label)
        if class_dir.name == label:
            raise DataError(f"{src.name} is already in class '{label}'; choose another class.", src)
        target = class_dir.parent / label / src.relative_to(class_dir)
        return self._move(src, target, op="move", kind="class", label_from=class_dir.name, label_to=label)

    def quarantine(self, path: str | Path, *, current_label: str | None = None, reason: str = "") -> MoveRecord:
        """Move ``path`` out of the dataset into the quarantine folder, keeping its path relative to root."""
        src = self._inside_root(path)
        label = self._class_dir(src, current_label).name
        target = self.quarantine_dir / src.relative_to(self.root)
        return self._move(src, target, op="move", kind="quarantine", label_from=label, label_to=None,
                          reason=reason)

    def undo(self, record: MoveRecord) -> MoveRecord:
        """Put the file of ``record`` back where it was (same bytes, same name when that name is free).

        Raises :class:`DataError` when the moved file is gone or was changed since (its SHA-1 differs):
        then undoing would not restore what was there.
        """
        if record.op != "move":
            raise DataError("Only a move can be undone; to redo it, move the file again.")
        dst = Path(record.dst)
        if not dst.is_file():
            raise DataError(f"Cannot undo the move of {Path(record.src).name}: {dst} is no longer there. "
                            f"Look for it in {self.quarantine_dir} or in the class folders.", dst)
        if file_sha1(dst) != record.sha1:
            raise DataError(f"Cannot undo the move of {Path(record.src).name}: {dst} was changed since it was "
                            "moved. Move it back by hand if you still want to.", dst)
        back = self._move(dst, Path(record.src), op="undo", kind=record.kind, label_from=record.label_to,
                          label_to=record.label_from, undoes=record.id, known_sha1=record.sha1)
        for d in sorted(record.created_dirs, key=len, reverse=True):  # deepest first
            try:
                os.rmdir(d)  # only succeeds when empty: never removes anything else
            except OSError:
                pass
        return back

    def history(self) -> list[MoveRecord]:
        """Every record of the log, oldest first (lines that cannot be read are skipped)."""
        if not self.log_path.is_file():
            return []
        out = []
        with self.log_path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    out.append(MoveRecord.from_json(json.loads(line)))
                except (ValueError, TypeError):
                    continue
        return out

    def pending_moves(self) -> list[MoveRecord]:
        """Moves in the log that were not undone yet, newest first (what an "undo" list would offer)."""
        records = self.history()
        undone = {r.undoes for r in records if r.op == "undo"}
        return [r for r in reversed(records) if r.op == "move" and r.id not in undone]

    # -- internals -------------------------------------------------------------------------------------
    def _inside_root(self, path: str | Path) -> Path:
        src = Path(os.path.abspath(Path(path).expanduser()))
        if not src.is_file():
            raise DataError(f"{src} does not exist (was it moved already?). Rescan the dataset.", src)
        try:
            src.relative_to(self.root)
        except ValueError:
            raise DataError(f"{src} is not inside the dataset folder {self.root}; only images of the "
                            "dataset can be moved.", src) from None
        return src

    def _class_dir(self, src: Path, current_label: str | None) -> Path:
        if current_label:
            p = src.parent
            while p != self.root and self.root in p.parents:
                if p.name == current_label:
                    return p
                p = p.parent
        if src.parent == self.root:
            raise DataError(f"{src} is not inside a class folder; move it into one first.", src)
        return src.parent

    def _move(self, src: Path, wanted: Path, *, op: str, kind: str, label_from: str | None,
              label_to: str | None, undoes: str | None = None, known_sha1: str | None = None,
              reason: str = "") -> MoveRecord:
        created = _make_dirs(wanted.parent)
        sha1 = known_sha1 or file_sha1(src)
        size = src.stat().st_size
        dst, placeholder = _reserve(wanted)
        try:
            method = _rename_or_copy(src, dst, sha1, size)
        except BaseException:
            if placeholder:
                _remove_quietly(dst)
            for d in reversed(created):
                _rmdir_quietly(d)
            raise
        record = MoveRecord(id=uuid.uuid4().hex, op=op, kind=kind, src=str(src), dst=str(dst), root=str(self.root),
                            label_from=label_from, label_to=label_to, sha1=sha1, size=size, method=method,
                            time=_now(), undoes=undoes, renamed=dst != wanted,
                            created_dirs=[str(d) for d in created], reason=reason)
        self._append_log(record)
        return record

    def _append_log(self, record: MoveRecord) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(record.to_json(), ensure_ascii=False) + "\n"
        with open(self.log_path, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())


def _make_dirs(folder: Path) -> list[Path]:
    """Create ``folder`` and missing parents; return the ones created, outermost first."""
    missing = []
    p = folder
    while not p.exists():
        missing.append(p)
        p = p.parent
    missing.reverse()
    for d in missing:
        try:
            d.mkdir()
        except FileExistsError:
            pass
    return missing


def _reserve(wanted: Path) -> tuple[Path, bool]:
    """Claim a free name by creating an empty file there exclusively (``O_EXCL``).

    The rename then replaces only our own placeholder, so a file that appeared in the meantime can never
    be overwritten. Returns (name, whether a placeholder was created).
    """
    candidate = wanted
    for _ in range(10000):
        candidate = free_name(candidate)
        try:
            fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate, True
    raise DataError(f"Could not find a free file name next to {wanted}.", wanted)


def _rename_or_copy(src: Path, dst: Path, sha1: str, size: int) -> str:
    try:
        os.replace(src, dst)  # atomic; dst is our own empty placeholder
        return "rename"
    except OSError as e:
        if e.errno != errno.EXDEV:
            raise DataError(f"Could not move {src} to {dst}: {e.strerror or e}. Check that the folder is "
                            "writable.", src) from e
    # another file system: copy next to the target, verify, rename into place, only then remove the source
    tmp = dst.with_name(f".{dst.name}.copying")
    try:
        shutil.copy2(src, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if tmp.stat().st_size != size or file_sha1(tmp) != sha1:
            raise DataError(f"The copy of {src} to {dst} does not match the original; nothing was moved and "
                            "the original is untouched. Check the disk, then try again.", src)
        os.replace(tmp, dst)
    except BaseException:
        _remove_quietly(tmp)
        raise
    try:
        os.unlink(src)
    except OSError as e:
        raise DataError(f"{src} was copied to {dst} but could not be removed ({e.strerror or e}); both copies "
                        "exist now. Remove the original by hand.", src) from e
    return "copy"


def _remove_quietly(path: Path) -> None:
    try:
        if path.is_file() and path.stat().st_size == 0 or path.name.endswith(".copying"):
            path.unlink()
    except OSError:
        pass


def _rmdir_quietly(path: Path) -> None:
    try:
        os.rmdir(path)
    except OSError:
        pass
