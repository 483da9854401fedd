"""Hunks likely to implement the selected clause, ranked; Enter links the chosen one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from specaudit.ui import plain

ROLE_HUNK = Qt.ItemDataRole.UserRole + 1


class SuggestionsPanel(QListWidget):
    accepted = Signal(object)  # HunkDoc

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("suggestions")
        self.setAccessibleName("Link suggestions for the selected clause")
        self.setWordWrap(True)
        self._index = None
        self._docs: dict = {}
        self.itemActivated.connect(self._activated)
        self.addItem("Select a clause to see the hunks most likely to implement it.")

    def set_index(self, index, docs: list) -> None:
        self._index = index
        self._docs = {d.id: d for d in docs}

    def query(self, clause_text: str, linked: set[tuple[str, int, int]]):
        """A callable computing the suggestions (safe to run off the GUI thread), or None
        while there is no index yet."""
        index, docs = self._index, self._docs
        if index is None:
            return None
        exclude = [d.id for d in docs.values() if (d.path, d.first, d.last) in linked]
        return lambda: index.suggest(clause_text, limit=8, exclude=exclude)

    def show_pending(self) -> None:
        self.clear()
        self.addItem("Suggestions appear once the diff has loaded." if self._index is None else "Ranking hunks…")

    def show_results(self, suggestions: list) -> None:
        self.clear()
        if not suggestions:
            self.addItem("No hunk shares enough terms with this clause.")
            return
        for s in suggestions:
            doc = self._docs.get(s.hunk_id)
            if doc is None:  # from an index replaced meanwhile
                continue
            item = QListWidgetItem(f"{doc.path}:{doc.first}–{doc.last}   ({s.score:.2f})\n"
                                   f"shared: {', '.join(s.terms[:6])}")
            item.setData(ROLE_HUNK, doc)
            item.setToolTip(plain.tooltip(doc.text[:800]))
            self.addItem(item)

    def top(self):
        for i in range(self.count()):
            doc = self.item(i).data(ROLE_HUNK)
            if doc is not None:
                return doc
        return None

    def _activated(self, item: QListWidgetItem) -> None:
        doc = item.data(ROLE_HUNK)
        if doc is not None:
            self.accepted.emit(doc)
