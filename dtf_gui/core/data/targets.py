"""Regression data: a folder of images plus a CSV of numbers, ``file,target[,target2,...][,split]``.

The CSV lives at ``ROOT/targets.csv`` or anywhere the user names (``data.targets``); its ``file`` column holds
paths relative to ROOT, every other column but an optional ``split`` (train/val) is a numeric target. The
table is read with the csv module (UTF-8, BOM tolerated, the documents' size limit) and every problem is a
named :class:`~dtf_gui.core.data.scan.Finding`: a missing file (row, path), a non-numeric or non-finite
target (row, column, value), a duplicate row for a file, a path outside the folder, an image in the folder
without a target. A bad row is left out (like a broken image in a class folder); a bad table blocks training.
:func:`scan_regression` lists the CSV's images and decodes them with the classification scan's decoder.
"""

from __future__ import annotations

import csv
import io
import math
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.data.scan import FILE_ERRORS, IMAGE_EXTENSIONS, FileRecord, Finding, _decode_all
from dtf_gui.core.errors import DataError
from dtf_gui.core.fileio import read_document_text
from dtf_gui.core.messages import Message, msg, render

if TYPE_CHECKING:
    import torch

TARGETS_CSV = "targets.csv"
FILE_COLUMN = "file"
SPLIT_COLUMN = "split"
SPLITS = ("train", "val")
MAX_LISTED = 20  # images without a target named in the finding; the rest are counted
#: findings that make a table untrainable (the others leave one row out)
BLOCKING = frozenset({"csv_missing", "csv_unreadable", "csv_header", "too_few_rows", "empty_split"})


@dataclass
class TargetRow:
    """One usable row: the image (absolute path), its targets and, when the CSV says so, its split."""

    row: int  # line number in the CSV (the header is line 1)
    path: str
    values: tuple[float, ...]
    split: str | None = None


@dataclass
class TargetTable:
    """The CSV as training will use it: target names, usable rows and what is wrong with the rest."""

    root: str
    csv_path: str
    names: list[str] = field(default_factory=list)
    rows: list[TargetRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def can_train(self) -> bool:
        return not any(f.level == "error" and f.code in BLOCKING for f in self.findings)

    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error" and f.code in BLOCKING]


def targets_path(root: str | Path, targets: str | Path = "") -> Path:
    """The CSV a regression dataset uses: ``targets`` when given (relative to the working folder), else
    ``ROOT/targets.csv``."""
    return Path(targets).expanduser() if str(targets) else Path(root).expanduser() / TARGETS_CSV


def _finding(level: str, code: str, m: Message, path: str | None = None, paths: Sequence[str] = ()) -> Finding:
    return Finding(level, code, m, path, None, list(paths))


def read_targets(root: str | Path, targets: str | Path = "") -> TargetTable:
    """Read and check the targets CSV of ``root``; every problem is a finding naming row, column and value."""
    root_p = Path(root).expanduser()
    csv_p = targets_path(root_p, targets)
    table = TargetTable(str(root_p), str(csv_p))
    if not csv_p.exists():
        table.findings.append(Finding("error", "csv_missing", msg("regression.csv_missing", path=str(csv_p),
                                                                  root=str(root_p)), str(csv_p)))
        return table
    try:
        text = read_document_text(csv_p, render(msg("regression.what_csv"), "en"), DataError)
    except (DataError, OSError) as e:
        table.findings.append(Finding("error", "csv_unreadable", msg("regression.csv_unreadable", path=str(csv_p),
                                                                     reason=str(e)), str(csv_p)))
        return table
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip() for h in rows[0]] if rows else []
    if not header or header[0].lower() != FILE_COLUMN or len([h for h in header[1:] if h.lower() != SPLIT_COLUMN]) < 1:
        table.findings.append(Finding("error", "csv_header", msg("regression.csv_header", path=str(csv_p),
                                                                 header=",".join(header)), str(csv_p)))
        return table
    split_col = next((i for i, h in enumerate(header) if i > 0 and h.lower() == SPLIT_COLUMN), None)
    value_cols = [i for i in range(1, len(header)) if i != split_col]
    table.names = [header[i] for i in value_cols]
    _read_rows(table, rows[1:], value_cols, split_col, root_p)
    _note_untargeted(table, root_p, csv_p)
    if len(table.rows) < 2:
        table.findings.append(Finding("error", "too_few_rows", msg("regression.too_few_rows", path=str(csv_p),
                                                                   n=len(table.rows)), str(csv_p)))
    return table


