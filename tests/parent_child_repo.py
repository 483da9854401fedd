"""A Spec Kit change where a user story's scenario has two equal candidates, told apart
only by which one the reviewer accepts for the story (importable as ``parent_child_repo``)."""

from __future__ import annotations

from pathlib import Path

from support import commit_files, init_repo

SPEC = "specs/001-pay/spec.md"
SPEC_TEXT = """# Feature Specification: Payments

## User Scenarios & Testing *(mandatory)*

### User Story 1 - Retry failed charges (Priority: P1)

A shopper whose charge fails is charged again without doing anything.

**Acceptance Scenarios**:

1. **Given** a failed charge, **When** the gateway recovers, **Then** the failed charge is retried

## Requirements *(mandatory)*

### Functional Requirements

- **FR-001**: System MUST send a receipt by email after every payment
"""
# Two definitions the scenario explains alike: the path alone puts src/a.py first.
CODE = {"src/a.py": "def retry_failed_charge_now(charge):\n    return charge.retry()\n",
        "src/b.py": "def retry_failed_charge_later(charge):\n    return charge.retry()\n",
        "src/receipts.py": "def send_receipt_email(payment):\n    return payment.email()\n"}
STORY, SCENARIO = "US1", "US1/AC1"


def build(root: Path) -> tuple[Path, str]:
    """The repository and its change's range."""
    init_repo(root)
    base = commit_files(root, {SPEC: SPEC_TEXT, "README.md": "# pay\n"}, "spec")
    head = commit_files(root, CODE, "retry and receipts")
    return root, f"{base}..{head}"
