"""Preview refresh latency after a parameter edit, on a 1024×768 image.

Measures what the user waits for: from the edit (a parameter typed into the form -> AppState) to the
preview strip having drawn the new cards, through the real debounce timer, worker thread and drawing.
Prints min / median / p90 / max over N edits (target: median <= 150 ms).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_preview_latency.py [--edits 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--image-size", default="1024x768")
    args = parser.parse_args(argv)
    w, h = (int(x) for x in args.image_size.lower().split("x"))

    import numpy as np
    from PIL import Image
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from dtf_gui.core.pipeline.build import starter_document
    from dtf_gui.qt.state import AppState
    from dtf_gui.qt.widgets.pipeline_editor import PipelineEditor
    from dtf_gui.qt.workers.preview_worker import DEBOUNCE_MS

    tmp = Path(tempfile.mkdtemp(prefix="dtf_bench_"))
    rng = np.random.default_rng(0)
    photo = tmp / "photo.jpg"
    Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8)).save(photo, quality=90)

    state = AppState()
    state.set_document(starter_document(224, hflip=True))
    state.set_selected_sample(str(photo))
    editor = PipelineEditor(state)
    editor.resize(1400, 900)
    editor.show()
    state.set_current_step("train", 0)
    rendered: list[int] = []
    editor.preview.rendered.connect(rendered.append)

    def wait_for(pred, timeout=30.0) -> None:
        end = time.perf_counter() + timeout
        while not pred():
            app.processEvents()
            if time.perf_counter() > end:
                raise TimeoutError("preview did not refresh")
            time.sleep(0.0005)

    wait_for(lambda: bool(rendered))               # first preview (imports, warm-up): not measured
    latencies = []
    worker_s = []
    for i in range(args.edits):
        size = 200 + (i % 40)
        rendered.clear()
        t0 = time.perf_counter()
        state.set_step_params("train", 0, {"size": [size, size]})     # what the form does on an edit
        wait_for(lambda: bool(rendered))
        app.processEvents()                                             # the repaint
        latencies.append((time.perf_counter() - t0) * 1000)
        worker_s.append(editor.preview.last_result.seconds * 1000)
        badge = editor.preview.cards()[3].badge.text()
        assert badge == f"PIL RGB {size}×{size}", badge
    editor.shutdown()
    editor.close()

    lat = sorted(latencies)
    p90 = lat[int(0.9 * (len(lat) - 1))]
    print(f"preview refresh after a parameter edit, {w}×{h} JPEG, starter train pipeline "
          f"({len(state.document.train)} steps), {args.edits} edits, debounce {DEBOUNCE_MS} ms:")
    print(f"  edit -> cards drawn: min {lat[0]:.0f} ms, median {statistics.median(lat):.0f} ms, "
          f"p90 {p90:.0f} ms, max {lat[-1]:.0f} ms  (target: median <= 150 ms)")
    print(f"  of which trace in the worker: median {statistics.median(worker_s):.0f} ms")
    return 0 if statistics.median(lat) <= 150 else 1


if __name__ == "__main__":
    sys.exit(main())
