"""The workspace's run index: every run folder in it as a :class:`RunSummary`, tags and notes, and a trash.

A *workspace* is the folder runs are created in (``RunConfig.runs_dir``): by default the user data folder's
``runs/`` (:func:`default_workspace`). Listing reads only the small files of each run (run.json, metrics.csv,
meta.json, the lock) -- never a checkpoint, never torch -- so the Runs tab and ``dtf runs`` stay fast with
hundreds of runs, and one damaged run is listed as "damaged" with the reason rather than hiding the others.

Status: run.json says how a run ended; a run whose run.json still says "running" while no live process holds
its ``train.lock`` was killed mid-way (``kill -9``, power loss): it is *interrupted* and can be resumed.

The trash is ``<workspace>/.trash/``: moving a run there writes a journal line first (fsynced), then renames
the folder; restoring renames it back and never replaces an existing folder. dtf_gui deletes nothing here.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.config import RunConfig
from dtf_gui.core.errors import Cancelled, DtfError, TrainingError
from dtf_gui.core.fileio import read_json_document
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.runs.rundir import (
    CONFIG_JSON,
    RUN_JSON,
    RunMeta,
    is_run_dir,
    lock_holder_alive,
    read_lock_holder,
    read_metrics,
    read_run_meta,
    write_run_meta,
)

STATUSES = ("running", "finished", "stopped", "failed", "interrupted", "damaged")
#: run.json "status" -> the status the index shows ("running" is decided by the lock)
_ENDED = {"completed": "finished", "early_stopped": "finished", "stopped": "stopped", "failed": "failed"}
#: the statuses a run can be resumed from
RESUMABLE = ("stopped", "interrupted", "failed")

TRASH_DIR = ".trash"
TRASH_JOURNAL = "journal.jsonl"
_STAMP = re.compile(r"^(\d{8}-\d{6})")


class WorkspaceError(DtfError):
    """A workspace action refused or failed (trash, restore, tags): the message names the folder and the fix."""


@dataclass(frozen=True)
class RunSummary:
    """One row of the run list: what the Runs tab and ``dtf runs`` show about a run folder."""

    path: Path
    name: str
    created: str  # ISO 8601, local time, to the second
    status: str  # one of STATUSES
    arch: str = ""
    data_root: str = ""
    image_size: int | None = None
    epochs_done: int = 0
    epochs_planned: int | None = None
    best_val_acc: float | None = None
    duration_s: float | None = None  # the sum of the epochs' seconds (metrics.csv)
    tags: tuple[str, ...] = ()
    note: str = ""
    problem: Message | None = None  # why the run is "damaged" (or why its tags could not be read)

    @property
    def resumable(self) -> bool:
        return self.status in RESUMABLE

    def to_json(self) -> dict[str, Any]:
        """``dtf runs --json``: plain values; the problem as English text plus the message as data."""
        from dtf_gui.core.messages import render

        return {
            "name": self.name, "path": str(self.path), "created": self.created, "status": self.status,
            "arch": self.arch, "data_root": self.data_root, "image_size": self.image_size,
            "epochs_done": self.epochs_done, "epochs_planned": self.epochs_planned,
            "best_val_acc": self.best_val_acc, "duration_s": self.duration_s, "tags": list(self.tags),
            "note": self.note,
            "problem": None if self.problem is None else {"message": render(self.problem, "en"),
                                                          **self.problem.to_json()},
        }


@dataclass(frozen=True)
class TrashEntry:
    """A run moved to the workspace trash: ``id`` undoes it (:func:`restore_run`)."""

    id: str
    name: str  # the run folder's name in the workspace
    trash_name: str  # its name inside .trash/ (the same unless taken)
    when: str

    def trashed_path(self, workspace: str | Path) -> Path:
        return Path(workspace) / TRASH_DIR / self.trash_name


# -- the workspace ----------------------------------------------------------------------------------------------
def duration_text(seconds: float | None, unknown: str = "-") -> str:
    """A run's duration as ``m:ss`` or ``h:mm:ss`` (the Runs tab, ``dtf runs``, the comparison); ``unknown``
    when it is not known."""
    if seconds is None:
        return unknown
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}" if minutes < 60 else f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


def default_workspace() -> Path:
    """The user data folder's ``runs/``: where the desktop app creates runs unless the user picks a folder."""
    from dtf_gui.core.data.demo import user_data_dir  # lazy: demo imports numpy

    return user_data_dir() / "runs"


