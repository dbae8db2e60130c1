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
import time
from pathlib import Path
from typing import Any

if "--show" not in sys.argv:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

from screenshot import open_window, save_grab, spin, train_demo  # noqa: E402  (tools/screenshot.py)


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

    win, state, tmp = open_window(args, "dtf_screenshot_eval_")
    try:
        return _run(args, win, state, tmp)
    finally:
        win.close()  # stops the window's worker threads cleanly, also after an error


def _run(args: argparse.Namespace, win: Any, state: Any, tmp: Path) -> int:
    status, root = train_demo(args, win, state, tmp)
    if status:
        return status

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
    return save_grab(win, args.out, 5)


if __name__ == "__main__":
    sys.exit(main())
