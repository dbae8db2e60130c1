"""`dtf-gui --data/--pipeline/--config/--lang` start the app that way: ``main`` runs offscreen, a timer
looks at the window the event loop shows and quits it."""

from __future__ import annotations

import sys
import threading

from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from dtf_gui.core.config import RunConfig
from dtf_gui.core.pipeline.build import starter_document
from dtf_gui.qt import app as app_mod
from dtf_gui.qt import i18n
from dtf_gui.qt.main_window import MainWindow


def test_main_starts_with_the_command_line_data_pipeline_config_and_language(qtbot, settings, tmp_path,
                                                                             monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main installs its hooks: put them back after
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(QApplication, "setStyleSheet", lambda self, qss: None)  # keep the shared app as it is
    data = tmp_path / "shapes"
    for cls in ("circle", "square"):
        (data / cls).mkdir(parents=True)
        for i in range(2):
            Image.new("RGB", (10, 10), (80 * i, 40, 200)).save(data / cls / f"{i}.png")
    pipeline = starter_document(48).save(tmp_path / "p.json")
    config = RunConfig().with_overrides({"train.lr": 0.0123, "train.epochs": 7}).save(tmp_path / "run.json")
    seen: dict[str, object] = {}

    def look_and_quit() -> None:
        win = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        qtbot.addWidget(win)  # closed (and its workers stopped) after the test
        state = win.state
        seen.update(root=state.data_root, resize=state.document.val[0].params["size"],
                    lr=state.run_config.train.lr, epochs=state.run_config.train.epochs,
                    lang=i18n.current_language(), title=win.tabs.tabText(0))
        QApplication.instance().quit()

    QTimer.singleShot(0, look_and_quit)
    try:
        rc = app_mod.main(["--data", str(data), "--pipeline", str(pipeline), "--config", str(config),
                           "--lang", "zh_CN"], settings=settings)
    finally:
        i18n.set_language("en")
    assert rc == 0
    assert seen["root"] == str(data.resolve())
    assert seen["resize"] in (48, [48, 48])
    assert seen["lr"] == 0.0123 and seen["epochs"] == 7
    assert seen["lang"] == "zh_CN" and seen["title"] != "Data", seen["title"]  # the tabs speak Chinese
    assert settings.get("recent/pipelines")[0] == str(pipeline) and settings.get("recent/configs")[0] == str(config)
