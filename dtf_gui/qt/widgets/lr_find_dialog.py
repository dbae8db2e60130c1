"""The learning-rate finder dialog: sweep, plot the smoothed loss against the learning rate, apply the suggestion.

The sweep is the core use case :func:`~dtf_gui.core.experiments.lr_find.lr_find` (what ``dtf lr-find``
prints), run by a :class:`~dtf_gui.qt.workers.job.JobRunner` on the AppState's run configuration as
training would get it (``config_for_run``). The dialog only draws the result; "Apply" puts the suggestion
into the run configuration through ``AppState.set_run_config`` (the Training form follows from
``run_config_changed``). Nothing is written and the model of a later run is not changed by it.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.errors import DtfError
from dtf_gui.core.messages import Message
from dtf_gui.qt import i18n
from dtf_gui.qt.i18n import Retranslatable
from dtf_gui.qt.state import AppState
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import lr_find_job

# isort: split
import pyqtgraph as pg


class LrFindDialog(Retranslatable, QDialog):
    """Runs the LR finder on ``state``'s run configuration; "Apply" sets ``train.lr`` to the suggestion."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.result: Any = None  # the last LrFindResult
        self._status: Message | str | None = None  # said again on retranslate
        self._notes: list[Message] = []  # the result's notes (where the sweep stopped early)
        self.runner = JobRunner(self, name="LrFindThread")
        self._build()
        self.retranslate()
        self.runner.started.connect(self._on_runner_started)
        self.runner.progressed.connect(self._on_runner_progressed)
        self.runner.returned.connect(self._on_runner_returned)
        self.runner.errored.connect(self._on_runner_errored)
        self.runner.cancelled.connect(self._on_runner_cancelled)
        self.runner.running_changed.connect(self._refresh_buttons)
        self.state.training_status_changed.connect(self._refresh_buttons)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.runner.stop)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        self._refresh_buttons()

    # ---------------------------------------------------------------------------------- layout
    def _build(self) -> None:
        self.setMinimumSize(560, 460)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.start_edit = QLineEdit("1e-7")
        self.end_edit = QLineEdit("10")
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(5, 1000)
        self.steps_spin.setValue(100)
        self.form = QFormLayout()
        self.form.addRow("start", self.start_edit)
        self.form.addRow("end", self.end_edit)
        self.form.addRow("steps", self.steps_spin)

        self.plot = pg.PlotWidget(background="w")
        self.plot.setLogMode(x=True, y=False)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setMenuEnabled(False)
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTextPen(pg.mkPen("#555555"))
            self.plot.getAxis(name).setPen(pg.mkPen("#999999"))
        self.raw_curve = self.plot.plot(pen=pg.mkPen((180, 180, 200), width=1), antialias=True)
        self.curve = self.plot.plot(pen=pg.mkPen((31, 119, 180), width=2), antialias=True)
        self.marker = self.plot.plot(pen=None, symbol="o", symbolSize=11, symbolBrush=(214, 39, 40),
                                     symbolPen=pg.mkPen("w"))
        self.plot.setMinimumHeight(220)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.start_button = QPushButton()
        self.cancel_button = QPushButton()
        self.apply_button = QPushButton()
        self.close_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Find learning rate"))
        self.intro.setText(self.tr(
            "Trains the current model for a few dozen batches while the learning rate grows from the start "
            "value to the end value, and suggests a learning rate where the loss falls fastest. Nothing is "
            "saved and the next training run is not changed by it."))
        for field, text in ((self.start_edit, self.tr("Start learning rate:")),
                            (self.end_edit, self.tr("End learning rate:")), (self.steps_spin, self.tr("Steps:"))):
            label = self.form.labelForField(field)
            if isinstance(label, QLabel):
                label.setText(text)
        self.plot.setLabel("bottom", self.tr("learning rate"), color="#555555")
        self.plot.setLabel("left", self.tr("loss (smoothed)"), color="#555555")
        self.start_button.setText(self.tr("Start"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.apply_button.setText(self.tr("Apply"))
        self.apply_button.setToolTip(self.tr("Use the suggested learning rate in the training settings."))
        self.close_button.setText(self.tr("Close"))
        self._show_status()

    # ------------------------------------------------------------------------------ the sweep
    def request(self) -> Any:
        """The LrFindRequest for the current settings; DtfError (with a Message) when one is not a number."""
        from dtf_gui.core.errors import ConfigError
        from dtf_gui.core.experiments.lr_find import LrFindRequest
        from dtf_gui.core.messages import msg

        values = []
        for edit, key in ((self.start_edit, "start_lr"), (self.end_edit, "end_lr")):
            try:
                values.append(float(edit.text().strip()))
            except ValueError:
                raise ConfigError(msg("lr_find.not_a_number", value=edit.text()), field=key) from None
        request = LrFindRequest(self.state.config_for_run(), start_lr=values[0], end_lr=values[1],
                                num_iter=self.steps_spin.value())
        request.validate()
        return request

    def start(self) -> bool:
        """Start a sweep (refused while one runs or while training); False when it did not start."""
        if self.runner.running or self.state.is_training:
            return False
        try:
            request = self.request()
        except DtfError as e:
            self._set_status(e.message, error=True)
            return False
        self.result = None
        self._draw(None)
        return self.runner.start(lr_find_job(request))

    def apply(self) -> None:
        """Put the suggestion into the run configuration (the Training form shows it) and close."""
        if self.result is None or self.result.suggestion is None or self.state.run_config is None:
            return
        lr = float(f"{self.result.suggestion:.2e}")  # what the dialog shows, not 17 digits
        self.state.set_run_config(self.state.run_config.with_overrides({"train.lr": lr}))
        self.accept()

    # ------------------------------------------------------------------------------ the runner
    def _on_runner_started(self) -> None:
        self.progress.setValue(0)
        self._set_status(self.tr("Preparing the model and data…"))

    def _on_runner_progressed(self, done: int, total: int) -> None:
        self.progress.setValue(int(100 * done / max(total, 1)))
        self._set_status(self.tr("Step {0} of {1}").format(done, total))

    def _on_runner_returned(self, result: Any) -> None:
        self.result = result
        self.progress.setValue(100)
        self._draw(result)
        self._set_status(result.message)
        self._notes = list(result.notes)
        self._show_status()
        self._refresh_buttons()

    def _on_runner_errored(self, message: Any, _details: str) -> None:
        self._set_status(message, error=True)

    def _on_runner_cancelled(self) -> None:
        self.progress.setValue(0)
        self._set_status(self.tr("Stopped; the model was left as it was."))

    # ------------------------------------------------------------------------------ drawing
    def _draw(self, result: Any) -> None:
        if result is None or not result.lrs:
            for item in (self.raw_curve, self.curve, self.marker):
                item.setData([], [])
            return
        self.raw_curve.setData(result.lrs, result.losses)
        self.curve.setData(result.lrs, result.smoothed)
        idx = result.suggestion_index
        if idx is not None:
            self.marker.setData([result.lrs[idx]], [result.smoothed[idx]])
        else:
            self.marker.setData([], [])
        finite = [v for v in result.smoothed if math.isfinite(v)]
        if finite:  # the blow-up at the end would flatten the interesting part
            lo, hi = min(finite), max(finite[: max(1, len(finite) * 9 // 10)])
            self.plot.setYRange(lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo) + 1e-9, padding=0)
        self.plot.enableAutoRange(axis="x")

    def _set_status(self, value: Message | str, *, error: bool = False) -> None:
        self._status = value
        self._notes = []
        self.status.setStyleSheet("color: #b00020;" if error else "")
        self._show_status()

    def _show_status(self) -> None:
        text = i18n.text(self._status) if self._status is not None else ""
        self.status.setText("\n".join([*(i18n.text(n) for n in self._notes), text]))

    def _refresh_buttons(self, *_: object) -> None:
        running = self.runner.running
        training = self.state.is_training
        self.start_button.setEnabled(not running and not training)
        self.cancel_button.setEnabled(running)
        for w in (self.start_edit, self.end_edit, self.steps_spin):
            w.setEnabled(not running)
        self.apply_button.setEnabled(not running and self.result is not None and self.result.suggestion is not None)
        if training and not running:
            self.start_button.setToolTip(self.tr("Not while a training run is in progress."))
        else:
            self.start_button.setToolTip("")

    # ------------------------------------------------------------------------------ closing
    def reject(self) -> None:
        self.runner.shutdown()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API name
        self.runner.shutdown()
        super().closeEvent(event)
