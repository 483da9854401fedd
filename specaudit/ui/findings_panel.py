"""What the check gate says about the session: overwritten scars first, then the rest."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from specaudit.ui import plain

# Most serious first; unknown kinds sort last.
_ORDER = ("scar-overwritten", "violated", "test-failing", "stale-code", "stale-spec", "non-goal-hit", "removed",
          "unreviewed", "untested", "unexplained-change")
_LOUD = {"scar-overwritten", "violated", "test-failing"}
ROLE_FINDING = Qt.ItemDataRole.UserRole + 1


def _rank(kind: str) -> int:
    return _ORDER.index(kind) if kind in _ORDER else len(_ORDER)


class FindingsPanel(QListWidget):
    findingActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findings")
        self.setAccessibleName("Check findings")
        self.setWordWrap(True)
        self.itemActivated.connect(lambda item: self.findingActivated.emit(item.data(ROLE_FINDING)))
        self.show_pending()

    def show_pending(self) -> None:
        self.clear()
        self.addItem("Checking for drift and overwritten scars…")

    def show_error(self, message: str) -> None:
        self.clear()
        self.addItem(f"Check could not run: {message}")

    def set_findings(self, findings: list) -> None:
        self.clear()
        if not findings:
            self.addItem("✓ No findings: the gate holds.")
            return
        for f in sorted(findings, key=lambda f: (_rank(f.kind), f.path or "", f.line or 0)):
            where = f"{f.path}:{f.line}" if f.path and f.line else (f.path or "")
            text = f"{f.kind}: {f.message}" + (f"  [{where}]" if where and where not in f.message else "")
            item = QListWidgetItem(("⚠ " if f.kind in _LOUD else "• ") + text)
            item.setData(ROLE_FINDING, f)
            item.setToolTip(plain.tooltip(text))
            if f.kind in _LOUD:
                font = QFont()
                font.setBold(True)
                item.setFont(font)
                item.setForeground(QColor("#c62828"))
            self.addItem(item)
