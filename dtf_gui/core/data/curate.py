"""Curate a dataset without losing anything: move an image to another class or to a quarantine folder.

Why this shape: fixing labels is where people lose data (a drag onto the wrong folder overwrites a file
with the same name; a "delete" cannot be taken back). So here nothing is ever deleted or overwritten:

* a move is an atomic rename onto a name reserved beforehand (a clash gets a new name, ``x-1.png``);
  across file systems it falls back to copy, verify (size + SHA-1), then remove the source;
* a relabelled file goes to the class folder *as the scan sees the dataset* (``<split>/<class>/``, or
  ``<root>/<class>/`` for a folder of class folders), keeping its sub-path below its old class folder
  (``train/3/batch1/x.png`` -> ``train/8/batch1/x.png``: the scan labels every file below a class folder
  with that class). A file the scan does not use as a sample has no class to change and is refused;
* every path read from the user or from the journal must lie inside the dataset folder (or its quarantine
  folder), also after resolving symbolic links: a class folder linked to a folder elsewhere is never a
  source or a target, and a hand-edited journal record that points elsewhere is refused;
* the quarantine folder lives *next to* the dataset (``<root>.quarantine/``, keeping the relative
  path), so a scan never mistakes it for a class;
* every move and every undo is one JSON line of ``<root>.curation.jsonl`` next to the dataset, written
  and flushed to disk *before* the file moves (when the move then fails, the line is taken back), so no
  move is ever missing from the journal; any move can be traced and undone later, even from another
  session (:meth:`Curator.history` + :meth:`Curator.undo`);
* the journal is read line by line: a line that cannot be read (a crash cut it short) is reported by its
  number and skipped, never hiding the lines after it. Names that are not valid UTF-8 are kept exactly:
  see :meth:`MoveRecord.to_json`;
* undo puts the same bytes back under the original name, and removes the class folders the move had
  to create, so the dataset folder is byte-identical afterwards.

No Qt here: the gallery wraps these calls in ``QUndoCommand``s.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import errno
import hashlib
import json
import os
import shutil
import stat
import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dtf_gui.core.data.scan import JUNK_DIRS, TEST_NAMES, TRAIN_NAMES, VAL_NAMES, scan
from dtf_gui.core.errors import DataError
from dtf_gui.core.fileio import display_name, file_kind
from dtf_gui.core.messages import msg

try:  # advisory lock: the app and `dtf curate` may append to the same journal at once
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

LOG_VERSION = 1
QUARANTINE_SUFFIX = ".quarantine"
LOG_SUFFIX = ".curation.jsonl"
_BAD_LABEL_CHARS = set('/\\:*?"<>|\0')
_SPLIT_NAMES = frozenset(TRAIN_NAMES + VAL_NAMES + TEST_NAMES)
#: Text fields of a record that may hold a file or class name the user did not choose.
_NAME_FIELDS = ("src", "dst", "root", "label_from", "label_to", "reason")
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _show(path: str | os.PathLike[str] | None) -> str:
    """A path or name as messages show it (terminal escapes and undecodable bytes made visible)."""
    return "-" if path is None else display_name(os.fspath(path))


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _name_bytes(text: str) -> bytes:
    try:
        return os.fsencode(text)  # the exact bytes of a name read from the file system
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")  # a lone surrogate that came from elsewhere


def _b64(text: str) -> str:
    return base64.b64encode(_name_bytes(text)).decode("ascii")


def _readable(text: str) -> str:
    return _name_bytes(text).decode("utf-8", "replace")


def _from_b64(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(msg("curate.record_b64_not_string"))
    try:
        return os.fsdecode(base64.b64decode(value, validate=True))
    except binascii.Error as e:
        raise ValueError(msg("curate.record_bad_b64", detail=str(e))) from None


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
        """The record as a JSON object whose strings are all valid UTF-8, without losing any name.

        A name that is not valid UTF-8 (Linux file names are bytes) is written twice: ``<field>`` holds it
        readably, each undecodable byte shown as U+FFFD, and ``<field>_b64`` holds its exact bytes in base64
        (``created_dirs_b64`` for the whole list). Readers take ``_b64`` when present (:meth:`from_json`);
        records of plain UTF-8 names have no ``_b64`` field, as before.
        """
        out = asdict(self)
        for key in _NAME_FIELDS:
            value = out[key]
            if isinstance(value, str) and not _is_utf8(value):
                out[key], out[f"{key}_b64"] = _readable(value), _b64(value)
        if not all(_is_utf8(d) for d in self.created_dirs):
            out["created_dirs"] = [_readable(d) for d in self.created_dirs]
            out["created_dirs_b64"] = [_b64(d) for d in self.created_dirs]
        return out

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> MoveRecord:
        """Read :meth:`to_json`'s object (or an older line); ValueError/TypeError when it is not a record."""
        if not isinstance(obj, dict):
            raise TypeError(msg("curate.record_not_object"))
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in obj.items() if k in known}
        for key in _NAME_FIELDS:
            if f"{key}_b64" in obj:
                values[key] = _from_b64(obj[f"{key}_b64"])
        if "created_dirs_b64" in obj:
            raw = obj["created_dirs_b64"]
            if not isinstance(raw, list):
                raise ValueError(msg("curate.record_b64_not_list"))
            values["created_dirs"] = [_from_b64(d) for d in raw]
        for key in ("id", "op", "kind", "src", "dst", "sha1"):
            if not isinstance(values.get(key), str):
                raise TypeError(msg("curate.record_not_string", field=key))
        dirs = values.get("created_dirs", [])
        if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
            raise TypeError(msg("curate.record_dirs_not_strings"))
        return cls(**values)


