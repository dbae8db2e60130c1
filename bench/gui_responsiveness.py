"""Is the GUI still responsive while it trains? And how fast does the preview follow a parameter edit?

Builds the real main window on the demo digits, starts training on the CPU from the Training panel and,
while it runs, lets a 10 ms QTimer tick on the GUI thread: the gaps between ticks are the event loop's
latency as a user would feel it (a click or a repaint waits at most that long). Then it edits a
parameter of the pipeline on a 1024×768 photo-sized sample and times edit -> preview strip redrawn
(the 60 ms debounce included, since the user waits for it too), checking each redraw shows the new size.

    ./dev bench gui_responsiveness.py                  # ~20 s of training, mobilenet_v3_small
    ./dev bench gui_responsiveness.py --seconds 60 --arch resnet18 --json
    ./dev bench gui_responsiveness.py --preview-only --edits 30     # no training: the preview latency alone
    ./dev bench gui_responsiveness.py --quick                       # 6 s of training, 6 edits
    ./dev bench gui_responsiveness.py --during search               # a 4-trial search from the Search tab
    ./dev bench gui_responsiveness.py --during search --quick       # 2 trials
    ./dev bench gui_responsiveness.py --during map                  # the Data tab's embedding map (Auto)
    ./dev bench gui_responsiveness.py --during map --map-method pca --map-size 64

``--during search`` measures the gaps while a small real search runs from the Search tab instead of the
Training panel's run: the space is loaded from a JSON file with Load Space… (train.lr on a log range, the
batch size from two choices), the random sampler, no pruner, ``--trials`` trials of ``--arch`` for one
epoch on three classes of the demo digits at ``--size`` px (32 unless given), Start Search clicked; the gaps
cover the whole search, from the click to the last trial's leaderboard drawn and the job ended. No preview
part in that mode.

``--during map`` measures the gaps while the Data tab's embedding map of the demo digits (train and val,
1797 images) is computed: Embedding map… clicked, the features of every image at ``--map-size`` px (160, the
map's default) from the pretrained mobilenet_v2 into an empty cache, the projection (``--map-method``: auto
= UMAP when installed, numba's first compile included), the map drawn; then one rectangle selection opening
its images in the gallery. Needs the mobilenet_v2 weights (exit 2 without them).

Targets (``TARGETS``): the event-loop gaps of the **whole run** (start-up, batches and stop; the line
printed with the targets, the figure the README quotes) -- or of the whole search -- p99 <= 30 ms and max
<= 100 ms; preview refresh median <= 150 ms. Exits 1 when one is missed. Runs offscreen when there is no
display.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

TICK_MS = 10
TARGET_P99_MS = 30.0
TARGET_MAX_MS = 100.0
TARGET_PREVIEW_MS = 150.0


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


class GapMeter:
    """A precise 10 ms timer on the GUI thread; records the time between consecutive ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps_ms: list[float] = []
        self._last: float | None = None

    def start(self) -> None:
        self.gaps_ms.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> list[float]:
        self.timer.stop()
        return list(self.gaps_ms)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps_ms.append((now - self._last) * 1000.0)
        self._last = now


def wait_until(predicate, timeout_s: float) -> bool:
    """Run a real event loop (as ``app.exec()`` would) until ``predicate()`` is true or time runs out."""
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    poll = QTimer()
    poll.setInterval(5)

    def check() -> None:
        if predicate() or time.perf_counter() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    if not predicate():
        loop.exec()
    poll.stop()
    return bool(predicate())


def gap_summary(gaps: list[float]) -> dict[str, float]:
    return {"ticks": len(gaps), "p50_ms": percentile(gaps, 50), "p99_ms": percentile(gaps, 99),
            "max_ms": max(gaps) if gaps else float("nan")}


