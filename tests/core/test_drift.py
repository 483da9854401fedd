"""Pure drift rules: following a range through hunks, spotting moves, stale verdicts."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from specaudit.core.audit import Audit, Review
from specaudit.core.diff import Hunk
from specaudit.core.drift import clause_findings, find_block, map_range
from specaudit.core.fingerprint import text_fingerprint
from specaudit.core.model import Clause, Spec


def _hunks(old: list[str], new: list[str]) -> list[Hunk]:
    """-U0 hunks as git writes them (a zero count's start is the line before)."""
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(Hunk(i1 + 1 if i2 > i1 else i1, i2 - i1, j1 + 1 if j2 > j1 else j1, j2 - j1))
    return out


@st.composite
def edits(draw):
    old = [f"l{i}" for i in range(draw(st.integers(1, 40)))]
    first = draw(st.integers(1, len(old)))
    last = draw(st.integers(first, len(old)))
    new = list(old)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        pos = draw(st.integers(0, len(new)))
        if op == "insert":
            new[pos:pos] = [f"n{draw(st.integers(0, 999))}" for _ in range(draw(st.integers(1, 3)))]
        elif new and pos < len(new):
            if op == "delete":
                del new[pos]
            else:
                new[pos] = f"r{draw(st.integers(0, 999))}"
    return old, new, first, last


@settings(max_examples=300, deadline=None)
@given(edits())
def test_unchanged_range_maps_onto_identical_lines(case):
    old, new, first, last = case
    nf, nl, changed = map_range(_hunks(old, new), first, last)
    if not changed:
        assert new[nf - 1:nl] == old[first - 1:last]
    else:
        # A change is only claimed when the block really is not intact in place.
        assert new[nf - 1:nf - 1 + (last - first + 1)] != old[first - 1:last] or nl - nf != last - first


def test_map_range_cases():
    assert map_range([], 5, 7) == (5, 7, False)
    assert map_range([Hunk(2, 0, 3, 2)], 5, 7) == (7, 9, False)  # 2 lines inserted after line 2
    assert map_range([Hunk(7, 0, 8, 1)], 5, 7) == (5, 7, False)  # insertion right after the range
    assert map_range([Hunk(4, 0, 5, 1)], 5, 7) == (6, 8, False)  # right before it
    assert map_range([Hunk(5, 0, 6, 1)], 5, 7)[2] is True  # inside it
    assert map_range([Hunk(1, 2, 0, 0)], 5, 7) == (3, 5, False)  # lines deleted above
    assert map_range([Hunk(7, 1, 7, 1)], 5, 7)[2] is True
    assert map_range([Hunk(8, 3, 8, 1)], 5, 7) == (5, 7, False)


def test_find_block_prefers_nearest_and_ignores_blank_blocks():
    lines = ["a", "x", "y", "b", "x", "y  "]
    assert find_block(["x", "y"], lines, near=5) == 5
    assert find_block(["x", "y"], lines, near=1) == 2
    assert find_block(["", "  "], ["", "  "]) is None
    assert find_block(["zz"], lines) is None


def _clause(key, kind, text, line):
    return Clause(key, kind, text, text, ("S",), (line, line), text_fingerprint(text))


def _spec(*clauses):
    return Spec("specs/s.md", "layered", "S", list(clauses), "")


def test_clause_findings_violated_unreviewed_stale():
    spec = _spec(_clause("behavior-1", "requirement", "Retry thrice.", 3),
                 _clause("invariants-1", "invariant", "Never twice.", 6),
                 _clause("non-goals-1", "non-goal", "No cache.", 9))
    audit = Audit("specs/s.md", {
        "behavior-1": Review("behavior-1", "violated", note="retries five times", reviewer="A",
                             clause_fingerprint=text_fingerprint("Retry twice.")),
        "non-goals-1": Review("non-goals-1", "implemented", reviewer="A", clause_fingerprint=text_fingerprint("No cache.")),
    })
    found = {(f.kind, f.clause, f.line) for f in clause_findings(spec, audit, ("invariant", "non-goal"))}
    assert found == {("violated", "behavior-1", 3), ("stale-spec", "behavior-1", 3), ("unreviewed", "invariants-1", 6)}


def test_removed_and_renamed_clauses():
    spec = _spec(_clause("behavior-1", "requirement", "Moved text.", 3))
    audit = Audit("specs/s.md", {
        "edge-cases-1": Review("edge-cases-1", "implemented", reviewer="A", clause_fingerprint=text_fingerprint("Moved text.")),
        "edge-cases-2": Review("edge-cases-2", "partial", reviewer="A", clause_fingerprint=text_fingerprint("Gone.")),
        "edge-cases-3": Review("edge-cases-3"),  # a placeholder: nothing to report
    })
    found = {(f.kind, f.clause) for f in clause_findings(spec, audit, ())}
    assert found == {("renamed", "behavior-1"), ("removed", "edge-cases-2")}
