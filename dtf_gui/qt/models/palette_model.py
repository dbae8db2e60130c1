"""The transform palette: the registry grouped by category, draggable into a pipeline.

Dragging an item produces :data:`TRANSFORM_MIME` carrying the registry name; the pipeline views accept
it (``PipelineListView.dropEvent``) and insert ``default_step(name)`` where it was dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel

from dtf_gui.core.pipeline.registry import CATEGORIES, REGISTRY
from dtf_gui.qt import i18n

TRANSFORM_MIME = "application/x-dtf-transform"
NAME_ROLE = Qt.ItemDataRole.UserRole + 1     # registry name on transform rows, "" on category rows
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2   # text the search box matches (name + both help texts)


def category_label(category: str) -> str:
    """Translated display name of a registry category."""
    labels = {
        "geometry": QCoreApplication.translate("Palette", "Geometry"),
        "color": QCoreApplication.translate("Palette", "Color"),
        "augment": QCoreApplication.translate("Palette", "Augmentation"),
        "type": QCoreApplication.translate("Palette", "Type conversion"),
        "normalize": QCoreApplication.translate("Palette", "Normalization"),
        "cleaning": QCoreApplication.translate("Palette", "Cleaning"),
        "batch": QCoreApplication.translate("Palette", "Batch stage (MixUp, CutMix)"),
    }
    return labels.get(category, category.title())


class PaletteModel(QStandardItemModel):
    """Category rows with transform rows below them; only transform rows can be dragged."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rebuild()

    def rebuild(self) -> None:
        """(Re)fill from the registry; called again after a language switch for the labels and tooltips."""
        self.clear()
        by_cat: dict[str, list] = {c: [] for c in CATEGORIES}
        for entry in REGISTRY.values():
            by_cat.setdefault(entry.category, []).append(entry)
        root = self.invisibleRootItem()
        for cat, entries in by_cat.items():
            if not entries:
                continue
            head = QStandardItem(category_label(cat))
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setData("", NAME_ROLE)
            head.setData(cat, SEARCH_ROLE)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            for entry in sorted(entries, key=lambda e: e.name.lower()):
                item = QStandardItem(entry.name)
                if entry.random:  # random steps in italics (the legend is in the tooltip)
                    f = item.font()
                    f.setItalic(True)
                    item.setFont(f)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
                item.setData(entry.name, NAME_ROLE)
                item.setData(" ".join([entry.name, entry.help_en, entry.help_zh]), SEARCH_ROLE)
                random_note = (" <i>(" + QCoreApplication.translate("Palette", "random") + ")</i>"
                               if entry.random else "")
                item.setToolTip(f"<b>{entry.name}</b>{random_note}<br>" + i18n.help_text(entry).replace("\n", "<br>"))
                head.appendRow(item)
            root.appendRow(head)

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt API name
        return [TRANSFORM_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802 - Qt API name
        mime = QMimeData()
        names = [i.data(NAME_ROLE) for i in indexes if i.isValid() and i.data(NAME_ROLE)]
        if names:
            mime.setData(TRANSFORM_MIME, names[0].encode("utf-8"))
            mime.setText(names[0])
        return mime

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 - Qt API name
        return Qt.DropAction.CopyAction


class PaletteFilter(QSortFilterProxyModel):
    """Case-insensitive search over names and help texts; a matching transform keeps its category."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setRecursiveFilteringEnabled(True)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        index = self.sourceModel().index(row, 0, parent)
        if not index.data(NAME_ROLE):  # category rows show when one of their transforms matches
            return False
        return super().filterAcceptsRow(row, parent)


def decode_transform(mime: QMimeData) -> str | None:
    if not mime.hasFormat(TRANSFORM_MIME):
        return None
    return bytes(mime.data(TRANSFORM_MIME).data()).decode("utf-8") or None
