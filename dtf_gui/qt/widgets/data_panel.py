"""The Data panel: choose a dataset folder, scan it in the background, see its health report.

One folder (``train/`` + ``val/`` inside, or class folders plus a validation share), chosen by dialog
or by dropping a folder onto the window; optionally a val folder kept elsewhere, which then is the val
split (Create ML's "validation data: choose"). The scan runs in the background (a latest-wins
:class:`JobRunner`: a newer scan replaces a running one) with progress and cancel. The report is drawn as
per-class bar charts per split (pyqtgraph), a findings list (selecting one shows that file) and a lazily
loaded thumbnail grid per class; clicking a thumbnail makes it the preview sample of the Pipeline panel.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QSignalBlocker,
    Qt,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

# isort: split

# isort: split
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.class_grid import ClassGrid
from dtf_gui.qt.widgets.data_report import ClassCountCharts, FindingCuration, FindingsView
from dtf_gui.qt.widgets.embedding_map import EmbeddingMapButton
from dtf_gui.qt.widgets.layout import vbox
from dtf_gui.qt.widgets.similar_view import SimilarButton
from dtf_gui.qt.widgets.size_notice import SizeNotice
from dtf_gui.qt.widgets.suggest_bar import SuggestBar
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import scan_job
from dtf_gui.qt.workers.thumbnail_worker import ThumbnailLoader


def folder_from_drop(mime: Any) -> str | None:
    """The first local folder in a drag from the file manager (or None)."""
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        path = url.toLocalFile()
        if path and os.path.isdir(path):
            return path
    return None


class DataPanel(i18n.Retranslatable, QWidget):
    """Folder choice, background scan and the health report (call :meth:`shutdown` before closing)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.scan_job = JobRunner(self, name="ScanThread", latest_wins=True)  # a newer scan replaces a running one
        self.loader = ThumbnailLoader(self)
        self.setAcceptDrops(True)
        self._opening = False
        self._scanned_exclude: tuple[str, ...] = ()  # data.exclude_classes of the last scan started
        self._note: tuple[str, Any] | None = None  # ("scanning" | "failed" | "cancelled", payload) over the summary
        self.suspects_view: Any = None  # Data → Suspects (suspects_view.py), made when first opened

        row, val_row = self._build_folder_rows()
        self.similar_button = SimilarButton(self.state, self.rescan, self)  # near-duplicates, in its own window
        row.addWidget(self.similar_button)
        self.charts = ClassCountCharts()
        self.plots = self.charts.plots
        self.findings_title = QLabel()
        self.findings_title.setObjectName("sectionTitle")
        self.findings_view = FindingsView()
        self.findings = self.findings_view.findings
        self.viewer_image = self.findings_view.viewer_image
        self.viewer_path = self.findings_view.viewer_path
        self.curation = FindingCuration(self.state, self)
        self.act_undo_curation = self.curation.undo_stack.createUndoAction(self)
        self.act_undo_curation.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo_curation.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.findings.addAction(self.act_undo_curation)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.charts)
        left.addWidget(vbox(self.findings_title, self.findings_view))
        self.class_grid = ClassGrid(self.state, self.loader)  # the images of one class and split
        right = self.class_grid
        self.grid, self.thumb_model = self.class_grid.grid, self.class_grid.thumb_model
        self.split_combo, self.class_combo = self.class_grid.split_combo, self.class_grid.class_combo
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left)
        body.addWidget(right)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 1)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addLayout(row)
        lay.addLayout(val_row)
        lay.addWidget(self.summary)
        self.size_notice = SizeNotice(self.state)
        lay.addWidget(self.size_notice)
        self.suggest_bar = SuggestBar(self.state)
        lay.addWidget(self.suggest_bar)
        lay.addWidget(body, 1)

        self._connect_signals()
        self.retranslate()
        self.folder_edit.setText(self.state.data_root)
        self._show_val_root(self.state.val_root)
        self._on_state_report_changed(self.state.scan_report)

    def _build_folder_rows(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The dataset folder row (browse, demo, share, scan) and the optional val folder row."""
        self.folder_label = QLabel()
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.browse_button = QPushButton()
        self.browse_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.browse_button.clicked.connect(self.browse)
        self.demo_button = QPushButton()
        self.demo_button.clicked.connect(self.open_demo)
        self.val_label = QLabel()
        self.val_spin = QSpinBox()
        self.val_spin.setRange(5, 50)
        self.val_spin.setSuffix(" %")
        self.val_spin.setValue(round(self.state.val_fraction * 100))
        self.val_spin.valueChanged.connect(self._on_val_spin_changed)
        self.scan_button = QPushButton()
        self.scan_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.scan_button.clicked.connect(self.rescan)
        self.cancel_button = QPushButton()
        self.cancel_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserStop))
        self.cancel_button.clicked.connect(self.scan_job.stop)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.suspects_button = QPushButton()
        self.suspects_button.clicked.connect(self.open_suspects)
        # optional val folder row
        self.val_folder_label = QLabel()
        self.val_folder_edit = QLineEdit()
        self.val_folder_edit.setReadOnly(True)
        self.val_browse_button = QPushButton()
        self.val_browse_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.val_browse_button.clicked.connect(self.browse_val)
        self.val_clear_button = QPushButton()
        self.val_clear_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogResetButton))
        self.val_clear_button.clicked.connect(lambda: self.state.set_val_root(""))
        val_row = QHBoxLayout()
        val_row.addWidget(self.val_folder_label)
        val_row.addWidget(self.val_folder_edit, 1)
        val_row.addWidget(self.val_browse_button)
        val_row.addWidget(self.val_clear_button)
        row = QHBoxLayout()
        for w in (self.folder_label,):
            row.addWidget(w)
        row.addWidget(self.folder_edit, 1)
        self.map_button = EmbeddingMapButton(self.state, self)  # the embedding map, in a window of its own
        for w in (self.browse_button, self.demo_button, self.val_label, self.val_spin, self.scan_button,
                  self.progress, self.cancel_button, self.map_button, self.suspects_button):
            row.addWidget(w)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("summary")
        return row, val_row

    def _connect_signals(self) -> None:
        self.findings_view.quarantine_requested.connect(self.curation.quarantine)
        self.curation.changed.connect(self.rescan)
        self.findings_view.exclude_requested.connect(self.exclude_class)
        self.findings_view.include_requested.connect(self.include_class)
        self.state.run_config_changed.connect(self._on_state_run_config_changed)
        self.scan_job.started.connect(self._on_scan_started)
        self.scan_job.progressed.connect(self._on_scan_progressed)
        self.scan_job.returned.connect(self._on_scan_returned)
        self.scan_job.errored.connect(self._on_scan_errored)
        self.scan_job.cancelled.connect(self._on_scan_cancelled)
        self.scan_job.running_changed.connect(self._on_scan_running_changed)
        self.state.data_root_changed.connect(self._on_state_data_root_changed)
        self.state.val_root_changed.connect(self._on_state_val_root_changed)
        self.state.scan_report_changed.connect(self._on_state_report_changed)
        self.state.val_fraction_changed.connect(self._on_state_val_fraction_changed)

    # -- texts -------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.folder_label.setText(self.tr("Dataset folder:"))
        self.folder_edit.setPlaceholderText(self.tr("Choose a folder, or drop one here"))
        self.browse_button.setText(self.tr("Browse…"))
        self.demo_button.setText(self.tr("Demo digits"))
        self.demo_button.setToolTip(self.tr("Open the small bundled digits dataset"))
        self.val_label.setText(self.tr("Validation share:"))
        self.val_folder_label.setText(self.tr("Val folder:"))
        self.val_folder_edit.setPlaceholderText(self.tr("Optional: the dataset's own val/ folder, or the "
                                                        "validation share of train, is used"))
        self.val_browse_button.setText(self.tr("Choose…"))
        self.val_browse_button.setToolTip(self.tr("Use a folder of class folders kept elsewhere as the val split"))
        self.val_clear_button.setText(self.tr("Clear"))
        self.val_clear_button.setToolTip(self.tr("Stop using the chosen val folder"))
        self._show_val_root(self.state.val_root)  # the share's tooltip says whether it is used
        self.scan_button.setText(self.tr("Scan"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.suspects_button.setText(self.tr("Suspects…"))
        self.suspects_button.setToolTip(self.tr("Find images that are probably in the wrong class folder"))
        self.findings_title.setText(self.tr("Findings"))
        self._fill_findings(self.state.scan_report)  # what the scan found, said again in the new language
        self.charts.retranslate()
        self._show_summary(self.state.scan_report)

    # -- actions ----------------------------------------------------------------------------------
    def browse(self) -> None:
        start = self.state.data_root or str(Path.home())
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a dataset folder"), start)
        if path:
            self.open_folder(path)

    def browse_val(self) -> None:
        start = self.state.val_root or self.state.data_root or str(Path.home())
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a val folder (one sub-folder per class)"),
                                                start)
        if path:
            self.state.set_val_root(path)

    def open_demo(self) -> None:
        try:
            path = ensure_demo_dataset()
        except Exception as e:
            self.state.report_error(self.tr("The demo dataset could not be created: {0}").format(e))
            return
        self.open_folder(path)

    def open_folder(self, path: str | Path) -> None:
        """Make ``path`` the dataset (this starts a scan through ``data_root_changed``).

        A val folder chosen for the previous dataset belongs to it, so a new dataset starts without one.
        """
        if str(Path(path).expanduser().resolve()) == self.state.data_root:
            self.rescan()
            return
        self._opening = True
        try:
            self.state.set_val_root("")  # no scan of the old folder: the new one is scanned next
        finally:
            self._opening = False
        self.state.set_data_root(path)

    def open_suspects(self) -> None:
        """Show Data → Suspects in its own window (made once; its fixes rescan the dataset)."""
        if self.suspects_view is None:
            from dtf_gui.qt.widgets.suspects_view import SuspectsView

            self.suspects_view = SuspectsView(self.state, self)
            self.suspects_view.setWindowFlag(Qt.WindowType.Window)
            self.suspects_view.changed.connect(self.rescan)
            self.suspects_view.found.connect(self.map_button.set_suspects)  # marked on the embedding map too
        self.suspects_view.show()
        self.suspects_view.raise_()

    def rescan(self) -> None:
        if self.state.data_root:
            fraction = None if self.state.val_root else self.state.val_fraction
            self._scanned_exclude = self.excluded_classes()
            self.scan_job.start(scan_job(self.state.data_root, fraction, self.state.val_root, self._scanned_exclude))

    # -- classes left out of training (data.exclude_classes in the run config) ---------------------
    def excluded_classes(self) -> tuple[str, ...]:
        cfg = self.state.run_config
        return tuple(cfg.data.exclude_classes) if cfg is not None else ()

    def set_excluded_classes(self, names: tuple[str, ...]) -> None:
        """Put ``names`` in the run config's ``data.exclude_classes``; the run config change rescans."""
        cfg = self.state.run_config or self.state.new_run_config()
        self.state.set_run_config(cfg.with_overrides({"data.exclude_classes": list(names)}))

    def exclude_class(self, name: str) -> None:
        self.set_excluded_classes((*self.excluded_classes(), name))

    def include_class(self, name: str) -> None:
        self.set_excluded_classes(tuple(c for c in self.excluded_classes() if c != name))

    def _on_state_run_config_changed(self, _cfg: Any) -> None:
        if self.state.data_root and self.excluded_classes() != self._scanned_exclude:
            self.rescan()

    # -- state -> view ----------------------------------------------------------------------------
    def _on_state_data_root_changed(self, root: str) -> None:
        self.folder_edit.setText(root)
        self.folder_edit.setToolTip(root)
        if root:
            self.rescan()

    def _on_state_val_root_changed(self, path: str) -> None:
        self._show_val_root(path)
        if self.state.data_root and not self._opening:
            self.rescan()

    def _show_val_root(self, path: str) -> None:
        self.val_folder_edit.setText(path)
        self.val_folder_edit.setToolTip(path)
        self.val_clear_button.setEnabled(bool(path))
        report = self.state.scan_report
        own_val = report is not None and getattr(report, "layout", "") == "splits" and not path
        self.val_spin.setEnabled(not path and not own_val)  # the share is used only without a val folder
        self.val_spin.setToolTip(self.tr("Not used: a val folder is chosen") if path else
                                 self.tr("Not used: the dataset has its own val/ folder") if own_val else
                                 self.tr("For a folder without a val/ split: the share of each class held "
                                         "out for validation"))

    def _on_state_val_fraction_changed(self, fraction: float) -> None:
        with QSignalBlocker(self.val_spin):
            self.val_spin.setValue(round(fraction * 100))
        report = self.state.scan_report
        if report is not None and report.uses_val_fraction:
            self.rescan()

    def _on_val_spin_changed(self, value: int) -> None:
        self.state.set_val_fraction(value / 100.0)

    def _on_state_report_changed(self, report: Any) -> None:
        self._show_val_root(self.state.val_root)  # whether the share is used depends on the layout found
        self._show_summary(report)
        self._draw_charts(report)
        self._fill_findings(report)
        self.class_grid.show_report(report)

    def _show_summary(self, report: Any) -> None:
        if self._note is not None:
            kind, payload = self._note
            if kind == "scanning":
                self.summary.setText(self.tr("Scanning {0}…").format(payload))
            elif kind == "failed":
                self.summary.setText(self.tr("The scan failed: {0}").format(i18n.text(payload)))
            else:
                self.summary.setText(self.tr("Scan cancelled."))
            return
        if report is None:
            self.summary.setText(self.tr("No dataset scanned yet.") if not self.scan_job.running else "")
            return
        counts = report.counts()
        n_train = sum(counts.get("train", {}).values())
        n_val = sum(counts.get("val", {}).values())
        layouts = {"splits": self.tr("train/ and val/ folders"),
                   "single": self.tr("one folder, no validation split"),
                   "split_generated": self.tr("one folder, validation split generated"),
                   "val_root": self.tr("training folder and a chosen val folder")}
        layout = layouts.get(report.layout, report.layout)
        text = self.tr("{0} classes · {1} training and {2} validation images · layout: {3}").format(
            len(report.classes), n_train, n_val, layout)
        if not report.can_train():
            text += " · " + self.tr("<b>cannot train yet</b>: see the findings below")
        else:
            text += " · " + self.tr("ready to train ✓")
        self.summary.setText(text)

    def _draw_charts(self, report: Any) -> None:
        self.charts.draw(report)

    def _fill_findings(self, report: Any) -> None:
        """One item per finding, rendered from its Message now (again after a language switch)."""
        self.findings_view.fill(report)

    def finding_menu(self, item: QListWidgetItem) -> QMenu:
        """What can be done about a finding: open the folder of the file it is about."""
        return self.findings_view.finding_menu(item)

    def show_file(self, path: str) -> None:
        """Show one file in the small viewer next to the findings (it may be broken: say so)."""
        self.findings_view.show_file(path)

    # -- scan job -> view ---------------------------------------------------------------------------
    def _on_scan_progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_scan_running_changed(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.scan_button.setEnabled(not running)
        if not running and self._note is not None and self._note[0] == "scanning":
            self._set_note(None)

    def _set_note(self, kind: str | None, payload: Any = None) -> None:
        self._note = None if kind is None else (kind, payload)
        self._show_summary(self.state.scan_report)

    def _on_scan_started(self) -> None:
        self.progress.setValue(0)
        self._set_note("scanning", self.state.data_root)

    def _on_scan_returned(self, report: Any) -> None:
        self._note = None
        self.state.set_scan_report(report)

    def _on_scan_errored(self, message: Any, details: str) -> None:
        self._set_note("failed", message)
        self.state.report_error(message, details)

    def _on_scan_cancelled(self) -> None:
        self._set_note("cancelled")

    # -- dropping a folder from the file manager ---------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API name
        if folder_from_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        path = folder_from_drop(event.mimeData())
        if path:
            self.open_folder(path)
            event.acceptProposedAction()

    def shutdown(self) -> None:
        """Stop the scan and the thumbnail decoders and wait for them."""
        self.scan_job.shutdown()
        self.loader.shutdown()
        self.similar_button.shutdown()
        self.map_button.shutdown()
        if self.suspects_view is not None:
            self.suspects_view.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)

