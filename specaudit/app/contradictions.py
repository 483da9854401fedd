"""Marking two clauses as contradicting: the use case behind `specaudit contradict` and the
app's Spec ▸ Mark Contradiction. The mark is a ``spec-contradiction`` finding until either
clause is reworded (or the mark is removed)."""

from __future__ import annotations

from pathlib import Path

from specaudit.app.audit_store import update
from specaudit.app.review import git_identity, now_utc
from specaudit.core.audit import Audit, Contradiction, contradiction_key
from specaudit.core.errors import UsageError
from specaudit.core.model import Spec
from specaudit.vcs.runner import SafeGit


def _check_pair(spec: Spec, first: str, second: str) -> None:
    for key in (first, second):
        if spec.clause(key) is None:
            raise UsageError(f"unknown clause {key!r} in {spec.path}")
    if first == second:
        raise UsageError(f"a clause cannot contradict itself ({first})")


def mark_contradiction(repo: SafeGit, spec: Spec, first: str, second: str, note: str | None = None) -> Contradiction:
    """Record (or refresh) the mark on the pair, with both clauses' fingerprints now."""
    _check_pair(spec, first, second)
    a, b = sorted((first, second))
    ca, cb = spec.clause(a), spec.clause(b)
    mark = Contradiction(a, b, note or None, None, ca.fingerprint if ca else None, cb.fingerprint if cb else None,
                         git_identity(repo), now_utc())

    def change(audit: Audit) -> None:
        audit.contradictions[mark.key] = mark

    update(Path(repo.root), spec.path, change)
    return mark


def unmark_contradiction(repo: SafeGit, spec: Spec, first: str, second: str) -> None:
    key = contradiction_key(first, second)

    def change(audit: Audit) -> None:
        if key not in audit.contradictions:
            raise UsageError(f"clauses {first} and {second} are not marked as contradicting in {spec.path}")
        del audit.contradictions[key]

    update(Path(repo.root), spec.path, change)
