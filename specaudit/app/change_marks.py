"""Marking unexplained changes: explained as they are, or scope the spec did not ask for."""

from __future__ import annotations

from specaudit.app.audit_store import load_audit, save_audit
from specaudit.app.review import git_identity, make_link, now_utc
from specaudit.core.audit import CHANGE_STATUSES, ChangeMark, change_key
from specaudit.core.errors import UsageError
from specaudit.vcs.runner import SafeGit


def mark_change(repo: SafeGit, spec_rel: str, path: str, first: int, last: int, status: str,
                *, note: str | None = None) -> ChangeMark:
    """Record the reviewer's call on changed lines, anchored at HEAD like a link, so the
    mark stops applying as soon as those lines change again."""
    if status not in CHANGE_STATUSES:
        raise UsageError(f"unknown change status {status!r} (one of: {', '.join(CHANGE_STATUSES)})")
    anchor = make_link(repo, path, first, last)
    mark = ChangeMark(path=anchor.path, first=first, last=last, status=status, note=note or None,
                      commit=anchor.commit, fingerprint=anchor.fingerprint,
                      reviewer=git_identity(repo), at=now_utc())
    audit = load_audit(repo.root, spec_rel)
    audit.changes[mark.key] = mark
    save_audit(repo.root, audit)
    return mark


def unmark_change(repo: SafeGit, spec_rel: str, path: str, first: int, last: int) -> None:
    audit = load_audit(repo.root, spec_rel)
    if audit.changes.pop(change_key(path, first, last), None) is None:
        raise UsageError(f"no mark on {path}:{first}-{last} in the audit of {spec_rel}")
    save_audit(repo.root, audit)
