"""`specaudit push` runs nothing the repository names (issue 18, item 1).

Each test plants, in the repository's own configuration, a program that writes a marker
file, proves with plain git that the trap is live (the marker appears), then pushes with
specaudit and asserts the marker is absent. Real repositories, real bare remotes, a real
HTTP server on 127.0.0.1 that answers 401, the CLI as a subprocess. The user's own
programs (HOME's .gitconfig) keep working.
"""

from __future__ import annotations

import http.server
import subprocess
import threading
from pathlib import Path

import pytest
from bad_git_states import demo as copy_demo
from support import assert_one_line_error


def git(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, env=env)


def script(path: Path, marker: Path, tail: str = "exit 1") -> Path:
    path.write_text(f"#!/bin/sh\necho ran >> '{marker}'\n{tail}\n")
    path.chmod(0o755)
    return path


def bare(where: Path) -> Path:
    where.parent.mkdir(parents=True, exist_ok=True)
    git(where.parent, "init", "-q", "--bare", "--initial-branch=main", str(where))
    return where


def remote_head(repo: Path) -> str:
    return git(repo, "rev-parse", "--verify", "--quiet", "refs/heads/main").stdout.strip()


@pytest.fixture
def repo(demo_template, tmp_path) -> Path:
    return copy_demo(tmp_path, demo_template)


@pytest.fixture
def http_401():
    """A tiny HTTP server on 127.0.0.1 that asks for credentials on every request."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="specaudit-test"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo.git"
    server.shutdown()
    server.server_close()


def control(repo: Path, marker: Path, *push_args: str) -> None:
    """Plain git runs the planted program: the trap is live, so the test can fail."""
    git(repo, "push", *push_args)
    assert marker.exists(), "the trap is not live, so this test could not fail"
    marker.unlink()


# -- remote names read from the configuration ------------------------------------------

def dash_remote(repo: Path, name: str, url: Path) -> None:
    with open(repo / ".git" / "config", "a", encoding="utf-8") as f:
        f.write(f'[remote "{name}"]\n\turl = {url}\n')


def test_only_remote_named_like_an_option_is_refused(repo, tmp_path, run_cli):
    marker = tmp_path / "pwned"
    evil = script(tmp_path / "evil.sh", marker)
    remote = bare(tmp_path / "remote.git")
    name = f"--receive-pack={evil}"
    dash_remote(repo, name, remote)
    control(repo, marker, "--set-upstream", name, "refs/heads/main:refs/heads/main")
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert "invalid remote name" in result.err and "--receive-pack" in result.err, result
    assert not marker.exists()
    assert remote_head(remote) == ""


def test_upstream_remote_named_like_an_option_is_refused(repo, tmp_path, run_cli):
    marker = tmp_path / "pwned"
    evil = script(tmp_path / "evil.sh", marker)
    name = f"--receive-pack={evil}"
    git(repo, "remote", "add", "origin", str(bare(tmp_path / "origin.git")))
    dash_remote(repo, name, bare(tmp_path / "remote.git"))
    git(repo, "config", "branch.main.remote", name)
    control(repo, marker, "--set-upstream", name, "refs/heads/main:refs/heads/main")
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert "invalid remote name" in result.err, result
    assert not marker.exists()


def test_default_remote_named_dash_o_does_not_swallow_the_refspec(repo, tmp_path, run_cli):
    remote = bare(tmp_path / "remote.git")
    dash_remote(repo, "-o", remote)
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert "invalid remote name" in result.err and "'-o'" in result.err, result
    assert remote_head(remote) == ""
    assert git(repo, "config", "--get", "branch.main.remote").stdout == ""


# -- programs named by configuration keys ----------------------------------------------

def test_git_proxy_of_the_repository_does_not_run(repo, tmp_path, run_cli):
    marker = tmp_path / "pwned"
    git(repo, "remote", "add", "origin", "git://127.0.0.1:1/repo.git")
    git(repo, "config", "core.gitProxy", str(script(tmp_path / "proxy.sh", marker)))
    control(repo, marker, "origin", "main")
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert not marker.exists()


def test_a_users_git_proxy_for_another_host_does_not_let_the_repositorys_run(repo, tmp_path, run_cli):
    marker, other = tmp_path / "pwned", tmp_path / "other"
    git(repo, "remote", "add", "origin", "git://127.0.0.1:1/repo.git")
    git(repo, "config", "core.gitProxy", str(script(tmp_path / "proxy.sh", marker)))
    git(repo, "config", "--global", "core.gitProxy", f"{script(tmp_path / 'other.sh', other)} for example.invalid")
    control(repo, marker, "origin", "main")
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert not marker.exists() and not other.exists()


def test_the_users_git_proxy_for_the_host_still_runs(repo, tmp_path, run_cli):
    """No regression (held before the fix too): the user's matching proxy is used."""
    marker, mine = tmp_path / "pwned", tmp_path / "mine"
    git(repo, "remote", "add", "origin", "git://127.0.0.1:1/repo.git")
    git(repo, "config", "core.gitProxy", str(script(tmp_path / "proxy.sh", marker)))
    git(repo, "config", "--global", "--add", "core.gitProxy", "nothing-here for example.invalid")
    git(repo, "config", "--global", "--add", "core.gitProxy", f"{script(tmp_path / 'my-proxy.sh', mine)} for 127.0.0.1:1")
    result = run_cli("push", "--repo", str(repo))
    assert result.code == 2, result
    assert mine.exists() and not marker.exists()


