"""Grad-CAM overlays in the views: the "Show what the model looks at" toggle, and :class:`CamOverlays`, which
computes maps off the GUI thread and keeps them so that switching images or the toggle redraws at once.

The Predict view, the mistakes gallery and its large-image view share this; each draws ``CamResult.overlay`` --
the map over the image the model saw (its val pipeline up to Normalize, :mod:`dtf_gui.core.trust.cam`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

from dtf_gui.qt import i18n
from dtf_gui.qt.widgets.preview_strip import pixmap_from_array
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import cam_job

#: Images per background job: maps arrive a few at a time, and a newly asked-for image waits for at most this many.
CHUNK = 4


def make_cam_toggle(parent: QWidget | None = None) -> QToolButton:
    """The checkable "Show what the model looks at" button (texts set by :func:`retranslate_cam_toggle`)."""
    button = QToolButton(parent)
    button.setObjectName("camToggle")
    button.setCheckable(True)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    retranslate_cam_toggle(button)
    return button


def retranslate_cam_toggle(button: QToolButton) -> None:
    button.setText(QCoreApplication.translate("CamOverlay", "Show what the model looks at"))
    button.setToolTip(QCoreApplication.translate(
        "CamOverlay", "Grad-CAM: colours the parts of the image that raised the score of the predicted class "
        "(red most), drawn on the image the model saw after its resize and crop."))


def cam_caption(result: Any) -> str:
    """One line under the image: the class explained, its probability, the size seen; the core's note if any."""
    h, w = result.shown.shape[:2]
    text = QCoreApplication.translate("CamOverlay", "Grad-CAM of {0} (p = {1:.1%}) on the {2}×{3} image the model saw").format(
        result.class_name, result.probability, w, h)
    if result.note is not None:
        text += "\n" + i18n.text(result.note)
    return text


def computing_caption() -> str:
    return QCoreApplication.translate("CamOverlay", "Grad-CAM: computing the map…")


def overlay_pixmap(result: Any) -> QPixmap:
    """The overlay at its own size (the model's input size)."""
    return pixmap_from_array(result.overlay)


class CamOverlays(QObject):
    """Maps of one model's images, computed in the background a few at a time (:func:`cam_job`) and kept.

    ``request(paths)`` queues the images without a map (``front=True``: before the others, for the image the user
    is looking at); ``ready(paths)`` follows as each batch arrives, ``result(path)`` / ``error(path)`` give what
    came. ``failed(message)`` says the model cannot be explained at all (an ensemble); nothing more is asked then.
    """

    ready = Signal(object)  # list[str]: images whose map (or error) arrived
    failed = Signal(object)  # Message or text

    def __init__(self, parent: QObject | None = None, *, name: str = "CamThread") -> None:
        super().__init__(parent)
        self.job = JobRunner(self, name=name)
        self.job.returned.connect(self._on_job_returned)
        self.job.errored.connect(self._on_job_errored)
        self.job.finished.connect(self._pump)
        self._key: tuple[str, str] | None = None
        self._generation = 0  # +1 on every clear: a batch started before it is dropped when it arrives
        self._job_generation = -1
        self._results: dict[str, Any] = {}
        self._errors: dict[str, Any] = {}
        self._pending: list[str] = []
        self.model_error: Any = None

    def set_model(self, model_path: str, which: str = "best") -> None:
        """Explain ``model_path`` (a run folder or bundle); maps of another model are forgotten."""
        key = (str(model_path), which)
        if key != self._key:
            self.clear()
            self._key = key

    def clear(self) -> None:
        """Forget every map and the model (it changed on disk, or another one is shown; :meth:`set_model` again);
        a running batch is stopped and whatever it still brings is dropped."""
        self._results.clear()
        self._errors.clear()
        self._pending.clear()
        self.model_error = None
        self._key = None
        self._generation += 1
        if self.job.running:
            self.job.stop()

    def result(self, path: str) -> Any:
        return self._results.get(str(path))

    def error(self, path: str) -> Any:
        """Why ``path`` has no map (its own error, or the model's), else None."""
        return self._errors.get(str(path), self.model_error)

    @property
    def busy(self) -> bool:
        return self.job.running or bool(self._pending)

    def request(self, paths: list[str], *, front: bool = False) -> None:
        """Compute the maps of ``paths`` not computed yet."""
        new = [str(p) for p in paths if str(p) not in self._results and str(p) not in self._errors]
        if front:
            self._pending = new + [p for p in self._pending if p not in new]
        else:
            self._pending += [p for p in new if p not in self._pending]
        self._pump()

    def _pump(self) -> None:
        if self.job.running or not self._pending or self._key is None or self.model_error is not None:
            return
        chunk, self._pending = self._pending[:CHUNK], self._pending[CHUNK:]
        self._job_generation = self._generation
        self.job.start(cam_job(self._key[0], chunk, which=self._key[1]))

    def _on_job_returned(self, pairs: list[tuple[str, Any]]) -> None:
        if self._job_generation != self._generation:
            return  # computed before a clear (another model, or this one changed)
        for path, value in pairs:
            if hasattr(value, "overlay"):
                self._results[path] = value
            else:
                self._errors[path] = value
        self.ready.emit([p for p, _ in pairs])

    def _on_job_errored(self, message: Any, _details: str) -> None:
        if self._job_generation != self._generation:
            return
        self.model_error = message
        self._pending.clear()
        self.failed.emit(message)

    def shutdown(self) -> None:
        """Stop and wait (the window is closing)."""
        self._pending.clear()
        self.job.shutdown()
