"""Every audit edit the window makes — verdicts, links, scars, viewed marks — goes
through here, so each one is saved and can be undone and redone.

An edit shows at once: the in-memory audit is updated (``edited``) and the write is
queued on the ordered background ``AuditWriter``, which runs the app-layer write
function; ``auditChanged`` follows when it is on disk. A keypress therefore never
waits for YAML, git or the disk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from specaudit.app.change_marks import mark_change
from specaudit.app.review import add_link, now_utc, record_verdict, remove_link
from specaudit.app.scars import add_scar
from specaudit.app.undo import EntryRef, entry_state, restore_entry
from specaudit.app.viewed import set_viewed
from specaudit.core.audit import Link, ViewedMark, change_key
from specaudit.core.errors import SpecauditError
from specaudit.ui.audit_writer import AuditWriter


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
        only before undo/redo: an undo must never skip the edit just made)."""
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
    def _apply(self, ref: EntryRef, text: str, action: Callable[[], object], show=None) -> bool:
        """Queue ``action`` (an app-layer write); ``show(review)`` is its in-memory
        effect on a review, applied now so the window reflects the keypress at once."""
        root = self._session().root
        if show is not None and ref.kind == "review":
            entry = self._session().entry(ref.spec_rel)
            if entry is not None:
                entry.audit.put_review(show(entry.audit.review(ref.ident)))
                self.edited.emit(ref.spec_rel, ref.ident)

        def job():
            before = entry_state(root, ref)
            action()
            return before, entry_state(root, ref)

        self.writer.submit(job, lambda r: self._written(ref, text, *r), lambda exc: self._write_failed(ref, text, exc))
        return True

    def _written(self, ref: EntryRef, text: str, before, after) -> None:
        if before != after:
            self.undo_stack.push(_AuditCommand(self, ref, before, after, text))
        self.auditChanged.emit(ref.spec_rel)

    def _write_failed(self, ref: EntryRef, text: str, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, SpecauditError) else f"{type(exc).__name__}: {exc}"
        self.failed.emit(f"{text.split(':')[0]} not saved", f"{message}\n\nNothing was changed on disk.")
        self.auditChanged.emit(ref.spec_rel)  # reload: drop the in-memory edit that did not stick

    def _restore(self, ref: EntryRef, state) -> None:
        root = self._session().root

        def failed(exc: BaseException) -> None:
            self.failed.emit("Undo failed", f"{exc}\n\nThe audit file was left as it is.")

        self.writer.submit(lambda: restore_entry(root, ref, state),
                           lambda _r: self.auditChanged.emit(ref.spec_rel), failed)

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
            lambda old: old.superseded_by(verdict, at=now_utc(),
                                          note=note if note is not None else (old.note if verdict == old.verdict else None)),
        )

    def link(self, spec_rel: str, key: str, path: str, side: str, first: int, last: int) -> bool:
        session = self._session()
        return self._apply(
            EntryRef(spec_rel, "review", key), f"Link: {key} → {path}:{first}-{last}",
            lambda: add_link(session.repo, self._spec(spec_rel), key, path, first, last, side),
            lambda old: replace(old, links=tuple(lk for lk in old.links if not lk.same_place(path, first, last, side))
                                + (Link(path, first, last, side),)),
        )

    def unlink(self, spec_rel: str, key: str, path: str, side: str, first: int, last: int) -> bool:
        session = self._session()
        return self._apply(
            EntryRef(spec_rel, "review", key), f"Unlink: {key} ✕ {path}:{first}-{last}",
            lambda: remove_link(session.repo, self._spec(spec_rel), key, path, first, last, side),
            lambda old: replace(old, links=tuple(lk for lk in old.links if not lk.same_place(path, first, last, side))),
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
        # A scar is written here, after every queued edit, so writes stay in order.
        root = session.root
        self.writer.flush()
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
