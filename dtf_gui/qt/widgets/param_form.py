"""Parameter form generated from the registry schema (magicgui's dataclass-to-form idea).

One editor per :class:`ParamSpec` kind: spin boxes with the schema's bounds, combo boxes for choices,
dtypes and interpolation modes, a text field for sizes and sequences (``224`` or ``224, 224``), a check
box for booleans and a "set" check box in front of optional values. Every edit is validated with
``ParamSpec.convert`` first: an invalid value gets a red border and a message and leaves the document
unchanged; a valid one becomes one (mergeable) undoable AppState edit.
"""

from __future__ import annotations

import math
import re
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.pipeline.registry import DTYPES, ParamValueError, get_entry
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.dataset_stats import DatasetStatsBox

INVALID_STYLE = "border: 1px solid #d93025; border-radius: 3px; background: #fdecea;"
_BIG = 1_000_000_000


def format_value(value: Any) -> str:
    """JSON value -> text for a line edit (lists without brackets: ``224, 224``)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else f"{value:.1f}"
    return str(value)


def parse_value(text: str) -> Any:
    """Text from a line edit -> JSON value: ``""`` -> None, ``"3"`` -> 3, ``"1, 2.5"`` -> [1, 2.5]."""
    text = text.strip().strip("[]()").strip()
    if not text:
        return None
    parts = [p for p in re.split(r"[,\s;×x]+", text) if p]
    vals: list[Any] = []
    for p in parts:
        try:
            vals.append(int(p))
        except ValueError:
            try:
                f = float(p)
            except ValueError:
                return text  # not numbers: let the schema reject it with its own message
            vals.append(f)
    return vals[0] if len(vals) == 1 and "," not in text and " " not in text.strip() else vals


class ParamRow(QWidget):
    """Editor, optional "set" box and inline error message for one parameter."""

    def __init__(self, form: ParamForm, spec: Any) -> None:
        super().__init__()
        self.form = form
        self.spec = spec
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        line = QHBoxLayout()
        line.setSpacing(6)
        self.set_box: QCheckBox | None = None
        if spec.optional:
            self.set_box = QCheckBox()
            self.set_box.toggled.connect(self._on_set_toggled)
            line.addWidget(self.set_box)
        self.editor = self._make_editor(spec)
        self.editor.setObjectName(f"param_{spec.name}")
        line.addWidget(self.editor, 1)
        lay.addLayout(line)
        self.message = QLabel()
        self.message.setObjectName("paramError")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #d93025;")
        self.message.hide()
        lay.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        tip = i18n.param_help(self.spec)
        self.editor.setToolTip(tip)
        if self.set_box is not None:
            self.set_box.setToolTip(self.tr("Unchecked: no value (null)"))
        if isinstance(self.editor, QLineEdit):
            self.editor.setPlaceholderText(self._placeholder())

    def _placeholder(self) -> str:
        k = self.spec.kind
        if k == "size":
            return self.tr("224 or 224, 224 (height, width)")
        if k == "range":
            return self.tr("a number or min, max")
        if k in ("mean_std", "float_seq", "int_seq", "fill"):
            return self.tr("numbers separated by commas")
        return ""

    def _make_editor(self, spec: Any) -> QWidget:
        k = spec.kind
        if k == "int":
            w = QSpinBox()
            w.setRange(int(spec.minimum) if spec.minimum is not None else -_BIG,
                       int(spec.maximum) if spec.maximum is not None else _BIG)
            w.valueChanged.connect(self._commit)
            return w
        if k == "float":
            w = QDoubleSpinBox()
            w.setDecimals(4)
            lo = spec.minimum if spec.minimum is not None else -1e9
            hi = spec.maximum if spec.maximum is not None else 1e9
            w.setRange(lo, hi)
            w.setSingleStep(0.05 if hi <= 1.0 else 0.1)
            w.valueChanged.connect(self._commit)
            return w
        if k == "bool":
            w = QCheckBox()
            w.toggled.connect(self._commit)
            return w
        if k in ("choice", "interpolation", "dtype"):
            w = QComboBox()
            choices = spec.choices or (tuple(DTYPES) if k == "dtype" else ())
            for c in choices:
                w.addItem(str(c), c)
            w.currentIndexChanged.connect(self._commit)
            return w
        w = QLineEdit()  # str, size, sequences, ranges, fill, mean_std
        w.textEdited.connect(self._commit)
        return w

    # -- value in and out ------------------------------------------------------------------------
    def show_value(self, value: Any) -> None:
        """Display ``value`` without emitting edits (QSignalBlocker against echo)."""
        is_set = value is not None
        if self.set_box is not None:
            with QSignalBlocker(self.set_box):
                self.set_box.setChecked(is_set)
            self.editor.setEnabled(is_set)
        w = self.editor
        with QSignalBlocker(w):
            if isinstance(w, QSpinBox):
                if is_set and isinstance(value, (int, float)):
                    w.setValue(int(value))
            elif isinstance(w, QDoubleSpinBox):
                if is_set and isinstance(value, (int, float)):
                    w.setValue(float(value))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QComboBox):
                i = w.findData(value)
                if i < 0 and value is not None:
                    w.addItem(str(value), value)
                    i = w.count() - 1
                w.setCurrentIndex(max(i, 0))
            elif isinstance(w, QLineEdit):
                # Compare meanings, not text: "12," while typing already means [12]; rewriting it
                # would eat the comma under the user's cursor.
                if self.spec.kind == "str":
                    if w.text() != (value or ""):
                        w.setText(value or "")
                elif parse_value(w.text()) != value:
                    w.setText(format_value(value))
        self.set_error(None)

    def editor_value(self) -> Any:
        if self.set_box is not None and not self.set_box.isChecked():
            return None
        w = self.editor
        if isinstance(w, QSpinBox):
            return int(w.value())
        if isinstance(w, QDoubleSpinBox):
            v = float(w.value())
            return round(v, 6) if math.isfinite(v) else v
        if isinstance(w, QCheckBox):
            return bool(w.isChecked())
        if isinstance(w, QComboBox):
            return w.currentData()
        assert isinstance(w, QLineEdit)
        if self.spec.kind == "str":
            return w.text()
        return parse_value(w.text())

    def set_error(self, message: str | None) -> None:
        self.editor.setStyleSheet(INVALID_STYLE if message else "")
        self.editor.setProperty("invalid", bool(message))
        self.message.setText(message or "")
        self.message.setVisible(bool(message))

    def _on_set_toggled(self, on: bool) -> None:
        self.editor.setEnabled(on)
        if on and self.spec.default is not None:
            self.show_value(self.spec.default)
            if self.set_box is not None:
                with QSignalBlocker(self.set_box):
                    self.set_box.setChecked(True)
            self.editor.setEnabled(True)
        self._commit()

    def _commit(self, *_: Any) -> None:
        value = self.editor_value()
        try:
            self.spec.convert(value)
        except ParamValueError as e:
            self.set_error(self.tr("{0}: {1}").format(self.spec.name, e))
            return
        self.set_error(None)
        self.form.apply(self.spec.name, value)


class ParamForm(i18n.Retranslatable, QWidget):
    """Form for the step selected in AppState (``current_step``); rebuilt when another step is chosen."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: dict[str, ParamRow] = {}
        self._key: tuple | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setObjectName("formHelp")
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.title)
        outer.addWidget(self.help)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(self._scroll, 1)
        self._body = QWidget()
        self._form = QFormLayout(self._body)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._scroll.setWidget(self._body)
        self.stats_box = DatasetStatsBox(state)  # shown for a Normalize step
        outer.addWidget(self.stats_box)
        state.current_step_changed.connect(self._on_state_changed)
        state.document_changed.connect(self._on_state_changed)
        self._on_state_changed()

    def retranslate(self) -> None:
        self._key = None
        self._on_state_changed()

    def _on_state_changed(self, *_: Any) -> None:
        split, index = self.state.current_step
        step = self.state.current_step_spec()
        key = (split, index, step.name if step else None)
        if key != self._key:
            self._rebuild(step, split, index)
            self._key = key
            self.stats_box.setVisible(step is not None and step.name == "Normalize")
        if step is not None:
            for name, row in self.rows.items():
                row.show_value(step.params.get(name, row.spec.default))

    def _rebuild(self, step: Any, split: str, index: int) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        self.rows.clear()
        if step is None:
            self.title.setText(self.tr("No step selected"))
            self.help.setText(self.tr("Select a step in a pipeline to edit its parameters, or drag one "
                                      "from the palette."))
            return

        split_label = self.tr("train") if split == "train" else self.tr("val")
        self.title.setText(self.tr("{0} — step {1} of the {2} pipeline").format(step.name, index + 1, split_label))
        try:
            entry = get_entry(step.name)
        except PipelineError as e:
            self.help.setText(str(e))
            return
        text = i18n.help_text(entry)
        if entry.random:
            text += "\n" + self.tr("Random step: use Re-roll in the preview to see other draws.")
        self.help.setText(text)
        if not entry.params:
            self._form.addRow(QLabel(self.tr("This step has no parameters.")))
        for spec in entry.params:
            row = ParamRow(self, spec)
            label = QLabel(spec.name)
            label.setToolTip(i18n.param_help(spec))
            self._form.addRow(label, row)
            self.rows[spec.name] = row

    def apply(self, name: str, value: Any) -> None:
        """One validated edit -> AppState (undoable; edits of the same field merge)."""
        split, index = self.state.current_step
        step = self.state.current_step_spec()
        if step is None:
            return
        if step.params.get(name, self.rows[name].spec.default) == value and name in step.params:
            return
        self.state.set_step_params(split, index, {name: value})
