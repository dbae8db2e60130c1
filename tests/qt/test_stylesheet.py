"""The app's stylesheet keeps every numeric field's up/down arrows and the combo boxes' drop-down arrow, under
Fusion and under the other built-in style (a border set on those widgets made Qt draw their sub-controls
from the sheet, and without arrow images the arrows vanished)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox, QStyleFactory, QWidget

from dtf_gui.qt.app import stylesheet

DARK = 160  # pixel value (0-255) below which a pixel counts as drawn ink


def _ink(widget: QWidget) -> tuple[list[list[bool]], int, int]:
    img = widget.grab().toImage()
    w, h = img.width(), img.height()
    return [[img.pixelColor(x, y).value() < DARK for x in range(w)] for y in range(h)], w, h


def _has_arrow(ink: list[list[bool]], w: int, top: int, bottom: int) -> bool:
    """A run of >= 3 dark pixels in the button area (right 30 px) that is not the frame at the very edge."""
    for row in ink[top:bottom]:
        run = 0
        for x in range(w - 30, w - 2):
            run = run + 1 if row[x] else 0
            if run >= 3 and not row[x + 1]:  # a run that ends inside the button, not a line to the edge
                return True
    return False


@pytest.mark.parametrize("style_name", ["Fusion", "Windows"])
def test_spin_and_combo_arrows_are_drawn_under_the_stylesheet(qtbot, style_name):
    if style_name not in QStyleFactory.keys():
        pytest.skip(f"{style_name} style not built into this Qt")
    style = QStyleFactory.create(style_name)
    spin, dspin, combo = QSpinBox(), QDoubleSpinBox(), QComboBox()
    spin.setRange(0, 10)
    spin.setValue(5)
    dspin.setValue(0.5)
    combo.addItems(["resnet18", "mobilenet_v3_small"])
    for w in (spin, dspin, combo):
        qtbot.addWidget(w)
        w.setStyle(style)
        w.setStyleSheet(stylesheet())
        w.resize(180, 30)
        w.show()
    qtbot.waitExposed(combo)
    for w in (spin, dspin):
        ink, width, height = _ink(w)
        assert _has_arrow(ink, width, 3, height // 2), "no up arrow"
        assert _has_arrow(ink, width, height // 2, height - 3), "no down arrow"
    ink, width, height = _ink(combo)
    assert _has_arrow(ink, width, 3, height - 3), "no drop-down arrow"
    if style_name == "Fusion":  # (Windows draws its own bevelled button there)
        corner = sum(1 for row in ink[3:-3] if row[width - 2] or row[width - 3])
        assert corner <= 2, "a dark frame corner is drawn around the drop-down arrow"
