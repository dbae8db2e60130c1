"""Atomic file writes: a temporary file in the same folder, flushed, then renamed over the target.

A crash or a kill never leaves a half-written config, checkpoint or report behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from dtf_gui.core.messages import msg


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block ends, then deliver it to the handler that was there.

    A write interrupted half-way is removed, so nothing is lost by it, but a ``KeyboardInterrupt`` raised
    inside ``torch.save``'s zip writer makes its clean-up fail with "unexpected pos" instead (exit 1, not the
    promised 130). Writes are short; the interrupt waits for them. Only the main thread receives signals, so
    elsewhere (a GUI worker) and under a handler that is not Python's, this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if not callable(previous):  # SIG_IGN, SIG_DFL or a handler set outside Python: leave it be
        yield
        return
    held: list[Any] = []
    signal.signal(signal.SIGINT, lambda signum, frame: held.append(frame))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held:
            previous(signal.SIGINT, held[0])


def atomic_write(path: str | Path, writer: Callable[[BinaryIO], None]) -> Path:
    """Call ``writer(fileobj)`` on a temporary file next to ``path``, then rename it into place.

    Ctrl-C waits for the write to finish (:func:`interrupts_held`): the file is then the old one or the new one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with interrupts_held():
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                writer(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
    return path


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    return atomic_write(path, lambda fh: fh.write(data))


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    return atomic_write_bytes(path, text.encode(encoding))


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(obj: Any, *, indent: int | None = 2) -> str:
    """JSON text that is always valid UTF-8 and loses nothing of a file or class name.

    Text stays readable (``ensure_ascii=False``: 猫 is written as 猫), except a lone surrogate: a byte of a
    file name that is not UTF-8 reaches Python as U+DC80..U+DCFF (``os.fsdecode``'s surrogateescape) and
    would be written as bytes no UTF-8 reader accepts. It is written as the JSON escape ``\\udcXX``
    instead, which ``json.loads`` turns back into the same string, so ``os.fsencode(name)`` gives back the
    exact bytes (``b"caf\\xe9"`` <-> ``"caf\\udce9"``).
    """
    text = json.dumps(obj, indent=indent, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def atomic_write_json(path: str | Path, obj: Any) -> Path:
    """Write ``obj`` as JSON (see :func:`json_text`: valid UTF-8 even for non-UTF-8 file names)."""
    return atomic_write_text(path, json_text(obj) + "\n")


def atomic_torch_save(path: str | Path, obj: Any) -> Path:
    """``torch.save`` through a temporary file, so a checkpoint is either the old one or the new one."""
    import torch

    return atomic_write(path, lambda fh: torch.save(obj, fh))


def atomic_link_or_copy(src: str | Path, dst: str | Path) -> Path:
    """Make ``dst`` hold exactly the bytes of ``src`` without writing them again when possible.

    A hard link under a temporary name, renamed over ``dst``: since every writer here replaces files by
    rename (a new inode), later rewrites of ``src`` never change ``dst``. Where links are not supported the
    file is copied atomically instead.
    """
    import shutil

    src, dst = Path(src), Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.parent / f".{dst.name}.{os.getpid()}.link"
    try:
        if tmp.exists():
            tmp.unlink()
        os.link(src, tmp)
        os.replace(tmp, dst)
    except OSError:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        with open(src, "rb") as fh:
            atomic_write(dst, lambda out: shutil.copyfileobj(fh, out))
    return dst


# -- reading documents the user gives us ------------------------------------------------------------------
#: Upper bound for a JSON document (config, pipeline, bundle.json, run.json): far above any real one, far
#: below what would exhaust memory (``--set pipeline=/dev/zero`` must not read forever).
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


def file_kind(path: str | Path) -> str | None:
    """None for a regular file (after following links); else "fifo", "device", "socket", "folder", "missing".

    Checked with ``stat`` before opening, so a FIFO or a device is refused without ever blocking on it.
    """
    import stat as _stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "missing"
    mode = st.st_mode
    if _stat.S_ISREG(mode):
        return None
    if _stat.S_ISDIR(mode):
        return "folder"
    if _stat.S_ISFIFO(mode):
        return "fifo"
    if _stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def check_regular_file(path: str | Path, what: str, error: type[Exception], *,
                       limit: int | None = MAX_DOCUMENT_BYTES) -> int:
    """Refuse (raising ``error``) anything but a regular file of at most ``limit`` bytes; return its size.

    ``what`` names the kind of file for the message ("config", "pipeline", "image"); ``error`` is the
    DtfError subclass the caller raises (it takes the message first).
    """
    kind = file_kind(path)
    if kind is not None:
        raise error(msg("common.not_a_regular_file", path=str(path), kind=msg(f"common.kind_{kind}"), what=what))
    size = os.stat(path).st_size
    if limit is not None and size > limit:
        raise error(msg("common.file_too_large", path=str(path), size=size, limit=limit, what=what))
    return size


def read_document_text(path: str | Path, what: str, error: type[Exception], *,
                       limit: int = MAX_DOCUMENT_BYTES) -> str:
    """The text of a user document: a regular file, at most ``limit`` bytes, UTF-8 (a BOM is allowed).

    UTF-16 and other encodings are refused with a message that says to save the file as UTF-8.
    """
    check_regular_file(path, what, error, limit=limit)
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise error(msg("common.file_too_large", path=str(path), size=len(data), limit=limit, what=what))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise error(msg("common.not_utf8", path=str(path), what=what, offset=e.start)) from None


def parse_json_text(text: str, source: str, what: str, error: type[Exception]) -> Any:
    """``json.loads`` that answers bad JSON and absurd nesting with ``error`` naming ``source`` and the line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise error(msg("common.bad_json", path=source, what=what, line=e.lineno, column=e.colno,
                        reason=e.msg)) from None
    except RecursionError:
        raise error(msg("common.json_too_deep", path=source, what=what)) from None
    except ValueError as e:  # an integer longer than Python converts (sys.get_int_max_str_digits())
        import re

        found = re.search(rf"\d{{{sys.get_int_max_str_digits() + 1},}}", text)
        start = found.start() if found else 0
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        raise error(msg("common.bad_json", path=source, what=what, line=line, column=column,
                        reason=f"a number of more than {sys.get_int_max_str_digits()} digits")) from e


def read_json_document(path: str | Path, what: str, error: type[Exception], *,
                       limit: int = MAX_DOCUMENT_BYTES) -> Any:
    """The one reader of JSON documents (config, pipeline, bundle.json, run.json, metrics): see above."""
    return parse_json_text(read_document_text(path, what, error, limit=limit), str(path), what, error)


# -- showing names the user did not choose -------------------------------------------------------------------
def display_name(text: str | os.PathLike[str]) -> str:
    """``text`` safe to print: control characters (terminal escapes) shown as ``\\x1b``, undecodable bytes of
    a file name (surrogate escapes) as ``\\xff``. Use it wherever a file or class name reaches a terminal."""
    s = os.fspath(text)
    if s.isprintable():
        return s
    out = []
    for ch in s:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape of a non-UTF-8 byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)
