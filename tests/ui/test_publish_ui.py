"""The Commit and push dialog under pytest-qt: real repositories and bare remotes, work in
the background, errors shown with how to recover."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support import tighten_scar

from specaudit.app.store.audit_store import load_audit
from specaudit.ui.spec_editor import CommitPushDialog

SPEC = "specs/payment-retry.md"
AUDIT = ".specaudit/specs/payment-retry.md.audit.yaml"


def _git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def _bare(tmp_path: Path, hook: str | None = None) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(bare)], check=True)
    if hook:
        (bare / "hooks" / "pre-receive").write_text("#!/bin/sh\n" + hook + "\n")
        (bare / "hooks" / "pre-receive").chmod(0o755)
    return bare


def _dialog(qtbot, root: Path, **kw) -> CommitPushDialog:
    (sid,) = load_audit(root, SPEC).scars
    tighten_scar(root, SPEC, sid)
    dialog = CommitPushDialog(root, [SPEC], **kw)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=15_000)
    dialog.show()
    return dialog


def test_commit_and_push_in_the_background(qtbot, demo_repo, tmp_path):
    root = demo_repo.path
    bare = _bare(tmp_path)
    _git(root, "remote", "add", "origin", str(bare))
    (root / "payment_retry" / "retry.py").write_text("# work in progress\n")
    dialog = _dialog(qtbot, root)
    assert dialog.branch_label.text() == "main"
    assert [dialog.files.item(i).text() for i in range(dialog.files.count())] == [AUDIT, SPEC]
    assert "fold scar" in dialog.message.toPlainText()
    assert dialog.remote.currentText() == "origin" and dialog.push_after.isChecked()
    dialog.message.setPlainText("Fold the retry scar into the spec")
    dialog.grab().save(str(tmp_path / "commit-push-dialog.png"))

    with qtbot.waitSignal(dialog.pushed, timeout=30_000):
        dialog.commit_button.click()
        assert dialog.progress.isVisible() and not dialog.commit_button.isEnabled()
    head = _git(root, "rev-parse", "HEAD").strip()
    assert _git(root, "log", "-1", "--format=%s").strip() == "Fold the retry scar into the spec"
    assert _git(str(bare), "rev-parse", "refs/heads/main").strip() == head
    assert _git(root, "rev-parse", "--abbrev-ref", "main@{upstream}").strip() == "origin/main"
    assert "Pushed main to origin/main" in dialog.status.text()
    assert " M payment_retry/retry.py" in _git(root, "status", "--porcelain")


def test_rejected_push_is_shown_with_how_to_recover_and_the_commit_kept(qtbot, demo_repo, tmp_path):
    root = demo_repo.path
    bare = _bare(tmp_path, hook="echo 'policy: needs a ticket id' >&2; exit 1")
    _git(root, "remote", "add", "origin", str(bare))
    dialog = _dialog(qtbot, root)
    committed = []
    dialog.committed.connect(committed.append)
    with qtbot.waitSignal(dialog.failed, timeout=30_000) as sig:
        dialog.commit_button.click()
    assert "rejected by a server hook" in sig.args[0] and "needs a ticket id" in sig.args[0]
    assert len(committed) == 1  # the commit is reported even though the push failed
    assert dialog.status.text().startswith(f"Committed {committed[0].commit[:12]}")
    assert "needs a ticket id" in dialog.status.text()
    assert _git(root, "log", "-1", "--name-only", "--format=").split() == [AUDIT, SPEC]  # committed locally
    assert dialog.push_button.isEnabled()  # the user can push again once the server is satisfied


def test_new_branch_detached_head_and_changed_on_disk(qtbot, demo_repo, tmp_path):
    root = demo_repo.path
    _git(root, "switch", "-q", "--detach", "HEAD")
    dialog = _dialog(qtbot, root)
    assert "detached HEAD" in dialog.branch_label.text() and dialog.new_branch.isChecked()
    # Shown as words, not as markup the label does not render (it used to read "<b>detached HEAD</b>").
    assert "<" not in dialog.branch_label.text() and dialog.branch_label.font().bold()
    dialog.grab().save(str(tmp_path / "commit-dialog-detached.png"))
    assert not dialog.push_after.isEnabled()  # no remote configured
    # Someone edits the spec after the dialog showed it: the commit is refused.
    (root / SPEC).write_text((root / SPEC).read_text() + "- Another editor's line.\n")
    dialog.branch_name.setText("spec/retry")
    with qtbot.waitSignal(dialog.failed, timeout=30_000) as sig:
        dialog.commit_button.click()
    assert "changed on disk" in sig.args[0] and SPEC in sig.args[0]
    assert _git(root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "HEAD"  # still detached, nothing done
    dialog.reload()
    qtbot.waitUntil(lambda: not dialog.progress.isVisible(), timeout=15_000)
    with qtbot.waitSignal(dialog.committed, timeout=30_000) as sig:
        dialog.commit_button.click()
    assert sig.args[0].branch == "spec/retry"
    assert _git(root, "show", "HEAD:" + SPEC).endswith("- Another editor's line.\n")


def test_nothing_to_commit_disables_commit(qtbot, demo_repo):
    dialog = CommitPushDialog(demo_repo.path, [SPEC])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.stateLoaded, timeout=15_000) as sig:
        pass
    assert sig.args[0].paths == ()
    assert not dialog.commit_button.isEnabled() and "Nothing to commit" in dialog.status.text()
    assert dialog.files.count() == 0 and dialog.message.toPlainText() == ""


def test_empty_or_invalid_branch_name_is_refused_with_focus_on_the_field(qtbot, demo_repo, tmp_path):
    root = demo_repo.path
    bare = _bare(tmp_path)
    _git(root, "remote", "add", "origin", str(bare))
    dialog = _dialog(qtbot, root)
    head = _git(root, "rev-parse", "HEAD").strip()
    dialog.new_branch.click()
    assert dialog.new_branch.isChecked() and dialog.focusWidget() is dialog.branch_name
    failures = []
    dialog.failed.connect(failures.append)
    for bad in ("", "  ", "spec..tighten", "a branch", "ends.lock", "main"):
        dialog.branch_name.setText(bad)
        dialog.commit_button.click()
        assert failures and dialog.focusWidget() is dialog.branch_name, bad
        failures.clear()
    qtbot.wait(50)
    assert _git(root, "rev-parse", "HEAD").strip() == head  # nothing committed on main
    assert _git(str(bare), "for-each-ref").strip() == ""  # nothing pushed
    assert _git(root, "status", "--porcelain", "--", SPEC).strip()  # the change is still there
    qtbot.keyClicks(dialog.branch_name, "spec/tighten-retries")
    with qtbot.waitSignal(dialog.pushed, timeout=30_000):
        dialog.commit_button.click()
    assert _git(root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "spec/tighten-retries"
    assert _git(root, "rev-parse", "main").strip() == head
