"""The format registry: built-ins, the entry point group, a third-party plug-in, errors."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from specaudit.core.errors import SpecError, UsageError
from specaudit.formats import (
    _BUILTINS,
    detect_format,
    format_names,
    get_format,
    parse_spec,
    registry,
)
from specaudit.formats.base import SpecFormat

ROOT = Path(__file__).resolve().parents[2]


def test_all_builtin_formats_are_registered_and_implement_the_protocol():
    assert {"layered", "speckit", "kiro", "openspec", "yaml", "markdown"} <= set(format_names())
    for name in format_names():
        fmt = get_format(name)
        assert isinstance(fmt, SpecFormat)
        assert fmt.name == name and fmt.description


def test_pyproject_entry_points_match_the_builtins():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["entry-points"]["specaudit.formats"] == _BUILTINS


def test_a_third_party_format_registers_through_the_entry_point_group(tmp_path, monkeypatch):
    (tmp_path / "fake_specfmt.py").write_text(
        "from specaudit.formats.layered import LayeredFormat\n"
        "class Fake(LayeredFormat):\n"
        "    name = 'fake'\n"
        "    description = 'a plug-in'\n"
        "    def detect(self, path, text):\n"
        "        return 99 if path.endswith('.fake') else 0\n"
        "FORMAT = Fake()\n"
    )
    dist = tmp_path / "fake_specfmt-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-specfmt\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[specaudit.formats]\nfake = fake_specfmt:FORMAT\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry.cache_clear()
    try:
        assert "fake" in format_names()
        assert detect_format("x.fake", "## Intent\n\nHi.\n") == "fake"
        spec = parse_spec("x.fake", "## Intent\n\nHi.\n")
        assert (spec.format, [c.key for c in spec.clauses]) == ("fake", ["intent-1"])
    finally:
        sys.modules.pop("fake_specfmt", None)
        registry.cache_clear()


def test_unknown_format_and_undetectable_file_are_user_errors():
    with pytest.raises(UsageError, match="unknown spec format 'nope'"):
        get_format("nope")
    with pytest.raises(SpecError, match="--spec-format"):
        detect_format("data.json", "{}")


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("specs/payment-retry.md", "## Intent\n\nx\n\n## Behavior\n\n- y\n", "layered"),
        ("specs/001-a/spec.md", "### User Story 1 - A (Priority: P1)\n\n- **FR-001**: x\n", "speckit"),
        ("specs/001-a/tasks.md", "- [ ] T001 Do it\n", "speckit"),
        (".kiro/specs/a/requirements.md", "### Requirement 1\n", "kiro"),
        (".kiro/specs/a/tasks.md", "- [ ] 1. Do it\n", "kiro"),
        ("openspec/specs/a/spec.md", "### Requirement: A\n", "openspec"),
        ("openspec/changes/c/tasks.md", "- [ ] 1.1 Do it\n", "openspec"),
        ("specs/a.yaml", "clauses:\n  - id: A\n    text: x\n", "yaml"),
        ("docs/prd.md", "# PRD\n\n- **FR1:** x\n", "markdown"),
    ],
)
def test_detection_from_path_and_content(path, text, expected):
    assert detect_format(path, text) == expected


def test_a_spec_without_a_title_is_named_by_its_folder():
    # PineSnap's delta specs have no "# " heading: the brief read "Regeneration brief: spec".
    from specaudit.formats import parse_spec

    delta = parse_spec("openspec/changes/add-debug/specs/debug-console/spec.md",
                       "## ADDED Requirements\n\n### Requirement: Admin only\nOnly admins MAY open it.\n")
    assert delta.title == "debug-console"
    assert parse_spec(".kiro/specs/todo-app/requirements.md", "## Requirements\n\n### Requirement 1\n").title == "todo-app"
    assert parse_spec("docs/payments.md", "## Behavior\n\n- retries\n\n## Invariants\n\n- one charge\n").title == "payments"


STORY = """# Story 2.2: Create Task

## Acceptance Criteria

