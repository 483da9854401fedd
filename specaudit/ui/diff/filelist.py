"""The file list: status, +/- counts and a 'reviewed' tick per file.

A tick is remembered against the file's content key, so it clears by itself when a
new change set brings different content for that path.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from specaudit.core.diff.model import ChangeSet, FileDiff
from specaudit.ui import plain

STATUS_NAMES = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "C": "copied", "T": "type changed"}


class FileList(QTreeWidget):
    fileChosen = Signal(int)  # index into the change set's files
    reviewedChanged = Signal(str, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderLabels(["File", "+", "-"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideLeft)  # keep the file name, cut the directories
        self.reviewed: dict[str, str] = {}  # path -> content key it was reviewed at
        self._files: list[FileDiff] = []
        self._filling = False
        self.currentItemChanged.connect(self._current_changed)
        self.itemChanged.connect(self._item_changed)

    def set_changeset(self, cs: ChangeSet) -> None:
        self._filling = True
        self.clear()
        self._files = list(cs.files)
        items = []
        for i, f in enumerate(self._files):
            name = f"{f.old_path} \u2192 {f.new_path}" if f.status in ("R", "C") else f.path
            tags = []
            if f.similarity is not None and f.status in ("R", "C"):
                tags.append(f"{f.similarity}%")
            if f.binary:
                tags.append("binary")
            if f.old_mode and f.new_mode and f.old_mode != f.new_mode:
                tags.append(f"{f.old_mode}\u2192{f.new_mode}")
            item = QTreeWidgetItem([f"{f.status}  {name}" + (f"  ({', '.join(tags)})" if tags else ""),
                                    f"+{f.added}", f"-{f.removed}"])
            item.setData(0, Qt.ItemDataRole.UserRole, i)
            item.setToolTip(0, plain.tooltip(f"{STATUS_NAMES.get(f.status, f.status)}: {name}"))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            mark = self.reviewed.get(f.path)  # hash a file's change only if it was marked
            ok = mark is not None and mark == f.content_key
            item.setCheckState(0, Qt.CheckState.Checked if ok else Qt.CheckState.Unchecked)
            items.append(item)
        self.addTopLevelItems(items)
        for c in (1, 2):
            self.resizeColumnToContents(c)
        self._filling = False

    def is_reviewed(self, path: str) -> bool:
        f = next((f for f in self._files if f.path == path), None)
        return f is not None and self.reviewed.get(path) == f.content_key

    def set_reviewed(self, index: int, done: bool) -> None:
        self.topLevelItem(index).setCheckState(0, Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)

    def select_index(self, index: int) -> None:
        item = self.topLevelItem(index)
        if item is not None and self.currentItem() is not item:
            self.setCurrentItem(item)

    def current_index(self) -> int:
        item = self.currentItem()
        return -1 if item is None else int(item.data(0, Qt.ItemDataRole.UserRole))

    def _current_changed(self, item, _prev) -> None:
        if item is not None and not self._filling:
            self.fileChosen.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def _item_changed(self, item, column: int) -> None:
        if self._filling or column != 0:
            return
        f = self._files[int(item.data(0, Qt.ItemDataRole.UserRole))]
        done = item.checkState(0) == Qt.CheckState.Checked
        if done:
            self.reviewed[f.path] = f.content_key
        else:
            self.reviewed.pop(f.path, None)
        self.reviewedChanged.emit(f.path, done)
