"""Every user file is read through app/files.read_regular (issue 19 item 5): a scar's
working-tree file and a task list beside the spec are refused when they are a FIFO or a
symlink out of the repository, instead of hanging or reading someone else's file."""

from __future__ import annotations

import os

import pytest
from support import assert_one_line_error

from specaudit.app.evidence.proposals import worktree_reader
from specaudit.app.workspace.demo import build_demo

SPEC = "specs/payment-retry.md"


@pytest.mark.parametrize("kind", ["symlink-outside", "fifo"])
def test_a_scarred_working_tree_file_is_read_safely(run_cli, tmp_path, kind):
    root = build_demo(tmp_path / "demo").path
    target = root / "payment_retry" / "odd.py"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        secret = tmp_path / "secret.py"
        secret.write_text("TOKEN = 'outside'\n" * 5)
        target.symlink_to(secret)
    r = run_cli("scar", "add", "-C", str(root), "--spec", SPEC, "payment_retry/odd.py:1-2", "--working-tree",
                "--title", "t", "--why", "w", timeout=30)
    assert_one_line_error(r)
    assert "payment_retry/odd.py" in r.err
    assert ("outside the repository" if kind != "fifo" else "FIFO") in r.err, r


def test_a_task_list_is_read_safely(tmp_path):
    root = build_demo(tmp_path / "demo").path
    read = worktree_reader(root)
    outside = tmp_path / "elsewhere.md"
    outside.write_text("- [ ] T001 not this repository's\n")
    (root / "specs" / "tasks.md").symlink_to(outside)
    with pytest.raises(OSError, match="outside the repository"):
        read("specs/tasks.md")
    (root / "specs" / "tasks.md").unlink()
    os.mkfifo(root / "specs" / "tasks.md")
    assert read("specs/tasks.md") is None  # skipped at once, never opened (it would block)
    assert read("specs/missing.md") is None
