"""Regenerate ``docs/images/runs_tab.png``, ``compare_tab.png`` and ``search_tab.png``: the Runs, Compare and
Search tabs of the real main window over run folders written by the tests' fake-run helpers and a study built
with Optuna's own API (``create_trial`` with made-up values: no training, a few seconds, the same bytes of
data every time).

    python tools/screenshot_experiments.py                  # the three PNGs, 1200×700, offscreen
    python tools/screenshot_experiments.py --only search    # search_tab.png alone
    python tools/screenshot_experiments.py --lang zh_CN --out-dir /tmp/shots

The Search tab shows one of its three plots at a time; ``search_tab.png`` is the window with the parallel
coordinates, and under it the same panel's History and Importances tabs, grabbed from the window.
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


SEARCH_SPACE = {"schema_version": 1,
                "params": {"train.lr": {"type": "float", "low": 1e-4, "high": 1e-1, "log": True},
                           "train.weight_decay": {"type": "float", "low": 0.0, "high": 0.01, "step": 0.001},
                           "train.batch_size": {"type": "categorical", "choices": [16, 32, 64]},
                           "freeze.plan": {"type": "categorical", "choices": ["head", "full"]}}}
SEARCH_TRIALS = 16


def _fake_study(root: Path) -> tuple[str, str]:
    """An Optuna study of SEARCH_TRIALS finished trials (complete, a few pruned, one failed) with made-up
    values that depend on the settings the way a real search's would: (storage URL, study name)."""
    import math
    import random

    import optuna
    from optuna.distributions import CategoricalDistribution, FloatDistribution
    from optuna.trial import TrialState, create_trial

    from dtf_gui.core.experiments.search import METRIC, open_storage

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    url, name = f"sqlite:///{root / 'search.db'}", "search-resnet18-flowers"
    study = optuna.create_study(study_name=name, storage=open_storage(url), direction="maximize")
    study.set_metric_names([METRIC])
    dists = {"train.lr": FloatDistribution(1e-4, 1e-1, log=True),
             "train.weight_decay": FloatDistribution(0.0, 0.01, step=0.001),
             "train.batch_size": CategoricalDistribution([16, 32, 64]),
             "freeze.plan": CategoricalDistribution(["head", "full"])}
    rng = random.Random(3)
    for n in range(SEARCH_TRIALS):
        params = {"train.lr": 10 ** rng.uniform(-4, -1), "train.weight_decay": rng.randrange(11) / 1000,
                  "train.batch_size": rng.choice([16, 32, 64]), "freeze.plan": rng.choice(["head", "full"])}
        acc = (0.93 - 0.09 * (math.log10(params["train.lr"]) + 2.6) ** 2 + 0.03 * (params["freeze.plan"] == "full")
               - 0.01 * (params["train.batch_size"] == 64) + 2 * params["train.weight_decay"] + rng.uniform(-0.01, 0.01))
        epochs = [round(acc * (1 - 0.5 ** (e + 1)), 4) for e in range(5)]
        run = str(root / "runs" / f"20260302-{9 + n // 4:02d}{(n * 7) % 60:02d}11-resnet18-trial{n}")
        state, value, steps = TrialState.COMPLETE, round(min(0.985, acc), 4), epochs
        if n in (5, 9, 12):
            state, value, steps = TrialState.PRUNED, None, epochs[:2]
        elif n == 13:
            state, value, steps = TrialState.FAIL, None, []
        attrs = {"run_dir": run, **({"error": "out of memory at batch 64"} if state == TrialState.FAIL else {})}
        study.add_trial(create_trial(params=params, distributions=dists, value=value, state=state, user_attrs=attrs,
                                     intermediate_values=dict(enumerate(steps))))
    return url, name


def _search_shot(args: argparse.Namespace, win: Any, tmp: Path, out: Path) -> int:
    """The Search tab over the fake study: the window (parallel coordinates) and the History and Importances
    tabs under it, one PNG."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    from dtf_gui.core.experiments.search import study_summary
    from dtf_gui.core.messages import msg
    from dtf_gui.qt import i18n

    url, name = _fake_study(tmp)
    panel = win.search_panel
    win.tabs.setCurrentWidget(panel)
    panel.set_space(SEARCH_SPACE)
    panel.trials_spin.setValue(SEARCH_TRIALS)
    panel.study_edit.setText(name)
    panel.study_edit.setCursorPosition(0)
    summary = study_summary(url, name)
    panel.show_summary(summary)
    panel.status_label.setText(i18n.text(msg("search.done", study=name, n=len(summary.trials))))
    panel.board.selectRow(0)
    strip = []
    for index in (0, 1):  # History, Importances
        panel.plots.setCurrentIndex(index)
        spin(0.3)
        strip.append(panel.plots.grab().toImage())
    panel.plots.setCurrentIndex(2)  # Parallel coordinates
    spin(0.5)
    window = win.grab().toImage()
    half = window.width() // 2
    strip = [im.scaledToWidth(half - 6, mode=Qt.TransformationMode.SmoothTransformation) for im in strip]
    height = window.height() + 8 + max(im.height() for im in strip)
    sheet = QImage(window.width(), height, QImage.Format.Format_RGB32)
    sheet.fill(QColor("white"))
    painter = QPainter(sheet)
    painter.drawImage(0, 0, window)
    for i, im in enumerate(strip):
        painter.drawImage(i * half + 3, window.height() + 8, im)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not sheet.save(str(out)):
        print(f"could not write {out}", file=sys.stderr)
        return 6
    print(f"wrote {out} ({sheet.width()}×{sheet.height()}: the window {window.width()}×{window.height()} and two "
          f"plot tabs under it)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", default=str(REPO / "docs" / "images"))
    parser.add_argument("--only", choices=("runs", "compare", "search"), help="make this one PNG alone")
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
    if args.only == "search":
        return _search_shot(args, win, tmp, out / "search_tab.png")
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
    if args.only in (None, "runs"):
        status = save_grab(win, out / "runs_tab.png", 3)
        if status or args.only == "runs":
            return status
    shown: list[bool] = []
    win.compare_panel.comparison_shown.connect(lambda *_: shown.append(True))
    win.show_compare(_compared(tmp))
    if not spin(20, lambda: bool(shown)):
        print("the Compare tab did not show the comparison", file=sys.stderr)
        return 4
    spin(0.5)
    status = save_grab(win, out / "compare_tab.png", 5)
    if status or args.only == "compare":
        return status
    return _search_shot(args, win, tmp, out / "search_tab.png")


if __name__ == "__main__":
    sys.exit(main())
