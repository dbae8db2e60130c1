"""Evaluation view: a tiny trained model fills the table, the matrix, the ROC curves and the history;
clicking a matrix cell shows exactly that cell's images; the report exports."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from eval_fixtures import expected_predictions, make_trained_run, write_dataset
from PySide6.QtCore import Qt
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support, roc_auc_score

from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.evaluation_panel import EvaluationPanel

CLASSES = ("red", "green", "blue")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("eval")
    root = write_dataset(base / "data", CLASSES)
    run = make_trained_run(base / "runs" / "20250101-000000-resnet18", root, CLASSES)
    return run, root


@pytest.fixture(scope="module")
def outcome(trained):
    """The evaluation the background job runs, computed once for the tests that only look at the views."""
    run, root = trained
    return run_evaluation(EvalRequest(str(run), str(root)))


def _shown(qtbot, outcome) -> EvaluationPanel:
    panel = EvaluationPanel(AppState())
    qtbot.addWidget(panel)
    panel.resize(1300, 850)
    with qtbot.waitSignal(panel.evaluation_finished, timeout=10000):
        panel.show_outcome(outcome)
    return panel


def _evaluated(qtbot, run: Path, root: Path) -> EvaluationPanel:
    """An Evaluate click: the background job (a JobRunner running run_evaluation) end to end."""
    state = AppState()
    panel = EvaluationPanel(state)
    qtbot.addWidget(panel)
    panel.resize(1300, 850)
    state.set_run_dir(str(run))
    panel.set_data_root(root)
    assert panel.eval_button.isEnabled()
    with qtbot.waitSignal(panel.evaluation_finished, timeout=60000):
        qtbot.mouseClick(panel.eval_button, Qt.MouseButton.LeftButton)
    return panel


def test_evaluation_fills_table_matrix_roc_and_history(qtbot, trained) -> None:
    run, root = trained
    panel = _evaluated(qtbot, run, root)
    expected = expected_predictions(run, root)
    result = panel.outcome.result
    assert sorted(result.paths) == sorted(expected)
    y_true = [CLASSES.index(expected[p][0]) for p in result.paths]
    y_pred = [CLASSES.index(expected[p][1]) for p in result.paths]
    assert list(result.y_true) == y_true and list(result.y_pred) == y_pred

    # the matrix: exactly sklearn's confusion matrix of the independently computed predictions
    cm = confusion_matrix(y_true, y_pred, labels=[0, 1, 2])
    model = panel.confusion.model
    assert (model.rowCount(), model.columnCount()) == (3, 3)
    shown = [[int(model.index(r, c).data()) for c in range(3)] for r in range(3)]
    assert shown == cm.tolist()
    assert cm.trace() < cm.sum()  # the fixture's mislabelled images give off-diagonal cells
    panel.normalize_check.setChecked(True)
    assert model.index(0, 0).data() == f"{cm[0, 0] / cm[0].sum():.2f}"

    # the per-class table, sortable
    prec, rec, f1, sup = precision_recall_fscore_support(y_true, y_pred, labels=[0, 1, 2], zero_division=0)
    pcm = panel.per_class_model
    assert pcm.rowCount() == 3
    for i, name in enumerate(CLASSES):
        assert pcm.item(i, 0).text() == name
        for col, want in ((1, prec[i]), (2, rec[i]), (3, f1[i]), (4, sup[i])):
            assert pcm.item(i, col).data(Qt.ItemDataRole.UserRole + 2) == pytest.approx(float(want))
    panel.per_class_table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by recall
    proxy = panel.per_class_proxy
    recalls = [proxy.index(r, 2).data(Qt.ItemDataRole.UserRole + 1) for r in range(3)]
    assert recalls == sorted(recalls)

    # ROC: one curve per class, AUC = sklearn's roc_auc_score of that class against the rest
    curves = panel.roc_curves()
    assert len(curves) == 3 and panel.roc_names == list(CLASSES)
    probs = result.probs
    for k in range(3):
        want = roc_auc_score((np.asarray(y_true) == k).astype(int), probs[:, k])
        assert panel.roc_aucs[k] == pytest.approx(want, abs=1e-12)
        assert curves[k].name() == f"{CLASSES[k]} (AUC {want:.3f})"
    legend_texts = [label.text for _, label in panel.roc_legend.items]
    assert len(legend_texts) == 3 and all("AUC" in t for t in legend_texts)

    # headline numbers and the training history of the run
    assert panel.cards["accuracy"][0].text() == f"{np.mean(np.equal(y_true, y_pred)):.1%}"
    assert set(panel.history_items) == {"train_loss", "val_loss", "val_acc"}
    assert "2 epoch(s)" in panel.history_summary.text()


def test_clicking_a_cell_shows_exactly_its_images(qtbot, trained, outcome) -> None:
    run, root = trained
    panel = _shown(qtbot, outcome)
    expected = expected_predictions(run, root)
    cells = Counter(expected.values())
    table = panel.confusion.table
    for t, true_name in enumerate(CLASSES):
        for p, pred_name in enumerate(CLASSES):
            rect = table.visualRect(panel.confusion.model.index(t, p))
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            want = {path for path, (tn, pn) in expected.items() if (tn, pn) == (true_name, pred_name)}
            assert set(panel.gallery.paths()) == want
            assert len(panel.gallery.paths()) == cells[(true_name, pred_name)]
            for item in panel.gallery.model.items:
                assert (item.true_label, item.pred_label) == (true_name, pred_name)
    # tiles say true label, predicted label and probability; sorted by loss, highest first
    panel.confusion.click_cell(0, 1)
    items = panel.gallery.model.items
    text = panel.gallery.model.index(0, 0).data()
    assert "red" in text and "green" in text and f"{items[0].prob:.2f}" in text
    panel.gallery.show_top_losses()
    losses = [it.loss for it in panel.gallery.model.items]
    assert losses == sorted(losses, reverse=True) and len(losses) == len(expected)
    panel.gallery.set_sort("confidence_high")
    probs = [it.prob for it in panel.gallery.model.items]
    assert probs == sorted(probs, reverse=True)


def test_detail_dialog_shows_the_pipeline_trace(qtbot, outcome) -> None:
    panel = _shown(qtbot, outcome)
    panel.gallery.show_top_losses()
    index = panel.gallery.model.index(0, 0)
    rect = panel.gallery.view.visualRect(index)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.mouseDClick(panel.gallery.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialogs = panel.gallery.findChildren(type(panel.gallery.open_detail(0)))
    dlg = dialogs[0]
    # raw file, loaded RGB image, then one card per val step (Resize, ToImage, ToDtype, Normalize)
    assert len(dlg.cards) == 6 and dlg.trace_error is None
    assert "float32" in dlg.cards[-1].badge.text()
    for d in dialogs:
        d.close()


def test_export_report(qtbot, outcome, tmp_path: Path) -> None:
    panel = _shown(qtbot, outcome)
    out = panel.export_report(tmp_path / "report")
    names = {p.name for p in out.iterdir()}
    assert {"metrics.json", "per_class.csv", "confusion_matrix.csv", "predictions.csv", "roc.png",
            "history.png", "confusion_matrix.png"} <= names
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["accuracy"] == panel.outcome.result.metrics["accuracy"]
    rows = (out / "per_class.csv").read_text().splitlines()
    assert rows[0] == "class,precision,recall,f1,support,auc" and len(rows) == 4
    for png in ("roc.png", "history.png", "confusion_matrix.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len((out / "predictions.csv").read_text().splitlines()) == 1 + 18


def test_binary_dataset_draws_one_roc_curve(qtbot, tmp_path: Path) -> None:
    classes = ("red", "blue")
    root = write_dataset(tmp_path / "data", classes, train=5, val=5)
    run = make_trained_run(tmp_path / "run", root, classes, steps=20)
    panel = _shown(qtbot, run_evaluation(EvalRequest(str(run), str(root))))
    result = panel.outcome.result
    assert panel.outcome.result.metrics["roc"]["kind"] == "binary"
    curves = panel.roc_curves()
    assert len(curves) == 1
    want = roc_auc_score(result.y_true, result.probs[:, 1])
    assert panel.roc_aucs == [pytest.approx(want, abs=1e-12)]
    assert curves[0].name() == f"blue (AUC {want:.3f})"
    assert "blue" in panel.roc_title.text()
    assert panel.confusion.model.rowCount() == 2


def test_a_bad_model_folder_is_reported_once(qtbot, tmp_path: Path) -> None:
    state = AppState()
    panel = EvaluationPanel(state)
    qtbot.addWidget(panel)
    errors = []
    state.error_reported.connect(lambda m, d: errors.append(m))
    panel.set_model_path(tmp_path)
    panel.set_data_root(tmp_path)
    with qtbot.waitSignal(panel.evaluation_failed, timeout=30000):
        panel.evaluate()
    assert len(errors) == 1 and "neither a run directory" in errors[0]
    assert "failed" in panel.status.text()
