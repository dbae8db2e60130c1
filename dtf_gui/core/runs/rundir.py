"""A run directory: the names of its files, how they are written and read, and who may train it.

Layout (the one place these names live)::

    <runs_dir>/<YYYYmmdd-HHMMSS>-<arch>/
        config.json            the RunConfig as used
        run.json               arch, classes, head recipe, input size, status, best epoch/acc, versions
        metrics.csv            one row per finished epoch (METRICS_COLUMNS; + EMA_METRICS_COLUMNS with train.ema)
        batches.csv            one row per batch (BATCH_COLUMNS)
        checkpoints/last.pt    written atomically after every epoch and on stop
        checkpoints/best.pt    the epoch with the best val accuracy (the same bytes as last.pt then: a link)
        train.lock             while a process trains the run (see :class:`RunLock`)
        meta.json              the user's tags and note (the Runs tab edits them; training never writes it)
        calibration.json       temperature and "unknown" threshold fitted on the val split (``dtf calibrate``,
                               the Evaluate view); prediction applies it while its checkpoint epoch is current
        tb/                    TensorBoard event files (train.tensorboard; ``tensorboard --logdir WORKSPACE``)

Why one module: the engine writes these files, export, evaluation, prediction and the GUI read them; with one
set of names and one reader each, a renamed file or a changed column cannot drift apart between them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import platform
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from dtf_gui.core.errors import TrainingError
from dtf_gui.core.fileio import (
    atomic_link_or_copy,
    atomic_torch_save,
    atomic_write_json,
    atomic_write_text,
    display_name,
    interrupts_held,
    read_json_document,
)
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.models.state_dict import torch_load

CHECKPOINT_FORMAT = "dtf_gui.checkpoint/1"
METRICS_COLUMNS = ("epoch", "train_loss", "val_loss", "val_acc", "lr", "seconds")
#: metrics.csv's extra columns in a run with train.ema: the EMA weights' val loss and accuracy
EMA_METRICS_COLUMNS = ("ema_val_loss", "ema_val_acc")
BATCH_COLUMNS = ("epoch", "batch", "step", "loss", "lr", "images_per_s", "seconds")

CONFIG_JSON = "config.json"
RUN_JSON = "run.json"
METRICS_CSV = "metrics.csv"
BATCHES_CSV = "batches.csv"
CHECKPOINTS = "checkpoints"
LOCK_FILE = "train.lock"
META_JSON = "meta.json"
CALIBRATION_JSON = "calibration.json"
TENSORBOARD_DIR = "tb"
#: checkpoint name ("best" / "last") -> its file inside ``checkpoints/``
CHECKPOINT_FILES: dict[str, str] = {"best": "best.pt", "last": "last.pt"}


def checkpoint_path(run_dir: str | Path, which: str) -> Path:
    """``run_dir/checkpoints/best.pt`` or ``.../last.pt``."""
    return Path(run_dir) / CHECKPOINTS / CHECKPOINT_FILES[which]


def is_run_dir(path: str | Path) -> bool:
    """Whether ``path`` is a run folder (run.json or checkpoints/ inside): what export, eval and predict accept."""
    p = Path(path)
    return p.is_dir() and ((p / RUN_JSON).is_file() or (p / CHECKPOINTS).is_dir())


def new_run_dir(runs_dir: str | Path, arch: str) -> Path:
    """A new, empty run folder named by the time and architecture (``-2``, ``-3``... when taken)."""
    base = Path(runs_dir).expanduser() / f"{time.strftime('%Y%m%d-%H%M%S')}-{arch}"
    path, n = base, 2
    while True:
        try:
            path.mkdir(parents=True, exist_ok=False)
            return path
        except FileExistsError:
            path = base.with_name(f"{base.name}-{n}")
            n += 1


def versions() -> dict[str, str]:
    """The library versions a run or bundle was made with (run.json, bundle.json)."""
    import torch
    import torchvision

    from dtf_gui import __version__

    return {"dtf_gui": __version__, "torch": torch.__version__, "torchvision": torchvision.__version__,
            "python": platform.python_version()}


# -- CSV logs -------------------------------------------------------------------------------------------------
def csv_text(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_fmt(r.get(c)) for c in columns])
    return buf.getvalue()


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return repr(v)  # full precision: metrics are compared and summed later, not only read
    return "" if v is None else str(v)


def read_metrics(run_dir: str | Path) -> list[dict[str, float]]:
    """Rows of ``metrics.csv`` as numbers (epoch as int); [] for a bundle or a run without epochs.

    A cell that is not a number is left out, and a row without an epoch is skipped: a damaged log still
    gives the history it holds.
    """
    path = Path(run_dir) / METRICS_CSV
    if not path.is_file():
        return []
    out: list[dict[str, float]] = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            clean: dict[str, float] = {}
            for k, v in row.items():
                try:
                    clean[k] = int(float(v)) if k == "epoch" else float(v)
                except (TypeError, ValueError):
                    continue
            if "epoch" in clean:
                out.append(clean)
    return out


def metrics_columns(history: list[dict[str, Any]]) -> tuple[str, ...]:
    """METRICS_COLUMNS, then any further keys the rows hold (a regression run's val_mse, val_mae, ...)."""
    extra = [k for row in history for k in row if k not in METRICS_COLUMNS]
    return METRICS_COLUMNS + tuple(dict.fromkeys(extra))


def write_metrics(run_dir: Path, history: list[dict[str, Any]]) -> None:
    atomic_write_text(run_dir / METRICS_CSV, csv_text(metrics_columns(history), history))


def write_run_json(run_dir: Path, info: dict[str, Any]) -> None:
    """run.json, atomically, with ``updated`` set to now (``info`` is updated in place)."""
    info["updated"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    atomic_write_json(run_dir / RUN_JSON, info)


def open_batch_log(run_dir: Path, keep_through_step: int | None = None) -> tuple[IO[str], Any]:
    """(open file, csv writer) appending to batches.csv.

    A new run starts it empty; a resumed one (``keep_through_step``) keeps the rows up to the checkpoint's
    step and drops those logged after it, which the resumed run logs again.
    """
    batches = run_dir / BATCHES_CSV
    kept = []
    if keep_through_step is not None and batches.is_file():
        with batches.open(newline="", encoding="utf-8") as fh:
            kept = [r for r in csv.DictReader(fh) if int(float(r.get("step") or 0)) <= keep_through_step]
    atomic_write_text(batches, csv_text(BATCH_COLUMNS, kept))
    fh = batches.open("a", newline="", encoding="utf-8")
    return fh, csv.writer(fh, lineterminator="\n")


# -- the user's tags and note ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RunMeta:
    """What the user wrote about a run: tags and a note (meta.json; absent = none)."""

    tags: tuple[str, ...] = ()
    note: str = ""


def read_run_meta(run_dir: str | Path) -> RunMeta:
    """The run's tags and note; empty when meta.json is missing. TrainingError naming the file when it is not
    a JSON object of that shape (the index lists such a run and says why)."""
    path = Path(run_dir) / META_JSON
    if not path.exists():
        return RunMeta()
    doc = read_json_document(path, msg("runs.what_meta"), TrainingError)
    tags = doc.get("tags", []) if isinstance(doc, dict) else None
    note = doc.get("note", "") if isinstance(doc, dict) else None
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags) or not isinstance(note, str):
        raise TrainingError(msg("runs.bad_meta", path=str(path)))
    return RunMeta(tuple(tags), note)


def write_run_meta(run_dir: str | Path, meta: RunMeta) -> Path:
    """meta.json atomically (a crash leaves the old tags and note or the new ones, never half a file)."""
    return atomic_write_json(Path(run_dir) / META_JSON, {"tags": list(meta.tags), "note": meta.note})


# -- calibration (written by core.trust.calibration, read by runs.artifacts) ------------------------------------
def calibration_path(run_dir: str | Path) -> Path:
    """``run_dir/calibration.json``."""
    return Path(run_dir) / CALIBRATION_JSON


def read_calibration_doc(run_dir: str | Path, error: type[Exception] = TrainingError) -> dict[str, Any] | None:
    """The run's calibration.json as a JSON object, None when there is none; ``error`` naming the file when it
    is not a JSON object (its fields are checked by the reader that applies them)."""
    path = calibration_path(run_dir)
    if not path.exists() and not path.is_symlink():
        return None
    doc = read_json_document(path, msg("calibration.what_file"), error)
    if not isinstance(doc, dict):
        raise error(msg("runs.not_an_object", path=display_name(path), what=msg("calibration.what_file")))
    return doc


def write_calibration(run_dir: str | Path, doc: dict[str, Any]) -> Path:
    """calibration.json atomically (a crash leaves the old calibration or the new one, never half a file)."""
    return atomic_write_json(calibration_path(run_dir), doc)


# -- checkpoints ------------------------------------------------------------------------------------------------
def save_checkpoint(run_dir: Path, ckpt: dict[str, Any], *, best: bool = False) -> None:
    """last.pt atomically; with ``best`` best.pt too -- the same bytes, linked rather than serialised twice."""
    with interrupts_held():  # a Ctrl-C waits until last.pt and best.pt agree
        last = atomic_torch_save(checkpoint_path(run_dir, "last"), ckpt)
        if best:
            atomic_link_or_copy(last, checkpoint_path(run_dir, "best"))


def load_checkpoint(path: str | Path) -> dict[str, Any]:
    """Read a checkpoint safely (``weights_only=True``); TrainingError with the file name otherwise."""
    path = Path(path)
    if not path.is_file():
        raise TrainingError(msg("training.no_checkpoint", path=str(path)))
    try:
        ckpt = torch_load(path)
    except Exception as e:  # noqa: BLE001
        raise TrainingError(msg("training.bad_checkpoint", path=str(path), reason=str(e))) from e
    if not isinstance(ckpt, dict) or "model" not in ckpt:
        raise TrainingError(msg("training.not_a_checkpoint", path=str(path)))
    return ckpt


def checkpoint_epoch(path: str | Path) -> int | None:
    """The epoch a checkpoint file holds (None when it is missing or unreadable); memory-mapped, so cheap."""
    try:
        ckpt = torch_load(path, mmap=True)
        return int(ckpt["epoch"])
    except Exception:  # noqa: BLE001 -- missing, damaged or not ours: the caller treats all alike
        return None


def repair_best_checkpoint(ckpt_dir: Path, last: dict[str, Any]) -> list[Message]:
    """Make ``best.pt`` hold the epoch the run's record calls best; return what was done, for the log.

    Why: best.pt is linked to last.pt right after last.pt is written; a kill between the two leaves best.pt
    one epoch behind (or missing) while last.pt (and so run.json after a resume) names the newer epoch as
    best. That last.pt, taken at the end of the best epoch, *is* the best checkpoint: link it. If last.pt has
    moved on (it is mid-epoch or later), the best weights are gone; say so rather than pretend.
    """
    want = int(last.get("best_epoch", 0) or 0)
    best = ckpt_dir / CHECKPOINT_FILES["best"]
    if want <= 0:
        return []
    have = checkpoint_epoch(best)
    if have == want:
        return []
    if int(last.get("epoch", -1)) == want and int(last.get("batch", 0) or 0) == 0:
        atomic_link_or_copy(ckpt_dir / CHECKPOINT_FILES["last"], best)
        return [msg("training.best_repaired", epoch=want, had=have if have is not None else "-")]
    return [msg("training.best_lost", epoch=want, had=have if have is not None else "-")]


def remove_leftover_temporaries(ckpt_dir: Path) -> None:
    """Temporary files of an atomic write or link that a kill interrupted (never a real checkpoint)."""
    for pattern in (".*.pt.*.tmp", ".*.pt.*.link"):
        for p in ckpt_dir.glob(pattern):
            with contextlib.suppress(OSError):
                p.unlink()


# -- the run lock -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LockHolder:
    """Who holds a run's lock: what the refusal names, so the user can find that process."""

    pid: int
    host: str
    started: str

    def alive(self) -> bool:
        """Whether the holder may still be training: another host always counts as alive (we cannot tell)."""
        return self.host != socket.gethostname() or _pid_alive(self.pid)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - os.kill(pid, 0) would end the process on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _read_holder(path: Path) -> tuple[str, LockHolder | None]:
    """(the lock file's text, its holder or None when it is unreadable); FileNotFoundError when it is gone."""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        doc = json.loads(text)
        return text, LockHolder(int(doc["pid"]), str(doc["host"]), str(doc.get("started", "")))
    except (ValueError, KeyError, TypeError):
        return text, None


class RunLock:
    """``train.lock`` in a run folder while one process trains it; a second trainer is refused.

    Why: two processes training one run (a ``--resume`` while the GUI trains it, two ``dtf train --resume``)
    would overwrite each other's checkpoints and logs. The lock file is created exclusively and names its
    holder (pid, host, start time); a lock whose process is no longer alive on this host (killed, crashed) is
    stale and taken over. A lock held by another host is always respected: its process cannot be checked.
    """

    #: an empty or unreadable lock this young may be one being written right now
    UNREADABLE_GRACE_S = 5.0

    def __init__(self, run_dir: str | Path) -> None:
        self.path = Path(run_dir) / LOCK_FILE
        self.held = False
        self.notes: list[Message] = []  # a stale lock taken over, for the run's log

    def acquire(self) -> RunLock:
        """Take the lock or raise TrainingError naming its holder."""
        me = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                         "started": time.strftime("%Y-%m-%dT%H:%M:%S")})
        for _ in range(50):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(me)
                    fh.flush()
                    os.fsync(fh.fileno())
                self.held = True
                return self
            try:
                text, holder = _read_holder(self.path)
                age = time.time() - self.path.stat().st_mtime
            except FileNotFoundError:
                continue  # released meanwhile: try again
            if holder is None and age < self.UNREADABLE_GRACE_S:
                time.sleep(0.05)
                continue
            if holder is not None and holder.alive():
                raise TrainingError(msg("runs.locked", path=str(self.path.parent), pid=holder.pid,
                                        host=holder.host, started=holder.started or "?", lock=str(self.path)))
            self._take_over(text, holder)
        raise TrainingError(msg("runs.lock_failed", path=str(self.path)))

    def _take_over(self, text: str, holder: LockHolder | None) -> None:
        """Move a stale lock aside (atomic), so that exactly one of several trainers racing for it wins."""
        aside = self.path.with_name(f".{LOCK_FILE}.stale-{uuid.uuid4().hex}")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return
        try:
            if aside.read_text(encoding="utf-8", errors="replace") != text:
                with contextlib.suppress(OSError):  # a racer's fresh lock, not the stale one: give it back
                    os.link(aside, self.path)
                return
            if holder is not None:
                self.notes.append(msg("runs.lock_stale", pid=holder.pid, host=holder.host,
                                      started=holder.started or "?"))
        finally:
            with contextlib.suppress(OSError):
                aside.unlink()

    def release(self) -> None:
        if self.held:
            self.held = False
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_lock_holder(run_dir: str | Path) -> LockHolder | None:
    """Who the run's ``train.lock`` names (alive or not); None when there is no lock or it is unreadable."""
    try:
        return _read_holder(Path(run_dir) / LOCK_FILE)[1]
    except OSError:
        return None


def lock_holder_alive(run_dir: str | Path) -> bool:
    """Whether a live process trains ``run_dir`` now: its ``train.lock`` exists and its holder is alive (another
    host counts as alive). An unreadable lock counts as alive only while it may still be being written."""
    path = Path(run_dir) / LOCK_FILE
    try:
        _, holder = _read_holder(path)
        age = time.time() - path.stat().st_mtime
    except OSError:  # no lock (FileNotFoundError), or one we cannot read: nobody we can name trains it
        return False
    if holder is None:
        return age < RunLock.UNREADABLE_GRACE_S
    return holder.alive()


def lock_run(run_dir: str | Path) -> RunLock:
    """The run's lock, taken (TrainingError naming the holder when another live process trains it)."""
    return RunLock(run_dir).acquire()
