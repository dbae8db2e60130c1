"""Training panel: every RunConfig setting that shapes a run, next to the run view (Start/Pause/Resume/Stop,
progress, live plots).

The panel owns no settings of its own (STYLE §2.1): each edit builds a new RunConfig and hands it to
``AppState.set_run_config``; the form refreshes from ``run_config_changed`` with signals blocked. Values
are checked by the config's own rules (``RunConfig.with_overrides``), so the GUI refuses exactly what
the CLI refuses, with the same message, shown next to the form. The editors themselves are generated from
``config.FIELDS`` (:mod:`~dtf_gui.qt.widgets.config_form`): ranges, choices and help come from there; the
domain rules (which plan a ticked group means, group sizes, devices, defaults) come from the core.

The run itself belongs to a :class:`~dtf_gui.qt.controllers.run_controller.RunController` (the main
window's, shared with its Run menu); :class:`~dtf_gui.qt.widgets.run_progress.RunProgressView` draws it.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QSignalBlocker, QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.config import RunConfig
from dtf_gui.core.data.scan import ScanReport
from dtf_gui.core.errors import ConfigError, DtfError
from dtf_gui.core.messages import Message
from dtf_gui.core.models.freeze import group_param_counts, plan_from_ticked_group
from dtf_gui.qt import i18n
from dtf_gui.qt.controllers.run_controller import RunController
from dtf_gui.qt.i18n import Retranslatable
from dtf_gui.qt.state import AppState, TrainingStatus
from dtf_gui.qt.widgets.config_form import ConfigFields
from dtf_gui.qt.widgets.lr_preview import LrPreview
from dtf_gui.qt.widgets.recipe_boxes import EmaBox, TaskBox
from dtf_gui.qt.widgets.run_progress import RunProgressView, format_count


def steps_per_epoch(report: ScanReport | None, cfg: RunConfig) -> int:
    """Batches per epoch on the scanned training split (10 before a scan: the LR curve still has a shape)."""
    n = len(report.usable("train")) if report is not None else 0
    return max(1, math.ceil(n / cfg.train.batch_size)) if n else 10


def num_classes(report: ScanReport | None) -> int:
    """Classes of the scanned dataset, for the head's parameter count (10 before a scan)."""
    classes = report.classes if report is not None else None
    return max(2, len(classes)) if classes else 10


def weights_megabytes(arch: str) -> float:
    """About how large the ImageNet weights file of ``arch`` is (float32 parameters), for the download box."""
    from dtf_gui.core.models import zoo

    return zoo.arch_info(arch).params_m * 4


