"""`specaudit commit` and the publish use case on real repositories: only the spec and its
audit file are committed, the user's hooks and signing settings apply, and every failure
is one actionable line that loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import assert_one_line_error, tighten_scar
from support import git as _git

from specaudit.app.publish.publishing import commit_specs, default_message, publish_state
from specaudit.app.store.audit_store import audit_path, load_audit
from specaudit.core.errors import GitError
from specaudit.vcs.runner import open_repo

SPEC = "specs/payment-retry.md"
AUDIT = ".specaudit/specs/payment-retry.md.audit.yaml"






def _tightened(demo) -> tuple[Path, str, str]:
    """The demo with its scar folded into the spec (uncommitted); returns root, scar id, new key."""
    root = demo.path
    (sid,) = load_audit(root, SPEC).scars
    done = tighten_scar(root, SPEC, sid)
    return root, sid, done.key


def _hook(root: Path, name: str, body: str) -> None:
    hook = root / ".git" / "hooks" / name
    hook.write_text("#!/bin/sh\n" + body + "\n")
    hook.chmod(0o755)


def test_commits_only_the_spec_and_audit_file(demo_repo, run_cli):
    root, sid, key = _tightened(demo_repo)
    (root / "payment_retry" / "retry.py").write_text("# an unrelated edit in progress\n")
    (root / "notes.txt").write_text("untracked scratch\n")
    (root / "staged.txt").write_text("staged by the user for another commit\n")
    _git(root, "add", "staged.txt")
    head_before = _git(root, "rev-parse", "HEAD").strip()

    r = run_cli("commit", "-C", str(root))
    assert r.code == 0, r
    files = set(_git(root, "show", "--name-only", "--format=", "HEAD").split())
    assert files == {SPEC, AUDIT}
    assert _git(root, "rev-parse", "HEAD~1").strip() == head_before
    message = _git(root, "log", "-1", "--format=%B")
    assert sid in message and key in message
    # Everything else is exactly as the user left it.
    status = _git(root, "status", "--porcelain")
    assert " M payment_retry/retry.py" in status and "?? notes.txt" in status and "A  staged.txt" in status
    assert (root / "payment_retry" / "retry.py").read_text() == "# an unrelated edit in progress\n"
    # The user's identity is honoured.
    assert _git(root, "log", "-1", "--format=%an <%ae>").strip() == "Test Reviewer <reviewer@example.com>"


def test_message_option_and_new_branch(demo_repo, run_cli):
    root, _, _ = _tightened(demo_repo)
    r = run_cli("commit", "-C", str(root), "-m", "Fold the retry scar into the spec", "--branch", "spec/tighten")
    assert r.code == 0, r
    assert _git(root, "symbolic-ref", "--short", "HEAD").strip() == "spec/tighten"
    assert _git(root, "log", "-1", "--format=%s").strip() == "Fold the retry scar into the spec"
    assert _git(root, "rev-parse", "main").strip() == _git(root, "rev-parse", "HEAD~1").strip()
    # The branch exists now: asking for it again is refused before anything happens.
    (root / SPEC).write_text((root / SPEC).read_text() + "\n")
    r = run_cli("commit", "-C", str(root), "--branch", "spec/tighten")
    assert_one_line_error(r)
    assert "already exists" in r.err
    assert_one_line_error(run_cli("commit", "-C", str(root), "--branch", "-x"))


def test_nothing_to_commit(demo_repo, run_cli):
    r = run_cli("commit", "-C", str(demo_repo.path))
    assert_one_line_error(r)
    assert "nothing to commit" in r.err


def test_detached_head_is_refused_unless_a_branch_is_named(demo_repo, run_cli):
    root, _, _ = _tightened(demo_repo)
    _git(root, "switch", "--quiet", "--detach", "HEAD")
    head = _git(root, "rev-parse", "HEAD").strip()
    r = run_cli("commit", "-C", str(root))
    assert_one_line_error(r)
    assert "detached HEAD" in r.err and "--branch" in r.err
    assert _git(root, "rev-parse", "HEAD").strip() == head
    r = run_cli("commit", "-C", str(root), "--branch", "rescued")
    assert r.code == 0, r
    assert _git(root, "symbolic-ref", "--short", "HEAD").strip() == "rescued"


def test_failing_pre_commit_hook_is_reported_and_nothing_is_lost(demo_repo, run_cli):
    root, _, _ = _tightened(demo_repo)
    spec_now = (root / SPEC).read_bytes()
    head = _git(root, "rev-parse", "HEAD").strip()
    _hook(root, "pre-commit", 'echo "spec-lint: line 14 is longer than 100 characters" >&2; exit 1')
    r = run_cli("commit", "-C", str(root))
    assert_one_line_error(r)
    assert "pre-commit hook" in r.err and "spec-lint: line 14" in r.err
    assert _git(root, "rev-parse", "HEAD").strip() == head
    assert (root / SPEC).read_bytes() == spec_now
    # With --branch, a refused commit leaves the user where they were, without the branch.
    r = run_cli("commit", "-C", str(root), "--branch", "spec/tighten")
    assert_one_line_error(r)
    assert _git(root, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert "spec/tighten" not in _git(root, "branch", "--list")
    assert (root / SPEC).read_bytes() == spec_now
    # A passing hook runs too: it is the user's hook, not switched off like on reads.
    _hook(root, "pre-commit", f'touch "{root}/.git/hook-ran"')
    assert run_cli("commit", "-C", str(root)).code == 0
    assert (root / ".git" / "hook-ran").exists()


def _fake_gpg(tmp_path: Path, ok: bool) -> Path:
    gpg = tmp_path / ("gpg-ok" if ok else "gpg-broken")
    marker = tmp_path / "gpg-called"
    if ok:
        body = (f'echo "$@" >> "{marker}"\ncat > /dev/null\n'
                "printf '\\n[GNUPG:] SIG_CREATED D 1 8 00 0 FAKEKEY\\n' >&2\n"
                "echo '-----BEGIN PGP SIGNATURE-----'\necho 'ZmFrZQ=='\necho '-----END PGP SIGNATURE-----'")
    else:
        body = 'cat > /dev/null\necho "gpg: signing failed: No secret key" >&2\nexit 2'
    gpg.write_text("#!/bin/sh\n" + body + "\n")
    gpg.chmod(0o755)
    return gpg


def test_signing_is_honoured_when_configured(demo_repo, run_cli, tmp_path):
    root, _, _ = _tightened(demo_repo)
    _git(root, "config", "commit.gpgsign", "true")
    _git(root, "config", "gpg.program", str(_fake_gpg(tmp_path, ok=True)))
    r = run_cli("commit", "-C", str(root))
    assert r.code == 0, r
    assert "-bsau" in (tmp_path / "gpg-called").read_text() or "-b" in (tmp_path / "gpg-called").read_text()
    assert "gpgsig -----BEGIN PGP SIGNATURE-----" in _git(root, "cat-file", "commit", "HEAD")


def test_signing_failure_is_actionable(demo_repo, run_cli, tmp_path):
    root, _, _ = _tightened(demo_repo)
    head = _git(root, "rev-parse", "HEAD").strip()
    _git(root, "config", "commit.gpgsign", "true")
    _git(root, "config", "gpg.program", str(_fake_gpg(tmp_path, ok=False)))
    r = run_cli("commit", "-C", str(root))
    assert_one_line_error(r)
    assert "signing failed" in r.err
    assert _git(root, "rev-parse", "HEAD").strip() == head


def test_spec_changed_on_disk_since_review_is_refused(demo_repo):
    root, _, _ = _tightened(demo_repo)
    repo = open_repo(root)
    reviewed = {SPEC: (root / SPEC).read_bytes()}
    head = repo.head()
    (root / SPEC).write_bytes(reviewed[SPEC] + b"- Added by another editor meanwhile.\n")
    with pytest.raises(GitError, match="changed on disk since you reviewed it") as err:
        commit_specs(repo, [SPEC], "msg", expected=reviewed)
    assert err.value.path == SPEC
    assert repo.head() == head
    assert (root / SPEC).read_bytes().endswith(b"meanwhile.\n")  # their edit is kept
    # Reviewing what is on disk now makes the commit go through, with those bytes.
    reviewed = {SPEC: (root / SPEC).read_bytes()}
    done = commit_specs(repo, [SPEC], "msg", expected=reviewed)
    assert _git(root, "show", f"{done.commit}:{SPEC}").encode() == reviewed[SPEC]


def test_publish_state_describes_the_pending_commit(demo_repo):
    root, sid, key = _tightened(demo_repo)
    repo = open_repo(root)
    state = publish_state(repo, [SPEC])
    assert state.branch == "main" and set(state.paths) == {SPEC, AUDIT} and state.remotes == ()
    assert f"fold scar {sid} into clause {key}" in state.message
    assert default_message(repo) == state.message  # no spec named: the changed specs are found
    assert audit_path(root, SPEC).relative_to(root).as_posix() == AUDIT


def test_message_lists_every_changed_clause_in_full_and_every_scar(demo_repo, run_cli):
    from specaudit.app.review.scars import add_scar
    from specaudit.app.workspace.specs import load_spec

    root, sid, key = _tightened(demo_repo)
    # A scar recorded as the window records it (app layer), another through the CLI.
    window = add_scar(open_repo(root), SPEC, "payment_retry/gateway.py", 1, 2, "Sandbox quirk",
                      "The sandbox answers 503 for declines.")
    r = run_cli("scar", "add", "-C", str(root), "--spec", SPEC, "payment_retry/cache.py:1-2",
                "--title", "Cache kept for the batch importer", "--why", "The importer relies on it.")
    assert r.code == 0, r
    cli_sid = r.out.strip()
    message = default_message(open_repo(root), [SPEC])
    flat = " ".join(message.split())
    amended = " ".join(load_spec(root, SPEC).clause(key).text.split())
    assert f"amend clause {key}: {amended}" in flat  # in full, never cut
    assert "…" not in message and all(len(ln) <= 72 for ln in message.splitlines()[2:])
    assert f"fold scar {sid} into clause {key}" in flat
    assert f"record scar {window.id}" in flat and f"record scar {cli_sid}" in flat
    r = run_cli("commit", "-C", str(root), "--spec", SPEC, "--branch", "")
    assert_one_line_error(r)
    assert "branch name is empty" in r.err
