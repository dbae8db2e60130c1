"""Lint findings for the pipeline document, each with a Fix button that applies the fix (undoable)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.errors import DtfError
from dtf_gui.core.pipeline.lint import apply_fix
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.elided import ElidedLabel
from dtf_gui.qt.workers.preview_worker import PreviewService

MESSAGE_LINES = 4  # lines of a finding's message shown in the panel; the tooltip holds all of it


class FindingRow(QFrame):
    def __init__(self, panel: LintPanel, finding: Any) -> None:
        super().__init__()
        self.finding = finding
        self.setObjectName("lintRow")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 3, 6, 3)
        icon = QLabel()
        sp = (QStyle.StandardPixmap.SP_MessageBoxCritical if finding.severity == "error"
              else QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(self.style().standardIcon(sp).pixmap(16, 16))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        lay.addWidget(icon)
        # spelt out in full (no alias) so that pyside6-lupdate finds the strings
        where = (QCoreApplication.translate("LintPanel", "train") if finding.split == "train"
                 else QCoreApplication.translate("LintPanel", "val"))
        if finding.step_index is not None:
            where = QCoreApplication.translate("LintPanel", "{0}, step {1}").format(where, finding.step_index + 1)
        # cut to a few lines (all of it in the tooltip): a short panel still shows several findings
        self.text = ElidedLabel(MESSAGE_LINES)
        self.text.set_full_text(f"{where}: {i18n.text(finding.msg)}")
        lay.addWidget(self.text, 1)
        self.fix_button: QPushButton | None = None
        if finding.fix is not None:
            self.fix_button = QPushButton(QCoreApplication.translate("LintPanel", "Fix"))
            self.fix_button.setToolTip(i18n.text(finding.fix))
            self.fix_button.clicked.connect(lambda: panel.apply_fix(finding))
            lay.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignTop)
        self._panel = panel

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        if self.finding.step_index is not None:
            self._panel.state.set_preview_split(self.finding.split)
            self._panel.state.set_current_step(self.finding.split, self.finding.step_index)
        super().mousePressEvent(event)


class LintPanel(i18n.Retranslatable, QWidget):
    """Shows ``PreviewService.lint_ready`` findings; Fix pushes ``apply_fix`` as one undoable edit."""

    def __init__(self, state: AppState, service: PreviewService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.findings: list[Any] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        outer.addWidget(self.heading)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.list = QVBoxLayout(self.body)
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(4)
        self.list.addStretch(1)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll, 1)
        self.rows: list[FindingRow] = []
        self._error: Any = None  # why the checks could not run (a core Message or str)
        service.lint_ready.connect(self._on_service_lint_ready)
        self.retranslate()

    def retranslate(self) -> None:
        self._render()

    def _on_service_lint_ready(self, findings: object) -> None:
        if not isinstance(findings, list):
            self._error, self.findings = findings, []
        else:
            self._error, self.findings = None, list(findings)  # type: ignore[arg-type]
        self._render()

    def _render(self) -> None:
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []
        n = len(self.findings)
        if self._error:
            self.heading.setText(self.tr("Checks could not run: {0}").format(i18n.text(self._error)))
        elif n == 0:
            self.heading.setText(self.tr("Checks: no problems found ✓"))
        else:
            self.heading.setText(self.tr("Checks: %n finding(s)", "", n))
        for f in self.findings:
            row = FindingRow(self, f)
            self.list.insertWidget(self.list.count() - 1, row)
            self.rows.append(row)

    def apply_fix(self, finding: Any) -> None:
        try:
            doc = apply_fix(self.state.document, finding)
        except DtfError as e:
            self.state.report_error(e)
            return
        self.state.apply_document(doc, self.tr("Fix: {0}").format(i18n.text(finding.fix) or finding.rule))

