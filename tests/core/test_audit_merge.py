"""The three-way merge of audit files (the merge driver's model): what merges, what conflicts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from specaudit.core.audit import (
    Audit,
    ChangeMark,
    Link,
    PastVerdict,
    Review,
    Scar,
    conflicts,
    merge_audits,
)
from specaudit.core.auditfile import dump_audit, parse_audit
from specaudit.core.errors import UsageError


def _r(key, verdict, who, at, note=None, links=(), history=()):
    return Review(key, verdict, note=note, reviewer=who, at=at, commit="c" * 40, clause_fingerprint="f" * 8,
                  links=tuple(links), history=tuple(history))


L1, L2, L3 = Link("a.py", 1, 2), Link("b.py", 3, 4), Link("c.py", 5, 6)


def _roundtrip(audit: Audit) -> Audit:
    text = dump_audit(audit)
    back = parse_audit(text)
    assert back == audit and dump_audit(back) == text
    return back


def test_first_reviews_of_neighbouring_clauses_both_survive():
    base = Audit("s.md")
    ours = Audit("s.md", {"behavior-2": _r("behavior-2", "implemented", "Alice", "2026-01-01T10:00:00Z")})
    theirs = Audit("s.md", {"behavior-3": _r("behavior-3", "violated", "Bob", "2026-01-01T11:00:00Z")})
    merged = merge_audits(base, ours, theirs)
    assert merged.reviews["behavior-2"].verdict == "implemented"
    assert merged.reviews["behavior-3"].verdict == "violated"
    assert not conflicts(merged)


def test_one_side_changing_a_clause_is_taken_and_links_from_both_sides_are_kept():
    b = _r("k", "partial", "Lead", "2026-01-01T09:00:00Z", links=[L1])
    ours = replace(b, links=(L1, L2))  # Alice only linked more lines
    theirs = b.superseded_by("implemented", reviewer="Bob", at="2026-01-02T09:00:00Z")
    merged = merge_audits(Audit("s", {"k": b}), Audit("s", {"k": ours}), Audit("s", {"k": theirs})).reviews["k"]
    assert (merged.verdict, merged.reviewer) == ("implemented", "Bob")
    assert merged.links == (L1, L2)
    assert [p.verdict for p in merged.history] == ["partial"]
    assert not merged.conflict


def test_a_link_removed_on_one_side_stays_removed():
    b = _r("k", "partial", "Lead", "t0", links=[L1, L2])
    ours = replace(b, links=(L2,))
    theirs = replace(b, links=(L1, L2, L3))
    merged = merge_audits(Audit("s", {"k": b}), Audit("s", {"k": ours}), Audit("s", {"k": theirs})).reviews["k"]
    assert merged.links == (L2, L3)


def test_history_from_both_sides_in_time_order():
    b = _r("k", "partial", "Lead", "2026-01-01T00:00:00Z")
    ours = b.superseded_by("violated", reviewer="Alice", at="2026-01-03T00:00:00Z")
    ours = ours.superseded_by("implemented", reviewer="Alice", at="2026-01-05T00:00:00Z")
    theirs = b.superseded_by("not-applicable", reviewer="Bob", at="2026-01-02T00:00:00Z")
    theirs = theirs.superseded_by("implemented", reviewer="Bob", at="2026-01-04T00:00:00Z")
    merged = merge_audits(Audit("s", {"k": b}), Audit("s", {"k": ours}), Audit("s", {"k": theirs})).reviews["k"]
    # Both ended on "implemented" with no note: no conflict; the later review is current.
    assert not merged.conflict
    assert (merged.verdict, merged.reviewer) == ("implemented", "Alice")
    assert [(p.verdict, p.reviewer) for p in merged.history] == [
        ("partial", "Lead"), ("not-applicable", "Bob"), ("violated", "Alice"), ("implemented", "Bob")]
    assert [p.at for p in merged.history] == sorted(p.at for p in merged.history)
    _roundtrip(Audit("s", {"k": merged}))


@pytest.mark.parametrize("theirs_change", [{"verdict": "violated"}, {"note": "no jitter"}])
def test_different_verdicts_or_notes_on_both_sides_are_the_one_conflict(theirs_change):
    b = _r("k", "partial", "Lead", "2026-01-01T00:00:00Z", links=[L1])
    ours = b.superseded_by("implemented", reviewer="Alice", at="2026-01-02T00:00:00Z", links=(L1, L2))
    theirs = b.superseded_by(theirs_change.get("verdict", "implemented"), reviewer="Bob",
                             at="2026-01-03T00:00:00Z", note=theirs_change.get("note"), links=(L1, L3))
    merged = merge_audits(Audit("s", {"k": b}), Audit("s", {"k": ours}), Audit("s", {"k": theirs}))
    r = merged.reviews["k"]
    assert conflicts(merged) == [r]
    assert (r.verdict, r.reviewer) == ("implemented", "Alice")
    assert [(c.verdict, c.reviewer, c.note) for c in r.conflict] == [
        (theirs.verdict, "Bob", theirs.note)]
    assert r.links == (L1, L2, L3)
    assert [p.verdict for p in r.history] == ["partial"]
    back = _roundtrip(merged).reviews["k"]
    assert "conflict:" in dump_audit(merged)
    # Keeping theirs: Bob's verdict exactly as given; Alice's moves into history.
    kept = back.settled(1)
    assert (kept.verdict, kept.reviewer, kept.at, kept.note) == (theirs.verdict, "Bob", theirs.at, theirs.note)
    assert not kept.conflict and kept.links == r.links
    assert [p.reviewer for p in kept.history] == ["Lead", "Alice"]
    # Keeping ours: Bob's moves into history.
    assert [p.reviewer for p in back.settled(0).history] == ["Lead", "Bob"]
    with pytest.raises(UsageError):
        back.settled(2)
    # A new verdict settles it as well, keeping both sides in history.
    redone = back.superseded_by("partial", reviewer="Carol", at="2026-01-09T00:00:00Z")
    assert not redone.conflict and [p.reviewer for p in redone.history] == ["Lead", "Alice", "Bob"]


def test_an_unsettled_conflict_merges_on_and_settling_on_one_side_wins():
    b = _r("k", "partial", "Lead", "t0")
    bob = _r("k", "violated", "Bob", "t2")
    unsettled = replace(_r("k", "implemented", "Alice", "t1"), conflict=(bob,))
    settled = unsettled.settled(1)
    # One side settled, the other only added a link: the settlement stands.
    merged = merge_audits(Audit("s", {"k": unsettled}), Audit("s", {"k": settled}),
                          Audit("s", {"k": replace(unsettled, links=(L1,))})).reviews["k"]
    assert not merged.conflict and merged.verdict == "violated" and merged.links == (L1,)
    assert b.verdict == "partial"


def test_scars_and_marks_changed_on_both_sides_merge_field_by_field():
    scar = Scar("S-1", "x.py", 1, 2, "flat retries", "story")
    ours = replace(scar, status="folded", folded_into="behavior-3")
    theirs = replace(scar, incident="PAY-1")
    mark = ChangeMark("y.py", 1, 3, "explained")
    merged = merge_audits(Audit("s", scars={"S-1": scar}, changes={mark.key: mark}),
                          Audit("s", scars={"S-1": ours}, changes={mark.key: replace(mark, note="refactor")}),
                          Audit("s", scars={"S-1": theirs}, changes={mark.key: replace(mark, reviewer="Bob")}))
    assert merged.scars["S-1"] == replace(scar, status="folded", folded_into="behavior-3", incident="PAY-1")
    assert merged.changes[mark.key] == replace(mark, note="refactor", reviewer="Bob")
    assert not conflicts(merged)


def test_a_bad_conflict_block_names_its_line():
    text = ("schema: 1\nspec: s.md\nreviews:\n  k:\n    verdict: partial\n    conflict:\n"
            "    - verdict: sideways\n")
    from specaudit.core.errors import AuditFileError

    with pytest.raises(AuditFileError) as err:
        parse_audit(text, "a.yaml")
    assert err.value.line == 7 and "reviews.k.conflict[0]" in str(err.value)


def test_past_verdicts_keep_their_fields():
    assert _r("k", "partial", "A", "t", note="n").past() == PastVerdict("partial", "A", "t", "c" * 40, "n")
