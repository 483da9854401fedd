"""compare_specs: unchanged, changed, moved, renamed, added, removed."""

from __future__ import annotations

from specaudit.core.compare import STATUSES, compare_specs, similarity
from specaudit.formats import parse_spec

OLD = """\
# Retry

## Behavior

- Retry transient gateway errors.
- Use exponential backoff starting at one second.
- Log each attempt with the charge id.

## Invariants

- A charge is booked at most once.
- Retrying stops after ten seconds.
"""


def statuses(old_text: str, new_text: str, path: str = "specs/retry.md") -> dict[str, tuple]:
    changes = compare_specs(parse_spec(path, old_text), parse_spec(path, new_text))
    assert all(ch.status in STATUSES for ch in changes)
    return {(ch.new_key or ch.old_key): (ch.status, ch.old_key, round(ch.similarity, 2)) for ch in changes}


def test_identical_specs_are_all_unchanged():
    got = statuses(OLD, OLD)
    assert {s for s, _, _ in got.values()} == {"unchanged"}
    assert len(got) == 5


def test_edited_clause_is_changed_and_the_rest_unchanged():
    new = OLD.replace("starting at one second", "starting at two seconds")
    got = statuses(OLD, new)
    assert got["behavior-2"][0] == "changed"
    assert 0.8 < got["behavior-2"][2] < 1.0
    assert [k for k, v in got.items() if v[0] != "unchanged"] == ["behavior-2"]


def test_inserted_clause_shifts_ordinal_keys_as_renames_not_changes():
    new = OLD.replace("- Log each attempt", "- Never retry a declined card.\n- Log each attempt")
    got = statuses(OLD, new)
    assert got["behavior-3"][0] == "added"
    assert got["behavior-4"] == ("renamed", "behavior-3", 1.0)
    assert got["behavior-1"][0] == got["invariants-1"][0] == "unchanged"


def test_removed_clause():
    new = OLD.replace("- Retrying stops after ten seconds.\n", "")
    got = statuses(OLD, new)
    assert got["invariants-2"] == ("removed", "invariants-2", 0.0)


def test_reordered_clauses_are_moved():
    new = OLD.replace(
        "- A charge is booked at most once.\n- Retrying stops after ten seconds.\n",
        "- Retrying stops after ten seconds.\n- A charge is booked at most once.\n",
    )
    got = statuses(OLD, new)
    # Explicit-id-free keys follow position, so a swap is two renames of unchanged text.
    assert {got["invariants-1"][0], got["invariants-2"][0]} == {"renamed"}
    kiro_old = "### Requirement 1\n\n#### Acceptance Criteria\n\n1. WHEN a THEN b SHALL c\n2. WHEN d THEN e SHALL f\n"
    kiro_new = "### Requirement 1\n\n#### Acceptance Criteria\n\n2. WHEN d THEN e SHALL f\n1. WHEN a THEN b SHALL c\n"
    got = statuses(kiro_old, kiro_new, ".kiro/specs/x/requirements.md")
    assert sorted(v[0] for v in got.values()) == ["moved", "unchanged", "unchanged"]


def test_retitling_the_document_moves_nothing():
    got = statuses(OLD, OLD.replace("# Retry", "# Payment retry"))
    assert {s for s, _, _ in got.values()} == {"unchanged"}


def test_clause_moved_to_another_section_is_moved():
    old = "## Behavior\n\n- FR-like thing.\n\n## Invariants\n\n- **INV-1**: Never twice.\n"
    new = "## Behavior\n\n- FR-like thing.\n- **INV-1**: Never twice.\n\n## Invariants\n\n- placeholder\n"
    a = parse_spec("x.md", old, "markdown")
    b = parse_spec("x.md", new, "markdown")
    got = {ch.new_key or ch.old_key: ch.status for ch in compare_specs(a, b)}
    assert got["INV-1"] == "moved"


def test_explicit_id_renamed_with_small_edit_is_renamed_with_similarity():
    old = "# S\n\n## Requirements\n\n- **FR-001**: System MUST add todos quickly\n"
    new = "# S\n\n## Requirements\n\n- **FR-010**: System MUST add todos very quickly\n"
    got = statuses(old, new, "specs/001/spec.md")
    status, old_key, sim = got["FR-010"]
    assert (status, old_key) == ("renamed", "FR-001")
    assert 0.6 <= sim < 1.0


def test_unrelated_replacement_is_removed_plus_added():
    old = "# S\n\n## Requirements\n\n- **FR-001**: System MUST add todos\n"
    new = "# S\n\n## Requirements\n\n- **FR-002**: Export monthly invoices as PDF to the accountant\n"
    got = statuses(old, new, "specs/001/spec.md")
    assert got["FR-001"][0] == "removed" and got["FR-002"][0] == "added"


def test_similarity_ignores_whitespace():
    assert similarity("a  b\nc", "a b c") == 1.0
    assert similarity("abc", "xyz") == 0.0
