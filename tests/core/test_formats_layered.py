"""The layered Markdown form: loose headings, keys, spans, and byte-exact write-back."""

from __future__ import annotations

import pytest

from specaudit.core.errors import SpecError
from specaudit.core.fingerprint import text_fingerprint
from specaudit.core.model import decode_spec_bytes, encode_spec_text
from specaudit.formats import detect_format, get_format, parse_spec

SPEC = """\
# Payment retry

## 1. Intent

Retry failed charges without hammering the bank.

## Behaviour

- Retry up to **three** times. Then give up.
- Use exponential backoff
  starting at one second.
  - a nested detail stays in its bullet

### Logging

- Log each attempt.

## Edge cases / constraints

1. The gateway answers 429.
2. The call times out.

```
## Invariants
- not a clause: inside a fence
```

## INVARIANTS

- A charge is booked at most once.

## What NOT to build

- No in-process cache.
"""

LAYERED = get_format("layered")


def parse(text: str = SPEC, path: str = "specs/payment-retry.md"):
    return parse_spec(path, text)


def test_keys_kinds_and_spans():
    spec = parse()
    assert spec.format == "layered"
    assert spec.title == "Payment retry"
    got = [(c.key, c.kind, c.span) for c in spec.clauses]
    assert got == [
        ("intent-1", "intent", (5, 5)),
        ("behavior-1", "requirement", (9, 9)),
        ("behavior-2", "requirement", (10, 12)),
        ("behavior/logging-1", "requirement", (16, 16)),
        ("edge-cases-1", "edge-case", (20, 20)),
        ("edge-cases-2", "edge-case", (21, 21)),
        ("invariants-1", "invariant", (30, 30)),
        ("non-goals-1", "non-goal", (34, 34)),
    ]


def test_text_title_fingerprint_and_section():
    c = parse().clause("behavior-2")
    assert c.text == "Use exponential backoff\nstarting at one second.\n- a nested detail stays in its bullet"
    assert c.title == "Use exponential backoff"
    assert c.fingerprint == text_fingerprint(c.text)
    assert c.section == ("Payment retry", "Behaviour")
    first = parse().clause("behavior-1")
    assert first.title == "Retry up to three times."
    assert first.to_json()["lines"] == [9, 9]


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("## Purpose", "intent-1"),
        ("### Goal", "intent-1"),
        ("# 3. Requirements", "behavior-1"),
        ("## Behavior", "behavior-1"),
        ("## Constraints", "edge-cases-1"),
        ("## Edge Cases & Constraints", "edge-cases-1"),
        ("## invariants", "invariants-1"),
        ("## Non-goals", "non-goals-1"),
        ("## Out of scope", "non-goals-1"),
        ("## **What NOT to build**", "non-goals-1"),
    ],
)
def test_headings_are_matched_loosely(heading, key):
    spec = LAYERED.parse("x.md", f"{heading}\n\nOne clause.\n")
    assert [c.key for c in spec.clauses] == [key]


def test_paragraphs_and_bullets_are_each_one_clause_and_other_sections_are_ignored():
    text = "## Overview\n\nnot a clause\n\n## Intent\n\nFirst paragraph.\n\nSecond\nparagraph.\n\n- a bullet\n"
    spec = LAYERED.parse("x.md", text)
    assert [(c.key, c.text) for c in spec.clauses] == [
        ("intent-1", "First paragraph."),
        ("intent-2", "Second\nparagraph."),
        ("intent-3", "a bullet"),
    ]


def test_crlf_bom_and_missing_final_newline_parse_with_the_same_keys_and_lines():
    raw = ("\ufeff" + SPEC.rstrip("\n")).replace("\n", "\r\n").encode("utf-8")
    spec = parse(decode_spec_bytes(raw))
    plain = parse()
    assert [(c.key, c.span, c.fingerprint) for c in spec.clauses] == [
        (c.key, c.span, c.fingerprint) for c in plain.clauses
    ]
    assert encode_spec_text(spec.text) == raw


def test_detection_prefers_layered_for_the_layered_form_only():
    assert detect_format("specs/payment-retry.md", SPEC) == "layered"
    assert LAYERED.detect("notes.md", "# Notes\n\n## Intent\n\nx\n") == 0
    assert LAYERED.detect("notes.md", "# Notes\n\n```\n## Intent\n## Invariants\n```\n") == 0