def measure_training(args: argparse.Namespace, state, win, panel, meter: GapMeter) -> dict:
    """Event-loop gaps while the Training panel's run goes (and, with --baseline, in a plain thread first)."""
    baseline = None
    if args.baseline:
        import threading

        from dtf_gui.core.cancel import StopToken
        from dtf_gui.core.training import engine

        token = StopToken()
        cfg = state.config_for_run()
        worker = threading.Thread(target=lambda: engine.train(cfg, stop=token), daemon=True)
        worker.start()
        wait_until(lambda: False, 3.0)  # past data loading and model building
        meter.start()
        wait_until(lambda: not worker.is_alive(), args.seconds / 2)
        baseline = gap_summary(meter.stop())
        token.stop()
        worker.join()

    # -- 1. event-loop gaps while training -----------------------------------------------------------
    batches = {"n": 0}
    finished: list[str] = []
    controller = win.run_controller
    controller.finished.connect(finished.append)
    meter.start()
    t0 = time.perf_counter()
    if not controller.start():
        print("could not start training:", state.training_status, file=sys.stderr)
        return {"status": "not_started"}
    controller.callbacks.batches_ended.connect(lambda chunk: batches.__setitem__("n", chunk[-1].step))
    wait_until(lambda: panel.run_view.last_batch is not None or bool(finished), 300)
    t_first = time.perf_counter()
    cpu_first = time.thread_time()
    start_gaps = list(meter.gaps_ms)
    wait_until(lambda: bool(finished), args.seconds)
    gui_busy = (time.thread_time() - cpu_first) / max(time.perf_counter() - t_first, 1e-9)
    controller.stop()
    t_stop = time.perf_counter()
    wait_until(lambda: bool(finished), 120)
    gaps = meter.stop()
    train_gaps = gaps[len(start_gaps):]
    last = panel.run_view.last_batch
    images_per_s = last.images_per_s if last is not None else float("nan")
    training = {
        "arch": args.arch, "batch_size": args.batch, "image_size": args.size,
        "batches": batches["n"], "images_per_s": images_per_s,
        "startup_s": t_first - t0, "train_s": t_stop - t_first,
        "stop_to_end_s": time.perf_counter() - t_stop, "status": finished[0] if finished else "timeout",
        "whole_run": gap_summary(gaps), "during_batches": gap_summary(train_gaps),
        "plot_points": len(panel.run_view.plots.loss_raw), "gui_thread_cpu_share": gui_busy,
        "baseline_no_gui_updates": baseline,
    }
    return training


SEARCH_CLASSES = ("0", "1", "2")  # of the demo digits: short trials that still learn something
SEARCH_SPACE = {"schema_version": 1,
                "params": {"train.lr": {"type": "float", "low": 1e-4, "high": 1e-2, "log": True},
                           "train.batch_size": {"type": "categorical", "choices": [32, 64]}}}


