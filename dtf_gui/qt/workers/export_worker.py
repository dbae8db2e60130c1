"""Write an export bundle off the GUI thread (ONNX and TorchScript tracing can take seconds)."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from dtf_gui.core.export import export_bundle
from dtf_gui.qt.workers.training_worker import describe_exception


class ExportWorker(QObject):
    """Calls ``core.export.export_bundle(run_dir, out_dir, formats, which=which)`` once.

    Emits ``progress(done, total)`` per written part, then ``exported(path)`` with the bundle folder, or
    ``failed(message, traceback)``; ``finished`` last.
    """

    progress = Signal(int, int)
    exported = Signal(str)
    failed = Signal(str, str)
    finished = Signal()

    def __init__(self, run_dir: str | Path, out_dir: str | Path, formats: Sequence[str], *,
                 which: str = "best", force: bool = False,
                 export_fn: Callable[..., Any] | None = None) -> None:
        super().__init__()
        self.run_dir = Path(run_dir)
        self.out_dir = Path(out_dir)
        self.formats = tuple(formats)
        self.which = which
        self.force = force
        self._export_fn = export_fn

    @Slot()
    def run(self) -> None:
        try:
            export = self._export_fn or export_bundle
            path = export(self.run_dir, self.out_dir, self.formats, which=self.which, force=self.force,
                          progress=lambda done, total: self.progress.emit(int(done), int(total)))
            self.exported.emit(str(path))
        except BaseException as exc:  # errors are data
            self.failed.emit(describe_exception(exc), traceback.format_exc())
        finally:
            self.finished.emit()