def test_text_changes_only_change_that_clause_fingerprint():
    before = parse().by_key()
    after = parse(SPEC.replace("The call times out.", "The call   times\n   out.")).by_key()
    assert after["edge-cases-2"].fingerprint == before["edge-cases-2"].fingerprint  # whitespace only
    changed = parse(SPEC.replace("The call times out.", "The call hangs.")).by_key()
    assert changed["edge-cases-2"].fingerprint != before["edge-cases-2"].fingerprint
    assert {k for k in before if before[k].fingerprint != changed[k].fingerprint} == {"edge-cases-2"}


# -- write-back ------------------------------------------------------------------------------


def _only_inserted(old: str, new: str) -> list[str]:
    """Lines of new that are not in old, asserting old's lines survive in order."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    it = iter(new_lines)
    extra = []
    for line in old_lines:
        for cand in it:
            if cand == line:
                break
            extra.append(cand)
        else:
            raise AssertionError(f"line lost: {line!r}")
    extra.extend(it)
    return extra


def test_insert_after_adds_one_bullet_in_the_same_list():
    spec = parse()
    new_text, key = LAYERED.insert_after(spec, "behavior-1", "Never retry a declined card.", "requirement")
    assert _only_inserted(spec.text, new_text) == ["- Never retry a declined card.\n"]
    assert key == "behavior-2"
    assert parse(new_text).clause(key).text == "Never retry a declined card."


def test_insert_after_an_ordered_item_numbers_it():
    spec = parse()
    new_text, key = LAYERED.insert_after(spec, "edge-cases-1", "DNS fails.", "edge-case")
    # "2." is taken by the item below (renumbering it would change another line): the
    # list's next free number.
    assert _only_inserted(spec.text, new_text) == ["3. DNS fails.\n"]
    assert key == "edge-cases-2"
    new_text, key = LAYERED.insert_after(spec, "edge-cases-2", "DNS fails.", "edge-case")
    assert _only_inserted(spec.text, new_text) == ["3. DNS fails.\n"]  # at the end: the next one
    assert key == "edge-cases-3"


def test_append_to_existing_section_and_to_a_new_section():
    spec = parse()
    new_text, key = LAYERED.append_to_section(spec, "Invariants", "Retries stop within ten seconds.", "invariant")
    assert key == "invariants-2"
    assert _only_inserted(spec.text, new_text) == ["- Retries stop within ten seconds.\n"]

    bare = "# Spec\n\n## Intent\n\nDo it."  # no final newline, no Invariants section
    spec2 = parse(bare)
    new2, key2 = LAYERED.append_to_section(spec2, "invariants", "Never twice.", "invariant")
    assert key2 == "invariants-1"
    assert new2.startswith(bare)
    assert not new2.endswith("\n")
    assert parse(new2).clause("intent-1").text == "Do it."


def test_append_to_an_empty_file_creates_the_section():
    new_text, key = LAYERED.append_to_section(LAYERED.parse("x.md", ""), "non-goals", "No cache.", "non-goal")
    assert (new_text, key) == ("## What NOT to build\n\n- No cache.\n", "non-goals-1")


def test_append_to_an_empty_section_goes_under_its_heading():
    text = "## Intent\n\nx\n\n## Invariants\n\n## What NOT to build\n\n- cache\n"
    spec = parse(text)
    new_text, key = LAYERED.append_to_section(spec, "invariants", "Once only.", "invariant")
    assert key == "invariants-1"
    assert parse(new_text).clause("non-goals-1").text == "cache"


def test_replace_keeps_marker_and_every_other_byte():
    raw = SPEC.replace("\n", "\r\n")
    spec = parse(raw)
    new_text = LAYERED.replace_clause_text(spec, "behavior-2", "Use capped backoff\nwith jitter.")
    assert "- Use capped backoff\r\n  with jitter.\r\n" in new_text
    again = parse(new_text)
    assert again.clause("behavior-2").text == "Use capped backoff\nwith jitter."
    assert [c.key for c in again.clauses] == [c.key for c in spec.clauses]
    untouched = [c.key for c in spec.clauses if c.key != "behavior-2"]
    assert [again.clause(k).fingerprint for k in untouched] == [spec.clause(k).fingerprint for k in untouched]
    assert new_text.count("\r\n") == new_text.count("\n")  # still pure CRLF


def test_unknown_clause_is_a_clear_error():
    with pytest.raises(SpecError, match="no clause 'nope'"):
        LAYERED.insert_after(parse(), "nope", "x", "requirement")
