"""One truth per range (issue 11 "one range resolver", issue 12 item 5, issue 11 item 22).

The window opened on a range shows the findings and unexplained lines `check --range`
reports for it; ``A...B`` starts at the merge base everywhere; coverage follows the
range, never the commits the verdicts were recorded at.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from qt_support import open_window
from support import CORPUS, commit_files, git

from specaudit.app.workspace.demo import DemoRepo, build_demo
from specaudit.app.workspace.ranges import resolve_range
from specaudit.ui.findings.unexplained_panel import ROLE_FINDING
from specaudit.vcs.runner import open_repo

SPEC = "specs/payment-retry.md"


def _key(f: dict) -> tuple:
    return (f["kind"], f["spec"], f["clause"], f["scar"], f["path"], f["line"], f["end_line"])


def _check_json(run_cli, root: Path, *args: str) -> dict:
    r = run_cli("check", "-C", str(root), "--format", "json", *args)
    assert r.code in (0, 1), r
    return json.loads(r.out)


def _window_keys(window) -> set[tuple]:
    return {_key(f.to_json()) for f in window.findings}


def test_window_on_a_range_shows_what_check_range_reports(qtbot, run_cli, tmp_path):
    demo = build_demo(tmp_path / "demo")
    root = demo.path
    commit_files(root, {"payment_retry/extra.py": "def extra():\n    return 1\n"}, "an extra module")
    commit_files(root, {"payment_retry/cache.py": (root / "payment_retry/cache.py").read_text()
                                    + "\n\nCACHE_LIMIT = 10\n"}, "cache tweak")
    rng = "HEAD~2..HEAD"
    window = open_window(qtbot, demo, range=rng)
    checked = _check_json(run_cli, root, "--range", rng)
    assert checked["range"] == rng
    assert _window_keys(window) == {_key(f) for f in checked["findings"]}
    unexplained = {f["path"] for f in checked["findings"] if f["kind"] == "unexplained-change"}
    # Exactly the range's files: not the regeneration's, although the verdicts are older.
    assert unexplained == {"payment_retry/extra.py", "payment_retry/cache.py"}
    panel = window.unexplained  # what the Unexplained tab lists
    shown = {panel.topLevelItem(i).data(0, ROLE_FINDING).path for i in range(panel.topLevelItemCount())}
    assert shown == unexplained


def _forked_demo(tmp_path: Path):
    """The demo, then a feature branch (one commit) and one more commit on the main line."""
    demo = build_demo(tmp_path / "demo")
    root = demo.path
    main = git(root, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(root, "checkout", "-qb", "feature")
    commit_files(root, {"payment_retry/feature.py": "def feature():\n    return 2\n"}, "feature work")
    git(root, "checkout", "-q", main)
    commit_files(root, {"payment_retry/main_only.py": "def main_only():\n    return 3\n"}, "main line work")
    return demo, main


def test_three_dot_range_starts_at_the_merge_base(qtbot, run_cli, tmp_path):
    demo, main = _forked_demo(tmp_path)
    root = demo.path
    rng = f"{main}...feature"
    resolved = resolve_range(open_repo(root), rng)
    assert resolved.base == demo.head  # the fork point, not the tip of main
    assert resolved.target == git(root, "rev-parse", "feature").strip()
    checked = _check_json(run_cli, root, "--range", rng)
    unexplained = {f["path"] for f in checked["findings"] if f["kind"] == "unexplained-change"}
    assert unexplained == {"payment_retry/feature.py"}
    window = open_window(qtbot, demo, range=rng)
    assert window.model.anchor_commit("old") == demo.head  # where the window anchors what is picked
    assert window.model.anchor_commit("new") == resolved.target
    assert _window_keys(window) == {_key(f) for f in checked["findings"]}
    diff = run_cli("diff", "-C", str(root), "--range", rng, "--format", "json")
    assert {f["new_path"] for f in json.loads(diff.out)["files"]} == {"payment_retry/feature.py"}


def test_coverage_ignores_the_commit_a_verdict_was_recorded_at(run_cli, tmp_path):
    """Issue 11 item 22: a link recorded at HEAD used to move coverage to HEAD, so
    nothing was covered and `fail_on: [unexplained-change]` passed."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    commit_files(root, {SPEC: "# Spec\n\n## Behavior\n\n- Retry three times.\n",
                                      "a.py": "x = 1\n"}, "spec and code")
    commit_files(root, {"a.py": "x = 2\n", "b.py": "y = 1\n"}, "more code")
    (root / ".specaudit").mkdir(exist_ok=True)
    (root / ".specaudit/config.yaml").write_text("gate:\n  fail_on: [unexplained-change]\n")
    r = run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", "behavior-1", "--verdict", "implemented",
                "--link", "a.py:1-1")
    assert r.code == 0, r
    r = run_cli("check", "-C", str(root))
    assert r.code == 1, r
    assert "b.py" in r.out and "unexplained-change" in r.out


