"""Audit file text <-> Audit: round trips, stable layout, and clear errors for bad input."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from specaudit.core.audit import (
    VERDICTS,
    Audit,
    Link,
    PastVerdict,
    Review,
    Scar,
    merge_audits,
    new_scar_id,
)
from specaudit.core.auditfile import SCHEMA, dump_audit, parse_audit
from specaudit.core.errors import AuditFileError

_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
_key = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
_opt = st.none() | _text.filter(lambda s: s != "")


@st.composite
def audits(draw):
    audit = Audit(spec=draw(st.from_regex(r"specs/[a-z]{1,8}\.md", fullmatch=True)))
    for key in draw(st.lists(_key, max_size=5, unique=True)):
        links = tuple(
            Link(draw(st.from_regex(r"[a-z]{1,6}/[a-z]{1,6}\.py", fullmatch=True)), a, a + d,
                 draw(st.sampled_from(["new", "old"])), draw(st.none() | st.just("ab" * 20)), "f" * 64)
            for a, d in draw(st.lists(st.tuples(st.integers(1, 999), st.integers(0, 50)), max_size=3))
        )
        history = tuple(PastVerdict(draw(st.sampled_from(VERDICTS)), draw(_opt), None, None, draw(_opt))
                        for _ in range(draw(st.integers(0, 2))))
        audit.put_review(Review(key, draw(st.sampled_from(VERDICTS)), draw(_opt), draw(_opt),
                                "2026-01-02T03:04:05Z", draw(st.none() | st.just("0123456789" * 4)),
                                draw(st.none() | st.just("e" * 64)), links, history))
    for _ in range(draw(st.integers(0, 3))):
        sid = new_scar_id(set(audit.scars))
        audit.put_scar(Scar(sid, "src/x.py", 3, 9, draw(_text.filter(str.strip)), draw(_text) + "\nsecond line\n",
                            commit=draw(st.none() | st.just("c" * 40)), clause=draw(st.none() | _key),
                            incident=draw(_opt), severity="high"))
    return audit


@settings(max_examples=60, deadline=None)
@given(audits())
def test_round_trip_keeps_every_field(audit):
    assert parse_audit(dump_audit(audit)) == audit


@settings(max_examples=30, deadline=None)
@given(audits())
def test_dump_is_stable_and_sorted(audit):
    text = dump_audit(audit)
    assert dump_audit(parse_audit(text)) == text
    # Block keys, as YAML reads them back (a key such as `on` is written quoted).
    keys = [yaml.safe_load(ln.strip().rstrip(":") or "''") for ln in text.splitlines()
            if ln.startswith("  ") and not ln.startswith("   ")]
    keys = [str(k) for k in keys]
    reviews = keys[: len(audit.reviews)]
    assert reviews == sorted(audit.reviews)
    assert keys[len(audit.reviews):] == sorted(audit.scars)


def test_multiline_story_is_a_literal_block():
    audit = Audit("specs/a.md", scars={"S-00000001": Scar("S-00000001", "a.py", 1, 2, "t", "one\ntwo\n")})
    text = dump_audit(audit)
    assert "why: |\n      one\n      two\n" in text


def test_null_commit_on_a_scar_is_written_explicitly():
    audit = Audit("specs/a.md", scars={"S-00000001": Scar("S-00000001", "a.py", 1, 2, "t", "w")})
    assert "commit: null" in dump_audit(audit)
    assert parse_audit(dump_audit(audit)).scars["S-00000001"].commit is None


def test_scar_ids_are_random_and_distinct():
    ids = {new_scar_id() for _ in range(500)}
    assert len(ids) == 500
    assert all(i.startswith("S-") and len(i) == 10 for i in ids)


def _err(text: str) -> AuditFileError:
    with pytest.raises(AuditFileError) as info:
        parse_audit(text, ".specaudit/specs/a.md.audit.yaml")
    return info.value


def test_newer_schema_is_a_clear_error():
    err = _err("schema: 2\nspec: specs/a.md\n")
    assert err.line == 1 and "newer" in err.message and "upgrade" in err.message
    assert str(err).startswith(".specaudit/specs/a.md.audit.yaml:1: ")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("schema: 1\nspec: specs/a.md\nreviews:\n  k:\n    verdict: [oops\n", 6, "invalid YAML"),
        ("schema: 1\nspec: specs/a.md\nreviews:\n  k:\n    verdict: great\n", 5, "unknown verdict"),
        ("spec: specs/a.md\n", 1, "schema"),
        ("schema: 1\nspec: specs/a.md\nreviews:\n  k:\n    verdict: implemented\n  k:\n    verdict: violated\n",
         6, "duplicate key"),
        ("schema: 1\nspec: specs/a.md\nscars:\n  S-1:\n    path: a.py\n    lines: 9-3\n", 6, "range"),
        ("schema: 1\nspec: specs/a.md\nreviews:\n  k:\n    verdict: implemented\n    links:\n"
         "    - path: a.py\n      lines: ten\n", 8, "START-END"),
        ("schema: 1\nspec: &a specs/a.md\nreviews:\n  k:\n    verdict: implemented\n    note: *a\n", 2, "aliases"),
        ("- just\n- a list\n", 1, "mapping"),
        ("schema: one\nspec: x\n", 1, "whole number"),
        ("<<<<<<< HEAD\nschema: 1\n", 1, "merge conflict"),
    ],
)
def test_corrupt_files_name_the_line(text, line, words):
    err = _err(text)
    assert err.line == line, str(err)
    assert words in err.message
    assert "\n" not in str(err)


def test_empty_and_binary_files_are_errors():
    assert "empty" in _err("").message
    assert "NUL" in _err("schema: 1\0").message


def _rev(key, verdict, reviewer="A"):
    return Review(key, verdict, reviewer=reviewer)


def test_three_way_merge_takes_each_side_and_keeps_a_conflicting_verdict_beside_ours():
    base = Audit("s", {"a": Review("a"), "b": Review("b"), "c": _rev("c", "partial")})
    ours = Audit("s", {**base.reviews, "a": _rev("a", "implemented", "me"), "c": _rev("c", "violated", "me")})
    theirs = Audit("s", {**base.reviews, "b": _rev("b", "violated", "them"), "c": _rev("c", "implemented", "them")},
                   {"S-1": Scar("S-1", "x.py", 1, 1, "t", "w")})
    merged = merge_audits(base, ours, theirs)
    assert merged.reviews["a"].verdict == "implemented"
    assert merged.reviews["b"].verdict == "violated"
    assert merged.reviews["c"].verdict == "violated"
    assert [c.verdict for c in merged.reviews["c"].conflict] == ["implemented"]
    assert "S-1" in merged.scars


def test_superseding_a_verdict_keeps_the_old_one_in_history():
    first = Review("k").superseded_by("partial", reviewer="A", note="half")
    assert first.history == ()
    second = first.superseded_by("implemented", reviewer="B")
    assert second.verdict == "implemented"
    assert second.history == (PastVerdict("partial", "A", None, None, "half"),)


def test_the_same_verdict_again_or_a_note_edited_adds_no_history_entry():
    first = Review("k").superseded_by("partial", reviewer="A", note="half")
    again = first
    for _ in range(32):  # issue 23 item 6: 32 presses left 32 "earlier verdicts"
        again = again.superseded_by("partial", reviewer="A")
    assert again.history == ()
    noted = again.superseded_by("partial", reviewer="A", note="a better note")
    assert noted.history == () and noted.note == "a better note"
    changed = noted.superseded_by("violated", reviewer="A")
    assert [p.verdict for p in changed.history] == ["partial"]


def test_schema_constant_matches_written_files():
    assert dump_audit(Audit("specs/a.md")).splitlines()[1] == f"schema: {SCHEMA}"


def test_viewed_marks_round_trip_merge_and_stay_optional():
    from specaudit.core.audit import Audit, ViewedMark, merge_audits

    plain = Audit(spec="specs/x.md")
    assert "\nviewed:" not in dump_audit(plain)  # files without marks keep their old shape
    marked = Audit(spec="specs/x.md", viewed={"src/a.py": ViewedMark("src/a.py", "k1", "c" * 40, "Ada", "2026-11-30T10:00:00Z")})
    text = dump_audit(marked)
    assert parse_audit(text) == marked
    assert parse_audit(dump_audit(parse_audit(text))) == marked
    theirs = Audit(spec="specs/x.md", viewed={"src/b.py": ViewedMark("src/b.py", "k2")})
    merged = merge_audits(plain, marked, theirs)
    assert set(merged.viewed) == {"src/a.py", "src/b.py"}
    with pytest.raises(AuditFileError) as err:
        parse_audit("schema: 1\nspec: specs/x.md\nviewed:\n  src/a.py:\n    commit: abc\n")
    assert "viewed.src/a.py" in str(err.value) and "key" in str(err.value)

def test_contradiction_marks_round_trip_merge_and_name_their_line():
    from specaudit.core.audit import Audit, Contradiction, merge_audits

    base = Audit("specs/a.md")
    ours, theirs = base.copy(), base.copy()
    mark = Contradiction("behavior-3", "behavior-2", "flat vs backoff", None, "f1", "f2", "Dana", "2026-11-30T10:00:00Z")
    ours.contradictions[mark.key] = mark
    superseded = Contradiction("edge-cases-1", "edge-cases-4", None, "S-0badc0de")
    theirs.contradictions[superseded.key] = superseded
    merged = merge_audits(base, ours, theirs)
    assert set(merged.contradictions) == {"behavior-2 | behavior-3", "edge-cases-1 | edge-cases-4"}
    text = dump_audit(merged)
    assert parse_audit(text) == merged and dump_audit(parse_audit(text)) == text
    broken = text.replace("    first: behavior-3\n", "")
    with pytest.raises(AuditFileError, match="missing 'first'"):
        parse_audit(broken, "x.audit.yaml")


def test_links_accepted_before_any_verdict_leave_no_earlier_verdict():
    # Accepting a proposal, then Ctrl+1, showed "Earlier verdicts: Unreviewed".
    from specaudit.core.audit import Link

    linked = Review("k", links=(Link("src/a.py", 3, 9, commit="c1", fingerprint="f"),))
    first = linked.superseded_by("implemented", reviewer="A")
    assert first.history == () and first.links == linked.links
    reset = first.superseded_by("unreviewed", reviewer="A")
    again = reset.superseded_by("violated", reviewer="B")
    assert [p.verdict for p in again.history] == ["implemented", "unreviewed"]