@dataclass(frozen=True)
class Journal:
    """What :meth:`Curator.read_journal` found: the records, oldest first, and the lines it could not read."""

    records: list[MoveRecord]
    broken_lines: list[int]  # 1-based line numbers, skipped


def file_sha1(path: str | Path, chunk: int = 1 << 20) -> str:
    """SHA-1 of a file's bytes (used to verify copies and to check a file was not changed before undo)."""
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def _named_root(root: str | Path) -> Path:
    path = Path(os.path.abspath(Path(root).expanduser()))
    if not path.name:
        raise DataError(msg("curate.root_has_no_name", path=_show(path)), path)
    return path


def quarantine_dir_for(root: str | Path) -> Path:
    """``<parent>/<root name>.quarantine``: next to the dataset, so scans never see it as a class."""
    root = _named_root(root)
    return root.with_name(root.name + QUARANTINE_SUFFIX)


def log_path_for(root: str | Path) -> Path:
    """``<parent>/<root name>.curation.jsonl``: the append-only journal of every move."""
    root = _named_root(root)
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
    """A class name the scan will see as a class: no path characters, not hidden, not an OS junk folder."""
    label = str(label).strip()
    if not label or label in (".", "..") or any(c in _BAD_LABEL_CHARS for c in label):
        raise DataError(msg("curate.bad_label", label=_show(label)))
    if label.startswith("."):
        raise DataError(msg("curate.hidden_label", label=_show(label)))
    if label.lower() in JUNK_DIRS:
        raise DataError(msg("curate.junk_label", label=_show(label)))
    return label


def _under(path: str, base: str) -> bool:
    """``path`` is ``base`` or below it (both absolute and normalised)."""
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


def _regular_with(path: str, sha1: str, size: int) -> bool:
    """``path`` is a regular file (not a link) holding exactly the bytes of that SHA-1."""
    try:
        st = os.lstat(path)
        return stat.S_ISREG(st.st_mode) and st.st_size == size and file_sha1(path) == sha1
    except OSError:
        return False