def list_runs(workspace: str | Path, *, stop: StopToken | None = None,
              progress: Progress | None = None) -> list[RunSummary]:
    """Every run folder directly in ``workspace``, newest first (the trash and other folders are skipped).

    Never raises for one bad run: it is listed as "damaged" with the reason. WorkspaceError when the
    workspace itself is missing.
    """
    root = Path(workspace).expanduser()
    if not root.is_dir():
        raise WorkspaceError(msg("experiments.no_workspace", path=str(root)))
    try:
        children = sorted(p for p in root.iterdir() if p.name != TRASH_DIR and not p.name.startswith("."))
    except OSError as e:
        raise WorkspaceError(msg("experiments.unreadable_workspace", path=str(root),
                                 reason=e.strerror or str(e))) from e
    out: list[RunSummary] = []
    for i, child in enumerate(children):
        if stop is not None and stop.stop_requested:
            raise Cancelled(msg("experiments.cancelled"))
        if progress is not None:
            progress(i, len(children))
        if _looks_like_run(child):
            out.append(summarise_run(child))
    if progress is not None:
        progress(len(children), len(children))
    out.sort(key=lambda r: (r.created, r.name), reverse=True)
    return out


def _looks_like_run(path: Path) -> bool:
    """A run folder, or one that training started (config.json) and never got further with."""
    try:
        return is_run_dir(path) or (path.is_dir() and (path / CONFIG_JSON).is_file())
    except OSError:
        return False


def summarise_run(run_dir: str | Path) -> RunSummary:
    """One run folder as a RunSummary; a damaged one says why in ``problem`` (this never raises)."""
    path = Path(run_dir)
    created = _created(path, None)
    try:
        meta = read_run_meta(path)
        meta_problem = None
    except (DtfError, OSError) as e:
        meta, meta_problem = RunMeta(), _problem(e, path)
    base = {"path": path, "name": path.name, "tags": meta.tags, "note": meta.note}
    run_json = path / RUN_JSON
    if not run_json.exists():
        return RunSummary(created=created, status="damaged",
                          problem=msg("experiments.no_run_json", path=str(path)), **base)
    try:
        info = read_json_document(run_json, msg("runs.what_run"), TrainingError)
        if not isinstance(info, dict):
            raise TrainingError(msg("experiments.run_json_not_object", path=str(run_json)))
    except (DtfError, OSError) as e:
        return RunSummary(created=created, status="damaged", problem=_problem(e, run_json), **base)
    status = _status(path, info)
    problem = meta_problem
    if status is None:
        status, problem = "damaged", msg("experiments.unknown_status", path=str(run_json),
                                         status=str(info.get("status")))
    try:
        rows = read_metrics(path)
    except (OSError, ValueError, csv.Error):  # a damaged log: the run is listed without its history
        rows = []
    seconds = [r["seconds"] for r in rows if "seconds" in r]
    accs = [r["val_acc"] for r in rows if "val_acc" in r]
    best = _number(info.get("best_val_acc"))
    if best is None or best < 0:
        best = max(accs) if accs else None
    return RunSummary(
        created=_created(path, info), status=status, arch=str(info.get("arch") or ""),
        data_root=str(info.get("data_root") or ""), image_size=_image_size(info.get("input_size")),
        epochs_done=max([int(r["epoch"]) for r in rows] or [int(_number(info.get("epochs_done")) or 0)]),
        epochs_planned=_int(info.get("epochs")), best_val_acc=best,
        duration_s=float(sum(seconds)) if seconds else None, problem=problem, **base)


def run_status(run_dir: str | Path) -> str:
    """The status the index shows for one run (see the module docstring)."""
    return summarise_run(run_dir).status


def _status(path: Path, info: dict[str, Any]) -> str | None:
    """A live lock wins (a resume has started but not rewritten run.json yet); else run.json decides."""
    raw = info.get("status")
    if lock_holder_alive(path):
        return "running"
    if raw == "running":
        return "interrupted"
    return _ENDED.get(raw) if isinstance(raw, str) else None


def _problem(err: BaseException, path: Path) -> Message:
    message = getattr(err, "message", None)
    if isinstance(message, Message):
        return message
    reason = getattr(err, "strerror", None) or str(err)
    return msg("experiments.bad_run_json", path=str(path), reason=reason)


def _created(path: Path, info: dict[str, Any] | None) -> str:
    """When the run was made: run.json "created", else the time in the folder's name (new_run_dir names it so;
    run.json's "started" moves on a resume), else "started", else the folder's modification time."""
    if info is not None and isinstance(info.get("created"), str):
        return info["created"]
    m = _STAMP.match(path.name)
    if m:
        try:
            return _dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S").isoformat()
        except ValueError:
            pass
    if info is not None and isinstance(info.get("started"), str):
        return info["started"]
    try:
        return _dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0).isoformat()
    except OSError:
        return ""


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    n = _number(value)
    return int(n) if n is not None else None


def _image_size(value: Any) -> int | None:
    if isinstance(value, list) and value and all(_number(v) is not None for v in value):
        return int(max(value))
    return _int(value)


