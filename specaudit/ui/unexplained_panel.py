"""Changed lines no clause explains: link them, or mark them as scope nobody asked for."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from specaudit.core.audit import EXPLAINED, OUT_OF_SCOPE

ROLE_FINDING = Qt.ItemDataRole.UserRole + 1


class UnexplainedPanel(QListWidget):
    findingActivated = Signal(object)
    markRequested = Signal(object, str)  # finding, EXPLAINED | OUT_OF_SCOPE

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unexplained")
        self.setAccessibleName("Unexplained changes")
        self.setWordWrap(True)
        self.itemActivated.connect(lambda item: self.findingActivated.emit(item.data(ROLE_FINDING)))
        # Keys work while the list has focus; the same actions are in the context menu.
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, key, status in (("Mark Explained", "E", EXPLAINED), ("Mark Out of Scope", "O", OUT_OF_SCOPE)):
            action = QAction(text, self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, st=status: self._mark(st))
            self.addAction(action)

    def _mark(self, status: str) -> None:
        finding = self.current_finding()
        if finding is not None:
            self.markRequested.emit(finding, status)

    def set_findings(self, findings: list) -> None:
        self.clear()
        rows = [f for f in findings if f.kind == "unexplained-change"]
        if not rows:
            self.addItem("Every changed line is linked to a clause.")
            return
        for f in sorted(rows, key=lambda f: (f.path or "", f.line or 0)):
            item = QListWidgetItem(f"{f.path}:{f.line}  {f.message}")
            item.setData(ROLE_FINDING, f)
            item.setToolTip("Enter: show in the diff · E: explained · O: out of scope · "
                            "Ctrl+L links lines selected in the diff to the current clause")
            self.addItem(item)

    def current_finding(self):
        item = self.currentItem()
        return item.data(ROLE_FINDING) if item else None
