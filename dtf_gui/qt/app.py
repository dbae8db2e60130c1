"""`dtf-gui` entry point (placeholder window until the GUI issue lands)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dtf-gui", description="dtf_gui desktop app")
    parser.add_argument("--data", help="dataset folder (default: the bundled demo digits)")
    parser.add_argument("--pipeline", help="pipeline document (JSON)")
    parser.add_argument("--config", help="run config (JSON)")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    win = QMainWindow()
    win.setWindowTitle("dtf_gui")
    win.setCentralWidget(QLabel(f"dtf_gui — data: {args.data or 'demo digits'}"))
    win.resize(900, 600)
    win.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
