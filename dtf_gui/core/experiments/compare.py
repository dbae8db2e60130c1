"""Compare 2 to 8 runs: the settings that differ, the pipeline steps that differ, and their results.

Why a core use case: ``dtf compare`` prints it and the Compare tab draws it, so both say the same thing
about the same runs (STYLE §15). Everything is read through :mod:`dtf_gui.core.runs.rundir` (the one owner
of a run's file names) and :meth:`RunConfig.load` (the checked JSON reader); nothing is written.

What "differs" means:

* **Settings** are the flattened run config (``train.lr``, ``model.arch``, ``freeze.plan``...; every key of
  :data:`~dtf_gui.core.config.FIELDS`). A key differs when not all runs have the same value (for two runs:
  when the two values differ). ``runs_dir`` is left out: it says where runs are kept, not how they were
  trained, and it is the same folder the runs are in. ``data.root`` is kept: two paths cannot be told to
  be the same data without reading every image, and hiding a real change of dataset would be worse than
  showing a path that only moved.
* **Pipelines** are compared step by step per split (``train``, ``val``), each run against the first one
  (the *reference*): the steps are aligned by name with :class:`difflib.SequenceMatcher`, and an aligned
  pair whose parameters (or on/off switch) differ is *changed*, with each parameter listed; a step only in
  the reference is *removed*, one only in the other run *added*. So for three runs A, B, C the diffs say
  how B and C each differ from A, not how B differs from C.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.config import FIELDS, RunConfig
from dtf_gui.core.errors import Cancelled, DtfError, TrainingError
from dtf_gui.core.experiments.index import duration_text
from dtf_gui.core.fileio import read_json_document
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.pipeline.spec import SPLITS, StepSpec
from dtf_gui.core.runs.rundir import CONFIG_JSON, RUN_JSON, is_run_dir, read_metrics

MIN_RUNS = 2
MAX_RUNS = 8
#: settings left out of the comparison (see the module docstring)
IGNORED_SETTINGS = frozenset({"runs_dir"})
#: the columns of a run's curves (metrics.csv), in the order the plots use them
CURVE_COLUMNS = ("epoch", "train_loss", "val_loss", "val_acc", "lr")
STATUSES = ("running", "completed", "stopped", "early_stopped", "failed")  # run.json "status"
ABSENT = "—"  # a parameter or step that one side does not have (language-neutral, like the diff marks)

Progress = Callable[[int, int], None]


# -- the result --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RunRef:
    """One compared run: ``name`` is what tables and legends call it (its folder name, made unique)."""

    name: str
    path: str


@dataclass(frozen=True)
class SettingDiff:
    """A setting whose value is not the same in every run; ``values`` has one entry per run, in order."""

    key: str
    values: tuple[Any, ...]

    def texts(self) -> tuple[str, ...]:
        return tuple(value_text(v) for v in self.values)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "values": [_plain(v) for v in self.values]}


@dataclass(frozen=True)
class ParamChange:
    """One parameter of a changed step: its value before (the reference) and after; absent on a side when
    that side does not set it (``in_before`` / ``in_after`` false)."""

    param: str
    before: Any = None
    after: Any = None
    in_before: bool = True
    in_after: bool = True

    def text(self) -> str:
        """``size: [64, 64] → [96, 96]`` (``—`` for a side that does not set it)."""
        b = param_text(self.before) if self.in_before else ABSENT
        a = param_text(self.after) if self.in_after else ABSENT
        return f"{self.param}: {b} → {a}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"param": self.param}
        if self.in_before:
            out["before"] = _plain(self.before)
        if self.in_after:
            out["after"] = _plain(self.after)
        return out


@dataclass(frozen=True)
class PipelineDiff:
    """One step that differs between run ``run`` and the reference (run 0) in ``split``'s pipeline.

    ``index`` is 0-based: the step's place in run ``run`` (added, changed) or in the reference (removed);
    ``ref_index`` is its place in the reference (for an added step: the reference step it comes before).
    ``before`` is the reference's step (None when added), ``after`` the run's (None when removed).
    """

    split: str
    kind: str  # "added" | "removed" | "changed"
    run: int
    run_name: str
    index: int
    name: str
    before: StepSpec | None = None
    after: StepSpec | None = None
    params: tuple[ParamChange, ...] = ()
    ref_index: int = 0

    @property
    def where(self) -> Message:
        """``train pipeline, step 2 (Resize)``: the step the diff is about."""
        return msg("pipeline.where.split_step_name", split=msg(f"pipeline.split.{self.split}"),
                   step=self.index + 1, name=self.name)

    @property
    def message(self) -> Message:
        """What changed, as a sentence: ``train pipeline, step 1 (Resize): changed in B: size: 64 → 96``."""
        where = self.where
        if self.kind == "changed":
            return msg("compare.step_changed", where=where, run=self.run_name,
                       changes="; ".join(p.text() for p in self.params))
        return msg(f"compare.step_{self.kind}", where=where, run=self.run_name)

    def lines(self) -> list[str]:
        """The diff as text: ``- Resize(size=64)`` for the reference's step, ``+ Resize(size=96)`` for the run's."""
        out = []
        if self.before is not None:
            out.append(f"- {step_text(self.before)}")
        if self.after is not None:
            out.append(f"+ {step_text(self.after)}")
        return out

    def to_json(self) -> dict[str, Any]:
        return {"split": self.split, "kind": self.kind, "run": self.run, "run_name": self.run_name,
                "index": self.index, "ref_index": self.ref_index, "name": self.name,
                "before": None if self.before is None else self.before.to_json(),
                "after": None if self.after is None else self.after.to_json(),
                "params": [p.to_json() for p in self.params], "lines": self.lines(),
                "message": render(self.message, "en"), "msg": self.message.to_json()}


@dataclass(frozen=True)
class PipelineRow:
    """One row of the side-by-side table: a step of the reference (or one added by some runs) as each run has
    it. ``cells`` holds one text per run (``—``: the run has no such step); ``kinds`` says, per run, how its
    cell differs from the reference (None: it does not; always None for the reference itself)."""

    split: str
    where: Message
    cells: tuple[str, ...]
    kinds: tuple[str | None, ...]
    diffs: tuple[PipelineDiff, ...]


@dataclass(frozen=True)
class RunMetrics:
    """A run's results side by side with the others' (None where the run has no epoch yet)."""

    name: str
    status: str | None
    epochs_done: int
    epochs: int | None  # planned (the config's train.epochs)
    best_val_acc: float | None
    best_epoch: int | None
    last_val_acc: float | None
    last_val_loss: float | None
    last_train_loss: float | None
    duration_s: float | None  # the epochs' own time (metrics.csv), not start-up or staging

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Comparison:
    """What :func:`compare_runs` found; ``runs[0]`` is the reference of the pipeline diffs."""

    runs: tuple[RunRef, ...]
    settings: list[SettingDiff]
    pipeline: list[PipelineDiff]
    metrics: list[RunMetrics]
    curves: list[list[dict[str, float]]]  # per run: the metrics.csv rows (epoch, train_loss, val_loss, val_acc, lr)
    notes: list[Message] = field(default_factory=list)  # what could not be read but did not stop the comparison

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.runs]

    def pipeline_rows(self) -> list[PipelineRow]:
        """The pipeline diffs as table rows, one per step: diffs of several runs about the same reference step
        (or the same added step at the same place) share a row, and a run without a diff there shows the
        reference's step (it has it unchanged) or ``—`` (it has no such added step)."""
        groups: dict[tuple[Any, ...], list[PipelineDiff]] = {}
        for d in self.pipeline:
            key: tuple[Any, ...] = ((d.split, "ref", d.ref_index) if d.kind != "added" else
                                    (d.split, "added", d.ref_index, repr(d.after and d.after.to_json())))
            groups.setdefault(key, []).append(d)
        rows = []
        # in pipeline order; an added step before the reference step it precedes (stable: ties keep their order)
        order = sorted(groups, key=lambda k: (SPLITS.index(k[0]), k[2], 0 if k[1] == "added" else 1))
        for diffs in (groups[k] for k in order):
            first = diffs[0]
            by_run = {d.run: d for d in diffs}
            unchanged = step_text(first.before) if first.before is not None else ABSENT
            cells, kinds = [unchanged], [None]
            for k in range(1, len(self.runs)):
                d = by_run.get(k)
                cells.append(unchanged if d is None else step_text(d.after) if d.after is not None else ABSENT)
                kinds.append(None if d is None else d.kind)
            where = first.where if first.kind == "added" else msg(
                "pipeline.where.split_step_name", split=msg(f"pipeline.split.{first.split}"),
                step=first.ref_index + 1, name=first.before.name if first.before is not None else first.name)
            rows.append(PipelineRow(first.split, where, tuple(cells), tuple(kinds), tuple(diffs)))
        return rows

    def same(self) -> bool:
        """No setting and no pipeline step differs."""
        return not self.settings and not self.pipeline

    def to_json(self) -> dict[str, Any]:
        """The ``dtf compare --json`` document: English texts plus the messages as data."""
        return {
            "runs": [{"name": r.name, "path": r.path} for r in self.runs],
            "reference": self.runs[0].name,
            "settings": [s.to_json() for s in self.settings],
            "pipeline": [d.to_json() for d in self.pipeline],
            "metrics": [m.to_json() for m in self.metrics],
            "curves": {r.name: rows for r, rows in zip(self.runs, self.curves, strict=True)},
            "notes": [{"message": render(n, "en"), "msg": n.to_json()} for n in self.notes],
        }


