"""Remotes and pushing: list remotes, pick the default one, push with upstream set.

Never force: the refspec is built here from a validated branch name (no ``+``), and no
``--force*`` flag is ever passed. Pushes run the user's pre-push hook and credential
setup (``hooks=True``) but never prompt on a terminal (GIT_TERMINAL_PROMPT=0), so a
background push cannot hang. Failures are classified into one actionable line.

Every repository is opened as untrusted: the programs a push starts (ssh, credential
helpers, askpass, the git:// proxy, signing, the remote's receive-pack, hooks directory)
come from the user's own configuration and environment, never from the repository's
(vcs/push_guard.py has the table, docs/tightening.md section 4 lists it). A remote name
read from the configuration is checked as ``--remote`` is, and passed after
``--end-of-options``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from specaudit.core.errors import GitError
from specaudit.vcs.push_guard import transport_for
from specaudit.vcs.runner import SafeGit, check_ref
from specaudit.vcs.writes import check_branch_name, require_branch


@dataclass(frozen=True)
class Remote:
    name: str
    url: str


@dataclass(frozen=True)
class PushResult:
    remote: str
    branch: str
    upstream: str
    summary: str


def list_remotes(repo: SafeGit) -> list[Remote]:
    """Configured remotes with their push URL (the fetch URL when none is set)."""
    names = repo.text("remote").splitlines()
    out = []
    for name in names:
        url = repo.run("remote", "get-url", "--push", "--", name, ok_codes=(0, 2)).decode("utf-8", "replace")
        out.append(Remote(name, url.strip()))
    return out


def upstream_remote(repo: SafeGit, branch: str) -> str | None:
    out = repo.run("config", "--get", f"branch.{branch}.remote", ok_codes=(0, 1)).decode("utf-8", "replace")
    return out.strip() or None


def default_remote(repo: SafeGit, branch: str | None = None) -> str:
    """The branch's upstream remote, else ``origin``, else the only remote: a name from
    the repository's configuration, so checked as ``--remote`` is (no leading ``-``)."""
    remotes = [r.name for r in list_remotes(repo)]
    if not remotes:
        raise GitError("no remote configured: add one (git remote add origin URL), then push again")
    if branch:
        up = upstream_remote(repo, branch)
        if up in remotes:
            return check_ref(up, "remote name in the repository's configuration")
    if "origin" in remotes:
        return "origin"
    if len(remotes) == 1:
        return check_ref(remotes[0], "remote name in the repository's configuration")
    raise GitError(f"several remotes and none is origin: choose one with --remote ({', '.join(remotes)})")


def push_branch(repo: SafeGit, remote: str | None = None, branch: str | None = None) -> PushResult:
    """Push ``branch`` (default: the current one) to the same name on ``remote`` and set
    it as the upstream. Never forces."""
    branch = check_branch_name(repo, branch) if branch else require_branch(repo, "push")
    remotes = list_remotes(repo)
    names = [r.name for r in remotes]
    if remote is None:
        remote = default_remote(repo, branch)
    else:
        check_ref(remote, "remote name")
        if not names:
            raise GitError("no remote configured: add one (git remote add origin URL), then push again")
        if remote not in names:
            raise GitError(f"no remote named {remote!r} (configured: {', '.join(names)})")
    refspec = f"refs/heads/{branch}:refs/heads/{branch}"
    summary = _summary_before(repo, remote, branch)
    guard = transport_for(repo, remote)
    try:
        # Not --porcelain: that moves the rejection reasons to stdout, away from the remote's words.
        repo.run("push", *guard.flags, "--set-upstream", "--end-of-options", remote, refspec,
                 hooks=True, config=guard.config, env=guard.env)
    except GitError as exc:
        url = next((r.url for r in remotes if r.name == remote), "")
        raise classify_push_error(remote, branch, getattr(exc, "stderr", "") or exc.message,
                                  pre_push=_has_pre_push_hook(repo, guard.config), url=url) from None
    return PushResult(remote, branch, f"{remote}/{branch}", summary)


def _summary_before(repo: SafeGit, remote: str, branch: str) -> str:
    """What the push will do, judged from the remote-tracking ref: new, up to date, pushed."""
    known = repo.run("rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/{branch}",
                     ok_codes=(0, 1)).decode().strip()
    if not known:
        return "new branch"
    return "up to date" if known == repo.head() else "pushed"


_UNREACHABLE = (
    "does not appear to be a git repository", "could not read from remote repository",
    "unable to access", "could not resolve host", "connection refused", "connection timed out",
    "no such file or directory", "repository not found", "network is unreachable",
    "authentication failed", "permission denied",
)


def _has_pre_push_hook(repo: SafeGit, config: tuple[tuple[str, str], ...]) -> bool:
    """Whether the push ran a pre-push hook: asked of git with the push's own settings (a
    hooks path the repository sets is not the push's: push_guard), not specaudit's reads'."""
    rel = repo.run("rev-parse", "--git-path", "hooks/pre-push", hooks=True,
                   config=config).decode("utf-8", "surrogateescape").strip()
    hook = Path(rel) if Path(rel).is_absolute() else repo.root / rel
    return hook.is_file() and os.access(hook, os.X_OK)


def classify_push_error(remote: str, branch: str, stderr: str, *, pre_push: bool = True,
                        url: str = "") -> GitError:
    """One actionable line for a failed push; ``stderr`` is git's whole output, ``pre_push``
    whether a pre-push hook ran, ``url`` where the remote points."""
    low = stderr.lower()
    remote_says = [ln[len("remote:"):].strip() for ln in stderr.splitlines() if ln.startswith("remote:")]
    remote_says = [ln for ln in remote_says if ln]
    if "[remote rejected]" in low or "hook declined" in low:
        reason = re.search(r"\[remote rejected\][^(]*\(([^)]*)\)", stderr)
        said = "; ".join(remote_says) or (reason.group(1) if reason else "no message")
        return GitError(
            f"push to {remote} rejected by a server hook: {said}. Fix what it reports "
            "(e.g. amend the commit), then push again; your commit is safe locally"
        )
    if "[rejected]" in low and ("non-fast-forward" in low or "fetch first" in low):
        return GitError(
            f"push to {remote} rejected: {remote}/{branch} has commits you do not have. Pull or rebase "
            f"(git pull --rebase {remote} {branch}), then push again; specaudit never force-pushes"
        )
    if any(marker in low for marker in _UNREACHABLE):
        return GitError(
            f"cannot reach remote {remote!r}: {_first_meaningful(stderr)}. Check its URL "
            f"(git remote get-url {remote}), your network and credentials, then push again"
        )
    if "failed to push some refs" in low and pre_push:
        # No ref was rejected by the server: the local pre-push hook stopped it.
        return GitError(
            f"push to {remote} stopped, probably by your pre-push hook: {_first_meaningful(stderr)}. "
            "Fix what it reports, then push again; your commit is safe locally"
        )
    if url.endswith(".bundle"):  # git reads a bundle as a remote, and can never write one
        return GitError(f"cannot push to {remote}: it is a git bundle ({url}), which git only reads. Push to a "
                        f"repository instead (git remote set-url {remote} URL); your commit is safe locally")
    return GitError(f"push to {remote} failed: {_first_meaningful(stderr)}")


def _first_meaningful(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("hint:", "To ", "remote:")):
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return "no message from git"
