"""Commands named by a repository's configuration never run (issue 11, items 6 and 7).

A filter whose name contains "=" (``filter.ev=il.clean``) used to slip past the
``-c filter.NAME.clean=`` blanking, because git splits ``-c`` at the first "=". A filter
added to an included config file while a session was open got past a cache keyed on
``.git/config``'s mtime. A submodule under ``.specaudit/`` runs its own filters. Each
test plants a marker-writing command and proves with plain git that the trap is live.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from bad_git_states import committed_repo
from bad_git_states import demo as copy_demo
from support import assert_one_line_error

from specaudit.app.workspace.diffs import load_changeset
from specaudit.vcs import open_repo

SPEC = "specs/payment-retry.md"


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def plant_filter(repo: Path, marker: Path, name: str = "ev=il") -> None:
    """The issue's reproduction: a filter named ``ev=il`` on every file, mtimes touched
    so git re-reads (and would clean) the content."""
    for opt in ("clean", "smudge"):
        assert git(repo, "config", f"filter.{name}.{opt}", f"touch {marker}").returncode == 0
    (repo / ".gitattributes").write_text(f"* filter={name}\n")
    touch_all(repo)


def touch_all(repo: Path) -> None:
    later = os.stat(repo / SPEC).st_mtime + 5
    for p in (repo / "specs").iterdir():
        os.utime(p, (later, later))


@pytest.fixture
def demo(demo_template, tmp_path) -> Path:
    return copy_demo(tmp_path, demo_template)


@pytest.fixture
def one_commit(demo_template, tmp_path) -> Path:
    """A repository whose only commit holds the spec: `diff` and `open` fall back to the
    working tree, which is where filters apply."""
    return committed_repo(tmp_path / "one", {SPEC: (demo_template / SPEC).read_text()})


def test_control_plain_git_runs_the_filter(demo, tmp_path):
    marker = tmp_path / "pwned"
    plant_filter(demo, marker)
    git(demo, "diff")
    assert marker.exists(), "the trap is not live, so the tests below could not fail"


def test_diff_unstaged_and_commit_run_no_filter_named_with_equals(demo, tmp_path, run_cli):
    marker = tmp_path / "pwned"
    plant_filter(demo, marker)
    steps = [
        ("diff", "--repo", str(demo), "--unstaged"),
        ("review", "--repo", str(demo), "--spec", SPEC, "--clause", "behavior-1", "--verdict", "implemented"),
        ("commit", "--repo", str(demo), "--show-message"),
        ("commit", "--repo", str(demo), "-m", "record review"),
    ]
    for args in steps:
        result = run_cli(*args)
        assert result.code == 0, (args, result)
        assert not marker.exists(), f"{args[0]} ran the repository's filter"
        touch_all(demo)
    assert git(demo, "log", "-1", "--format=%s").stdout.strip() == "record review"


def test_one_commit_repo_diff_and_open_run_no_filter(one_commit, tmp_path, run_cli):
    marker = tmp_path / "pwned"
    plant_filter(one_commit, marker)
    assert run_cli("diff", "--repo", str(one_commit)).code == 0
    assert not marker.exists(), "diff (working tree fallback) ran the filter"
    touch_all(one_commit)
    shot = tmp_path / "shot.png"
    result = run_cli("open", str(one_commit), "--screenshot", str(shot), env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.code == 0, result
    assert shot.exists()
    assert not marker.exists(), "open ran the filter"


def test_filter_added_through_an_include_during_a_session(one_commit, tmp_path):
    marker = tmp_path / "pwned"
    included = tmp_path / "included.cfg"
    included.write_text("")
    git(one_commit, "config", "include.path", str(included))
    (one_commit / ".gitattributes").write_text("* filter=late\n")
    g = open_repo(one_commit)
    load_changeset(g, unstaged=True)
    # The same session, after .git/config last changed: only the included file changes.
    included.write_text(f'[filter "late"]\n\tclean = touch {marker}\n\trequired = true\n')
    touch_all(one_commit)
    git(one_commit, "diff")
    assert marker.exists(), "the include is not live"
    marker.unlink()
    touch_all(one_commit)
    cs = load_changeset(g, unstaged=True)
    assert not marker.exists()
    assert {f.path for f in cs.files} <= {".gitattributes", SPEC}


def test_names_with_dots_quotes_and_equals_are_all_blanked(one_commit, tmp_path):
    marker = tmp_path / "pwned"
    names = ["a.b", "x=y=z", 'q"uote', "sp ace"]
    for i, name in enumerate(names):
        git(one_commit, "config", f"filter.{name}.clean", f"touch {marker}-{i}")
    (one_commit / ".gitattributes").write_text(
        "".join(f"{p} filter={n}\n" for p, n in zip(["*.md", "*.txt", "*.py", "*.json"], names, strict=True)
                if " " not in n and '"' not in n))
    for ext in ("txt", "py", "json"):
        (one_commit / f"f.{ext}").write_text("x\n")
    git(one_commit, "add", "-N", ".")
    touch_all(one_commit)
    git(one_commit, "diff")
    assert (tmp_path / "pwned-0").exists() and (tmp_path / "pwned-1").exists(), "the traps are not live"
    for m in tmp_path.glob("pwned*"):
        m.unlink()
    touch_all(one_commit)
    load_changeset(open_repo(one_commit), unstaged=True)
    assert list(tmp_path.glob("pwned*")) == []


def _submodule_under_specaudit(repo: Path, tmp_path: Path, marker: Path) -> None:
    sub = committed_repo(tmp_path / "subsrc", {"notes.md": "notes\n"})
    done = git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), ".specaudit/vendor")
    assert done.returncode == 0, done.stderr
    git(repo, "commit", "-qm", "add submodule")
    inner = repo / ".specaudit" / "vendor"
    git(inner, "config", "filter.inner.clean", f"touch {marker}")
    (inner / ".gitattributes").write_text("* filter=inner\n")
    later = os.stat(inner / "notes.md").st_mtime + 5
    os.utime(inner / "notes.md", (later, later))


def test_control_submodule_filter_is_live(demo, tmp_path):
    marker = tmp_path / "pwned"
    _submodule_under_specaudit(demo, tmp_path, marker)
    git(demo, "status")
    assert marker.exists()


@pytest.mark.parametrize("command", [("commit", "--show-message"), ("commit", "-m", "x"), ("commit",)])
def test_a_submodule_in_specaudit_is_refused(demo, tmp_path, run_cli, command):
    marker = tmp_path / "pwned"
    _submodule_under_specaudit(demo, tmp_path, marker)
    head = git(demo, "rev-parse", "HEAD").stdout
    result = run_cli(*command, "--repo", str(demo))
    assert_one_line_error(result)
    assert "submodule" in result.err and ".specaudit/vendor" in result.err, result
    assert not marker.exists()
    assert git(demo, "rev-parse", "HEAD").stdout == head


def test_specaudit_that_is_a_submodule_is_refused(one_commit, tmp_path, run_cli):
    sub = committed_repo(tmp_path / "subsrc", {"x.audit.yaml": "x\n"})
    assert git(one_commit, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub),
               ".specaudit").returncode == 0
    result = run_cli("commit", "--repo", str(one_commit), "--show-message")
    assert_one_line_error(result)
    assert "submodule" in result.err and ".specaudit" in result.err, result