def measure_search(args: argparse.Namespace, state, win, meter: GapMeter, tmp: Path) -> dict:
    """Event-loop gaps over a whole search started from the Search tab the way a user would start it."""
    panel = win.search_panel
    win.tabs.setCurrentWidget(panel)
    space = tmp / "space.json"
    space.write_text(json.dumps(SEARCH_SPACE), encoding="utf-8")
    if not panel.load_space_file(str(space)):
        print("could not load the space:", panel.status_label.text(), file=sys.stderr)
        return {"status": "not_started"}
    panel.sampler_combo.setCurrentIndex(panel.sampler_combo.findData("random"))
    panel.pruner_combo.setCurrentIndex(panel.pruner_combo.findData("none"))
    panel.trials_spin.setValue(args.trials)
    summaries: list[tuple[float, int]] = []  # (time drawn, trials in the study)
    panel.summary_shown.connect(lambda s: summaries.append((time.perf_counter(), len(s.trials))))
    ended: list[bool] = []
    panel.runner.finished.connect(lambda: ended.append(True))
    wait_until(lambda: False, 0.3)
    meter.start()
    t0 = time.perf_counter()
    cpu0 = time.thread_time()
    panel.start_button.click()
    if not panel.runner.running and not ended:
        meter.stop()
        print("could not start the search:", panel.status_label.text(), file=sys.stderr)
        return {"status": "not_started"}
    wait_until(lambda: bool(ended), args.search_timeout)
    wall = time.perf_counter() - t0
    gui_busy = (time.thread_time() - cpu0) / max(wall, 1e-9)
    gaps = meter.stop()
    summary = panel.summary
    counts = summary.counts if summary is not None else {}
    # what one leaderboard + plots redraw costs the GUI thread, on the final study
    redraw_ms: list[float] = []
    if summary is not None:
        for _ in range(5):
            t = time.perf_counter()
            panel.show_summary(summary)
            redraw_ms.append((time.perf_counter() - t) * 1000.0)
    return {"arch": args.arch, "image_size": args.size, "classes": list(SEARCH_CLASSES), "trials": args.trials,
            "status": "ended" if ended else "timeout", "wall_s": wall, "counts": counts,
            "summaries_drawn": len(summaries),
            "first_summary_s": summaries[0][0] - t0 if summaries else float("nan"),
            "whole_search": gap_summary(gaps), "gui_thread_cpu_share": gui_busy,
            "redraw_median_ms": statistics.median(redraw_ms) if redraw_ms else float("nan"),
            "message": panel.status_label.text()}


def print_search(search: dict) -> None:
    g = search["whole_search"]
    c = search["counts"]
    print(f"search from the Search tab: {search['trials']} trials of {search['arch']} at {search['image_size']} px, "
          f"1 epoch on digits {'/'.join(search['classes'])}, random sampler, no pruner: {search['status']} in "
          f"{search['wall_s']:.1f} s ({c.get('COMPLETE', 0)} complete, {c.get('FAIL', 0)} failed); "
          f"{search['summaries_drawn']} leaderboard redraws, the first {search['first_summary_s']:.1f} s after Start")
    print(f"event-loop gaps, whole search ({g['ticks']} ticks of {TICK_MS} ms): p50 {g['p50_ms']:.1f} ms, "
          f"p99 {g['p99_ms']:.1f} ms, max {g['max_ms']:.1f} ms   (targets: p99 <= {TARGET_P99_MS:.0f}, "
          f"max <= {TARGET_MAX_MS:.0f})")
    print(f"GUI thread CPU {100 * search['gui_thread_cpu_share']:.1f}% of wall time; one leaderboard + plots "
          f"redraw of the final study: median {search['redraw_median_ms']:.1f} ms")
    print(f"status line: {search['message']}")


def run_search_mode(args: argparse.Namespace, state, win, tmp: Path) -> int:
    """``--during search``: the whole search's gaps against the targets; 1 on a miss, 2 when it did not run."""
    search = measure_search(args, state, win, GapMeter(), tmp)
    win.close()
    wait_until(lambda: False, 0.2)
    if search["status"] == "not_started":
        return 2
    g = search["whole_search"]
    misses = []
    if search["status"] != "ended":
        misses.append(f"the search did not end within {args.search_timeout:.0f} s")
    if not search["counts"].get("COMPLETE"):
        misses.append("no trial completed")
    if not (g["p99_ms"] <= TARGET_P99_MS and g["max_ms"] <= TARGET_MAX_MS):
        misses.append(f"event-loop gaps over the whole search p99 {g['p99_ms']:.1f} ms, max {g['max_ms']:.1f} ms")
    result = {"cpu_count": os.cpu_count(), "load_avg_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
              "search": search, "targets_missed": misses}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"machine: {os.cpu_count()} CPUs, load average {result['load_avg_1m']:.1f}, "
              f"torch threads {__import__('torch').get_num_threads()}")
        print_search(search)
        print(("targets met" if not misses else "MISSED: " + "; ".join(misses)) + f" -> exit {1 if misses else 0}")
    return 1 if misses else 0


