"""Marking unexplained changes: explained as they are, or scope the spec did not ask for."""

from __future__ import annotations

from specaudit.app.review.verdicts import (
    KnownLines,
    git_identity,
    make_link,
    now_utc,
    repo_path,
    require_one_line,
)
from specaudit.app.store.audit_store import EntryChange, EntryRef
from specaudit.app.workspace.ranges import ChangeRange
from specaudit.core.audit import CHANGE_STATUSES, ChangeMark, change_key
from specaudit.core.errors import UsageError
from specaudit.vcs.runner import SafeGit


def prepare_mark(repo: SafeGit, spec_rel: str, path: str, first: int, last: int, status: str,
                 *, note: str | None = None, at: ChangeRange | None = None, reviewer: str | None = None,
                 known: KnownLines | None = None) -> EntryChange:
    """The reviewer's call on changed lines, anchored like a link at the revision being
    reviewed (``at``'s target, else HEAD), so the mark stops applying as soon as those
    lines change again."""
    if status not in CHANGE_STATUSES:
        raise UsageError(f"unknown change status {status!r} (one of: {', '.join(CHANGE_STATUSES)})")
    require_one_line("a change mark's note", note)
    require_one_line("the reviewer", reviewer)
    anchor = make_link(repo, path, first, last, at=at, known=known)
    mark = ChangeMark(path=anchor.path, first=first, last=last, status=status, note=note or None,
                      commit=anchor.commit, fingerprint=anchor.fingerprint,
                      reviewer=reviewer or git_identity(repo), at=now_utc())
    return EntryChange(EntryRef(spec_rel, "change", mark.key), lambda _old: mark)


def prepare_unmark(repo: SafeGit, spec_rel: str, path: str, first: int, last: int) -> EntryChange:
    key = change_key(repo_path(repo.root, path), first, last)

    def change(old):
        if old is None:
            raise UsageError(f"no mark on {path}:{first}-{last} in the audit of {spec_rel}")
        return None

    return EntryChange(EntryRef(spec_rel, "change", key), change)


def mark_change(repo: SafeGit, spec_rel: str, path: str, first: int, last: int, status: str,
                *, note: str | None = None, at: ChangeRange | None = None) -> ChangeMark:
    after = prepare_mark(repo, spec_rel, path, first, last, status, note=note, at=at).apply(repo.root).after
    assert isinstance(after, ChangeMark)
    return after


def unmark_change(repo: SafeGit, spec_rel: str, path: str, first: int, last: int) -> None:
    prepare_unmark(repo, spec_rel, path, first, last).apply(repo.root)
