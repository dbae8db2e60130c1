"""Regenerate ``docs/images/runs_tab.png`` and ``docs/images/compare_tab.png``: the Runs and Compare tabs of the
real main window over run folders written by the tests' fake-run helpers (no training, a few seconds).

    python tools/screenshot_experiments.py                  # both PNGs, 1200×700, offscreen
    python tools/screenshot_experiments.py --lang zh_CN --out-dir /tmp/shots
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

if "--show" not in sys.argv:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "tests"))

from compare_fixtures import config, pipeline, write_run  # noqa: E402  (tests/compare_fixtures.py)
from fake_runs import make_fake_run  # noqa: E402  (tests/fake_runs.py)
from screenshot import open_window, save_grab, spin  # noqa: E402  (tools/screenshot.py)

RUNS = [  # name, status, arch, epochs done / planned, val accuracies, tags, note
    ("20260301-091502-resnet18", "completed", "resnet18", 10, 10, "baseline", "ImageNet weights, full fine-tuning"),
    ("20260301-103344-mobilenet_v3_small", "completed", "mobilenet_v3_small", 8, 10, "small,early-stop",
     "stopped early: no gain after epoch 5"),
    ("20260301-121020-efficientnet_b0", "stopped", "efficientnet_b0", 4, 12, "", "stopped to free the GPU"),
    ("20260301-140511-resnet50", "running", "resnet50", 3, 10, "big", "laptop went to sleep"),
    ("20260301-152233-convnext_tiny", "failed", "convnext_tiny", 0, 10, "", "out of memory at batch 64"),
]


def _workspace(root: Path) -> Path:
    from dtf_gui.core.runs.rundir import RunMeta, write_run_meta

    ws = root / "runs"
    for i, (name, status, arch, done, epochs, tags, note) in enumerate(RUNS):
        accs = tuple(round(min(0.97, 0.55 + 0.3 * (1 - 0.6 ** (e + 1)) + 0.02 * i), 4) for e in range(done))
        run = make_fake_run(ws, name, status, arch=arch, epochs_done=done, epochs=epochs, accs=accs,
                            size=224, data_root=str(root / "flowers"), lock="dead" if status == "running" else None)
        write_run_meta(run, RunMeta(tags=tuple(t for t in tags.split(",") if t), note=note))
    return ws


def _compared(root: Path) -> list[Path]:
    return [write_run(root / "cmp" / "lr-1e-3", config(lr=1e-3, epochs=6), accs=(0.62, 0.74, 0.81, 0.85, 0.87, 0.88)),
            write_run(root / "cmp" / "lr-1e-2", config(lr=1e-2, epochs=6), accs=(0.48, 0.61, 0.66, 0.71, 0.70, 0.73)),
            write_run(root / "cmp" / "lr-3e-4-no-flip", config(lr=3e-4, epochs=6, doc=pipeline(flip=False)),
                      accs=(0.55, 0.70, 0.79, 0.84, 0.86, 0.89))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", default=str(REPO / "docs" / "images"))
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=700)
    parser.add_argument("--lang", default="en", help="en or zh_CN")
    parser.add_argument("--show", action="store_true", help="use the real display instead of offscreen")
    args = parser.parse_args(argv)
    win, state, tmp = open_window(args, "dtf_screenshot_experiments_")
    try:
        return _run(args, win, state, tmp)
    finally:
        win.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _run(args: argparse.Namespace, win: Any, state: Any, tmp: Path) -> int:
    from dtf_gui.core.config import RunConfig

    out = Path(args.out_dir)
    ws = _workspace(tmp)
    state.set_run_config(RunConfig().with_overrides({"runs_dir": str(ws)}))
    listed: list[bool] = []
    win.runs_panel.listed.connect(lambda: listed.append(True))
    win.tabs.setCurrentWidget(win.runs_panel)
    win.runs_panel.refresh()
    if not spin(20, lambda: bool(listed)):
        print("the Runs tab did not list the workspace", file=sys.stderr)
        return 2
    win.runs_panel.select_run(ws / RUNS[1][0])
    spin(0.5)
    status = save_grab(win, out / "runs_tab.png", 3)
    if status:
        return status
    shown: list[bool] = []
    win.compare_panel.comparison_shown.connect(lambda *_: shown.append(True))
    win.show_compare(_compared(tmp))
    if not spin(20, lambda: bool(shown)):
        print("the Compare tab did not show the comparison", file=sys.stderr)
        return 4
    spin(0.5)
    return save_grab(win, out / "compare_tab.png", 5)


if __name__ == "__main__":
    sys.exit(main())
