"""What the check gate says about the session, grouped: by kind (loudest first), then by
clause or file, each group with its count. A finding's evidence sits under it.

Keyboard: Up/Down move through the rows, Left/Right fold and unfold, Enter on a finding
(or on one of its evidence lines) jumps to the code; on a group it folds or unfolds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from specaudit.core.findings import KINDS, SCAR_OVERWRITTEN, TEST_FAILING, VIOLATED
from specaudit.ui.kit import plain
from specaudit.ui.kit.clause_names import key_label

ROLE_FINDING = Qt.ItemDataRole.UserRole + 1
_LOUD = {SCAR_OVERWRITTEN, VIOLATED, TEST_FAILING}
_RED = QColor("#c62828")


def _rank(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def group_of(f) -> tuple[str, str]:
    """(sort key, label) of the group a finding sits in below its kind: its clause, else its file."""
    if f.clause:
        label = key_label(f.clause) + (f"  ({f.spec})" if f.spec else "")
        return (f"0 {f.spec or ''} {f.clause}", label)
    if f.scar:
        return (f"1 {f.scar}", f"scar {f.scar}")
    return (f"2 {f.path or ''}", f.path or f.spec or "(no file)")


def finding_text(f, *, alone: bool = False) -> str:
    """Where first (the file is what a reader scans for), then what. A clause's finding
    ``alone`` in its kind has no clause row above it, so it names the clause itself."""
    where = f"{f.path}:{f.line}" if f.path and f.line else (f.path or "")
    what = f"{key_label(f.clause)}: {f.message}" if alone and f.clause and f.clause not in f.message else f.message
    return f"{where}  {what}" if where and where not in f.message else what


def _same(a, b) -> bool:
    if a is None or b is None:
        return False
    return (a.kind, a.spec, a.clause, a.scar, a.path) == (b.kind, b.spec, b.clause, b.scar, b.path)


class FindingsPanel(QTreeWidget):
    findingActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findings")
        self.setAccessibleName("Check findings")
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.itemActivated.connect(self._activated)
        self.show_pending()

    # -- states -------------------------------------------------------------------------
    def _message(self, text: str) -> None:
        self.clear()
        self.addTopLevelItem(QTreeWidgetItem([text]))

    def show_pending(self) -> None:
        self._message("Checking for drift and overwritten scars…")

    def show_error(self, message: str) -> None:
        self._message(f"Check could not run: {message}")

    def set_findings(self, findings: list) -> None:
        """Rebuild; a re-check keeps the reader's place (folds and the current finding)."""
        was = self.current_finding()
        folded = {item.text(0).split(" (")[0] for item in self._walk()
                  if item.childCount() and not item.isExpanded()}
        opened = {item.text(0).split(" (")[0] for item in self._walk() if item.isExpanded()}
        self.clear()
        if not findings:
            self._message("✓ No findings: the gate holds.")
            return
        by_kind: dict[str, list] = {}
        for f in findings:
            by_kind.setdefault(f.kind, []).append(f)
        kinds = sorted(by_kind, key=lambda k: (not any(f.gating for f in by_kind[k]), _rank(k), k))
        for kind in kinds:
            rows = by_kind[kind]
            loud = kind in _LOUD or any(f.gating for f in rows)
            gating = " · fails the gate" if any(f.gating for f in rows) else ""
            head = QTreeWidgetItem([f"{'⚠ ' if loud else ''}{kind} ({len(rows)}){gating}"])
            self._style(head, loud, bold=True)
            self.addTopLevelItem(head)
            groups: dict[tuple[str, str], list] = {}
            for f in sorted(rows, key=lambda f: (group_of(f), f.path or "", f.line or 0)):
                groups.setdefault(group_of(f), []).append(f)
            for (_key, label), members in groups.items():
                parent = head
                if len(members) > 1:
                    parent = QTreeWidgetItem([f"{label} ({len(members)})"])
                    head.addChild(parent)
                for f in members:
                    parent.addChild(self._finding_item(f, loud, alone=parent is head))
            name = head.text(0).split(" (")[0]
            head.setExpanded(name in opened or (name not in folded and (len(kinds) <= 3 or loud
                                                                       or kind == kinds[0])))
            for i in range(head.childCount()):
                child = head.child(i)
                if child is not None and child.childCount() and child.data(0, ROLE_FINDING) is None:
                    child.setExpanded(child.text(0).split(" (")[0] in opened)
        again = next((it for it in self.finding_items() if _same(it.data(0, ROLE_FINDING), was)), None)
        target = again or self._first_finding()
        if target is not None:
            self.setCurrentItem(target)

    def _finding_item(self, f, loud: bool, alone: bool = False) -> QTreeWidgetItem:
        text = finding_text(f, alone=alone)
        item = QTreeWidgetItem([("⚠ " if loud else "• ") + text])
        item.setData(0, ROLE_FINDING, f)
        tip = [text, *(f"{e.what}: {e.where()}" + (f"  {e.text.strip()}" if e.text else "") for e in f.evidence)]
        item.setToolTip(0, plain.tooltip("\n".join(tip)))
        self._style(item, loud)
        for e in f.evidence:
            label = f"{e.what}" + (f": {e.where()}" if e.where() else "") + (f" — {e.text.strip()}" if e.text else "")
            child = QTreeWidgetItem([label])
            if e.path:  # Enter on an evidence line jumps to it
                child.setData(0, ROLE_FINDING, replace(f, path=e.path, line=e.line, end_line=None))
            child.setToolTip(0, plain.tooltip(label))
            item.addChild(child)
        return item

    @staticmethod
    def _style(item: QTreeWidgetItem, loud: bool, bold: bool = False) -> None:
        if loud or bold:
            font = QFont()
            font.setBold(True)
            item.setFont(0, font)
        if loud:
            item.setForeground(0, _RED)

    # -- navigation ---------------------------------------------------------------------
    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = item.data(0, ROLE_FINDING)
        if finding is None:
            item.setExpanded(not item.isExpanded())
            return
        self.findingActivated.emit(finding)

    def _walk(self) -> Iterator[QTreeWidgetItem]:
        stack = [t for i in reversed(range(self.topLevelItemCount())) if (t := self.topLevelItem(i)) is not None]
        while stack:
            item = stack.pop()
            yield item
            stack += [c for i in reversed(range(item.childCount())) if (c := item.child(i)) is not None]

    def finding_items(self) -> list[QTreeWidgetItem]:
        """The rows that are findings (not groups, not evidence lines), in display order."""
        out = []
        for item in self._walk():
            f = item.data(0, ROLE_FINDING)
            parent = item.parent()
            if f is not None and (parent is None or parent.data(0, ROLE_FINDING) is None):
                out.append(item)
        return out

    def finding_texts(self) -> list[str]:
        return [item.text(0) for item in self.finding_items()]

    def _first_finding(self) -> QTreeWidgetItem | None:
        items = self.finding_items()
        return items[0] if items else None

    def current_finding(self):
        item = self.currentItem()
        return item.data(0, ROLE_FINDING) if item else None
