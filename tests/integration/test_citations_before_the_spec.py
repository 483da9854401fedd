"""A change cannot cite a spec that did not exist yet. Kiro numbers every spec's criteria
1.1, 1.2, ...: a `Requirements: 1.1` comment written for one spec also reads as a citation
of the next. Over a range that ends before the spec was written (a reviewer who opened
the wrong range, a spec written after the code), citations and commit messages do not
count for it; its identifiers and text still do."""

from __future__ import annotations

import json

from support import commit_files, git, init_repo

FIRST = """# Requirements Document

## Requirements

### Requirement 1: Tasks

#### Acceptance Criteria

1. WHEN the user adds a task THEN the system SHALL show it in the list
"""
LATER = """# Requirements Document

## Requirements

### Requirement 1: Colour palette

#### Acceptance Criteria

1. WHEN the user picks a palette THEN the system SHALL apply its colours to the page
"""
CODE = """// Requirements: 1.1
export function addTask(list: string[], task: string): string[] {
  return [...list, task];
}
"""


def _repo(tmp_path):
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "todo\n"}, "start")
    target = commit_files(root, {".kiro/specs/todo/requirements.md": FIRST, "src/tasks.ts": CODE},
                          "feat: tasks (Requirements: 1.1)")
    commit_files(root, {".kiro/specs/palette/requirements.md": LATER}, "spec: palette")
    return root, base, target


def _suggest(run_cli, root, spec, rng):
    result = run_cli("suggest", "-C", str(root), "--spec", spec, "--range", rng, "--format", "json")
    assert result.code == 0, result
    (clause,) = [c for c in json.loads(result.out)["clauses"] if c["key"] == "1.1"]
    return clause, result.err


def _top(run_cli, root, spec, rng):
    return _suggest(run_cli, root, spec, rng)[0]


def test_a_later_specs_number_is_not_cited_by_older_code(tmp_path, run_cli):
    root, base, target = _repo(tmp_path)
    clause, err = _suggest(run_cli, root, ".kiro/specs/palette/requirements.md", f"{base}..{target}")
    kinds = {e["kind"] for p in clause["proposals"] + clause["weak"] for e in p["evidence"]}
    assert "citation" not in kinds and "commit" not in kinds, clause
    assert clause["proposals"] == []  # nothing but words: no proposal
    # The reviewer is told why: the range ends before the spec was added.
    assert (f"warning: .kiro/specs/palette/requirements.md: added after the range's end ({target[:7]}): "
            "the change was written before the spec") in err, err


def test_the_spec_the_code_was_written_for_keeps_its_citation(tmp_path, run_cli):
    root, base, target = _repo(tmp_path)
    clause = _top(run_cli, root, ".kiro/specs/todo/requirements.md", f"{base}..{target}")
    top = clause["proposals"][0]
    assert top["path"] == "src/tasks.ts"
    assert {"citation", "commit"} & {e["kind"] for e in top["evidence"]}, top
    assert git(root, "status", "--porcelain") == ""


def test_an_uncommitted_spec_keeps_the_citations_of_the_code_it_was_written_beside(tmp_path, run_cli):
    """Written in the working tree and not committed yet: nothing says it came after the
    code, so the code's `Requirements: 1.1` still counts. The same palette clause that is
    abstained on when a later commit added its spec (above) is proposed here, on that
    citation alone (its words meet nothing in the code)."""
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "todo\n"}, "start")
    target = commit_files(root, {"src/tasks.ts": CODE}, "feat: tasks")
    (root / ".kiro/specs/palette").mkdir(parents=True)
    (root / ".kiro/specs/palette/requirements.md").write_text(LATER)
    clause = _top(run_cli, root, ".kiro/specs/palette/requirements.md", f"{base}..{target}")
    assert [p["path"] for p in clause["proposals"]] == ["src/tasks.ts"], clause
