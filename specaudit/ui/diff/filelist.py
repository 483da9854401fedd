"""The file list: short names that tell files apart (``file_labels``; the full path on
hover), or a folder tree, status letter (with a rename's or copy's similarity, as git's
``R100``), +/- counts and a "viewed" tick per file; filterable by path, sortable by
path, size or status. When the list is narrow the name is cut in the middle and the
folder hint stays whole (``_LabelDelegate``): it is what tells namesakes apart.

A tick is remembered against the file's content key, so it clears by itself when the
range brings different content for that path (as on GitHub and Reviewable). The
window persists ticks in the audit file (``app.viewed``); this widget only keeps
``reviewed`` (path -> content key) and says when the user changes one.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from specaudit.core.diff.model import ChangeSet, FileDiff
from specaudit.settings import LIMITS
from specaudit.ui.diff.file_labels import SEP, fit_label, label_parts
from specaudit.ui.kit import plain

STATUS_NAMES = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "C": "copied", "T": "type changed"}
STATUS_COLORS = {"A": "#1a7f37", "D": "#cf222e", "M": "#9a6700", "R": "#0969da", "C": "#0969da"}
COL_PATH, COL_STATUS, COL_ADD, COL_DEL = range(4)
ROLE_INDEX = Qt.ItemDataRole.UserRole
ROLE_SORT = Qt.ItemDataRole.UserRole + 1
ROLE_NAME = Qt.ItemDataRole.UserRole + 2  # the label's name part (cut when narrow)
ROLE_HINT = Qt.ItemDataRole.UserRole + 3  # its folder hint (kept whole)


class _LabelDelegate(QStyledItemDelegate):
    """Paints a file's label with the folder hint whole; only the name is cut."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        name = index.data(ROLE_NAME)
        if name is None:
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        fm = option.fontMetrics
        option.text = fit_label(
            name, index.data(ROLE_HINT) or "", rect.width() - 2 * margin, fm.horizontalAdvance,
            lambda text, width: fm.elidedText(text, Qt.TextElideMode.ElideMiddle, width))


