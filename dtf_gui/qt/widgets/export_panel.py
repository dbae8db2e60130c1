"""Export panel: pick a finished run, the formats and a folder; write the bundle in a worker thread.

"train.py (plain PyTorch)" also (or only) writes the run as a standalone training script with its file list
(``core.runs.script``); a train.py already in the folder is replaced only after asking.

The bundle itself (weights, class names, the val pipeline, model card) is ``core.runs.bundle.export_bundle``;
this panel only collects its arguments, keeps the GUI responsive while ONNX/TorchScript tracing runs,
and shows where the bundle went with a button that opens that folder in the file manager.

The output folder follows the run (``<run>-bundle`` beside it) until the user types or picks one; writing
over the bundle of another run asks first, naming that run.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.errors import DtfError, ExportError
from dtf_gui.core.fileio import display_name, read_json_document
from dtf_gui.core.messages import msg, render
from dtf_gui.core.runs.artifacts import TRAIN_PY
from dtf_gui.core.runs.bundle import check_out_folder
from dtf_gui.core.runs.rundir import is_run_dir
from dtf_gui.qt import i18n
from dtf_gui.qt.i18n import Retranslatable
from dtf_gui.qt.widgets.layout import ask
from dtf_gui.qt.widgets.tta_combo import TtaCombo
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import export_job, script_job

FORMATS = ("pth", "safetensors", "torchscript", "onnx")
DEFAULT_FORMATS = ("pth", "safetensors")


class ExportPanel(Retranslatable, QWidget):
    """Collects export_bundle's arguments from the user and runs it off the GUI thread."""

    exported = Signal(str)  # bundle folder

    def __init__(self, state, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.job = JobRunner(self, name="ExportThread")
        self.bundle_path = ""
        self._out_chosen = False  # the user typed or picked the output folder: it no longer follows the run

        # -- source run --------------------------------------------------------------------------
        self.run_edit = QLineEdit(self)
        self.run_browse = QPushButton(self)
        self.which_combo = QComboBox(self)
        self.which_combo.addItem("best", "best")
        self.which_combo.addItem("last", "last")
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_edit, 1)
        run_row.addWidget(self.run_browse)

        # -- formats -----------------------------------------------------------------------------
        self.format_boxes: dict[str, QCheckBox] = {}
        fmt_row = QHBoxLayout()
        for fmt in FORMATS:
            box = QCheckBox(fmt, self)
            box.setChecked(fmt in DEFAULT_FORMATS)
            self.format_boxes[fmt] = box
            fmt_row.addWidget(box)
        self.script_box = QCheckBox(self)  # the run as plain PyTorch: train.py + split.csv
        fmt_row.addWidget(self.script_box)
        fmt_row.addStretch(1)
        self._script_only = False  # what the running job writes: the script alone, or a bundle
        self._onnx_missing = importlib.util.find_spec("onnx") is None
        if self._onnx_missing:
            self.format_boxes["onnx"].setEnabled(False)

        # -- destination -------------------------------------------------------------------------
        self.out_edit = QLineEdit(self)
        self.out_browse = QPushButton(self)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.out_browse)

        self.form = QFormLayout()
        self.form.addRow("run", run_row)
        self.form.addRow("weights", self.which_combo)
        self.form.addRow("formats", fmt_row)
        self.form.addRow("out", out_row)
        self.tta_combo = TtaCombo(self)  # what the bundle's predict.py applies unless told otherwise
        self.form.addRow("tta", self.tta_combo)
        self.box = QGroupBox(self)
        self.box.setLayout(self.form)

        # -- action and result -------------------------------------------------------------------
        self.export_button = QPushButton(self)
        self.export_button.setDefault(True)
        self.export_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy indicator while the worker runs
        self.progress.setVisible(False)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self)
        self.open_button.setEnabled(False)
        action_row = QHBoxLayout()
        action_row.addWidget(self.export_button)
        action_row.addWidget(self.progress, 1)
        result_row = QHBoxLayout()
        result_row.addWidget(self.result_label, 1)
        result_row.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addLayout(action_row)
        layout.addLayout(result_row)
        layout.addStretch(1)
        self.retranslate()

        self.run_browse.clicked.connect(self._on_run_browse_clicked)
        self.out_browse.clicked.connect(self._on_out_browse_clicked)
        self.export_button.clicked.connect(self.export)
        self.job.progressed.connect(self._on_job_progressed)
        self.job.returned.connect(self._on_job_returned)
        self.job.errored.connect(self._on_job_errored)
        self.job.finished.connect(self._on_job_finished)
        self.open_button.clicked.connect(self.open_folder)
        self.run_edit.textChanged.connect(self._update_enabled)
        self.run_edit.textChanged.connect(self._on_run_edit_changed)
        self.out_edit.textChanged.connect(self._update_enabled)
        self.out_edit.textEdited.connect(self._on_out_edit_edited)
        for b in self.format_boxes.values():
            b.toggled.connect(self._update_enabled)
        self.script_box.toggled.connect(self._update_enabled)
        state.run_dir_changed.connect(self._on_state_run_dir_changed)
        self._on_state_run_dir_changed(state.run_dir)

    def retranslate(self) -> None:
        """Set every visible string (at start and when the language changes)."""
        self.run_edit.setPlaceholderText(self.tr("Run folder (set automatically after training)"))
        self.run_browse.setText(self.tr("Choose…"))
        self.which_combo.setItemText(0, self.tr("Best epoch (highest validation accuracy)"))
        self.which_combo.setItemText(1, self.tr("Last epoch"))
        labels = {"pth": self.tr("PyTorch state_dict (.pth)"), "safetensors": self.tr("safetensors"),
                  "torchscript": self.tr("TorchScript"), "onnx": self.tr("ONNX")}
        for fmt, box in self.format_boxes.items():
            box.setText(labels[fmt])
        self.script_box.setText(self.tr("train.py (plain PyTorch)"))
        self.script_box.setToolTip(self.tr("The run as a standalone training script that needs only torch, "
                                           "torchvision and Pillow, with split.csv listing its train and val "
                                           "images."))
        if self._onnx_missing:
            self.format_boxes["onnx"].setToolTip(self.tr("Install the 'onnx' package to export ONNX."))
        self.out_edit.setPlaceholderText(self.tr("Folder the bundle is written into"))
        self.out_browse.setText(self.tr("Browse…"))
        for field, text in ((self.which_combo, self.tr("Weights:")), (self.tta_combo, self.tr("predict.py applies:"))):
            label = self.form.labelForField(field)
            if label is not None:
                label.setText(text)
        for row, text in ((0, self.tr("Run:")), (2, self.tr("Formats:")), (3, self.tr("Output folder:"))):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and item.widget() is not None:
                item.widget().setText(text)
        self.box.setTitle(self.tr("Export a trained model"))
        self.export_button.setText(self.tr("Export"))
        self.open_button.setText(self.tr("Open folder"))

    # -- public API ------------------------------------------------------------------------------
    def formats(self) -> tuple[str, ...]:
        return tuple(f for f, b in self.format_boxes.items() if b.isChecked() and b.isEnabled())

    def set_formats(self, formats: tuple[str, ...] | list[str]) -> None:
        for f, b in self.format_boxes.items():
            b.setChecked(f in formats)

    def is_busy(self) -> bool:
        return self.job.running

    def export(self) -> None:
        """Start writing the bundle; the result arrives through ``exported`` or the state's error report."""
        if self.job.running:
            return
        run_dir = self.run_edit.text().strip()
        out_dir = self.out_edit.text().strip()
        problem = self._problem(run_dir, out_dir)
        if not problem and not self.formats():
            self._export_script(run_dir, out_dir)
            return
        out_state = ""
        if not problem:
            try:  # the core's rule: only an earlier bundle may be replaced; never a run, a dataset, ...
                out_state = check_out_folder(out_dir, run_dir)
            except ExportError as e:
                problem = str(e)
        if problem:
            self.result_label.setText(problem)
            self.state.report_error(problem, "")
            return
        force = False
        out = Path(out_dir).expanduser()
        other = other_run_of(out, run_dir)
        if other:  # e.g. the folder still named after an earlier run: say so before anything is replaced
            if not ask(
                self, self.tr("Another run's bundle"),
                self.tr("{0} holds the bundle of another run ({1}). Write the bundle of {2} there instead?").format(
                    out, display_name(Path(other).name), display_name(Path(run_dir).name))):
                return
            force = out_state == "bundle"
        elif out_state == "bundle":
            if not ask(
                self, self.tr("Replace folder?"),
                self.tr("{0} is not empty. Replace its contents with the new bundle?").format(out)):
                return
            force = True
        self._start(export_job(run_dir, out_dir, self.formats(), which=self.which_combo.currentData(), force=force,
                               script=self.script_box.isChecked(), tta=self.tta_combo.mode()), script_only=False)

    def _export_script(self, run_dir: str, out_dir: str) -> None:
        """train.py and split.csv alone; asks before replacing the ones already in the folder."""
        from dtf_gui.core.runs.script import check_script_folder  # lazy: torch and torchvision

        try:
            state = check_script_folder(out_dir, run_dir)
        except ExportError as e:
            self.result_label.setText(str(e))
            self.state.report_error(str(e), "")
            return
        if state == "taken" and not ask(
                self, self.tr("Replace train.py?"),
                self.tr("{0} already holds train.py or split.csv. Replace them with this run's?").format(out_dir)):
            return
        self._start(script_job(run_dir, out_dir, force=state == "taken"), script_only=True)

    def _start(self, job: Any, *, script_only: bool) -> None:
        self._script_only = script_only
        self.result_label.setText(self.tr("Exporting…"))
        self.open_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.export_button.setEnabled(False)
        self.job.start(job)

    def open_folder(self) -> bool:
        """Show the bundle folder in the system file manager."""
        if not self.bundle_path:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(self.bundle_path))

    def wait(self, ms: int | None = None) -> None:
        """Block until a running export has finished (closing the window); ``ms`` caps the wait."""
        self.job.wait(ms)

    def shutdown(self) -> None:
        """Wait for a running export (it cannot be interrupted halfway without leaving a partial folder)."""
        self.wait()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        self.shutdown()
        super().closeEvent(event)

    # -- internals -------------------------------------------------------------------------------
    def _problem(self, run_dir: str, out_dir: str) -> str:
        if not run_dir:
            return self.tr("Choose the run to export (train a model first, or pick a run folder).")
        if not is_run_dir(run_dir):
            return render(msg("runs.not_a_run", path=display_name(run_dir)))
        if not out_dir:
            return self.tr("Choose the output folder for the bundle.")
        if not self.formats() and not self.script_box.isChecked():
            return self.tr("Tick at least one format to export.")
        return ""

    def _update_enabled(self) -> None:
        self.export_button.setEnabled(not self.job.running and bool(self.run_edit.text().strip())
                                      and bool(self.out_edit.text().strip())
                                      and (bool(self.formats()) or self.script_box.isChecked()))

    def _on_state_run_dir_changed(self, path: str) -> None:
        if path:
            self.run_edit.setText(path)
        self._update_enabled()

    def _on_run_edit_changed(self, text: str) -> None:
        """The default output folder follows the run: beside it, as a bundle is never written into a run."""
        if not self.out_edit.text().strip():
            self._out_chosen = False
        if text.strip() and not self._out_chosen:
            run = Path(text.strip())
            self.out_edit.setText(str(run.parent / f"{run.name}-bundle"))

    def _on_out_edit_edited(self, text: str) -> None:
        self._out_chosen = bool(text.strip())

    def _on_run_browse_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a run folder"), self.run_edit.text())
        if path:
            self.run_edit.setText(path)

    def _on_out_browse_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose the output folder"), self.out_edit.text())
        if path:
            self._out_chosen = True
            self.out_edit.setText(path)

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_job_returned(self, bundle: Path) -> None:
        path = str(bundle)
        self.bundle_path = path
        if self._script_only:
            text = self.tr("{0} written to {1}").format(TRAIN_PY, path)
        else:
            text = self.tr("Bundle written to {0}").format(path)
            if (Path(bundle) / TRAIN_PY).is_file():
                text += "\n" + self.tr("{0} written to {1}").format(TRAIN_PY, path)
        for note in _unchecked_notes(Path(bundle)):
            text += "\n" + i18n.text(note)
        self.result_label.setText(text)
        self.open_button.setEnabled(True)
        self.state.post_message(self.tr("Exported to {0}").format(path))
        self.exported.emit(path)

    def _on_job_errored(self, message: Any, details: str) -> None:
        text = i18n.text(message)
        self.result_label.setText(self.tr("Export failed: {0}").format(text))
        self.state.report_error(self.tr("Export failed: {0}").format(text), details)

    def _on_job_finished(self) -> None:
        self.progress.setVisible(False)
        self._update_enabled()


