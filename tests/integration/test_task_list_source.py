"""`check` and `suggest` read the same task list for the same range (issue 21): the one at
the range's target commit; the working tree's only for a working-tree range."""

from __future__ import annotations

import json

from support import git

SPEC = "specs/001-demo/spec.md"
TASKS = "specs/001-demo/tasks.md"


def _commit(root, message: str) -> str:
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", message)
    return git(root, "rev-parse", "HEAD").strip()


def _repo(tmp_path, tasks_in_target: str | None):
    root = tmp_path / "repo"
    (root / "specs/001-demo").mkdir(parents=True)
    git(root, "init", "-q")
    (root / SPEC).write_text("# Feature Specification: Demo\n\n## Requirements\n\n### Functional Requirements\n\n"
                             "- **FR-001**: System MUST save todos.\n- **FR-002**: System MUST load todos.\n")
    base = _commit(root, "spec")
    (root / "app").mkdir()
    (root / "app/save.py").write_text("def save_todo(todo):\n    return [todo]\n")
    (root / "app/extra.py").write_text("def helper():\n    return 1\n")
    if tasks_in_target is not None:
        (root / TASKS).write_text(tasks_in_target)
    target = _commit(root, "implement")
    return root, base, target


def _task_notes(run_cli, root, rng) -> list[str]:
    r = run_cli("check", "-C", str(root), "--range", rng, "--spec", SPEC, "--format", "json")
    assert r.code in (0, 1), r
    return sorted(f["message"] for f in json.loads(r.out)["findings"] if f["path"] == TASKS)


def _task_evidence(run_cli, root, rng) -> list[str]:
    r = run_cli("suggest", "-C", str(root), "--range", rng, "--spec", SPEC, "--format", "json")
    assert r.code == 0, r
    return sorted({e["detail"] for c in json.loads(r.out)["clauses"] for p in c["proposals"]
                   for e in p["evidence"] if e["kind"] == "task"})


def test_a_list_written_after_the_range_is_read_by_neither(run_cli, tmp_path):
    root, base, target = _repo(tmp_path, None)
    # Written since (uncommitted): not part of the change the range describes.
    (root / TASKS).write_text("# Tasks\n\n- [x] T001 Save todos (FR-001) in app/save.py\n"
                              "- [x] T002 Load todos (FR-002) in app/load.py\n")
    rng = f"{base}..{target}"
    assert _task_evidence(run_cli, root, rng) == []
    assert _task_notes(run_cli, root, rng) == []


def test_the_targets_list_is_read_by_both_when_the_working_tree_differs(run_cli, tmp_path):
    root, base, target = _repo(tmp_path, "# Tasks\n\n- [x] T001 Save todos (FR-001) in app/save.py\n")
    (root / TASKS).write_text("# Tasks\n\n- [x] T001 Save todos (FR-001) in app/gone.py\n")
    rng = f"{base}..{target}"
    assert _task_evidence(run_cli, root, rng) == ["T001 names app/save.py"]
    assert _task_notes(run_cli, root, rng) == []  # T001 names a file the change touches, at the target


def test_a_task_done_before_the_range_with_its_files_there_is_not_the_ranges_claim(run_cli, tmp_path):
    """backoffice-app's one-commit range adds a file a done task names, so it implements the
    spec and claimed every done task: 67 notes of tasks done, and written, weeks before."""
    root = tmp_path / "repo"
    (root / "specs/001-demo").mkdir(parents=True)
    git(root, "init", "-q")
    (root / SPEC).write_text("# Feature Specification: Demo\n\n## Requirements\n\n### Functional Requirements\n\n"
                             "- **FR-001**: System MUST save todos.\n- **FR-002**: System MUST load todos.\n")
    (root / "app").mkdir()
    (root / "app/old.py").write_text("def old():\n    return 1\n")
    (root / TASKS).write_text("# Tasks\n\n- [x] T001 Save in `app/old.py`\n"
                              "- [x] T002 Load in `app/new.py`\n- [x] T003 Export in `app/later.py`\n"
                              "- [x] T004 Import `../client.js` into `app/old.py`\n")
    base = _commit(root, "spec, tasks ticked ahead, and earlier work")
    (root / "app/new.py").write_text("def load():\n    return []\n")
    target = _commit(root, "load")
    notes = _task_notes(run_cli, root, f"{base}..{target}")
    # T001's work was there before the range; T003's file is nowhere: the range claims it.
    assert notes == ["task T003 is marked done but the change touches none of its files (app/later.py)"]
