"""Every audit edit the window makes -- verdicts, links, scars, change marks -- goes
through here, so each one is saved at once and can be undone and redone.

Each action prepares an ``EntryChange`` (app layer: checks, git reads) and applies it
through the audit store's locked update; the resulting ``Edit`` (the entry before and
after, as read under the lock) is what the undo stack keeps. Undo and redo are deltas:
they refuse, keeping the other version, when someone else changed that entry since.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from specaudit.app.audit_store import Edit, EntryChange
from specaudit.app.change_marks import prepare_mark
from specaudit.app.review import prepare_link, prepare_unlink, prepare_verdict
from specaudit.app.scars import prepare_scar
from specaudit.app.undo import redo, undo
from specaudit.core.errors import SpecauditError


class _AuditCommand(QUndoCommand):
    """One edit of one audit entry, already applied when pushed."""

    def __init__(self, controller: ReviewController, edit: Edit, text: str):
        super().__init__(text)
        self._controller, self._edit = controller, edit
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # the action itself already wrote the new state
            self._applied = False
            return
        self._controller._replay(self, redo, "Redo")

    def undo(self) -> None:
        self._controller._replay(self, undo, "Undo")


class ReviewController(QObject):
    auditChanged = Signal(str)  # spec rel
    failed = Signal(str, str)  # title, message

    def __init__(self, session_getter: Callable[[], object], parent: QObject | None = None):
        super().__init__(parent)
        self._session = session_getter
        self.undo_stack = QUndoStack(self)

    # -- generic --------------------------------------------------------------------
    def _apply(self, text: str, prepare: Callable[[], EntryChange]) -> Edit | None:
        try:
            edit = prepare().apply(self._session().root)
        except SpecauditError as exc:
            self.failed.emit(f"{text.split(':')[0]} not saved", f"{exc}\n\nNothing was changed on disk.")
            return None
        self.record(edit, text)
        return edit

    def record(self, edit: Edit, text: str) -> None:
        """Make an edit already applied (here, or on a worker thread) undoable, and announce it."""
        if edit.before != edit.after:
            self.undo_stack.push(_AuditCommand(self, edit, text))
        self.auditChanged.emit(edit.ref.spec_rel)

    def _replay(self, command: _AuditCommand, step: Callable, title: str) -> None:
        try:
            step(self._session().root, command._edit)
        except SpecauditError as exc:
            # The entry changed under us (or the file cannot be written): this step can
            # never apply again, so it leaves the stack; the file keeps what it has.
            command.setObsolete(True)
            self.failed.emit(f"{title} refused", f"{exc}\n\nThe audit file was left as it is.")
        self.auditChanged.emit(command._edit.ref.spec_rel)

    def _spec(self, spec_rel: str):
        entry = self._session().entry(spec_rel)
        if entry is None:
            raise SpecauditError(f"spec {spec_rel} is not open")
        return entry.spec

    # -- actions --------------------------------------------------------------------
    def set_verdict(self, spec_rel: str, key: str, verdict: str, note: str | None = None) -> bool:
        session = self._session()
        return self._apply(
            f"Verdict: {key} {verdict}",
            lambda: prepare_verdict(session.repo, self._spec(spec_rel), key, verdict, note=note),
        ) is not None

    def link(self, spec_rel: str, key: str, path: str, side: str, first: int, last: int) -> bool:
        session = self._session()
        return self._apply(
            f"Link: {key} → {path}:{first}-{last}",
            lambda: prepare_link(session.repo, self._spec(spec_rel), key, path, first, last, side),
        ) is not None

    def unlink(self, spec_rel: str, key: str, path: str, side: str, first: int, last: int) -> bool:
        session = self._session()
        return self._apply(
            f"Unlink: {key} ✕ {path}:{first}-{last}",
            lambda: prepare_unlink(session.repo, self._spec(spec_rel), key, path, first, last, side),
        ) is not None

    def mark_change(self, spec_rel: str, path: str, first: int, last: int, status: str,
                    note: str | None = None) -> bool:
        session = self._session()
        return self._apply(
            f"Mark: {path}:{first}-{last} {status}",
            lambda: prepare_mark(session.repo, spec_rel, path, first, last, status, note=note),
        ) is not None

    def add_scar(self, spec_rel: str, path: str, first: int, last: int, *, title: str, why: str,
                 clause: str | None, incident: str | None, severity: str, commit: str | None) -> str | None:
        session = self._session()
        edit = self._apply(
            f"Scar: {title}",
            lambda: prepare_scar(session.repo, spec_rel, path, first, last, title, why, clause=clause,
                                 incident=incident, severity=severity, commit=commit),
        )
        return edit.ref.ident if edit is not None else None
