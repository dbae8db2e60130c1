"""AppState: the one source of truth of the desktop app.

Widgets never own state (STYLE §2.1). A user action calls a method here; every widget refreshes from
the ``*_changed`` signals. Every pipeline edit goes through :class:`QUndoStack` (``state.undo_stack``),
so Ctrl+Z undoes anything the user did to a pipeline.

API (for the panels; stable — extend, don't rename)
---------------------------------------------------
Signals (payloads are plain Python objects):

=========================== ============================================================================
``data_root_changed(str)``   dataset folder ("" = none)
``val_root_changed(str)``    a val folder kept apart from the dataset folder ("" = its val/ or a share)
``val_fraction_changed(float)`` share of a single folder that becomes the val split (0.05..0.5)
``scan_report_changed(object)`` ``ScanReport | None`` (``dtf_gui.core.data.scan``)
``document_changed(object)``  ``PipelineDocument`` after any edit, undo, redo or load
``document_path_changed(str)`` file the pipeline document was loaded from / saved to ("" = unsaved)
``current_step_changed(str, int)`` (split, index) selected in the pipeline editor; index -1 = none
``preview_split_changed(str)`` "train" | "val" | "batch": the pipeline the preview strip traces (batch: the
                             batch stage, on a batch of samples)
``preview_seed_changed(int)``  seed for random steps in the preview (the re-roll button bumps it)
``selected_sample_changed(str)`` absolute path of the preview sample ("" = none)
``run_config_changed(object)`` ``RunConfig | None`` (``dtf_gui.core.config``)
``config_path_changed(str)``   file the run config was loaded from / saved to
``run_dir_changed(str)``       current run directory ("" = none yet)
``training_status_changed(str)`` one of TRAINING_STATUSES
``error_reported(str, str)``   (message for the user, details/traceback) -> the main window shows it once
``message_posted(str)``        a short status-bar message
=========================== ============================================================================

Properties (read-only; use the setters): ``data_root``, ``val_root``, ``val_fraction``, ``scan_report``, ``document``,
``document_path``, ``current_step``, ``preview_split``, ``preview_seed``, ``selected_sample``,
``run_config``, ``config_path``, ``run_dir``, ``training_status``, ``undo_stack``, ``is_training``.

Pipeline edits (each one is one undoable command): ``insert_step``, ``append_step``, ``remove_step``,
``move_step``, ``replace_step``, ``set_step_params``, ``set_step_enabled``, ``apply_document`` (any new
document, e.g. a lint fix). ``set_document(doc, path)`` replaces the document and clears the undo history
(file open); ``load_document(path)`` / ``save_document(path)`` read and write JSON.

Run config: ``set_run_config(cfg)`` (whatever the training panel edits), ``load_config(path)``,
``save_config(path)``, ``config_for_run()`` -> the RunConfig with the current data root, val folder, val
fraction and pipeline document filled in: what the Start button should train.

Training: the run controller (``dtf_gui.qt.controllers.run_controller``) calls ``set_run_dir(path)`` and
``set_training_status(status)`` (a :class:`TrainingStatus` value); the main window's Start/Stop actions and
the Training panel's buttons call the controller.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from dtf_gui.core.config import RunConfig, default_run_config
from dtf_gui.core.errors import ConfigError, PipelineError
from dtf_gui.core.pipeline.spec import STAGES, PipelineDocument, PipelineSpec, StepSpec

if TYPE_CHECKING:
    from dtf_gui.core.data.scan import ScanReport


class TrainingStatus(str, Enum):
    """Where training stands. The run controller moves it; ``busy`` says a run holds the machine."""

    IDLE = "idle"
    STARTING = "starting"  # loading data, building the model
    RUNNING = "running"
    PAUSING = "pausing"  # Pause pressed; the engine finishes its batch, then waits
    PAUSED = "paused"  # the engine waits for Resume or Stop
    STOPPING = "stopping"  # Stop pressed; the engine saves a checkpoint after its batch
    COMPLETED = "completed"
    STOPPED = "stopped"
    FAILED = "failed"

    @property
    def busy(self) -> bool:
        return self in (TrainingStatus.STARTING, TrainingStatus.RUNNING, TrainingStatus.PAUSING,
                        TrainingStatus.PAUSED, TrainingStatus.STOPPING)


TRAINING_STATUSES = tuple(s.value for s in TrainingStatus)

# QUndoCommand ids: consecutive edits of the same parameter of the same step merge into one undo step
# (typing 1, 2, 8 into a spin box is one edit, not three).
_PARAM_EDIT_ID = 1701


class DocumentEdit(QUndoCommand):
    """Swap the pipeline document between two frozen versions (specs are immutable, so this is exact)."""

    def __init__(self, state: AppState, before: PipelineDocument, after: PipelineDocument, text: str,
                 merge_key: tuple | None = None) -> None:
        super().__init__(text)
        self._state = state
        self.before = before
        self.after = after
        self.merge_key = merge_key

    def id(self) -> int:  # noqa: A003 - Qt API name
        return _PARAM_EDIT_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API name
        if not isinstance(other, DocumentEdit) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self._state._set_document_quiet(self.after)

    def undo(self) -> None:
        self._state._set_document_quiet(self.before)


class AppState(QObject):
    """Everything the panels share, with a ``*_changed`` signal per field."""

    data_root_changed = Signal(str)
    val_root_changed = Signal(str)
    val_fraction_changed = Signal(float)
    scan_report_changed = Signal(object)
    document_changed = Signal(object)
    document_path_changed = Signal(str)
    current_step_changed = Signal(str, int)
    preview_split_changed = Signal(str)
    preview_seed_changed = Signal(int)
    selected_sample_changed = Signal(str)
    run_config_changed = Signal(object)
    config_path_changed = Signal(str)
    run_dir_changed = Signal(str)
    training_status_changed = Signal(str)
    error_reported = Signal(str, str)
    message_posted = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data_root = ""
        self._val_root = ""
        self._val_fraction = 0.2
        self._scan_report: ScanReport | None = None
        self._document = PipelineDocument()
        self._document_path = ""
        self._current_step: tuple[str, int] = ("train", -1)
        self._preview_split = "train"
        self._preview_seed = 0
        self._selected_sample = ""
        self._run_config: RunConfig | None = None
        self._config_path = ""
        self._run_dir = ""
        self._training_status = "idle"
        self._undo_stack = QUndoStack(self)

    # -- read-only views -----------------------------------------------------------------------
    @property
    def data_root(self) -> str:
        return self._data_root

    @property
    def val_root(self) -> str:
        return self._val_root

    @property
    def val_fraction(self) -> float:
        return self._val_fraction

    @property
    def scan_report(self) -> ScanReport | None:
        return self._scan_report

    @property
    def document(self) -> PipelineDocument:
        return self._document

    @property
    def document_path(self) -> str:
        return self._document_path

    @property
    def current_step(self) -> tuple[str, int]:
        return self._current_step

    @property
    def preview_split(self) -> str:
        return self._preview_split

    @property
    def preview_seed(self) -> int:
        return self._preview_seed

    @property
    def selected_sample(self) -> str:
        return self._selected_sample

    @property
    def run_config(self) -> RunConfig | None:
        return self._run_config

    @property
    def config_path(self) -> str:
        return self._config_path

    @property
    def run_dir(self) -> str:
        return self._run_dir

    @property
    def training_status(self) -> str:
        return self._training_status

    @property
    def is_training(self) -> bool:
        return TrainingStatus(self._training_status).busy

    @property
    def undo_stack(self) -> QUndoStack:
        return self._undo_stack

    # -- data ------------------------------------------------------------------------------------
    def set_data_root(self, path: str | Path) -> None:
        """Choose the dataset folder; the old scan report no longer applies, so it is cleared."""
        path = str(Path(path).expanduser().resolve()) if str(path) else ""
        if path == self._data_root:
            return
        self._data_root = path
        self.data_root_changed.emit(path)
        self.set_scan_report(None)

    def set_val_root(self, path: str | Path) -> None:
        """Choose a val folder apart from the dataset folder ("" = none); the old scan report is cleared."""
        path = str(Path(path).expanduser().resolve()) if str(path) else ""
        if path == self._val_root:
            return
        self._val_root = path
        self.val_root_changed.emit(path)
        self.set_scan_report(None)

    def set_val_fraction(self, fraction: float) -> None:
        fraction = float(fraction)
        if not 0.0 < fraction < 1.0:
            raise ConfigError(f"The validation share must be between 0 and 1 (got {fraction}).",
                              field="data.val_fraction")
        if abs(fraction - self._val_fraction) < 1e-9:
            return
        self._val_fraction = fraction
        self.val_fraction_changed.emit(fraction)

    def set_scan_report(self, report: ScanReport | None) -> None:
        self._scan_report = report
        self.scan_report_changed.emit(report)
        if report is not None and self._selected_sample == "":
            first = next(iter(_usable_paths(report)), "")
            if first:
                self.set_selected_sample(first)

    def set_selected_sample(self, path: str | Path) -> None:
        path = str(path) if str(path) else ""
        if path == self._selected_sample:
            return
        self._selected_sample = path
        self.selected_sample_changed.emit(path)

    # -- pipeline document -------------------------------------------------------------------------
    def set_document(self, doc: PipelineDocument, path: str | Path | None = None) -> None:
        """Replace the document (file open, new project): not undoable, so the history starts afresh."""
        self._undo_stack.clear()
        self._set_document_quiet(doc)
        self._set_document_path("" if path is None else str(path))
        split, index = self._current_step
        if index >= len(doc.get(split)):
            self.set_current_step(split, -1)

    def load_document(self, path: str | Path) -> PipelineDocument:
        doc = PipelineDocument.load(path)
        self.set_document(doc, path)
        self._undo_stack.setClean()
        return doc

    def save_document(self, path: str | Path | None = None) -> Path:
        target = path or self._document_path
        if not target:
            raise PipelineError("This pipeline has no file yet; choose one with File > Save Pipeline As.")
        saved = self._document.save(target)
        self._set_document_path(str(saved))
        self._undo_stack.setClean()
        return saved

    def apply_document(self, doc: PipelineDocument, text: str, merge_key: tuple | None = None) -> None:
        """Any edit of the document, as one undoable command (``text`` is shown in the Edit menu)."""
        if doc == self._document:
            return
        self._undo_stack.push(DocumentEdit(self, self._document, doc, text, merge_key))

    def _edit_split(self, split: str, spec: PipelineSpec, text: str, merge_key: tuple | None = None) -> None:
        self.apply_document(self._document.with_split(split, spec), text, merge_key)

    def insert_step(self, split: str, index: int, step: StepSpec) -> None:
        """Add ``step``; a batch step (MixUp, CutMix) outside the batch stage, or a per-image step in it, is
        refused with the builder's message (PipelineError), so no route -- drop, copy, palette -- can put it there."""
        _check_placement(step.name, split)
        spec = self._document.get(split)
        index = max(0, min(index, len(spec)))
        self._edit_split(split, spec.insert(index, step), QCoreApplication.translate("AppState", "Add {0}").format(step.name))
        self.set_current_step(split, index)

    def append_step(self, split: str, step: StepSpec) -> None:
        self.insert_step(split, len(self._document.get(split)), step)

    def remove_step(self, split: str, index: int) -> None:
        spec = self._document.get(split)
        name = spec[index].name
        self._edit_split(split, spec.remove(index), QCoreApplication.translate("AppState", "Remove {0}").format(name))
        cur_split, cur = self._current_step
        if cur_split == split and cur >= len(self._document.get(split)):
            self.set_current_step(split, len(self._document.get(split)) - 1)

    def move_step(self, split: str, src: int, dst: int) -> None:
        """Move step ``src`` so it ends up at index ``dst`` (``PipelineSpec.move`` semantics)."""
        spec = self._document.get(split)
        dst = max(0, min(dst, len(spec) - 1))
        if src == dst:
            return
        self._edit_split(split, spec.move(src, dst), QCoreApplication.translate("AppState", "Move {0}").format(spec[src].name))
        self.set_current_step(split, dst)

    def replace_step(self, split: str, index: int, step: StepSpec, text: str | None = None) -> None:
        spec = self._document.get(split)
        self._edit_split(split, spec.replace(index, step), text or QCoreApplication.translate("AppState", "Edit {0}").format(step.name))

    def set_step_params(self, split: str, index: int, changes: dict[str, Any]) -> None:
        """Change parameters of one step; ``None`` for a key that is not optional removes it (= default).

        Consecutive edits of the same field merge into one undo step.
        """
        spec = self._document.get(split)
        step = spec[index]
        params = dict(step.params)
        params.update(changes)
        new = StepSpec(step.name, params, step.enabled)
        key = ("param", split, index, tuple(sorted(changes)))
        self._edit_split(split, spec.replace(index, new),
                         QCoreApplication.translate("AppState", "Edit {0}.{1}").format(step.name, ", ".join(sorted(changes))), key)

    def set_step_enabled(self, split: str, index: int, enabled: bool) -> None:
        spec = self._document.get(split)
        step = spec[index]
        text = (QCoreApplication.translate("AppState", "Enable {0}") if enabled else QCoreApplication.translate("AppState", "Disable {0}")).format(step.name)
        self._edit_split(split, spec.replace(index, step.with_enabled(enabled)), text)

    def set_current_step(self, split: str, index: int) -> None:
        if split not in STAGES:
            raise PipelineError(f"Unknown split {split!r}; use 'train', 'val' or 'batch'.")
        if (split, index) == self._current_step:
            return
        self._current_step = (split, index)
        self.current_step_changed.emit(split, index)

    def current_step_spec(self) -> StepSpec | None:
        split, index = self._current_step
        spec = self._document.get(split)
        return spec[index] if 0 <= index < len(spec) else None

    def set_preview_split(self, split: str) -> None:
        if split not in STAGES:
            raise PipelineError(f"Unknown split {split!r}; use 'train', 'val' or 'batch'.")
        if split != self._preview_split:
            self._preview_split = split
            self.preview_split_changed.emit(split)

    def set_preview_seed(self, seed: int) -> None:
        if int(seed) != self._preview_seed:
            self._preview_seed = int(seed)
            self.preview_seed_changed.emit(self._preview_seed)

    def reroll(self) -> None:
        """New random draw for the random steps of the preview."""
        self.set_preview_seed(self._preview_seed + 1)

    def _set_document_quiet(self, doc: PipelineDocument) -> None:
        self._document = doc
        self.document_changed.emit(doc)

    def _set_document_path(self, path: str) -> None:
        if path != self._document_path:
            self._document_path = path
            self.document_path_changed.emit(path)

    # -- run config --------------------------------------------------------------------------------
    def set_run_config(self, config: RunConfig | None) -> None:
        self._run_config = config
        self.run_config_changed.emit(config)

    def new_run_config(self, data_root: str | Path | None = None) -> RunConfig:
        """The settings a new run starts from: `dtf config`'s defaults (:func:`default_run_config`) for
        ``data_root`` (default: this state's), with runs kept in the user data folder -- a desktop app has no
        working folder of its own to put them in."""
        from dtf_gui.core.data.demo import user_data_dir

        root = self._data_root if data_root is None else str(data_root)
        return default_run_config(root, runs_dir=user_data_dir() / "runs")

    def load_config(self, path: str | Path) -> RunConfig:
        """Open a RunConfig JSON: its data root, val fraction and pipeline become the app's."""
        cfg = RunConfig.load(path)
        self.set_run_config(cfg)
        self._config_path = str(path)
        self.config_path_changed.emit(self._config_path)
        data = getattr(cfg, "data", None)
        if data is not None:
            self.set_val_root(getattr(data, "val_root", "") or "")  # before the root: one scan, of both
        if data is not None and getattr(data, "root", None):
            self.set_data_root(data.root)
        if data is not None and getattr(data, "val_fraction", None):
            self.set_val_fraction(data.val_fraction)
        pipeline = getattr(cfg, "pipeline", None)
        if pipeline is not None:
            doc = pipeline if isinstance(pipeline, PipelineDocument) else PipelineDocument.from_json(pipeline)
            if len(doc.train) or len(doc.val) or len(doc.batch):
                self.set_document(doc)
        return cfg

    def save_config(self, path: str | Path) -> Path:
        cfg = self.config_for_run()
        saved = cfg.save(path)
        self._config_path = str(path)
        self.config_path_changed.emit(self._config_path)
        return Path(saved) if saved is not None else Path(path)

    def config_for_run(self) -> RunConfig:
        """The RunConfig to train: the panel's settings plus this state's data root, val folder, split and
        pipeline."""
        cfg = self._run_config if self._run_config is not None else RunConfig()
        data = cfg.data
        data = dataclasses.replace(data, root=self._data_root, val_root=self._val_root,
                                   val_fraction=self._val_fraction)
        pipeline_field = getattr(cfg, "pipeline", None)
        pipeline: Any = self._document
        if pipeline_field is not None and not isinstance(pipeline_field, PipelineDocument):
            pipeline = self._document.to_json()
        return dataclasses.replace(cfg, data=data, pipeline=pipeline)

    # -- training ----------------------------------------------------------------------------------
    def set_run_dir(self, path: str | Path) -> None:
        path = str(path) if str(path) else ""
        if path != self._run_dir:
            self._run_dir = path
            self.run_dir_changed.emit(path)

    def set_training_status(self, status: str | TrainingStatus) -> None:
        if status not in TRAINING_STATUSES:
            raise ValueError(f"unknown training status {status!r}; expected one of {TRAINING_STATUSES}")
        status = TrainingStatus(status).value  # signals carry the plain string
        if status != self._training_status:
            self._training_status = status
            self.training_status_changed.emit(status)

    # -- errors and messages -----------------------------------------------------------------------
    def report_error(self, message: Any, details: str = "") -> None:
        """Show an error in the one place errors are shown (the main window's error dialog).

        ``message`` is text, a core Message or an error carrying one: it is said in the GUI's language.
        """
        from dtf_gui.qt import i18n

        self.error_reported.emit(i18n.text(message), details)

    def post_message(self, text: Any) -> None:
        """A short status-bar message (text or a core Message, said in the GUI's language)."""
        from dtf_gui.qt import i18n

        self.message_posted.emit(i18n.text(text))


def _check_placement(name: str, split: str) -> None:
    from dtf_gui.core.pipeline.build import placement_error  # lazy: torchvision

    refusal = placement_error(name, split)
    if refusal is not None:
        raise PipelineError(refusal)


def _usable_paths(report: Any) -> list[str]:
    """Paths of usable files in a ScanReport, train split first (for the default preview sample)."""
    out: list[str] = []
    for split in ("train", "val"):
        try:
            records = report.usable(split)
        except Exception:  # a report without that split
            continue
        out.extend(r.path for r in records)
    return out