def test_range_and_since_are_exclusive(run_cli, tmp_path):
    demo = build_demo(tmp_path / "demo")
    r = run_cli("check", "-C", str(demo.path), "--range", "HEAD~1..HEAD", "--since", "HEAD~1")
    assert r.code == 2 and "--range" in r.err and len(r.err.strip().splitlines()) == 1, r


def test_patch_session_anchors_nowhere(tmp_path):
    """A patch is not in git: its lines belong to no commit (not HEAD, not HEAD^)."""
    demo = build_demo(tmp_path / "demo")
    patch = tmp_path / "change.patch"
    patch.write_text(subprocess.run(["git", "-C", str(demo.path), "diff", "HEAD~1", "HEAD"],
                                    capture_output=True, text=True, check=True).stdout)
    rng = resolve_range(open_repo(demo.path), patch=str(patch))
    assert rng.side_commit("new") is None and rng.side_commit("old") is None


KIRO_BUNDLE = CORPUS / "history" / "namidapoo+todo-app-using-kiro.bundle"
KIRO_SPEC = ".kiro/specs/modern-todo-app/requirements.md"
KIRO_RANGE = "930497f7fe4e..1afa5c99d42f"  # MANIFEST.yaml: the spec's implementing range (30 files)


@pytest.mark.skipif(not KIRO_BUNDLE.is_file(), reason="needs the real-world corpus")
def test_window_on_a_real_range_equals_check_range(qtbot, run_cli, tmp_path):
    """A real history: opened on its implementing range, the window lists every
    unexplained line `check --range` lists, not just those of the last commit."""
    root = tmp_path / "kiro"
    subprocess.run(["git", "clone", "-q", str(KIRO_BUNDLE), str(root)], check=True)
    checked = _check_json(run_cli, root, "--range", KIRO_RANGE, "--spec", KIRO_SPEC, "--proposals")
    last_commit_only = _check_json(run_cli, root, "--spec", KIRO_SPEC)
    repo = DemoRepo(path=root, spec=KIRO_SPEC, base="930497f7fe4e", head="1afa5c99d42f")
    window = open_window(qtbot, repo, range=KIRO_RANGE)
    assert _window_keys(window) == {_key(f) for f in checked["findings"]}
    unexplained = [f for f in checked["findings"] if f["kind"] == "unexplained-change"]
    assert window.unexplained.file_count() == len(unexplained) > len(last_commit_only["findings"])


def test_one_commit_is_its_own_change_and_a_root_has_no_old_commit(tmp_path):
    demo = build_demo(tmp_path / "demo")
    repo = open_repo(demo.path)
    head = resolve_range(repo, "HEAD")
    assert (head.base, head.target) == (demo.base, demo.head)
    assert head.side_commit("old") == demo.base and head.side_commit("new") == demo.head
    root = resolve_range(repo, demo.base)
    assert root.target == demo.base and root.side_commit("old") is None  # the empty tree is no commit
