"""Every audit edit the window makes — verdicts, links, scars — goes through here, so
each one is saved at once and can be undone and redone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from specaudit.app.change_marks import mark_change
from specaudit.app.evidence import reject_proposal
from specaudit.app.review import add_link, record_verdict, remove_link
from specaudit.app.scars import add_scar
from specaudit.app.undo import EntryRef, entry_state, restore_entry
from specaudit.core.audit import change_key
from specaudit.core.errors import SpecauditError


class _AuditCommand(QUndoCommand):
    """One edit of one audit entry, already applied when pushed."""

    def __init__(self, controller: ReviewController, ref: EntryRef, before, after, text: str):
        super().__init__(text)
        self._controller, self._ref, self._before, self._after = controller, ref, before, after
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # the action itself already wrote the new state
            self._applied = False
            return
        self._controller._restore(self._ref, self._after)

    def undo(self) -> None:
        self._controller._restore(self._ref, self._before)


class ReviewController(QObject):
    auditChanged = Signal(str)  # spec rel
    failed = Signal(str, str)  # title, message

    def __init__(self, session_getter: Callable[[], object], parent: QObject | None = None):
        super().__init__(parent)
        self._session = session_getter
        self.undo_stack = QUndoStack(self)

    # -- generic --------------------------------------------------------------------
    def _apply(self, ref: EntryRef, text: str, action: Callable[[], object]) -> bool:
        root = self._session().root
        try:
            before = entry_state(root, ref)
            action()
            after = entry_state(root, ref)
        except SpecauditError as exc:
            self.failed.emit(f"{text.split(':')[0]} not saved", f"{exc}\n\nNothing was changed on disk.")
            return False
        if before != after:
            self.undo_stack.push(_AuditCommand(self, ref, before, after, text))
        self.auditChanged.emit(ref.spec_rel)
        return True

    def _restore(self, ref: EntryRef, state) -> None:
        try:
            restore_entry(self._session().root, ref, state)
        except SpecauditError as exc:
            self.failed.emit("Undo failed", f"{exc}\n\nThe audit file was left as it is.")
            return
        self.auditChanged.emit(ref.spec_rel)

    def _spec(self, spec_rel: str):
        entry = self._session().entry(spec_rel)
        if entry is None:
            raise SpecauditError(f"spec {spec_rel} is not open")
        return entry.spec

    # -- actions --------------------------------------------------------------------
    def set_verdict(self, spec_rel: str, key: str, verdict: str, note: str | None = None) -> bool:
        session = self._session()
        return self._apply(
            EntryRef(spec_rel, "review", key), f"Verdict: {key} {verdict}",
            lambda: record_verdict(session.repo, self._spec(spec_rel), key, verdict, note=note),
        )

    def link(self, spec_rel: str, key: str, path: str, side: str, first: int, last: int) -> bool:
        session = self._session()
        return self._apply(
            EntryRef(spec_rel, "review", key), f"Link: {key} → {path}:{first}-{last}",
            lambda: add_link(session.repo, self._spec(spec_rel), key, path, first, last, side),
        )

    def unlink(self, spec_rel: str, key: str, path: str, side: str, first: int, last: int) -> bool:
        session = self._session()
        return self._apply(
            EntryRef(spec_rel, "review", key), f"Unlink: {key} ✕ {path}:{first}-{last}",
            lambda: remove_link(session.repo, self._spec(spec_rel), key, path, first, last, side),
        )

    def reject_proposal(self, spec_rel: str, key: str, path: str) -> bool:
        session = self._session()
        return self._apply(
            EntryRef(spec_rel, "rejected", key), f"Reject: {key} ✕ {path}",
            lambda: reject_proposal(session.root, spec_rel, key, path),
        )

    def mark_change(self, spec_rel: str, path: str, first: int, last: int, status: str,
                    note: str | None = None) -> bool:
        session = self._session()
        return self._apply(
            EntryRef(spec_rel, "change", change_key(path, first, last)), f"Mark: {path}:{first}-{last} {status}",
            lambda: mark_change(session.repo, spec_rel, path, first, last, status, note=note),
        )

    def add_scar(self, spec_rel: str, path: str, first: int, last: int, *, title: str, why: str,
                 clause: str | None, incident: str | None, severity: str, commit: str | None) -> str | None:
        session = self._session()
        created: list = []

        def action() -> None:
            created.append(add_scar(session.repo, spec_rel, path, first, last, title, why, clause=clause,
                                    incident=incident, severity=severity, commit=commit))

        # The scar id is random, so capture "before" as absent and record after the fact.
        root = session.root
        try:
            action()
        except SpecauditError as exc:
            self.failed.emit("Scar not saved", f"{exc}\n\nNothing was changed on disk.")
            return None
        scar = created[0]
        ref = EntryRef(spec_rel, "scar", scar.id)
        self.undo_stack.push(_AuditCommand(self, ref, None, entry_state(root, ref), f"Scar: {title}"))
        self.auditChanged.emit(spec_rel)
        return scar.id
