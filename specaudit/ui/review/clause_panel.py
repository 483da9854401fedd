"""The spec side of the desk: clauses grouped by section, each with its verdict, links,
staleness and clarification flags, filterable, with progress always in view.

Ticking a clause's box asks for the verdict ``implemented``; unticking asks for
``unreviewed``. The panel only emits requests; the window records them through the
review controller and then calls ``refresh``.

The current clause (the one verdict keys apply to) is always a row the list shows: a
filter that hides it leaves no clause current (``clauseCleared``, and the panel says so),
never a neighbour the reviewer did not pick. Down or Enter in the filter moves into the
results with the first one current (an exact key match ranks first).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from specaudit.core.audit import IMPLEMENTED, UNREVIEWED, VERDICTS
from specaudit.core.model import FLAG_NEEDS_CLARIFICATION, ClauseKind
from specaudit.settings import LIMITS
from specaudit.ui.kit import plain, verdict_style
from specaudit.ui.kit.clause_names import row_label
from specaudit.ui.kit.line_drag import lines_from_mime
from specaudit.ui.kit.rich_text import inline_plain
from specaudit.ui.review.clause_filter import (
    ROLE_CONTEXT,
    ROLE_KEY,
    ROLE_KIND,
    ROLE_LABEL,
    ROLE_SEARCH,
    ROLE_SPEC,
    ROLE_STALE,
    ROLE_TITLE,
    ROLE_VERDICT,
    ClauseFilter,
)
from specaudit.ui.review.clause_rows import ClauseRowDelegate

COL_CLAUSE, COL_VERDICT, COL_LINKS, COL_FLAGS = 0, 1, 2, 3
STALE_KINDS = ("stale-spec", "stale-code", "removed")


class ClausePanel(QWidget):
    clauseSelected = Signal(str, str)  # spec rel, clause key
    clauseCleared = Signal()  # no clause is current (a filter hid the one that was)
    verdictRequested = Signal(str, str, str)  # spec rel, clause key, verdict
    linesDropped = Signal(str, str, object)  # spec rel, clause key, (path, side, first, last)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._entries: list = []
        self._items: dict[tuple[str, str], QStandardItem] = {}
        self._stale: dict[tuple[str, str], list[str]] = {}
        self._updating = False
        self._refiltering = False  # the proxy moves the current row as it filters: not the reviewer
        self._shown_count = 0  # clause rows the list shows (counted when it re-filters)

        self.progress = plain.label(self)
        self.progress.setObjectName("clauseProgress")
        self.progress.setAccessibleName("Review progress")
        self.progress.setWordWrap(True)  # never what holds the window wide (a tiled half screen)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter clauses…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter clauses by text")
        self.filter.setToolTip("Filter by key or words; Down or Enter goes to the first result")
        self.filter.installEventFilter(self)
        self.filter_note = plain.label(self)  # what the filter shows, and whether a clause is current
        self.filter_note.setObjectName("clauseFilterNote")
        self.filter_note.setWordWrap(True)
        self.filter_note.hide()
        self.kind_filter = self._combo("Filter by kind", "All kinds", [(k.value, k.value) for k in ClauseKind])
        self.verdict_filter = self._combo("Filter by verdict", "All verdicts",
                                          [(verdict_style.LABELS[v], v) for v in VERDICTS])
        self.stale_filter = QCheckBox("Stale", self)
        self.stale_filter.setToolTip("Show only clauses whose verdict went stale")
        self.stale_filter.setAccessibleName("Show only stale clauses")

        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(["Clause", "Verdict", "#", ""])
        self.model.horizontalHeaderItem(COL_LINKS).setToolTip("Linked line ranges")
        self.proxy = ClauseFilter(self)
        self.proxy.setSourceModel(self.model)

        self.tree = QTreeView(self)
        self.tree.setObjectName("clauseTree")
        self.tree.setAccessibleName("Spec clauses")
        self.tree.setModel(self.proxy)
        # A clause row is one or two lines (its title wrapped), so heights vary; the
        # delegate computes them without laying out text.
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegateForColumn(COL_CLAUSE, ClauseRowDelegate(self.tree))
        self.tree.setIndentation(12)  # the clause titles need the width more than the tree lines
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_CLAUSE, QHeaderView.ResizeMode.Stretch)
        # Fixed widths, not ResizeToContents: that re-measures every row on each
        # repainted verdict (tens of ms with 1,000 clauses).
        fm = self.fontMetrics()
        widths = {COL_VERDICT: max(fm.horizontalAdvance(v) for v in [*verdict_style.LABELS.values(), "Verdict"]),
                  COL_LINKS: fm.horizontalAdvance("99"), COL_FLAGS: fm.horizontalAdvance("⟳ ?")}
        for col, width in widths.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width + 12)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.verdict_filter, 1)
        filters.addWidget(self.stale_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.progress)
        layout.addWidget(self.filter)
        layout.addWidget(self.filter_note)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)

        self.filter.textChanged.connect(lambda t: self._refilter(text=t))
        self.kind_filter.currentIndexChanged.connect(
            lambda _i: self._refilter(kind=self.kind_filter.currentData() or ""))
        self.verdict_filter.currentIndexChanged.connect(
            lambda _i: self._refilter(verdict=self.verdict_filter.currentData() or ""))
        self.stale_filter.toggled.connect(lambda on: self._refilter(stale_only=on))
        self.model.itemChanged.connect(self._on_item_changed)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        # Lines dragged from the diff onto a clause link to it.
        self.tree.setAcceptDrops(True)
        self.tree.viewport().setAcceptDrops(True)
        self.tree.viewport().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if obj is self.filter and kind == QEvent.Type.KeyPress and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_results()
            return True
        if obj is self.filter and kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape \
                and not event.modifiers():
            if self.filter.text():  # as a search field: Esc empties it, then goes to the list
                self.filter.clear()
            else:
                self.tree.setFocus()
            return True
        if obj is self.tree.viewport() and kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            target = self._clause_at(event.position().toPoint())
            lines = lines_from_mime(event.mimeData())
            if lines is None or target is None:
                event.ignore()
                return kind == QEvent.Type.Drop or lines is not None
            event.setDropAction(Qt.DropAction.LinkAction)
            event.accept()
            if kind == QEvent.Type.Drop:
                self.linesDropped.emit(*target, lines)
            return True
        return super().eventFilter(obj, event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Narrow (a tiled window), the titles keep the # column's width: the count of
        # linked ranges is in the clause's detail too.
        super().resizeEvent(event)
        self.tree.setColumnHidden(COL_LINKS, event.size().width() < LIMITS.clause_list_narrow_px)

    def _clause_at(self, pos) -> tuple[str, str] | None:
        index = self.proxy.mapToSource(self.tree.indexAt(pos))
        item = self.model.itemFromIndex(index.siblingAtColumn(COL_CLAUSE)) if index.isValid() else None
        if item is None or item.data(ROLE_KEY) is None:
            return None
        return item.data(ROLE_SPEC), item.data(ROLE_KEY)

    def _combo(self, name: str, everything: str, options: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        # As wide as the list allows, down to a few letters: not the longest kind's width.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        combo.addItem(everything, "")
        for label, value in options:
            combo.addItem(label, value)
        return combo

    def _refilter(self, **criteria) -> None:
        self._keeping_current(lambda: self.proxy.set_criteria(**criteria))

    def _keeping_current(self, refilter) -> None:
        """Run ``refilter``; the clause current before stays current if the list still shows
        it, else none is (said in the panel and by ``clauseCleared``): the proxy would
        otherwise make a neighbouring row current, and verdict keys would go to it."""
        before = self.current()
        self._refiltering = True
        try:
            refilter()
            self.tree.expandAll()
            shown = self._shown_index(*before) if before else QModelIndex()
            if shown.isValid():
                self.tree.selectionModel().setCurrentIndex(
                    shown, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            elif before is not None or self.current() is not None:
                self.tree.selectionModel().clear()
        finally:
            self._refiltering = False
        if before is not None and self.current() is None:
            self.clauseCleared.emit()
        self._shown_count = len(self._results()) if self.proxy.active() else len(self._items)
        self._show_filter_note()

    def _shown_index(self, spec_rel: str, key: str) -> QModelIndex:
        item = self._items.get((spec_rel, key))
        return self.proxy.mapFromSource(item.index()) if item is not None else QModelIndex()

    def _results(self) -> list[QModelIndex]:
        """The clause rows the list shows, top to bottom (in the proxy's ranked order)."""
        out: list[QModelIndex] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, COL_CLAUSE, parent)
                if index.data(ROLE_KEY) is not None:
                    out.append(index)
                walk(index)

        walk(QModelIndex())
        return out

    def enter_results(self) -> None:
        """Down or Enter in the filter: into the list, the first result current (with no
        filter text, the current clause stays, if there is one)."""
        results = self._results()
        current = self.current()
        if results and not (current and not self.filter.text().strip()):
            self.tree.setCurrentIndex(results[0])
            self.tree.scrollTo(results[0])
        self.tree.setFocus()

    def _show_filter_note(self) -> None:
        if not self.proxy.active():
            self.filter_note.hide()
            return
        shown, total = self._shown_count, len(self._items)
        note = f"{shown} of {total} clauses shown"
        if shown == 0:
            note += " · no clause selected"
        elif self.current() is None:
            note += " · no clause selected: Down or Enter picks the first"
        self.filter_note.setText(note)
        self.filter_note.show()

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
                    root.appendRow([parent, *self._blank_cells()])
                sections: dict[tuple[str, ...], QStandardItem] = {}
                skip = _shared_prefix(entry.spec.clauses)
                heads = _headed_groups(entry.spec.clauses)
                context = entry.spec.context_keys()
                for clause in entry.spec.clauses:
                    names = tuple(inline_plain(s) for s in _group_of(clause, heads)[skip:]) or (clause.kind,)
                    group = sections.get(names)
                    if group is None:
                        # Named by its own heading (what tells siblings apart, even one holding
                        # " / "); the full path on hover.
                        group = sections[names] = self._group_item(names[-1], " / ".join(names))
                        parent.appendRow([group, *self._blank_cells()])
                    group.appendRow(self._clause_row(entry, clause, clause.key in context))
        finally:
            self._updating = False
        self.proxy.refilter()  # groups were empty when inserted; the filter is not dynamic
        self.proxy.rerank()
        self.tree.expandAll()
        self.refresh()

    @staticmethod
    def _blank_cells() -> list[QStandardItem]:
        cells = [QStandardItem() for _ in range(3)]
        for cell in cells:
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return cells

    @staticmethod
    def _group_item(text: str, full: str | None = None) -> QStandardItem:
        item = QStandardItem(text)
        item.setToolTip(plain.tooltip(full or text))
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _clause_row(self, entry, clause, context: bool = False) -> list[QStandardItem]:
        label, title = row_label(clause)
        item = QStandardItem(f"{clause.key}  {title}")
        item.setData(entry.rel, ROLE_SPEC)
        item.setData(clause.key, ROLE_KEY)
        item.setData(label, ROLE_LABEL)
        item.setData(title, ROLE_TITLE)
        item.setData(clause.kind, ROLE_KIND)
        item.setData(context, ROLE_CONTEXT)
        item.setData(f"{clause.key} {clause.kind} {clause.title} {clause.text}".casefold(), ROLE_SEARCH)
        kind = f"{clause.kind}: context beside the requirements, read and not reviewed" if context else clause.kind
        item.setToolTip(plain.tooltip(f"{clause.key}: {title}\n({kind}, lines {clause.span[0]}–{clause.span[1]})"
                                      f"\n\n{clause.text[:1500]}"))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setAccessibleText(f"{clause.key}: {title}")
        self._items[(entry.rel, clause.key)] = item
        cells = [item]
        for _ in range(3):
            cell = QStandardItem()
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            cells.append(cell)
        cells[COL_LINKS].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return cells

    # -- state ----------------------------------------------------------------------
    def set_findings(self, findings: list) -> None:
        """Mark clauses whose verdict a check found stale (or whose clause was removed)."""
        self._stale = {}
        for f in findings:
            if f.kind in STALE_KINDS and f.clause:
                self._stale.setdefault((f.spec, f.clause), []).append(f.kind)
        self.refresh()

    def refresh(self) -> None:
        self._updating = True
        # Every row changes: heights are asked again lazily for the rows shown, not on each
        # cell's change (a 1,000-clause list took 16,000 height queries).
        self.tree.setUniformRowHeights(True)
        try:
            for entry in self._entries:
                for clause in entry.spec.clauses:
                    item = self._items.get((entry.rel, clause.key))
                    if item is not None:
                        self._paint_row(item, clause, entry.audit.review(clause.key),
                                        self._stale.get((entry.rel, clause.key), []))
        finally:
            self.tree.setUniformRowHeights(False)
            self._updating = False
        # The stale / clarification column only when some clause has a mark: the titles need the width.
        self.tree.setColumnHidden(COL_FLAGS, not self._stale and not any(
            FLAG_NEEDS_CLARIFICATION in c.flags for e in self._entries for c in e.spec.clauses))
        if self.proxy.active():  # without a filter every row shows: re-filtering would only collapse groups
            self._keeping_current(self.proxy.refilter)
        self._show_progress()

    def refresh_clause(self, spec_rel: str, key: str) -> None:
        """Repaint one clause's row (after an edit) and the progress line."""
        item = self._items.get((spec_rel, key))
        entry = next((e for e in self._entries if e.rel == spec_rel), None)
        clause = entry.spec.clause(key) if entry is not None else None
        if item is None or clause is None or entry is None:
            return
        self._updating = True
        try:
            self._paint_row(item, clause, entry.audit.review(key), self._stale.get((spec_rel, key), []))
        finally:
            self._updating = False
        if self.proxy.active():  # the row may now pass or fail the verdict filter
            self._keeping_current(self.proxy.refilter)
        self._show_progress()

    def counts(self) -> tuple[int, int, int]:
        """(reviewed, stale, unreviewed): a stale verdict counts as stale, not reviewed; an
        unreviewed note beside the requirements (``Spec.is_context``) is not a clause to review."""
        reviewed, stale, unreviewed, _context = self._counts()
        return reviewed, stale, unreviewed

    def _counts(self) -> tuple[int, int, int, int]:
        reviewed = stale = unreviewed = context = 0
        for entry in self._entries:
            reviews = entry.audit.reviews
            stale_keys = {k for rel, k in self._stale if rel == entry.rel}
            notes = entry.spec.context_keys()
            for clause in entry.spec.clauses:
                review = reviews.get(clause.key)
                if clause.key in stale_keys:
                    stale += 1
                elif review is None or review.verdict == UNREVIEWED:
                    if clause.key in notes:
                        context += 1
                    else:
                        unreviewed += 1
                else:
                    reviewed += 1
        return reviewed, stale, unreviewed, context

    def _show_progress(self) -> None:
        reviewed, stale, unreviewed, context = self._counts()
        aside = f" \u00b7 {context} context" if context else ""
        self.progress.setText(f"{reviewed} reviewed \u00b7 {stale} stale \u00b7 {unreviewed} unreviewed{aside}")
        self.progress.setToolTip("Context: notes beside the spec's requirements, read and not reviewed "
                                 "(they count once given a verdict)" if context else "")

    def _paint_row(self, item: QStandardItem, clause, review, staleness: list[str]) -> None:
        item.setData(review.verdict, ROLE_VERDICT)
        item.setData(bool(staleness), ROLE_STALE)
        item.setCheckState(Qt.CheckState.Checked if review.verdict == IMPLEMENTED else Qt.CheckState.Unchecked)
        parent = item.parent() or self.model.invisibleRootItem()
        verdict_item = parent.child(item.row(), COL_VERDICT)
        label = verdict_style.LABELS.get(review.verdict, review.verdict)
        # An unreviewed clause shows a quiet dash, so the verdicts that were given stand out.
        verdict_item.setText("—" if review.verdict == UNREVIEWED else label)
        verdict_item.setToolTip(label)
        verdict_item.setForeground(verdict_style.color(review.verdict))
        parent.child(item.row(), COL_LINKS).setText(str(len(review.links)) if review.links else "")
        marks, tips = [], []
        if staleness:
            marks.append("⟳")
            tips.append("Verdict is stale: " + ", ".join(staleness))
        if FLAG_NEEDS_CLARIFICATION in clause.flags:
            marks.append("?")
            tips.append("The spec marks this clause as needing clarification")
        flags_item = parent.child(item.row(), COL_FLAGS)
        flags_item.setText(" ".join(marks))
        flags_item.setToolTip("\n".join(tips))
        flags_item.setForeground(verdict_style.color("violated"))

    def current(self) -> tuple[str, str] | None:
        index = self.proxy.mapToSource(self.tree.currentIndex())
        item = self.model.itemFromIndex(index.siblingAtColumn(COL_CLAUSE)) if index.isValid() else None
        if item is None or item.data(ROLE_KEY) is None:
            return None
        return item.data(ROLE_SPEC), item.data(ROLE_KEY)

    def select(self, spec_rel: str, key: str) -> bool:
        item = self._items.get((spec_rel, key))
        if item is None:
            return False
        index = self.proxy.mapFromSource(item.index())
        if not index.isValid():  # filtered out: clear filters rather than hide the target
            self.filter.clear()
            self.kind_filter.setCurrentIndex(0)
            self.verdict_filter.setCurrentIndex(0)
            self.stale_filter.setChecked(False)
            index = self.proxy.mapFromSource(item.index())
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def focus_list(self) -> None:
        self.tree.setFocus()

    def select_next_unreviewed(self, forward: bool = True) -> bool:
        """Move to the next (or previous) unreviewed or stale clause, wrapping around; a
        note beside the spec's requirements (a PRD's author line) is context, not a clause
        to review, and is passed over unless a verdict on it went stale."""
        order = [(e.rel, c.key) for e in self._entries for c in e.spec.clauses]
        context = {(e.rel, key) for e in self._entries for key in e.spec.context_keys()}
        if not order:
            return False
        current = self.current()
        start = order.index(current) if current in order else (-1 if forward else 0)
        step = 1 if forward else -1
        for i in range(1, len(order) + 1):
            rel, key = order[(start + step * i) % len(order)]
            if (rel, key) in context and (rel, key) not in self._stale:
                continue
            entry = next(e for e in self._entries if e.rel == rel)
            if entry.audit.review(key).verdict == UNREVIEWED or (rel, key) in self._stale:
                return self.select(rel, key)
        return False

    # -- signals --------------------------------------------------------------------
    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._updating or item.data(ROLE_KEY) is None:
            return
        verdict = IMPLEMENTED if item.checkState() == Qt.CheckState.Checked else UNREVIEWED
        self.verdictRequested.emit(item.data(ROLE_SPEC), item.data(ROLE_KEY), verdict)

    def _on_current_changed(self, current, _previous) -> None:
        if self._refiltering:
            return
        self._show_filter_note()
        sel = self.current()
        if sel is not None:
            self.clauseSelected.emit(*sel)


