"""The test-time augmentation choice (none / flip / five crops): one combo box for the Predict, Evaluate and
Export views, offering exactly ``core.runs.tta.TTA_MODES``."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from dtf_gui.core.runs.tta import TTA_MODES
from dtf_gui.qt.i18n import Retranslatable


class TtaCombo(Retranslatable, QComboBox):
    """Item data: the mode (``"none"``, ``"flip"``, ``"five_crop"``); ``currentIndexChanged`` on a change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for mode in TTA_MODES:
            self.addItem(mode, mode)
        self.setObjectName("tta_combo")
        self.retranslate()

    def mode(self) -> str:
        return str(self.currentData())

    def set_mode(self, mode: str) -> None:
        self.setCurrentIndex(max(0, self.findData(mode)))

    def retranslate(self) -> None:
        names = {"none": self.tr("No test-time augmentation"), "flip": self.tr("Flip: image + mirror image"),
                 "five_crop": self.tr("Five crops: corners + centre")}
        for i in range(self.count()):
            self.setItemText(i, names.get(self.itemData(i), self.itemData(i)))
        self.setToolTip(self.tr("Average the model's probabilities over a few views of each image. Flip helps "
                                "when a mirrored picture is the same class; it can hurt on digits or text."))


__all__ = ["TtaCombo"]
