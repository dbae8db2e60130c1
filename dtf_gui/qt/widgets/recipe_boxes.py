"""Two settings boxes of the Training tab: model EMA, and the task (classification or regression) with its loss.

Each box holds editors generated from ``config.FIELDS`` by the panel's :class:`ConfigFields` (so an edit goes
through the panel's ``_edit`` and the config's own rules, like every other field) and knows only how to name
them and which of them apply to the current config.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from dtf_gui.core.config import RunConfig
from dtf_gui.qt.widgets.config_form import ConfigFields


def _name_items(combo: QComboBox, names: dict[str, str]) -> None:
    for i in range(combo.count()):
        combo.setItemText(i, names.get(combo.itemData(i), combo.itemData(i)))


class EmaBox(QGroupBox):
    """Model EMA (core/training/ema.py): on/off, decay, warm-up, which weights to keep and export. The averaged
    weights are validated beside the raw ones; the tuning fields are enabled only while EMA is on."""

    def __init__(self, fields: ConfigFields, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check: QCheckBox = fields.add("train.ema")
        self.decay_spin = fields.add("train.ema_decay", decimals=5, step=0.001)
        self.warmup_spin = fields.add("train.ema_warmup_epochs")
        self.export_combo = fields.add("train.ema_export")
        self._labels = [QLabel() for _ in range(3)]
        form = QFormLayout(self)
        form.addRow(self.check)
        for label, editor in zip(self._labels, (self.decay_spin, self.warmup_spin, self.export_combo), strict=True):
            form.addRow(label, editor)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Weight averaging"))
        self.check.setText(self.tr("Average the weights (EMA)"))
        for label, text in zip(self._labels, (self.tr("EMA decay:"), self.tr("EMA warm-up epochs:"),
                                              self.tr("Keep and export:")), strict=True):
            label.setText(text)
        _name_items(self.export_combo, {"best": self.tr("The better of raw and EMA"), "ema": self.tr("EMA weights"),
                                        "raw": self.tr("Raw weights")})

    def show_config(self, cfg: RunConfig) -> None:
        for editor in (self.decay_spin, self.warmup_spin, self.export_combo):
            editor.setEnabled(cfg.train.ema)


class TaskBox(QGroupBox):
    """What the model learns: classes from class folders, or numbers from targets.csv (regression) with its
    loss; the loss fields are enabled only for regression."""

    def __init__(self, fields: ConfigFields, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task_combo = fields.add("task")
        self.loss_combo = fields.add("train.loss")
        self.huber_spin = fields.add("train.huber_delta", decimals=2, step=0.1)
        self._labels = [QLabel() for _ in range(3)]
        form = QFormLayout(self)
        for label, editor in zip(self._labels, (self.task_combo, self.loss_combo, self.huber_spin), strict=True):
            form.addRow(label, editor)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Task"))
        for label, text in zip(self._labels, (self.tr("Task:"), self.tr("Regression loss:"), self.tr("Huber delta:")),
                               strict=True):
            label.setText(text)
        _name_items(self.task_combo, {"classification": self.tr("Classification (class folders)"),
                                      "regression": self.tr("Regression (numbers from targets.csv)")})
        _name_items(self.loss_combo, {"mse": self.tr("Mean squared error"), "huber": self.tr("Huber")})

    def show_config(self, cfg: RunConfig) -> None:
        regression = cfg.task == "regression"
        self.loss_combo.setEnabled(regression)
        self.huber_spin.setEnabled(regression and cfg.train.loss == "huber")