# -- the use case ---------------------------------------------------------------------------------------------
def compare_runs(run_dirs: Sequence[str | Path], *, stop: StopToken | None = None,
                 progress: Progress | None = None) -> Comparison:
    """Compare 2 to 8 run folders (see the module docstring for what differs); the first is the reference.

    Refuses (TrainingError with a message naming the folder) fewer than 2 or more than 8 runs, a folder
    given twice, a folder that is not a run, and a run without its config; a damaged run.json only loses
    the run's status (a note says so).
    """
    paths = [Path(p) for p in run_dirs]
    if len(paths) < MIN_RUNS:
        raise TrainingError(msg("compare.too_few", n=len(paths), least=MIN_RUNS))
    if len(paths) > MAX_RUNS:
        raise TrainingError(msg("compare.too_many", n=len(paths), most=MAX_RUNS))
    seen: set[Path] = set()
    for p in paths:
        if not is_run_dir(p):
            raise TrainingError(msg("compare.not_a_run", path=str(p), run_json=RUN_JSON))
        key = p.resolve()
        if key in seen:
            raise TrainingError(msg("compare.twice", path=str(p)))
        seen.add(key)
    refs = tuple(RunRef(n, str(p)) for n, p in zip(_unique_names(paths), paths, strict=True))
    configs: list[RunConfig] = []
    infos: list[dict[str, Any]] = []
    histories: list[list[dict[str, float]]] = []
    notes: list[Message] = []
    for i, p in enumerate(paths):
        if stop is not None and stop.stop_requested:
            raise Cancelled(msg("compare.stopped"))
        configs.append(_load_config(p))
        infos.append(_load_info(p, notes))
        histories.append(read_metrics(p))
        if progress is not None:
            progress(i + 1, len(paths))
    return Comparison(
        runs=refs,
        settings=setting_diffs(configs),
        pipeline=[d for i in range(1, len(configs)) for d in pipeline_diffs(configs[0], configs[i], i,
                                                                             refs[i].name)],
        metrics=[_metrics(r.name, info, cfg, rows)
                 for r, info, cfg, rows in zip(refs, infos, configs, histories, strict=True)],
        curves=[[{k: r[k] for k in CURVE_COLUMNS if k in r} for r in rows] for rows in histories],
        notes=notes,
    )


