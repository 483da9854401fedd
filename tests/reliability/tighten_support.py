"""A small spec in each format, in a real git repository, with one open scar on a clause:
the inputs of the tightening reliability tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from support import git

from specaudit.app.store.audit_store import save_audit
from specaudit.core.audit import Audit, Scar

SCAR_ID = "S-0badc0de"

SPECKIT = """\
# Feature Specification: Todo

## User Scenarios & Testing *(mandatory)*

### User Story 1 - Add todos (Priority: P1)

**Acceptance Scenarios**:

1. **Given** an open app, **When** the user adds "milk", **Then** it is listed
2. **Given** an empty title, **When** submitted, **Then** it is refused

## Requirements *(mandatory)*

### Functional Requirements

- **FR-001**: System MUST add todos
- **FR-002**: System MUST list todos
- **FR-003**: System MUST keep todos after a restart
"""

KIRO = """\
# Requirements Document

### Requirement 1: Add todos

**User Story:** As a user, I want to add todos.

#### Acceptance Criteria

1. WHEN the user submits a title THEN THE Todo_System SHALL save it
2. IF the title is empty THEN THE Todo_System SHALL refuse it
3. THE Todo_System SHALL list todos newest first
"""

OPENSPEC = """\
# payments Specification

## Requirements

### Requirement: Retry transient failures
The system SHALL retry a charge that fails for a transient reason.

#### Scenario: Gateway timeout
- **WHEN** the gateway times out
- **THEN** the charge is retried

### Requirement: Book once
The system SHALL book a charge at most once.
"""

YAML = """\
title: Payment retry
clauses:
  - id: PAY-1
    kind: requirement
    text: Retry transient errors at most three times.
  - id: PAY-2
    kind: requirement
    text: Log every attempt.
  - id: PAY-3
    kind: invariant
    text: Never charge twice.
"""

LAYERED = """\
# Payment retry

## Behavior

- Retry a charge that fails with a transient gateway error.
- Retries use exponential backoff from 200 ms.
- At most three retries follow the first attempt.

## Edge cases

- A declined card is never retried.
"""

MARKDOWN = """\
# Notes

## Rules

- The first rule is short.
- The second rule is longer than the first one.
- The third rule closes the list.
"""

# format -> (spec path, text, the scar's clause)
SPECS: dict[str, tuple[str, str, str]] = {
    "speckit": ("specs/001-todo/spec.md", SPECKIT, "FR-002"),
    "kiro": (".kiro/specs/todo/requirements.md", KIRO, "1.2"),
    "openspec": ("openspec/specs/payments/spec.md", OPENSPEC, "payments#Retry transient failures"),
    "yaml": ("specs/pay.yaml", YAML, "PAY-2"),
    "layered": ("specs/retry.md", LAYERED, "behavior-2"),
    "markdown": ("docs/notes.md", MARKDOWN, "rules-2"),
}


def make_repo(root: Path, fmt: str, title: str = "Retries stay flat against the bank gateway",
              incident: str | None = "PAY-1142") -> tuple[Path, str]:
    """A committed repository holding the ``fmt`` spec and an audit with scar SCAR_ID."""
    rel, text, clause = SPECS[fmt]
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8", newline="")
    git(root.parent, "init", "-q", "-b", "main", str(root))
    scar = Scar(SCAR_ID, "src/retry.py", 3, 5, title, "The bank's limiter herded our doubling retries.",
                clause=clause, incident=incident)
    save_audit(root, Audit(rel, scars={SCAR_ID: scar}))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "spec and scar")
    return root, rel


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (``.git`` included) by content hash: what nothing-lost compares."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
