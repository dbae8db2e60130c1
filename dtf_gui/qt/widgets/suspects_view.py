"""Data → Suspects: the images most likely filed under the wrong class, and one click to fix each.

The finder is the core's :func:`~dtf_gui.core.trust.label_issues.find_label_issues` (confident learning on
out-of-fold probabilities: k-fold on image features, or the open run's val predictions), run as a background
job. Each row shows the image, its class, the class it looks like and cleanlab's score; "Relabel as <class>"
and "Quarantine" move the file through the curation journal (:mod:`.curation`, the core ``Curator``), one
``QUndoCommand`` each on the view's undo stack (Undo button, Ctrl+Z), so every fix is logged and can be taken
back. A fixed row stays in the list, marked done, until the finder runs again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.qt import i18n
from dtf_gui.qt.widgets.curation import try_move, undo_move
from dtf_gui.qt.widgets.preview_strip import pixmap_from_array
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import label_issues_job
from dtf_gui.qt.workers.thumbnail_worker import ThumbnailLoader

COL_IMAGE, COL_FILE, COL_GIVEN, COL_SUGGESTED, COL_SCORE, COL_ACTIONS = range(6)
THUMB = 48


class SuspectMoveCommand(QUndoCommand):
    """One suspect relabelled or quarantined. The move is done before the push; ``redo`` after an undo repeats it."""

    def __init__(self, view: SuspectsView, row: int, record: Any, label: str | None, text: str) -> None:
        super().__init__(text)
        self.view = view
        self.row = row
        self.record = record
        self.label = label  # None = quarantine
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        rec = self.view._do_move(self.row, self.label)
        if rec is not None:
            self.record = rec

    def undo(self) -> None:
        self.view._do_undo(self.row, self.record)


class SuspectsView(i18n.Retranslatable, QWidget):
    """Find the likely label errors of the AppState's dataset and fix them one row at a time.

    ``changed`` is emitted after each move or undo (the dataset changed on disk: rescan it). ``cache_dir``
    replaces the user cache folder of the image features (tests).
    """

    changed = Signal()
    found = Signal(object)  # the LabelIssues now listed

    def __init__(self, state: Any, parent: QWidget | None = None, *, cache_dir: str | Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SuspectsView")
        self.state = state
        self.cache_dir = cache_dir
        self.issues: Any = None
        self.done: dict[int, str] = {}  # row -> the class it was moved to, or "" for quarantine
        self._curator: Any = None
        self.job = JobRunner(self, name="LabelIssuesThread")
        self.loader = ThumbnailLoader(self)
        self.undo_stack = QUndoStack(self)
        self._build()
        self._connect()
        self.retranslate()
        self._on_state_run_dir_changed(self.state.run_dir)

    def _build(self) -> None:
        self.find_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.use_run = QCheckBox()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        self.act_undo = self.undo_stack.createUndoAction(self)
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.act_undo)
        self.undo_button = QToolButton()
        self.undo_button.setDefaultAction(self.act_undo)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setDefaultSectionSize(THUMB + 8)
        self.table.setIconSize(QSize(THUMB, THUMB))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        for w in (self.find_button, self.use_run, self.progress, self.cancel_button):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.undo_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        self.resize(900, 600)

    def _connect(self) -> None:
        self.find_button.clicked.connect(self.find)
        self.cancel_button.clicked.connect(self.job.stop)
        self.job.started.connect(self._on_job_started)
        self.job.progressed.connect(self._on_job_progressed)
        self.job.returned.connect(self.show_issues)
        self.job.errored.connect(self._on_job_errored)
        self.job.cancelled.connect(lambda: self.summary.setText(self.tr("Stopped; nothing was changed.")))
        self.job.running_changed.connect(self._on_job_running_changed)
        self.loader.loaded.connect(self._on_loader_loaded)
        self.state.run_dir_changed.connect(self._on_state_run_dir_changed)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Suspects: images that may be in the wrong class"))
        self.find_button.setText(self.tr("Find suspects"))
        self.find_button.setToolTip(self.tr("Look for images whose class folder is most likely wrong (runs in the "
                                            "background; the image features are kept for next time)"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.use_run.setText(self.tr("Use the open run's predictions"))
        self.use_run.setToolTip(self.tr("Check the val images with the model of the run open in the Training tab "
                                        "instead of features of a pretrained network"))
        self.table.setHorizontalHeaderLabels([self.tr("Image"), self.tr("File"), self.tr("Class"),
                                              self.tr("Looks like"), self.tr("Score"), ""])
        self._show_summary()
        for row in range(self.table.rowCount()):
            self._fill_actions(row)

    # -- finding ----------------------------------------------------------------------------------
    def request(self) -> Any:
        """The finder's request for the AppState's dataset (its scan report, val folder or share), or None."""
        from dtf_gui.core.trust.label_issues import LabelIssuesRequest

        root = self.state.data_root
        if not root:
            return None
        report = self.state.scan_report
        if report is not None and Path(report.root) != Path(root):
            report = None
        fraction = None if self.state.val_root else self.state.val_fraction
        if report is not None and not report.uses_val_fraction:
            fraction = None
        run = self.state.run_dir if self.use_run.isChecked() and self.state.run_dir else None
        return LabelIssuesRequest(root, val_root=self.state.val_root or None, val_fraction=fraction, run=run,
                                  report=report)

    def find(self) -> bool:
        """Start the finder in the background (False when no dataset is open or it is already running)."""
        request = self.request()
        if request is None:
            self.summary.setText(self.tr("Open a dataset folder in the Data tab first."))
            return False
        return self.job.start(label_issues_job(request, self.cache_dir))

    def show_issues(self, issues: Any) -> None:
        """List ``issues``' suspects (a new list: earlier fixes stay in the undo history)."""
        self.issues = issues
        self.done = {}
        self._curator = None
        self.loader.forget_pending()
        self.table.setRowCount(len(issues.suspects))
        for row, s in enumerate(issues.suspects):
            image = QTableWidgetItem()
            image.setData(Qt.ItemDataRole.UserRole, s.path)
            self.table.setItem(row, COL_IMAGE, image)
            name = QTableWidgetItem(_relative(s.path, issues.data_root))
            name.setToolTip(s.path)
            self.table.setItem(row, COL_FILE, name)
            self.table.setItem(row, COL_GIVEN, QTableWidgetItem(f"{s.given}  ({s.given_prob:.0%})"))
            self.table.setItem(row, COL_SUGGESTED, QTableWidgetItem(f"{s.suggested}  ({s.suggested_prob:.0%})"))
            score = QTableWidgetItem(f"{s.score:.3f}")
            score.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, COL_SCORE, score)
            self._fill_actions(row)
            self._show_thumb(row)
        self._show_summary()
        self.found.emit(issues)

    def _show_summary(self) -> None:
        issues = self.issues
        if issues is None:
            self.summary.setText(self.tr("Find suspects lists the images most likely filed under the wrong class, "
                                         "worst first."))
            return
        how = (self.tr("the run's val predictions") if issues.method == "run predictions"
               else self.tr("k-fold on image features"))
        text = self.tr("{0} suspects among {1} images ({2}, {3:.1f} s). A lower score means more likely "
                       "mislabelled.").format(len(issues.suspects), issues.n_images, how, issues.seconds)
        if issues.skipped:
            text += " " + self.tr("{0} file(s) could not be read and were left out.").format(len(issues.skipped))
        self.summary.setText(text)

    # -- rows ------------------------------------------------------------------------------------------
    def _fill_actions(self, row: int) -> None:
        if self.issues is None or row >= len(self.issues.suspects):
            return
        s = self.issues.suspects[row]
        box = QWidget()
        lay = QHBoxLayout(box)
        lay.setContentsMargins(2, 0, 2, 0)
        if row in self.done:
            to = self.done[row]
            lay.addWidget(QLabel(self.tr("Moved to {0} ✓").format(to) if to else self.tr("Quarantined ✓")))
        else:
            relabel = QPushButton(self.tr("Relabel as {0}").format(s.suggested))
            relabel.setObjectName(f"relabel_{row}")
            relabel.clicked.connect(lambda _=False, r=row: self.relabel(r))
            quarantine = QPushButton(self.tr("Move to quarantine"))
            quarantine.setObjectName(f"quarantine_{row}")
            quarantine.clicked.connect(lambda _=False, r=row: self.quarantine(r))
            lay.addWidget(relabel)
            lay.addWidget(quarantine)
        self.table.setCellWidget(row, COL_ACTIONS, box)
        for col in range(COL_ACTIONS):
            item = self.table.item(row, col)
            if item is not None:
                font = item.font()
                font.setStrikeOut(row in self.done)
                item.setFont(font)

    def relabel_button(self, row: int) -> QPushButton | None:
        return self.table.cellWidget(row, COL_ACTIONS).findChild(QPushButton, f"relabel_{row}")

    def quarantine_button(self, row: int) -> QPushButton | None:
        return self.table.cellWidget(row, COL_ACTIONS).findChild(QPushButton, f"quarantine_{row}")

    def relabel(self, row: int) -> bool:
        """Move row ``row``'s file into its suggested class folder; one undo step."""
        s = self.issues.suspects[row]
        return self._push(row, s.suggested, self.tr("Relabel {0} as {1}").format(Path(s.path).name, s.suggested))

    def quarantine(self, row: int) -> bool:
        """Move row ``row``'s file to the quarantine folder next to the dataset; one undo step."""
        s = self.issues.suspects[row]
        return self._push(row, None, self.tr("Quarantine {0}").format(Path(s.path).name))

    def _push(self, row: int, label: str | None, text: str) -> bool:
        if row in self.done:
            return False
        rec = self._do_move(row, label)
        if rec is None:
            return False
        self.undo_stack.push(SuspectMoveCommand(self, row, rec, label, text))
        where = self.tr("quarantine") if label is None else label
        self.state.post_message(self.tr("Moved {0} image(s) to {1}; Undo puts them back.").format(1, where))
        return True

    def curator(self) -> Any:
        """The Curator of the listed dataset folder (created on first use)."""
        if self._curator is None:
            from dtf_gui.core.data.curate import Curator

            self._curator = Curator(self.issues.data_root)
        return self._curator

    def _do_move(self, row: int, label: str | None) -> Any:
        s = self.issues.suspects[row]
        rec = try_move(self.state, s.path, lambda: self.curator().quarantine(s.path, current_label=s.given)
                       if label is None else self.curator().move_to_class(s.path, label, current_label=s.given))
        if rec is not None:
            self.done[row] = label or ""
            self._fill_actions(row)
            self.changed.emit()
        return rec

    def _do_undo(self, row: int, record: Any) -> None:
        if not undo_move(self.state, self.curator(), record):
            return
        self.done.pop(row, None)
        self._fill_actions(row)
        self.changed.emit()

    def _show_thumb(self, row: int) -> None:
        item = self.table.item(row, COL_IMAGE)
        arr = self.loader.get(item.data(Qt.ItemDataRole.UserRole))
        if arr is not None:
            item.setData(Qt.ItemDataRole.DecorationRole, pixmap_from_array(arr).scaled(
                THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def _on_loader_loaded(self, path: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COL_IMAGE)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == path:
                self._show_thumb(row)

    # -- job -> view -------------------------------------------------------------------------------
    def _on_job_started(self) -> None:
        self.progress.setValue(0)
        self.summary.setText(self.tr("Looking for suspects in {0}…").format(self.state.data_root))

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_job_running_changed(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.find_button.setEnabled(not running)

    def _on_job_errored(self, message: Any, details: str) -> None:
        self.summary.setText(self.tr("Finding suspects failed: {0}").format(i18n.text(message)))
        self.state.report_error(message, details)

    def _on_state_run_dir_changed(self, run_dir: str) -> None:
        self.use_run.setEnabled(bool(run_dir))
        if not run_dir:
            self.use_run.setChecked(False)

    def shutdown(self) -> None:
        """Stop the finder and the thumbnail decoders and wait for them."""
        self.job.shutdown()
        self.loader.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        self.shutdown()  # a closed window computes nothing; the list and the undo history stay
        super().closeEvent(event)


def _relative(path: str, root: str) -> str:
    try:
        return str(Path(path).relative_to(Path(root)))
    except ValueError:
        return path
