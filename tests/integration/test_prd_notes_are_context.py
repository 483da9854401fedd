"""A PRD states its requirements (FR1, ...) among prose: the executive summary, the author,
"Project Context: Greenfield". That prose is context, not a clause code implements: it gets
weak guesses at most, never proposals, unless something cites it. A Markdown spec that is
all notes is all the spec there is, and its notes keep their proposals."""

from __future__ import annotations

import json

from support import commit_files, init_repo

PRD = """# Product Requirements Document - retries

Author: Sam

## Executive Summary

A payment client that retries failed charges with a flat delay.

## Functional Requirements

- **FR1:** The client retries a failed charge with a flat delay between attempts
- **FR2:** The client gives up after five attempts

## Non-Functional Requirements

### Reliability

- No charge is sent twice for one payment
"""
NOTES = """# Retries

A payment client that retries failed charges with a flat delay.
"""
CODE = """RETRY_DELAY_SECONDS = 2
MAX_ATTEMPTS = 5


def charge_with_retries(client, payment):
    \"\"\"Retry a failed charge with a flat delay; give up after five attempts.\"\"\"
    for attempt in range(MAX_ATTEMPTS):
        if client.charge(payment):
            return True
        client.sleep(RETRY_DELAY_SECONDS)
    return False
"""


def _suggest(run_cli, root, spec, base):
    result = run_cli("suggest", "-C", str(root), "--spec", spec, "--range", f"{base}..HEAD", "--format", "json")
    assert result.code == 0, result
    return {c["key"]: c for c in json.loads(result.out)["clauses"]}


def test_a_prds_prose_is_context_and_its_requirements_get_proposals(tmp_path, run_cli):
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "payments\n"}, "start")
    commit_files(root, {"docs/prd.md": PRD, "payments/retry.py": CODE}, "feat: flat retries")
    clauses = _suggest(run_cli, root, "docs/prd.md", base)
    assert clauses["FR1"]["proposals"][0]["path"] == "payments/retry.py"
    summary = next(k for k in clauses if k.startswith("executive-summary"))
    # The summary says what FR1 says, and its words meet the same code: a guess, shown apart.
    assert clauses[summary]["proposals"] == []
    assert clauses[summary]["weak"] and clauses[summary]["weak"][0]["path"] == "payments/retry.py"


def test_a_spec_of_notes_alone_keeps_its_proposals(tmp_path, run_cli):
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "payments\n"}, "start")
    commit_files(root, {"docs/retries.md": NOTES, "payments/retry.py": CODE}, "feat: flat retries")
    clauses = _suggest(run_cli, root, "docs/retries.md", base)
    (only,) = clauses.values()
    assert only["proposals"] and only["proposals"][0]["path"] == "payments/retry.py"
