"""Viewed marks: files the reviewer has looked at, kept in the audit file's ``viewed``
section so they survive a restart and travel with the review.

A mark stores the file's change key (``FileDiff.content_key``); the window counts it
only while the range still holds that change, so a regeneration touching the file
resets it. Marks live in the first open spec's audit file (one review, one place).
"""

from __future__ import annotations

from specaudit.app.audit_store import update
from specaudit.app.review import git_identity, now_utc, repo_path
from specaudit.core.audit import ViewedMark
from specaudit.vcs.runner import SafeGit


def set_viewed(repo: SafeGit, spec_rel: str, path: str, key: str, viewed: bool, *,
               commit: str | None = None) -> None:
    """Mark ``path`` viewed at change ``key`` (or clear the mark), through the audit
    store's locked update: every other entry stays as it is on disk."""
    path = repo_path(repo.root, path)
    mark = ViewedMark(path, key, commit=commit, reviewer=git_identity(repo), at=now_utc()) if viewed else None

    def change(audit) -> None:
        if mark is not None:
            audit.viewed[path] = mark
        else:
            audit.viewed.pop(path, None)

    update(repo.root, spec_rel, change)


def viewed_keys(audit) -> dict[str, str]:
    """path -> the change key the mark was made at."""
    return {p: m.key for p, m in audit.viewed.items()}