@dataclass(frozen=True)
class _Sample:
    class_dir: Path   # the class folder the scan files it under
    label: str
    split_dir: Path   # the folder that holds the class folders (a split folder, or the root)


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
        self.root = _named_root(root)
        if not self.root.exists():
            raise DataError(msg("curate.root_missing", path=_show(self.root)), self.root)
        if not self.root.is_dir():
            raise DataError(msg("curate.root_not_folder", path=_show(self.root)), self.root)
        self.quarantine_dir = (Path(os.path.abspath(quarantine_dir)) if quarantine_dir
                               else quarantine_dir_for(self.root))
        self.log_path = Path(os.path.abspath(log_path)) if log_path else log_path_for(self.root)
        self._index: dict[str, _Sample] = {}
        self._layout_dirs: list[Path] = [self.root]
        self._index_stamp: tuple[tuple[str, int], ...] | None = None

    # -- public operations ---------------------------------------------------------------------------
    def move_to_class(self, path: str | Path, label: str, *, current_label: str | None = None) -> MoveRecord:
        """Move ``path`` into the folder of class ``label`` in its split (created when missing).

        The class folder is the scan's: ``<split>/<label>/`` (``<root>/<label>/`` for a folder of class
        folders). A file below its class folder keeps that sub-path, so the next scan labels it ``label``.
        ``current_label`` is accepted for callers that know the class; the scan decides which it is.
        """
        label = _check_label(label)
        src = self._source(path)
        sample = self._sample(src)
        if sample is None:
            raise DataError(msg("curate.not_a_sample", path=_show(src)), src)
        if sample.label == label:
            raise DataError(msg("curate.already_in_class", file=_show(src.name), label=_show(label)), src)
        if sample.split_dir == self.root and label.lower() in _SPLIT_NAMES:
            raise DataError(msg("curate.split_label", label=_show(label), folder=_show(self.root)), src)
        target = sample.split_dir / label / src.relative_to(sample.class_dir)
        self._check_target(target, self.root)
        return self._move(src, target, op="move", kind="class", label_from=sample.label, label_to=label)

    def quarantine(self, path: str | Path, *, current_label: str | None = None, reason: str = "") -> MoveRecord:
        """Move ``path`` out of the dataset into the quarantine folder, keeping its path relative to root.

        Any regular file inside the dataset may go (an unreadable image, a stray file); ``label_from`` is
        its class when the scan uses it as a sample, else None.
        """
        src = self._source(path)
        sample = self._sample(src)
        target = self.quarantine_dir / src.relative_to(self.root)
        self._check_target(target, self.quarantine_dir)
        return self._move(src, target, op="move", kind="quarantine",
                          label_from=sample.label if sample else None, label_to=None, reason=reason)

    def undo(self, record: MoveRecord) -> MoveRecord:
        """Put the file of ``record`` back where it was (same bytes, same name when that name is free).

        The record may come from a journal someone edited: every path in it (``src``, ``dst``,
        ``created_dirs``) must lie inside the dataset folder or its quarantine folder, else the record is
        refused and nothing changes. Raises :class:`DataError` too when the moved file is gone or was
        changed since (its SHA-1 differs): then undoing would not restore what was there.
        """
        if record.op != "move":
            raise DataError(msg("curate.undo_not_move"))
        base = self.quarantine_dir if record.kind == "quarantine" else self.root
        if record.kind not in ("class", "quarantine"):
            self._refuse(record, record.dst)
        src = self._record_path(record, record.src, self.root)
        dst = self._record_path(record, record.dst, base)
        created = [self._record_path(record, d, base, folder=True) for d in record.created_dirs]
        for d in created:
            if not _under(str(dst), str(d)) or d == dst or d == self.root:
                self._refuse(record, d)  # undo removes only the folders that held the moved file
        name = _show(Path(record.src).name)
        try:
            st = os.lstat(dst)
        except OSError:
            raise DataError(msg("curate.undo_gone", file=name, path=_show(dst),
                                quarantine=_show(self.quarantine_dir)), dst) from None
        if not stat.S_ISREG(st.st_mode) or file_sha1(dst) != record.sha1:
            if _regular_with(str(src), record.sha1, record.size):  # the move was cut short before it happened
                raise DataError(msg("curate.undo_never_moved", file=name, path=_show(src)), src)
            raise DataError(msg("curate.undo_changed", file=name, path=_show(dst)), dst)
        back = self._move(dst, src, op="undo", kind=record.kind, label_from=record.label_to,
                          label_to=record.label_from, undoes=record.id, known_sha1=record.sha1)
        for d in sorted(created, key=lambda p: len(str(p)), reverse=True):  # deepest first
            if os.path.isdir(d) and not os.path.islink(d) and self._contained(d, base):
                _rmdir_quietly(d)  # only succeeds when empty: never removes anything else
        return back

    def read_journal(self) -> Journal:
        """Every record of the journal, oldest first, and the numbers of the lines that cannot be read.

        Tolerant on purpose: a line cut short by a crash (or edited by hand) is skipped and reported, the
        lines after it still count; two records glued onto one line by an older writer are both read.
        """
        kind = file_kind(self.log_path)
        if kind == "missing" and not os.path.lexists(self.log_path):
            return Journal([], [])
        if kind is not None:
            raise DataError(msg("common.not_a_regular_file", path=_show(self.log_path),
                                kind=msg(f"common.kind_{kind}"), what="journal"), self.log_path)
        try:
            with open(self.log_path, "rb") as fh:
                data = fh.read()
        except OSError as e:
            raise DataError(msg("curate.journal_unreadable", path=_show(self.log_path),
                                reason=e.strerror or str(e)), self.log_path) from e
        entries: list[dict[str, Any]] = []
        broken: list[int] = []
        for number, raw in enumerate(data.split(b"\n"), 1):
            if not raw.strip():
                continue
            objs, complete = _parse_line(raw)
            entries.extend(objs)
            if not complete:
                broken.append(number)
        aborted = {o.get("id") for o in entries if o.get("op") == "abort"}
        records = [MoveRecord.from_json(o) for o in entries if o.get("op") in ("move", "undo")]
        return Journal([r for r in records if r.id not in aborted], broken)

    def history(self) -> list[MoveRecord]:
        """Every record of the log, oldest first (lines that cannot be read are skipped: see read_journal)."""
        return self.read_journal().records

    def pending_moves(self, journal: Journal | None = None) -> list[MoveRecord]:
        """Moves in the log that were not undone yet, newest first (what an "undo" list would offer)."""
        records = (journal or self.read_journal()).records
        undone = {r.undoes for r in records if r.op == "undo"}
        return [r for r in reversed(records) if r.op == "move" and r.id not in undone]

    # -- where things may be ------------------------------------------------------------------------------
    def _contained(self, path: str | Path, base: Path) -> bool:
        """``path`` lies inside ``base`` by its name and still after resolving every symbolic link."""
        p = os.path.abspath(path)
        return _under(p, str(base)) and _under(os.path.realpath(p), os.path.realpath(base))

    def _source(self, path: str | Path) -> Path:
        """The file a user asked to move: a regular file inside the dataset, not reached through a link out."""
        src = Path(os.path.abspath(os.path.expanduser(os.fspath(path))))
        if not _under(str(src), str(self.root)) or src == self.root:
            raise DataError(msg("curate.outside_root", path=_show(src), root=_show(self.root)), src)
        try:
            st = os.lstat(src)
        except OSError:
            raise DataError(msg("curate.file_missing", path=_show(src)), src) from None
        if not stat.S_ISREG(st.st_mode):
            raise DataError(msg("curate.not_regular_file", path=_show(src)), src)
        if not self._contained(src, self.root):
            raise DataError(msg("curate.through_link", path=_show(src), real=_show(os.path.realpath(src.parent)),
                                root=_show(self.root)), src)
        return src

    def _check_target(self, target: Path, base: Path) -> None:
        if not self._contained(target.parent, base):
            raise DataError(msg("curate.through_link", path=_show(target),
                                real=_show(os.path.realpath(target.parent)), root=_show(self.root)), target)

    def _record_path(self, record: MoveRecord, path: str, base: Path, *, folder: bool = False) -> Path:
        """A path of a journal record, refused unless it lies inside ``base`` (also after resolving links)."""
        p = Path(os.path.abspath(path))
        if (not folder and p == base) or not self._contained(p, base):
            self._refuse(record, p)
        return p

    def _refuse(self, record: MoveRecord, path: str | Path) -> None:
        raise DataError(msg("curate.record_refused", id=_show(record.id[:8]), path=_show(path),
                            root=_show(self.root), quarantine=_show(self.quarantine_dir),
                            journal=_show(self.log_path)), path)

    # -- the scan's view of the dataset -------------------------------------------------------------------------
    def _sample(self, src: Path) -> _Sample | None:
        """How the scan files ``src``: its class folder and class, or None when it is no sample."""
        key = str(src)
        hit = self._index.get(key) if self._index_stamp == self._stamp() else None
        if hit is None:
            self._read_layout()
            hit = self._index.get(key)
        return hit

    def _read_layout(self) -> None:
        """List the dataset as :func:`~dtf_gui.core.data.scan.scan` does (no file is opened).

        A val fraction is passed only so that a folder with ``train/`` and no ``val/`` is listed as the
        app uses it; it changes which split a file counts for, never the folder it lies in or its class.
        """
        report = scan(self.root, decode=False, val_fraction=0.5)
        dirs = sorted({d for d in report.split_dirs.values() if _under(d, str(self.root))}, key=len, reverse=True)
        index: dict[str, _Sample] = {}
        samples: dict[tuple[str, str], _Sample] = {}  # one per class folder: big datasets list fast
        prefixes = [(d, d.rstrip(os.sep) + os.sep) for d in dirs]
        for recs in report.splits.values():
            for r in recs:
                for d, prefix in prefixes:
                    if r.path.startswith(prefix):
                        first = r.path[len(prefix):].split(os.sep, 1)[0]
                        if first == r.label:
                            sample = samples.get((d, first))
                            if sample is None:
                                sample = samples[(d, first)] = _Sample(Path(d) / first, r.label, Path(d))
                            index[r.path] = sample
                        break
        self._index = index
        self._layout_dirs = [self.root] + [Path(d) for d in dirs if Path(d) != self.root]
        self._index_stamp = self._stamp()

    def _stamp(self) -> tuple[tuple[str, int], ...]:
        """Modification times of the root and split folders: a new or removed class folder changes one."""
        out = []
        for d in self._layout_dirs:
            try:
                out.append((str(d), os.stat(d).st_mtime_ns))
            except OSError:
                out.append((str(d), -1))
        return tuple(out)

    # -- moving -------------------------------------------------------------------------------------------------
    def _move(self, src: Path, wanted: Path, *, op: str, kind: str, label_from: str | None,
              label_to: str | None, undoes: str | None = None, known_sha1: str | None = None,
              reason: str = "") -> MoveRecord:
        """Reserve the target name, write the journal line, then move; take the line back if the move fails."""
        sha1 = known_sha1 or file_sha1(src)
        size = os.lstat(src).st_size
        created: list[Path] = []
        dst: Path | None = None
        try:
            try:
                created = _make_dirs(wanted.parent)
                dst = _reserve(wanted)
            except OSError as e:  # a file where the class folder should be, a read-only folder, a full disk
                if e.errno in _NO_SPACE:
                    raise DataError(msg("common.no_space", path=_show(wanted.parent)), wanted) from e
                raise DataError(msg("curate.move_failed", src=_show(src), dst=_show(wanted),
                                    reason=e.strerror or str(e)), src) from e
            try:
                same_device = os.stat(dst).st_dev == os.lstat(src).st_dev
            except OSError:
                same_device = True
            record = MoveRecord(id=uuid.uuid4().hex, op=op, kind=kind, src=str(src), dst=str(dst),
                                root=str(self.root), label_from=label_from, label_to=label_to, sha1=sha1,
                                size=size, method="rename" if same_device else "copy", time=_now(),
                                undoes=undoes, renamed=dst != wanted, created_dirs=[str(d) for d in created],
                                reason=reason)
            span = self._append(record.to_json())  # on disk before anything moves
            try:
                method = _rename_or_copy(src, dst, sha1, size)
            except BaseException:
                self._take_back(span, record.id)
                raise
        except BaseException:
            if dst is not None and os.path.lexists(src):
                _remove_quietly(dst)  # our own empty placeholder (the file itself is still at src)
            for d in reversed(created):
                _rmdir_quietly(d)
            raise
        self._index.pop(str(src), None)
        return replace(record, method=method)

    # -- the journal ----------------------------------------------------------------------------------------------
    def _open_journal(self) -> int:
        kind = file_kind(self.log_path)
        if kind not in (None, "missing"):  # a folder or a FIFO there: never block on it, never write into it
            raise DataError(msg("common.not_a_regular_file", path=_show(self.log_path),
                                kind=msg(f"common.kind_{kind}"), what="journal"), self.log_path)
        try:
            fd = os.open(self.log_path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as e:
            raise self._journal_error(e) from e
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                pass
        return fd

    def _append(self, obj: dict[str, Any]) -> tuple[int, int]:
        """Append ``obj`` as one line and flush it to disk; return where it lies (start, end).

        The line starts on a line of its own even when the journal's last line lost its newline. On any
        failure (a full disk) the journal is cut back to what it was and a :class:`DataError` is raised.
        """
        data = json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n"  # to_json: every str is UTF-8
        fd = self._open_journal()
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data
            try:
                _write_all(fd, data)
                os.fsync(fd)
            except OSError as e:
                try:
                    os.ftruncate(fd, size)
                except OSError:
                    pass
                raise self._journal_error(e) from e
            return size, size + len(data)
        finally:
            os.close(fd)

    def _take_back(self, span: tuple[int, int], record_id: str) -> None:
        """The move failed after its line was written: remove the line (when it is still the last one),
        else append an "abort" line naming it. Best effort: the move's own error is what the user sees."""
        try:
            fd = self._open_journal()
        except DataError:
            return
        try:
            if os.fstat(fd).st_size == span[1]:
                os.ftruncate(fd, span[0])
                os.fsync(fd)
                return
        except OSError:
            pass
        finally:
            os.close(fd)
        try:
            self._append({"op": "abort", "id": record_id, "time": _now(), "v": LOG_VERSION})
        except DataError:
            pass

    def _journal_error(self, e: OSError) -> DataError:
        if e.errno in _NO_SPACE:
            return DataError(msg("common.no_space", path=_show(self.log_path)), self.log_path)
        return DataError(msg("curate.journal_write_failed", path=_show(self.log_path),
                             reason=e.strerror or str(e)), self.log_path)


def _parse_line(raw: bytes) -> tuple[list[dict[str, Any]], bool]:
    """The journal objects on one line, and whether the whole line was read.

    Usually one object. An older writer appended a record to a line that had lost its newline, so a line
    may hold several; when its start is cut short, the objects that follow are still recovered.
    """
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return [], False
    objs = _objects(text, 0)
    if objs is not None:
        return objs, True
    starts = [i for i, ch in enumerate(text) if ch == "{" and i > 0][:200]
    for i in starts:
        objs = _objects(text, i)
        if objs:
            return objs, False
    return [], False


def _objects(text: str, start: int) -> list[dict[str, Any]] | None:
    """JSON journal objects filling ``text[start:]`` exactly, or None."""
    decoder = json.JSONDecoder()
    out = []
    i = start
    try:
        while i < len(text):
            obj, i = decoder.raw_decode(text, i)
            if not isinstance(obj, dict) or not _valid_entry(obj):
                return None
            out.append(obj)
            while i < len(text) and text[i].isspace():
                i += 1
    except (ValueError, RecursionError):
        return None
    return out


def _valid_entry(obj: dict[str, Any]) -> bool:
    if obj.get("op") == "abort":
        return isinstance(obj.get("id"), str)
    try:
        MoveRecord.from_json(obj)
        return obj.get("op") in ("move", "undo")
    except (ValueError, TypeError):
        return False


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _make_dirs(folder: Path) -> list[Path]:
    """Create ``folder`` and missing parents; return the ones created, outermost first."""
    missing = []
    p = folder
    while not os.path.lexists(p):
        missing.append(p)
        p = p.parent
    missing.reverse()
    created: list[Path] = []
    try:
        for d in missing:
            try:
                d.mkdir()
                created.append(d)
            except FileExistsError:
                pass
    except BaseException:
        for d in reversed(created):
            _rmdir_quietly(d)
        raise
    return created


def _reserve(wanted: Path) -> Path:
    """Claim a free name by creating an empty file there exclusively (``O_EXCL``).

    The rename then replaces only our own placeholder, so a file that appeared in the meantime can never
    be overwritten.
    """
    candidate = wanted
    for _ in range(10000):
        candidate = free_name(candidate)
        try:
            fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise DataError(msg("curate.no_free_name", path=_show(wanted)), wanted)


def _rename_or_copy(src: Path, dst: Path, sha1: str, size: int) -> str:
    try:
        os.replace(src, dst)  # atomic; dst is our own empty placeholder
        return "rename"
    except OSError as e:
        if e.errno != errno.EXDEV:
            raise DataError(msg("curate.move_failed", src=_show(src), dst=_show(dst),
                                reason=e.strerror or str(e)), src) from e
    # another file system: copy next to the target, verify, rename into place, only then remove the source
    tmp = dst.with_name(f".{dst.name}.copying")
    try:
        shutil.copy2(src, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if tmp.stat().st_size != size or file_sha1(tmp) != sha1:
            raise DataError(msg("curate.copy_mismatch", src=_show(src), dst=_show(dst)), src)
        os.replace(tmp, dst)
    except OSError as e:
        _remove_quietly(tmp)
        if e.errno in _NO_SPACE:
            raise DataError(msg("common.no_space", path=_show(dst.parent)), dst) from e
        raise DataError(msg("curate.move_failed", src=_show(src), dst=_show(dst),
                            reason=e.strerror or str(e)), src) from e
    except BaseException:
        _remove_quietly(tmp)
        raise
    try:
        os.unlink(src)
    except OSError as e:
        raise DataError(msg("curate.copy_unlink_failed", src=_show(src), dst=_show(dst),
                            reason=e.strerror or str(e)), src) from e
    return "copy"


def _remove_quietly(path: Path) -> None:
    """Remove our own leftovers only: an empty placeholder or a ``.copying`` temporary."""
    try:
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode) and (st.st_size == 0 or path.name.endswith(".copying")):
            os.unlink(path)
    except OSError:
        pass


def _rmdir_quietly(path: Path) -> None:
    try:
        os.rmdir(path)
    except OSError:
        pass
