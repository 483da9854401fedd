"""Git states and file names that used to give the wrong answer (issue 11, items 16 and 18).

During a merge or rebase conflict, ``diff --unstaged`` met git's combined ``diff --cc``
and said "malformed hunk header". A file named ``back\\slash.py`` could not be linked:
the backslash was turned into a directory separator.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bad_git_states import committed_repo, mid_merge
from support import assert_one_line_error

SPEC = "specs/payment-retry.md"


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def rebase_conflict(work: Path, template: Path) -> Path:
    repo = work / "rebase"
    shutil.copytree(template, repo, symlinks=True)
    git(repo, "checkout", "-q", "-b", "side", "HEAD~1")
    (repo / "payment_retry" / "retry.py").write_text("side\n")
    git(repo, "commit", "-qam", "side")
    assert git(repo, "rebase", "-q", "main").returncode != 0
    assert (repo / ".git" / "rebase-merge").exists() or (repo / ".git" / "rebase-apply").exists()
    return repo


@pytest.mark.parametrize("build,what", [(mid_merge, "a merge"), (rebase_conflict, "a rebase")])
@pytest.mark.parametrize("flag", ["--unstaged", "--staged"])
def test_diff_of_the_index_during_a_conflict_says_resolve_first(demo_template, tmp_path, run_cli,
                                                                build, what, flag):
    repo = build(tmp_path, demo_template)
    before = tree_digest(repo)
    result = run_cli("diff", "--repo", str(repo), flag)
    assert_one_line_error(result)
    assert f"{what} is in progress" in result.err and "resolve it first" in result.err, result
    assert "malformed" not in result.err
    assert tree_digest(repo) == before


def test_whole_working_tree_during_a_conflict_is_still_readable(demo_template, tmp_path, run_cli):
    repo = mid_merge(tmp_path, demo_template)
    result = run_cli("diff", "--repo", str(repo))
    assert result.code == 0, result
    assert ".specaudit/specs/payment-retry.md.audit.yaml" in result.out


def test_a_file_name_with_a_backslash_can_be_linked(demo_template, tmp_path, run_cli):
    repo = tmp_path / "demo"
    shutil.copytree(demo_template, repo, symlinks=True)
    (repo / "back\\slash.py").write_text("one\ntwo\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "backslash")
    result = run_cli("review", "--repo", str(repo), "--spec", SPEC, "--clause", "behavior-1",
                     "--verdict", "implemented", "--link", "back\\slash.py:1-2")
    assert result.code == 0, result
    audit = (repo / ".specaudit" / "specs" / "payment-retry.md.audit.yaml").read_text()
    assert "back\\slash.py" in audit and "back/slash.py" not in audit
    # The link is followed through history under its own name: a change to its lines is stale code.
    (repo / "back\\slash.py").write_text("one\nTWO\n")
    git(repo, "commit", "-qam", "change the linked lines")
    checked = run_cli("check", "--repo", str(repo), "--format", "json")
    assert checked.code == 1, checked
    stale = [f for f in json.loads(checked.out)["findings"] if f["kind"] == "stale-code"]
    assert [f["path"] for f in stale] == ["back\\slash.py"], checked.out


@pytest.mark.parametrize("old,new", [
    ("back\\slash.py", "moved\\to\\here.py"),
    ('q"uote\ttab.py', "caf\u00e9 \\\u00e9.py"),
    ("plain.py", "with\nnewline.py"),
])
def test_links_follow_quoted_names_through_renames(tmp_path, old, new):
    """Line tracking reads git's quoted names with the one diff parser (core/diff)."""
    from specaudit.vcs import open_repo
    from specaudit.vcs.line_tracking import Tracker

    repo = committed_repo(tmp_path / "r", {old: "".join(f"line {i}\n" for i in range(1, 30))})
    first = git(repo, "rev-parse", "HEAD").stdout.strip()
    git(repo, "mv", old, new)
    (repo / new).write_text("new a\nnew b\n" + (repo / new).read_text())
    git(repo, "commit", "-qam", "rename and insert")
    g = open_repo(repo)
    now = Tracker(g, g.head()).track(first, old, 2, 3)
    assert (now.path, now.first, now.last, now.changed, now.moved) == (new, 4, 5, False, True)
