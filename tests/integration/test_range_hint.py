"""A spec whose work lies outside the default range says where it is: namidapoo's Kiro
todo app, whose last commits edit the README. Opened with the default range (HEAD~1..HEAD),
every one of its 37 criteria said "no evidence found in this change", and nothing said why."""

from __future__ import annotations

from support import clone_history, git

SPEC = ".kiro/specs/modern-todo-app/requirements.md"
HINT = "this spec's work is 930497f7fe4e..dc4c14f335e6, open --range 930497f7fe4e..dc4c14f335e6 to review it"


def test_the_default_range_names_the_commits_that_worked_through_the_task_list(tmp_path, run_cli):
    root = clone_history("namidapoo/todo-app-using-kiro", tmp_path / "kiro")
    r = run_cli("suggest", "-C", str(root), "--spec", SPEC, "--limit", "1")
    assert r.code == 0, r
    assert f"note: {HINT}: the 11 commits that wrote and ticked .kiro/specs/modern-todo-app/tasks.md; " \
           "HEAD~1..HEAD leaves it as it was" in r.err
    # The range it names holds the work: no note, and the criteria get their proposals.
    rng = HINT.split(" ")[4].rstrip(",")
    r = run_cli("suggest", "-C", str(root), "--spec", SPEC, "--limit", "1", "--range", rng)
    assert r.code == 0 and "this spec's work is" not in r.err, r
    assert "no evidence found" not in r.out.split("\n1.2 ")[0]
    # A range the reviewer chose, or a default they configured, is never second-guessed.
    (root / ".specaudit").mkdir()
    (root / ".specaudit" / "config.yaml").write_text("coverage:\n  base: HEAD~1\n", encoding="utf-8")
    assert "this spec's work is" not in run_cli("suggest", "-C", str(root), "--spec", SPEC, "--limit", "1").err


def test_a_default_range_that_ticks_the_task_list_needs_no_hint(tmp_path, run_cli):
    root = clone_history("namidapoo/todo-app-using-kiro", tmp_path / "kiro")
    git(root, "checkout", "-q", "dc4c14f335e6")  # the last commit that ticked tasks.md
    r = run_cli("suggest", "-C", str(root), "--spec", SPEC, "--limit", "1")
    assert r.code == 0 and "this spec's work is" not in r.err, r


def test_the_window_says_it_in_its_status_bar_and_above_the_proposals(qtbot, tmp_path):
    from specaudit.app.workspace.session import open_session
    from specaudit.ui.shell.main_window import MainWindow

    root = clone_history("namidapoo/todo-app-using-kiro", tmp_path / "kiro")
    window = MainWindow(open_session(root, spec=SPEC))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=60000):
        window.show()
    assert HINT in window.statusBar().currentMessage()
    # The status bar's message goes after 15 s; beside the proposals it stays, where each
    # criterion says "no evidence found in this change".
    qtbot.waitUntil(lambda: window.suggestions.ready, timeout=60000)
    panel = window.suggestions
    assert panel.notes.isVisible() and panel.notes.text().startswith(HINT), panel.notes.text()


def test_a_default_range_with_code_in_it_may_be_the_work_and_gets_no_hint(tmp_path, run_cli):
    """backoffice-app's last commit merges a pull request of 43 files that ticks nothing:
    it may be the spec's work. Only a range of documents (namidapoo's README edit) is no
    review of it."""
    root = clone_history("namidapoo/todo-app-using-kiro", tmp_path / "kiro")
    (root / "app" / "utils" / "extra.ts").write_text("export const extra = 1\n", encoding="utf-8")
    git(root, "add", "app/utils/extra.ts")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "more code")
    r = run_cli("suggest", "-C", str(root), "--spec", SPEC, "--limit", "1")
    assert r.code == 0 and "this spec's work is" not in r.err, r