**AC1 — Inline Enter-to-create flow:**
- **Given** I am on the task list
- **When** I type a task title and press Enter
  - (the title is trimmed)
- **Then** the task appears at the top of my list
- **And** `POST /api/tasks` is called with the title

**AC2 — Empty title validation:**
- **Given** I submit a task with no title
- **Then** no API call is made

## Edge scenarios

- **Given** the API is down
- **When** I create a task
- **Then** it shows an inline error

- A plain note.
"""


def test_a_bmad_story_reads_each_acceptance_criterion_as_one_scenario():
    # bmad-todo-app's story files list a criterion's steps as bullets under a bold label:
    # each step was a clause of its own (a scenario, then three notes), keyed
    # acceptance-criteria-N, so the code's "(AC1, AC3)" cited nothing.
    from specaudit.formats import parse_spec

    spec = parse_spec("_bmad-output/implementation-artifacts/2-2-create-task.md", STORY)
    rows = [(c.key, c.kind, c.span) for c in spec.clauses]
    assert rows == [("AC1", "scenario", (5, 10)), ("AC2", "scenario", (12, 14)),
                    ("edge-scenarios-1", "scenario", (18, 20)), ("edge-scenarios-2", "note", (22, 22))]
    ac1 = spec.clause("AC1")
    assert ac1.title == "AC1 — Inline Enter-to-create flow:"
    assert "press Enter" in ac1.text and "called with the title" in ac1.text


def test_an_unknown_clause_names_the_nearest_keys():
    from specaudit.core.errors import UsageError

    spec = parse_spec("specs/001-pay/spec.md", "# Feature Specification: Pay\n\n## Requirements\n\n"
                      "### Functional Requirements\n\n- **FR-001**: System MUST pay.\n"
                      "- **FR-010**: System MUST refund.\n")
    assert spec.require("FR-001").key == "FR-001"
    for key, said in (("FR-1", "did you mean FR-001?"), ("fr-10", "did you mean FR-010?"),
                      ("checkout", "(see `specaudit clauses`)")):
        with pytest.raises(UsageError) as got:
            spec.require(key)
        assert str(got.value) == f"unknown clause {key!r} in specs/001-pay/spec.md" + ("; " if "did" in said else " ") + said


def test_a_clause_is_named_by_the_end_of_its_key_when_that_is_one_clause():
    """An OpenSpec scenario's key is "capability#Requirement/Scenario": 'review spec.md
    "Exclude income transactions"' said only "unknown clause". The end of a key after a #
    or / names the one clause it ends; several are listed, never guessed."""
    from specaudit.core.errors import UsageError

    spec = parse_spec("openspec/specs/spending/spec.md", "# spending\n\n## Requirements\n\n"
                      "### Requirement: Category Spending Aggregation\nThe system SHALL sum expenses.\n\n"
                      "#### Scenario: Exclude income transactions\n- **WHEN** income exists\n- **THEN** it is left out\n\n"
                      "#### Scenario: Handle empty month\n- **WHEN** a month has none\n- **THEN** it shows none\n\n"
                      "### Requirement: Chart\nThe system SHALL draw bars.\n\n"
                      "#### Scenario: Handle empty month\n- **WHEN** a month has none\n- **THEN** no bars\n")
    full = "spending#Category Spending Aggregation/Exclude income transactions"
    assert spec.require("Exclude income transactions").key == full
    assert spec.require("exclude income transactions").key == full
    assert spec.require("Category Spending Aggregation/Exclude income transactions").key == full
    assert spec.require("Chart").key == "spending#Chart"
    with pytest.raises(UsageError) as got:
        spec.require("Handle empty month")
    assert str(got.value) == ("clause 'Handle empty month' is ambiguous in openspec/specs/spending/spec.md: "
                              "spending#Category Spending Aggregation/Handle empty month, spending#Chart/Handle empty month")
    with pytest.raises(UsageError, match="unknown clause 'income transactions'"):
        spec.require("income transactions")  # the end of a key is a whole part of it
