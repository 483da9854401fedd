"""`specaudit push` never runs a transport program named by the repository's own config
(issue 11, item 9): ``remote.<name>.receivepack`` and ``core.sshCommand`` come from the
user's configuration (system, global, GIT_SSH), against real bare remotes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from support import assert_one_line_error, tighten_scar
from support import git as _git

from specaudit.app.publish.publishing import commit_specs
from specaudit.app.store.audit_store import load_audit
from specaudit.vcs.runner import open_repo

SPEC = "specs/payment-retry.md"


def _committed(demo) -> tuple[Path, str]:
    root = demo.path
    (sid,) = load_audit(root, SPEC).scars
    tighten_scar(root, SPEC, sid)
    return root, commit_specs(open_repo(root), [SPEC]).commit


def _bare(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(bare)], check=True)
    return bare


def _remote_head(bare: Path) -> str:
    return subprocess.run(["git", "-C", str(bare), "rev-parse", "--verify", "--quiet", "refs/heads/main"],
                          capture_output=True, text=True).stdout.strip()


def _script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def test_control_plain_git_push_runs_the_repository_receivepack(demo_repo, tmp_path):
    root, _ = _committed(demo_repo)
    bare = _bare(tmp_path)
    _git(root, "remote", "add", "origin", str(bare))
    _git(root, "config", "remote.origin.receivepack", f"touch {tmp_path}/pwned; git-receive-pack")
    subprocess.run(["git", "push", "origin", "main"], cwd=root, capture_output=True)
    assert (tmp_path / "pwned").exists()


def test_push_ignores_the_repository_receivepack(demo_repo, run_cli, tmp_path):
    root, commit = _committed(demo_repo)
    bare = _bare(tmp_path)
    _git(root, "remote", "add", "origin", str(bare))
    _git(root, "config", "remote.origin.receivepack", f"touch {tmp_path}/pwned; git-receive-pack")
    result = run_cli("push", "--repo", str(root))
    assert result.code == 0, result
    assert _remote_head(bare) == commit
    assert not (tmp_path / "pwned").exists()


def test_push_uses_the_users_global_receivepack(demo_repo, run_cli, tmp_path):
    root, commit = _committed(demo_repo)
    bare = _bare(tmp_path)
    _git(root, "remote", "add", "origin", str(bare))
    _git(root, "config", "remote.origin.receivepack", f"touch {tmp_path}/pwned; git-receive-pack")
    wrapper = _script(tmp_path / "mine.sh", f'touch {tmp_path}/mine\nexec git-receive-pack "$@"\n')
    subprocess.run(["git", "config", "--global", "remote.origin.receivepack", str(wrapper)], check=True)
    result = run_cli("push", "--repo", str(root))
    assert result.code == 0, result
    assert _remote_head(bare) == commit
    assert (tmp_path / "mine").exists() and not (tmp_path / "pwned").exists()


def test_push_over_ssh_ignores_the_repository_ssh_command(demo_repo, run_cli, tmp_path):
    root, _ = _committed(demo_repo)
    _git(root, "remote", "add", "origin", "ssh://git@example.invalid/repo.git")
    _git(root, "config", "core.sshCommand", f"touch {tmp_path}/pwned; false")
    control = subprocess.run(["git", "push", "origin", "main"], cwd=root, capture_output=True)
    assert control.returncode != 0 and (tmp_path / "pwned").exists()
    (tmp_path / "pwned").unlink()
    # The user's own ssh (here through GIT_SSH, as a fake that records it ran) is used instead.
    fake = _script(tmp_path / "fake-ssh", f'touch {tmp_path}/mine\necho "ssh: no route" >&2\nexit 255\n')
    result = run_cli("push", "--repo", str(root), env={"GIT_SSH": str(fake)})
    assert_one_line_error(result)
    assert "cannot reach remote 'origin'" in result.err, result
    assert (tmp_path / "mine").exists() and not (tmp_path / "pwned").exists()


def test_push_over_ssh_uses_the_users_global_ssh_command(demo_repo, run_cli, tmp_path):
    root, _ = _committed(demo_repo)
    _git(root, "remote", "add", "origin", "ssh://git@example.invalid/repo.git")
    _git(root, "config", "core.sshCommand", f"touch {tmp_path}/pwned; false")
    fake = _script(tmp_path / "global-ssh", f'touch {tmp_path}/global\nexit 255\n')
    subprocess.run(["git", "config", "--global", "core.sshCommand", str(fake)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "GIT_SSH"}
    result = run_cli("push", "--repo", str(root), env=env)
    assert result.code == 2, result
    assert (tmp_path / "global").exists() and not (tmp_path / "pwned").exists()
