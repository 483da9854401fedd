"""Undo and redo for audit edits: put one review or scar back exactly as it was.

The UI records each entry's state before and after an action; undo and redo write a
state back through the audit store, so they get the same atomic, merge-aware writes as
any edit and touch nothing else in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from specaudit.app.audit_store import load_audit, save_audit
from specaudit.core.audit import Audit, ChangeMark, Review, Scar


@dataclass(frozen=True)
class EntryRef:
    """One review (``kind="review"``, ident = clause key), scar (``"scar"``, ident = scar
    id), change mark (``"change"``, ident = ``path:first-last``) or a clause's rejected
    proposals (``"rejected"``, ident = clause key)."""

    spec_rel: str
    kind: str
    ident: str


def _table(audit: Audit, kind: str) -> dict:
    return {"review": audit.reviews, "scar": audit.scars, "change": audit.changes, "rejected": audit.rejected}[kind]


def entry_state(root: Path, ref: EntryRef) -> Review | Scar | ChangeMark | tuple | None:
    return _table(load_audit(root, ref.spec_rel), ref.kind).get(ref.ident)


def restore_entry(root: Path, ref: EntryRef, state: Review | Scar | ChangeMark | tuple | None) -> None:
    audit = load_audit(root, ref.spec_rel)
    table = _table(audit, ref.kind)
    if state is None:
        table.pop(ref.ident, None)
    else:
        table[ref.ident] = state
    save_audit(root, audit)