# -- tags, note, settings ----------------------------------------------------------------------------------------
def set_run_meta(run_dir: str | Path, *, tags: Iterable[str] | None = None, note: str | None = None) -> RunMeta:
    """Change a run's tags and/or note (what is not given stays); written atomically to meta.json."""
    old = read_run_meta(run_dir)
    new_tags = old.tags if tags is None else tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
    meta = RunMeta(new_tags, old.note if note is None else note)
    write_run_meta(run_dir, meta)
    return meta


def parse_tags(text: str) -> tuple[str, ...]:
    """"a, b; c" -> ("a", "b", "c"): how a user types tags in one field (commas or semicolons, either width)."""
    return tuple(dict.fromkeys(t.strip() for t in re.split(r"[,;，；]", text) if t.strip()))


def run_settings(run_dir: str | Path) -> RunConfig:
    """The settings a run was trained with (its config.json), for "duplicate settings" into a new run."""
    path = Path(run_dir) / CONFIG_JSON
    if not path.exists():
        raise WorkspaceError(msg("experiments.no_config", path=str(run_dir)))
    return RunConfig.load(path)


# -- the trash ------------------------------------------------------------------------------------------------
def trash_run(workspace: str | Path, run_dir: str | Path) -> TrashEntry:
    """Move a run folder into ``<workspace>/.trash/`` (journal line first); refused while it trains."""
    root = Path(workspace).expanduser()
    run = Path(run_dir).expanduser()
    if not run.is_dir() or _real(run.parent) != _real(root) or run.name in ("", TRASH_DIR):
        raise WorkspaceError(msg("experiments.not_in_workspace", path=str(run), workspace=str(root)))
    if lock_holder_alive(run):
        holder = read_lock_holder(run)
        if holder is None:
            raise WorkspaceError(msg("experiments.trash_running_unknown", path=str(run)))
        raise WorkspaceError(msg("experiments.trash_running", path=str(run), pid=holder.pid))
    trash = root / TRASH_DIR
    trash.mkdir(exist_ok=True)
    trash_name, n = run.name, 2
    while (trash / trash_name).exists() or (trash / trash_name).is_symlink():
        trash_name = f"{run.name}-{n}"
        n += 1
    entry = TrashEntry(uuid.uuid4().hex[:12], run.name, trash_name, time.strftime("%Y-%m-%dT%H:%M:%S"))
    _journal(root, {"op": "trash", "id": entry.id, "name": entry.name, "trash_name": entry.trash_name,
                    "when": entry.when})
    _move(run, trash / trash_name)
    return entry


def restore_run(workspace: str | Path, entry: TrashEntry | str) -> Path:
    """Move a trashed run back to its place in the workspace; never over an existing folder."""
    root = Path(workspace).expanduser()
    if isinstance(entry, str):
        found = next((e for e in trashed_runs(root, include_missing=True) if e.id == entry), None)
        if found is None:
            raise WorkspaceError(msg("experiments.trash_unknown", workspace=str(root), id=entry))
        entry = found
    src = entry.trashed_path(root)
    dst = root / entry.name
    if not src.is_dir():
        raise WorkspaceError(msg("experiments.trash_gone", path=str(src)))
    if dst.exists() or dst.is_symlink():
        raise WorkspaceError(msg("experiments.restore_taken", name=entry.name, path=str(dst)))
    _journal(root, {"op": "restore", "id": entry.id, "name": entry.name, "trash_name": entry.trash_name,
                    "when": time.strftime("%Y-%m-%dT%H:%M:%S")})
    _move(src, dst)
    return dst


def trashed_runs(workspace: str | Path, *, include_missing: bool = False) -> list[TrashEntry]:
    """The journal's runs still in the trash (not restored), newest first."""
    path = Path(workspace).expanduser() / TRASH_DIR / TRASH_JOURNAL
    entries: dict[str, TrashEntry] = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    for line in lines:
        try:
            rec = json.loads(line)
            if rec["op"] == "trash":
                entries[rec["id"]] = TrashEntry(str(rec["id"]), str(rec["name"]), str(rec["trash_name"]),
                                                str(rec.get("when", "")))
            elif rec["op"] == "restore":
                entries.pop(rec["id"], None)
        except (ValueError, KeyError, TypeError):
            continue  # a torn last line after a crash: the others still count
    out = [e for e in entries.values() if include_missing or e.trashed_path(workspace).is_dir()]
    return out[::-1]


def _journal(root: Path, record: dict[str, Any]) -> None:
    """Append one line to the trash journal and fsync it, before the move it describes."""
    path = root / TRASH_DIR / TRASH_JOURNAL
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _move(src: Path, dst: Path) -> None:
    """A rename inside one workspace (one file system): the folder moves whole or not at all."""
    try:
        os.rename(src, dst)
    except OSError as e:
        raise WorkspaceError(msg("experiments.move_failed", src=str(src), dst=str(dst),
                                 reason=e.strerror or str(e))) from e


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()

