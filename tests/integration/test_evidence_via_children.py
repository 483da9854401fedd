"""A requirement inherits its acceptance criteria's evidence. The same task reached
through three criteria is one line of evidence naming all three, not three lines that
push the others out of a short list."""

from __future__ import annotations

import json

from support import commit_files, init_repo

SPEC = """# Requirements Document

## Requirements

### Requirement 1: Adding tasks

#### Acceptance Criteria

1. WHEN the user submits a task THEN the system SHALL add it to the list
2. WHEN the task text is empty THEN the system SHALL reject it
3. WHEN a task is added THEN the system SHALL clear the input
"""
TASKS = """# Implementation Plan

- [x] 1. Build the task input in `src/TaskInput.tsx`
  _Requirements: 1.1, 1.2, 1.3_
"""
CODE = """export function TaskInput(onAdd: (text: string) => void) {
  let value = "";
  function submit() {
    if (value.trim() === "") return;
    onAdd(value);
    value = "";
  }
  return submit;
}
"""


def test_evidence_inherited_through_several_criteria_is_said_once(tmp_path, run_cli):
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "tasks\n"}, "start")
    commit_files(root, {".kiro/specs/tasks/requirements.md": SPEC, ".kiro/specs/tasks/tasks.md": TASKS,
                        "src/TaskInput.tsx": CODE}, "feat: task input")
    result = run_cli("suggest", "-C", str(root), "--spec", ".kiro/specs/tasks/requirements.md",
                     "--range", f"{base}..HEAD", "--format", "json")
    assert result.code == 0, result
    clauses = {c["key"]: c for c in json.loads(result.out)["clauses"]}
    top = clauses["1"]["proposals"][0]
    assert top["path"] == "src/TaskInput.tsx"
    tasks = [e["detail"] for e in top["evidence"] if e["kind"] == "task"]
    assert tasks == ["1 names src/TaskInput.tsx (via 1.1, 1.2, 1.3)"], top["evidence"]
    # A criterion's own evidence is its own: no "via".
    own = [e["detail"] for e in clauses["1.2"]["proposals"][0]["evidence"] if e["kind"] == "task"]
    assert own == ["1 names src/TaskInput.tsx"], clauses["1.2"]["proposals"][0]["evidence"]