class _Item(QTreeWidgetItem):
    """Sorts numerically on +/- and by status, then path; folders first in tree mode."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        col = self.treeWidget().sortColumn() if self.treeWidget() else COL_PATH
        mine, theirs = self.data(col, ROLE_SORT), other.data(col, ROLE_SORT)
        if mine is None or theirs is None:
            return self.text(col) < other.text(col)
        return mine < theirs


class FileList(QTreeWidget):
    fileChosen = Signal(int)  # index into the change set's files
    reviewedChanged = Signal(str, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderLabels(["File", "St", "+", "\u2212"])
        self.headerItem().setToolTip(COL_STATUS, "Status: A added, M modified, D deleted, R renamed, C copied "
                                                 "(R100: renamed, 100% similar)")
        self.headerItem().setToolTip(COL_PATH, "Tick a file once viewed; the tick clears when its change changes")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._labels = _LabelDelegate(self)
        self.setItemDelegateForColumn(COL_PATH, self._labels)
        self.setIndentation(12)
        self.setSortingEnabled(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_PATH, QHeaderView.ResizeMode.Stretch)  # spare width goes to the path
        for c in (COL_STATUS, COL_ADD, COL_DEL):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # patch order until a header is clicked
        self.reviewed: dict[str, str] = {}  # path -> content key it was viewed at
        self.tree_mode = False
        self._files: list[FileDiff] = []
        self._items: dict[int, _Item] = {}
        self._filter = ""
        self._filling = False
        self._counts_w = 0  # the +/- columns' width at their contents (measured on each rebuild)
        self.currentItemChanged.connect(self._current_changed)
        self.itemChanged.connect(self._item_changed)

    # -- filling ----------------------------------------------------------------------
    def set_changeset(self, cs: ChangeSet) -> None:
        self._files = list(cs.files)
        self._rebuild()

    def set_tree_mode(self, on: bool) -> None:
        if on != self.tree_mode:
            self.tree_mode = on
            current = self.current_index()
            self._rebuild()
            if current >= 0:
                self.select_index(current)

    def set_filter(self, text: str) -> None:
        """Show only files whose path contains ``text`` (case-insensitive)."""
        self._filter = text.casefold().strip()
        self._apply_filter()

    def _rebuild(self) -> None:
        self._filling = True
        self.setSortingEnabled(False)
        self.clear()
        self._items = {}
        folders: dict[str, QTreeWidgetItem] = {}
        top: list[QTreeWidgetItem] = []
        moved = {f.path for f in self._files if f.status in ("R", "C") and f.old_path
                 and f.old_path.rpartition("/")[0] != f.path.rpartition("/")[0]}
        labels = label_parts([f.path for f in self._files], moved)
        for i, f in enumerate(self._files):
            item = self._file_item(i, f, labels)
            self._items[i] = item
            if self.tree_mode and "/" in f.path:
                folder, _, name = f.path.rpartition("/")
                item.setText(COL_PATH, name)
                item.setData(COL_PATH, ROLE_NAME, name)
                item.setData(COL_PATH, ROLE_HINT, "")
                self._folder(folder, folders, top).addChild(item)
            else:
                top.append(item)
        self.addTopLevelItems(top)
        for node in folders.values():
            node.setFirstColumnSpanned(True)  # the folder's path may use the whole width
        self.setRootIsDecorated(self.tree_mode)
        if self.tree_mode:
            self.expandAll()
        for c in (COL_STATUS, COL_ADD, COL_DEL):
            self.setColumnHidden(c, False)
            self.resizeColumnToContents(c)
        self._counts_w = self.header().sectionSize(COL_ADD) + self.header().sectionSize(COL_DEL)
        self._fit_columns()
        self.setSortingEnabled(True)
        self._filling = False
        self._apply_filter()

    def _folder(self, path: str, folders: dict, top: list) -> QTreeWidgetItem:
        """One node per folder that holds files, named by its whole path: a compact tree
        (as in GitHub's and VS Code's file trees), so deep folders cost no indentation."""
        if path in folders:
            return folders[path]
        item = _Item([path + "/", "", "", ""])
        item.setData(COL_PATH, ROLE_SORT, (0, path))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setToolTip(COL_PATH, plain.tooltip(path))
        folders[path] = item
        top.append(item)
        return item

    def _file_item(self, i: int, f: FileDiff, labels: dict[str, tuple[str, str]]) -> _Item:
        renamed = f.status in ("R", "C")
        name = f"{f.old_path} \u2192 {f.new_path}" if renamed else f.path
        short, hint = labels.get(f.path, (f.path, ""))
        old_name = (f.old_path or "").rsplit("/", 1)[-1]
        if renamed and old_name != short:
            short = f"{old_name} \u2192 {short}"
        # The status column says what happened (git's R100: renamed, 100% similar); the
        # name stays the file's, so cutting it never drops what tells it apart.
        status = f"{f.status}{f.similarity}" if renamed and f.similarity is not None else f.status
        what = STATUS_NAMES.get(f.status, f.status) + (f", {f.similarity}% similar" if renamed and
                                                      f.similarity is not None else "")
        tags = ["binary"] if f.binary else []
        if f.old_mode and f.new_mode and f.old_mode != f.new_mode:
            tags.append(f"mode {f.old_mode}\u2192{f.new_mode}")
        item = _Item([short + (SEP + hint if hint else ""), status, f"+{f.added}", f"\u2212{f.removed}"])
        item.setData(COL_PATH, ROLE_NAME, short)
        item.setData(COL_PATH, ROLE_HINT, hint)
        item.setData(COL_PATH, Qt.ItemDataRole.AccessibleTextRole, name)
        item.setData(COL_PATH, ROLE_INDEX, i)
        item.setData(COL_PATH, ROLE_SORT, (1, f.path))
        item.setData(COL_STATUS, ROLE_SORT, (f.status, f.path))
        item.setData(COL_ADD, ROLE_SORT, (f.added + f.removed, f.path))  # "size": lines changed
        item.setData(COL_DEL, ROLE_SORT, (f.removed, f.path))
        item.setForeground(COL_STATUS, QBrush(QColor(STATUS_COLORS.get(f.status, "#57606a"))))
        item.setForeground(COL_ADD, QBrush(QColor("#1a7f37")))
        item.setForeground(COL_DEL, QBrush(QColor("#cf222e")))
        for c in (COL_STATUS, COL_ADD, COL_DEL):
            item.setTextAlignment(c, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tip = f"{what}: {name}\n+{f.added} \u2212{f.removed}" + (f" ({', '.join(tags)})" if tags else "")
        item.setToolTip(COL_PATH, plain.tooltip(tip))
        item.setToolTip(COL_STATUS, plain.tooltip(what))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(COL_PATH, Qt.CheckState.Checked if self._viewed(f) else Qt.CheckState.Unchecked)
        return item

    def painted_label(self, item: QTreeWidgetItem) -> str:
        """The name as the list paints it now, at the column's width (cut to fit)."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        index = self.indexFromItem(item, COL_PATH)
        option.rect = self.visualRect(index)
        self._labels.initStyleOption(option, index)
        return str(option.text)

    def _viewed(self, f: FileDiff) -> bool:
        mark = self.reviewed.get(f.path)  # hash a file's change only if it was marked
        return mark is not None and mark == f.content_key

    def _apply_filter(self) -> None:
        needle = self._filter
        for i, item in self._items.items():
            item.setHidden(bool(needle) and needle not in self._files[i].path.casefold())
        if self.tree_mode:  # a folder shows while any file under it does
            def visit(node: QTreeWidgetItem) -> bool:
                if node.data(COL_PATH, ROLE_INDEX) is not None:
                    return not node.isHidden()
                shown = any([visit(child) for k in range(node.childCount()) if (child := node.child(k))])
                node.setHidden(not shown)
                return shown
            for k in range(self.topLevelItemCount()):
                if (top_item := self.topLevelItem(k)) is not None:
                    visit(top_item)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The names first: the +/- counts (also on hover and above the diff) go when the
        list is too narrow for both, and come back when it is widened."""
        room = self.viewport().width() - self.header().sectionSize(COL_STATUS) - self._counts_w
        hide = room < LIMITS.file_name_min_px
        for c in (COL_ADD, COL_DEL):
            if self.isColumnHidden(c) != hide:
                self.setColumnHidden(c, hide)

    # -- viewed marks -----------------------------------------------------------------
    def set_viewed_marks(self, marks: dict[str, str]) -> None:
        """Ticks from the audit file (path -> content key they were made at)."""
        self.reviewed = dict(marks)
        self._filling = True
        for i, item in self._items.items():
            item.setCheckState(COL_PATH, Qt.CheckState.Checked if self._viewed(self._files[i])
                               else Qt.CheckState.Unchecked)
        self._filling = False

    def viewed_count(self) -> int:
        return sum(self._viewed(f) for f in self._files if f.path in self.reviewed)

    def is_reviewed(self, path: str) -> bool:
        f = next((f for f in self._files if f.path == path), None)
        return f is not None and self._viewed(f)

    def set_reviewed(self, index: int, done: bool) -> None:
        self._items[index].setCheckState(COL_PATH, Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)

    # -- selection --------------------------------------------------------------------
    def file_count(self) -> int:
        return len(self._files)

    def shown_count(self) -> int:
        return sum(not item.isHidden() for item in self._items.values())

    def shown_order(self) -> list[int]:
        """File indexes in the order the list shows them (sorted, filtered, grouped)."""
        out: list[int] = []
        item = self.topLevelItem(0)
        while item is not None:
            value = item.data(COL_PATH, ROLE_INDEX)
            if value is not None and not item.isHidden():
                out.append(int(value))
            item = self.itemBelow(item)
        return out

    def select_index(self, index: int) -> None:
        item = self._items.get(index)
        if item is not None and self.currentItem() is not item:
            self.setCurrentItem(item)

    def current_index(self) -> int:
        item = self.currentItem()
        value = None if item is None else item.data(COL_PATH, ROLE_INDEX)
        return -1 if value is None else int(value)

    def _current_changed(self, item, _prev) -> None:
        if item is not None and not self._filling and item.data(COL_PATH, ROLE_INDEX) is not None:
            self.fileChosen.emit(int(item.data(COL_PATH, ROLE_INDEX)))

    def _item_changed(self, item, column: int) -> None:
        if self._filling or column != COL_PATH or item.data(COL_PATH, ROLE_INDEX) is None:
            return
        f = self._files[int(item.data(COL_PATH, ROLE_INDEX))]
        done = item.checkState(COL_PATH) == Qt.CheckState.Checked
        if done == self._viewed(f):
            return
        if done:
            self.reviewed[f.path] = f.content_key
        else:
            self.reviewed.pop(f.path, None)
        self.reviewedChanged.emit(f.path, done)
