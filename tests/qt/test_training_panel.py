"""TrainingPanel and its RunController on a real (tiny) dataset with the real engine: a full run, Stop
mid-epoch, Pause/Resume, errors."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from dtf_gui.core.config import RunConfig
from dtf_gui.core.pipeline.build import starter_document
from dtf_gui.core.training import engine
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.run_progress import format_eta
from dtf_gui.qt.widgets.training_panel import TrainingPanel
from dtf_gui.qt.workers.describe import OOM_HINT

COLORS = {"red": (220, 40, 40), "green": (40, 200, 60), "blue": (40, 60, 220)}


def write_tiny_dataset(root: Path, n_train: int = 8, n_val: int = 4, size: int = 16) -> Path:
    """3 classes of noisy single-colour squares in train/ and val/ (learnable in a couple of epochs)."""
    rng = np.random.default_rng(0)
    for split, n in (("train", n_train), ("val", n_val)):
        for name, rgb in COLORS.items():
            folder = root / split / name
            folder.mkdir(parents=True)
            for i in range(n):
                px = np.clip(np.array(rgb) + rng.normal(0, 25, (size, size, 3)), 0, 255).astype(np.uint8)
                Image.fromarray(px, "RGB").save(folder / f"{i}.png")
    return root


def set_tiny_run_config(state: AppState, tmp_path: Path, **overrides) -> None:
    """The Qt tests' tiny training run: mobilenet_v3_small from scratch on CPU, 2 epochs of batches of 4,
    runs under ``tmp_path/runs``; ``overrides`` are dotted config keys."""
    values = {"model.arch": "mobilenet_v3_small", "model.weights": "none", "train.epochs": 2,
              "train.batch_size": 4, "train.schedule": "none", "device": "cpu", "precision": "fp32",
              "workers": 0, "runs_dir": str(tmp_path / "runs"), **overrides}
    state.set_run_config(RunConfig().with_overrides(values))


def make_panel(qtbot, tmp_path: Path, **overrides) -> tuple[AppState, TrainingPanel]:
    state = AppState()
    state.set_data_root(write_tiny_dataset(tmp_path / "data"))
    state.set_document(starter_document(32))
    set_tiny_run_config(state, tmp_path, **overrides)
    panel = TrainingPanel(state)
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    return state, panel


def test_start_runs_to_the_end_and_fills_the_plots(qtbot, tmp_path):
    state, panel = make_panel(qtbot, tmp_path)
    statuses: list[str] = []
    state.training_status_changed.connect(statuses.append)
    with qtbot.waitSignal(panel.controller.finished, timeout=120_000) as blocker:
        qtbot.mouseClick(panel.run_view.start_button, Qt.MouseButton.LeftButton)
        assert not panel.run_view.start_button.isEnabled() and panel.run_view.stop_button.isEnabled()
    assert blocker.args == ["completed"]
    assert statuses[:2] == ["starting", "running"] and statuses[-1] == "completed"

    xs, ys = panel.run_view.plots.loss_raw_curve.getOriginalDataset()
    assert xs is not None and len(xs) > 0 and np.all(np.isfinite(ys))
    assert len(panel.run_view.plots.loss_ema_curve.getOriginalDataset()[0]) == len(xs)
    acc_x, acc_y = panel.run_view.plots.acc_curve.getOriginalDataset()
    assert list(acc_x) == [1.0, 2.0]  # one point per epoch
    assert all(0.0 <= a <= 1.0 for a in acc_y)
    assert len(panel.run_view.plots.val_loss_curve.getOriginalDataset()[0]) == 2
    assert len(panel.run_view.plots.lr_curve.getOriginalDataset()[0]) == len(xs)

    assert panel.run_view.progress.maximum() == 2 * 6  # 2 epochs x (24 images / batch 4)
    assert panel.run_view.progress.value() == panel.run_view.progress.maximum()
    assert Path(state.run_dir, "checkpoints", "best.pt").is_file()
    assert state.run_dir in panel.run_view.run_label.text()
    assert not panel.controller.runner.alive and not panel.controller.busy
    assert panel.run_view.start_button.isEnabled() and not panel.run_view.stop_button.isEnabled()
    assert panel.model_box.isEnabled()


def test_stop_during_an_epoch_ends_within_two_batches(qtbot, tmp_path, monkeypatch):
    # one batch event per batch, so the engine-side count at the moment of the click is exact
    monkeypatch.setattr(engine, "EMIT_INTERVAL_S", 0.0)
    state, panel = make_panel(qtbot, tmp_path, **{"train.batch_size": 2, "train.epochs": 3})
    errors: list[str] = []
    state.error_reported.connect(lambda m, d: errors.append(m))
    engine_step = {"n": 0}
    lock = threading.Lock()
    clicked_at: list[int] = []

    def track(chunk) -> None:  # runs in the training thread, right after each batch
        with lock:
            engine_step["n"] = chunk[-1].step

    def click_stop(chunk) -> None:  # runs in the GUI thread, like a user's click
        if not clicked_at and chunk[-1].step >= 2:
            with lock:
                clicked_at.append(engine_step["n"])
            qtbot.mouseClick(panel.run_view.stop_button, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(panel.controller.finished, timeout=120_000) as blocker:
        assert panel.controller.start()
        panel.controller.callbacks.batches_ended.connect(track, Qt.ConnectionType.DirectConnection)
        panel.controller.callbacks.batches_ended.connect(click_stop)
    assert blocker.args == ["stopped"], errors
    assert clicked_at, "the run ended before Stop could be clicked"
    final = panel.run_view.last_batch.step
    assert final - clicked_at[0] <= 2, f"{final - clicked_at[0]} batches ran after Stop"
    assert panel.controller.batches_after_stop <= 2
    assert panel.controller.last_run_end.status == "stopped"
    assert final < 3 * 12
    assert Path(state.run_dir, "checkpoints", "last.pt").is_file()
    assert not panel.controller.runner.alive and panel.run_view.start_button.isEnabled()


def test_pause_holds_the_run_and_resume_finishes_it(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "EMIT_INTERVAL_S", 0.0)  # one event per batch: exact engine-side count
    state, panel = make_panel(qtbot, tmp_path, **{"train.batch_size": 2})
    engine_step = {"n": 0}
    lock = threading.Lock()

    def track(chunk) -> None:  # runs in the training thread, right after each batch
        with lock:
            engine_step["n"] = chunk[-1].step

    with qtbot.waitSignal(panel.controller.finished, timeout=180_000) as blocker:
        assert panel.controller.start()
        panel.controller.callbacks.batches_ended.connect(track, Qt.ConnectionType.DirectConnection)
        qtbot.waitUntil(lambda: panel.run_view.last_batch is not None, timeout=60_000)
        qtbot.mouseClick(panel.run_view.pause_button, Qt.MouseButton.LeftButton)
        with lock:
            at_pause = engine_step["n"]
        assert state.training_status == "pausing" and panel.run_view.pause_button.text() == "Resume"
        # "paused" once the engine really waits: the batch in flight ends first
        qtbot.waitUntil(lambda: state.training_status == "paused", timeout=30_000)
        assert panel.run_view.progress_label.text().startswith("Paused · ")
        qtbot.wait(1000)
        with lock:
            after = engine_step["n"]
        assert after - at_pause <= 1  # only the batch in flight when Pause was clicked, nothing more
        qtbot.mouseClick(panel.run_view.pause_button, Qt.MouseButton.LeftButton)
        assert state.training_status == "running" and panel.run_view.pause_button.text() == "Pause"
    assert blocker.args == ["completed"]
    assert panel.run_view.last_batch.step == 2 * 12


def test_engine_errors_reach_the_error_report_and_the_panel_stays_usable(qtbot, tmp_path, monkeypatch):
    state, panel = make_panel(qtbot, tmp_path)
    errors: list[tuple[str, str]] = []
    state.error_reported.connect(lambda m, d: errors.append((m, d)))

    # 1. a real failure inside the engine: the dataset folder vanished after it was chosen
    missing = tmp_path / "gone"
    state.set_data_root(missing)
    with qtbot.waitSignal(panel.controller.finished, timeout=60_000) as blocker:
        assert panel.controller.start()
    assert blocker.args == ["failed"]
    assert len(errors) == 1 and str(missing) in errors[0][0]
    assert "Traceback" in errors[0][1]

    # 2. CUDA running out of memory mid-run: the message says to lower the batch size
    def oom(config, **kwargs):
        raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(engine, "train", oom)
    state.set_data_root(tmp_path / "data")
    with qtbot.waitSignal(panel.controller.finished, timeout=60_000):
        qtbot.mouseClick(panel.run_view.start_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 2 and OOM_HINT in errors[1][0]
    assert state.training_status == "failed"
    assert panel.run_view.start_button.isEnabled() and not panel.controller.runner.alive


def test_form_edits_go_through_the_config_rules(qtbot, tmp_path, monkeypatch):
    from dtf_gui.core.models.weights import weights_status

    monkeypatch.setenv("DTF_DATA_DIR", str(tmp_path / "userdata"))
    state = AppState()
    panel = TrainingPanel(state)
    qtbot.addWidget(panel)
    cfg = state.run_config  # the panel starts from working defaults
    assert isinstance(cfg, RunConfig) and cfg.train == RunConfig().train
    assert cfg.runs_dir == str(tmp_path / "userdata" / "runs")
    assert cfg.model.weights == ("imagenet" if weights_status(cfg.model.arch).available else "none")

    panel.lr_edit.setText("3e-4")
    panel.lr_edit.editingFinished.emit()
    assert state.run_config.train.lr == pytest.approx(3e-4)
    panel.lr_edit.setText("-1")
    panel.lr_edit.editingFinished.emit()
    assert state.run_config.train.lr == pytest.approx(3e-4)
    assert not panel.config_error.isHidden() and "train.lr" in panel.config_error.text()

    # an edit elsewhere (a loaded config) refreshes the form without echoing back
    state.set_run_config(state.run_config.with_overrides({"train.epochs": 7, "model.arch": "resnet18"}))
    assert panel.epochs_spin.value() == 7 and panel.arch_combo.currentData() == "resnet18"


def test_freeze_groups_and_live_parameter_counts(qtbot):
    state = AppState()
    panel = TrainingPanel(state)
    qtbot.addWidget(panel)
    state.set_run_config(state.run_config.with_overrides({"model.arch": "resnet18", "freeze.plan": "full"}))
    names = [panel.groups_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.groups_list.count())]
    assert names == ["stem", "layer1", "layer2", "layer3", "layer4", "head"]
    full = panel.trainable_params
    assert full == panel.total_params > 11_000_000

    panel.plan_combo.setCurrentIndex(panel.plan_combo.findData("head"))
    assert state.run_config.freeze.plan == "head"
    assert panel.trainable_params == 512 * 10 + 10  # resnet18 fc for the 10 default classes

    # ticking layer3 trains layer3, layer4 and the head: last_k with k=2
    item = panel.groups_list.item(names.index("layer3"))
    item.setCheckState(Qt.CheckState.Checked)
    assert (state.run_config.freeze.plan, state.run_config.freeze.k) == ("last_k", 2)
    checked = [panel.groups_list.item(i).checkState() == Qt.CheckState.Checked for i in range(len(names))]
    assert checked == [False, False, False, True, True, True]
    assert 0 < panel.trainable_params < full


def test_lr_preview_follows_the_schedule(qtbot):
    state = AppState()
    panel = TrainingPanel(state)
    qtbot.addWidget(panel)
    state.set_run_config(state.run_config.with_overrides(
        {"train.schedule": "step", "train.epochs": 6, "train.step_size": 2, "train.gamma": 0.5, "train.lr": 0.1}))
    xs, ys = panel.lr_preview.curve.getOriginalDataset()
    assert list(xs) == [0, 1, 2, 3, 4, 5, 6]
    assert list(ys) == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.025])


def test_format_eta():
    assert format_eta(75) == "1:15"
    assert format_eta(3725) == "1:02:05"
    assert format_eta(float("nan")) == "–"


def make_window(qtbot, tmp_path: Path, settings, **overrides):
    """The real main window hosting the panel, on the tiny dataset."""
    from dtf_gui.qt.main_window import MainWindow

    state = AppState()
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    win.show()
    state.set_document(starter_document(32))
    set_tiny_run_config(state, tmp_path, **overrides)
    with qtbot.waitSignal(state.scan_report_changed, timeout=30_000, check_params_cb=lambda r: r is not None):
        state.set_data_root(write_tiny_dataset(tmp_path / "data"))
    return state, win


def test_engine_exception_shows_the_error_dialog_and_the_app_stays_usable(qtbot, tmp_path, settings, monkeypatch):
    state, win = make_window(qtbot, tmp_path, settings)
    panel = win.training_panel

    def oom(config, **kwargs):
        raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(engine, "train", oom)
    with qtbot.waitSignal(panel.controller.finished, timeout=60_000):
        win.act_start.trigger()  # Run > Start
    box = win._error_box
    assert box is not None and box.isVisible()  # opened window-modal, so nothing blocks
    assert "out of memory" in box.text() and "batch size" in box.text()
    assert "Traceback" in box.detailedText()
    box.close()
    assert win.act_start.isEnabled() and not win.act_stop.isEnabled()
    assert panel.run_view.start_button.isEnabled() and not panel.controller.runner.alive


def test_closing_during_training_asks_then_stops_cleanly(qtbot, tmp_path, settings, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    state, win = make_window(qtbot, tmp_path, settings, **{"train.epochs": 50, "train.batch_size": 2})
    panel = win.training_panel
    with qtbot.waitSignal(state.run_dir_changed, timeout=60_000):
        assert panel.controller.start()
    qtbot.waitUntil(lambda: panel.run_view.last_batch is not None, timeout=60_000)

    asked: list[str] = []

    def answer(button):
        def question(*args, **kwargs):
            asked.append(args[2] if len(args) > 2 else "")
            return button
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert not win.close()  # "No": the window stays and training goes on
    assert win.isVisible() and panel.controller.busy and len(asked) == 1

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert win.close()
    assert len(asked) == 2
    assert not panel.controller.runner.alive  # shutdown() stopped the run and waited for the thread
    run = json.loads(Path(state.run_dir, "run.json").read_text())
    assert run["status"] == "stopped"
    assert Path(state.run_dir, "checkpoints", "last.pt").is_file()


def test_switching_to_chinese_translates_the_training_and_export_panels(qtbot):
    from dtf_gui.qt import i18n
    from dtf_gui.qt.widgets.export_panel import ExportPanel

    state = AppState()
    panel = TrainingPanel(state)
    export = ExportPanel(state)
    qtbot.addWidget(panel)
    qtbot.addWidget(export)
    try:
        i18n.set_language("zh_CN")
        qtbot.waitUntil(lambda: panel.model_box.title() == "模型", timeout=5_000)
        assert panel.run_view.start_button.text() == "开始"
        assert panel.opt_form.labelForField(panel.epochs_spin).text() == "轮数："
        assert panel.run_view.plots.loss_plot.titleLabel.text == "训练损失"
        assert export.open_button.text() == "打开文件夹"
    finally:
        i18n.set_language("en")
    qtbot.waitUntil(lambda: panel.model_box.title() == "Model", timeout=5_000)
    assert panel.run_view.plots.loss_plot.titleLabel.text == "Training loss"


def test_device_picker_and_status_bar_read_the_one_device_listing(qtbot, settings, monkeypatch):
    from types import SimpleNamespace

    import torch

    from dtf_gui.core.devices import available_devices
    from dtf_gui.qt.main_window import MainWindow

    names = ["NVIDIA H200", "NVIDIA A100"]
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    monkeypatch.setattr(torch.cuda, "get_device_properties",
                        lambda i: SimpleNamespace(name=names[i], total_memory=80 * 2**30))
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    win = MainWindow(AppState(), settings)
    qtbot.addWidget(win)
    combo = win.training_panel.device_combo
    values = [combo.itemData(i) for i in range(combo.count())]
    assert values == ["auto"] + [d.value for d in available_devices()] == ["auto", "cuda:0", "cuda:1", "cpu"]
    assert "NVIDIA A100" in combo.itemText(2)
    assert win.device_label.text() == "CUDA: NVIDIA H200 (80 GiB)"  # what "auto" trains on


def test_the_form_is_generated_from_the_config_rules(qtbot):
    from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QSpinBox

    from dtf_gui.core.config import FIELDS, field_help
    from dtf_gui.qt import i18n

    state = AppState()
    panel = TrainingPanel(state)
    qtbot.addWidget(panel)
    fields = panel.fields.editors
    assert {"train.epochs", "freeze.k", "freeze.plan", "train.schedule", "precision", "model.allow_download"} <= set(fields)
    for key, editor in fields.items():
        rule = FIELDS[key]
        assert editor.toolTip().startswith(i18n.text(field_help(key))), key  # what the setting allows
        if isinstance(editor, QSpinBox):
            assert (editor.minimum(), editor.maximum()) == (rule.minimum, rule.maximum), key
        elif isinstance(editor, QDoubleSpinBox):
            assert editor.maximum() == rule.maximum and editor.minimum() >= rule.minimum, key
        elif isinstance(editor, QComboBox) and rule.kind == "choice":
            assert tuple(editor.itemData(i) for i in range(editor.count())) == rule.choices, key
        elif isinstance(editor, QCheckBox):
            assert rule.kind == "bool"
    assert panel.epochs_spin is fields["train.epochs"] and panel.k_spin.maximum() == FIELDS["freeze.k"].maximum

    # an edit goes through the config's rules and shows up in every editor of that setting
    panel.epochs_spin.setValue(42)
    assert state.run_config.train.epochs == 42
    state.set_run_config(state.run_config.with_overrides({"freeze.k": 3, "model.allow_download": True}))
    assert panel.k_spin.value() == 3 and panel.allow_download_check.isChecked()


def test_download_box_off_refuses_naming_it_on_downloads(qtbot, tmp_path, monkeypatch):
    import torch

    from dtf_gui.core.models import weights
    from dtf_gui.core.models.zoo import build_plain

    monkeypatch.setattr(torch.hub, "_hub_dir", str(tmp_path / "hub"))  # an empty hub cache
    weights.refresh_packages()
    calls: list[str] = []

    def fake_download(cand, *, timeout, progress, stop):
        calls.append(cand.arch)
        dest = weights.hub_checkpoint_dir() / cand.file_name
        dest.parent.mkdir(parents=True, exist_ok=True)
        torch.save(build_plain("mobilenet_v3_small", 1000).state_dict(), dest)
        return dest

    monkeypatch.setattr(weights, "_download", fake_download)
    state, panel = make_panel(qtbot, tmp_path, **{"model.weights": "imagenet", "train.epochs": 1})
    box = panel.allow_download_check
    assert box.isEnabled() and not box.isChecked()
    assert "MB" in box.text() and "30 s" in box.text()  # the file size and the timeout
    assert "Download the weights if missing" in panel.weights_status.text()
    errors: list[str] = []
    state.error_reported.connect(lambda text, details: errors.append(text))
    with qtbot.waitSignal(panel.controller.finished, timeout=120_000):
        qtbot.mouseClick(panel.run_view.start_button, Qt.MouseButton.LeftButton)
    assert calls == [] and len(errors) == 1
    assert "Download the weights if missing" in errors[0] and "--allow-download" not in errors[0]

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert state.run_config.model.allow_download is True
    with qtbot.waitSignal(panel.controller.finished, timeout=120_000) as blocker:
        qtbot.mouseClick(panel.run_view.start_button, Qt.MouseButton.LeftButton)
    assert calls == ["mobilenet_v3_small"] and blocker.args == ["completed"]
