"""Switch the running app to Chinese and read what is on screen: no English is left in the Data, Pipeline and
Training tabs except names (transforms, parameters, classes, files, models, units, numbers), and what the core
said before the switch (a scan finding, a lint finding, a config error) is said again in Chinese."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTabBar,
    QWidget,
)

from dtf_gui.core.config import FIELDS
from dtf_gui.core.models import zoo
from dtf_gui.core.pipeline.build import starter_document
from dtf_gui.core.pipeline.registry import DTYPES, INTERPOLATIONS, REGISTRY
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec
from dtf_gui.qt import i18n
from dtf_gui.qt.main_window import MainWindow
from dtf_gui.qt.state import AppState

# -- what may stay in Latin letters -------------------------------------------------------------------------
#: Names and symbols, not words: units, file formats, libraries, hardware, number formats, colour modes.
NAMES = {
    "px", "ms", "MB", "GB", "GiB", "KB", "M", "k", "s", "Hz",
    "PNG", "JPEG", "JPG", "GIF", "BMP", "TIFF", "WEBP", "JSON", "CSV", "EXIF", "FIFO", "UTF-8",
    "Python", "PyTorch", "torch", "torchvision", "v2", "PIL", "Pillow", "tv_tensors", "Tensor", "Image", "ndarray",
    "ImageNet", "CPU", "GPU", "CUDA", "MPS", "Apple", "LR", "ETA", "AUC", "TensorBoard", "EMA",
    "FP32", "FP16", "BF16", "fp32", "fp16", "bf16", "Adam", "AdamW", "SGD", "One-cycle",
    "Huber", "MSE", "MAE", "RMSE",  # a loss named after its author, metric abbreviations (like AUC)
    "RGB", "RGBA", "L", "LA", "P", "CMYK", "I", "F", "HSV", "LAB", "YCbCr",
    "dtf", "dtf_gui", "Ctrl", "Shift", "Delete",  # key caps
}
#: Python keywords that appear inside parameter values shown as code (``scale=True``).
CODE_WORDS = {"True", "False", "None", "null", "true", "false"}


def _latin_words(text: str, names: set[str]) -> list[str]:
    """Latin-letter words of ``text`` that are not names (empty: the text is Chinese or only names)."""
    text = re.sub(r"<[^>]+>", " ", text)  # rich-text tags
    text = re.sub(r"(?:[A-Za-z]:)?[\w.~\-]*[/\\][^\s，。；：、）)]*", " ", text)  # file paths
    text = re.sub(r"\b\w+=(\"[^\"]*\"|\[[^\]]*\]|[^\s,，)）]+)", " ", text)  # keyword=value (code)
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"|\[[^\]\n]*\]", " ", text)  # quoted names and values, [h, w] lists
    text = re.sub(r"\b[A-Za-z_]\w*(?:\.\w+)+\b", " ", text)  # dotted keys and file names (train.lr, a.png)
    text = re.sub(r"[\w\-]+\.(?:png|jpe?g|gif|bmp|tiff?|webp|json|csv|pth?|safetensors)\b", " ", text, flags=re.I)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_\-]*", text)
    return [w for w in words if w not in names and w not in CODE_WORDS and not any(c.isdigit() for c in w)
            and w.strip("-") not in names]


def _item_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    out: list[str] = []
    if model is None:
        return out

    def columns(parent: QModelIndex) -> int:
        try:
            return model.columnCount(parent)
        except TypeError:  # a list model: one column (columnCount is private there)
            return 1

    def walk(parent: QModelIndex) -> None:
        for r in range(model.rowCount(parent)):
            for c in range(columns(parent)):
                idx = model.index(r, c, parent)
                value = idx.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str) and value:
                    out.append(value)
            first = model.index(r, 0, parent)
            if columns(first) and model.rowCount(first):
                walk(first)

    walk(QModelIndex())
    return out


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(widget, text) for every string a user sees in ``root``: labels, buttons, group boxes, combo items,
    line edits (their text or placeholder), tabs, progress bars, list/tree/table items and headers.
    Plain-text editors are skipped: they hold code and logs."""
    out: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        kind = f"{type(w).__name__}({w.objectName()})"
        texts: list[str] = []
        if isinstance(w, QLabel):
            texts.append(w.text())
        if isinstance(w, QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QLineEdit) and not isinstance(w.parent(), QComboBox) and not w.text():
            texts.append(w.placeholderText())  # (its text is the user's: a path, a number)
        if isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QProgressBar) and w.isTextVisible():
            texts.append(w.text())
        if isinstance(w, QHeaderView):
            model = w.model()
            if model is not None:
                n = model.columnCount() if w.orientation() == Qt.Orientation.Horizontal else model.rowCount()
                texts += [str(model.headerData(i, w.orientation(), Qt.ItemDataRole.DisplayRole) or "")
                          for i in range(n) if not w.isSectionHidden(i)]
        elif isinstance(w, QAbstractItemView):
            texts += _item_texts(w)
        out += [(kind, t) for t in texts if t and t.strip()]
    return out


# -- the app --------------------------------------------------------------------------------------------------
@pytest.fixture
def english():
    yield
    i18n.set_language("en")


