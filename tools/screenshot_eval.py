"""Regenerate ``docs/evaluation.png``: the Evaluate view of the real main window after a short training run.

Nothing is mocked: the window, stylesheet, demo digits, engine, evaluation job and plots are the ones
``dtf-gui`` uses. It trains a few epochs on the CPU (offscreen, no display needed), presses Evaluate,
opens the confusion cell with the most mistakes in the gallery, then grabs the window.

    python tools/screenshot_eval.py                         # docs/evaluation.png, 1400×900
    python tools/screenshot_eval.py --epochs 2 --threads 1 --out /tmp/eval.png --tab predict
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if "--show" not in sys.argv:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

from screenshot import spin  # noqa: E402  (the event-loop helper of tools/screenshot.py)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "evaluation.png"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--arch", default="resnet18")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--size", type=int, default=32, help="image size of the pipeline (demo digits are 32 px)")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=None, help="torch threads (1 on a busy shared machine)")
    parser.add_argument("--tab", choices=("evaluate", "predict"), default="evaluate")
    parser.add_argument("--lang", default="en", help="en or zh_CN")
    parser.add_argument("--show", action="store_true", help="use the real display instead of offscreen")
    args = parser.parse_args(argv)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)

    app = QApplication.instance() or QApplication(sys.argv[:1])

    from dtf_gui.qt import i18n
    from dtf_gui.qt.app import stylesheet
    from dtf_gui.qt.main_window import MainWindow
    from dtf_gui.qt.settings import Settings
    from dtf_gui.qt.state import AppState

    app.setStyleSheet(stylesheet())
    i18n.set_language(args.lang)
    tmp = Path(tempfile.mkdtemp(prefix="dtf_screenshot_eval_"))
    settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))  # not the user's
    state = AppState()
    win = MainWindow(state, settings)
    win.resize(args.width, args.height)
    win.show()
    try:
        return _run(args, win, state, tmp)
    finally:
        win.close()  # stops the window's worker threads cleanly, also after an error


def _run(args: argparse.Namespace, win: Any, state: Any, tmp: Path) -> int:
    from dtf_gui.core.config import RunConfig
    from dtf_gui.core.data.demo import ensure_demo_dataset
    from dtf_gui.core.pipeline.build import starter_document

    root = ensure_demo_dataset(tmp / "digits")
    state.set_document(starter_document(args.size))
    state.set_data_root(root)
    state.set_run_config(RunConfig().with_overrides({
        "model.arch": args.arch, "model.weights": "none", "train.epochs": args.epochs,
        "train.batch_size": args.batch, "train.lr": 2e-3, "train.schedule": "warmup_cosine",
        "train.warmup_epochs": 1 if args.epochs > 1 else 0, "device": "cpu", "workers": 0,
        "runs_dir": str(tmp / "runs")}))
    spin(5.0, until=lambda: state.scan_report is not None)

    panel = win.training_panel
    done: list[str] = []
    panel.run_finished.connect(done.append)
    t0 = time.perf_counter()
    if not panel.start():
        print(f"training could not start: {win.last_error}", file=sys.stderr)
        return 2
    if not spin(3600, until=lambda: bool(done)) or done[0] != "completed":
        print(f"training did not complete: {done} {win.last_error}", file=sys.stderr)
        return 3
    print(f"trained {args.arch} for {args.epochs} epochs in {time.perf_counter() - t0:.0f} s")

    ev = win.evaluation_panel
    win.tabs.setCurrentWidget(ev)
    finished: list[Any] = []
    ev.evaluation_finished.connect(finished.append)
    t0 = time.perf_counter()
    if not ev.evaluate() or not spin(600, until=lambda: bool(finished)):
        print(f"evaluation did not finish: {win.last_error}", file=sys.stderr)
        return 4
    m = finished[0].result.metrics
    print(f"evaluated {m['num_samples']} images in {time.perf_counter() - t0:.1f} s: accuracy {m['accuracy']:.1%}")
    cm = ev.confusion.model.matrix.copy()
    for i in range(len(cm)):
        cm[i, i] = -1
    t, p = divmod(int(cm.argmax()), cm.shape[1])
    if cm[t, p] > 0:
        ev.confusion.click_cell(t, p)  # the most frequent mistake
    else:
        ev.gallery.show_top_losses()

    if args.tab == "predict":
        pp = win.predict_panel
        win.tabs.setCurrentWidget(pp)
        ready: list[Any] = []
        pp.predictions_ready.connect(ready.append)
        images = sorted((root / "val").rglob("*.png"))[::72][:5]
        pp.add_images(images)
        spin(120, until=lambda: bool(ready))
    spin(2.0)  # thumbnails decode, repaints settle
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not win.grab().save(str(out)):
        print(f"could not write {out}", file=sys.stderr)
        return 5
    print(f"wrote {out} ({args.width}×{args.height})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
