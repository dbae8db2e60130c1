"""The Evaluate view of a regression run: an Evaluate click draws one scatter point per val image at (true,
predicted), the residual histogram, the largest errors first, and the history labelled R²."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from dtf_gui.core.training.engine import train
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.evaluation_panel import EvaluationPanel
from tests.regression_data import regression_config, write_brightness_folder


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("regression_view")
    data = write_brightness_folder(base / "data", n=60)
    return train(regression_config(data, base / "runs", train__epochs=4)).run_dir, data


def test_evaluate_shows_the_scatter_of_true_and_predicted_values(qtbot, trained, tmp_path: Path) -> None:
    run, data = trained
    state = AppState()
    panel = EvaluationPanel(state)
    qtbot.addWidget(panel)
    panel.resize(1300, 850)
    panel.show()
    state.set_run_dir(str(run))
    panel.set_data_root(data)
    with qtbot.waitSignal(panel.evaluation_finished, timeout=60000):
        qtbot.mouseClick(panel.eval_button, Qt.MouseButton.LeftButton)
    result = panel.outcome.result
    view = panel.regression_view
    assert view.isVisible() and not panel.class_views.isVisible()
    # one point per val image, at (true, predicted) of the evaluation
    expected = sorted((t[0], p[0]) for t, p in zip(result.y_true, result.y_pred, strict=True))
    shown = sorted(view.scatter_points())
    assert len(expected) == 12 and len(shown) == 12
    assert [v for pt in shown for v in pt] == pytest.approx([v for pt in expected for v in pt])
    truth = {row["file"]: float(row["brightness"]) for row in csv.DictReader((data / "targets.csv").open())}
    assert sorted(x for x, _ in view.scatter_points()) == pytest.approx(
        sorted(truth[Path(p).name] for p in result.paths))  # the CSV's numbers, not normalised ones
    assert int(sum(view.histogram.opts["height"])) == 12  # every residual in the histogram
    first = view.errors.item(0, 0).text()
    worst = max(range(12), key=lambda i: abs(result.y_pred[i][0] - result.y_true[i][0]))
    assert first == Path(result.paths[worst]).name  # the largest error first
    assert "R²" in view.summary.text() and "R²" in panel.history.summary.text()
    out = panel.export_report(tmp_path / "report")
    assert {"metrics.json", "predictions.csv", "scatter.png"} <= {p.name for p in out.iterdir()}


def test_the_predict_view_shows_a_regression_models_numbers(qtbot, trained) -> None:
    from dtf_gui.core.runs.predict import PredictRequest, predict
    from dtf_gui.qt.widgets.predict_panel import PredictPanel

    run, data = trained
    panel = PredictPanel(AppState())
    qtbot.addWidget(panel)
    panel.set_model_path(run)
    image = data / "img_005.png"
    with qtbot.waitSignal(panel.predictions_ready, timeout=60000):
        assert panel.add_images([image])
    want = predict(PredictRequest(str(run), (str(image),), traces=False)).items[0].top
    assert want[0][0] == "brightness"
    assert f"brightness = {want[0][1]:.6g}" in panel.caption.text()
    assert panel.bar_values() == []  # no probability bars for a number


def test_the_training_plots_title_a_regression_runs_score_r2(qtbot) -> None:
    from dtf_gui.qt.widgets.plots import TrainingPlots

    plots = TrainingPlots()
    qtbot.addWidget(plots)
    row = {"epoch": 1, "train_loss": 1.0, "val_loss": 2.0, "val_acc": -2.5, "lr": 0.1}
    plots.show_history([{**row, "val_r2": -2.5}, {**row, "epoch": 2, "val_acc": 0.7, "val_r2": 0.7}])
    plots.redraw()
    assert "R²" in plots.acc_plot.titleLabel.text
    assert list(plots.acc_curve.getData()[1]) == [-2.5, 0.7]  # a negative R² is drawn, not clipped
    plots.show_history([row | {"val_acc": 0.5}])
    assert "accuracy" in plots.acc_plot.titleLabel.text


def test_the_training_tab_sets_the_task_and_the_regression_loss(qtbot, tmp_path: Path, monkeypatch) -> None:
    from dtf_gui.qt.widgets.training_panel import TrainingPanel

    monkeypatch.setenv("DTF_DATA_DIR", str(tmp_path / "userdata"))
    state = AppState()
    panel = TrainingPanel(state)
    qtbot.addWidget(panel)
    assert state.run_config.task == "classification"
    panel.task_combo.setCurrentIndex(panel.task_combo.findData("regression"))
    panel.loss_combo.setCurrentIndex(panel.loss_combo.findData("huber"))
    assert state.run_config.task == "regression" and state.run_config.train.loss == "huber"
    state.set_run_config(state.run_config.with_overrides({"task": "classification"}))  # a loaded config
    assert panel.task_combo.currentData() == "classification"
