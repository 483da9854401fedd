"""Proposals for the selected clause: the places in the change that implement it, grouped
by file, each with the evidence behind it.

A self-contained widget: it holds the ranking results it is given and talks to its host
through signals only, so it can sit in a tab, a dock or a clause-centred desk.

Keys (on the list): Space or a click previews a proposal in the diff without linking it,
Enter accepts it (the host links exactly the evidenced lines), Delete rejects it: these
lines of this file (the host records the span, so it does not come back; the file's
other proposals stay). A clause the change holds no evidence for says "No evidence found
in this change" (a note beside the spec's requirements says it is context instead); what
its text alone points at follows under "Weak guesses", dimmed and marked, never taken by
Ctrl+Return or the walk (a reviewer may still pick one and press Enter). "Propose links for all clauses" walks the clauses that have proposals: Enter or
Delete, then the next clause comes by itself; N skips a clause, Escape ends the walk.

Interface for a host (the main window today, a clause-centred desk tomorrow):

- feed it: ``show_pending()``, ``set_results(results, order)`` with the output of
  ``app.evidence.propose_all`` (computed off the GUI thread), ``show_clause(spec_rel,
  key, linked)`` whenever the current clause or its links change, ``set_spec_results``
  when a spec's feedback changes (an accepted or rejected proposal leaves the list that
  way, from the recorded audit, never by the panel's own hand, and the clauses it
  concerns are weighed again: ``app.evidence.reranking``);
- listen: ``previewRequested(path, side, first, last)`` (reveal in the diff),
  ``acceptRequested(spec_rel, key, proposal)`` (link ``proposal.first..last``),
  ``rejectRequested(spec_rel, key, proposal)`` (record it in the audit),
  ``clauseRequested(spec_rel, key)`` (select that clause, then call ``show_clause``),
  ``walkFinished()``, ``changed()`` (the shown proposals changed: mirror ``proposals()``
  wherever else they are shown, so an accepted or rejected one leaves everywhere at once);
- drive it: ``start_walk()``, ``stop_walk()``, ``top()``, ``focus_list()``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from specaudit.core.evidence import Proposal
from specaudit.core.evidence.model import CONTEXT_NOTE
from specaudit.core.evidence.model import NO_EVIDENCE as _NONE
from specaudit.ui.kit import plain

ROLE_PROPOSAL = Qt.ItemDataRole.UserRole + 1
HINT = "Space: preview · Enter: accept · Delete: reject these lines"
NO_EVIDENCE = _NONE[:1].upper() + _NONE[1:]
CONTEXT = CONTEXT_NOTE[:1].upper() + CONTEXT_NOTE[1:]
WEAK_HEADING = "Weak guesses: the clause's words alone point here, no evidence does"
WALK_HINT = "Walking all clauses — Enter: accept · Delete: reject · N: next clause · Esc: stop"


class SuggestionsPanel(QWidget):
    previewRequested = Signal(str, str, int, int)  # path, side, first, last
    acceptRequested = Signal(str, str, object)  # spec rel, clause key, core.evidence.Proposal
    rejectRequested = Signal(str, str, object)  # spec rel, clause key, Proposal
    clauseRequested = Signal(str, str)  # spec rel, clause key: the walk moves on; the host selects it
    walkFinished = Signal()
    changed = Signal()  # the proposals shown changed (another clause, or one handled)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("suggestions")
        self.setAccessibleName("Proposed links for the selected clause")
        self._results: dict[str, dict[str, list[Proposal]]] = {}  # spec rel -> clause key -> proposals
        self._order: dict[str, list[str]] = {}  # spec rel -> clause keys in spec order
        self._notes: dict[str, list[str]] = {}  # spec rel -> what to know of its evidence
        self._current: tuple[str, str] | None = None
        self._context = False  # the current clause is a note beside the requirements
        self._name = ""  # what the header calls the current clause (its key, or an OpenSpec name)
        self._linked: set[tuple[str, str, int, int]] = set()
        self._built: tuple | None = None  # (spec rel, key, its proposals) the tree holds rows for
        self._walking = False
        self._ready = False
        self._failure = ""  # why the evidence could not be gathered

        self.header = QLabel("Select a clause to see where the change implements it.")
        self.header.setWordWrap(True)
        # Why some evidence is not there: files too large to read, other specs' commits.
        self.notes = plain.ElidedLabel(elide=Qt.TextElideMode.ElideRight)  # one line; the whole in its tooltip
        self.notes.setObjectName("evidenceNotes")
        self.notes.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.notes.hide()
        self.tree = QTreeWidget()
        self.tree.setObjectName("proposals")
        self.tree.setAccessibleName("Proposals, grouped by file, with their evidence")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setWordWrap(True)
        self.tree.installEventFilter(self)
        self.tree.itemClicked.connect(lambda item, _col: self._preview(item))
        # One row per proposal (its evidence kinds at the end), the current one opened on its
        # evidence where the list has room: all eight stay in view, and Up/Down step from
        # proposal to proposal.
        self.tree.currentItemChanged.connect(lambda item, _old: self._open_only(item))
        self.hint = QLabel(HINT)
        self.hint.setObjectName("proposalsHint")
        self.hint.setWordWrap(True)  # two lines in a narrow window rather than a wider window
        self.walk_button = QPushButton("Propose links for all clauses")
        self.walk_button.setToolTip("Walk every clause that has proposals, accepting or rejecting from the keyboard")
        self.walk_button.clicked.connect(self.start_walk)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.walk_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.notes)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)

    # -- the host feeds results and the current clause ----------------------------------
    def show_pending(self, text: str = "Gathering evidence…") -> None:
        self._ready = False
        self._failure = ""
        self._clear(text)

    def show_none(self) -> None:
        """No clause is current: nothing listed may be accepted for a clause not on screen."""
        self._clear("No clause selected.")

    def _clear(self, header: str) -> None:
        self.tree.clear()
        self._built = None
        self.header.setText(header)

    def show_failed(self, message: str) -> None:
        """The evidence could not be gathered: said in place of the proposals, not only
        in a notice that fades."""
        self._failure = f"Could not gather evidence: {message}"
        if self._current:
            self.show_clause(*self._current, self._linked)
        else:
            self.header.setText(self._failure)

    @property
    def waiting(self) -> str:
        """What stands in for the proposals until they arrive ("" once they have)."""
        if self._ready:
            return ""
        return self._failure or "Gathering evidence… proposals appear once the change has been read."

    @property
    def none_found(self) -> str:
        """What a clause without proposals says: no evidence is a finding, a note's is not."""
        return CONTEXT if self._context else NO_EVIDENCE

    def set_results(self, results: dict[str, dict[str, list[Proposal]]], order: dict[str, list[str]],
                    notes: dict[str, list[str]] | None = None) -> None:
        """``results``: spec rel -> clause key -> proposals best first; ``order``: spec rel
        -> clause keys in the order the walk visits them; ``notes``: spec rel -> what the
        reviewer should know of that spec's evidence (shown under the header)."""
        self._results = {rel: {k: list(ps) for k, ps in by.items()} for rel, by in results.items()}
        self._order = {rel: list(keys) for rel, keys in order.items()}
        self._notes = {rel: list(ns) for rel, ns in (notes or {}).items()}
        self._ready = True
        self._failure = ""
        if self._current:
            self.show_clause(*self._current, self._linked)

    def show_clause(self, spec_rel: str, key: str,
                    linked: set[tuple[str, str, int, int]] | frozenset[tuple[str, str, int, int]] = frozenset(),
                    context: bool | None = None, name: str | None = None) -> None:
        """Show a clause's proposals; ``linked`` are (path, side, first, last) already linked;
        ``context``: the clause is a note beside the spec's requirements (``Spec.is_context``),
        so no proposal is no finding; ``name``: what the header calls it (an OpenSpec
        scenario by its own name, not its three-part key). None: as last said for this
        clause (the key for a new one)."""
        if context is not None or self._current != (spec_rel, key):
            self._context = bool(context)
        if name is not None or self._current != (spec_rel, key):
            self._name = name or key
        self._current = (spec_rel, key)
        self._linked = set(linked)
        every = self._results.get(spec_rel, {}).get(key, []) if self._ready else []
        built = (spec_rel, key, tuple(every))
        if self._ready and built == self._built:
            self._hide_linked()  # the same list, a link more or less: no item is deleted
            return
        self._built = built if self._ready else None
        self.tree.clear()  # another clause, or its proposals weighed again
        notes = self._notes.get(spec_rel, []) if self._ready else []
        self.notes.setText(" · ".join(notes))
        self.notes.setVisible(bool(notes))
        if not self._ready:
            self.header.setText(f"{self._name}: {self._failure}" if self._failure
                                else f"{self._name}: proposals appear once the change has been read.")
            self.changed.emit()  # the clause view says the same
            return
        proposals = [p for p in every if not p.weak]
        weak = [p for p in every if p.weak]
        for p in proposals:
            self._add(p, "")
        if weak:
            heading = QTreeWidgetItem([WEAK_HEADING])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable, not a proposal
            font = heading.font(0)
            font.setItalic(True)
            font.setBold(True)
            heading.setFont(0, font)
            self.tree.addTopLevelItem(heading)
            for p in weak:
                self._add(p, "weak guess · ")
        self._hide_linked()

    def _hide_linked(self) -> None:
        """Hide the proposals already linked and show the others, say how many are left,
        and make the first one current. Linking one hides its row instead of building the
        list again: deleting Qt items made in Python takes the GIL once per item, which a
        busy background check makes wait (docs/performance.md)."""
        key = self._name if self._current else ""
        weak = 0
        heading = None
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is None:
                continue
            p = item.data(0, ROLE_PROPOSAL)
            if p is None:
                heading = item
                continue
            gone = (p.path, p.side, p.first, p.last) in self._linked
            item.setHidden(gone)
            weak += p.weak and not gone
        if heading is not None:
            heading.setHidden(not weak)
        items = self._items()
        proposals = sum(1 for item in items if not item.data(0, ROLE_PROPOSAL).weak)
        self.header.setText(f"{key}: {proposals} proposal{'s' if proposals != 1 else ''}"
                            if proposals else f"{key}: {self.none_found}." + (
                                f" {weak} weak guess{'es' if weak != 1 else ''} below." if weak else ""))
        if proposals:
            self.tree.setCurrentItem(items[0])  # never a weak guess: picking one is the reviewer's move
        else:
            self.tree.setCurrentIndex(QModelIndex())  # none, as in a list just built
        self._open_only(self.tree.currentItem())
        self.changed.emit()

    def _add(self, p: Proposal, prefix: str) -> None:
        kinds = " · " + ", ".join(dict.fromkeys(e.kind for e in p.evidence)) if p.evidence else ""
        item = QTreeWidgetItem([f"{prefix}{p.path}   lines {p.first}–{p.last} ({p.side})   score {p.score:.2f}{kinds}"])
        item.setData(0, ROLE_PROPOSAL, p)
        item.setToolTip(0, plain.tooltip(("Weak guess: no evidence, the clause's words alone.\n" if prefix else "")
                                         + "\n".join(str(e) for e in p.evidence)))
        children = [QTreeWidgetItem([f"{e.kind}: {e}"]) for e in p.evidence]
        if prefix:  # dimmed: a guess, not a proposal
            dim = self.palette().color(QPalette.ColorRole.PlaceholderText)
            for it in (item, *children):
                it.setForeground(0, dim)
                font = it.font(0)
                font.setItalic(True)
                it.setFont(0, font)
        for child in children:
            child.setData(0, ROLE_PROPOSAL, p)
            item.addChild(child)
        self.tree.addTopLevelItem(item)

    def _open_only(self, current: QTreeWidgetItem | None) -> None:
        """Open the current proposal on its evidence, when the list still shows every
        proposal then, and close the others (Right and Left open and close one by hand)."""
        top = current.parent() or current if current is not None else None
        count = self.tree.topLevelItemCount()
        shown = sum(1 for i in range(count) if (item := self.tree.topLevelItem(i)) is not None and not item.isHidden())
        rows = shown + (top.childCount() if top is not None else 0)  # a linked proposal's row is hidden
        fits = rows * (self.tree.fontMetrics().lineSpacing() + 4) <= self.tree.viewport().height()
        for i in range(count):
            item = self.tree.topLevelItem(i)
            if item is not None and item.childCount():
                item.setExpanded(fits and item is top)

    def _step(self, down: bool) -> None:
        """Up/Down: the next (previous) proposal or weak guess, past the evidence rows."""
        items = self._items()
        current = self.tree.currentItem()
        top = current.parent() or current if current is not None else None
        if not items:
            return
        if top not in items:
            self.tree.setCurrentItem(items[0] if down else items[-1])
            return
        i = items.index(top) + (1 if down else -1)
        if 0 <= i < len(items):
            self.tree.setCurrentItem(items[i])

    def _items(self) -> list[QTreeWidgetItem]:
        """The proposal rows shown (a linked proposal's row is hidden)."""
        return [item for i in range(self.tree.topLevelItemCount())
                if (item := self.tree.topLevelItem(i)) is not None and item.data(0, ROLE_PROPOSAL) is not None
                and not item.isHidden()]

    def proposals(self) -> list[Proposal]:
        """The proposals shown, best first, then the weak guesses (``weak`` set)."""
        return [item.data(0, ROLE_PROPOSAL) for item in self._items()]

    def top(self) -> Proposal | None:
        """The first proposal (Ctrl+Return takes it); never a weak guess."""
        return next((p for p in self.proposals() if not p.weak), None)

    def set_spec_results(self, spec_rel: str, results: dict[str, list[Proposal]]) -> None:
        """One spec's proposals again (its feedback changed: a link or rejection): the clause
        shown follows when what it lists changed, so the next Enter takes the next one."""
        if not self._ready:
            return
        before = self._visible(*self._current) if self._current and self._current[0] == spec_rel else None
        self._results[spec_rel] = {k: list(ps) for k, ps in results.items()}
        if self._current is not None and before is not None and self._visible(*self._current) != before:
            self.show_clause(*self._current, self._linked)

    def focus_list(self) -> None:
        """Keys to the list, its first proposal current when none is."""
        self.tree.setFocus()
        if self.tree.currentItem() is None and (first := next(iter(self._items()), None)) is not None:
            self.tree.setCurrentItem(first)

    @property
    def ready(self) -> bool:
        """True once ranking results have arrived."""
        return self._ready

    # -- walking all clauses ------------------------------------------------------------
    @property
    def walking(self) -> bool:
        return self._walking

    def start_walk(self) -> None:
        self._walking = True
        self.hint.setText(WALK_HINT)
        self.tree.setFocus()
        if self._current and self._strong(*self._current):
            return
        self._next_clause()

    def stop_walk(self) -> None:
        if self._walking:
            self._walking = False
            self.hint.setText(HINT)
            self.walkFinished.emit()

    def _next_clause(self) -> None:
        """Ask the host to select the next clause (after the current one) with proposals."""
        spec_rel, key = self._current or (next(iter(self._order), ""), "")
        rels = list(self._order)
        start = rels.index(spec_rel) if spec_rel in rels else 0
        for rel in rels[start:]:
            keys = self._order[rel]
            after = keys.index(key) + 1 if rel == spec_rel and key in keys else 0
            for k in keys[after:]:
                if self._strong(rel, k):
                    self.clauseRequested.emit(rel, k)
                    self.tree.setFocus()
                    return
        self.header.setText("Every clause with proposals has been walked.")
        self.stop_walk()

    # -- keys and clicks ----------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.tree and event.type() == QEvent.Type.Resize:
            # Taller now, or shorter: room for the evidence or not, once the viewport follows.
            QTimer.singleShot(0, self.tree, lambda: self._open_only(self.tree.currentItem()))
        if obj is self.tree and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            k = event.key()
            if k == Qt.Key.Key_Space:
                self._preview(self.tree.currentItem())
                return True
            if k in (Qt.Key.Key_Down, Qt.Key.Key_Up) and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self._step(down=k == Qt.Key.Key_Down)
                return True
            if k in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self._decide(accept=True)
                return True
            if k in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._decide(accept=False)
                return True
            if self._walking and k == Qt.Key.Key_N:
                self._next_clause()
                return True
            if self._walking and k == Qt.Key.Key_Escape:
                self.stop_walk()
                return True
        return super().eventFilter(obj, event)

    def _preview(self, item: QTreeWidgetItem | None) -> None:
        p = item.data(0, ROLE_PROPOSAL) if item is not None else None
        if p is not None:
            self.previewRequested.emit(p.path, p.side, p.first, p.last)

    def _decide(self, *, accept: bool) -> None:
        item = self.tree.currentItem()
        p = item.data(0, ROLE_PROPOSAL) if item is not None else None
        if p is None or self._current is None:
            return
        spec_rel, key = self._current
        # The host records it; the recorded link or rejection comes back through
        # show_clause / set_spec_results before this returns, and the list follows.
        (self.acceptRequested if accept else self.rejectRequested).emit(spec_rel, key, p)
        if self._walking and (accept or not self._strong(spec_rel, key)):
            self._next_clause()

    def _visible(self, spec_rel: str, key: str) -> list[Proposal]:
        return [p for p in self._results.get(spec_rel, {}).get(key, [])
                if (p.path, p.side, p.first, p.last) not in self._linked]

    def _strong(self, spec_rel: str, key: str) -> list[Proposal]:
        """The proposals the walk visits a clause for (weak guesses are no evidence)."""
        return [p for p in self._visible(spec_rel, key) if not p.weak]
