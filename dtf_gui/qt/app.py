"""`dtf-gui` entry point: ``dtf-gui [--data ROOT] [--pipeline FILE] [--config FILE] [--lang en|zh_CN]``.

On first start (no ``--data`` and no folder remembered) the bundled demo digits are generated into the
user data folder and opened with a starter pipeline, so a new user can press Start at once.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import threading
import traceback
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Qt is imported lazily: `dtf-gui --help` without it
    from dtf_gui.qt.main_window import MainWindow
    from dtf_gui.qt.settings import Settings
    from dtf_gui.qt.state import AppState


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dtf-gui", description="dtf_gui desktop app")
    parser.add_argument("--data", help="dataset folder (default: the last one, or the bundled demo digits)")
    parser.add_argument("--pipeline", help="pipeline document (JSON)")
    parser.add_argument("--config", help="run config (JSON)")
    parser.add_argument("--lang", help="language for this session: en or zh_CN (default: the saved setting)")
    return parser


def install_excepthooks(state: AppState) -> None:
    """Send uncaught exceptions (GUI thread or any other thread) to the one error dialog, not a crash.

    ``error_reported`` is a Qt signal, so an emit from another thread is delivered on the GUI thread.
    """
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(details)
        try:
            state.report_error(str(exc) or exc_type.__name__, details)
        except RuntimeError:  # the state is gone (shutting down)
            pass

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        hook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def stylesheet() -> str:
    """The light theme (resources/qss/light.qss)."""
    try:
        path = resources.files("dtf_gui.resources") / "qss" / "light.qss"
        return path.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        local = Path(__file__).resolve().parents[2] / "resources" / "qss" / "light.qss"
        return local.read_text(encoding="utf-8") if local.exists() else ""


def initial_state(args: argparse.Namespace, settings: Settings, state: AppState) -> None:
    """Fill ``state`` from the command line, the remembered folder, or the demo digits (first start).

    Without ``--config`` the run settings and the starter pipeline are `dtf config`'s defaults for the
    folder opened (:meth:`AppState.new_run_config`): small images and few epochs for the demo digits.
    """
    if args.config:
        state.load_config(args.config)
        settings.add_recent("recent/configs", args.config)
    root = args.data or (state.data_root if args.config else "")
    if not root:
        last = settings.get("data/last_root")
        if last and Path(last).is_dir():
            root = last
            last_val = settings.get("data/last_val_root")
            if last_val and Path(last_val).is_dir():
                state.set_val_root(last_val)  # the val folder chosen with that dataset
    if not root:
        from dtf_gui.core.data.demo import ensure_demo_dataset  # lazy: `dtf-gui --help` without numpy/PIL

        root = str(ensure_demo_dataset())
    starter = not (args.pipeline or len(state.document.train) or len(state.document.val))
    if starter or not args.config:
        defaults = state.new_run_config(root)
        workspace = settings.get("runs/workspace")  # the Runs tab's choice, kept across starts
        if workspace and Path(workspace).is_dir():
            defaults = dataclasses.replace(defaults, runs_dir=workspace)
        if not args.config:
            state.set_run_config(defaults)
        if starter:
            state.set_document(defaults.pipeline)
    if args.pipeline:
        state.load_document(args.pipeline)
        settings.add_recent("recent/pipelines", args.pipeline)
    state.set_data_root(root)
    settings.set("first_run_done", True)


def build_window(args: argparse.Namespace, settings: Settings | None = None) -> MainWindow:
    """The main window as ``dtf-gui ARGS`` opens it: language, state from the command line, shown.

    ``main`` runs the event loop around it; a test builds it (or runs ``main`` with a timer that quits)
    to check that the arguments took effect. ``settings`` defaults to the user's preferences.
    """
    from dtf_gui.qt import i18n  # lazy: `dtf-gui --help` without Qt
    from dtf_gui.qt.main_window import MainWindow  # lazy: `dtf-gui --help` without Qt
    from dtf_gui.qt.settings import Settings  # lazy: `dtf-gui --help` without Qt
    from dtf_gui.qt.state import AppState  # lazy: `dtf-gui --help` without Qt

    settings = settings if settings is not None else Settings()
    i18n.set_language(args.lang or settings.get("ui/language"))
    state = AppState()
    install_excepthooks(state)
    win = MainWindow(state, settings)
    win.show()
    try:
        initial_state(args, settings, state)
    except Exception as e:  # a bad --pipeline/--config file: show it, keep the app open
        state.report_error(e, traceback.format_exc())
    return win


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    args = build_parser().parse_args(argv)

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("dtf_gui")
    QCoreApplication.setApplicationName("dtf_gui")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyleSheet(stylesheet())
    win = build_window(args, settings)  # noqa: F841 - the window lives as long as the event loop
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
