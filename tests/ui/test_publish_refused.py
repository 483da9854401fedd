"""Commit and push from the window's dialog to a real bare remote that refuses the push
(someone pushed first): the commit is said done, and the dialog no longer offers to commit
the files it just committed."""

from __future__ import annotations

import subprocess

from PySide6.QtCore import Qt
from support import git

from specaudit.ui.spec_editor import CommitPushDialog


def test_a_refused_push_after_a_commit_leaves_nothing_to_commit_again(qtbot, demo_repo, tmp_path):
    remote = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--bare", "-q", str(remote)], check=True)
    git(demo_repo.path, "remote", "add", "origin", str(remote))
    git(demo_repo.path, "push", "-q", "-u", "origin", "HEAD:refs/heads/main")
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(remote), str(other)], check=True)
    (other / "x.txt").write_text("x\n")
    git(other, "add", "x.txt")
    git(other, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "someone else first")
    git(other, "push", "-q")
    spec = demo_repo.path / demo_repo.spec
    spec.write_text(spec.read_text() + "\n- A new edge case.\n")

    dialog = CommitPushDialog(demo_repo.path, [demo_repo.spec])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.commit_button.isEnabled, timeout=10000)
    dialog.push_after.setChecked(True)
    with qtbot.waitSignal(dialog.failed, timeout=30000):
        qtbot.keyClick(dialog.message, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert "Committed" in dialog.status.text() and "rejected" in dialog.status.text()
    assert git(demo_repo.path, "status", "--porcelain", "--", demo_repo.spec) == ""
    # The file is committed: it is no longer listed, Commit is off, Push only stays.
    assert dialog.files.count() == 0
    assert not dialog.commit_button.isEnabled()
    assert dialog.push_button.isEnabled()
