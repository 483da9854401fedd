"""The one controller every audit edit of the window goes through.

``run(command)`` checks the command on the GUI thread (a refusal is said at once, and
nothing is claimed), shows its effect in the session model, and queues its ``do`` on the
ordered ``AuditWriter``; a keypress never waits for YAML, git or the lock. When the write
has landed the model shows the entry as saved, the edit goes on the undo stack and
``landed`` says so ("— saved" is shown then, never before). A write refused later is
``failed``: the window shows it in a non-modal notice with Retry, and the audit is read
back from disk so nothing unsaved stays on screen.

Undo and redo are the command's own ``undo``/``redo`` (deltas: refused, keeping the
other version, when someone else changed that entry since).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from specaudit.app.store.audit_store import Edit, Entry
from specaudit.core.errors import SpecauditError
from specaudit.ui.review.commands import (
    NO_PREVIEW,
    Command,
    ContradictionCommand,
    LinkCommand,
    MarkChangeCommand,
    RejectCommand,
    ScarCommand,
    SettleConflictCommand,
    UnlinkCommand,
    VerdictCommand,
    ViewedCommand,
)

if TYPE_CHECKING:
    from specaudit.ui.kit.context import DeskContext


@dataclass(frozen=True)
class Failure:
    """What was not saved, why, and the command to run again (None: cannot be retried)."""

    title: str
    message: str
    command: Command | None = None


def _key(command: Command) -> tuple[str, str, str]:
    ref = command.ref  # a scar's id is drawn when it is written: all new scars share one key
    return (ref.spec_rel, ref.kind, ref.ident)


def _message(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, SpecauditError) else f"{type(exc).__name__}: {exc}"


class _Undoable(QUndoCommand):
    """A command already done when pushed; undo/redo run its deltas."""

    def __init__(self, controller: ReviewController, command: Command):
        super().__init__(command.title)
        self._controller, self.command = controller, command
        self._done = True

    def redo(self) -> None:
        if self._done:  # pushed after do() landed: nothing to do again
            self._done = False
            return
        self._controller.replay(self, "redo")

    def undo(self) -> None:
        self._controller.replay(self, "undo")


class ReviewController(QObject):
    edited = Signal(object)  # Command: shown, its write queued (Ctrl+Z waits for it, then undoes it)
    landed = Signal(object)  # Command: its write is on disk
    refused = Signal(object, str)  # Command, why: checked before anything was claimed
    failed = Signal(object)  # Failure: a write (or undo) that did not happen
    reloadRequested = Signal(str)  # spec rel: read the audit from disk again

    def __init__(self, context: DeskContext, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.writer = context.writer
        self.undo_stack = QUndoStack(self)
        self._queued: dict[tuple[str, str, str], int] = {}  # entry -> its edits still queued

    @property
    def model(self):
        return self.context.model

    # -- running ------------------------------------------------------------------------
    def run(self, command: Command) -> bool:
        """Check, show and queue ``command``; False (and ``refused``) when it cannot be done."""
        entry = self.model.entry(command.spec_rel)
        current: Entry | None = command.ref.table(entry.audit).get(command.ref.ident) if entry is not None else None
        try:
            if entry is None:
                raise SpecauditError(f"spec {command.spec_rel} is not open")
            command.check(current)
            shown = command.preview(current)
        except SpecauditError as exc:
            self.refused.emit(command, _message(exc))
            return False
        if shown is not NO_PREVIEW:
            self.model.put_entry(command.ref, cast(Entry | None, shown))
        root, key = self.model.session.root, _key(command)
        self._queued[key] = self._queued.get(key, 0) + 1
        self.writer.submit(lambda: command.do(root), lambda edit: self._landed(command, edit, key),
                           lambda exc: self._failed(command, exc, key, current))
        self.edited.emit(command)
        return True

    def _done(self, key: tuple[str, str, str]) -> bool:
        """One of the entry's queued edits is over; True when it was the last one."""
        self._queued[key] -= 1
        if self._queued[key]:
            return False
        del self._queued[key]
        return True

    def retry_failure(self, failure: Failure) -> bool:
        """Run what was not saved again (the notice bar's Retry)."""
        return failure.command is not None and self.run(failure.command)

    def _landed(self, command: Command, edit: Edit, key: tuple[str, str, str]) -> None:
        # The saved entry replaces the one shown, unless a newer edit of it is still queued.
        if self._done(key) and self.model.session.entry(edit.ref.spec_rel) is not None:
            self.model.put_entry(edit.ref, edit.after)
        if edit.before != edit.after:
            self.undo_stack.push(_Undoable(self, command))
        self.landed.emit(command)

    def _failed(self, command: Command, exc: BaseException, key: tuple[str, str, str],
                before: Entry | None) -> None:
        if self._done(key) and command.ref.ident and self.model.session.entry(command.spec_rel) is not None:
            self.model.put_entry(command.ref, before)  # what was shown before it
        self.failed.emit(Failure(f"{command.title}: not saved", f"{_message(exc)} — nothing was changed on disk",
                                 command))
        self.reloadRequested.emit(command.spec_rel)  # and whatever the file holds now

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

    def replay(self, step: _Undoable, which: str) -> None:
        """Undo/redo, applied here after every queued edit has landed, so a refused step
        can leave the stack at once. Rare, and never on a typing path."""
        self.settle()
        command = step.command
        try:
            edit = (command.undo if which == "undo" else command.redo)(self.model.session.root)
        except SpecauditError as exc:
            # The entry changed under us (or the file cannot be written): this step can
            # never apply again, so it leaves the stack; the file keeps what it has.
            step.setObsolete(True)
            self.failed.emit(Failure(f"{which.title()} refused", f"{exc} — the audit file was left as it is"))
            self.reloadRequested.emit(command.spec_rel)
            return
        self.model.put_entry(edit.ref, edit.after)
        # Written on this thread, so on disk now; replaces the undone edit's "— saved".
        self.context.notices.show(f"{'Undone' if which == 'undo' else 'Redone'}: {command.title} — saved", 5000)

    # -- the edits, by name (the window's actions and scripts) ------------------------------
    def _command(self, kind: type[Command], spec_rel: str, **fields) -> Command:
        return kind(self.model.session, self.model.analysis, spec_rel, **fields)

    def set_verdict(self, spec_rel: str, key: str, verdict: str, note: str | None = None) -> bool:
        return self.run(self._command(VerdictCommand, spec_rel, key=key, verdict=verdict, note=note))

    def link(self, spec_rel: str, key: str, path: str, side: str, first: int, last: int) -> bool:
        return self.run(self._command(LinkCommand, spec_rel, key=key, path=path, side=side, first=first, last=last))

    def unlink(self, spec_rel: str, key: str, path: str, side: str, first: int, last: int) -> bool:
        return self.run(self._command(UnlinkCommand, spec_rel, key=key, path=path, side=side, first=first,
                                      last=last))

    def reject_proposal(self, spec_rel: str, key: str, path: str, first: int | None = None,
                        last: int | None = None) -> bool:
        """Lines ``first..last`` of ``path`` (the whole file without them) do not implement
        clause ``key``: not proposed again (the span anchored at the revision on screen)."""
        return self.run(self._command(RejectCommand, spec_rel, key=key, path=path, first=first, last=last))

    def mark_change(self, spec_rel: str, path: str, first: int, last: int, status: str,
                    note: str | None = None) -> bool:
        return self.run(self._command(MarkChangeCommand, spec_rel, path=path, first=first, last=last,
                                      status=status, note=note))

    def add_scar(self, spec_rel: str, path: str, first: int, last: int, *, title: str, why: str,
                 clause: str | None, incident: str | None, severity: str, side: str = "new") -> Command | None:
        """The scar's command (its ``ref`` names the new scar once it landed); None if refused."""
        command = self._command(ScarCommand, spec_rel, path=path, side=side, first=first, last=last,
                                scar_title=title, why=why, clause=clause, incident=incident, severity=severity)
        return command if self.run(command) else None

    def mark_contradiction(self, spec_rel: str, first: str, second: str, note: str | None = None) -> bool:
        return self.run(self._command(ContradictionCommand, spec_rel, first_key=first, second_key=second,
                                      note=note))

    def settle_conflict(self, spec_rel: str, key: str, choice: int, shown: tuple) -> bool:
        return self.run(self._command(SettleConflictCommand, spec_rel, key=key, choice=choice, shown=tuple(shown)))

    def set_viewed(self, spec_rel: str, path: str, key: str, viewed: bool) -> bool:
        return self.run(self._command(ViewedCommand, spec_rel, path=path, key=key, viewed=viewed))