def setting_diffs(configs: Sequence[RunConfig]) -> list[SettingDiff]:
    """The flattened settings whose values are not all equal, in FIELDS order (``runs_dir`` left out)."""
    out = []
    for key in FIELDS:
        if key in IGNORED_SETTINGS:
            continue
        values = tuple(_plain(c.get(key)) for c in configs)
        if any(v != values[0] for v in values[1:]):
            out.append(SettingDiff(key, values))
    return out


def pipeline_diffs(reference: RunConfig, other: RunConfig, run: int, run_name: str) -> list[PipelineDiff]:
    """How ``other``'s pipelines differ from ``reference``'s, split by split (train, then val)."""
    out: list[PipelineDiff] = []
    for split in SPLITS:
        a = list(reference.pipeline.get(split))
        b = list(other.pipeline.get(split))
        matcher = SequenceMatcher(a=[s.name for s in a], b=[s.name for s in b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    changes = param_changes(a[i], b[j])
                    if changes:
                        out.append(PipelineDiff(split, "changed", run, run_name, j, b[j].name, a[i], b[j],
                                                changes, ref_index=i))
                continue
            for i in range(i1, i2):  # "delete", or the reference's side of a "replace"
                out.append(PipelineDiff(split, "removed", run, run_name, i, a[i].name, before=a[i], ref_index=i))
            for j in range(j1, j2):
                out.append(PipelineDiff(split, "added", run, run_name, j, b[j].name, after=b[j], ref_index=i2))
    return out


def param_changes(before: StepSpec, after: StepSpec) -> tuple[ParamChange, ...]:
    """The parameters of two same-named steps that differ, in name order; ``enabled`` last when it differs."""
    out = []
    for key in sorted(set(before.params) | set(after.params)):
        has_b, has_a = key in before.params, key in after.params
        b, a = before.params.get(key), after.params.get(key)
        if has_b != has_a or _plain(b) != _plain(a):
            out.append(ParamChange(key, b, a, has_b, has_a))
    if before.enabled != after.enabled:
        out.append(ParamChange("enabled", before.enabled, after.enabled))
    return tuple(out)


# -- text -------------------------------------------------------------------------------------------------
def param_text(value: Any) -> str:
    """A step parameter as Python would write it (steps are v2 constructor calls): ``[64, 64]``, ``'bilinear'``."""
    return repr(_plain(value))


def step_text(step: StepSpec) -> str:
    """``Resize(size=[64, 64], antialias=True)``; a switched-off step is shown commented out (``# Resize(...)``)."""
    call = f"{step.name}({', '.join(f'{k}={param_text(v)}' for k, v in step.params.items())})"
    return call if step.enabled else f"# {call}"


def value_text(value: Any) -> str:
    """A setting's value for a table cell: numbers as written, lists comma-separated, ``""`` as ``—``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}" if value == value and float(f"{value:g}") == value else repr(value)
    if value == "":
        return ABSENT
    return str(value)


def metric_table(metrics: Sequence[RunMetrics]) -> list[tuple[Message, list[Message | str]]]:
    """The metrics side by side: one (label, cell per run) row per metric; ``-`` where a run has no value.

    Why here: ``dtf compare`` and the Compare tab show the same table in the same words (Messages, so the
    GUI can say them again after a language switch).
    """

    def pct(v: float | None) -> str:
        return "-" if v is None else f"{v:.2%}"

    def num(v: float | None) -> str:
        return "-" if v is None else f"{v:.4f}"

    def status(s: str | None) -> Message | str:
        if s is None:
            return msg("compare.status.unknown")
        return msg(f"compare.status.{s}") if s in STATUSES else s

    def epochs(m: RunMetrics) -> str:
        return f"{m.epochs_done}/{m.epochs}" if m.epochs else str(m.epochs_done)

    rows: list[tuple[str, Callable[[RunMetrics], Message | str]]] = [
        ("status", lambda m: status(m.status)),
        ("epochs_done", epochs),
        ("best_val_acc", lambda m: pct(m.best_val_acc)),
        ("best_epoch", lambda m: "-" if m.best_epoch is None else str(m.best_epoch)),
        ("last_val_acc", lambda m: pct(m.last_val_acc)),
        ("last_val_loss", lambda m: num(m.last_val_loss)),
        ("last_train_loss", lambda m: num(m.last_train_loss)),
        ("duration", lambda m: duration_text(m.duration_s)),
    ]
    return [(msg(f"compare.metric.{key}"), [cell(m) for m in metrics]) for key, cell in rows]


# -- reading one run -------------------------------------------------------------------------------------
def _load_config(run_dir: Path) -> RunConfig:
    path = run_dir / CONFIG_JSON
    if not path.exists():
        raise TrainingError(msg("compare.no_config", path=str(run_dir), config=CONFIG_JSON))
    return RunConfig.load(path)  # ConfigError naming the file when it is damaged


def _load_info(run_dir: Path, notes: list[Message]) -> dict[str, Any]:
    """run.json, or {} with a note when it is missing or unreadable (only the status is lost)."""
    path = run_dir / RUN_JSON
    if not path.exists():
        return {}
    try:
        info = read_json_document(path, RUN_JSON, TrainingError)
    except DtfError as e:
        notes.append(msg("compare.no_status", path=str(path), reason=e.message))
        return {}
    return info if isinstance(info, dict) else {}


def _finite(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and math.isfinite(value) else None


def _metrics(name: str, info: dict[str, Any], config: RunConfig, rows: list[dict[str, float]]) -> RunMetrics:
    """The run's numbers from metrics.csv; the best epoch by the engine's rule (higher val accuracy, a tie
    going to the lower val loss), so it is the epoch best.pt holds."""
    best: dict[str, float] | None = None
    for r in rows:
        acc, loss = r.get("val_acc"), r.get("val_loss", math.inf)
        if acc is None or not math.isfinite(acc):
            continue
        if best is None or acc > best["val_acc"] or (acc == best["val_acc"] and loss < best.get("val_loss", math.inf)):
            best = r
    last = rows[-1] if rows else {}
    seconds = [r["seconds"] for r in rows if "seconds" in r and math.isfinite(r["seconds"])]
    status = info.get("status")
    return RunMetrics(
        name=name, status=status if isinstance(status, str) else None, epochs_done=len(rows),
        epochs=config.train.epochs, best_val_acc=None if best is None else best["val_acc"],
        best_epoch=None if best is None else int(best["epoch"]), last_val_acc=_finite(last.get("val_acc")),
        last_val_loss=_finite(last.get("val_loss")), last_train_loss=_finite(last.get("train_loss")),
        duration_s=sum(seconds) if seconds else None)


def _unique_names(paths: Sequence[Path]) -> list[str]:
    """Folder names; where two runs share one (runs of two workspaces), their parent folder is added."""
    base = [p.name or str(p) for p in paths]
    names = [f"{p.parent.name}/{p.name}" if base.count(b) > 1 else b for p, b in zip(paths, base, strict=True)]
    return [n if names.count(n) == 1 else f"{n} ({i + 1})" for i, n in enumerate(names)]


def _plain(value: Any) -> Any:
    """JSON-like value (tuples as lists), so a tuple read back as a list is not a difference."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