def test_credential_helper_command_of_the_repository_does_not_run(repo, tmp_path, run_cli, http_401):
    marker = tmp_path / "pwned"
    git(repo, "remote", "add", "origin", http_401)
    git(repo, "config", "credential.helper", f"!echo ran >> '{marker}'; false")
    control(repo, marker, "origin", "main")
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert not marker.exists()


def test_url_specific_credential_helper_of_the_repository_does_not_run(repo, tmp_path, run_cli, http_401):
    marker = tmp_path / "pwned"
    git(repo, "remote", "add", "origin", http_401)
    host = http_401.rsplit("/", 1)[0]
    git(repo, "config", f"credential.{host}.helper", f"!echo ran >> '{marker}'; false")
    control(repo, marker, "origin", "main")
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert not marker.exists()


def test_askpass_of_the_repository_does_not_run(repo, tmp_path, run_cli, http_401):
    marker = tmp_path / "pwned"
    git(repo, "remote", "add", "origin", http_401)
    git(repo, "config", "core.askPass", str(script(tmp_path / "askpass.sh", marker)))
    control(repo, marker, "origin", "main")
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert not marker.exists()


def test_the_users_global_credential_helpers_still_run(repo, tmp_path, run_cli, http_401):
    """HOME's .gitconfig names two helpers (one for this host only); the repository adds
    its own. Only the user's run, in their order."""
    marker, mine = tmp_path / "pwned", tmp_path / "mine"
    host = http_401.rsplit("/", 1)[0]
    git(repo, "remote", "add", "origin", http_401)
    git(repo, "config", "credential.helper", f"!echo ran >> '{marker}'; false")
    git(repo, "config", "--global", "--add", "credential.helper", f"!echo generic >> '{mine}'; false")
    git(repo, "config", "--global", "--add", f"credential.{host}.helper", f"!echo for-host >> '{mine}'; false")
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert not marker.exists()
    assert mine.read_text().split()[:2] == ["generic", "for-host"]


def test_the_users_askpass_still_runs(repo, tmp_path, run_cli, http_401):
    marker, mine = tmp_path / "pwned", tmp_path / "mine"
    git(repo, "remote", "add", "origin", http_401)
    git(repo, "config", "core.askPass", str(script(tmp_path / "askpass.sh", marker)))
    git(repo, "config", "--global", "core.askPass", str(script(tmp_path / "my-askpass.sh", mine)))
    result = run_cli("push", "--repo", str(repo))
    assert result.code == 2, result
    assert mine.exists() and not marker.exists()


def test_push_signing_program_of_the_repository_does_not_run(repo, tmp_path, run_cli):
    marker = tmp_path / "pwned"
    remote = bare(tmp_path / "remote.git")
    git(remote, "config", "receive.certNonceSeed", "seed")  # the remote accepts signed pushes
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "config", "push.gpgSign", "true")
    git(repo, "config", "gpg.program", str(script(tmp_path / "gpg.sh", marker)))
    control(repo, marker, "origin", "main")
    result = run_cli("push", "--repo", str(repo))
    assert result.code == 0, result
    assert not marker.exists()
    assert remote_head(remote) == git(repo, "rev-parse", "HEAD").stdout.strip()


def test_hooks_path_into_the_working_tree_is_not_used(repo, tmp_path, run_cli):
    """A hooks directory the change itself could have written; .git/hooks still runs."""
    marker, mine = tmp_path / "pwned", tmp_path / "mine"
    remote = bare(tmp_path / "remote.git")
    git(repo, "remote", "add", "origin", str(remote))
    (repo / ".githooks").mkdir()
    script(repo / ".githooks" / "pre-push", marker, "exit 0")
    git(repo, "config", "core.hooksPath", ".githooks")
    control(repo, marker, "origin", "main")
    git(remote, "update-ref", "-d", "refs/heads/main")
    script(repo / ".git" / "hooks" / "pre-push", mine, "exit 0")
    result = run_cli("push", "--repo", str(repo))
    assert result.code == 0, result
    assert mine.exists() and not marker.exists()


def test_remote_inside_the_working_tree_is_refused(repo, tmp_path, run_cli):
    """A bare repository the change could add (with hooks) named as the remote."""
    marker = tmp_path / "pwned"
    inner = bare(repo / "vendor" / "mirror.git")
    script(inner / "hooks" / "pre-receive", marker)
    git(repo, "remote", "add", "origin", "vendor/mirror.git")
    control(repo, marker, "origin", "main")
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert "inside the working tree" in result.err, result
    assert not marker.exists()


def test_insteadof_to_the_ext_transport_does_not_run(repo, tmp_path, run_cli):
    """A guard (this already held before issue 18): ext:: stays refused even when the
    repository allows every protocol and rewrites its URL to ext::."""
    marker = tmp_path / "pwned"
    git(repo, "remote", "add", "origin", "evil:repo")
    git(repo, "config", f"url.ext::sh -c echo% ran>>{marker} .insteadOf", "evil:")
    git(repo, "config", "protocol.allow", "always")
    control(repo, marker, "origin", "main")
    result = run_cli("push", "--repo", str(repo))
    assert_one_line_error(result)
    assert not marker.exists()
