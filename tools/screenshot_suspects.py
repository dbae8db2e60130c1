"""Regenerate ``docs/images/suspects_view.png``: Data → Suspects over the demo digits with a seeded 5 % of the
train labels moved to another class (``tests/label_noise.py``), after a real run of the finder (~25 s on the
2-core CPU; the features cache is a temporary folder), one suspect already relabelled.

    python tools/screenshot_suspects.py [--out docs/images/suspects_view.png] [--lang zh_CN]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

if "--show" not in sys.argv:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "tests"))

from label_noise import flip_labels  # noqa: E402  (tests/label_noise.py)
from screenshot import save_grab, spin  # noqa: E402  (tools/screenshot.py)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "docs" / "images" / "suspects_view.png"))
    ap.add_argument("--lang", default="en")
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    from dtf_gui.core.data.demo import write_demo_dataset
    from dtf_gui.core.data.scan import scan
    from dtf_gui.qt import i18n
    from dtf_gui.qt.state import AppState
    from dtf_gui.qt.widgets.suspects_view import SuspectsView

    app = QApplication.instance() or QApplication([])
    if args.lang != "en":
        i18n.set_language(args.lang)
    with tempfile.TemporaryDirectory(prefix="dtf_suspects_shot_") as tmp:
        clean = write_demo_dataset(Path(tmp) / "clean")
        flip_labels(clean, Path(tmp) / "digits", 0.05, seed=0)
        root = Path(tmp) / "digits"
        state = AppState()
        state.set_data_root(root)
        state.set_scan_report(scan(root, decode=False))
        view = SuspectsView(state, cache_dir=Path(tmp) / "cache")
        view.resize(1000, 640)
        view.show()
        view.find()
        if not spin(300, until=lambda: view.issues is not None and not view.job.running):
            print("the finder did not finish in 300 s", file=sys.stderr)
            return 1
        view.relabel(0)
        spin(1.5)  # thumbnails
        status = save_grab(view, args.out, 1)
        view.shutdown()
    app.processEvents()
    return status


if __name__ == "__main__":
    sys.exit(main())
