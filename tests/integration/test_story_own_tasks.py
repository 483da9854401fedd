"""A BMAD story carries its own task list ("## Tasks / Subtasks" under its acceptance
criteria): its sub-tasks' files are task evidence for the criteria the task cites, and
`check` holds its done tasks to the change (a stub ticked done, a file never touched),
as it does a tasks.md beside a Spec Kit spec."""

from __future__ import annotations

import json

from support import git, init_repo

from specaudit.formats import parse_spec
from specaudit.formats.story_tasks import own_task_list

STORY = "_bmad-output/implementation-artifacts/1-2-export.md"
TEXT = """# Story 1.2: Export

Status: done

## Story

As a user, I want to export my tasks, so that I can keep a copy.

## Acceptance Criteria

**AC1 — Export as CSV:**
- **Given** I have tasks
- **When** I press Export
- **Then** a CSV file of my tasks downloads

**AC2 — Archive:**
- **Given** an export ran
- **When** I open the archive
- **Then** the old exports are listed

## Tasks / Subtasks

- [x] **Task 1: CSV writer** (AC: AC1)
  - [x] Write rows in `app/csv_writer.py`
- [x] **Task 2: Archive listing** (AC: 2)
  - [x] Add the listing in `app/archive.py`
  - [x] Update `app/menu.py` with the entry
- [ ] **Task 3: Polish** (AC: all)
  - [ ] Tidy `app/later.py`

## Dev Notes

- Keep the CSV header stable.
"""


