"""Changed lines no clause explains: link them, or mark them as scope nobody asked for."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

ROLE_FINDING = Qt.ItemDataRole.UserRole + 1


class UnexplainedPanel(QListWidget):
    findingActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unexplained")
        self.setAccessibleName("Unexplained changes")
        self.setWordWrap(True)
        self.itemActivated.connect(lambda item: self.findingActivated.emit(item.data(ROLE_FINDING)))

    def set_findings(self, findings: list) -> None:
        self.clear()
        rows = [f for f in findings if f.kind == "unexplained-change"]
        if not rows:
            self.addItem("Every changed line is linked to a clause.")
            return
        for f in sorted(rows, key=lambda f: (f.path or "", f.line or 0)):
            item = QListWidgetItem(f"{f.path}:{f.line}  {f.message}")
            item.setData(ROLE_FINDING, f)
            item.setToolTip("Enter: show in the diff · Ctrl+L: link the selected lines to the current clause")
            self.addItem(item)

    def current_finding(self):
        item = self.currentItem()
        return item.data(ROLE_FINDING) if item else None
