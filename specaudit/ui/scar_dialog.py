"""Write a scar's story: what the code does instead of the spec, and why."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from specaudit.core.audit import SEVERITIES
from specaudit.ui import plain


class ScarDialog(QDialog):
    def __init__(self, where: str, clauses: list[tuple[str, str]], current_clause: str | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Record a Scar")
        self.setMinimumWidth(520)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("e.g. Flat retries against the bank gateway, never exponential backoff")
        self.title.setAccessibleName("Scar title")
        self.why = QPlainTextEdit(self)
        self.why.setPlaceholderText("What production taught: the incident, what broke, why this code must stay.")
        self.why.setAccessibleName("Why the code diverges from the spec")
        self.incident = QLineEdit(self)
        self.incident.setPlaceholderText("Incident or ticket reference (optional)")
        self.incident.setAccessibleName("Incident reference")
        self.severity = QComboBox(self)
        self.severity.addItems(list(SEVERITIES))
        self.severity.setCurrentText("high")
        self.severity.setAccessibleName("Severity")
        self.clause = QComboBox(self)
        self.clause.setAccessibleName("Clause the scar belongs to")
        self.clause.addItem("(no clause)", None)
        for key, title in clauses:
            self.clause.addItem(f"{key}  {title[:60]}", key)
        if current_clause is not None:
            self.clause.setCurrentIndex(max(0, self.clause.findData(current_clause)))

        form = QFormLayout(self)
        form.addRow("Lines:", plain.label(self, where))
        form.addRow("&Title:", self.title)
        form.addRow("&Why:", self.why)
        form.addRow("&Incident:", self.incident)
        form.addRow("&Severity:", self.severity)
        form.addRow("&Clause:", self.clause)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.error = plain.label(self)
        self.error.setStyleSheet("color:#c62828")
        form.addRow(self.error)
        form.addRow(self.buttons)

    def _accept(self) -> None:
        if not self.title.text().strip():
            self.error.setText("A scar needs a title.")
            self.title.setFocus()
            return
        if not self.why.toPlainText().strip():
            self.error.setText("A scar needs its story: why does the code diverge from the spec?")
            self.why.setFocus()
            return
        self.accept()

    def values(self) -> dict:
        return {
            "title": self.title.text().strip(),
            "why": self.why.toPlainText().strip(),
            "incident": self.incident.text().strip() or None,
            "severity": self.severity.currentText(),
            "clause": self.clause.currentData(),
        }
