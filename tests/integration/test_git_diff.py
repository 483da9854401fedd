"""The git reader on a real repository: every kind of change the issue lists."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from support import read_lines

from specaudit.app.workspace.diffs import default_range, load_changeset
from specaudit.core.diff.rows import RowModel
from specaudit.core.errors import GitError, UsageError
from specaudit.vcs import open_repo


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    r = tmp_path / "r"
    r.mkdir()
    git(r, "init", "-q")
    body = "".join(f"line {i} of a file long enough to be found as a rename\n" for i in range(20))
    (r / "moved.txt").write_text(body)
    (r / "copied.txt").write_text(body.replace("line", "row"))
    (r / "run.sh").write_text("echo hi\n")
    (r / "img.bin").write_bytes(b"\x00\x01\x02" * 10)
    (r / "gone.txt").write_text("bye\n")
    (r / "eol.txt").write_text("a\nb")
    (r / "crlf.txt").write_bytes(b"one\r\ntwo\r\n")
    git(r, "add", ".")
    git(r, "commit", "-qm", "base")
    (r / "renamed dir").mkdir()
    git(r, "mv", "moved.txt", "renamed dir/moved ü.txt")
    (r / "renamed dir" / "moved ü.txt").write_text(body.replace("line 3 ", "LINE 3 "))
    (r / "copy2.txt").write_text(body.replace("line", "row") + "extra\n")
    (r / "copied.txt").write_text(body.replace("line", "row") + "source changed too\n")  # copy source
    os.chmod(r / "run.sh", 0o755)
    (r / "img.bin").write_bytes(b"\x00\x09" * 50)
    (r / "gone.txt").unlink()
    (r / "eol.txt").write_text("a\nB")
    (r / "crlf.txt").write_bytes(b"one\r\nTWO\r\n")
    (r / "latin1.txt").write_bytes(b"caf\xe9\n")
    os.symlink("run.sh", r / "link")
    git(r, "add", "-A")
    git(r, "commit", "-qm", "change")
    return r


def test_range_covers_every_kind_of_change(repo):
    g = open_repo(repo)
    assert default_range(g) == "HEAD~1..HEAD"
    cs = load_changeset(g, "HEAD~1..HEAD")
    by = {f.path: f for f in cs.files}
    mv = by["renamed dir/moved ü.txt"]
    assert (mv.status, mv.old_path) == ("R", "moved.txt") and 80 <= mv.similarity < 100
    assert (mv.added, mv.removed) == (1, 1)
    cp = by["copy2.txt"]
    assert cp.status == "C" and cp.old_path == "copied.txt" and cp.added == 1
    assert (by["run.sh"].old_mode, by["run.sh"].new_mode) == ("100644", "100755")
    img = by["img.bin"]
    assert img.binary and img.hunks == [] and (img.old_size, img.new_size) == (30, 100)
    assert by["gone.txt"].status == "D" and by["gone.txt"].new_path is None
    eol_lines = by["eol.txt"].hunks[0].lines
    assert [(ln.kind, ln.text, ln.no_newline) for ln in eol_lines[-2:]] == [("-", "b", True), ("+", "B", True)]
    assert [ln.text for ln in by["crlf.txt"].hunks[0].lines if ln.kind == "+"] == ["TWO\r"]
    lat = by["latin1.txt"]
    assert lat.hunks[0].lines[0].text == "café" and lat.non_utf8
    assert by["link"].symlink and by["link"].hunks[0].lines[0].text == "run.sh"
    # Cross-check the counts against git's own numstat.
    numstat = git(repo, "diff", "--numstat", "-M", "-C", "HEAD~1", "HEAD")
    total_added = sum(int(x.split("\t")[0]) for x in numstat.splitlines() if not x.startswith("-"))
    assert cs.added == total_added
    for f in cs.files:
        rows = RowModel(f)
        assert sum(1 for r in range(len(rows)) if rows.new[r] >= 0 and rows.kind[r] in (2, 4)) == f.added


def test_single_commit_merge_base_and_root(repo):
    g = open_repo(repo)
    one = load_changeset(g, "HEAD")
    assert len(one.files) == len(load_changeset(g, "HEAD~1..HEAD").files)
    root = load_changeset(g, "HEAD~1")
    assert {f.status for f in root.files} == {"A"}
    trunk = git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(repo, "checkout", "-qb", "side", "HEAD~1")
    (repo / "side.txt").write_text("s\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "side")
    # A...B diffs from the merge base: the trunk's own commit does not show.
    assert [f.path for f in load_changeset(g, f"{trunk}...side").files] == ["side.txt"]
    assert len(load_changeset(g, f"{trunk}..side").files) > 1


def test_working_tree_staged_and_unstaged(repo):
    g = open_repo(repo)
    (repo / "run.sh").write_text("echo staged\n")
    git(repo, "add", "run.sh")
    (repo / "eol.txt").write_text("unstaged\n")
    (repo / "img.bin").write_bytes(b"\x00" * 7)
    assert [f.path for f in load_changeset(g, staged=True).files] == ["run.sh"]
    unstaged = load_changeset(g, unstaged=True)
    assert sorted(f.path for f in unstaged.files) == ["eol.txt", "img.bin"]
    assert unstaged.file("img.bin").new_size == 7
    assert len(load_changeset(g).files) == 3


def test_read_lines_and_errors(repo, tmp_path):
    g = open_repo(repo)
    assert read_lines(g, "HEAD", "crlf.txt", 1, 5) == ["one", "TWO"]
    assert read_lines(g, "HEAD~1", "eol.txt", 2, 2) == ["b"]
    with pytest.raises(GitError, match="unknown revision"):
        load_changeset(g, "nope..HEAD")
    with pytest.raises(UsageError):
        load_changeset(g, "HEAD", patch="x.diff")
    with pytest.raises(GitError, match="not a git repository"):
        open_repo(tmp_path)
    with pytest.raises(UsageError, match="not found"):
        load_changeset(None, patch=str(tmp_path / "missing.diff"))


def test_patch_file_matches_the_range(repo, tmp_path):
    g = open_repo(repo)
    patch = tmp_path / "change.diff"
    patch.write_bytes(subprocess.run(["git", "format-patch", "-1", "--stdout", "-M", "-C"], cwd=repo,
                                     capture_output=True, check=True).stdout)
    from_patch = load_changeset(None, patch=str(patch))
    from_git = load_changeset(g, "HEAD~1..HEAD")
    key = lambda cs: sorted((f.status, f.path, f.added, f.removed, f.binary) for f in cs.files)  # noqa: E731
    assert key(from_patch) == key(from_git)


def test_submodule_change_is_flagged(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    git(sub, "init", "-q")
    (sub / "x").write_text("1\n")
    git(sub, "add", ".")
    git(sub, "commit", "-qm", "s1")
    top = tmp_path / "top"
    top.mkdir()
    git(top, "init", "-q")
    git(top, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "vendor/sub")
    git(top, "commit", "-qm", "add sub")
    (top / "vendor" / "sub" / "x").write_text("2\n")
    git(top / "vendor" / "sub", "commit", "-qam", "s2")
    git(top, "add", "vendor/sub")
    git(top, "commit", "-qm", "bump sub")
    cs = load_changeset(open_repo(top), "HEAD~1..HEAD")
    f = cs.file("vendor/sub")
    assert f.submodule and f.status == "M"
    assert [ln.text.split()[0] for ln in f.hunks[0].lines] == ["Subproject", "Subproject"]