@pytest.fixture
def odd_dataset(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    for cls in ("cat", "dog"):
        (root / cls).mkdir(parents=True)
        for i in range(4):
            Image.fromarray(np.full((24, 20, 3), 30 * i + (cls == "dog"), np.uint8)).save(root / cls / f"{i}.png")
    (root / "empty").mkdir()
    (root / "cat" / "zero.png").write_bytes(b"")
    Image.fromarray(np.arange(480, dtype=np.uint16).reshape(24, 20) * 130).save(root / "dog" / "deep.png")
    return root


def _names(win: MainWindow) -> set[str]:
    """Names shown as they are: transforms, their parameters and values, classes, models, freeze groups."""
    names = set(NAMES) | set(REGISTRY) | set(DTYPES) | set(INTERPOLATIONS)
    names.update(part for key in FIELDS for part in key.split("."))  # settings a user can type (model.dropout)
    for entry in REGISTRY.values():
        for p in entry.params:
            names.add(p.name)
            names.update(str(c) for c in (p.choices or ()))
    report = win.state.scan_report
    names.update(report.classes if report is not None else ())
    for arch in zoo.ARCHS.values():  # ResNet-18, MobileNetV3 Small, ShuffleNetV2 x1.0
        names.add(arch.name)
        names.update(re.findall(r"[A-Za-z][\w\-]*", arch.display))
    panel = win.training_panel
    for i in range(panel.groups_list.count()):
        names.update(re.findall(r"[A-Za-z][\w\-.]*", str(panel.groups_list.item(i).data(Qt.ItemDataRole.UserRole))))
    names.update(re.findall(r"[A-Za-z][\w\-]*", panel.device_combo.itemText(panel.device_combo.count() - 1)))
    return names


def test_chinese_ui_shows_no_english_and_rerenders_core_messages(qtbot, settings, odd_dataset, english):
    state = AppState()
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    # in English: scan a folder with findings, preview a sample, show a lint finding and a config error
    win.data_panel.open_folder(odd_dataset)
    qtbot.waitUntil(lambda: state.scan_report is not None and state.scan_report.root == str(odd_dataset),
                    timeout=20000)
    report = state.scan_report
    zero = next(f for f in report.findings if f.code == "zero_byte")
    items = [win.data_panel.findings.item(i).text() for i in range(win.data_panel.findings.count())]
    assert any("the file is empty (0 bytes)" in t for t in items)
    doc = starter_document(32)
    val = PipelineSpec((*doc.val.steps, StepSpec("RandomHorizontalFlip", {"p": 0.5})))
    state.set_document(PipelineDocument(train=doc.train, val=val))
    editor = win.pipeline_editor
    win.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(editor.preview.rendered, timeout=20000):
        state.set_selected_sample(str(odd_dataset / "cat" / "0.png"))
    qtbot.waitUntil(lambda: any(r.finding.rule == "random-in-val" for r in editor.lint_panel.rows), timeout=20000)
    state.set_current_step("train", 0)  # the parameter form shows a step: its help and parameters
    training = win.training_panel
    win.tabs.setCurrentIndex(2)
    training.lr_edit.setText("fast")
    training.lr_edit.editingFinished.emit()
    assert training.config_error.isVisible() and "train.lr" in training.config_error.text()
    english_error = training.config_error.text()

    win.set_language("zh_CN")
    qtbot.waitUntil(lambda: win.tabs.tabText(0) == "数据", timeout=5000)

    # what the core said before the switch is said again, in Chinese
    items = [win.data_panel.findings.item(i).text() for i in range(win.data_panel.findings.count())]
    assert zero.msg.render("zh_CN") in items and "0 字节" in zero.msg.render("zh_CN")
    assert not any("the file is empty" in t for t in items)
    row = next(r for r in editor.lint_panel.rows if r.finding.rule == "random-in-val")
    assert "随机" in row.text.text() and "is random" not in row.text.text()
    assert row.fix_button is not None and "验证" in row.fix_button.toolTip()
    assert training.config_error.text() != english_error and "train.lr" in training.config_error.text()

    names = _names(win)
    found: dict[str, list[str]] = {}
    for index, tab in ((0, "Data"), (1, "Pipeline"), (2, "Training")):
        win.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        for kind, text in visible_texts(win.tabs.widget(index)):
            words = _latin_words(text, names)
            if words:
                found.setdefault(tab, []).append(f"{kind}: {text!r} -> {words}")
    if os.environ.get("DTF_I18N_DUMP"):  # see everything the walk read
        for index in range(3):
            win.tabs.setCurrentIndex(index)
            qtbot.wait(50)
            print("\n".join(f"{index} {kind}: {text!r}" for kind, text in visible_texts(win.tabs.widget(index))))
    assert not found, "\n".join(f"{tab}:\n  " + "\n  ".join(lines) for tab, lines in found.items())


def test_the_english_detector_is_honest():
    names = set(NAMES) | {"Resize", "size"}
    assert _latin_words("扫描 3 张图像，用时 12 ms", names) == []
    assert _latin_words("第 2 步 Resize（size=[224, 224]）：/tmp/a b/x.png", names) == []
    assert _latin_words("Scan the folder", names) == ["Scan", "the", "folder"]
    assert _latin_words("<b>验证</b>: step 3", names) == ["step"]
    assert _latin_words("train.lr：'fast' 不是数值；添加调整到 [h, w] 的 Resize，按 Delete 键", names) == []
    assert _latin_words("see the 'empty' class", names) == ["see", "the", "class"]