def test_a_task_list_written_with_the_code_in_one_commit_names_that_commit(tmp_path, run_cli):
    """sunfmin/todo2 wrote its tasks.md, ticked, with the 41 files of the app in one commit;
    its last commit edits the spec (a clarification). Opened with the default range, all 48
    clauses said "no evidence found" and nothing said why: one commit was no "range of work",
    and the spec's own file under specs/ read as a test, so the range looked like code."""
    root = clone_history("sunfmin/todo2", tmp_path / "todo2")
    r = run_cli("suggest", "-C", str(root), "specs/001-todo-app/spec.md", "FR-001", "--limit", "1")
    assert r.code == 0, r
    assert ("note: this spec's work is 842e34200ce5, open --range 842e34200ce5 to review it: the commit that wrote "
            "specs/001-todo-app/tasks.md with the code; HEAD~1..HEAD leaves it as it was") in r.err, r
    r = run_cli("suggest", "-C", str(root), "specs/001-todo-app/spec.md", "FR-001", "--limit", "1",
                "--range", "842e34200ce5")
    assert r.code == 0 and "this spec's work is" not in r.err and "no evidence found" not in r.out, r


def test_a_task_list_written_ticked_in_a_commit_of_documents_names_no_range(tmp_path, run_cli):
    """The same task list committed alone (planned and ticked, no code with it) names no
    commit: that commit is no review of the spec."""
    root = clone_history("sunfmin/todo2", tmp_path / "todo2")
    commit = ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m"]
    git(root, "checkout", "-q", "--orphan", "docs-only")
    git(root, "rm", "-rq", "--cached", ".")
    git(root, "add", "handlers")
    git(root, *commit, "code first")
    git(root, "add", "specs")
    git(root, *commit, "plan")
    (root / "specs" / "001-todo-app" / "spec.md").write_text("# Spec\n\n- **FR-001**: System MUST add todos\n")
    git(root, "add", "specs")
    git(root, *commit, "clarify")
    r = run_cli("suggest", "-C", str(root), "specs/001-todo-app/spec.md", "--limit", "1")
    assert r.code == 0 and "this spec's work is" not in r.err, r


def test_a_spec_whose_task_list_came_after_the_code_names_the_commits_since_it_was_written(tmp_path, run_cli):
    """ai-native-portfolio's last commit generates its tasks.md, after the two commits that
    built the site: the default range touched the task list, so no hint, and each of the 101
    clauses said "no evidence found". A range of documents alone is no review: the commits
    from the spec's own to the last that changed code are its work."""
    root = clone_history("shishuohongdou36-del/ai-native-portfolio", tmp_path / "ai")
    spec = "specs/001-ai-native-portfolio/spec.md"
    r = run_cli("suggest", "-C", str(root), spec, "FR-002", "--limit", "1")
    assert r.code == 0, r
    assert ("note: this spec's work is ae1d99bc249d..e84e20a8c598, open --range ae1d99bc249d..e84e20a8c598 to "
            f"review it: the 2 commits since {spec} was written, to the last that changed code; HEAD~1..HEAD "
            "changes only documents") in r.err, r
    r = run_cli("suggest", "-C", str(root), spec, "FR-002", "--limit", "1", "--range", "ae1d99bc249d..e84e20a8c598")
    assert r.code == 0 and "this spec's work is" not in r.err and "no evidence found" not in r.out, r


def test_check_and_report_say_it_too_on_stderr(tmp_path, run_cli):
    """`specaudit check` on that default range passed with "0 of 0 changed files linked" and
    said nothing of where the work was; check and report say it as suggest does, on stderr
    (their JSON on stdout stays whole), and never of a range given."""
    import json

    root = clone_history("shishuohongdou36-del/ai-native-portfolio", tmp_path / "ai")
    said = "note: this spec's work is ae1d99bc249d..e84e20a8c598, open --range ae1d99bc249d..e84e20a8c598"
    for command in (["check", "--format", "json"], ["report", "--format", "json"]):
        r = run_cli(*command, "-C", str(root))
        assert r.code in (0, 1), r
        assert said in r.err and json.loads(r.out), r
    r = run_cli("check", "-C", str(root), "--range", "HEAD~1..HEAD")
    assert r.code in (0, 1) and "this spec's work is" not in r.err, r
