"""Undo and redo of audit edits, as deltas on what is on disk now.

An ``Edit`` (from ``audit_store.update_entry``) holds one entry as it was before and
after an action. Undo puts ``before`` back only if the entry on disk is still ``after``;
redo puts ``after`` back only if it is still ``before``. If someone else changed that
entry meanwhile (a teammate's ``specaudit review``, a ``git pull``), the undo is refused
with ``UndoConflict`` and their version stays. Other entries are never touched: both go
through the locked ``update`` path like any edit.
"""

from __future__ import annotations

from pathlib import Path

from specaudit.app.store.audit_store import Edit, Entry, update_entry
from specaudit.core.errors import SpecauditError


class UndoConflict(SpecauditError):
    """The entry changed on disk since the edit; putting the old one back would lose that."""


def undo(root: Path, edit: Edit) -> Edit:
    """Put ``edit.before`` back; returns the edit that did it."""
    return _swap(root, edit, expect=edit.after, put=edit.before, doing="undo")


def redo(root: Path, edit: Edit) -> Edit:
    """Put ``edit.after`` back after an undo."""
    return _swap(root, edit, expect=edit.before, put=edit.after, doing="redo")


def _swap(root: Path, edit: Edit, *, expect: Entry | None, put: Entry | None, doing: str) -> Edit:
    def change(current: Entry | None) -> Entry | None:
        if current != expect:
            who = getattr(current, "reviewer", None) or getattr(current, "author", None)
            by = f" (now by {who})" if who else ""
            raise UndoConflict(
                f"cannot {doing}: {edit.ref.describe()} was changed by someone else since{by}; "
                f"their version was kept", path=edit.ref.spec_rel)
        return put

    return update_entry(root, edit.ref, change)