def measure_map(args: argparse.Namespace, state, win, meter: GapMeter, tmp: Path) -> dict:
    """Event-loop gaps from the click on Embedding map… to the map drawn, computed into an empty cache."""
    from dtf_gui.qt.widgets.embedding_map import EmbeddingMapView

    panel = win.data_panel
    win.tabs.setCurrentWidget(panel)
    wait_until(lambda: state.scan_report is not None, 120)
    os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")  # the features are computed, not read from a cache
    button = panel.map_button
    # the window the button opens, made here only to choose the method; the click opens it and computes
    button.view = view = EmbeddingMapView(state, button, image_size=args.map_size)
    view.setWindowFlag(Qt.WindowType.Window)
    view.method_combo.setCurrentIndex(view.method_combo.findData(args.map_method))
    shown: list[float] = []
    view.map_shown.connect(lambda m: shown.append(time.perf_counter()) if m is not None else None)
    ended: list[bool] = []
    view.runner.finished.connect(lambda: ended.append(True))
    errors: list[str] = []
    view.runner.errored.connect(lambda m, _tb: errors.append(str(m)))
    wait_until(lambda: False, 0.3)
    meter.start()
    t0 = time.perf_counter()
    cpu0 = time.thread_time()
    button.click()
    wait_until(lambda: bool(ended), args.map_timeout)
    wall = time.perf_counter() - t0
    gui_busy = (time.thread_time() - cpu0) / max(wall, 1e-9)
    wait_until(lambda: False, 0.3)  # the first paint of the map
    gaps = meter.stop()
    m = view.map
    if m is None:
        return {"status": "failed" if errors else "timeout", "errors": errors, "wall_s": wall,
                "whole_map": gap_summary(gaps)}
    redraw_ms, select_ms = [], []
    for _ in range(3):
        t = time.perf_counter()
        view.show_map(m)
        redraw_ms.append((time.perf_counter() - t) * 1000.0)
    x0, y0 = np.percentile(m.xy, 25, axis=0)
    x1, y1 = np.percentile(m.xy, 75, axis=0)
    for _ in range(3):
        t = time.perf_counter()
        view.select_rect(float(x0), float(y0), float(x1), float(y1))
        select_ms.append((time.perf_counter() - t) * 1000.0)
    at = np.cumsum(gaps) / 1000.0  # seconds after the click (the meter starts just before it)
    long_gaps = [(round(float(t), 2), round(float(g), 1)) for t, g in zip(at, gaps, strict=True) if g > TARGET_MAX_MS]
    return {"status": "ended", "images": len(m), "method": m.method, "image_size": args.map_size,
            "long_gaps_s_ms": long_gaps, "shown_s": [t - t0 for t in shown],
            "backbone": m.backbone, "wall_s": wall, "map_seconds": m.seconds,
            "first_draw_s": shown[0] - t0 if shown else float("nan"), "whole_map": gap_summary(gaps),
            "gui_thread_cpu_share": gui_busy, "redraw_median_ms": statistics.median(redraw_ms),
            "selected": len(view.selected), "select_median_ms": statistics.median(select_ms),
            "gallery_tiles": len(view.gallery.paths()), "errors": errors}


