"""Two parts of the Data panel's health report: the per-class bar charts and the findings list + viewer.

Each is filled from a scan report (:class:`dtf_gui.core.data` ScanReport) by the Data panel, which keeps
the folder choice and the scan job; these only draw.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it (STYLE §9)

# isort: split
from dtf_gui.qt import i18n
from dtf_gui.qt.widgets.curation import try_move, undo_move
from dtf_gui.qt.widgets.preview_strip import pixmap_from_file

PATH_ROLE = Qt.ItemDataRole.UserRole + 20
CODE_ROLE = Qt.ItemDataRole.UserRole + 21   # the finding's code ("imbalance", "excluded_class", ...)
CLASS_ROLE = Qt.ItemDataRole.UserRole + 22  # the class a class-level finding is about ("" when none)
SPLIT_COLORS = {"train": "#1a73e8", "val": "#f29900"}
VIEWER_MAX_SIDE = 1024  # the findings viewer decodes big photos at about this size


class ClassCountCharts(pg.GraphicsLayoutWidget):
    """Images per class, one bar chart per split (train above val)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # (no pg.setConfigOptions: that is global state)
        self.setBackground("w")
        self.setMinimumHeight(180)
        self.plots: dict[str, pg.PlotItem] = {}
        for i, split in enumerate(("train", "val")):
            plot = self.addPlot(row=i, col=0)
            plot.showGrid(y=True, alpha=0.25)
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setTextPen("#3c4043")
                plot.getAxis(axis).setPen("#9aa0a6")
            self.plots[split] = plot

    def retranslate(self) -> None:
        for split, plot in self.plots.items():
            plot.setTitle(self.tr("Images per class — train") if split == "train"
                          else self.tr("Images per class — val"), color="#3c4043")

    def draw(self, report: Any) -> None:
        counts = report.counts() if report is not None else {}
        classes = list(report.classes) if report is not None else []
        for split, plot in self.plots.items():
            plot.clear()
            per = counts.get(split, {})
            heights = [per.get(c, 0) for c in classes]
            if classes:
                bars = pg.BarGraphItem(x=list(range(len(classes))), height=heights, width=0.65,
                                       brush=SPLIT_COLORS[split], pen=pg.mkPen(None))
                plot.addItem(bars)
                plot.getAxis("bottom").setTicks([[(i, _short(c)) for i, c in enumerate(classes)]])
                plot.setXRange(-0.6, len(classes) - 0.4, padding=0)
                plot.setYRange(0, max(heights + [1]) * 1.1, padding=0)


