"""OpenSpec deltas as real changes write them: a requirement renamed *and* changed is a
``RENAMED`` FROM/TO pair plus a ``MODIFIED`` requirement under the new name (OpenSpec's
own convention; e.g. the corpus's cli-validate spec has a scenario "MODIFIED names the
new header of a rename"). That is one clause, not a duplicate id."""

from __future__ import annotations

import json
from pathlib import Path

DELTA = """\
# Auth - Changes

## RENAMED Requirements

- FROM: `### Requirement: Login`
- TO: `### Requirement: User Authentication`

- FROM: `### Requirement: Logout`
- TO: `### Requirement: Sign out`

## MODIFIED Requirements

### Requirement: User Authentication

The system SHALL authenticate users with a password or a passkey.

#### Scenario: Passkey

- **WHEN** a user presents a registered passkey
- **THEN** a session starts
"""


def _clauses(run_cli, tmp_path: Path, text: str) -> dict:
    spec = tmp_path / "openspec" / "changes" / "passkeys" / "specs" / "auth" / "spec.md"
    spec.parent.mkdir(parents=True)
    spec.write_text(text, encoding="utf-8")
    result = run_cli("clauses", str(spec), "--format", "json", cwd=tmp_path)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_renamed_and_modified_requirement_is_one_clause_under_its_new_name(run_cli, tmp_path):
    out = _clauses(run_cli, tmp_path, DELTA)
    by_key = {c["key"]: c for c in out["clauses"]}
    assert out["problems"] == []
    assert list(by_key) == ["auth#Sign out", "auth#User Authentication", "auth#User Authentication/Passkey"]
    changed = by_key["auth#User Authentication"]
    assert changed["flags"] == ["modified", "renamed"]
    assert changed["lines"] == [13, 15]
    assert "passkey" in changed["text"]
    assert by_key["auth#User Authentication/Passkey"]["flags"] == ["modified"]
    # A rename alone stays a clause of its own.
    assert by_key["auth#Sign out"]["flags"] == ["renamed"]


def test_rename_listed_after_the_modified_requirement_is_still_one_clause(run_cli, tmp_path):
    renamed, modified = DELTA.split("## MODIFIED Requirements")
    title, renames = renamed.split("## RENAMED Requirements")
    text = f"{title}## MODIFIED Requirements{modified}\n## RENAMED Requirements{renames}"
    out = _clauses(run_cli, tmp_path, text)
    keys = [c["key"] for c in out["clauses"]]
    assert out["problems"] == []
    assert keys == ["auth#User Authentication", "auth#User Authentication/Passkey", "auth#Sign out"]
    assert out["clauses"][0]["flags"] == ["modified", "renamed"]