def _read_rows(table: TargetTable, rows: list[list[str]], value_cols: list[int], split_col: int | None,
               root: Path) -> None:
    """Check each data row; a good one joins ``table.rows``, a bad one is a finding (and left out)."""
    seen: dict[str, int] = {}
    root_real = os.path.realpath(root)
    for n, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (max(value_cols + [split_col or 0]) + 1 - len(cells))
        rel = cells[0].strip()
        full = os.path.normpath(os.path.join(root, rel))
        real = os.path.realpath(full)
        if not rel or os.path.isabs(rel) or os.path.commonpath([root_real, real]) != root_real:
            table.findings.append(_finding("error", "outside_root", msg("regression.outside_root", row=n,
                                                                        path=rel, root=str(root)), rel))
            continue
        if not os.path.isfile(full):
            table.findings.append(_finding("error", "missing_file", msg("regression.missing_file", row=n, path=rel),
                                           full))
            continue
        values, bad = [], False
        for i in value_cols:
            raw = cells[i].strip()
            try:
                v = float(raw)
            except ValueError:
                table.findings.append(_finding("error", "not_numeric", msg(
                    "regression.not_numeric", row=n, column=table.names[value_cols.index(i)], value=raw), full))
                bad = True
                continue
            if not math.isfinite(v):
                table.findings.append(_finding("error", "not_finite", msg(
                    "regression.not_finite", row=n, column=table.names[value_cols.index(i)], value=raw), full))
                bad = True
            values.append(v)
        split = None
        if split_col is not None:
            split = cells[split_col].strip().lower() or None
            if split is not None and split not in SPLITS:
                table.findings.append(_finding("error", "bad_split", msg("regression.bad_split", row=n,
                                                                         value=cells[split_col].strip()), full))
                bad = True
        key = os.path.normcase(real)
        if key in seen:
            table.findings.append(_finding("error", "duplicate", msg("regression.duplicate", row=n, path=rel,
                                                                     first=seen[key]), full))
            continue
        seen[key] = n
        if not bad:
            table.rows.append(TargetRow(n, full, tuple(values), split))


def _note_untargeted(table: TargetTable, root: Path, csv_p: Path) -> None:
    """A warning listing the images in the folder that have no row (they are not used)."""
    have = {os.path.normcase(os.path.realpath(r.path)) for r in table.rows}
    have |= {os.path.normcase(os.path.realpath(f.path)) for f in table.findings if f.path}
    missing: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(IMAGE_EXTENSIONS):
                full = os.path.join(folder, name)
                if os.path.normcase(os.path.realpath(full)) not in have:
                    missing.append(os.path.relpath(full, root))
    if missing:
        shown = ", ".join(missing[:MAX_LISTED]) + (f", … (+{len(missing) - MAX_LISTED})"
                                                   if len(missing) > MAX_LISTED else "")
        table.findings.append(_finding("warning", "no_target", msg("regression.no_target", n=len(missing),
                                                                    csv=str(csv_p), files=shown),
                                       paths=[os.path.join(root, m) for m in missing]))


