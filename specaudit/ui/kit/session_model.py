"""The desk's observable state: the session, its change set, its findings and what is
selected. Panels subscribe to the fine-grained signals; nothing refreshes another panel
by hand. Every change of shared state goes through a method here, which says what changed.

The audit revision counts the audits' states: each edit shown (``put_entry``) and each
audit replaced from disk makes a new one, and a check result is kept only for the
revision it describes (``set_check``), so a late result never paints over newer edits.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from specaudit.app.store.audit_store import Entry, EntryRef
from specaudit.app.workspace.analysis import Analysis, CheckState
from specaudit.app.workspace.session import Session, SpecEntry
from specaudit.core.audit import Audit, Review
from specaudit.core.diff import ChangeSet
from specaudit.core.findings import Finding
from specaudit.core.model import Spec


class SessionModel(QObject):
    sessionReplaced = Signal()  # a new session: everything else follows
    specsReloaded = Signal()  # specs and audits re-read from disk; the change set stays
    specEdited = Signal(str)  # spec rel: its text is being edited (parsed, not saved)
    auditReplaced = Signal(str)  # spec rel: its audit was read again from disk
    reviewChanged = Signal(str, str)  # spec rel, clause key: one review changed
    linksChanged = Signal(str)  # spec rel: some clause's links changed
    scarsChanged = Signal(str)  # spec rel
    viewedChanged = Signal(str)  # spec rel (viewed marks)
    marksChanged = Signal(str)  # spec rel: change marks, contradictions or rejected proposals
    changesetLoaded = Signal(object)  # ChangeSet
    proposalsReady = Signal()
    proposalsFailed = Signal(str)  # why the evidence could not be gathered
    findingsChanged = Signal()
    selectionChanged = Signal(str, str)  # spec rel, clause key: the current clause
    selectionCleared = Signal()  # no clause is current (a filter hid it): verdict keys apply to none
    linesSelected = Signal(str, str, int, int)  # path, side, first, last: lines picked in the code

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.analysis = Analysis(session)
        self.changeset: ChangeSet | None = None
        self.check: CheckState | None = None
        self.selection: tuple[str, str] | None = None
        self.lines: tuple[str, str, int, int] | None = None
        self.revision = 0

    # -- reading ------------------------------------------------------------------------
    @property
    def findings(self) -> list[Finding]:
        return list(self.check.result.findings) if self.check is not None else []

    def entry(self, spec_rel: str) -> SpecEntry | None:
        return self.session.entry(spec_rel)

    def review(self, spec_rel: str, key: str) -> Review | None:
        entry = self.entry(spec_rel)
        return entry.audit.review(key) if entry is not None else None

    def current_entry(self) -> SpecEntry | None:
        return self.entry(self.selection[0]) if self.selection else None

    def orphaned_audits(self) -> list[tuple[str, Audit]]:
        """(spec rel, audit) of each audit whose spec is gone (moved without it), as the
        last check read them: the window lists their scars, which still guard their lines."""
        checked = self.check.checked if self.check is not None else []
        return [(cs.spec.path, cs.audit) for cs in checked if cs.orphaned]

    def overwritten_scars(self) -> set[str]:
        return {f.scar for f in self.findings if f.kind == "scar-overwritten" and f.scar}

    def anchor_commit(self, side: str) -> str | None:
        """The commit lines on ``side`` of the change on screen belong to (None: the
        working tree): where every record the reviewer makes is anchored."""
        return self.session.source.side_commit(side)

    # -- changing -----------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        self.session = session
        self.analysis = Analysis(session)
        self.changeset, self.check, self.selection, self.lines = None, None, None, None
        self.revision += 1
        self.sessionReplaced.emit()

    def announce(self) -> None:
        """Tell every subscriber about the session as it is (once, when the desk is built)."""
        self.sessionReplaced.emit()

    def set_specs(self, entries: list[SpecEntry]) -> None:
        self.session.specs = entries
        self.revision += 1
        self.specsReloaded.emit()

    def set_spec_text(self, spec_rel: str, spec: Spec) -> None:
        """The spec as parsed from the editor's unsaved text: its clauses are listed, the
        check waits for the save."""
        entry = self.entry(spec_rel)
        if entry is not None:
            entry.spec = spec
            self.specEdited.emit(spec_rel)

    def set_changeset(self, changeset: ChangeSet) -> None:
        self.changeset = changeset
        self.changesetLoaded.emit(changeset)

    def set_check(self, state: CheckState) -> bool:
        """Keep a check result made for the current audit revision; False if it is older."""
        if state.revision != self.revision:
            return False
        self.check = state
        self.findingsChanged.emit()
        return True

    def select(self, spec_rel: str, key: str) -> None:
        if self.selection != (spec_rel, key):
            self.selection = (spec_rel, key)
            self.selectionChanged.emit(spec_rel, key)

    def clear_selection(self) -> None:
        if self.selection is not None:
            self.selection = None
            self.selectionCleared.emit()

    def select_lines(self, path: str, side: str, first: int, last: int) -> None:
        self.lines = (path, side, first, last)
        self.linesSelected.emit(path, side, first, last)

    def repaint_review(self, spec_rel: str, key: str) -> None:
        """Show a review again as it is (an edit that was refused left it unchanged)."""
        self.reviewChanged.emit(spec_rel, key)

    def put_entry(self, ref: EntryRef, entry: Entry | None) -> bool:
        """Show one audit entry as it is now (an edit, its landing, an undo); emits what
        changed. False when nothing did (the same entry again)."""
        spec = self.entry(ref.spec_rel)
        if spec is None:
            return False
        table = ref.table(spec.audit)
        before = table.get(ref.ident)
        if before == entry:
            return False
        if entry is None:
            table.pop(ref.ident, None)
        else:
            table[ref.ident] = entry
        self.revision += 1
        self._announce(ref, before, entry)
        return True

    def _announce(self, ref: EntryRef, before: Entry | None, after: Entry | None) -> None:
        rel = ref.spec_rel
        if ref.kind == "review":
            self.reviewChanged.emit(rel, ref.ident)
            old = before.links if isinstance(before, Review) else ()
            new = after.links if isinstance(after, Review) else ()
            if old != new:
                self.linksChanged.emit(rel)
        elif ref.kind == "scar":
            self.scarsChanged.emit(rel)
        elif ref.kind == "viewed":
            self.viewedChanged.emit(rel)
        else:
            self.marksChanged.emit(rel)

    def replace_audit(self, spec_rel: str, audit: Audit) -> bool:
        """The audit as read from disk. Nothing happens when it equals what is shown (our
        own writes landing); else every changed part is announced and a new revision
        begins (another program edited the file: the check must run again)."""
        spec = self.entry(spec_rel)
        if spec is None or spec.audit == audit:
            return False
        old, spec.audit = spec.audit, audit
        self.revision += 1
        changed = {k for k in old.reviews.keys() | audit.reviews.keys() if old.reviews.get(k) != audit.reviews.get(k)}
        for key in sorted(changed) if len(changed) <= 50 else ():
            self.reviewChanged.emit(spec_rel, key)
        if any((old.reviews.get(k) or Review(k)).links != (audit.reviews.get(k) or Review(k)).links
               for k in changed):
            self.linksChanged.emit(spec_rel)
        if old.scars != audit.scars:
            self.scarsChanged.emit(spec_rel)
        if old.viewed != audit.viewed:
            self.viewedChanged.emit(spec_rel)
        if (old.changes, old.contradictions, old.rejected) != (audit.changes, audit.contradictions, audit.rejected):
            self.marksChanged.emit(spec_rel)
        self.auditReplaced.emit(spec_rel)
        return True
