"""Write a scar's story: what the code does instead of the spec, and why.

The clause it diverges from defaults to the clause whose linked lines hold the scar's
lines (``core.audit.clause_linked_to``), else to none: never to whichever clause happened
to be selected, since tightening later rewrites the scar's clause. Keys as in every
writing dialog (``dialog_keys``): Tab moves on, Ctrl+Return saves, Alt+letter never types.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from specaudit.core.audit import SEVERITIES, clause_linked_to
from specaudit.ui.kit import plain
from specaudit.ui.kit.clause_names import key_label
from specaudit.ui.kit.dialog_keys import writing_keys
from specaudit.ui.kit.rich_text import clause_title

TITLE_CHARS = 70  # of a clause's title in the clause list


class ScarDialog(QDialog):
    def __init__(self, where: str, clauses: list[tuple[str, str]], current_clause: str | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Record a Scar")
        self.setMinimumWidth(560)
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
        self.clause.setAccessibleName("Clause the scar diverges from")
        self.clause.addItem("(no clause)", None)
        for key, title in clauses:
            if "#" in key:  # OpenSpec: "Requirement / Scenario"; the capability is the spec's
                label = key_label(key)
            else:
                shown = clause_title(key, title)
                label = f"{key}  {shown[:TITLE_CHARS]}{'…' if len(shown) > TITLE_CHARS else ''}"
            self.clause.addItem(label, key)
            self.clause.setItemData(self.clause.count() - 1, key, Qt.ItemDataRole.ToolTipRole)
        # A long label widens the list, not the dialog (an OpenSpec key made it 1,320 px wide).
        self.clause.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.clause.setMinimumContentsLength(64)
        if current_clause is not None:
            self.clause.setCurrentIndex(max(0, self.clause.findData(current_clause)))
        self.clause_hint = plain.label(self)
        self.clause_hint.setWordWrap(True)
        self.clause_hint.setStyleSheet("color:#777")
        self.clause_hint.hide()

        form = QFormLayout(self)
        form.addRow("Lines:", plain.label(self, where))
        form.addRow("&Title:", self.title)
        form.addRow("&Why:", self.why)
        form.addRow("&Incident:", self.incident)
        form.addRow("Se&verity:", self.severity)
        form.addRow("C&lause:", self.clause)
        form.addRow("", self.clause_hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.error = plain.label(self)
        self.error.setStyleSheet("color:#c62828")
        form.addRow(self.error)
        keys = plain.label(self, "Ctrl+Enter saves \u00b7 Tab moves to the next field \u00b7 Esc cancels")
        keys.setStyleSheet("color:#777")
        form.addRow(keys)
        form.addRow(self.buttons)
        writing_keys(self, self._accept)
        self.title.setFocus()

    @classmethod
    def for_lines(cls, entry, path: str, side: str, first: int, last: int, parent: QWidget | None = None,
                  commit: str | None = None) -> ScarDialog:
        """The dialog for a scar on ``path`` lines ``first..last`` of ``side`` in ``entry``'s
        spec, its clause defaulting to the one whose links hold those lines."""
        default = clause_linked_to(entry.audit, path, first, last, side=side, commit=commit)
        clauses = [(c.key, c.title or c.text.split("\n", 1)[0]) for c in entry.spec.clauses]
        dialog = cls(f"{path}:{first}–{last} ({side})", clauses, default, parent)
        dialog.clause_hint.setText(
            f"{default}'s linked lines hold these lines: the scar diverges from it, and tightening "
            "would amend it." if default else
            "No clause's links hold these lines. Pick the clause the code diverges from, or keep "
            "none: tightening then adds a new clause instead of rewriting one.")
        dialog.clause_hint.show()
        return dialog

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
