"""Marking two clauses as contradicting: the use case behind `specaudit contradict` and the
app's Spec ▸ Mark Contradiction. The mark is a ``spec-contradiction`` finding until either
clause is reworded (or the mark is removed)."""

from __future__ import annotations

from pathlib import Path

from specaudit.app.review.verdicts import git_identity, now_utc, require_one_line
from specaudit.app.store.audit_store import Entry, EntryChange, EntryRef
from specaudit.core.audit import Contradiction, contradiction_key
from specaudit.core.errors import UsageError
from specaudit.core.model import Spec
from specaudit.vcs.runner import SafeGit


def check_pair(spec: Spec, first: str, second: str) -> tuple[str, str]:
    """Both clauses exist and differ (cheap: the window checks before it claims anything);
    their keys as the spec writes them."""
    first, second = spec.require(first).key, spec.require(second).key
    if first == second:
        raise UsageError(f"a clause cannot contradict itself ({first})")
    return first, second


def prepare_contradiction(repo: SafeGit, spec: Spec, first: str, second: str, note: str | None = None, *,
                          reviewer: str | None = None) -> EntryChange:
    """Record (or refresh) the mark on the pair, with both clauses' fingerprints now."""
    first, second = check_pair(spec, first, second)
    require_one_line("the reviewer", reviewer)
    a, b = sorted((first, second))
    ca, cb = spec.clause(a), spec.clause(b)
    mark = Contradiction(a, b, note or None, None, ca.fingerprint if ca else None, cb.fingerprint if cb else None,
                         reviewer or git_identity(repo), now_utc())

    def change(_old: Entry | None) -> Entry | None:
        return mark

    return EntryChange(EntryRef(spec.path, "contradiction", mark.key), change)


def mark_contradiction(repo: SafeGit, spec: Spec, first: str, second: str, note: str | None = None) -> Contradiction:
    change = prepare_contradiction(repo, spec, first, second, note)
    after = change.apply(Path(repo.root)).after
    assert isinstance(after, Contradiction)
    return after


def unmark_contradiction(repo: SafeGit, spec: Spec, first: str, second: str) -> None:
    first, second = _as_written(spec, first), _as_written(spec, second)
    key = contradiction_key(first, second)

    def change(old: Entry | None) -> Entry | None:
        if old is None:
            raise UsageError(f"clauses {first} and {second} are not marked as contradicting in {spec.path}")
        return None

    EntryChange(EntryRef(spec.path, "contradiction", key), change).apply(Path(repo.root))


def _as_written(spec: Spec, key: str) -> str:
    """The spec's own key for ``key``; a clause since removed keeps the key as given (its
    mark can still be removed)."""
    try:
        return spec.require(key).key
    except UsageError:
        return key
