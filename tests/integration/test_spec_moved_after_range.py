"""A review of a range that ends before HEAD names the spec as it was then. OpenSpec
archives a change's specs once it is built (``openspec/changes/X`` ->
``openspec/changes/archive/DATE-X``), so the file is often gone from the working tree:
the session follows it to where it moved, and says so; a spec deleted since is refused
with how to restore it."""

from __future__ import annotations

import json

from moved_spec_repo import NEW, OLD, built_then
from support import assert_one_line_error, clone_history, commit_files, git, init_repo


def test_a_spec_archived_after_the_range_is_opened_where_it_is_now(tmp_path):
    from specaudit.app.workspace.session import open_session

    root = tmp_path / "repo"
    base, target, later = built_then(root, "archive")
    session = open_session(root, spec=OLD, range=f"{base}..{target}")
    assert [e.rel for e in session.specs] == [NEW]
    assert [c.key for c in session.specs[0].spec.clauses][0].startswith("payments#Retry failed charges")
    (note,) = session.notes
    assert OLD in note and NEW in note and later[:7] in note and target[:7] in note
    assert "edited since" not in note


def test_the_note_says_when_the_spec_was_edited_as_it_moved(tmp_path):
    from specaudit.app.workspace.session import open_session

    root = tmp_path / "repo"
    base, target, _later = built_then(root, "archive, edited")
    session = open_session(root, spec=OLD, range=f"{base}..{target}")
    assert [e.rel for e in session.specs] == [NEW]
    assert session.notes[0].endswith("(edited since)")


