"""Tightening re-keys the clauses below the inserted one; the audit keeps everything else:
change marks (they were dropped), reviews, links, scars and what they point at."""

from __future__ import annotations

import json

from specaudit.app.store.audit_store import load_audit, save_audit
from specaudit.core.audit import Review

SPEC = "specs/payment-retry.md"


def test_tighten_keeps_change_marks_and_every_review(demo_repo, run_cli):
    root = demo_repo.path
    (scar,) = load_audit(root, SPEC).scars.values()  # the demo's scar, on behavior-2
    r = run_cli("change", "-C", str(root), "--spec", SPEC, "payment_retry/cache.py:1-3", "--as", "out-of-scope",
                "--note", "nobody asked for a cache")
    assert r.code == 0, r
    r = run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", "behavior-3", "--verdict", "violated",
                "--note", "four retries", "--link", "payment_retry/retry.py:14-21")
    assert r.code == 0, r
    # A review left behind by a clause removed earlier (the spec has behavior-1..5), on the
    # key behavior-5 moves to.
    audit = load_audit(root, SPEC)
    audit.put_review(Review("behavior-6", "implemented", note="of a removed clause"))
    save_audit(root, audit)
    before = load_audit(root, SPEC)

    # --add: a new clause under behavior-2 (amending, the default, moves no key).
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--add", "--format", "json")
    assert r.code == 0, r
    moves = json.loads(r.out)["rekeyed"]
    assert moves["behavior-3"] == "behavior-4"
    after = load_audit(root, SPEC)

    assert after.changes == before.changes  # the mark survived
    moved = after.reviews["behavior-4"]
    assert (moved.verdict, moved.note, moved.links) == ("violated", "four retries", before.reviews["behavior-3"].links)
    assert moves["behavior-5"] == "behavior-6"
    assert "behavior-6" not in after.reviews  # the clause now at behavior-6 (was behavior-5) was never reviewed
    kept = [r for r in after.reviews.values() if r.note == "of a removed clause"]
    assert [r.clause for r in kept] == ["behavior-6~removed"]  # still reported by `check` as removed
    assert set(after.scars) == set(before.scars)
    assert after.scars[scar.id].folded_into == json.loads(r.out)["key"]
