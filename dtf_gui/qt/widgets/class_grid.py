"""The Data tab's image grid: the thumbnails of one class and split, decoded on demand in the background.

Clicking a thumbnail makes it the app's selected sample (the Pipeline tab previews it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.data_report import PATH_ROLE
from dtf_gui.qt.widgets.preview_strip import pixmap_from_array
from dtf_gui.qt.workers.thumbnail_worker import THUMB_PX, ThumbnailLoader


class ThumbnailModel(QAbstractListModel):
    """File paths of one class and split; the decoration is decoded on demand by :class:`ThumbnailLoader`."""

    def __init__(self, loader: ThumbnailLoader, parent: Any = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.records: list[Any] = []
        self._row_of: dict[str, int] = {}
        self._icons: dict[str, QIcon] = {}
        placeholder = QPixmap(THUMB_PX, THUMB_PX)
        placeholder.fill(QColor("#e8eaed"))
        self._placeholder = QIcon(placeholder)
        loader.loaded.connect(self._on_loader_loaded)

    def set_records(self, records: list[Any]) -> None:
        self.beginResetModel()
        self.loader.forget_pending()
        self.records = list(records)
        self._row_of = {r.path: i for i, r in enumerate(self.records)}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.records)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rec = self.records[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            icon = self._icons.get(rec.path)
            if icon is None:
                arr = self.loader.get(rec.path)  # queues a decode the first time
                if arr is None:
                    return self._placeholder
                icon = self._icons[rec.path] = QIcon(pixmap_from_array(arr))
            return icon
        if role == Qt.ItemDataRole.ToolTipRole:
            size = f"{rec.width}×{rec.height} {rec.mode or ''}" if rec.width else ""
            return f"{rec.path}\n{size}".strip()
        if role == PATH_ROLE:
            return rec.path
        return None

    def _on_loader_loaded(self, path: str) -> None:
        row = self._row_of.get(path)
        if row is not None:
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])


class ClassGrid(i18n.Retranslatable, QWidget):
    """Split and class pickers over a thumbnail grid of that class's usable images in the scan report."""

    def __init__(self, state: AppState, loader: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.grid_title = QLabel()
        self.grid_title.setObjectName("sectionTitle")
        self.split_combo = QComboBox()
        self.class_combo = QComboBox()
        self.split_combo.currentIndexChanged.connect(self.fill)
        self.class_combo.currentIndexChanged.connect(self.fill)
        self.thumb_model = ThumbnailModel(loader, self)
        self.grid = QListView()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.grid.setGridSize(QSize(THUMB_PX + 12, THUMB_PX + 12))
        self.grid.setSpacing(4)
        self.grid.setLayoutMode(QListView.LayoutMode.Batched)
        self.grid.setBatchSize(200)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setModel(self.thumb_model)
        self.grid.clicked.connect(self._on_grid_clicked)
        pick = QHBoxLayout()
        pick.addWidget(self.grid_title, 1)
        pick.addWidget(self.split_combo)
        pick.addWidget(self.class_combo)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(pick)
        lay.addWidget(self.grid, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.grid_title.setText(self.tr("Images"))
        with QSignalBlocker(self.split_combo):
            i = max(self.split_combo.currentIndex(), 0)
            self.split_combo.clear()
            self.split_combo.addItem(self.tr("train"), "train")
            self.split_combo.addItem(self.tr("val"), "val")
            self.split_combo.setCurrentIndex(i)

    def show_report(self, report: Any) -> None:
        """The class picker follows a new scan report; the grid shows the chosen class again."""
        with QSignalBlocker(self.class_combo):
            self.class_combo.clear()
            for c in (report.classes if report is not None else []):
                self.class_combo.addItem(c, c)
        self.fill()

    def fill(self, *_: Any) -> None:
        report = self.state.scan_report
        split = self.split_combo.currentData() or "train"
        label = self.class_combo.currentData()
        records = []
        if report is not None and label is not None:
            records = [r for r in report.usable(split) if r.label == label]
        self.thumb_model.set_records(records)

    def _on_grid_clicked(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        if path:
            self.state.set_selected_sample(path)