def _own_heading(clause) -> bool:
    """The clause is its section's last heading ("### Requirement: Sidebar", "### 要件 1")."""
    return bool(clause.section) and bool(clause.title) and \
        inline_plain(clause.section[-1]).endswith(inline_plain(clause.title))


def _headed_groups(clauses) -> set[tuple[str, ...]]:
    """Sections headed by a clause that other clauses sit in or under: a requirement with
    its scenarios or acceptance criteria, a Spec Kit story with its scenarios."""
    count: dict[tuple[str, ...], int] = {}  # section -> clauses at or under it
    for c in clauses:
        for n in range(1, len(c.section) + 1):
            count[c.section[:n]] = count.get(c.section[:n], 0) + 1
    return {c.section for c in clauses if _own_heading(c) and count[c.section] > 1}


def _group_of(clause, heads: set[tuple[str, ...]]) -> tuple[str, ...]:
    """The sections a clause is listed under: the nearest heading a clause of its own owns
    (an OpenSpec scenario, a Kiro acceptance criterion, with its requirement); else not
    its own heading alone (no group of one); else its section."""
    section = clause.section
    for n in range(len(section), 0, -1):
        if section[:n] in heads:
            return section[:n]
    return section[:-1] if _own_heading(clause) else section


def _shared_prefix(clauses) -> int:
    """How many leading section names every clause shares (typically the document's
    title heading), so groups are labelled by what tells them apart."""
    if len(clauses) < 2:
        return 0
    first = clauses[0].section
    n = 0
    while n < len(first) - 0 and all(len(c.section) > n + 1 and c.section[n] == first[n] for c in clauses):
        n += 1
    return n
