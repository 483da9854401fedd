"""A repository whose change wrote a spec and its code (BASE..TARGET), and whose later
commit archived (moved) or deleted that spec: a review of a range that ends before HEAD."""

from __future__ import annotations

from support import commit_files, git, init_repo

OLD = "openspec/changes/add-retry/specs/payments/spec.md"
NEW = "openspec/changes/archive/2026-01-02-add-retry/specs/payments/spec.md"
SPEC = """# Payments

## ADDED Requirements

### Requirement: Retry failed charges
The system SHALL retry a failed charge three times with a flat delay.

#### Scenario: Charge fails once
- **WHEN** the bank rejects a charge
- **THEN** the charge is retried after the flat delay
"""
CODE = """def retry_charge(charge, attempts=3, flat_delay=5):
    for _ in range(attempts):
        if charge.submit():
            return True
    return False
"""


def built_then(root, then: str):
    """A change that writes the spec and the code (BASE..TARGET), then ``then`` after it
    ("archive", "archive, edited", "delete"; anything else: nothing)."""
    init_repo(root)
    base = commit_files(root, {"README.md": "payments\n"}, "start")
    target = commit_files(root, {OLD: SPEC, "pay/retry.py": CODE}, "add retry")
    if then.startswith("archive"):
        (root / NEW).parent.mkdir(parents=True)
        git(root, "mv", OLD, NEW)
        if then == "archive, edited":
            (root / NEW).write_text(SPEC + "\n#### Scenario: Charge fails three times\n- **THEN** it is marked failed\n")
            git(root, "add", NEW)
        git(root, "commit", "-qm", "archive add-retry")
    elif then == "delete":
        git(root, "rm", "-q", OLD)
        git(root, "commit", "-qm", "drop the spec")
    later = git(root, "rev-parse", "HEAD").strip()
    return base, target, later


CLAUSES = ("payments#Retry failed charges", "payments#Retry failed charges/Charge fails once")


def reviewed_then_archived(root, run_cli) -> str:
    """The change reviewed at its target (two verdicts, one link, committed), then the
    spec archived without its audit, as `openspec archive` does; HEAD."""
    _base, target, _later = built_then(root, "keep")
    for key in CLAUSES:
        result = run_cli("review", "-C", str(root), "--spec", OLD, "--clause", key, "--verdict", "implemented",
                         *(["--link", "pay/retry.py:1-5"] if "/" not in key else []))
        assert result.code == 0, result
    git(root, "add", "-A")
    git(root, "commit", "-qm", "review add-retry")
    (root / NEW).parent.mkdir(parents=True)
    git(root, "mv", OLD, NEW)
    git(root, "commit", "-qm", "archive add-retry")
    return git(root, "rev-parse", "HEAD").strip()
