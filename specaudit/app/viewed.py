"""Viewed marks: files the reviewer has looked at, kept in the audit file's ``viewed``
section so they survive a restart and travel with the review.

A mark stores the file's change key (``FileDiff.content_key``); the window counts it
only while the range still holds that change, so a regeneration touching the file
resets it. Marks live in the first open spec's audit file (one review, one place).
"""

from __future__ import annotations

from specaudit.app.audit_store import load_audit, save_audit
from specaudit.app.review import git_identity, now_utc, repo_path
from specaudit.core.audit import ViewedMark
from specaudit.vcs.runner import SafeGit


def set_viewed(repo: SafeGit, spec_rel: str, path: str, key: str, viewed: bool, *,
               commit: str | None = None) -> None:
    """Mark ``path`` viewed at change ``key`` (or clear the mark) and save atomically."""
    path = repo_path(repo.root, path)
    audit = load_audit(repo.root, spec_rel)
    if viewed:
        audit.viewed[path] = ViewedMark(path, key, commit=commit, reviewer=git_identity(repo), at=now_utc())
    elif audit.viewed.pop(path, None) is None:
        return
    save_audit(repo.root, audit)


def viewed_keys(audit) -> dict[str, str]:
    """path -> the change key the mark was made at."""
    return {p: m.key for p, m in audit.viewed.items()}
