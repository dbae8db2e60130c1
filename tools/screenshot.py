"""Regenerate ``docs/screenshot.png``: the real main window after a short training run on the demo digits.

Nothing is mocked: the window, the stylesheet, the demo data set, the engine and the plots are the ones
``dtf-gui`` uses. It runs offscreen (no display needed), trains a few epochs on the CPU at a small image
size so the curves have something to show, then grabs the window.

    python tools/screenshot.py                      # docs/screenshot.png, 1400×900, ~1-2 min on 2 cores
    python tools/screenshot.py --epochs 4 --out /tmp/shot.png --tab pipeline
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

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def spin(seconds: float, until=None) -> bool:
    """Run the event loop for ``seconds`` or until ``until()`` is true."""
    loop = QEventLoop()
    deadline = time.perf_counter() + seconds
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: loop.quit() if (until is not None and until()) or time.perf_counter() > deadline
                         else None)
    poll.start()
    loop.exec()
    poll.stop()
    return bool(until()) if until is not None else True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshot.png"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--arch", default="resnet18")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--size", type=int, default=32, help="image size of the pipeline (demo digits are 32 px)")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--tab", choices=("data", "pipeline", "training", "export"), default="training")
    parser.add_argument("--lang", default="en", help="en or zh_CN")
    parser.add_argument("--show", action="store_true", help="use the real display instead of offscreen")
    args = parser.parse_args(argv)

    win, state, tmp = open_window(args, "dtf_screenshot_")
    try:
        return _run(args, win, state, tmp)
    finally:
        win.close()  # stops the window's worker threads cleanly, also after an error


def open_window(args: argparse.Namespace, prefix: str) -> tuple[Any, Any, Path]:
    """The real main window with the app's stylesheet, in ``args.lang``, with settings in a temp folder."""
    app = QApplication.instance() or QApplication(sys.argv[:1])

    from dtf_gui.qt import i18n
    from dtf_gui.qt.app import stylesheet
    from dtf_gui.qt.main_window import MainWindow
    from dtf_gui.qt.settings import Settings
    from dtf_gui.qt.state import AppState

    app.setStyleSheet(stylesheet())
    i18n.set_language(args.lang)
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))  # not the user's
    state = AppState()
    win = MainWindow(state, settings)
    win.resize(args.width, args.height)
    win.show()
    return win, state, tmp


def train_demo(args: argparse.Namespace, win: Any, state: Any, tmp: Path) -> tuple[int, Path]:
    """Open the demo digits and train ``args.arch`` from scratch in the window: (exit status, data root)."""
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
    spin(5.0, until=lambda: state.scan_report is not None)  # the data panel's scan fills the status bar

    panel = win.training_panel
    win.tabs.setCurrentWidget(panel)
    done: list[str] = []
    win.run_controller.finished.connect(done.append)
    t0 = time.perf_counter()
    if not win.run_controller.start():
        print(f"training could not start: {win.last_error}", file=sys.stderr)
        return 2, root
    if not spin(3600, until=lambda: bool(done)) or done[0] != "completed":
        print(f"training did not complete: {done} {win.last_error}", file=sys.stderr)
        return 3, root
    end = win.run_controller.last_run_end
    print(f"trained {args.arch} for {args.epochs} epochs in {time.perf_counter() - t0:.0f} s"
          + (f", best val acc {end.best_val_acc:.1%}" if end else ""))
    return 0, root


def save_grab(win: Any, out: str | Path, fail_status: int) -> int:
    """Grab the window into ``out`` (PNG); 0, or ``fail_status`` when it cannot be written."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not win.grab().save(str(out)):
        print(f"could not write {out}", file=sys.stderr)
        return fail_status
    print(f"wrote {out} ({win.width()}×{win.height()})")
    return 0


def _run(args: argparse.Namespace, win: Any, state: Any, tmp: Path) -> int:
    """Train on the demo digits in the window, then grab it; returns the exit status."""
    status, _ = train_demo(args, win, state, tmp)
    if status:
        return status
    tabs = {"data": win.data_panel, "pipeline": win.pipeline_editor, "training": win.training_panel,
            "export": win.export_panel}
    win.tabs.setCurrentWidget(tabs[args.tab])
    spin(1.0)  # previews and repaints settle
    return save_grab(win, args.out, 4)


if __name__ == "__main__":
    sys.exit(main())
