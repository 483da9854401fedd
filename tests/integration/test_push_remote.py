"""`specaudit push` against real bare repositories in temp dirs: upstream set on success,
and a clear one-line message (never a force-push, never a lost commit) when the remote is
missing, unreachable, ahead of us, or its hook refuses the push."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support import assert_one_line_error, tighten_scar
from support import git as _git

from specaudit.app.publish.publishing import commit_specs
from specaudit.app.store.audit_store import load_audit
from specaudit.vcs.remote import list_remotes
from specaudit.vcs.runner import open_repo

SPEC = "specs/payment-retry.md"






def _bare(tmp_path: Path, name: str = "remote.git") -> Path:
    bare = tmp_path / name
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(bare)], check=True)
    return bare


def _committed_tightening(demo) -> tuple[Path, str]:
    """The demo with its scar folded and committed on main; returns root and the commit."""
    root = demo.path
    (sid,) = load_audit(root, SPEC).scars
    tighten_scar(root, SPEC, sid)
    return root, commit_specs(open_repo(root), [SPEC]).commit


def _remote_head(bare: Path, branch: str = "main") -> str | None:
    out = subprocess.run(["git", "-C", str(bare), "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                         capture_output=True, text=True)
    return out.stdout.strip() or None


def test_push_sets_upstream_and_reaches_the_remote(demo_repo, run_cli, tmp_path):
    root, commit = _committed_tightening(demo_repo)
    bare = _bare(tmp_path)
    _git(root, "remote", "add", "origin", str(bare))
    assert [r.name for r in list_remotes(open_repo(root))] == ["origin"]
    r = run_cli("push", "-C", str(root))
    assert r.code == 0, r
    assert _remote_head(bare) == commit
    assert _git(root, "rev-parse", "--abbrev-ref", "main@{upstream}").strip() == "origin/main"
    again = run_cli("push", "-C", str(root))
    assert again.code == 0 and "up to date" in again.out


def test_push_to_a_named_remote_and_a_new_branch(demo_repo, run_cli, tmp_path):
    root, _ = _committed_tightening(demo_repo)
    _git(root, "remote", "add", "origin", str(_bare(tmp_path, "origin.git")))
    review = _bare(tmp_path, "review.git")
    _git(root, "remote", "add", "review", str(review))
    _git(root, "switch", "-q", "-c", "spec/retry")
    r = run_cli("push", "-C", str(root), "--remote", "review")
    assert r.code == 0, r
    assert _remote_head(review, "spec/retry") == _git(root, "rev-parse", "HEAD").strip()
    assert _git(root, "rev-parse", "--abbrev-ref", "@{upstream}").strip() == "review/spec/retry"
    bad = run_cli("push", "-C", str(root), "--remote", "nope")
    assert_one_line_error(bad)
    assert "no remote named 'nope'" in bad.err and "origin" in bad.err


def test_no_remote(demo_repo, run_cli):
    r = run_cli("push", "-C", str(demo_repo.path))
    assert_one_line_error(r)
    assert "no remote configured" in r.err and "git remote add" in r.err


def test_unreachable_remote(demo_repo, run_cli, tmp_path):
    root = demo_repo.path
    _git(root, "remote", "add", "origin", str(tmp_path / "gone" / "remote.git"))
    r = run_cli("push", "-C", str(root))
    assert_one_line_error(r)
    assert "cannot reach remote 'origin'" in r.err and "git remote get-url origin" in r.err


def test_server_hook_rejection_is_reported_with_its_message(demo_repo, run_cli, tmp_path):
    root, commit = _committed_tightening(demo_repo)
    bare = _bare(tmp_path)
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'policy: spec changes need a ticket id in the message' >&2\nexit 1\n")
    hook.chmod(0o755)
    _git(root, "remote", "add", "origin", str(bare))
    r = run_cli("push", "-C", str(root))
    assert_one_line_error(r)
    assert "rejected by a server hook" in r.err and "spec changes need a ticket id" in r.err
    assert _remote_head(bare) is None
    assert _git(root, "rev-parse", "HEAD").strip() == commit  # the commit is safe locally


def test_non_fast_forward_is_rejected_never_forced(demo_repo, run_cli, tmp_path):
    root, commit = _committed_tightening(demo_repo)
    bare = _bare(tmp_path)
    _git(root, "remote", "add", "origin", str(bare))
    _git(root, "push", "-q", "origin", "HEAD~1:refs/heads/main")
    other = tmp_path / "colleague"
    subprocess.run(["git", "clone", "-q", str(bare), str(other)], check=True)
    (other / "CHANGELOG.md").write_text("a colleague's change\n")
    _git(other, "add", "CHANGELOG.md")
    _git(other, "commit", "-q", "-m", "colleague")
    _git(other, "push", "-q", "origin", "main")
    theirs = _remote_head(bare)

    r = run_cli("push", "-C", str(root))
    assert_one_line_error(r)
    assert "has commits you do not have" in r.err and "never force-pushes" in r.err
    assert _remote_head(bare) == theirs
    assert _git(root, "rev-parse", "HEAD").strip() == commit


def test_detached_head_and_local_pre_push_hook(demo_repo, run_cli, tmp_path):
    root, _ = _committed_tightening(demo_repo)
    bare = _bare(tmp_path)
    _git(root, "remote", "add", "origin", str(bare))
    hook = root / ".git" / "hooks" / "pre-push"
    hook.write_text("#!/bin/sh\necho 'pre-push: tests must pass first' >&2\nexit 1\n")
    hook.chmod(0o755)
    r = run_cli("push", "-C", str(root))
    assert_one_line_error(r)
    assert "pre-push hook" in r.err and "tests must pass first" in r.err
    assert _remote_head(bare) is None

    _git(root, "switch", "-q", "--detach", "HEAD")
    r = run_cli("push", "-C", str(root))
    assert_one_line_error(r)
    assert "detached HEAD" in r.err


def test_a_bundle_as_the_remote_is_named_not_blamed_on_a_hook(demo_repo, run_cli, tmp_path):
    """A clone of a git bundle keeps the bundle as its origin. git cannot write one and says
    only "failed to push some refs": specaudit put that down to a pre-push hook the clone
    does not have."""
    root, _ = _committed_tightening(demo_repo)
    bundle = tmp_path / "history.bundle"
    _git(root, "bundle", "create", str(bundle), "--all")
    _git(root, "remote", "add", "origin", str(bundle))
    r = run_cli("push", "-C", str(root))
    assert_one_line_error(r)
    assert "pre-push hook" not in r.err, r
    assert f"cannot push to origin: it is a git bundle ({bundle}), which git only reads" in r.err, r
