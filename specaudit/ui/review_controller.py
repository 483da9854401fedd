"""Every audit edit the window makes -- verdicts, links, scars, change marks, viewed
marks -- goes through here, so each one is saved and can be undone and redone.

Each action prepares an ``EntryChange`` (app layer: checks, git reads) and applies it
through the audit store's locked update; the resulting ``Edit`` (the entry before and
after, as read under the lock) is what the undo stack keeps. Undo and redo are deltas:
they refuse, keeping the other version, when someone else changed that entry since.

An edit shows at once: the in-memory audit is updated (``edited``) and the prepare and
apply run on the ordered background ``AuditWriter``, in the order asked for; the edit is
recorded for undo and ``auditChanged`` follows when it is on disk. A keypress never
waits for YAML, git or the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from specaudit.app.audit_store import Edit, EntryChange
from specaudit.app.change_marks import prepare_mark
from specaudit.app.evidence import prepare_reject
from specaudit.app.review import now_utc, prepare_link, prepare_unlink, prepare_verdict
from specaudit.app.scars import prepare_scar
from specaudit.app.undo import redo, undo
from specaudit.app.viewed import set_viewed
from specaudit.core.audit import Link, ViewedMark
from specaudit.core.errors import SpecauditError
from specaudit.ui.audit_writer import AuditWriter


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
    auditChanged = Signal(str)  # spec rel: a write reached the disk
    edited = Signal(str, str)  # spec rel, clause key: shown in memory, write queued
    failed = Signal(str, str)  # title, message

    def __init__(self, session_getter: Callable[[], object], parent: QObject | None = None):
        super().__init__(parent)
        self._session = session_getter
        self.undo_stack = QUndoStack(self)
        self.writer = AuditWriter(self)

    # -- undo, with queued writes taken into account ----------------------------------
    def settle(self) -> None:
        """Let every queued write land and its undo entry be recorded (a short wait,
        only before undo/redo and a scar: an undo must never skip the edit just made)."""
        while self.writer.pending():
            self.writer.flush()
            QCoreApplication.processEvents()

    def undo(self) -> None:
        self.settle()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.settle()
        self.undo_stack.redo()

    # -- generic --------------------------------------------------------------------
    def _apply(self, text: str, prepare: Callable[[], EntryChange], show=None, key: tuple[str, str] | None = None) -> bool:
        """Queue ``prepare().apply`` on the writer; ``show(review)`` is the edit's
        in-memory effect on the review of clause ``key`` (spec rel, clause), applied now
        so the window reflects the keypress at once."""
        session = self._session()
        if show is not None and key is not None:
            entry = session.entry(key[0])
            if entry is not None:
                entry.audit.put_review(show(entry.audit.review(key[1])))
                self.edited.emit(*key)
        root = session.root
        spec_rel = key[0] if key else None

        def failed(exc: BaseException) -> None:
            message = str(exc) if isinstance(exc, SpecauditError) else f"{type(exc).__name__}: {exc}"
            self.failed.emit(f"{text.split(':')[0]} not saved", f"{message}\n\nNothing was changed on disk.")
            if spec_rel:
                self.auditChanged.emit(spec_rel)  # reload: drop the in-memory edit that did not stick

        self.writer.submit(lambda: prepare().apply(root), lambda edit: self.record(edit, text), failed)
        return True

    def record(self, edit: Edit, text: str) -> None:
        """Make an edit already applied (here, or on a worker thread) undoable, and announce it."""
        if edit.before != edit.after:
            self.undo_stack.push(_AuditCommand(self, edit, text))
        self.auditChanged.emit(edit.ref.spec_rel)

    def _replay(self, command: _AuditCommand, step: Callable, title: str) -> None:
        """Undo/redo: after every queued edit has landed (settle), applied here, so a
        refused step can leave the stack at once. Rare, and never on a typing path."""
        self.settle()
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
            lambda old: old.superseded_by(verdict, at=now_utc(),
                                          note=note if note is not None else (old.note if verdict == old.verdict else None)),
            (spec_rel, key),
        )

    def link(self, spec_rel: str, key: str, path: str, side: str, first: int, last: int) -> bool:
        session = self._session()
        return self._apply(
            f"Link: {key} → {path}:{first}-{last}",
            lambda: prepare_link(session.repo, self._spec(spec_rel), key, path, first, last, side),
            lambda old: replace(old, links=tuple(lk for lk in old.links if not lk.same_place(path, first, last, side))
                                + (Link(path, first, last, side),)),
            (spec_rel, key),
        )

    def unlink(self, spec_rel: str, key: str, path: str, side: str, first: int, last: int) -> bool:
        session = self._session()
        return self._apply(
            f"Unlink: {key} ✕ {path}:{first}-{last}",
            lambda: prepare_unlink(session.repo, self._spec(spec_rel), key, path, first, last, side),
            lambda old: replace(old, links=tuple(lk for lk in old.links if not lk.same_place(path, first, last, side))),
            (spec_rel, key),
        )

    def reject_proposal(self, spec_rel: str, key: str, path: str, first: int | None = None,
                        last: int | None = None, commit: str | None = None) -> bool:
        """Record that lines ``first..last`` of ``path`` (the whole file without them) do
        not implement clause ``key`` (undoable)."""
        where = f"{path}:{first}-{last}" if first and last else path
        return self._apply(f"Reject: {key} ✕ {where}",
                           lambda: prepare_reject(spec_rel, key, path, first, last, commit)) is not None

    def mark_change(self, spec_rel: str, path: str, first: int, last: int, status: str,
                    note: str | None = None) -> bool:
        session = self._session()
        return self._apply(
            f"Mark: {path}:{first}-{last} {status}",
            lambda: prepare_mark(session.repo, spec_rel, path, first, last, status, note=note),
        )

    def add_scar(self, spec_rel: str, path: str, first: int, last: int, *, title: str, why: str,
                 clause: str | None, incident: str | None, severity: str, commit: str | None) -> str | None:
        # The caller wants the new scar's id: run it in order after every queued edit.
        session = self._session()
        self.settle()
        try:
            edit = prepare_scar(session.repo, spec_rel, path, first, last, title, why, clause=clause,
                                incident=incident, severity=severity, commit=commit).apply(session.root)
        except SpecauditError as exc:
            self.failed.emit("Scar not saved", f"{exc}\n\nNothing was changed on disk.")
            return None
        self.record(edit, f"Scar: {title}")
        return edit.ref.ident

    def set_viewed(self, spec_rel: str, path: str, key: str, viewed: bool, commit: str | None) -> None:
        """Tick (or untick) a file as viewed; kept in the audit file, written in order."""
        session = self._session()
        entry = session.entry(spec_rel)
        if entry is not None:
            if viewed:
                entry.audit.viewed[path] = ViewedMark(path, key, commit=commit)
            else:
                entry.audit.viewed.pop(path, None)
        self.writer.submit(lambda: set_viewed(session.repo, spec_rel, path, key, viewed, commit=commit),
                           lambda _r: self.auditChanged.emit(spec_rel),
                           lambda exc: self.failed.emit("Viewed mark not saved", str(exc)))
