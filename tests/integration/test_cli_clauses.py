"""`specaudit clauses` run as a subprocess: listing, JSON shape, formats, --compare with
files and REV:PATH in a real git repository, and bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from support import assert_one_line_error

SPEC = """\
# Payment retry

## Intent

Retry failed charges without hammering the bank.

## Behavior

- Retry transient gateway errors.
- Use exponential backoff starting at one second.

## Invariants

- A charge is booked at most once.

## What NOT to build

- No in-process cache of gateway responses.
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout


@pytest.fixture
def spec_file(tmp_path: Path) -> Path:
    p = tmp_path / "specs" / "payment-retry.md"
    p.parent.mkdir()
    p.write_text(SPEC, encoding="utf-8")
    return p


def test_json_has_the_documented_shape(run_cli, spec_file):
    r = run_cli("clauses", str(spec_file), "--format", "json")
    assert r.code == 0, r
    doc = json.loads(r.out)
    assert doc["spec"] == str(spec_file) and doc["format"] == "layered"
    first = doc["clauses"][0]
    assert set(first) >= {"key", "kind", "title", "text", "section", "lines", "fingerprint"}
    assert [(c["key"], c["kind"], c["lines"]) for c in doc["clauses"]] == [
        ("intent-1", "intent", [5, 5]),
        ("behavior-1", "requirement", [9, 9]),
        ("behavior-2", "requirement", [10, 10]),
        ("invariants-1", "invariant", [14, 14]),
        ("non-goals-1", "non-goal", [18, 18]),
    ]
    lines = spec_file.read_text().splitlines()
    for c in doc["clauses"]:
        assert c["text"] in lines[c["lines"][0] - 1]


def test_text_output_lists_keys_and_titles(run_cli, spec_file):
    r = run_cli("clauses", str(spec_file))
    assert r.code == 0, r
    assert "5 clauses" in r.out
    assert "non-goals-1" in r.out and "No in-process cache of gateway responses." in r.out


def test_spec_format_override(run_cli, tmp_path):
    p = tmp_path / "reqs.md"  # no path hint: content alone would not say Kiro
    p.write_text("### Requirement 1\n\n#### Acceptance Criteria\n\n1. WHEN x THEN the system SHALL y\n")
    r = run_cli("clauses", str(p), "--spec-format", "kiro", "--format", "json")
    assert r.code == 0, r
    assert [c["key"] for c in json.loads(r.out)["clauses"]] == ["1", "1.1"]


def test_speckit_corpus_like_file_is_detected(run_cli, tmp_path):
    p = tmp_path / "specs" / "001-todo" / "spec.md"
    p.parent.mkdir(parents=True)
    p.write_text("# F\n\n### User Story 1 - Add (Priority: P1)\n\nAdd.\n\n## Requirements\n\n- **FR-001**: System MUST add\n")
    r = run_cli("clauses", str(p), "--format", "json")
    doc = json.loads(r.out)
    assert doc["format"] == "speckit"
    assert [c["key"] for c in doc["clauses"]] == ["US1", "FR-001"]


def test_missing_spec_is_exit_2_one_line(run_cli, tmp_path):
    r = run_cli("clauses", str(tmp_path / "nope.md"))
    assert_one_line_error(r)
    assert "nope.md" in r.err and "not found" in r.err


def test_undetectable_file_is_exit_2_one_line(run_cli, tmp_path):
    p = tmp_path / "data.json"
    p.write_text("{}")
    r = run_cli("clauses", str(p))
    assert_one_line_error(r)
    assert "--spec-format" in r.err


def test_malformed_yaml_reports_file_and_line_and_keeps_what_parsed(run_cli, tmp_path):
    p = tmp_path / "spec.yaml"
    p.write_text("clauses:\n  - id: A\n    text: fine\n  - id: A\n    text: duplicate\n")
    r = run_cli("clauses", str(p))
    assert r.code == 0, r
    assert f"{p}:4: warning: duplicate id A" in r.out
    assert "A~2" in r.out


def test_compare_two_files(run_cli, tmp_path, spec_file):
    new = tmp_path / "new.md"
    new.write_text(SPEC.replace("starting at one second", "starting at two seconds")
                   .replace("- A charge is booked at most once.\n", "- A charge is booked at most once.\n- Retries stop within ten seconds.\n"))
    r = run_cli("clauses", "--compare", str(spec_file), str(new), "--format", "json")
    assert r.code == 0, r
    got = {(c["new_key"] or c["old_key"]): c["status"] for c in json.loads(r.out)["changes"]}
    assert got == {"intent-1": "unchanged", "behavior-1": "unchanged", "behavior-2": "changed",
                   "invariants-1": "unchanged", "invariants-2": "added", "non-goals-1": "unchanged"}
    text = run_cli("clauses", "--compare", str(spec_file), str(new))
    assert "changed   behavior-2" in text.out and "added     invariants-2" in text.out


def test_compare_rev_path_in_a_real_repository(run_cli, tmp_path):
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "specs" / "retry.md").write_text(SPEC)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "spec v1")
    (repo / "specs" / "retry.md").write_text(SPEC.replace("- No in-process cache of gateway responses.\n", ""))
    git(repo, "commit", "-q", "-am", "spec v2")
    r = run_cli("clauses", "--compare", "HEAD~1:specs/retry.md", "HEAD:specs/retry.md", "--format", "json", cwd=repo)
    assert r.code == 0, r
    changes = json.loads(r.out)["changes"]
    assert [(c["status"], c["old_key"]) for c in changes if c["status"] != "unchanged"] == [("removed", "non-goals-1")]
    # The working-tree file against a revision, with --repo from elsewhere.
    r = run_cli("clauses", "--repo", str(repo), "--compare", "HEAD~1:specs/retry.md", str(repo / "specs" / "retry.md"))
    assert r.code == 0, r
    assert "removed   non-goals-1" in r.out


def test_compare_unknown_revision_is_exit_2(run_cli, tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    r = run_cli("clauses", "--compare", "nosuchrev:specs/a.md", "nosuchrev:specs/b.md", cwd=repo)
    assert_one_line_error(r)


def test_spec_and_compare_together_is_a_usage_error(run_cli, spec_file):
    r = run_cli("clauses", str(spec_file), "--compare", str(spec_file), str(spec_file))
    assert_one_line_error(r)


def test_kiro_task_refs_with_a_note_cite_their_requirement(tmp_path, run_cli):
    """`_要件: 5.4（リアルタイム更新の最適化）_` (a corpus task) and `5.3 (partial)` cite 5.4 and
    5.3: the note is no part of the id, and a comma inside it splits nothing."""
    tasks = tmp_path / ".kiro" / "specs" / "shop" / "tasks.md"
    tasks.parent.mkdir(parents=True)
    tasks.write_text("# Implementation Plan\n\n"
                     "- [x] 1. Throttle the board\n  - _要件: 5.4（リアルタイム更新の最適化）_\n"
                     "- [x] 2. Batch changes\n  - _Requirements: 5.3 (partial), 5.4（入力、出力）, 6.1_\n",
                     encoding="utf-8")
    r = run_cli("clauses", str(tasks), "--format", "json")
    assert r.code == 0, r
    refs = {c["key"]: c["refs"] for c in json.loads(r.out)["clauses"]}
    assert refs == {"task-1": ["5.4"], "task-2": ["5.3", "5.4", "6.1"]}
