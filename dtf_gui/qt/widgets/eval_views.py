"""Parts of the Evaluate tab that only draw an evaluation: headline cards, per-class table, ROC, history.

The :class:`~dtf_gui.qt.widgets.evaluation_panel.EvaluationPanel` owns the job and the source choice and
fills these from an :class:`~dtf_gui.core.runs.evaluate.EvalOutcome`'s metrics.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it (STYLE §9)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# a colour-blind-safe qualitative palette (Tableau 10) for the ROC curves
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")
CARD_KEYS = ("accuracy", "top_k", "macro_f1", "macro_pr", "weighted_f1", "weighted_pr", "auc", "loss", "samples")


def _metric_card(parent_layout: QHBoxLayout) -> tuple[QLabel, QLabel]:
    frame = QFrame()
    frame.setObjectName("metricCard")
    frame.setStyleSheet("#metricCard { background: #ffffff; border: 1px solid #dadce0; border-radius: 6px; }")
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(10, 6, 10, 6)
    lay.setSpacing(0)
    value = QLabel("–")
    value.setStyleSheet("font-size: 15pt; font-weight: 600; color: #202124;")
    name = QLabel()
    name.setObjectName("muted")
    lay.addWidget(value)
    lay.addWidget(name)
    parent_layout.addWidget(frame)
    return value, name


def per_class_rows(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per class: class, precision, recall, f1, support, auc (None when undefined)."""
    pc = metrics["per_class"]
    roc = metrics["roc"]
    aucs = roc["auc"] if roc["kind"] == "ovr" else [None] * len(metrics["classes"])
    return [{"class": name, "precision": pc["precision"][i], "recall": pc["recall"][i], "f1": pc["f1"][i],
             "support": pc["support"][i], "auc": aucs[i]} for i, name in enumerate(metrics["classes"])]