class FindingsView(QSplitter):
    """The scan's findings (errors first) and a small viewer of the file the selected one is about.

    Signals: ``quarantine_requested(str)`` (the file of a finding, from its menu), ``exclude_requested(str)``
    / ``include_requested(str)`` (a class to leave out of training / to train on again), ``menu_shown(QMenu)``.
    """

    quarantine_requested = Signal(str)
    exclude_requested = Signal(str)
    include_requested = Signal(str)
    menu_shown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.dataset_root = ""  # the scanned folder: only files inside it can be quarantined
        self.classes: list[str] = []  # the scanned class list: only one of these can be excluded
        self.findings = QListWidget()
        self.findings.setWordWrap(True)
        self.findings.currentItemChanged.connect(self._on_finding_selected)
        self.findings.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.findings.customContextMenuRequested.connect(self._on_findings_menu_requested)
        self.viewer_image = QLabel()
        self.viewer_image.setFixedSize(170, 170)
        self.viewer_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewer_image.setObjectName("fileViewer")
        self.viewer_path = QLabel()
        self.viewer_path.setWordWrap(True)
        self.viewer_path.setObjectName("muted")
        self.viewer_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        viewer = QWidget()
        vl = QVBoxLayout(viewer)
        vl.setContentsMargins(0, 0, 0, 0)
        vl.addWidget(self.viewer_image)
        vl.addWidget(self.viewer_path, 1)
        self.addWidget(self.findings)
        self.addWidget(viewer)
        self.setStretchFactor(0, 3)

    def fill(self, report: Any) -> None:
        """One item per finding, rendered from its Message now (again after a language switch)."""
        row = self.findings.currentRow()
        with QSignalBlocker(self.findings):
            self._fill_items(report)
            if 0 <= row < self.findings.count():
                self.findings.setCurrentRow(row)

    def _fill_items(self, report: Any) -> None:
        self.findings.clear()
        self.dataset_root = str(report.root) if report is not None else ""
        self.classes = list(report.classes) if report is not None else []
        if report is None:
            return
        icons = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
                 "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
                 "note": QStyle.StandardPixmap.SP_MessageBoxInformation}
        order = {"error": 0, "warning": 1, "note": 2}
        for f in sorted(report.findings, key=lambda f: order.get(f.level, 3)):
            text = i18n.text(getattr(f, "msg", None) or f.message)
            item = QListWidgetItem(self.style().standardIcon(icons.get(f.level, icons["note"])), text)
            path = f.path or (f.paths[0] if getattr(f, "paths", None) else None)
            item.setData(PATH_ROLE, path or "")
            item.setData(CODE_ROLE, f.code)
            item.setData(CLASS_ROLE, _finding_class(f))
            item.setToolTip("\n".join([text, *(getattr(f, "paths", []) or [])[:20]]))
            self.findings.addItem(item)
        if not report.findings:
            self.findings.addItem(QListWidgetItem(self.tr("No problems found.")))

    def finding_menu(self, item: QListWidgetItem) -> QMenu:
        """What can be done about a finding: open the folder of the file it is about, quarantine that file."""
        menu = QMenu(self)
        path = item.data(PATH_ROLE) or ""
        act = menu.addAction(self.tr("Open Containing Folder"))
        act.setEnabled(bool(path))
        act.triggered.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent))))
        quarantine = menu.addAction(self.tr("Quarantine this file"))
        quarantine.setToolTip(self.tr("Move the file to the quarantine folder next to the dataset; "
                                      "nothing is deleted and Undo puts it back."))
        quarantine.setEnabled(self._in_dataset(path))
        quarantine.triggered.connect(lambda _=False, p=path: self.quarantine_requested.emit(p))
        cls = item.data(CLASS_ROLE) or ""
        if item.data(CODE_ROLE) == "excluded_class":
            include = menu.addAction(self.tr("Include again"))
            include.setToolTip(self.tr("Train on class {0} again").format(cls))
            include.triggered.connect(lambda _=False, c=cls: self.include_requested.emit(c))
        else:
            exclude = menu.addAction(self.tr("Exclude this class from training"))
            exclude.setToolTip(self.tr("Leave class {0} out of the class list; its files stay where they are")
                               .format(cls) if cls else "")
            exclude.setEnabled(bool(cls) and cls in self.classes and len(self.classes) > 2)
            exclude.triggered.connect(lambda _=False, c=cls: self.exclude_requested.emit(c))
        return menu

    def _in_dataset(self, path: str) -> bool:
        """A regular file below the scanned folder (a finding may name a folder or a file elsewhere)."""
        if not path or not self.dataset_root or not os.path.isfile(path) or os.path.islink(path):
            return False
        root = os.path.abspath(self.dataset_root)
        return os.path.commonpath([root, os.path.abspath(path)]) == root and os.path.abspath(path) != root

    def _on_findings_menu_requested(self, pos: Any) -> None:
        item = self.findings.itemAt(pos)
        if item is not None:
            menu = self.finding_menu(item)
            self.menu_shown.emit(menu)
            menu.popup(self.findings.viewport().mapToGlobal(pos))

    def _on_finding_selected(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        path = item.data(PATH_ROLE) if item is not None else ""
        self.show_file(path or "")

    def show_file(self, path: str) -> None:
        """Show one file in the small viewer next to the findings (it may be broken: say so)."""
        self.viewer_path.setText(path)
        if not path:
            self.viewer_image.clear()
            return
        pm = pixmap_from_file(path, VIEWER_MAX_SIDE)
        if pm.isNull():
            self.viewer_image.setText(self.tr("cannot display"))
        else:
            self.viewer_image.setPixmap(pm.scaled(self.viewer_image.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))


class QuarantineCommand(QUndoCommand):
    """One file quarantined from a finding. The move is done before the push; ``redo`` after an undo repeats it."""

    def __init__(self, curation: FindingCuration, record: Any, text: str) -> None:
        super().__init__(text)
        self.curation = curation
        self.record = record
        self.original = record.src
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        rec = self.curation._do_quarantine(self.original)
        if rec is not None:
            self.record = rec

    def undo(self) -> None:
        self.curation._do_undo(self.record)


class FindingCuration(QObject):
    """Quarantine a finding's file through the core :class:`~dtf_gui.core.data.curate.Curator` (the same
    move, journal and undo as the gallery's), one ``QUndoCommand`` per file on its own undo stack.

    ``changed`` is emitted after each move or undo (the dataset changed on disk: rescan it).
    """

    changed = Signal()

    def __init__(self, state: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.undo_stack = QUndoStack(self)

    def curator(self) -> Any:
        from dtf_gui.core.data.curate import Curator

        return Curator(self.state.data_root)

    def quarantine(self, path: str) -> bool:
        """Move ``path`` to the quarantine folder next to the dataset; one undo step."""
        rec = self._do_quarantine(path)
        if rec is None:
            return False
        self.undo_stack.push(QuarantineCommand(self, rec, self.tr("Quarantine {0}").format(Path(path).name)))
        self.state.post_message(self.tr("Moved {0} image(s) to {1}; Undo puts them back.").format(
            1, self.tr("quarantine")))
        return True

    def _do_quarantine(self, path: str) -> Any:
        rec = try_move(self.state, path, lambda: self.curator().quarantine(path))
        if rec is not None:
            self.changed.emit()
        return rec

    def _do_undo(self, record: Any) -> None:
        if undo_move(self.state, self.curator(), record):
            self.changed.emit()


def _finding_class(finding: Any) -> str:
    """The class a class-level finding is about: its ``cls`` (the smaller class of an imbalance)."""
    params = getattr(getattr(finding, "msg", None), "params", None) or {}
    value = params.get("cls") or (params.get("small") if finding.code == "imbalance" else None)
    return value if isinstance(value, str) else ""


def _short(name: str, limit: int = 10) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