def run_map_mode(args: argparse.Namespace, state, win, tmp: Path) -> int:
    """``--during map``: the gaps while the embedding map computes; 1 on a miss, 2 when it did not run."""
    from dtf_gui.core.models.weights import weights_status

    if not weights_status("mobilenet_v2").available:
        print("the pretrained mobilenet_v2 weights are not on this machine", file=sys.stderr)
        return 2
    result_map = measure_map(args, state, win, GapMeter(), tmp)
    win.close()
    wait_until(lambda: False, 0.2)
    g = result_map["whole_map"]
    misses = []
    if result_map["status"] != "ended":
        misses.append(f"the map was not drawn ({result_map['status']}: {'; '.join(result_map['errors'])})")
    if not (g["p99_ms"] <= TARGET_P99_MS and g["max_ms"] <= TARGET_MAX_MS):
        misses.append(f"event-loop gaps while the map computes p99 {g['p99_ms']:.1f} ms, max {g['max_ms']:.1f} ms")
    result = {"cpu_count": os.cpu_count(), "load_avg_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
              "map": result_map, "targets_missed": misses}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"machine: {os.cpu_count()} CPUs, load average {result['load_avg_1m']:.1f}, "
              f"torch threads {__import__('torch').get_num_threads()}")
        if result_map["status"] == "ended":
            r = result_map
            print(f"embedding map of the demo digits from the Data tab: {r['images']} images, {r['method'].upper()} of "
                  f"{r['backbone']} features at {r['image_size']} px: drawn {r['first_draw_s']:.1f} s after the "
                  f"click (the job {r['map_seconds']:.1f} s)")
            print(f"event-loop gaps, whole map ({g['ticks']} ticks of {TICK_MS} ms): p50 {g['p50_ms']:.1f} ms, "
                  f"p99 {g['p99_ms']:.1f} ms, max {g['max_ms']:.1f} ms   (targets: p99 <= {TARGET_P99_MS:.0f}, "
                  f"max <= {TARGET_MAX_MS:.0f})")
            print(f"gaps over {TARGET_MAX_MS:.0f} ms (seconds after the click, ms): {r['long_gaps_s_ms']}")
            print(f"GUI thread CPU {100 * r['gui_thread_cpu_share']:.1f}% of wall time; redraw of the map: median "
                  f"{r['redraw_median_ms']:.1f} ms; a rectangle of {r['selected']} points into the gallery: median "
                  f"{r['select_median_ms']:.1f} ms")
        print(("targets met" if not misses else "MISSED: " + "; ".join(misses)) + f" -> exit {1 if misses else 0}")
    return 1 if misses else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--during", choices=("training", "search", "map"), default="training",
                        help="what runs while the gaps are measured: the Training panel's run (default), a "
                             "search from the Search tab, or the Data tab's embedding map")
    parser.add_argument("--map-size", type=int, default=160, help="--during map: input size of the backbone")
    parser.add_argument("--map-method", choices=("auto", "pca", "umap"), default="auto",
                        help="--during map: the projection (auto: UMAP when installed)")
    parser.add_argument("--map-timeout", type=float, default=900.0,
                        help="--during map: seconds to wait for the map")
    parser.add_argument("--trials", type=int, default=4, help="--during search: trials in the search")
    parser.add_argument("--search-timeout", type=float, default=900.0,
                        help="--during search: seconds to wait for the search to end")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to train while measuring")
    parser.add_argument("--arch", default="mobilenet_v3_small")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--size", type=int, default=None,
                        help="image size of the training pipeline (64; 32 with --during search)")
    parser.add_argument("--edits", type=int, default=12, help="parameter edits for the preview latency")
    parser.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    parser.add_argument("--workers", type=int, default=0, help="DataLoader worker processes (config 'workers')")
    parser.add_argument("--switch-ms", type=float, default=0.0,
                        help="sys.setswitchinterval in ms (0: Python's default 5 ms)")
    parser.add_argument("--baseline", action="store_true",
                        help="first measure the same training in a plain thread with no GUI updates (the floor "
                             "set by the machine, the GIL and the OS scheduler)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--preview-only", action="store_true", help="skip the training: preview latency only")
    parser.add_argument("--quick", action="store_true", help="--seconds 6 --edits 6 (--during search: --trials 2)")
    args = parser.parse_args(argv)
    if args.size is None:
        args.size = 32 if args.during == "search" else 64
    if args.quick:
        args.seconds, args.edits = 6.0, 6
        if args.during == "search":
            args.trials = 2
    if args.during == "map":
        if not args.json:
            print(f"targets: event-loop gaps while the embedding map computes p99 <= {TARGET_P99_MS:.0f} ms, max <= "
                  f"{TARGET_MAX_MS:.0f} ms", flush=True)
    elif args.during == "search":
        if not args.json:
            print(f"targets: event-loop gaps over the whole search p99 <= {TARGET_P99_MS:.0f} ms, max <= "
                  f"{TARGET_MAX_MS:.0f} ms", flush=True)
    elif not args.json:
        print(("" if args.preview_only else f"targets: event-loop gaps over the whole training run p99 <= "
               f"{TARGET_P99_MS:.0f} ms, max <= {TARGET_MAX_MS:.0f} ms; ")
              + f"target: preview refresh median <= {TARGET_PREVIEW_MS:.0f} ms", flush=True)

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - must outlive the window
    if args.switch_ms:
        sys.setswitchinterval(args.switch_ms / 1000.0)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)

    from dtf_gui.core.config import RunConfig
    from dtf_gui.core.data.demo import ensure_demo_dataset
    from dtf_gui.core.pipeline.build import starter_document
    from dtf_gui.qt.main_window import MainWindow
    from dtf_gui.qt.settings import Settings
    from dtf_gui.qt.state import AppState

    tmp = Path(tempfile.mkdtemp(prefix="dtf_bench_"))
    settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    state = AppState()
    win = MainWindow(state, settings)
    win.resize(1400, 900)
    win.show()
    root = ensure_demo_dataset(tmp / "digits")
    state.set_document(starter_document(args.size))
    state.set_data_root(root)
    state.set_run_config(RunConfig().with_overrides({
        "model.arch": args.arch, "model.weights": "none", "train.epochs": 1000, "train.batch_size": args.batch,
        "train.schedule": "none", "device": "cpu", "workers": args.workers, "runs_dir": str(tmp / "runs")}))
    if args.during == "search":
        state.set_run_config(state.run_config.with_overrides({
            "train.epochs": 1, "data.exclude_classes": [c for c in map(str, range(10)) if c not in SEARCH_CLASSES]}))
        wait_until(lambda: False, 0.5)  # let the window settle (first paint, scan of the data panel)
        try:
            return run_search_mode(args, state, win, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.during == "map":
        wait_until(lambda: False, 0.5)  # let the window settle (first paint, scan of the data panel)
        try:
            return run_map_mode(args, state, win, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    panel = win.training_panel
    win.tabs.setCurrentWidget(panel)
    wait_until(lambda: False, 0.5)  # let the window settle (first paint, scan of the data panel)

    meter = GapMeter()
    training = None if args.preview_only else measure_training(args, state, win, panel, meter)
    if training is not None and training["status"] == "not_started":
        return 2

    # -- 2. preview refresh after a parameter edit, 1024x768 sample -----------------------------------
    from PIL import Image

    editor = win.pipeline_editor
    win.tabs.setCurrentWidget(editor)
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:768, 0:1024]
    photo = np.stack([(xx * 255 // 1023), (yy * 255 // 767), rng.integers(0, 256, (768, 1024))], -1)
    sample = tmp / "photo_1024x768.jpg"
    Image.fromarray(photo.astype(np.uint8), "RGB").save(sample, quality=90)
    rendered: list[int] = []
    editor.preview.rendered.connect(rendered.append)
    state.set_preview_split("train")
    state.set_selected_sample(str(sample))
    wait_until(lambda: rendered and rendered[-1] == editor.preview_service.latest_id, 60)
    resize_index = next(i for i, s in enumerate(state.document.train) if s.name == "Resize")
    latencies: list[float] = []
    worker_ms: list[float] = []
    meter.start()
    service = editor.preview_service
    for k in range(args.edits):
        size = 200 + k % 40  # a new size each time: nothing can be reused from the previous edit
        before = service.latest_id
        t = time.perf_counter()
        state.set_step_params("train", resize_index, {"size": [size, size]})
        # done when a request newer than the edit has been drawn by the strip
        ok = wait_until(lambda b=before: service.latest_id > b and bool(rendered)
                        and rendered[-1] == service.latest_id, 30)
        if ok:
            latencies.append((time.perf_counter() - t) * 1000.0)
            worker_ms.append(editor.preview.last_result.seconds * 1000.0)
            badges = [c.badge.text() for c in editor.preview.cards()]
            assert any(f"{size}×{size}" in b for b in badges), badges  # the strip shows the edit
        wait_until(lambda: False, 0.05)
    preview_gaps = meter.stop()
    preview = {"edits": len(latencies), "median_ms": statistics.median(latencies) if latencies else float("nan"),
               "max_ms": max(latencies) if latencies else float("nan"),
               "trace_median_ms": statistics.median(worker_ms) if worker_ms else float("nan"),
               "gaps": gap_summary(preview_gaps)}

    win.close()
    wait_until(lambda: False, 0.2)
    result = {"cpu_count": os.cpu_count(), "load_avg_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
              "training": training, "preview": preview}
    misses = []
    if training is not None:
        g = training["whole_run"]
        if not (g["p99_ms"] <= TARGET_P99_MS and g["max_ms"] <= TARGET_MAX_MS):
            misses.append(f"event-loop gaps over the whole run p99 {g['p99_ms']:.1f} ms, max {g['max_ms']:.1f} ms")
    if not preview["median_ms"] <= TARGET_PREVIEW_MS:  # NaN (no edit drawn) misses too
        misses.append(f"preview refresh median {preview['median_ms']:.0f} ms")
    result["targets_missed"] = misses
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"machine: {os.cpu_count()} CPUs, load average {result['load_avg_1m']:.1f}, "
              f"torch threads {__import__('torch').get_num_threads()}")
        if training is not None:
            print_training(args, training)
        pg = preview["gaps"]
        print(f"preview refresh after a parameter edit (1024x768 sample, {preview['edits']} edits): "
              f"median {preview['median_ms']:.0f} ms, max {preview['max_ms']:.0f} ms   "
              f"(target: median <= {TARGET_PREVIEW_MS:.0f}); trace in the worker: median "
              f"{preview['trace_median_ms']:.0f} ms")
        print(f"event-loop gaps while previewing: p50 {pg['p50_ms']:.1f} ms, p99 {pg['p99_ms']:.1f} ms, "
              f"max {pg['max_ms']:.1f} ms")
        print(("targets met" if not misses else "MISSED: " + "; ".join(misses)) + f" -> exit {1 if misses else 0}")
    return 1 if misses else 0


def print_training(args: argparse.Namespace, training: dict) -> None:
    g, b, baseline = training["whole_run"], training["during_batches"], training["baseline_no_gui_updates"]
    print(f"training {args.arch} batch {args.batch} at {args.size} px on CPU: {training['batches']} batches, "
          f"{training['images_per_s']:.0f} images/s, start-up {training['startup_s']:.1f} s, "
          f"stop -> ended {training['stop_to_end_s']:.2f} s, {training['plot_points']} loss points plotted")
    print(f"event-loop gaps, whole run ({g['ticks']} ticks of {TICK_MS} ms): p50 {g['p50_ms']:.1f} ms, "
          f"p99 {g['p99_ms']:.1f} ms, max {g['max_ms']:.1f} ms   (targets: p99 <= {TARGET_P99_MS:.0f}, "
          f"max <= {TARGET_MAX_MS:.0f}; the README's figure)")
    print(f"event-loop gaps, batches only ({b['ticks']} ticks): p50 {b['p50_ms']:.1f} ms, "
          f"p99 {b['p99_ms']:.1f} ms, max {b['max_ms']:.1f} ms; GUI thread CPU "
          f"{100 * training['gui_thread_cpu_share']:.1f}% of wall time")
    if baseline is not None:
        print(f"baseline, same training with no GUI updates ({baseline['ticks']} ticks): p50 "
              f"{baseline['p50_ms']:.1f} ms, p99 {baseline['p99_ms']:.1f} ms, max {baseline['max_ms']:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