def test_suggest_follows_the_move_and_says_so_on_stderr(tmp_path, run_cli):
    root = tmp_path / "repo"
    base, target, _later = built_then(root, "archive")
    result = run_cli("suggest", "-C", str(root), "--spec", OLD, "--range", f"{base}..{target}", "--format", "json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert data["spec"] == NEW
    top = next(c for c in data["clauses"] if c["key"] == "payments#Retry failed charges")["proposals"][0]
    assert top["path"] == "pay/retry.py"
    assert f"note: {OLD} is not in the working tree" in result.err and "Traceback" not in result.err


def test_a_verdict_at_the_range_lands_in_the_moved_specs_audit(tmp_path, run_cli):
    root = tmp_path / "repo"
    base, target, _later = built_then(root, "archive")
    result = run_cli("review", "-C", str(root), "--spec", OLD, "--range", f"{base}..{target}",
                     "--clause", "payments#Retry failed charges", "--verdict", "implemented",
                     "--link", "pay/retry.py:1-5")
    assert result.code == 0, result
    assert NEW in result.out and "note:" in result.err
    audits = [p for p in (root / ".specaudit").rglob("*") if p.is_file()]
    assert audits and all(NEW in p.read_text() for p in audits)
    assert any(target in p.read_text() for p in audits)  # the link's lines are the range's target's


def test_a_spec_deleted_after_the_range_is_refused_with_how_to_restore_it(tmp_path, run_cli):
    root = tmp_path / "repo"
    base, target, later = built_then(root, "delete")
    result = run_cli("suggest", "-C", str(root), "--spec", OLD, "--range", f"{base}..{target}")
    assert_one_line_error(result)
    assert OLD in result.err and target[:7] in result.err
    assert f"git checkout {later[:7]}^ -- {OLD}" in result.err


def test_a_spec_that_never_existed_is_still_plainly_not_found(tmp_path, run_cli):
    root = tmp_path / "repo"
    base, target, _later = built_then(root, "archive")
    result = run_cli("suggest", "-C", str(root), "--spec", "specs/none/spec.md", "--range", f"{base}..{target}")
    assert_one_line_error(result)
    assert "spec not found" in result.err and "restore" not in result.err


def test_pinesnap_capture_change_opens_its_archived_spec(tmp_path):
    """The corpus's own case: PineSnap's capture-extension change (e811d62..394c7e1) was
    archived by b950c6b, unchanged; its review opens the archived spec."""
    from specaudit.app.workspace.session import open_session

    root = clone_history("HaoNan2k/PineSnap", tmp_path / "pine")
    old = "openspec/changes/generalize-capture-extension/specs/content-capture/spec.md"
    session = open_session(root, spec=old, range="e811d6296dea..394c7e13f9ca")
    (entry,) = session.specs
    assert entry.rel.startswith("openspec/changes/archive/") and entry.rel.endswith(
        "generalize-capture-extension/specs/content-capture/spec.md")
    assert len(entry.spec.clauses) > 20
    (note,) = session.notes
    assert entry.rel in note and "b950c6b" in note and "edited since" not in note


def test_a_spec_deleted_in_the_working_tree_only_is_restored_from_head(tmp_path, run_cli):
    root = tmp_path / "repo"
    base, target, _later = built_then(root, "keep")
    (root / OLD).unlink()
    result = run_cli("suggest", "-C", str(root), "--spec", OLD, "--range", f"{base}..{target}")
    assert_one_line_error(result)
    assert f"deleted there, not in a commit); restore it with: git checkout HEAD -- {OLD}" in result.err


def test_a_moved_specs_task_list_is_read_where_it_was_at_the_range_end(tmp_path, run_cli):
    """The task list beside the spec moved with it: at the range's target it sits beside
    the old path, and that is where its evidence (T002 names src/rates.py for FR-002) is
    read from; the old folder's documents are the spec's own, never proposed."""
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "payments\n"}, "start")
    spec = "# Feature Specification: Payments\n\n## Requirements\n\n### Functional Requirements\n\n" \
           "- **FR-001**: System MUST retry failed charges\n- **FR-002**: System MUST cache exchange rates\n"
    tasks = "# Tasks\n\n- [x] T001 Retry loop in src/retry.py (FR-001)\n- [x] T002 Cache rates in src/rates.py (FR-002)\n"
    target = commit_files(root, {"specs/001-pay/spec.md": spec, "specs/001-pay/tasks.md": tasks,
                                 "src/retry.py": "def retry(charge):\n    return charge()\n",
                                 "src/rates.py": "def cached_rate(cache, currency):\n    return cache.get(currency)\n"},
                          "pay")
    git(root, "mv", "specs/001-pay", "specs/archive-001-pay")
    git(root, "commit", "-qm", "archive")
    result = run_cli("suggest", "-C", str(root), "--spec", "specs/001-pay/spec.md", "--range", f"{base}..{target}",
                     "--format", "json")
    assert result.code == 0, result
    clauses = {c["key"]: c["proposals"] for c in json.loads(result.out)["clauses"]}
    top = clauses["FR-002"][0]
    assert top["path"] == "src/rates.py"
    assert any(e["kind"] == "task" and "T002" in e["detail"] for e in top["evidence"]), top
    assert not any(p["path"].startswith("specs/") for ps in clauses.values() for p in ps)


def test_without_a_spec_the_ranges_own_archived_spec_comes_first(tmp_path):
    """`open --range` without --spec: the specs the range worked on that were archived
    since are not where the usual locations look; they come first, with a note."""
    from specaudit.app.workspace.session import open_session
    from specaudit.app.workspace.specs import find_specs

    root = tmp_path / "repo"
    base, target, _later = built_then(root, "archive")
    session = open_session(root, range=f"{base}..{target}")
    assert NEW not in find_specs(root)
    assert session.specs[0].rel == NEW
    assert session.notes == [f"1 spec(s) this range worked on moved since (archived?); opened where it is now: {NEW}"]
    commit_files(root, {"specs/other/spec.md": "# Other\n\n## Behavior\n\n- It works.\n"}, "another spec")
    later = open_session(root, range=f"{target}..HEAD")  # the archive's own range: nothing moved after it
    assert [e.rel for e in later.specs] == ["specs/other/spec.md"] and later.notes == []
