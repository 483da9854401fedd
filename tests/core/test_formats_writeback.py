"""Write-back in each format's own syntax, changing no other byte of the file."""

from __future__ import annotations

import difflib

import pytest

from specaudit.core.errors import SpecError
from specaudit.core.model import (
    FLAG_DONE,
    FLAG_DUPLICATE_ID,
    FLAG_NEEDS_CLARIFICATION,
    FLAG_PARALLEL,
)
from specaudit.formats import get_format, parse_spec


def added_and_removed(old: str, new: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(old.splitlines(keepends=True), new.splitlines(keepends=True)))
    return [d[2:] for d in diff if d.startswith("+ ")], [d[2:] for d in diff if d.startswith("- ")]


SPECKIT = """\
# Feature Specification: Todo

## User Scenarios & Testing *(mandatory)*

### User Story 1 - Add todos (Priority: P1)

Users capture tasks.

**Acceptance Scenarios**:

1. **Given** an open app, **When** the user adds "milk", **Then** it is listed
2. **Given** an empty title, **When** submitted, **Then** it is refused

### Edge Cases

- What if storage is full? [NEEDS CLARIFICATION: quota?]

## Requirements *(mandatory)*

### Functional Requirements

- **FR-001**: System MUST add todos
- **FR-002**: System MUST list todos

```markdown
- **FR-999**: inside a fence, not a requirement
```

## Success Criteria

- **SC-001**: A todo is added in under 5 seconds
"""


def test_speckit_spec_clauses_and_flags():
    spec = parse_spec("specs/001-todo/spec.md", SPECKIT)
    assert spec.format == "speckit"
    assert [c.key for c in spec.clauses] == ["US1", "US1/AC1", "US1/AC2", "edge-cases-1", "FR-001", "FR-002", "SC-001"]
    assert spec.clause("US1").meta["priority"] == "P1"
    assert FLAG_NEEDS_CLARIFICATION in spec.clause("edge-cases-1").flags
    assert spec.clause("SC-001").kind == "success-criterion"


def test_speckit_insert_uses_next_free_fr_id_and_touches_nothing_else():
    spec = parse_spec("specs/001-todo/spec.md", SPECKIT)
    fmt = get_format("speckit")
    new_text, key = fmt.insert_after(spec, "FR-001", "System MUST keep todos after a restart", "requirement")
    assert key == "FR-003"
    added, removed = added_and_removed(SPECKIT, new_text)
    assert added == ["- **FR-003**: System MUST keep todos after a restart\n"] and removed == []
    assert new_text.index("FR-003") < new_text.index("FR-002")
    new_text, key = fmt.append_to_section(spec, "Success Criteria", "No todo is ever lost", "success-criterion")
    assert key == "SC-002"
    new_text, key = fmt.insert_after(spec, "US1/AC1", "**Given** x, **When** y, **Then** z", "scenario")
    assert key == "US1/AC3"
    assert parse_spec("specs/001-todo/spec.md", new_text).clause("US1/AC2").text.startswith("**Given** an empty")


def test_speckit_replace_keeps_the_id():
    spec = parse_spec("specs/001-todo/spec.md", SPECKIT)
    new_text = get_format("speckit").replace_clause_text(spec, "FR-002", "System MUST list todos newest first")
    added, removed = added_and_removed(SPECKIT, new_text)
    assert added == ["- **FR-002**: System MUST list todos newest first\n"]
    assert removed == ["- **FR-002**: System MUST list todos\n"]


SPECKIT_TASKS = """\
# Tasks

## Phase 1

- [ ] T001 Create project
- [x] T002 [P] [US1] Add the model in src/model.py
- [ ] 🟡 **T003** [US1] Wire the view
"""


def test_speckit_tasks_and_insert():
    spec = parse_spec("specs/001-todo/tasks.md", SPECKIT_TASKS)
    t2 = spec.clause("T002")
    assert (t2.kind, t2.refs, set(t2.flags)) == ("task", ("US1",), {FLAG_DONE, FLAG_PARALLEL})
    assert spec.clause("T003").refs == ("US1",)
    new_text, key = get_format("speckit").insert_after(spec, "T002", "Write the tests", "task")
    assert key == "T004"
    assert added_and_removed(SPECKIT_TASKS, new_text)[0] == ["- [ ] T004 Write the tests\n"]


