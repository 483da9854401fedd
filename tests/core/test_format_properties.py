"""Property tests: any input parses without an unhandled exception, no-edit is byte-identical,
and write-back round-trips.

Examples per test default to a CI-friendly number; for a long run set
``SPECAUDIT_HYPOTHESIS_PROFILE=long`` (or ``SPECAUDIT_HYPOTHESIS_EXAMPLES=N``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specaudit.core.fingerprint import normalize_text
from specaudit.core.model import decode_spec_bytes, encode_spec_text, undecodable_lines
from specaudit.formats import format_names, get_format

settings.register_profile("ci", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
_PROFILE = os.environ.get("SPECAUDIT_HYPOTHESIS_PROFILE", "ci")
_N = int(os.environ.get("SPECAUDIT_HYPOTHESIS_EXAMPLES", "0")) or settings.get_profile(_PROFILE).max_examples
fast = settings(settings.get_profile(_PROFILE), max_examples=_N)

# Markdown-ish alphabet so generated text hits headings, lists, fences and checkboxes.
_PIECES = st.sampled_from([
    "# ", "## ", "### ", "#### ", "- ", "* ", "1. ", "2) ", "  ", "\t", "```", "~~~", "> ",
    "[ ] ", "[x] ", "**FR-001**: ", "**SC-01**", "T001 ", "Requirement 1", "Scenario: ",
    "Requirement: ", "## ADDED Requirements", "Intent", "Behavior", "Invariants",
    "What NOT to build", "User Story 1 - x (Priority: P1)", "**Acceptance Scenarios**:",
    "Acceptance Criteria", "_Requirements: 1.1, 2_", "WHEN x THEN y SHALL z", "<!--", "-->",
    "\n", "\r\n", "\r", "\ufeff", "é", "要件 1", "\u2028", "\x00", "\udcff", "|a|b|\n|-|-|",
    "- id: A\n  text: x\n", "&a ", "*a ", ":", "text", " ",
])
markdownish = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join)
PATHS = ("specs/001-x/spec.md", "specs/001-x/tasks.md", ".kiro/specs/x/requirements.md",
         ".kiro/specs/x/tasks.md", ".kiro/specs/x/design.md", "openspec/specs/cap/spec.md",
         "openspec/changes/c/tasks.md", "specs/x.md", "specs/x.yaml")


@fast
@given(text=markdownish, path=st.sampled_from(PATHS))
def test_any_text_parses_in_every_format(text, path):
    for name in format_names():
        fmt = get_format(name)
        fmt.detect(path, text)
        spec = fmt.parse(path, text)
        n_lines = max(1, len(text.splitlines()) + 1)
        for c in spec.clauses:
            assert 1 <= c.span[0] <= c.span[1] <= n_lines + 1
        assert len({c.key for c in spec.clauses}) == len(spec.clauses)
        assert spec.text is text


@fast
@given(raw=st.binary(max_size=400))
def test_no_edit_round_trip_is_byte_identical(raw):
    text = decode_spec_bytes(raw)
    for name in format_names():
        spec = get_format(name).parse("specs/001-x/spec.md", text)
        assert encode_spec_text(spec.text) == raw


_WORDS = st.text(alphabet="abcdefghij klmnop.,é要", min_size=1, max_size=30).map(str.strip).filter(
    lambda s: s and s[0].isalpha())
_SECTIONS = ("Intent", "Behavior", "Edge cases", "Invariants", "What NOT to build")


@st.composite
def layered_specs(draw):
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.booleans())
    parts = ["# Spec", ""]
    for name in _SECTIONS:
        items = draw(st.lists(_WORDS, min_size=1, max_size=4))
        parts += [f"## {name}", "", *(f"- {t}" for t in items), ""]
    text = eol.join(parts)
    if not draw(st.booleans()):
        text = text.rstrip("\r\n")
    return ("\ufeff" if bom else "") + text


@fast
@given(text=layered_specs(), data=st.data())
def test_layered_write_back_round_trips(text, data):
    fmt = get_format("layered")
    spec = fmt.parse("specs/x.md", text)
    assert len(spec.clauses) >= len(_SECTIONS)
    target = data.draw(st.sampled_from(spec.clauses))
    new_words = data.draw(_WORDS)

    replaced = fmt.parse("specs/x.md", fmt.replace_clause_text(spec, target.key, new_words))
    assert replaced.clause(target.key).text == new_words
    for c in spec.clauses:
        if c.key != target.key:
            assert replaced.clause(c.key).fingerprint == c.fingerprint

    new_text, key = fmt.insert_after(spec, target.key, new_words, target.kind)
    inserted = fmt.parse("specs/x.md", new_text)
    assert normalize_text(inserted.clause(key).text) == normalize_text(new_words)
    assert len(inserted.clauses) == len(spec.clauses) + 1
    # Every old clause is still there with its text, in order.
    others = [c.text for c in inserted.clauses if c.key != key]
    assert others == [c.text for c in spec.clauses]
    assert new_text.startswith("\ufeff") == text.startswith("\ufeff")
    assert new_text.endswith("\n") == text.endswith("\n")


@st.composite
def structured_specs(draw):
    """A spec in one of the id-bearing formats, with random clause texts and line endings."""
    fmt = draw(st.sampled_from(["speckit", "kiro", "openspec", "yaml"]))
    words = draw(st.lists(_WORDS, min_size=2, max_size=6))
    if fmt == "speckit":
        lines = ["# Spec", "", "## Requirements", "", *(f"- **FR-{i + 1:03d}**: {w}" for i, w in enumerate(words))]
        path = "specs/001-x/spec.md"
    elif fmt == "kiro":
        lines = ["# Requirements", "", "### Requirement 1: A", "", "**User Story:** As a user, I want it.", "",
                 "#### Acceptance Criteria", "", *(f"{i + 1}. WHEN {w} THEN the system SHALL act" for i, w in enumerate(words))]
        path = ".kiro/specs/x/requirements.md"
    elif fmt == "openspec":
        lines = ["# cap", "", "## Requirements", "", "### Requirement: Main", "The system SHALL work.", ""]
        for i, w in enumerate(words):
            lines += [f"#### Scenario: S{i}", f"- **WHEN** {w}", "- **THEN** ok", ""]
        path = "openspec/specs/cap/spec.md"
    else:
        lines = ["clauses:", *(f"  - id: C{i + 1}\n    text: {w}" for i, w in enumerate(words))]
        path = "specs/x.yaml"
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    text = eol.join("\n".join(lines).split("\n")) + (eol if draw(st.booleans()) else "")
    return fmt, path, text


@fast
@given(case=structured_specs(), data=st.data())
def test_id_formats_write_back_round_trips(case, data):
    name, path, text = case
    fmt = get_format(name)
    spec = fmt.parse(path, text)
    assert spec.clauses and not spec.problems
    target = data.draw(st.sampled_from(spec.clauses))
    words = data.draw(_WORDS)

    replaced = fmt.parse(path, fmt.replace_clause_text(spec, target.key, words))
    assert [c.key for c in replaced.clauses] == [c.key for c in spec.clauses]
    assert normalize_text(words) in normalize_text(replaced.clause(target.key).text)
    for c in spec.clauses:
        if c.key != target.key:
            assert replaced.clause(c.key).fingerprint == c.fingerprint

    new_text, key = fmt.insert_after(spec, target.key, words, target.kind)
    inserted = fmt.parse(path, new_text)
    assert key not in spec.by_key()
    assert normalize_text(words) in normalize_text(inserted.clause(key).text)
    for c in spec.clauses:  # explicit ids: every old clause keeps its key and text
        assert inserted.clause(c.key).fingerprint == c.fingerprint
    assert new_text.endswith(("\n", "\r")) == text.endswith(("\n", "\r"))


def test_every_line_holding_a_byte_that_is_not_utf8_is_named_once():
    text = decode_spec_bytes(b"ok\ncaf\xe9 \xe9\nfine\n\n\xff end\n" + b"plain\n" * 3 + b"\xe9")
    assert undecodable_lines(text) == [2, 5, 9]
