"""Every scar of the open specs; an overwritten scar is impossible to miss."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from specaudit.core.audit import SCAR_FOLDED, SCAR_OPEN
from specaudit.core.spec_checks import folded_label
from specaudit.ui.kit import plain

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

    def set_scars(self, entries: list, overwritten: set[str], orphans: list | None = None) -> None:
        """The open specs' scars, and those of ``orphans`` ((spec rel, audit) of audits whose
        spec is gone: still checked, so still listed, marked with the spec they name)."""
        self.overwritten = overwritten
        self.clear()
        scars = [(e.rel, s) for e in entries for s in e.audit.scars.values()]
        gone = {rel for rel, _audit in orphans or ()}
        scars += [(rel, s) for rel, audit in orphans or () for s in audit.scars.values()]
        if not scars:
            self.addItem(EMPTY)
            return
        # Alarms first (an open scar overwritten), then the tightened ones (the loop to close).
        scars.sort(key=lambda rs: (not (rs[1].id in overwritten and rs[1].status == SCAR_OPEN),
                                   rs[1].status != SCAR_FOLDED, rs[1].path, rs[1].first))
        for rel, scar in scars:
            lost = scar.id in overwritten
            folded = scar.status == SCAR_FOLDED
            head = f"✓ {folded_label(scar, lost)} — " if folded else "⚠ OVERWRITTEN — " if lost else ""
            orphaned = f" · orphaned: {rel} is gone (its audit was left behind)" if rel in gone else ""
            text = f"{head}{scar.title}\n{scar.path}:{scar.first}–{scar.last} · {scar.id} · {scar.severity}{orphaned}"
            item = QListWidgetItem(text)
            item.setData(ROLE_SCAR, (rel, scar))
            item.setToolTip(plain.tooltip(scar.why))
            if folded:
                item.setForeground(QColor("#b35900" if lost else "#2e7d32"))
            elif lost:
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