class MetricCards(QWidget):
    """The headline numbers, one card each (``cards[key] = (value label, name label)``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        self.cards: dict[str, tuple[QLabel, QLabel]] = {key: _metric_card(lay) for key in CARD_KEYS}

    def retranslate(self) -> None:
        names = {"accuracy": self.tr("accuracy"), "top_k": self.tr("top-5 accuracy"),
                 "macro_f1": self.tr("macro F1"), "macro_pr": self.tr("macro precision / recall"),
                 "weighted_f1": self.tr("weighted F1"), "weighted_pr": self.tr("weighted precision / recall"),
                 "auc": self.tr("AUC"), "loss": self.tr("log loss"), "samples": self.tr("images")}
        for key, (_, name) in self.cards.items():
            name.setText(names[key])

    def set_stale(self, stale: bool) -> None:
        """Grey numbers while they describe the folder as it was before curation moved images."""
        colour = "#9aa0a6" if stale else "#202124"
        for value, _name in self.cards.values():
            value.setStyleSheet(f"font-size: 15pt; font-weight: 600; color: {colour};")

    def fill(self, m: dict[str, Any]) -> None:
        def pct(v: float | None) -> str:
            return "–" if v is None else f"{v:.1%}"

        topk = {k: v for k, v in m["top_k_accuracy"].items() if k != "1"}
        k, v = (max(topk.items(), key=lambda kv: int(kv[0])) if topk else ("5", None))
        self.cards["accuracy"][0].setText(pct(m["accuracy"]))
        self.cards["top_k"][0].setText(pct(v))
        self.cards["top_k"][1].setText(self.tr("top-{0} accuracy").format(k))
        self.cards["macro_f1"][0].setText(f"{m['macro']['f1']:.3f}")
        self.cards["macro_pr"][0].setText(f"{m['macro']['precision']:.3f} / {m['macro']['recall']:.3f}")
        self.cards["weighted_f1"][0].setText(f"{m['weighted']['f1']:.3f}")
        self.cards["weighted_pr"][0].setText(f"{m['weighted']['precision']:.3f} / {m['weighted']['recall']:.3f}")
        auc = m["roc"]["macro_auc"]
        self.cards["auc"][0].setText("–" if auc is None else f"{auc:.3f}")
        self.cards["auc"][1].setText(self.tr("AUC (macro, one-vs-rest)") if m["roc"]["kind"] == "ovr"
                                     else self.tr("AUC ({0} positive)").format(m["roc"].get("positive_class")))
        self.cards["loss"][0].setText(f"{m['log_loss']:.3f}")
        self.cards["samples"][0].setText(str(m["num_samples"]))


class PerClassTable(QTableView):
    """Precision, recall, F1, support and AUC per class, sortable by the exact numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_model = QStandardItemModel(0, 6, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

    def retranslate(self) -> None:
        self.source_model.setHorizontalHeaderLabels([self.tr("class"), self.tr("precision"), self.tr("recall"),
                                                     self.tr("F1"), self.tr("support"), self.tr("AUC")])

    def fill(self, m: dict[str, Any]) -> None:
        sort_col = self.horizontalHeader().sortIndicatorSection()
        sort_order = self.horizontalHeader().sortIndicatorOrder()
        self.source_model.removeRows(0, self.source_model.rowCount())
        for row in per_class_rows(m):
            items = [QStandardItem(row["class"])]
            items[0].setData(row["class"].lower(), SORT_ROLE)
            for key in ("precision", "recall", "f1", "support", "auc"):
                v = row[key]
                it = QStandardItem("n/a" if v is None else (str(v) if key == "support" else f"{v:.3f}"))
                it.setData(-1.0 if v is None else float(v), SORT_ROLE)
                it.setData(v, Qt.ItemDataRole.UserRole + 2)  # the exact number, for tests and copy
                it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if key == "recall" and v is not None and v < 0.5:
                    it.setForeground(QColor("#c5221f"))
                items.append(it)
            self.source_model.appendRow(items)
        if 0 <= sort_col < 6:
            self.proxy.sort(sort_col, sort_order)


class RocView(QWidget):
    """One-vs-rest ROC curves (one curve for two classes) with the AUC in the legend, under a title."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []
        self.aucs: list[float | None] = []
        self.names: list[str] = []
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumSize(260, 220)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setXRange(0, 1, padding=0.02)
        self.plot.setYRange(0, 1, padding=0.02)
        self.plot.setAspectLocked(False)
        self.legend = self.plot.addLegend(offset=(-8, 8), labelTextSize="8pt")
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.title)
        lay.addWidget(self.plot, 1)

    def retranslate(self) -> None:
        self.title.setText(self.tr("ROC curves (one-vs-rest)"))
        self.plot.setLabel("bottom", self.tr("false positive rate"))
        self.plot.setLabel("left", self.tr("true positive rate"))

    def draw(self, m: dict[str, Any]) -> None:
        for item in self.items:
            self.plot.removeItem(item)
        self.legend.clear()
        self.items, self.aucs, self.names = [], [], []
        roc = m["roc"]
        diag = self.plot.plot([0, 1], [0, 1], pen=pg.mkPen("#9aa0a6", width=1, style=Qt.PenStyle.DashLine))
        self.items.append(diag)
        self.legend.removeItem(diag)
        self.title.setText(self.tr("ROC curve ({0} positive)").format(roc.get("positive_class"))
                           if roc["kind"] == "binary" else self.tr("ROC curves (one-vs-rest)"))
        for i, (curve, auc) in enumerate(zip(roc["curves"], roc["auc"], strict=True)):
            if curve is None:
                continue
            name = f"{curve['class']} (AUC {auc:.3f})"
            item = self.plot.plot(np.asarray(curve["fpr"], dtype=float), np.asarray(curve["tpr"], dtype=float),
                                  pen=pg.mkPen(PALETTE[i % len(PALETTE)], width=2), name=name)
            self.items.append(item)
            self.aucs.append(auc)
            self.names.append(str(curve["class"]))

    def curves(self) -> list[Any]:
        """The ROC curve items drawn (the dashed chance line left out)."""
        return self.items[1:]


class HistoryView(QWidget):
    """The run's training history: loss and accuracy per epoch, with a one-line summary above."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: dict[str, Any] = {}
        self.plot = pg.PlotWidget(background="w")
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.legend = self.plot.addLegend(offset=(-8, 8), labelTextSize="8pt")
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        hl = QVBoxLayout(self)
        hl.setContentsMargins(0, 4, 0, 0)
        hl.addWidget(self.summary)
        hl.addWidget(self.plot, 1)

    def retranslate(self, drawn: bool) -> None:
        self.plot.setLabel("bottom", self.tr("epoch"))
        if not drawn:
            self.summary.setText(self.tr("The training history of the run appears here."))

    def draw(self, history: list[dict[str, float]]) -> None:
        self.plot.clear()
        self.legend.clear()
        self.items = {}
        if not history:
            self.summary.setText(self.tr("No training history: a bundle carries only its final metrics, "
                                         "and a run shows its metrics.csv here."))
            return
        epochs = np.array([h["epoch"] for h in history], dtype=float)
        styles = {"train_loss": ("#4e79a7", self.tr("train loss")), "val_loss": ("#f28e2b", self.tr("val loss")),
                  "val_acc": ("#59a14f", self.tr("val accuracy"))}
        if any("val_r2" in h for h in history):  # a regression run keeps its R² where accuracy would be
            styles["val_acc"] = ("#59a14f", self.tr("val R²"))
        for key, (colour, name) in styles.items():
            ys = np.array([h.get(key, np.nan) for h in history], dtype=float)
            if np.isfinite(ys).any():
                self.items[key] = self.plot.plot(
                    epochs, ys, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5, symbolBrush=colour,
                    name=name)
        accs = [h.get("val_acc") for h in history]
        best_i = int(np.nanargmax(np.array([a if a is not None else np.nan for a in accs], dtype=float))) \
            if any(a is not None for a in accs) else len(history) - 1
        best = history[best_i]
        total_s = sum(h.get("seconds", 0.0) for h in history)
        last = history[-1]
        if any("val_r2" in h for h in history):
            self.summary.setText(self.tr(
                "{0} epoch(s) in {1:.0f} s · best val R² {2:.4f} at epoch {3} · last epoch: train loss {4:.3f}, "
                "val loss {5:.3f}, val R² {6:.4f}").format(
                len(history), total_s, best.get("val_acc", float("nan")), int(best["epoch"]),
                last.get("train_loss", float("nan")), last.get("val_loss", float("nan")),
                last.get("val_acc", float("nan"))))
            return
        self.summary.setText(self.tr(
            "{0} epoch(s) in {1:.0f} s · best val accuracy {2:.1%} at epoch {3} · last epoch: train loss {4:.3f}, "
            "val loss {5:.3f}, val accuracy {6:.1%}").format(
            len(history), total_s, best.get("val_acc", float("nan")), int(best["epoch"]),
            last.get("train_loss", float("nan")), last.get("val_loss", float("nan")),
            last.get("val_acc", float("nan"))))
