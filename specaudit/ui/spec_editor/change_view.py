"""Review the spec change: the spec before and after, clause by clause."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from specaudit.core.compare import ClauseChange, compare_specs
from specaudit.core.model import Spec
from specaudit.ui.kit import plain

STATUS_COLORS = {
    "added": "#2e7d32", "changed": "#b35900", "removed": "#c62828",
    "renamed": "#6a737d", "moved": "#6a737d", "unchanged": "#6a737d",
}
CHANGE_ROLE = Qt.ItemDataRole.UserRole


class SpecChangeView(QWidget):
    """One row per clause: status, key (old -> new when it shifted), text before, text after.
    'Only changes' (on by default) hides clauses whose text did not change."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = plain.label(self)
        self.only_changes = QCheckBox("Only &changes", self)
        self.only_changes.setChecked(True)
        self.only_changes.toggled.connect(self._refill)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Change", "Clause", "Before", "After"])
        self.tree.setAccessibleName("Spec change, clause by clause")
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.only_changes)
        layout.addWidget(self.tree, 1)
        self._changes: list[ClauseChange] = []

    def set_specs(self, before: Spec, after: Spec) -> list[ClauseChange]:
        self._changes = compare_specs(before, after)
        counts: dict[str, int] = {}
        for ch in self._changes:
            if _text_changed(ch):
                counts[ch.status] = counts.get(ch.status, 0) + 1
        self.summary.setText(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no clause changed")
        self._refill()
        return self._changes

    def changes(self) -> list[ClauseChange]:
        return list(self._changes)

    def visible_rows(self) -> list[tuple[str, str]]:
        """(status, clause label) of the rows shown, top to bottom."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [(item.text(0), item.text(1)) for item in items if item is not None]

    def _refill(self) -> None:
        self.tree.clear()
        for ch in self._changes:
            if self.only_changes.isChecked() and not _text_changed(ch):
                continue
            shifted = ch.old_key and ch.new_key and ch.old_key != ch.new_key
            label = f"{ch.old_key} → {ch.new_key}" if shifted else (ch.new_key or ch.old_key or "")
            item = QTreeWidgetItem([ch.status, label, ch.old.text if ch.old else "", ch.new.text if ch.new else ""])
            item.setForeground(0, QColor(STATUS_COLORS.get(ch.status, "#6a737d")))
            item.setData(0, CHANGE_ROLE, ch)
            for col in (1, 2, 3):
                item.setToolTip(col, plain.tooltip(item.text(col)))
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        # An OpenSpec key ("capability#Requirement/Scenario") left the texts a sliver: at most
        # a third of the view, the whole key in the tooltip.
        third = max(120, self.tree.viewport().width() // 3)
        if self.tree.columnWidth(1) > third:
            self.tree.setColumnWidth(1, third)


def _text_changed(ch: ClauseChange) -> bool:
    """Added, removed or reworded; a clause that only moved or got a new ordinal key is not."""
    if ch.status in ("added", "removed", "changed"):
        return True
    return ch.status == "renamed" and ch.similarity < 1.0