KIRO = "# Requirements\r\n\r\n### Requirement 1: Add\r\n\r\n**User Story:** As a user, I want to add todos.\r\n\r\n#### Acceptance Criteria\r\n\r\n1. WHEN the user submits THEN the system SHALL save it\r\n2. IF the title is empty, the system shall refuse\r\n\r\n### 要件2\r\n\r\n#### 受け入れ基準\r\n\r\n1. THE Todo_System SHALL list todos"


def test_kiro_requirements_keys_ears_and_insert_with_next_number():
    spec = parse_spec(".kiro/specs/todo/requirements.md", KIRO)
    assert [c.key for c in spec.clauses] == ["1", "1.1", "1.2", "2", "2.1"]
    assert [spec.clause(k).meta["ears"] for k in ("1.1", "1.2", "2.1")] == ["event", "unwanted", "ubiquitous"]
    fmt = get_format("kiro")
    new_text, key = fmt.insert_after(spec, "1.1", "WHILE offline THE system SHALL queue", "requirement")
    assert key == "1.3"  # keys are the written numbers, so 1.2 keeps its key
    again = parse_spec(".kiro/specs/todo/requirements.md", new_text)
    assert again.clause("1.2").text == spec.clause("1.2").text
    added, removed = added_and_removed(KIRO, new_text)
    assert added == ["3. WHILE offline THE system SHALL queue\r\n"] and removed == []
    new_text, key = fmt.append_to_section(spec, "2", "WHERE sync is on THE system SHALL push", "requirement")
    assert key == "2.2"
    assert new_text.startswith(KIRO + "\r\n") and not new_text.endswith("\n")


KIRO_TASKS = """\
# Implementation Plan

- [ ] 1. Foundation
  - [x] 1.1 Set up the project
    - install deps
    - _Requirements: 1.1, 2.3_
  - [-]* 1.2 Optional docs
    - _Requirements: 要件全般、1.2_
- [x]2. Ship it
"""


def test_kiro_tasks_refs_flags_and_numbered_insert():
    spec = parse_spec(".kiro/specs/todo/tasks.md", KIRO_TASKS)
    assert [c.key for c in spec.clauses] == ["task-1", "task-1.1", "task-1.2", "task-2"]
    assert spec.clause("task-1.1").refs == ("1.1", "2.3")
    assert spec.clause("task-1.2").refs == ("要件全般", "1.2")
    assert set(spec.clause("task-1.2").flags) == {"in-progress", "optional"}
    assert spec.clause("task-1").text == "1. Foundation"
    new_text, key = get_format("kiro").insert_after(spec, "task-1.1", "Add CI", "task")
    assert key == "task-1.3"
    assert added_and_removed(KIRO_TASKS, new_text)[0] == ["  - [ ] 1.3 Add CI\n"]
    replaced = get_format("kiro").replace_clause_text(spec, "task-1.1", "Set up the monorepo")
    assert added_and_removed(KIRO_TASKS, replaced) == (["  - [x] 1.1 Set up the monorepo\n"], ["  - [x] 1.1 Set up the project\n"])
    assert parse_spec(".kiro/specs/todo/tasks.md", replaced).clause("task-1.1").refs == ("1.1", "2.3")


OPENSPEC = """\
# cli-validate Specification

## ADDED Requirements

### Requirement: Validate changes
The validator SHALL check every delta.

#### Scenario: No deltas
- **WHEN** a change has no deltas
- **THEN** report an error

```markdown
#### Scenario: inside a fence
```

## REMOVED Requirements

### Requirement: Legacy mode
**Reason**: unused

## RENAMED Requirements
- FROM: `### Requirement: Old name`
- TO: `### Requirement: New name`
"""


