"""Filtering clauses by text, kind, verdict and staleness; with filter text, the clause
whose key is the text ranks first (then keys that start with it, then the rest), so
"FR-006" puts FR-006 ahead of FR-006a and of every clause that merely mentions it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

ROLE_SPEC = Qt.ItemDataRole.UserRole + 1
ROLE_KEY = Qt.ItemDataRole.UserRole + 2
ROLE_KIND = Qt.ItemDataRole.UserRole + 3
ROLE_VERDICT = Qt.ItemDataRole.UserRole + 4
ROLE_STALE = Qt.ItemDataRole.UserRole + 5
ROLE_SEARCH = Qt.ItemDataRole.UserRole + 6
ROLE_TITLE = Qt.ItemDataRole.UserRole + 7  # the title as shown beside the key
ROLE_LABEL = Qt.ItemDataRole.UserRole + 8  # the key as shown (an OpenSpec scenario's own name)
ROLE_CONTEXT = Qt.ItemDataRole.UserRole + 9  # a note beside the requirements (Spec.is_context): drawn quieter

ANY = ""
EXACT, PREFIX, OTHER = 0, 1, 2


def _path(index: QModelIndex | QPersistentModelIndex) -> tuple[int, ...]:
    """Where a source row sits (its row numbers from the root): a stable dictionary key."""
    rows = []
    while index.isValid():
        rows.append(index.row())
        index = index.parent()
    return tuple(reversed(rows))


class ClauseFilter(QSortFilterProxyModel):
    """Clause rows pass when they match every active criterion; section rows show
    whenever one of their clauses does (recursive filtering)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        # Re-filtering on every dataChanged walks all rows: with 1,000 clauses one
        # repainted verdict cost ~27 ms. The panel re-filters explicitly instead.
        self.setDynamicSortFilter(False)
        self._text = ""
        self._kind = ANY
        self._verdict = ANY
        self._stale_only = False
        self._ranks: dict[tuple[int, ...], int] = {}

    def set_criteria(self, *, text: str | None = None, kind: str | None = None,
                     verdict: str | None = None, stale_only: bool | None = None) -> None:
        if text is not None:
            self._text = text.casefold().strip()
        if kind is not None:
            self._kind = kind
        if verdict is not None:
            self._verdict = verdict
        if stale_only is not None:
            self._stale_only = stale_only
        self.refilter()
        if text is not None:
            self.rerank()

    def refilter(self) -> None:
        """Re-run the filter (Qt >= 6.9 replaced invalidateFilter with begin/endFilterChange)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def rerank(self) -> None:
        """Order rows by how well their key matches the filter text (document order when
        there is none); a section ranks as its best clause."""
        self._ranks = {}
        if not self._text:
            self.sort(-1)  # the source model's order
            return
        model = self.sourceModel()
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                key = index.data(ROLE_KEY)
                if key is None:
                    pending.append(index)
                    continue
                key = key.casefold()
                rank = EXACT if key == self._text else PREFIX if key.startswith(self._text) else OTHER
                if rank == OTHER:
                    continue
                path = _path(index)
                for depth in range(1, len(path) + 1):  # the clause and every section above it
                    prefix = path[:depth]
                    self._ranks[prefix] = min(rank, self._ranks.get(prefix, OTHER))
        self.sort(0)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt override
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        a, b = _path(left), _path(right)
        return (self._ranks.get(a, OTHER), a) < (self._ranks.get(b, OTHER), b)

    def active(self) -> bool:
        return bool(self._text or self._kind or self._verdict or self._stale_only)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802 - Qt override
        index = self.sourceModel().index(row, 0, parent)
        key = index.data(ROLE_KEY)
        if key is None:
            return not self.active() and self.sourceModel().hasChildren(index)
        if self._kind and index.data(ROLE_KIND) != self._kind:
            return False
        if self._verdict and index.data(ROLE_VERDICT) != self._verdict:
            return False
        if self._stale_only and not index.data(ROLE_STALE):
            return False
        return not self._text or self._text in (index.data(ROLE_SEARCH) or "")
