"""Search tab with real widgets: a tiny 2-trial search fills the leaderboard while it runs, the plots draw,
"Use Best Settings" puts the best trial's values into the run configuration; a bad space names the key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.search_panel import SearchPanel
from tests.core.training.tiny import tiny_config, tiny_pipeline, write_tiny_folder


def _panel(qtbot, tmp_path: Path) -> tuple[SearchPanel, AppState]:
    data = write_tiny_folder(tmp_path / "data", n_train=4, n_val=2, size=16)
    state = AppState()
    state.set_run_config(tiny_config(data, tmp_path / "runs", model__arch="mobilenet_v3_small", train__epochs=1,
                                     train__lr=0.05))
    state.set_data_root(data)  # what the Data tab does when a folder is opened
    state.set_document(tiny_pipeline(16))
    panel = SearchPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    return panel, state


def test_leaderboard_fills_while_a_tiny_search_runs(qtbot, tmp_path: Path) -> None:
    panel, state = _panel(qtbot, tmp_path)
    panel.space_table.setRowCount(0)
    panel.add_space_row("train.lr", "categorical", choices="0.001, 0.01")
    panel.sampler_combo.setCurrentIndex(panel.sampler_combo.findData("grid"))
    panel.pruner_combo.setCurrentIndex(panel.pruner_combo.findData("none"))
    shown: list[int] = []
    panel.summary_shown.connect(lambda s: shown.append(len(s.trials)))
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert panel.stop_button.isEnabled() and not panel.start_button.isEnabled()
    qtbot.waitUntil(lambda: panel.board.rowCount() == 2, timeout=60000)
    qtbot.waitUntil(lambda: not panel.runner.running, timeout=60000)
    assert shown[0] == 1  # the board showed the first trial before the second one ended
    assert {panel.board.item(r, 2).text() for r in range(2)} == {"complete"}
    assert panel.history_plot.points.getData()[0] is not None and len(panel.history_plot.points.getData()[0]) == 2
    assert (tmp_path / "runs" / "search.db").is_file()
    best = panel.summary.best
    assert best is not None and panel.best_button.isEnabled()
    before = state.run_config.train.lr
    qtbot.mouseClick(panel.best_button, Qt.MouseButton.LeftButton)
    assert before == 0.05 and state.run_config.train.lr == best.params["train.lr"]
    assert state.run_config.runs_dir == str(tmp_path / "runs")


def test_use_best_settings_sets_pipeline_parameters_in_the_editor_undoably(qtbot, tmp_path: Path) -> None:
    # a study shown in the tab (no search started here) whose best trial chose a pipeline parameter: the
    # pipeline editor's document -- what Start Training trains -- gets it, and Undo gives the old one back
    from dtf_gui.core.experiments.search import StudySummary, TrialRow

    panel, state = _panel(qtbot, tmp_path)
    flip = [s.name for s in state.document.train.steps].index("RandomHorizontalFlip")
    assert state.document.train.steps[flip].params["p"] == 0.5
    rows = [TrialRow(0, "COMPLETE", 0.6, {"train.lr": 0.02, "pipeline.train.RandomHorizontalFlip.p": 0.0}, "/r/0",
                     1.0), TrialRow(1, "COMPLETE", 0.4, {"train.lr": 0.3, "pipeline.train.RandomHorizontalFlip.p": 1.0},
                                    "/r/1", 1.0)]
    panel.show_summary(StudySummary("s", "sqlite://", rows, rows[0], {"COMPLETE": 2}, {}, []))
    qtbot.mouseClick(panel.best_button, Qt.MouseButton.LeftButton)
    assert state.run_config.train.lr == 0.02
    assert state.document.train.steps[flip].params["p"] == 0.0
    state.undo_stack.undo()
    assert state.document.train.steps[flip].params["p"] == 0.5


def test_bad_space_names_the_key_and_starts_nothing(qtbot, tmp_path: Path) -> None:
    panel, _ = _panel(qtbot, tmp_path)
    panel.space_table.setRowCount(0)
    panel.add_space_row("train.learning_rate", "float", "0.001", "0.1", True)
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert "train.learning_rate" in panel.status_label.text()
    assert not panel.runner.running and not (tmp_path / "runs" / "search.db").exists()


def test_make_ensemble_of_the_top_trials_writes_their_runs(qtbot, tmp_path: Path, monkeypatch) -> None:
    """The button waits for 2 complete trials; with k = 2 it writes the ensemble of the 2 best trials' runs."""
    import json

    from dtf_run_factory import make_run, write_images
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from dtf_gui.core.experiments.search import study_summary
    from tests.fake_runs import make_fake_run
    from tests.fake_study import make_study

    data = write_images(tmp_path / "data", per_class=2)
    ws = tmp_path / "runs"
    runs = [make_fake_run(ws, "r0"), ws / "r1", ws / "r2"]  # r0 ranks last: never read
    for i, r in enumerate(runs[1:]):
        make_run(r, data, arch="mobilenet_v2", image_size=16, seed=i)
    state = AppState()
    state.set_run_config(tiny_config(data, ws))
    panel = SearchPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    bar = panel.top_ensemble
    assert not bar.button.isEnabled() and bar.top_spin.value() == 3 and "3" in bar.button.text()
    one = make_study(ws / "search.db", "one", [("COMPLETE", 0.5, runs[0]), ("PRUNED", None, runs[1])])
    panel.show_summary(study_summary(one, "one", importances=False))
    assert not bar.button.isEnabled()
    url = make_study(ws / "search.db", "s", [("COMPLETE", 0.5, runs[0]), ("COMPLETE", 0.9, runs[1]),
                                            ("PRUNED", None, runs[0]), ("COMPLETE", 0.7, runs[2])])
    panel.show_summary(study_summary(url, "s", importances=False))
    assert bar.button.isEnabled()
    bar.top_spin.setValue(2)
    assert "2" in bar.button.text()
    out = tmp_path / "ens"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (k["text"], True))  # equal weights
    with qtbot.waitSignal(bar.maker.written, timeout=60000):
        qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    info = json.loads((out / "bundle.json").read_text())
    assert [m["source"]["run_dir"] for m in info["members"]] == [str(runs[1]), str(runs[2])]
    assert str(out) in panel.status_label.text()
    panel.shutdown()


