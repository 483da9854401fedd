"""Viewed marks: files the reviewer has looked at, kept in the audit file's ``viewed``
section so they survive a restart and travel with the review.

A mark stores the file's change key (``FileDiff.content_key``) and the revision it was
made on (the range's target); the window counts it only while the range still holds
that change, so a regeneration touching the file resets it. Marks live in the first
open spec's audit file (one review, one place).
"""

from __future__ import annotations

from specaudit.app.review.verdicts import git_identity, now_utc, repo_path
from specaudit.app.store.audit_store import Entry, EntryChange, EntryRef
from specaudit.core.audit import Audit, ViewedMark
from specaudit.vcs.runner import SafeGit


def prepare_viewed(repo: SafeGit, spec_rel: str, path: str, key: str, viewed: bool, *,
                   commit: str | None = None, reviewer: str | None = None) -> EntryChange:
    """Mark ``path`` viewed at change ``key`` (or clear the mark): one entry of the audit
    store's locked update, so every other entry stays as it is on disk, and undoable."""
    path = repo_path(repo.root, path)
    mark = ViewedMark(path, key, commit=commit, reviewer=reviewer or git_identity(repo), at=now_utc()) \
        if viewed else None

    def change(_old: Entry | None) -> Entry | None:
        return mark

    return EntryChange(EntryRef(spec_rel, "viewed", path), change)


def set_viewed(repo: SafeGit, spec_rel: str, path: str, key: str, viewed: bool, *,
               commit: str | None = None) -> None:
    prepare_viewed(repo, spec_rel, path, key, viewed, commit=commit).apply(repo.root)


def viewed_keys(audit: Audit) -> dict[str, str]:
    """path -> the change key the mark was made at."""
    return {p: m.key for p, m in audit.viewed.items()}
