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
from specaudit.app.workspace.diffs import load_range
from specaudit.app.workspace.ranges import ChangeRange, resolve_range
from specaudit.core.audit import CHANGE_STATUSES, ChangeMark, change_key
from specaudit.core.diff import ChangeSet
from specaudit.core.diff.zero_context import zero_context
from specaudit.core.errors import UsageError
from specaudit.vcs.runner import SafeGit


def changed_runs(changeset: ChangeSet, path: str) -> list[tuple[int, int]] | None:
    """The lines of ``path`` the change adds or changes (new side), as runs: what the
    Unexplained list shows. None for a binary file (its lines cannot be told apart)."""
    fd = next((f for f in changeset.files if f.new_path == path), None)
    if fd is None:
        return []
    if fd.binary:
        return None
    return [(h.new_start, h.new_start + h.new_lines - 1) for h in zero_context(fd).hunks if h.new_lines]


def _runs_text(runs: list[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def require_changed(changeset: ChangeSet, path: str, first: int, last: int) -> None:
    """A mark is a call on lines the change adds or changes: any other line is refused,
    named, with the lines it does change nearby (the CLI and the window share this)."""
    runs = changed_runs(changeset, path)
    if runs is None:
        return
    inside = [(max(a, first), min(b, last)) for a, b in runs if a <= last and first <= b]
    unchanged, n = [], first
    for a, b in inside:
        if n < a:
            unchanged.append((n, a - 1))
        n = b + 1
    if n <= last:
        unchanged.append((n, last))
    if not unchanged:
        return
    by, why = changeset.source, "(a mark is a call on changed lines)"
    if inside:
        raise UsageError(f"{path}:{first}-{last}: lines {_runs_text(unchanged)} are not changed by {by}, "
                         f"only {_runs_text(inside)} {why}")
    if runs:
        more = "..." if len(runs) > 8 else ""
        raise UsageError(f"{path}:{first}-{last}: not changed by {by}; it changes lines "
                         f"{_runs_text(runs[:8])}{more} of this file {why}")
    raise UsageError(f"{path}:{first}-{last}: {by} does not change this file {why}")


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
    """Mark lines of ``at`` (default: HEAD's lines, of the default range ending there)."""
    change = prepare_mark(repo, spec_rel, path, first, last, status, note=note, at=at)
    changeset = load_range(repo, at or resolve_range(repo, None, at="HEAD"))

    def checked(old):  # refused under the lock, so a broken audit file is named first
        require_changed(changeset, repo_path(repo.root, path), first, last)
        return change.change(old)

    after = EntryChange(change.ref, checked).apply(repo.root).after
    assert isinstance(after, ChangeMark)
    return after


def unmark_change(repo: SafeGit, spec_rel: str, path: str, first: int, last: int) -> None:
    prepare_unmark(repo, spec_rel, path, first, last).apply(repo.root)
