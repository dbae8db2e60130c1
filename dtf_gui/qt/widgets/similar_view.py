"""Near-duplicates in the Data tab: groups of near-identical images as thumbnails, keep one and quarantine the rest.

The search is the core's :func:`~dtf_gui.core.trust.similar.find_similar` (what ``dtf scan --similar`` runs), in
a background :class:`~dtf_gui.qt.workers.job.JobRunner`. Each group is a row of thumbnails; a train/val leak and
a label conflict are marked in the row's title. Clicking a thumbnail chooses the image to keep; "Keep this one,
quarantine the rest" moves the others through the curation journal (:mod:`~dtf_gui.qt.widgets.curation`, the
same moves as the findings list and the gallery: nothing is deleted), and the row's Undo puts every file of the
group back. The groups also join the Data tab's findings list (as ``near_*`` findings of the scan report).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.errors import DtfError
from dtf_gui.qt import i18n
from dtf_gui.qt.widgets.curation import try_move, undo_move
from dtf_gui.qt.widgets.preview_strip import pixmap_from_array
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import similar_job, similar_request
from dtf_gui.qt.workers.thumbnail_worker import ThumbnailLoader

#: Rows drawn at most (the biggest data sets can have thousands of groups; the findings list has them all).
MAX_ROWS = 200
THUMB = 88
#: What "Compare" offers: (request settings, default threshold of the spin box).
METHODS = {"both": {"use_hash": True, "use_embeddings": True}, "features": {"use_hash": False, "use_embeddings": True},
           "pixels": {"use_hash": True, "use_embeddings": False}}


class GroupRow(QFrame):
    """One group: its title (kind, similarity), a thumbnail per image (click = the one to keep), Keep and Undo.

    ``keep_requested(row)`` / ``undo_requested(row)``: the view does the moves and records them in ``records``.
    """

    keep_requested = Signal(object)
    undo_requested = Signal(object)

    def __init__(self, group: Any, loader: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        self.records: list[Any] = []  # the moves of "keep one", undone by Undo
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setProperty("kind", group.kind)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.thumbs: list[QToolButton] = []
        self.choice = QButtonGroup(self)
        self.choice.setExclusive(True)
        strip = QHBoxLayout()
        for k, path in enumerate(group.paths):
            b = QToolButton()
            b.setCheckable(True)
            b.setChecked(k == 0)
            b.setIconSize(QSize(THUMB, THUMB))
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            b.setText(f"{group.splits[k]}/{group.labels[k]}")
            b.setToolTip(path)
            self.choice.addButton(b, k)
            self.thumbs.append(b)
            strip.addWidget(b)
            self.show_thumbnail(path, loader.get(path))
        strip.addStretch(1)
        self.keep_button = QPushButton()
        self.keep_button.clicked.connect(lambda: self.keep_requested.emit(self))
        self.undo_button = QPushButton()
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(lambda: self.undo_requested.emit(self))
        self.state_label = QLabel()
        self.state_label.setObjectName("muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.state_label, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(strip)
        lay.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        g = self.group
        sim = f"{g.max_similarity:.3f}"
        if g.kind == "leak":
            text = self.tr("⚠ Leak: the same picture in train and val (similarity {0})").format(sim)
        elif g.kind == "label_conflict":
            text = self.tr("⚠ Label conflict: the same picture as {0} (similarity {1})").format(
                ", ".join(sorted(set(g.labels))), sim)
        else:
            text = self.tr("Near-duplicates in {0} (similarity {1})").format(g.splits[0], sim)
        self.title.setText(text)
        self.keep_button.setText(self.tr("Keep this one, quarantine the rest"))
        self.keep_button.setToolTip(self.tr("Click the image to keep first; the others go to the quarantine folder "
                                            "next to the dataset (nothing is deleted)."))
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Put every file of this group back where it was"))
        n = len(self.records)
        self.state_label.setText(self.tr("{0} image(s) quarantined").format(n) if n else "")

    def keeper(self) -> str:
        return self.group.paths[max(0, self.choice.checkedId())]

    def show_thumbnail(self, path: str, arr: Any) -> None:
        if arr is None:
            return
        icon = QIcon(pixmap_from_array(arr))
        for b, p in zip(self.thumbs, self.group.paths, strict=True):
            if p == path:
                b.setIcon(icon)

    def set_moved(self, records: list[Any]) -> None:
        """After Keep (records) or Undo (empty): which thumbnails are gone, what can be clicked."""
        self.records = records
        moved = {r.src for r in records}
        g = self.group
        for k, b in enumerate(self.thumbs):
            b.setEnabled(not records)
            b.setText(f"{g.splits[k]}/{g.labels[k]}" + ("  ✕" if g.paths[k] in moved else ""))
        self.keep_button.setEnabled(not records)
        self.undo_button.setEnabled(bool(records))
        self.retranslate()


class SimilarView(i18n.Retranslatable, QWidget):
    """Find near-duplicates of the current dataset and act on each group (see the module docstring).

    ``dataset_changed`` after files moved or came back (the Data tab rescans).
    """

    dataset_changed = Signal()

    def __init__(self, state: Any, parent: QWidget | None = None, cache_dir: str | Path | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.cache_dir = cache_dir
        self.job = JobRunner(self, name="SimilarThread", latest_wins=True)
        self.loader = ThumbnailLoader(self, size=THUMB)
        self.loader.loaded.connect(self._on_thumbnail_loaded)
        self.rows: list[GroupRow] = []
        self.report: Any = None
        self.method_label = QLabel()
        self.method_combo = QComboBox()
        for key in METHODS:
            self.method_combo.addItem("", key)
        self.threshold_label = QLabel()
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setRange(0.05, 1.0)
        self.threshold_spin.setDecimals(3)
        self.threshold_spin.setSingleStep(0.005)
        self.method_combo.currentIndexChanged.connect(self._on_method_changed)
        self.find_button = QPushButton()
        self.find_button.clicked.connect(self.find)
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.job.stop)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        top = QHBoxLayout()
        for w in (self.method_label, self.method_combo, self.threshold_label, self.threshold_spin,
                  self.find_button, self.progress, self.cancel_button):
            top.addWidget(w)
        top.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list_widget)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addWidget(scroll, 1)
        self.job.started.connect(lambda: self.progress.setValue(0))
        self.job.progressed.connect(self._on_job_progressed)
        self.job.returned.connect(self._on_job_returned)
        self.job.errored.connect(self._on_job_errored)
        self.job.cancelled.connect(lambda: self.status.setText(self.tr("Stopped.")))
        self.job.running_changed.connect(self._on_job_running_changed)
        self.state.data_root_changed.connect(self._on_state_data_root_changed)
        self._on_method_changed()
        self.retranslate()

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.method_label.setText(self.tr("Compare:"))
        names = {"both": self.tr("image features and pixels"), "features": self.tr("image features only"),
                 "pixels": self.tr("pixels only (fastest)")}
        for i in range(self.method_combo.count()):
            self.method_combo.setItemText(i, names[self.method_combo.itemData(i)])
        self.threshold_label.setText(self.tr("Similarity at least:"))
        self.threshold_spin.setToolTip(self.tr("Features: the cosine similarity a pair needs (the pixel check decides "
                                               "the rest). Pixels only: the fingerprint's correlation."))
        self.find_button.setText(self.tr("Find near-duplicates"))
        self.cancel_button.setText(self.tr("Cancel"))
        if not self.job.running:
            self._show_summary()
        for row in self.rows:
            row.retranslate()

    def _show_summary(self) -> None:
        if self.report is None:
            self.status.setText(self.tr("Finds copies that were resized, re-saved, cropped or made brighter: in one "
                                        "split, across train and val (leaks) and across classes."))
            return
        r = self.report
        leaks, conflicts = len(r.by_kind("leak")), len(r.by_kind("label_conflict"))
        text = self.tr("{0} groups ({1} train/val leaks, {2} label conflicts) among {3} images, {4:.1f} s.").format(
            len(r.groups), leaks, conflicts, r.n_images, r.seconds)
        if len(r.groups) > MAX_ROWS:
            text += " " + self.tr("Showing the first {0}; the findings list has them all.").format(MAX_ROWS)
        self.status.setText(text)

    # -- actions -------------------------------------------------------------------------------------
    def method(self) -> str:
        return str(self.method_combo.currentData())

    def _on_method_changed(self, *_: Any) -> None:
        from dtf_gui.core.trust.similar import DEFAULT_HASH_THRESHOLD, SimilarRequest

        m = self.method()
        default = (DEFAULT_HASH_THRESHOLD if m == "pixels" else SimilarRequest(".", **METHODS[m]).cosine_threshold())
        self.threshold_spin.setValue(default)

    def find(self) -> None:
        """Start the search over the current dataset (a newer one replaces a running one)."""
        m, t = self.method(), float(self.threshold_spin.value())
        threshold = {"hash_threshold": t} if m == "pixels" else {"threshold": t}
        request = similar_request(self.state, **METHODS[m], **threshold)
        if request is None:
            self.status.setText(self.tr("Choose a dataset folder first."))
            return
        self.status.setText(self.tr("Comparing images…"))
        self.job.start(similar_job(request, cache_dir=self.cache_dir))

    def keep(self, row: GroupRow) -> None:
        """Quarantine every image of ``row`` except the chosen one (each move journalled)."""
        from dtf_gui.core.data.curate import Curator

        keeper = row.keeper()
        records = []
        try:
            curator = Curator(self.state.data_root)
        except DtfError as e:  # the dataset folder is gone or is not a folder any more
            self.state.report_error(str(e))
            return
        for path in row.group.paths:
            if path == keeper:
                continue
            rec = try_move(self.state, path, lambda p=path: curator.quarantine(p, reason="near-duplicate"))
            if rec is not None:
                records.append(rec)
        if records:
            row.set_moved(records)
            self.state.post_message(self.tr("Moved {0} image(s) to {1}; Undo puts them back.").format(
                len(records), self.tr("quarantine")))
            self.dataset_changed.emit()

    def undo(self, row: GroupRow) -> None:
        """Put back every file the row's Keep moved (last moved first)."""
        from dtf_gui.core.data.curate import Curator

        try:
            curator = Curator(self.state.data_root)
        except DtfError as e:
            self.state.report_error(str(e))
            return
        left = [rec for rec in reversed(row.records) if not undo_move(self.state, curator, rec)]
        row.set_moved(left[::-1])
        self.dataset_changed.emit()

    # -- job -> view ---------------------------------------------------------------------------------
    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_job_running_changed(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setEnabled(running)

    def _on_job_errored(self, message: Any, details: str) -> None:
        self.status.setText(self.tr("The search failed: {0}").format(i18n.text(message)))
        self.state.report_error(message, details)

    def _on_job_returned(self, report: Any) -> None:
        self.report = report
        self._show_groups(report.groups[:MAX_ROWS])
        self._show_summary()
        self._add_findings(report)

    def _show_groups(self, groups: list[Any]) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.loader.forget_pending()
        self.rows = []
        for g in groups:
            row = GroupRow(g, self.loader)
            row.keep_requested.connect(self.keep)
            row.undo_requested.connect(self.undo)
            self.list_layout.insertWidget(self.list_layout.count() - 1, row)
            self.rows.append(row)

    def _add_findings(self, report: Any) -> None:
        """The groups join the scan report's findings (the Data tab's list), replacing earlier ones."""
        from dtf_gui.core.trust.similar import FINDING_CODES, similar_findings

        scan = self.state.scan_report
        if scan is None or Path(scan.root) != Path(self.state.data_root):
            return
        codes = set(FINDING_CODES.values())
        scan.findings = [f for f in scan.findings if f.code not in codes] + similar_findings(report, scan)
        self.state.set_scan_report(scan)

    def _on_state_data_root_changed(self, _root: str) -> None:
        """Another dataset: these groups are of the old one (its moves stay in its curation journal)."""
        self.job.stop()
        self.report = None
        self._show_groups([])
        self._show_summary()

    def _on_thumbnail_loaded(self, path: str) -> None:
        arr = self.loader.get(path)
        for row in self.rows:
            if path in row.group.paths:
                row.show_thumbnail(path, arr)

    def shutdown(self) -> None:
        """Stop the search and the thumbnail decoders and wait for them."""
        self.job.shutdown()
        self.loader.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)


class SimilarButton(i18n.Retranslatable, QPushButton):
    """The Data tab's "Near-duplicates…" button: opens the view in its own window (made on first use).

    ``on_changed`` is called after files moved (the Data tab rescans).
    """

    def __init__(self, state: Any, on_changed: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.on_changed = on_changed
        self.dialog: QDialog | None = None
        self.view: SimilarView | None = None
        self.clicked.connect(self.open_view)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Near-duplicates…"))
        self.setToolTip(self.tr("Find edited copies of images: within a split, leaks between train and val, "
                                "and label conflicts"))
        if self.dialog is not None:
            self.dialog.setWindowTitle(self.tr("Near-duplicates"))

    def open_view(self) -> SimilarView:
        if self.dialog is None:
            self.dialog = QDialog(self.window())
            self.view = SimilarView(self.state, self.dialog)
            self.view.dataset_changed.connect(self.on_changed)
            QVBoxLayout(self.dialog).addWidget(self.view)
            self.dialog.resize(900, 640)
            self.retranslate()
        self.dialog.show()
        self.dialog.raise_()
        assert self.view is not None
        return self.view

    def shutdown(self) -> None:
        if self.view is not None:
            self.view.shutdown()