# -- the scan ----------------------------------------------------------------------------------------
@dataclass
class RegressionReport:
    """What a regression run would train on: the table, each image's record (split, decode result)."""

    table: TargetTable
    records: list[FileRecord]  # one per usable row, in CSV order; ``label`` is unused ("")
    findings: list[Finding]
    decoded: bool

    def usable(self, split: str) -> list[tuple[FileRecord, TargetRow]]:
        return [(rec, row) for rec, row in zip(self.records, self.table.rows, strict=True)
                if rec.error is None and rec.split == split]

    def can_train(self) -> bool:
        return not any(f.level == "error" and f.code in BLOCKING for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        counts = {s: len(self.usable(s)) for s in SPLITS}
        return {"task": "regression", "root": self.table.root, "targets_csv": self.table.csv_path,
                "targets": list(self.table.names), "counts": counts, "can_train": self.can_train(),
                "decoded": self.decoded, "findings": [f.to_json() for f in self.findings],
                "excluded": [{"path": r.path, "split": r.split, "error": r.error}
                             for r in self.records if r.error is not None]}


def scan_regression(root: str | Path, targets: str | Path = "", *, val_fraction: float = 0.2, seed: int = 0,
                    decode: bool = True, progress: Progress | None = None, stop: StopToken | None = None,
                    workers: int | None = None) -> RegressionReport:
    """Read the CSV, split its rows (its ``split`` column, else a seeded ``val_fraction``) and decode each image."""
    table = read_targets(root, targets)
    records = [FileRecord(r.path, r.split or "train", "", _size(r.path)) for r in table.rows]
    unsplit = [rec for rec, row in zip(records, table.rows, strict=True) if row.split is None]
    if unsplit:
        order = sorted(range(len(unsplit)), key=lambda i: unsplit[i].path)
        random.Random(f"{seed}:regression").shuffle(order)
        n_val = min(max(round(len(unsplit) * val_fraction), 1), len(unsplit) - 1) if len(unsplit) >= 2 else 0
        for i in order[:n_val]:
            unsplit[i].split = "val"
    findings = list(table.findings)
    if decode and records:
        _decode_all(records, progress, stop, max(1, workers if workers is not None else min(4, os.cpu_count() or 1)))
    for rec in records:
        if rec.error is not None:
            why = FILE_ERRORS.get(rec.error, rec.error)
            findings.append(Finding("error", rec.error, msg("scan.file_excluded", path=rec.path, why=why), rec.path,
                                    rec.split))
    report = RegressionReport(table, records, findings, decoded=decode)
    if table.can_train():
        for split in SPLITS:
            if not report.usable(split):
                findings.append(Finding("error", "empty_split", msg("regression.empty_split", path=table.csv_path,
                                                                    split=split), table.csv_path, split))
    return report


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


# -- the dataset ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TargetNorm:
    """Per-target mean and standard deviation of the train targets: the model learns (y - mean) / std, so one
    learning rate and one Huber delta fit targets of any scale; predictions are mapped back with ``undo``."""

    mean: tuple[float, ...]
    std: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[Sequence[float]]) -> TargetNorm:
        import torch  # lazy: `dtf scan` reads the CSV without torch

        t = torch.tensor([list(v) for v in values], dtype=torch.float64)
        std = t.std(0, unbiased=False) if len(t) > 1 else torch.ones(t.shape[1], dtype=torch.float64)
        std = torch.where(std > 1e-12, std, torch.ones_like(std))
        return cls(tuple(float(x) for x in t.mean(0)), tuple(float(x) for x in std))

    @classmethod
    def from_json(cls, obj: Any) -> TargetNorm | None:
        if not isinstance(obj, dict) or "mean" not in obj or "std" not in obj:
            return None
        return cls(tuple(float(x) for x in obj["mean"]), tuple(float(x) for x in obj["std"]))

    def to_json(self) -> dict[str, list[float]]:
        return {"mean": list(self.mean), "std": list(self.std)}

    def apply(self, y: torch.Tensor) -> torch.Tensor:
        import torch  # lazy: see of()

        return (y - torch.tensor(self.mean, dtype=y.dtype, device=y.device)) / torch.tensor(
            self.std, dtype=y.dtype, device=y.device)

    def undo(self, y: torch.Tensor) -> torch.Tensor:
        import torch  # lazy: see of()

        return y * torch.tensor(self.std, dtype=y.dtype, device=y.device) + torch.tensor(
            self.mean, dtype=y.dtype, device=y.device)


class RegressionDataset:
    """(path, float32 targets [T]) samples, loaded with ``load_rgb``; the targets already normalised.

    ``samples[i][1]`` is the target tensor (the staging cache reads it there), like the class index of
    :class:`~dtf_gui.core.data.datasets.ImageFolderDataset`. Plain attributes: it pickles into workers.
    """

    def __init__(self, samples: list[tuple[str, torch.Tensor]], names: list[str]) -> None:
        self.samples = samples
        self.names = list(names)

    @property
    def targets(self) -> list[torch.Tensor]:
        return [t for _, t in self.samples]

    @property
    def paths(self) -> list[str]:
        return [p for p, _ in self.samples]

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, i: int) -> tuple[Any, torch.Tensor]:
        from dtf_gui.core.data.datasets import load_rgb  # lazy: datasets imports torch

        path, target = self.samples[i]
        return load_rgb(path), target


def make_regression_datasets(report: RegressionReport) -> tuple[RegressionDataset, RegressionDataset, TargetNorm]:
    """Train and val datasets of the usable rows, targets normalised by the train rows' mean and std."""
    if not report.can_train():
        blocking = [f for f in report.findings if f.level == "error" and f.code in BLOCKING]
        raise DataError(msg("regression.cannot_train", path=report.table.csv_path, reason=blocking[0].msg),
                        report.table.csv_path)
    import torch  # lazy: see TargetNorm.of

    train = report.usable("train")
    norm = TargetNorm.of([row.values for _, row in train])
    sets = []
    for split in SPLITS:
        samples = [(rec.path, norm.apply(torch.tensor(row.values, dtype=torch.float64)).float())
                   for rec, row in report.usable(split)]
        sets.append(RegressionDataset(samples, report.table.names))
    return sets[0], sets[1], norm
