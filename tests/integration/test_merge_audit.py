"""Two reviewers on two branches: a real `git merge` of their audit files."""

from __future__ import annotations

import subprocess

import pytest

from specaudit.app.review.scars import add_scar
from specaudit.app.review.verdicts import record_verdict
from specaudit.app.store.audit_store import audit_path, load_audit
from specaudit.app.workspace.specs import load_spec
from specaudit.vcs.runner import open_repo

SPEC = "specs/payment-retry.md"


def _git(root, *args, check=True):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=check)


def _review_on(repo, branch, clause, verdict, who):
    _git(repo.root, "checkout", "-q", branch)
    record_verdict(repo, load_spec(repo.root, SPEC), clause, verdict, reviewer=who, note=f"{who} says {verdict}",
                   links=[("payment_retry/retry.py", 14, 21)])
    _git(repo.root, "commit", "-q", "-am", f"{who} reviews {clause}")


@pytest.fixture
def branched(demo_repo):
    """The demo after one first review was committed; branches `alice` and `bob` from there."""
    repo = open_repo(demo_repo.path)
    record_verdict(repo, load_spec(repo.root, SPEC), "intent-1", "implemented", reviewer="Lead")
    _git(repo.root, "commit", "-q", "-am", "first review")
    _git(repo.root, "branch", "alice")
    _git(repo.root, "branch", "bob")
    return repo


def _keep_both_sides(path) -> None:
    """The documented resolution of two blocks inserted into the same gap: keep both."""
    text = path.read_text()
    assert text.count("<<<<<<<") == 1
    kept = [ln for ln in text.splitlines(keepends=True) if not ln.startswith(("<<<<<<<", "=======", ">>>>>>>"))]
    path.write_text("".join(kept))


@pytest.mark.parametrize(("a_clause", "b_clause"), [("behavior-2", "edge-cases-1"), ("behavior-2", "behavior-3")])
def test_different_clauses_reviewed_again_merge_without_conflict(branched, a_clause, b_clause):
    repo = branched
    for clause in (a_clause, b_clause):  # both reviewed once before branching
        record_verdict(repo, load_spec(repo.root, SPEC), clause, "partial", reviewer="Lead")
    _git(repo.root, "commit", "-q", "-am", "more reviews")
    _git(repo.root, "branch", "-f", "alice")
    _git(repo.root, "branch", "-f", "bob")
    _review_on(repo, "alice", a_clause, "implemented", "Alice")
    _review_on(repo, "bob", b_clause, "violated", "Bob")
    _git(repo.root, "checkout", "-q", "alice")
    merge = _git(repo.root, "merge", "--no-edit", "-q", "bob", check=False)
    assert merge.returncode == 0, merge.stdout + merge.stderr
    audit = load_audit(repo.root, SPEC)
    assert audit.reviews[a_clause].verdict == "implemented" and audit.reviews[a_clause].reviewer == "Alice"
    assert audit.reviews[b_clause].verdict == "violated" and audit.reviews[b_clause].reviewer == "Bob"
    assert audit.reviews["intent-1"].verdict == "implemented"
    assert len(audit.scars) == 1


@pytest.mark.parametrize(("a_clause", "b_clause"), [("behavior-2", "edge-cases-1"), ("behavior-2", "behavior-3")])
def test_first_reviews_of_different_clauses_merge_by_keeping_both_blocks(branched, a_clause, b_clause):
    # No placeholder blocks are written for unreviewed clauses, so two first reviews that
    # sort into the same gap are two insertions at one place: git stops, and keeping both
    # sides' blocks (docs/audit-file.md) is the whole resolution.
    repo = branched
    _review_on(repo, "alice", a_clause, "implemented", "Alice")
    _review_on(repo, "bob", b_clause, "violated", "Bob")
    _git(repo.root, "checkout", "-q", "alice")
    merge = _git(repo.root, "merge", "--no-edit", "-q", "bob", check=False)
    if merge.returncode != 0:
        _keep_both_sides(audit_path(repo.root, SPEC))
    audit = load_audit(repo.root, SPEC)
    assert audit.reviews[a_clause].verdict == "implemented" and audit.reviews[a_clause].reviewer == "Alice"
    assert audit.reviews[b_clause].verdict == "violated" and audit.reviews[b_clause].reviewer == "Bob"
    assert audit.reviews["intent-1"].verdict == "implemented"


def test_scars_added_on_two_branches_both_survive(branched):
    repo = branched
    ids = []
    for branch, lines in (("alice", (3, 4)), ("bob", (30, 31))):
        _git(repo.root, "checkout", "-q", branch)
        ids.append(add_scar(repo, SPEC, "payment_retry/retry.py", *lines, f"{branch} scar", "story").id)
        _git(repo.root, "commit", "-q", "-am", f"{branch} scar")
    _git(repo.root, "checkout", "-q", "alice")
    merge = _git(repo.root, "merge", "--no-edit", "-q", "bob", check=False)
    path = audit_path(repo.root, SPEC)
    if merge.returncode != 0:
        # Random ids that sort into the same gap insert at the same point: an ordinary
        # conflict, resolved by keeping both sides' blocks (docs/audit-file.md).
        assert "scars:" in path.read_text().split("<<<<<<<")[0]
        _keep_both_sides(path)
    assert set(ids) <= set(load_audit(repo.root, SPEC).scars)


def test_same_clause_on_both_branches_is_one_small_conflict(branched):
    repo = branched
    _review_on(repo, "alice", "behavior-2", "implemented", "Alice")
    _review_on(repo, "bob", "behavior-2", "violated", "Bob")
    _git(repo.root, "checkout", "-q", "alice")
    merge = _git(repo.root, "merge", "--no-edit", "bob", check=False)
    assert merge.returncode != 0
    rel = audit_path(repo.root, SPEC).relative_to(repo.root).as_posix()
    status = _git(repo.root, "status", "--porcelain").stdout.splitlines()
    assert f"UU {rel}" in status and len([s for s in status if s.startswith("UU")]) == 1
    text = (repo.root / rel).read_text()
    assert text.count("<<<<<<<") == 1
    conflict = text[text.index("<<<<<<<"):text.index(">>>>>>>")]
    assert len(conflict.splitlines()) <= 12
    assert "Alice" in conflict and "Bob" in conflict
