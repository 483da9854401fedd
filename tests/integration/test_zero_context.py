"""The -U0 view cut from a loaded change set (``core/diff/zero_context``) is exactly what
``git diff -U0`` prints with line tracking's options: on a repository made here with
every shape of change, and on real corpus ranges. The check's line tracking uses it in
place of a second read of the range's diff."""

from __future__ import annotations

import pytest
from support import CORPUS, clone_history, git

from specaudit.core.diff import parse_patch
from specaudit.core.diff.zero_context import zero_context
from specaudit.vcs.diffread import read_commits
from specaudit.vcs.line_tracking import DIFF_OPTS, Tracker
from specaudit.vcs.runner import open_repo


def _shape(fd) -> tuple:
    hunks = [(h.old_start, h.old_lines, h.new_start, h.new_lines) for h in fd.hunks]
    lines = [list(fd.hunk_lines(h)) for h in fd.hunks]
    return fd.status, fd.old_path, fd.new_path, fd.binary, hunks, lines, fd.added_texts()


def _same_as_git(repo, base: str, target: str) -> int:
    """Asserts the view equals git's -U0 for every file; returns how many were compared."""
    change = read_commits(repo, base, target, "range")
    want = {(f.old_path, f.new_path): _shape(f)
            for f in parse_patch(repo.run("diff", *DIFF_OPTS, base, target, "--"), "u0", trusted=True).files}
    got = {(f.old_path, f.new_path): _shape(zero_context(f)) for f in change.files if not f.submodule}
    assert got.keys() == want.keys()
    for key in want:
        assert got[key] == want[key], key
    return len(want)


def test_the_view_is_gits_own_zero_context_diff(tmp_path):
    root = tmp_path / "r"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    body = [f"line {i}" for i in range(1, 41)]
    (root / "edits.txt").write_text("\n".join(body) + "\n")
    (root / "tail.txt").write_text("a\nb\nc")  # no newline at the end
    (root / "gone.txt").write_text("x\ny\n")
    (root / "old_name.py").write_text("".join(f"def f{i}():\n    return {i}\n\n" for i in range(12)))
    (root / "blob.bin").write_bytes(b"\0\1\2" * 50)
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "base")
    base = git(root, "rev-parse", "HEAD").strip()
    edited = ["top 1", "top 2"] + body[:5] + ["changed 6"] + body[6:9] + body[10:20] + ["new a", "new b"] + \
        body[20:35] + ["changed 36", "more"]  # insert at the top, replace, delete, insert, replace at the end
    (root / "edits.txt").write_text("\n".join(edited) + "\n")
    (root / "tail.txt").write_text("a\nB\nc\nd")
    (root / "gone.txt").unlink()
    git(root, "mv", "old_name.py", "new_name.py")
    text = (root / "new_name.py").read_text().replace("return 3\n", "return 33\n")
    (root / "new_name.py").write_text(text)
    (root / "added.txt").write_text("one\ntwo\n")
    (root / "blob.bin").write_bytes(b"\0\3\2" * 50)
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "target")
    target = git(root, "rev-parse", "HEAD").strip()
    repo = open_repo(root)
    assert _same_as_git(repo, base, target) == 6

    # The tracker takes it for its range: lines followed through it land where git's own
    # diff puts them, and no diff is read.
    change = read_commits(repo, base, target, "range")
    adopted, asked = Tracker(repo, target), Tracker(repo, target)
    assert adopted.adopt(change)
    for path, first, last in (("edits.txt", 1, 3), ("edits.txt", 6, 6), ("edits.txt", 10, 10),
                              ("edits.txt", 25, 30), ("old_name.py", 10, 12), ("tail.txt", 3, 3)):
        assert adopted.track(base, path, first, last) == asked.track(base, path, first, last), (path, first)
    assert base in adopted._diffs


def test_a_change_with_copies_is_not_taken():
    """Tracking detects renames only (a copy is a new file there): a change set that found
    copies is not taken, and the tracker reads its own diff."""
    from specaudit.core.diff import ChangeSet, FileDiff

    change = ChangeSet("r", [FileDiff("C", "a.txt", "b.txt", similarity=90)], base="1" * 40, target="2" * 40)
    assert not Tracker(None, "2" * 40).adopt(change)  # type: ignore[arg-type]


@pytest.mark.parametrize("repo_name, rng", [
    ("3bDevDZ/backoffice-app", "27a5efc66dfff1e88d7009d250fbbfdd2b11b65b..6d384f9ee97424bdc00d6c6767c63460bdadd5f9"),
    ("sunfmin/todo2", "a8c9a6430458..3252e011568c"),
    ("hdyksha/hibi", "3215d65947bf..5ad50214396b"),
])
def test_the_view_matches_git_on_corpus_ranges(tmp_path, repo_name, rng):
    root = clone_history(repo_name, tmp_path / "c")
    repo = open_repo(root)
    base, target = (repo.rev_parse(r) for r in rng.split(".."))
    assert _same_as_git(repo, base, target) > 10
    assert CORPUS.is_dir()
