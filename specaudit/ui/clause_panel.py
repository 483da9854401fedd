"""The spec side of the desk: clauses grouped by section, each with its verdict.

Ticking a clause's box asks for the verdict ``implemented``; unticking asks for
``unreviewed``. The panel only emits requests; the window records them through the
app layer and then calls ``refresh_verdicts``.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTreeView, QVBoxLayout, QWidget

from specaudit.core.audit import IMPLEMENTED, UNREVIEWED
from specaudit.ui import verdict_style

ROLE_SPEC = Qt.ItemDataRole.UserRole + 1
ROLE_KEY = Qt.ItemDataRole.UserRole + 2

COL_CLAUSE, COL_VERDICT, COL_LINKS = 0, 1, 2


class ClausePanel(QWidget):
    clauseSelected = Signal(str, str)  # spec rel, clause key
    verdictRequested = Signal(str, str, str)  # spec rel, clause key, verdict

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._entries: list = []
        self._items: dict[tuple[str, str], QStandardItem] = {}
        self._updating = False

        self.progress = QLabel(self)
        self.progress.setObjectName("clauseProgress")
        self.progress.setAccessibleName("Review progress")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter clauses (text, key, kind)…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter clauses")

        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Clause", "Verdict", "Links"])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(COL_CLAUSE)

        self.tree = QTreeView(self)
        self.tree.setObjectName("clauseTree")
        self.tree.setAccessibleName("Spec clauses")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_CLAUSE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_VERDICT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_LINKS, QHeaderView.ResizeMode.ResizeToContents)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)

        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(lambda _t: self.tree.expandAll())
        self.model.itemChanged.connect(self._on_item_changed)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)

    # -- building -------------------------------------------------------------------
    def set_entries(self, entries: list) -> None:
        self._entries = entries
        self._items.clear()
        self._updating = True
        try:
            self.model.removeRows(0, self.model.rowCount())
            root = self.model.invisibleRootItem()
            for entry in entries:
                parent = root
                if len(entries) > 1:
                    parent = self._group_item(entry.rel)
                    root.appendRow([parent, QStandardItem(), QStandardItem()])
                sections: dict[str, QStandardItem] = {}
                for clause in entry.spec.clauses:
                    name = " / ".join(clause.section) or clause.kind
                    group = sections.get(name)
                    if group is None:
                        group = sections[name] = self._group_item(name)
                        parent.appendRow([group, QStandardItem(), QStandardItem()])
                    group.appendRow(self._clause_row(entry, clause))
        finally:
            self._updating = False
        self.tree.expandAll()
        self.refresh_verdicts()

    @staticmethod
    def _group_item(text: str) -> QStandardItem:
        item = QStandardItem(text)
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _clause_row(self, entry, clause) -> list[QStandardItem]:
        title = clause.title or clause.text
        item = QStandardItem(f"{clause.key}  {title}")
        item.setData(entry.rel, ROLE_SPEC)
        item.setData(clause.key, ROLE_KEY)
        item.setToolTip(f"{clause.key} ({clause.kind}), lines {clause.span[0]}–{clause.span[1]}\n\n{clause.text}")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self._items[(entry.rel, clause.key)] = item
        verdict = QStandardItem()
        verdict.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        links = QStandardItem()
        links.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        links.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return [item, verdict, links]

    # -- state ----------------------------------------------------------------------
    def refresh_verdicts(self) -> None:
        self._updating = True
        reviewed = total = 0
        try:
            for entry in self._entries:
                for clause in entry.spec.clauses:
                    item = self._items.get((entry.rel, clause.key))
                    if item is None:
                        continue
                    review = entry.audit.review(clause.key)
                    total += 1
                    reviewed += review.verdict != UNREVIEWED
                    item.setCheckState(
                        Qt.CheckState.Checked if review.verdict == IMPLEMENTED else Qt.CheckState.Unchecked
                    )
                    parent = item.parent() or self.model.invisibleRootItem()
                    verdict_item = parent.child(item.row(), COL_VERDICT)
                    verdict_item.setText(verdict_style.LABELS.get(review.verdict, review.verdict))
                    verdict_item.setForeground(verdict_style.color(review.verdict))
                    parent.child(item.row(), COL_LINKS).setText(str(len(review.links)) if review.links else "")
        finally:
            self._updating = False
        self.progress.setText(f"<b>{reviewed}/{total}</b> clauses reviewed")

    def current(self) -> tuple[str, str] | None:
        index = self.proxy.mapToSource(self.tree.currentIndex())
        item = self.model.itemFromIndex(index.siblingAtColumn(COL_CLAUSE)) if index.isValid() else None
        if item is None or item.data(ROLE_KEY) is None:
            return None
        return item.data(ROLE_SPEC), item.data(ROLE_KEY)

    def select(self, spec_rel: str, key: str) -> None:
        item = self._items.get((spec_rel, key))
        if item is not None:
            self.tree.setCurrentIndex(self.proxy.mapFromSource(item.index()))

    # -- signals --------------------------------------------------------------------
    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._updating or item.data(ROLE_KEY) is None:
            return
        verdict = IMPLEMENTED if item.checkState() == Qt.CheckState.Checked else UNREVIEWED
        self.verdictRequested.emit(item.data(ROLE_SPEC), item.data(ROLE_KEY), verdict)

    def _on_current_changed(self, current, _previous) -> None:
        sel = self.current()
        if sel is not None:
            self.clauseSelected.emit(*sel)
