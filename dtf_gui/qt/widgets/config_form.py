"""Editors for run-config settings, generated from ``config.FIELDS`` (as ParamForm is from ParamSpec).

The rule of a setting gives its editor: a spin box with the rule's range for a number, a combo box with the
rule's choices, a check box for true/false, the device listing for ``device``; its tooltip is the catalogue's
``config.help.<key>`` in the GUI's language. No range or choice list is repeated in a widget, so the form
offers exactly what ``--set`` accepts. How a value is shown (decimals, a text field for a learning rate) is
the only thing a panel chooses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from dtf_gui.core.config import FIELDS, RunConfig, field_help
from dtf_gui.core.devices import available_devices
from dtf_gui.qt import i18n

_INT_LIMIT = 2**31 - 1  # what a QSpinBox holds


class ConfigFields:
    """One editor per dotted key; every user edit calls ``on_edit({key: value})``, :meth:`show` refreshes them.

    ``on_edit`` applies the edit through ``RunConfig.with_overrides`` (the config's own rules); the editors
    only offer what those rules allow.
    """

    def __init__(self, on_edit: Callable[[dict[str, Any]], object]) -> None:
        self._on_edit = on_edit
        self.editors: dict[str, QWidget] = {}

    # -- building -------------------------------------------------------------------------------------
    def add(self, key: str, *, decimals: int = 2, step: float | None = None, as_text: bool = False) -> Any:
        """The editor for ``key`` by its rule's kind; ``as_text`` edits a number as text (``3e-4``)."""
        rule = FIELDS[key]
        editor: QWidget
        if rule.kind == "int":
            editor = QSpinBox(minimum=int(_bound(rule.minimum, -_INT_LIMIT)), maximum=int(_bound(rule.maximum, _INT_LIMIT)))
            editor.valueChanged.connect(lambda v, k=key: self._on_edit({k: int(v)}))
        elif rule.kind == "float" and as_text:
            editor = QLineEdit()
            editor.editingFinished.connect(lambda k=key, e=editor: self._on_edit({k: e.text()}))
        elif rule.kind == "float":
            smallest = 10.0 ** -decimals
            low = _bound(rule.minimum, -1e9) + (smallest if rule.min_exclusive else 0.0)
            editor = QDoubleSpinBox(decimals=decimals, minimum=low, maximum=_bound(rule.maximum, 1e9))
            if step is not None:
                editor.setSingleStep(step)
            editor.valueChanged.connect(lambda v, k=key: self._on_edit({k: float(v)}))
        elif rule.kind in ("choice", "device"):
            editor = QComboBox()
            values = rule.choices if rule.kind == "choice" else ("auto", *(d.value for d in available_devices()))
            labels = {d.value: d.label for d in available_devices()} if rule.kind == "device" else {}
            for value in values:
                editor.addItem(labels.get(value, value), value)
            editor.currentIndexChanged.connect(lambda _i, k=key, e=editor: self._on_edit({k: e.currentData()}))
        elif rule.kind == "bool":
            editor = QCheckBox()
            editor.toggled.connect(lambda on, k=key: self._on_edit({k: bool(on)}))
        else:
            raise ValueError(f"no generated editor for {key} ({rule.kind}); build it in the panel")
        editor.setObjectName(f"config_{key}")
        self.editors[key] = editor
        return editor

    # -- refreshing -----------------------------------------------------------------------------------
    def show(self, config: RunConfig) -> None:
        """Show ``config``'s values, without echoing them back as edits."""
        for key, editor in self.editors.items():
            value = config.get(key)
            with QSignalBlocker(editor):
                if isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                elif isinstance(editor, QComboBox):
                    index = editor.findData(value)
                    if index < 0:  # e.g. cuda:1 from a config file made on another machine
                        editor.addItem(str(value), value)
                        index = editor.findData(value)
                    editor.setCurrentIndex(index)
                elif isinstance(editor, QLineEdit):
                    editor.setText(f"{value:g}")
                else:
                    editor.setValue(value)

    def retranslate(self) -> None:
        """Tooltips: what each setting allows, from the catalogue, in the GUI's language."""
        for key, editor in self.editors.items():
            editor.setToolTip(i18n.text(field_help(key)))


def _bound(value: float | None, default: float) -> float:
    return default if value is None else max(-_INT_LIMIT, min(_INT_LIMIT, value))


__all__ = ["ConfigFields"]
