"""Regenerate ``docs/images/gradcam_predict.png``: the Predict view of the real main window with "Show what the
model looks at" on (a Grad-CAM overlay), for a run folder trained before (e.g. by ``bench/gradcam_faithfulness.py``).

Nothing is mocked: the window, stylesheet, prediction and Grad-CAM jobs are the ones ``dtf-gui`` uses; the run's own
data folder (config.json ``data.root``) gives the images (the demo digits when it is gone).

    python tools/screenshot_cam.py RUN [--out docs/images/gradcam_predict.png] [--lang zh_CN]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

if "--show" not in sys.argv:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

from screenshot import open_window, save_grab, spin  # noqa: E402  (tools/screenshot.py)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, help="a run folder (or bundle) to predict with")
    parser.add_argument("--out", default=str(REPO / "docs" / "images" / "gradcam_predict.png"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--row", type=int, default=2, help="which of the 5 images to show")
    parser.add_argument("--lang", default="en", help="en or zh_CN")
    parser.add_argument("--show", action="store_true", help="use the real display instead of offscreen")
    args = parser.parse_args(argv)
    win, state, _tmp = open_window(args, "dtf_screenshot_cam_")
    try:
        return _run(args, win, state)
    finally:
        win.close()


def _images(run: Path) -> list[Path]:
    from dtf_gui.core.data.demo import ensure_demo_dataset

    try:
        root = Path(json.loads((run / "config.json").read_text())["data"]["root"])
    except (OSError, KeyError, ValueError):
        root = ensure_demo_dataset()
    return sorted((root / "val").rglob("*.png"))[::72][:5]


def _run(args: argparse.Namespace, win: Any, state: Any) -> int:
    pp = win.predict_panel
    win.tabs.setCurrentWidget(pp)
    pp.set_model_path(args.run)
    ready: list[Any] = []
    pp.predictions_ready.connect(ready.append)
    pp.add_images(_images(args.run))
    if not spin(300, until=lambda: bool(ready)):
        print("prediction did not finish", file=sys.stderr)
        return 4
    pp.list.setCurrentRow(args.row)
    pp.cam_toggle.setChecked(True)
    if not spin(300, until=lambda: pp.cam.result(pp.current_item().path) is not None):
        print(f"Grad-CAM did not finish: {pp.cam.error(pp.current_item().path)}", file=sys.stderr)
        return 4
    spin(2.0)  # thumbnails decode, repaints settle
    return save_grab(win, args.out, 5)


if __name__ == "__main__":
    sys.exit(main())
