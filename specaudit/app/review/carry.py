"""Carry a spec's audit to where the spec moved (`specaudit move-audit`, the window's
offer on an orphaned audit)."""

from __future__ import annotations

from pathlib import Path

from specaudit.app.store.audit_store import audit_naming, audit_path, move_audit
from specaudit.core.audit import Audit
from specaudit.vcs.line_tracking import oldest_commit_containing
from specaudit.vcs.runner import SafeGit


def carry_audit(repo: SafeGit, old_rel: str, new_rel: str) -> Audit:
    """``audit_store.move_audit``, with each scar's anchor kept. A scar recorded without
    a commit is anchored at the commit that added it to its audit file (the checker reads
    that from history); the moved file's history starts at the move, so the commit is
    read from the old file's history first and written into the scar: its lines are
    still judged from where they were recorded, not from the move."""
    found = audit_naming(repo.root, old_rel)
    old_file = audit_path(Path("."), old_rel).as_posix()
    anchors: dict[str, str] = {}
    for sid, scar in (found[1].scars.items() if found else ()):
        if scar.commit is None and (commit := oldest_commit_containing(repo, old_file, sid)) is not None:
            anchors[sid] = commit
    return move_audit(repo.root, old_rel, new_rel, anchors)
