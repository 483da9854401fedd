"""`specaudit commit` takes only the audit files and specs it means, and a commit that
fails leaves the index exactly as it was ("your changes are untouched" is true)."""

from __future__ import annotations

import os
import subprocess

import pytest
from support import assert_one_line_error, git

SPEC = "specs/payment-retry.md"
AUDIT = ".specaudit/specs/payment-retry.md.audit.yaml"


def _review(run_cli, root, clause="behavior-1", verdict="implemented", note="ok"):
    result = run_cli("review", "--repo", str(root), "--spec", SPEC, "--clause", clause, "--verdict", verdict,
                     "--note", note)
    assert result.code == 0, result


def _index_and_status(root) -> tuple[str, str]:
    return git(root, "ls-files", "--stage"), git(root, "status", "--porcelain=v1", "--untracked-files=all")


def test_leftovers_of_a_killed_writer_and_strangers_under_specaudit_are_never_committed(demo_repo, run_cli):
    root = demo_repo.path
    _review(run_cli, root)
    folder = root / ".specaudit" / "specs"
    tmp = folder / ".payment-retry.md.audit.yaml.k3j2x9.tmp"
    tmp.write_bytes((root / AUDIT).read_bytes() + b"  behavior-2:\n    verdict: impl" + b"x" * 2_000_000)
    (folder / ".payment-retry.md.audit.yaml.lock").write_bytes(b"")
    (root / ".specaudit" / "notes.txt").write_text("my own scratch notes\n")

    shown = run_cli("commit", "--repo", str(root), "--show-message")
    assert shown.code == 0 and AUDIT in shown.out and ".tmp" not in shown.out and "notes.txt" not in shown.out, shown
    done = run_cli("commit", "--repo", str(root), "-m", "record the review")
    assert done.code == 0, done
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [AUDIT]
    untracked = git(root, "status", "--porcelain=v1", "--untracked-files=all")
    assert ".tmp" in untracked and "notes.txt" in untracked and ".lock" in untracked


def test_a_commit_refused_by_a_hook_leaves_the_index_as_it_was(demo_repo, run_cli):
    root = demo_repo.path
    _review(run_cli, root, note="first, staged by the user")
    git(root, "add", AUDIT)  # the user staged this version on purpose
    (root / "payment_retry" / "cache.py").write_text("# staged by the user\n")
    git(root, "add", "payment_retry/cache.py")
    _review(run_cli, root, clause="behavior-2", note="second, not staged")
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint failed' >&2\nexit 1\n")
    os.chmod(hook, 0o755)
    before = _index_and_status(root)

    result = run_cli("commit", "--repo", str(root), "--spec", SPEC, "-m", "record")
    assert_one_line_error(result)
    assert "pre-commit" in result.err and "untouched" in result.err
    assert _index_and_status(root) == before
    assert "second, not staged" in (root / AUDIT).read_text()


def test_a_commit_during_a_merge_leaves_the_index_and_the_merge_as_they_were(demo_repo, run_cli):
    root = demo_repo.path
    git(root, "switch", "-q", "-c", "other")
    (root / "conflict.txt").write_text("theirs\n")
    git(root, "add", "conflict.txt")
    git(root, "commit", "-q", "-m", "theirs")
    git(root, "switch", "-q", "main")
    (root / "conflict.txt").write_text("ours\n")
    git(root, "add", "conflict.txt")
    git(root, "commit", "-q", "-m", "ours")
    with pytest.raises(subprocess.CalledProcessError):  # git exits 1 on the conflict
        git(root, "merge", "other")
    _review(run_cli, root)
    before = _index_and_status(root)

    result = run_cli("commit", "--repo", str(root), "-m", "record")
    assert_one_line_error(result)
    assert "merge is in progress" in result.err
    assert _index_and_status(root) == before
    assert (root / ".git" / "MERGE_HEAD").is_file()
    assert "AA conflict.txt" in before[1]  # still unmerged
