"""app/evidence/code_index: the changed files of a real git change parsed once per blob."""

from __future__ import annotations

import subprocess
from pathlib import Path

from specaudit.app.evidence.code_index import CodeCache, parse_change
from specaudit.app.workspace.diffs import load_changeset
from specaudit.vcs.runner import open_repo


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "r"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.com")
    _git(root, "config", "user.name", "t")
    (root / "a.py").write_text("def old():\n    return 1\n")
    (root / "notes.md").write_text("# notes\n")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "base")
    (root / "a.py").write_text("def old():\n    return 1\n\n\ndef added(x):\n    return x * 2\n")
    (root / "b.ts").write_text("export function f(): number { return 5 }\n")
    (root / "notes.md").write_text("# notes\nmore\n")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "change")
    return root


def test_parse_change_reads_new_blobs_once(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    repo = open_repo(root)
    cs = load_changeset(repo, "HEAD~1..HEAD")
    cache = CodeCache()
    files = parse_change(repo, cs, cache=cache)
    assert sorted(files) == ["a.py", "b.ts"]  # Markdown is left to the hunks
    assert [d.name for d in files["a.py"].definitions] == ["old", "added"]
    assert cache.parsed == 2
    again = parse_change(repo, load_changeset(repo, "HEAD~1..HEAD"), cache=cache)
    assert cache.parsed == 2  # same blobs: nothing parsed again
    assert again["a.py"] is files["a.py"]


def test_parse_change_on_the_working_tree(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "a.py").write_text("def only():\n    pass\n")
    repo = open_repo(root)
    from specaudit.vcs.diffread import read_worktree

    cs = read_worktree(repo, staged=True, unstaged=True)
    files = parse_change(repo, cs, cache=CodeCache())
    assert [d.name for d in files["a.py"].definitions] == ["only"]