def test_openspec_keys_delta_flags_and_renames():
    spec = parse_spec("openspec/changes/x/specs/cli-validate/spec.md", OPENSPEC)
    assert [(c.key, c.kind, c.flags) for c in spec.clauses] == [
        ("cli-validate#Validate changes", "requirement", ("added",)),
        ("cli-validate#Validate changes/No deltas", "scenario", ("added",)),
        ("cli-validate#Legacy mode", "requirement", ("removed",)),
        ("cli-validate#New name", "requirement", ("renamed",)),
    ]
    assert spec.clause("cli-validate#New name").meta["renamed_from"] == "cli-validate#Old name"
    assert spec.clause("cli-validate#Validate changes").text == "The validator SHALL check every delta."


def test_openspec_insert_scenario_and_requirement():
    path = "openspec/changes/x/specs/cli-validate/spec.md"
    spec = parse_spec(path, OPENSPEC)
    fmt = get_format("openspec")
    new_text, key = fmt.insert_after(spec, "cli-validate#Validate changes/No deltas",
                                     "Empty file\n- **WHEN** the file is empty\n- **THEN** warn", "scenario")
    assert key == "cli-validate#Validate changes/Empty file"
    added, removed = added_and_removed(OPENSPEC, new_text)
    assert removed == [] and "#### Scenario: Empty file\n" in added
    new_text, key = fmt.insert_after(spec, "cli-validate#Validate changes", "Report format\nOutput SHALL be JSON.", "requirement")
    assert key == "cli-validate#Report format"
    again = parse_spec(path, new_text)
    assert "added" in again.clause(key).flags
    assert again.clause("cli-validate#Validate changes/No deltas") is not None


YAML = """\
title: Payment retry
clauses:
  - id: PAY-1
    kind: requirement
    text: |
      Retry transient errors
      at most three times.
    children:
      - id: PAY-1.1
        text: Log every attempt.
  - id: PAY-2
    kind: invariant
    text: Never charge twice.
"""


def test_yaml_clauses_children_and_write_back():
    spec = parse_spec("specs/pay.yaml", YAML)
    assert spec.format == "yaml"
    assert [(c.key, c.kind, c.section) for c in spec.clauses] == [
        ("PAY-1", "requirement", ()), ("PAY-1.1", "requirement", ("PAY-1",)), ("PAY-2", "invariant", ())]
    assert spec.clause("PAY-1").text == "Retry transient errors\nat most three times.\n"
    assert spec.clause("PAY-2").span == (11, 13)
    fmt = get_format("yaml")
    new_text, key = fmt.insert_after(spec, "PAY-1", "Use the idempotency key.", "requirement")
    assert key == "PAY-3"
    added, removed = added_and_removed(YAML, new_text)
    assert removed == [] and added[0] == "  - id: PAY-3\n"
    assert [c.key for c in parse_spec("specs/pay.yaml", new_text).clauses] == ["PAY-1", "PAY-1.1", "PAY-3", "PAY-2"]
    replaced = fmt.replace_clause_text(spec, "PAY-1", "Retry once.")
    again = parse_spec("specs/pay.yaml", replaced)
    assert again.clause("PAY-1").text == "Retry once."
    assert again.clause("PAY-1.1").text == "Log every attempt."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("clauses: [\n", "invalid YAML"),
        ("a: &a [x, x]\nb: &b [*a , *a]\n" + "".join(f"c{i}: [*b , *b , *b]\n" for i in range(60)), "aliases"),
        ("clauses: " + "[" * 100 + "]" * 100 + "\n", "nested too deeply"),
    ],
)
def test_yaml_bad_input_is_a_problem_with_a_line_not_an_exception(text, message):
    spec = parse_spec("specs/bad.yaml", text)
    assert spec.clauses == []
    assert any(message in p.message and p.line >= 1 for p in spec.problems), spec.problems


def test_yaml_append_after_a_bare_list_item_is_refused_with_its_line():
    # The last list item is a plain value, not a clause: a clear error, not an AttributeError.
    spec = parse_spec("specs/x.yaml", "clauses:\n  - id: A-1\n    text: one\n  - just a note\n")
    with pytest.raises(SpecError, match="not a clause") as err:
        get_format("yaml").append_to_section(spec, "", "two", "requirement")
    assert err.value.line == 4