def _repo(tmp_path):
    root = init_repo(tmp_path / "repo")
    (root / STORY).parent.mkdir(parents=True)
    (root / STORY).write_text(TEXT.replace("[x]", "[ ]"))
    (root / "app").mkdir()
    (root / "app/menu.py").write_text("MENU = []\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "story")
    base = git(root, "rev-parse", "HEAD").strip()
    (root / STORY).write_text(TEXT)
    (root / "app/csv_writer.py").write_text(
        "import csv\n\n\ndef write_rows(tasks, out):\n    w = csv.writer(out)\n    for t in tasks:\n"
        "        w.writerow([t.title, t.done])\n")
    (root / "app/archive.py").write_text("def list_exports(folder):\n    raise NotImplementedError\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "implement story 1.2")
    return root, base, git(root, "rev-parse", "HEAD").strip()


def test_the_story_tasks_are_read_with_their_criteria():
    spec = parse_spec(STORY, TEXT)
    assert {c.key for c in spec.clauses if c.kind == "scenario"} == {"AC1", "AC2"}
    assert not [c for c in spec.clauses if c.kind == "task"]  # still context in the review
    tasks = {c.key: c for c in own_task_list(spec).clauses}
    assert list(tasks) == ["task-1", "task-1.1", "task-2", "task-2.1", "task-2.2", "task-3", "task-3.1"]
    assert tasks["task-1.1"].refs == ("AC1",)  # a sub-task serves its task's criteria
    assert tasks["task-2"].refs == ("AC2",)  # "(AC: 2)" is the second criterion
    assert tasks["task-3"].refs == ()  # "all" names none in particular
    assert tasks["task-1"].title == "CSV writer" and "done" in tasks["task-1"].flags
    assert "done" not in tasks["task-3.1"].flags
    assert own_task_list(parse_spec("specs/x.md", "# X\n\n## Requirements\n\n- The app MUST save.\n")) is None


def test_a_follow_up_list_is_its_own_and_prose_naming_a_criterion_is_no_reference():
    text = TEXT.replace("## Dev Notes", "### Review Follow-ups (AI)\n\n"
                        "- [x] [AI-Review][HIGH] Add a retry (AC2 requires one) in `app/archive.py`\n\n## Dev Notes")
    tasks = {c.key: c for c in own_task_list(parse_spec(STORY, text)).clauses}
    # Under a heading of its own: no sub-task of Task 3, and its prose "(AC2 requires ...)"
    # is no "(AC: ...)" list (the citation matcher still reads its AC2).
    assert tasks["task-4"].section[-1] == "Review Follow-ups (AI)" and tasks["task-4"].refs == ()


def test_a_task_written_as_a_heading_gives_its_checkboxes_its_number_and_criteria():
    text = TEXT.split("## Tasks / Subtasks")[0] + (
        "## Tasks / Subtasks\n\n### Task 1: Archive listing in `app/archive.py` (AC2)\n\n"
        "- [x] Create `app/archive.py`\n- [x] List the exports\n\n### Task 2: Tests (NFR)\n\n- [ ] Add tests\n")
    tasks = {c.key: c.refs for c in own_task_list(parse_spec(STORY, text)).clauses}
    assert tasks == {"task-1.1": ("AC2",), "task-1.2": ("AC2",), "task-2.1": ()}


def test_suggest_reads_the_story_tasks_as_task_evidence(run_cli, tmp_path):
    root, base, head = _repo(tmp_path)
    r = run_cli("suggest", "-C", str(root), STORY, "--range", f"{base}..{head}", "--format", "json")
    assert r.code == 0, r
    clauses = {c["key"]: c for c in json.loads(r.out)["clauses"]}
    first = clauses["AC1"]["proposals"][0]
    assert first["path"] == "app/csv_writer.py"
    tasks = [e for e in first["evidence"] if e["kind"] == "task"]
    assert tasks and tasks[0]["source"] == f"{STORY}:24" and "1.1 names app/csv_writer.py" in tasks[0]["detail"]


def test_check_holds_the_done_story_tasks_to_the_change(run_cli, tmp_path):
    root, base, head = _repo(tmp_path)
    r = run_cli("check", "-C", str(root), "--spec", STORY, "--range", f"{base}..{head}", "--format", "json")
    assert r.code in (0, 1), r
    found = [f for f in json.loads(r.out)["findings"] if f["path"] == STORY
             and f["kind"] in ("phantom-task", "task-not-in-change")]
    said = {(f["kind"], f["line"]): f["message"] for f in found}
    # The archive's code is a stub, ticked done.
    assert "stub" in said[("phantom-task", 26)] and "list_exports" in said[("phantom-task", 26)]
    # Ticked done, yet the change leaves the menu alone.
    assert "app/menu.py" in said[("task-not-in-change", 27)]
    # Not done: nothing to hold.
    assert not [k for k in said if k[1] >= 28]


def test_a_default_range_beside_the_story_names_the_commits_that_ticked_it(run_cli, tmp_path):
    root, base, head = _repo(tmp_path)
    (root / "README.md").write_text("# Tasks app\n")
    git(root, "add", "README.md")
    git(root, "commit", "-qm", "readme")
    r = run_cli("suggest", "-C", str(root), STORY, "--limit", "1")
    assert r.code == 0, r
    assert f"this spec's work is {base[:12]}..{head[:12]}" in r.err and f"ticked {STORY}" in r.err, r


def test_the_window_opened_on_a_range_that_worked_on_a_story_opens_the_story_first(tmp_path):
    """A BMAD repository opens on its PRD and epics; a range that ticked a story's tasks is
    that story's work, and is reviewed against its criteria first."""
    from specaudit.app.workspace.session import open_session

    root, base, head = _repo(tmp_path)
    (root / "_bmad-output/planning-artifacts").mkdir(parents=True)
    (root / "_bmad-output/planning-artifacts/prd.md").write_text(
        "# PRD\n\n## Functional Requirements\n\n- **FR1:** Users can export their tasks.\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "prd")
    session = open_session(root, range=f"{base}..{head}")
    assert [e.rel for e in session.specs] == [STORY, "_bmad-output/planning-artifacts/prd.md"]
    assert f"this range worked on 1 story (its tasks changed): opened first: {STORY}" in session.notes
    # The last commit (the PRD) worked on no story: the usual specs alone.
    assert [e.rel for e in open_session(root).specs] == ["_bmad-output/planning-artifacts/prd.md"]