def test_search_trains_on_the_folder_and_pipeline_the_app_shows(qtbot, tmp_path: Path) -> None:
    # The run configuration's data.root is stale (a folder opened earlier) and its pipeline has no flip; the Data
    # tab has opened another folder and the pipeline editor holds a 20 px pipeline with a flip: the search must
    # train on those, as Start Training does (AppState.config_for_run), and check the space against them.
    shown = write_tiny_folder(tmp_path / "shown", n_train=2, n_val=1, size=16)
    state = AppState()
    state.set_run_config(tiny_config(tmp_path / "old", tmp_path / "runs", random_train=False))
    state.set_data_root(shown)
    state.set_document(tiny_pipeline(20))
    panel = SearchPanel(state)
    qtbot.addWidget(panel)
    space = tmp_path / "space.json"
    space.write_text('{"schema_version": 1, "params": {"pipeline.train.RandomHorizontalFlip.p": '
                     '{"type": "categorical", "choices": [0.0, 0.5]}}}', encoding="utf-8")
    assert panel.load_space_file(str(space)), panel.status_label.text()
    base = panel.request().base_config
    assert Path(base.data.root) == shown.resolve()
    assert base.pipeline.train.steps[0].params["size"] == [20, 20]


def test_a_new_study_redraws_the_plot_in_view_and_the_others_when_opened(qtbot, tmp_path: Path) -> None:
    # After each trial the panel redraws in the GUI thread: only the plot the user sees is redrawn then (the
    # parallel coordinates cost one line per trial); another tab shows the latest study when it is opened.
    from dtf_gui.core.experiments.search import StudySummary, TrialRow

    panel, _ = _panel(qtbot, tmp_path)
    rows = [TrialRow(n, "COMPLETE", 0.5 + n / 100, {"train.lr": 10 ** -(1 + n / 10)}, f"/runs/t{n}", 1.0)
            for n in range(12)]
    summary = StudySummary("s", "sqlite://", rows, rows[-1], {"COMPLETE": 12}, {"train.lr": 1.0}, ["train.lr"])
    assert panel.plots.currentIndex() == 0  # History
    panel.show_summary(summary)
    assert len(panel.history_plot.points.getData()[0]) == 12
    assert panel.parallel_plot.lines == [] and panel.importance_plot.names == []  # not drawn while hidden
    panel.plots.setCurrentIndex(2)
    assert len(panel.parallel_plot.lines) == 12  # opened: the latest study
    panel.show_summary(StudySummary("s", "sqlite://", rows[:5], rows[4], {"COMPLETE": 5}, {}, ["train.lr"]))
    assert len(panel.parallel_plot.lines) == 5
    assert len(panel.history_plot.points.getData()[0]) == 12  # hidden now: still the study it last drew
    panel.plots.setCurrentIndex(0)
    assert len(panel.history_plot.points.getData()[0]) == 5