def other_run_of(out: Path, run_dir: str) -> str:
    """The run whose bundle ``out`` is, when that is not ``run_dir`` ("" otherwise): the source an earlier
    bundle there names, or the run beside it that a missing ``<run>-bundle`` folder is named after."""
    source = ""
    if (out / "bundle.json").is_file():
        try:
            info = read_json_document(out / "bundle.json", "bundle.json", ExportError)
            found = info.get("source", {}).get("run_dir", "") if isinstance(info, dict) else ""
            source = found if isinstance(found, str) else ""
        except (DtfError, AttributeError):
            source = ""
    elif not out.exists() and out.name.endswith("-bundle"):
        sibling = out.parent / out.name[: -len("-bundle")]
        source = str(sibling) if is_run_dir(sibling) else ""
    if not source:
        return ""
    try:
        same = Path(source).expanduser().resolve() == Path(run_dir).expanduser().resolve()
    except OSError:
        same = False
    return "" if same else source


def _unchecked_notes(bundle: Path) -> list[Any]:
    """What bundle.json says was exported but not checked (an ONNX file without onnxruntime to run it)."""
    try:
        info = read_json_document(bundle / "bundle.json", "bundle.json", ExportError)
        checks = info.get("checks", {}) if isinstance(info, dict) else {}
    except ExportError:
        return []
    onnx = checks.get("onnx") if isinstance(checks, dict) else None
    if isinstance(onnx, dict) and onnx.get("not_checked") == "onnxruntime_missing":
        return [msg("runs.onnx_unchecked")]
    return []