def test_yaml_write_back_keeps_bom_crlf_and_missing_final_newline():
    text = "\ufeffclauses:\r\n  - id: A\r\n    text: |\r\n      hi é\r\n  - id: B\r\n    text: x"
    spec = parse_spec("a.yaml", text)
    assert [(c.key, c.span) for c in spec.clauses] == [("A", (2, 4)), ("B", (5, 6))]
    fmt = get_format("yaml")
    new_text, key = fmt.insert_after(spec, "A", "new", "note")
    assert new_text == text.replace("  - id: B", "  - id: A-2\r\n    kind: note\r\n    text: \"new\"\r\n  - id: B")
    assert fmt.replace_clause_text(spec, "A", "z") == text.replace("|\r\n      hi é\r\n", "\"z\"\r\n")


def test_yaml_undecodable_bytes_are_a_problem_on_their_line():
    spec = parse_spec("a.yaml", "clauses:\n  - id: A\n    text: \udcff\n")
    assert spec.clauses == [] and spec.problems[0].line == 3


def test_yaml_duplicate_ids_are_reported_and_both_kept():
    text = "clauses:\n  - id: A\n    text: one\n  - id: A\n    text: two\n"
    spec = parse_spec("s.yaml", text)
    assert [c.key for c in spec.clauses] == ["A", "A~2"]
    assert FLAG_DUPLICATE_ID in spec.clause("A~2").flags
    assert "s.yaml:4:" in str(spec.problems[0])


def test_markdown_duplicate_ids_are_reported_and_both_kept():
    text = "# S\n\n## Requirements\n\n- **FR-001**: one\n- **FR-001**: two\n- **FR-002**: three\n"
    spec = parse_spec("specs/001/spec.md", text, "speckit")
    assert [c.key for c in spec.clauses] == ["FR-001", "FR-001~2", "FR-002"]
    assert [str(p) for p in spec.problems] == [
        "specs/001/spec.md:6: warning: duplicate id FR-001 (first at line 5); kept as FR-001~2"]


def test_write_back_to_a_missing_clause_is_a_spec_error():
    spec = parse_spec("specs/001-todo/spec.md", SPECKIT)
    with pytest.raises(SpecError):
        get_format("speckit").replace_clause_text(spec, "FR-404", "x")


def test_inserting_after_a_whole_requirement_or_story_adds_a_new_heading_section():
    kiro = get_format("kiro")
    spec = parse_spec(".kiro/specs/todo/requirements.md", KIRO)
    new_text, key = kiro.insert_after(spec, "1", "Sync\n**User Story:** As a user, I want sync.", "requirement")
    assert key == "3"
    assert "### Requirement 3: Sync\r\n\r\n**User Story:** As a user, I want sync.\r\n" in new_text
    assert new_text.index("Requirement 3") > new_text.index("2. IF the title")  # after its criteria
    assert new_text.index("Requirement 3") < new_text.index("### 要件2")
    again = parse_spec(".kiro/specs/todo/requirements.md", new_text)
    assert [c.key for c in again.clauses] == ["1", "1.1", "1.2", "3", "2", "2.1"]

    speckit = get_format("speckit")
    spec = parse_spec("specs/001-todo/spec.md", SPECKIT)
    new_text, key = speckit.insert_after(spec, "US1", "Delete todos (Priority: P2)\nUsers remove tasks.", "requirement")
    assert key == "US2"
    again = parse_spec("specs/001-todo/spec.md", new_text)
    assert again.clause("US2").meta["priority"] == "P2"
    assert [c.key for c in again.clauses][:4] == ["US1", "US1/AC1", "US1/AC2", "US2"]


def test_kiro_design_correctness_properties_with_validates_refs():
    text = (
        "# Design\n\n## Correctness Properties\n\n### Property 1: Round trip\n\n"
        "*For any* todo, saving then loading gives it back.\n\n**Validates: Requirements 1.2, 3.4**\n\n"
        "### Property 2: Order\n\nThe list stays sorted.\n\n_Validates: Requirements 2.1_\n\n"
        "```\n### Property 9: in a fence\n```\n"
    )
    spec = parse_spec(".kiro/specs/todo/design.md", text)
    assert [(c.key, c.kind, c.refs) for c in spec.clauses] == [
        ("P1", "invariant", ("1.2", "3.4")),
        ("P2", "invariant", ("2.1",)),
    ]
    assert spec.clause("P1").title == "Property 1: Round trip"
