"""Every scar of the open specs; an overwritten scar is impossible to miss."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from specaudit.ui import plain

ROLE_SCAR = Qt.ItemDataRole.UserRole + 1

EMPTY = "No scars yet. Select lines in the diff and press Ctrl+M to record why code diverges from the spec."


class ScarsPanel(QListWidget):
    scarActivated = Signal(str, object)  # spec rel, Scar

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scars")
        self.setAccessibleName("Scars")
        self.setWordWrap(True)
        self.itemActivated.connect(self._activated)
        self.overwritten: set[str] = set()

    def set_scars(self, entries: list, overwritten: set[str]) -> None:
        self.overwritten = overwritten
        self.clear()
        scars = [(e.rel, s) for e in entries for s in e.audit.scars.values()]
        if not scars:
            self.addItem(EMPTY)
            return
        scars.sort(key=lambda rs: (rs[1].id not in overwritten, rs[1].path, rs[1].first))
        for rel, scar in scars:
            lost = scar.id in overwritten
            head = "⚠ OVERWRITTEN — " if lost else ("✓ folded — " if scar.status != "open" else "")
            text = f"{head}{scar.title}\n{scar.path}:{scar.first}–{scar.last} · {scar.id} · {scar.severity}"
            item = QListWidgetItem(text)
            item.setData(ROLE_SCAR, (rel, scar))
            item.setToolTip(plain.tooltip(scar.why))
            if lost:
                font = QFont()
                font.setBold(True)
                item.setFont(font)
                item.setForeground(QColor("#c62828"))
                item.setBackground(QColor(198, 40, 40, 40))
            self.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        data = item.data(ROLE_SCAR)
        if data:
            self.scarActivated.emit(*data)