class FormScrollArea(QScrollArea):
    """A vertical scroll area as wide as its form needs, whatever the style, font or language:
    no clipped fields and no sideways scrolling."""

    def _width(self) -> int:
        w = self.widget()
        inner = w.minimumSizeHint().width() if w is not None else 0
        return inner + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth() + 2

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        return QSize(self._width(), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        return QSize(self._width(), super().sizeHint().height())


class TrainingPanel(Retranslatable, QWidget):
    """Edits the AppState's RunConfig next to the run view; see the module docstring.

    ``controller`` is the run controller to show and drive (the main window passes its own); without one
    the panel makes one and stops its run when it is closed.
    """

    def __init__(self, state: AppState, controller: RunController | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._owns_controller = controller is None
        self.controller = controller if controller is not None else RunController(state, self)
        self._user_weights_file = ""
        self._config_error: Message | str | None = None  # the refused edit's message (a core Message), said again on retranslate
        self._build()
        self.retranslate()
        self._connect()
        if state.run_config is None:
            state.set_run_config(state.new_run_config())
        else:
            self._on_state_run_config_changed(state.run_config)
        self._on_controller_status_changed(self.controller.status.value)

    # ---------------------------------------------------------------------------------- layout
    def _build(self) -> None:
        from dtf_gui.core.models import zoo

        fields = self.fields = ConfigFields(self._edit)
        # model
        self.arch_combo = QComboBox()
        for name, label in zoo.arch_choices():
            self.arch_combo.addItem(label, name)
        self.weights_combo = QComboBox()
        for value in ("imagenet", "none", "file"):
            self.weights_combo.addItem(value, value)
        self.weights_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.weights_button = QPushButton()
        self.weights_status = QLabel()
        self.weights_status.setWordWrap(True)
        self.allow_download_check: QCheckBox = fields.add("model.allow_download")
        self.dropout_spin = fields.add("model.dropout", decimals=2, step=0.05)
        weights_row = QHBoxLayout()
        weights_row.addWidget(self.weights_combo, 1)
        weights_row.addWidget(self.weights_button)
        self.model_form = QFormLayout()
        self.model_form.addRow("arch", self.arch_combo)
        self.model_form.addRow("weights", weights_row)
        self.model_form.addRow("", self.weights_status)
        self.model_form.addRow("", self.allow_download_check)
        self.model_form.addRow("dropout", self.dropout_spin)
        self.model_box = QGroupBox()
        self.model_box.setLayout(self.model_form)

        # freeze
        self.plan_combo = fields.add("freeze.plan")
        self.k_spin = fields.add("freeze.k")
        self.unfreeze_spin = fields.add("freeze.unfreeze_epoch")
        self.mult_spin = fields.add("freeze.backbone_lr_mult", decimals=3, step=0.05)
        self.groups_list = QListWidget()
        self.groups_list.setMaximumHeight(150)
        self.counts_label = QLabel()
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_combo, 1)
        self.k_label = QLabel()
        plan_row.addWidget(self.k_label)
        plan_row.addWidget(self.k_spin)
        self.freeze_form = QFormLayout()
        self.freeze_form.addRow("plan", plan_row)
        self.freeze_form.addRow("mult", self.mult_spin)
        self.freeze_form.addRow("unfreeze", self.unfreeze_spin)
        self.freeze_form.addRow(self.groups_list)
        self.freeze_form.addRow(self.counts_label)
        self.freeze_box = QGroupBox()
        self.freeze_box.setLayout(self.freeze_form)

        # optimisation
        self.optimizer_combo = fields.add("train.optimizer")
        self.lr_edit = fields.add("train.lr", as_text=True)
        self.schedule_combo = fields.add("train.schedule")
        self.lr_preview = LrPreview()
        self.wd_edit = fields.add("train.weight_decay", as_text=True)
        self.epochs_spin = fields.add("train.epochs")
        self.batch_spin = fields.add("train.batch_size")
        self.smoothing_spin = fields.add("train.label_smoothing", decimals=2, step=0.05)
        self.ema_box = EmaBox(fields)  # model EMA: the averaged weights are validated beside the raw ones
        self.ema_check, self.ema_decay_spin = self.ema_box.check, self.ema_box.decay_spin
        self.ema_warmup_spin, self.ema_export_combo = self.ema_box.warmup_spin, self.ema_box.export_combo
        self.task_box = TaskBox(fields)  # regression: numbers from ROOT/targets.csv or data.targets, and its loss
        self.task_combo, self.loss_combo, self.huber_spin = (self.task_box.task_combo, self.task_box.loss_combo,
                                                             self.task_box.huber_spin)
        self.opt_form = QFormLayout()
        self.opt_form.addRow("optimizer", self.optimizer_combo)
        self.opt_form.addRow("lr", self.lr_edit)
        self.lr_find_button = QPushButton()  # disabled with the rest of the box while a run trains
        self.opt_form.addRow("", self.lr_find_button)
        self.opt_form.addRow("schedule", self.schedule_combo)
        self.opt_form.addRow(self.lr_preview)
        self.opt_form.addRow("wd", self.wd_edit)
        self.opt_form.addRow("epochs", self.epochs_spin)
        self.opt_form.addRow("batch", self.batch_spin)
        self.opt_form.addRow("smoothing", self.smoothing_spin)
        self.opt_box = QGroupBox()
        self.opt_box.setLayout(self.opt_form)

        # hardware
        self.device_combo = fields.add("device")
        self.precision_combo = fields.add("precision")
        self.tensorboard_check: QCheckBox = fields.add("train.tensorboard")  # how the run is recorded, as it runs
        self.hw_form = QFormLayout()
        self.hw_form.addRow("device", self.device_combo)
        self.hw_form.addRow("precision", self.precision_combo)
        self.hw_form.addRow("", self.tensorboard_check)
        self.hw_box = QGroupBox()
        self.hw_box.setLayout(self.hw_form)

        self.config_error = QLabel()
        self.config_error.setWordWrap(True)
        self.config_error.setStyleSheet("color: #b00020;")
        self.config_error.setVisible(False)

        form_host = QWidget()
        form_layout = QVBoxLayout(form_host)
        form_layout.setContentsMargins(4, 4, 4, 4)
        for w in (self.task_box, self.model_box, self.freeze_box, self.opt_box, self.ema_box, self.hw_box,
                  self.config_error):
            form_layout.addWidget(w)
        form_layout.addStretch(1)
        self.settings_scroll = FormScrollArea()
        self.settings_scroll.setWidget(form_host)
        self.settings_scroll.setWidgetResizable(True)
        self.settings_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.run_view = RunProgressView(self.controller)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.settings_scroll)
        self.splitter.addWidget(self.run_view)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([360, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def retranslate(self) -> None:
        """Set every visible string (called at start and when the language changes)."""
        from dtf_gui.core.models import zoo

        self.model_box.setTitle(self.tr("Model"))
        for i in range(self.arch_combo.count()):
            info = zoo.arch_info(self.arch_combo.itemData(i))
            self.arch_combo.setItemText(i, self.tr("{0} ({1:.1f}M params)").format(info.display, info.params_m))
        _label(self.model_form, self.arch_combo, self.tr("Architecture:"))
        _label(self.model_form, self.weights_combo, self.tr("Weights:"))
        _label(self.model_form, self.dropout_spin, self.tr("Dropout:"))
        for i, text in enumerate((self.tr("ImageNet (pretrained)"), self.tr("None (train from scratch)"),
                                  self.tr("From file…"))):
            self.weights_combo.setItemText(i, text)
        self.weights_button.setText(self.tr("Choose file…"))
        self.freeze_box.setTitle(self.tr("Layers to train"))
        _label(self.freeze_form, self.plan_combo, self.tr("Plan:"))
        _label(self.freeze_form, self.mult_spin, self.tr("Backbone LR ×:"))
        _label(self.freeze_form, self.unfreeze_spin, self.tr("Unfreeze after epoch:"))
        self.k_label.setText(self.tr("k:"))
        plan_names = {"full": self.tr("Full fine-tuning"), "head": self.tr("Head only"), "last_k": self.tr("Last k groups"),
                      "discriminative": self.tr("Discriminative learning rates"),
                      "gradual": self.tr("Gradual unfreezing")}
        for i in range(self.plan_combo.count()):
            self.plan_combo.setItemText(i, plan_names.get(self.plan_combo.itemData(i), self.plan_combo.itemData(i)))
        self.groups_list.setToolTip(self.tr("Tick a group to train it and every group after it; the head always trains."))
        self.opt_box.setTitle(self.tr("Optimization"))
        _label(self.opt_form, self.optimizer_combo, self.tr("Optimizer:"))
        _label(self.opt_form, self.lr_edit, self.tr("Learning rate:"))
        self.lr_find_button.setText(self.tr("Find learning rate…"))
        self.lr_find_button.setToolTip(self.tr("Sweep the learning rate on a few dozen batches and suggest one."))
        _label(self.opt_form, self.schedule_combo, self.tr("Schedule:"))
        _label(self.opt_form, self.wd_edit, self.tr("Weight decay:"))
        _label(self.opt_form, self.epochs_spin, self.tr("Epochs:"))
        _label(self.opt_form, self.batch_spin, self.tr("Batch size:"))
        _label(self.opt_form, self.smoothing_spin, self.tr("Label smoothing:"))
        self.ema_box.retranslate()
        self.task_box.retranslate()
        sched_names = {"none": self.tr("Constant"), "step": self.tr("Step decay"), "exponential": self.tr("Exponential"),
                       "cosine": self.tr("Cosine"), "warmup_cosine": self.tr("Warm-up + cosine"),
                       "onecycle": self.tr("One-cycle"), "plateau": self.tr("Reduce on plateau")}
        for i in range(self.schedule_combo.count()):
            self.schedule_combo.setItemText(i, sched_names.get(self.schedule_combo.itemData(i),
                                                               self.schedule_combo.itemData(i)))
        for i in range(self.optimizer_combo.count()):
            name = self.optimizer_combo.itemData(i)
            self.optimizer_combo.setItemText(i, {"adam": "Adam", "adamw": "AdamW", "sgd": self.tr("SGD (momentum)")}.get(name, name))
        self.hw_box.setTitle(self.tr("Hardware"))
        _label(self.hw_form, self.device_combo, self.tr("Device:"))
        _label(self.hw_form, self.precision_combo, self.tr("Precision:"))
        self.device_combo.setItemText(0, self.tr("Automatic (best available)"))
        prec_names = {"auto": self.tr("Automatic"), "fp32": self.tr("FP32 (full)"), "bf16": self.tr("BF16 mixed"),
                      "fp16": self.tr("FP16 mixed")}
        for i in range(self.precision_combo.count()):
            self.precision_combo.setItemText(i, prec_names.get(self.precision_combo.itemData(i), ""))
        self.tensorboard_check.setText(self.tr("Write TensorBoard logs"))
        self.fields.retranslate()  # tooltips: what each setting allows (config.help.<key>)
        self.lr_edit.setToolTip(self.lr_edit.toolTip() + "\n" + self.tr(
            "For example 1e-3; fine-tuning a pretrained model likes 1e-4 to 1e-3."))
        if self.state.run_config is not None:
            self._refresh_weights_status(self.state.run_config)
            self._refresh_groups(self.state.run_config)
        if self._config_error is not None:
            self.config_error.setText(i18n.text(self._config_error))

    def _connect(self) -> None:
        self.arch_combo.currentIndexChanged.connect(
            lambda _i: self._edit({"model.arch": self.arch_combo.currentData()}))
        self.weights_combo.activated.connect(self._on_weights_combo_activated)
        self.weights_button.clicked.connect(self._on_weights_button_clicked)
        self.lr_find_button.clicked.connect(self._on_lr_find_button_clicked)
        self.groups_list.itemChanged.connect(self._on_groups_item_changed)
        # the generated editors (self.fields) are connected to _edit as they are made
        self.state.run_config_changed.connect(self._on_state_run_config_changed)
        self.controller.status_changed.connect(self._on_controller_status_changed)
        self.state.scan_report_changed.connect(self._on_state_scan_report_changed)

    # --------------------------------------------------------------------------- config editing
    def _edit(self, overrides: dict[str, Any]) -> bool:
        """Apply dotted-key edits through the config's own validation; show its message if refused."""
        cfg = self.state.run_config
        if cfg is None:
            return False
        try:
            new = cfg.with_overrides(overrides)
        except (ConfigError, DtfError) as e:
            self._config_error = e.message
            self.config_error.setText(i18n.text(e))
            self.config_error.setVisible(True)
            return False
        self._config_error = None
        self.config_error.setVisible(False)
        if new != cfg:
            self.state.set_run_config(new)
        return True

    def _on_state_run_config_changed(self, cfg: RunConfig | None) -> None:
        if cfg is None:
            return
        self.fields.show(cfg)
        with QSignalBlocker(self.arch_combo), QSignalBlocker(self.weights_combo):
            _select(self.arch_combo, cfg.model.arch)
            weights = cfg.model.weights
            _select(self.weights_combo, weights if weights in ("imagenet", "none") else "file")
            if weights not in ("imagenet", "none"):
                self._user_weights_file = weights
        plan = cfg.freeze.plan
        self.k_spin.setEnabled(plan == "last_k")
        self.mult_spin.setEnabled(plan == "discriminative")
        self.unfreeze_spin.setEnabled(plan == "gradual")
        self.ema_box.show_config(cfg)
        self.task_box.show_config(cfg)
        self._refresh_weights_status(cfg)
        self._refresh_groups(cfg)
        self.lr_preview.set_config(cfg, steps_per_epoch(self.state.scan_report, cfg))

    def _on_state_scan_report_changed(self, _report: ScanReport | None) -> None:
        """Class count and images per epoch changed: head size, counts and the LR curve follow."""
        cfg = self.state.run_config
        if cfg is not None:
            self._refresh_groups(cfg)
            self.lr_preview.set_config(cfg, steps_per_epoch(self.state.scan_report, cfg))

    def _refresh_weights_status(self, cfg: RunConfig) -> None:
        from dtf_gui.core.models.weights import DOWNLOAD_TIMEOUT_S

        weights = cfg.model.weights
        self.allow_download_check.setEnabled(weights == "imagenet")
        try:
            size = self.tr("about {0:.0f} MB").format(weights_megabytes(cfg.model.arch))
        except DtfError:  # an architecture this zoo does not know: the arch line says so
            size = "?"
        self.allow_download_check.setText(self.tr("Download the weights if missing ({0}, gives up after {1:.0f} s)")
                                          .format(size, DOWNLOAD_TIMEOUT_S))
        if weights == "none":
            self.weights_status.setText(self.tr("Random initialisation: slower to learn, needs more data."))
            self.weights_status.setStyleSheet("color: #555;")
            return
        try:
            from dtf_gui.core.models.weights import weights_status

            st = weights_status(cfg.model.arch, None if weights == "imagenet" else weights)
        except Exception as e:  # weights module missing or a broken file: say so, keep the form usable
            self.weights_status.setText(str(e))
            self.weights_status.setStyleSheet("color: #b00020;")
            return
        texts = {
            "hub_cache": self.tr("Found in the torch hub cache."),
            "package": self.tr("Carried by an installed package."),
            "file": self.tr("From file: {0}").format(st.path or weights),
            "none": self.tr("Not available offline: choose a file, tick “Download the weights if missing”, "
                            "or train from scratch."),
        }
        self.weights_status.setText(texts.get(st.source, st.detail))
        self.weights_status.setToolTip(st.detail or "")
        self.weights_status.setStyleSheet("color: #2e7d32;" if st.available else "color: #b26a00;")

    def _refresh_groups(self, cfg: RunConfig) -> None:
        """Rebuild the group checkboxes and the trainable/total count for the config's arch and plan."""
        if cfg is None:
            return
        from dtf_gui.core.models import zoo

        try:
            counts = group_param_counts(cfg.model.arch, num_classes(self.state.scan_report))
            names = [n for n, _ in counts]
            trainable = zoo.plan_groups(names, cfg.freeze.plan, cfg.freeze.k)
        except Exception as e:
            self.groups_list.clear()
            self.counts_label.setText(str(e))
            return
        editable = cfg.freeze.plan in ("full", "head", "last_k")
        self.groups_list.blockSignals(True)
        self.groups_list.clear()
        for name, n in counts:
            item = QListWidgetItem(f"{name}  ({format_count(n)})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            if not editable or name == zoo.HEAD:
                flags = Qt.ItemFlag.ItemIsUserCheckable  # shown, not clickable: the plan decides
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Checked if name in trainable else Qt.CheckState.Unchecked)
            self.groups_list.addItem(item)
        self.groups_list.blockSignals(False)
        total = sum(n for _, n in counts)
        train_n = sum(n for name, n in counts if name in trainable)
        self.trainable_params, self.total_params = train_n, total
        text = self.tr("Trainable: {0} of {1} parameters ({2:.0f}%)").format(
            format_count(train_n), format_count(total), 100.0 * train_n / max(1, total))
        if cfg.freeze.plan == "gradual":
            text += "\n" + self.tr("All groups train from epoch {0} on.").format(cfg.freeze.unfreeze_epoch + 1)
        self.counts_label.setText(text)

    def _on_groups_item_changed(self, item: QListWidgetItem) -> None:
        """Ticking group i trains it and everything after it; unticking trains only what follows it."""
        names = [self.groups_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.groups_list.count())]
        plan = plan_from_ticked_group(names, item.data(Qt.ItemDataRole.UserRole),
                                      item.checkState() == Qt.CheckState.Checked)
        if plan is not None:
            name, k = plan
            self._edit({"freeze.plan": name} if k is None else {"freeze.plan": name, "freeze.k": k})

    def _on_weights_combo_activated(self, _index: int) -> None:
        value = self.weights_combo.currentData()
        if value == "file":
            if self._user_weights_file:
                self._edit({"model.weights": self._user_weights_file})
            else:
                self._on_weights_button_clicked()
        else:
            self._edit({"model.weights": value})

    def _on_weights_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose pretrained weights"), self._user_weights_file,
            self.tr("Weights (*.pth *.pt *.safetensors);;All files (*)"))
        if path:
            self._user_weights_file = path
            self._edit({"model.weights": path})
        else:  # cancelled: show the config's real value again
            self._on_state_run_config_changed(self.state.run_config)

    def _on_lr_find_button_clicked(self) -> None:
        from dtf_gui.qt.widgets.lr_find_dialog import LrFindDialog  # lazy: pyqtgraph plot made on demand

        old = getattr(self, "lr_find_dialog", None)
        if old is not None:
            if old.runner.running:  # still sweeping (it is window-modal, so only by a programmatic click)
                return
            old.deleteLater()
        self.lr_find_dialog = LrFindDialog(self.state, self)
        self.lr_find_dialog.open()
        self.lr_find_dialog.start()  # with the default range; the dialog can run it again with another

    # ------------------------------------------------------------------------------- the run
    def _on_controller_status_changed(self, status: str) -> None:
        busy = TrainingStatus(status).busy
        for box in (self.task_box, self.model_box, self.freeze_box, self.opt_box, self.ema_box, self.hw_box):
            box.setEnabled(not busy)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API name
        """Closed on its own (a test, a detached panel): never leave its own training thread behind."""
        if self._owns_controller:
            self.controller.shutdown()
        super().closeEvent(event)


def _select(combo: QComboBox, value: Any) -> bool:
    i = combo.findData(value)
    if i >= 0:
        combo.setCurrentIndex(i)
    return i >= 0


def _label(form: QFormLayout, field: QWidget, text: str) -> None:
    label = form.labelForField(field)
    if label is None:  # a field placed in a row layout: find the row's label through its parent
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            lay = item.layout() if item is not None else None
            if lay is not None and lay.indexOf(field) >= 0:
                label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
                break
    if isinstance(label, QLabel):
        label.setText(text)
