"""Reading a hostile repository runs nothing from it.

The repository wires a marker-writing command into every hook, fsmonitor, the
external diff, a diff driver's command and textconv, clean/smudge/process filters
(also through an included config file, and one named "ev=il"), the pager and signature
checking; the caller's GIT_DIR points elsewhere. A control
run of plain git proves the traps are live; specaudit's reads must leave no marker.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from support import read_lines

from specaudit.app.workspace.diffs import default_range, load_changeset
from specaudit.core.errors import GitError, UsageError
from specaudit.vcs import open_repo

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ("pre-commit", "post-checkout", "post-index-change", "reference-transaction", "fsmonitor-watchman",
         "pre-auto-gc", "post-rewrite")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


def make_hostile(tmp_path: Path) -> tuple[Path, Path]:
    markers = tmp_path / "markers"
    markers.mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    trap = tmp_path / "trap.sh"
    trap.write_text(f'#!/bin/sh\ntouch "{markers}/$(basename "$0")-$$"\ncat\n')
    trap.chmod(trap.stat().st_mode | stat.S_IEXEC)
    git(repo, "init", "-q")
    (repo / "a.txt").write_text("one\ntwo\n")
    (repo / "b.dat").write_text("data\n")
    (repo / "c.md").write_text("note\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first")
    (repo / "a.txt").write_text("one\n2\n")
    (repo / "b.dat").write_text("data 2\n")
    (repo / "c.md").write_text("note 2\n")
    # "ev=il": a name git would split at the "=" if it were passed as -c filter.ev=il.clean=
    (repo / ".gitattributes").write_text("*.txt diff=evil filter=evil\n*.dat filter=evil2 diff=evil\n"
                                         "*.md filter=ev=il diff=ev=il\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "second")
    hooks = repo / ".git" / "hooks"
    for name in HOOKS:
        (hooks / name).write_text(trap.read_text())
        (hooks / name).chmod(0o755)
    (tmp_path / "included.cfg").write_text(
        f"[filter \"evil2\"]\n\tclean = {trap}\n\tsmudge = {trap}\n\trequired = true\n")
    cfg = {
        "core.fsmonitor": str(trap),
        "core.pager": str(trap),
        "pager.diff": str(trap),
        "diff.external": str(trap),
        "diff.evil.command": str(trap),
        "diff.evil.textconv": str(trap),
        "filter.evil.clean": str(trap),
        "filter.evil.smudge": str(trap),
        "filter.evil.process": str(trap),
        "filter.evil.required": "true",
        "filter.ev=il.clean": str(trap),
        "filter.ev=il.smudge": str(trap),
        "diff.ev=il.textconv": str(trap),
        "log.showSignature": "true",
        "gpg.program": str(trap),
        "include.path": str(tmp_path / "included.cfg"),
    }
    for k, v in cfg.items():
        git(repo, "config", k, v)
    # Unstaged and staged changes, with mtimes that force git to look at content.
    (repo / "a.txt").write_text("one\nTWO\nthree\n")
    (repo / "b.dat").write_text("data 3\n")
    (repo / "c.md").write_text("note 3\n")
    return repo, markers


def test_plain_git_would_run_the_traps(tmp_path):
    """Control: the traps are live, so the test below can fail."""
    repo, markers = make_hostile(tmp_path)
    subprocess.run(["git", "diff", "HEAD~1..HEAD"], cwd=repo, capture_output=True)
    subprocess.run(["git", "diff"], cwd=repo, capture_output=True)
    assert any(markers.iterdir())


def test_reading_runs_nothing_from_the_repository(tmp_path):
    repo, markers = make_hostile(tmp_path)
    g = open_repo(repo)
    rng = default_range(g)
    cs = load_changeset(g, rng)
    assert {f.path for f in cs.files} == {"a.txt", "b.dat", "c.md", ".gitattributes"}
    a = cs.file("a.txt")
    assert [ln.text for ln in a.hunks[0].lines if ln.kind == "+"] == ["2"]  # raw text, no textconv
    load_changeset(g, "HEAD~1...HEAD")
    load_changeset(g, "HEAD")
    unstaged = load_changeset(g, unstaged=True)
    assert {f.path for f in unstaged.files} == {"a.txt", "b.dat", "c.md"}
    load_changeset(g, staged=True)
    load_changeset(g)
    assert read_lines(g, "HEAD", "a.txt", 1, 2) == ["one", "2"]
    g.text("log", "-1", "--format=%H")
    assert list(markers.iterdir()) == []


def test_cli_diff_runs_nothing(tmp_path):
    repo, markers = make_hostile(tmp_path)
    other = tmp_path / "other"
    git(tmp_path, "init", "-q", str(other))
    # The caller's environment points git at another repository and index: ignored.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GIT_DIR": str(other / ".git"),
           "GIT_INDEX_FILE": str(other / ".git" / "index"), "GIT_WORK_TREE": str(other)}
    for extra in ([], ["--unstaged"], ["--staged"], ["--range", "HEAD~1..HEAD", "--format", "json"]):
        proc = subprocess.run([sys.executable, "-m", "specaudit", "diff", "--repo", str(repo), *extra],
                              capture_output=True, text=True, env=env, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        assert ("a.txt" in proc.stdout) == (extra != ["--staged"]), proc.stdout
    assert list(markers.iterdir()) == []


@pytest.mark.parametrize("rng", ["--output=OUT", "-p", "HEAD..--output=OUT", "--output=OUT..HEAD", "-1"])
def test_ranges_that_look_like_options_are_refused(tmp_path, rng):
    repo, markers = make_hostile(tmp_path)
    rng = rng.replace("OUT", str(tmp_path / "out.txt"))
    with pytest.raises((UsageError, GitError)):
        load_changeset(open_repo(repo), rng)
    assert not (tmp_path / "out.txt").exists()
    assert list(markers.iterdir()) == []


def test_paths_that_look_like_options_are_data(tmp_path):
    repo, markers = make_hostile(tmp_path)
    g = open_repo(repo)
    (repo / "--output=x").write_text("dash\n")
    git(repo, "add", "--", "--output=x")
    git(repo, "-c", "core.hooksPath=/dev/null", "commit", "-qm", "dash file", "--no-verify")
    for m in markers.iterdir():  # our own set-up ran the repository's filters; start clean
        m.unlink()
    assert read_lines(g, "HEAD", "--output=x", 1, 1) == ["dash"]
    cs = load_changeset(g, "HEAD~1..HEAD")
    assert [f.path for f in cs.files] == ["--output=x"]
    with pytest.raises(GitError):
        read_lines(g, "-p", "a.txt", 1, 1)
    assert not (repo / "x").exists()
    assert list(markers.iterdir()) == []
