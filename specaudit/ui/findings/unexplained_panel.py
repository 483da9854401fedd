"""Changed lines no clause explains, as a tree of files and their hunks with counts: link
them, or mark them as explained or as scope nobody asked for, per hunk or per file.

Enter shows the lines in the diff; E marks explained, O out of scope (also in the
context menu). A file row marks every open run of the file, a hunk row those of the hunk.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from specaudit.core.audit import EXPLAINED, OUT_OF_SCOPE
from specaudit.core.findings import UNEXPLAINED_CHANGE, Part

ROLE_FINDING = Qt.ItemDataRole.UserRole + 1
ROLE_RUNS = Qt.ItemDataRole.UserRole + 2  # the open runs a mark on this row covers


def _lines(a: int, b: int) -> str:
    return f"line {a}" if a == b else f"lines {a}–{b}"


def hunk_label(h: Part) -> str:
    runs = ", ".join(_lines(a, b).removeprefix("lines ").removeprefix("line ") for a, b in h.runs)
    if h.runs == ((h.first, h.last),):
        return f"{_lines(h.first, h.last)} · {h.open_lines} unexplained"
    return f"{_lines(h.first, h.last)} · {h.open_lines} of {h.lines} unexplained ({runs})"


class UnexplainedPanel(QTreeWidget):
    findingActivated = Signal(object)
    markRequested = Signal(object, str)  # finding (one open run: line..end_line), EXPLAINED | OUT_OF_SCOPE

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unexplained")
        self.setAccessibleName("Unexplained changes")
        self.setHeaderLabel("Unexplained changes")
        self.itemActivated.connect(self._activated)
        # Keys work while the list has focus; the same actions are in the context menu.
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, key, status in (("Mark Explained", "E", EXPLAINED), ("Mark Out of Scope", "O", OUT_OF_SCOPE)):
            action = QAction(text, self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, st=status: self._mark(st))
            self.addAction(action)

    def _mark(self, status: str) -> None:
        item = self.currentItem()
        if item is None:
            return
        finding = item.data(0, ROLE_FINDING)
        for a, b in item.data(0, ROLE_RUNS) or ():
            self.markRequested.emit(replace(finding, line=a, end_line=b, hunks=()), status)

    def set_findings(self, findings: list) -> None:
        was = self.current_finding()
        tops = [t for i in range(self.topLevelItemCount()) if (t := self.topLevelItem(i)) is not None]
        opened = {t.text(0).split("  ")[0] for t in tops if t.isExpanded()}
        self.clear()
        rows = sorted((f for f in findings if f.kind == UNEXPLAINED_CHANGE), key=lambda f: f.path or "")
        lines = sum(h.open_lines for f in rows for h in f.hunks)
        self.setHeaderLabel(f"{len(rows)} file{'s' if len(rows) != 1 else ''}, {lines} line"
                            f"{'s' if lines != 1 else ''} linked to no clause" if rows else "Unexplained changes")
        if not rows:
            self.addTopLevelItem(QTreeWidgetItem(["Every changed line is linked to a clause."]))
            return
        tip = ("Enter: show in the diff · E: explained · O: out of scope (a file row marks all its hunks) · "
               "Ctrl+L links lines selected in the diff to the current clause")
        current = None
        for f in rows:
            runs = f.open_runs()
            top = QTreeWidgetItem([f"{f.path}  {f.message}"])
            top.setData(0, ROLE_FINDING, f)
            top.setData(0, ROLE_RUNS, runs if f.hunks else [(f.line, f.end_line)] if f.line else [])
            top.setToolTip(0, tip)
            self.addTopLevelItem(top)
            for h in f.hunks:
                if not h.runs:
                    continue
                child = QTreeWidgetItem([hunk_label(h)])
                child.setData(0, ROLE_FINDING, replace(f, line=h.runs[0][0], end_line=h.runs[-1][1]))
                child.setData(0, ROLE_RUNS, list(h.runs))
                child.setToolTip(0, tip)
                top.addChild(child)
            top.setExpanded(f.path in opened)
            if was is not None and was.path == f.path:
                current = top
        if (first := current or self.topLevelItem(0)) is not None:
            self.setCurrentItem(first)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = item.data(0, ROLE_FINDING)
        if finding is not None:
            self.findingActivated.emit(finding)

    def file_count(self) -> int:
        """Files listed (0 when every changed line is explained)."""
        top = self.topLevelItem(0)
        return self.topLevelItemCount() if top is not None and top.data(0, ROLE_FINDING) is not None else 0

    def current_finding(self):
        item = self.currentItem()
        return item.data(0, ROLE_FINDING) if item else None
