"""Repository writes: create repositories, branches, and commits of exactly the paths asked for.

Commits name their paths explicitly (``git commit -- PATHS``), so nothing else that
happens to be staged or modified in the working tree is swept in; there is no ``-a``.
The commits a user asks for (``commit_reviewed``) and branch switches run with their
hooks, identity and signing settings (``SafeGit.run(..., hooks=True)``): they are the
user's own action on their own repository. Generated repositories (the demo) commit
with hooks off. Every failure becomes a one-line GitError that says how to recover.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from specaudit.core.errors import GitError
from specaudit.vcs.runner import SafeGit, in_progress, init_repo


def init_repository(path: Path, initial_branch: str = "main") -> SafeGit:
    return init_repo(path, initial_branch)


# -- branches --------------------------------------------------------------------------


def current_branch(repo: SafeGit) -> str | None:
    """The checked-out branch (also on an unborn branch), or None on a detached HEAD."""
    out = repo.run("symbolic-ref", "--quiet", "--short", "HEAD", ok_codes=(0, 1)).decode("utf-8", "replace")
    return out.strip() or None


def require_branch(repo: SafeGit, doing: str) -> str:
    branch = current_branch(repo)
    if branch is None:
        hint = "name a new branch (--branch NAME) or " if doing == "commit" else ""
        raise GitError(f"cannot {doing} on a detached HEAD: {hint}switch to a branch first (git switch BRANCH)")
    return branch


def check_branch_name(repo: SafeGit, name: str) -> str:
    """Validate a user-supplied branch name with git's own rules (never an option)."""
    if not name or not name.strip():
        raise GitError("the new branch name is empty: type one (e.g. spec/tighten-retries), "
                       "or commit on the current branch")
    if name.startswith("-") or any(c in name for c in "\0\n\r"):
        raise GitError(f"invalid branch name: {name!r}")
    try:
        repo.run("check-ref-format", "--branch", name)
    except GitError:
        raise GitError(f"invalid branch name: {name!r} (see git check-ref-format)") from None
    return name


def branch_exists(repo: SafeGit, name: str) -> bool:
    return _ref_exists(repo, f"refs/heads/{name}")


def _ref_exists(repo: SafeGit, ref: str) -> bool:
    try:
        repo.run("show-ref", "--verify", "--quiet", ref)
    except GitError:
        return False
    return True


def create_branch(repo: SafeGit, name: str) -> str:
    """Create ``name`` at HEAD and switch to it; working-tree changes come along."""
    check_branch_name(repo, name)
    if branch_exists(repo, name):
        raise GitError(f"branch {name!r} already exists: choose another name, or switch to it (git switch {name})")
    try:
        repo.run("switch", "--quiet", "-c", name, hooks=True)
    except GitError as exc:
        raise GitError(f"cannot create branch {name!r}: {exc.message}") from None
    return name


# -- commits ---------------------------------------------------------------------------


def changed_paths(repo: SafeGit, paths: Sequence[str]) -> list[str]:
    """Which of ``paths`` (files or directories) differ from HEAD or are untracked."""
    if not paths:
        return []
    out = repo.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", *paths)
    found: list[str] = []
    for entry in out.split(b"\0"):
        if len(entry) > 3:
            found.append(entry[3:].decode("utf-8", "surrogateescape"))
    return sorted(set(found))


def blob_id(repo: SafeGit, data: bytes) -> str:
    """The id git gives ``data`` as a blob in this repository's object format."""
    return repo.run("hash-object", "--stdin", stdin=data).decode().strip()


def check_unchanged_on_disk(root: Path, expected: Mapping[str, bytes]) -> None:
    """Refuse when a file differs from the bytes the user reviewed (another editor, a pull)."""
    for rel, data in sorted(expected.items()):
        try:
            now = (root / rel).read_bytes()
        except FileNotFoundError:
            now = None
        if now != data:
            raise GitError(
                "changed on disk since you reviewed it: reopen the spec change to review "
                "the new content, then commit again (nothing was committed)",
                path=rel,
            )


def _classify_commit_error(repo: SafeGit, exc: GitError) -> GitError:
    detail = getattr(exc, "stderr", "") or exc.message
    low = detail.lower()
    if "please tell me who you are" in low or "author identity unknown" in low or "empty ident" in low:
        return GitError(
            "git does not know who you are: set git config user.name and user.email, then commit again"
        )
    if "gpg failed" in low or "failed to sign" in low or "error: cannot run gpg" in low or "signing failed" in low:
        return GitError(f"commit signing failed ({_last_line(detail)}): check gpg.program / "
                        "user.signingkey, or unlock your key, then commit again; your changes are untouched")
    if "nothing to commit" in low or "no changes added" in low:
        return GitError("nothing to commit: the spec and its audit file already match HEAD")
    hook = _failing_hook(repo, low)
    if hook:
        return GitError(
            f"the {hook} hook refused the commit: {_last_line(detail) or 'no message'}; "
            "fix what it reports and commit again (your changes are untouched)"
        )
    return GitError(f"commit failed: {_last_line(detail) or exc.message}")


def _failing_hook(repo: SafeGit, low: str) -> str | None:
    """The commit hook that most likely failed: git prints no marker for it, so look at
    which hooks exist (honouring core.hooksPath)."""
    try:
        # hooks=True: ask without our own hooksPath override, to see the user's setting.
        hooks_dir = repo.run("rev-parse", "--git-path", "hooks", hooks=True).decode("utf-8", "replace").strip()
    except GitError:
        return None
    base = Path(hooks_dir).expanduser()
    if not base.is_absolute():
        base = repo.root / base
    for name in ("pre-commit", "commit-msg", "prepare-commit-msg"):
        if name in low or (base / name).is_file():
            return name
    return None


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("hint:")]
    return lines[-1].removeprefix("fatal: ").removeprefix("error: ") if lines else ""


def _index_entries(repo: SafeGit, paths: Sequence[str]) -> list[bytes]:
    """The index entries under ``paths`` (``mode oid stage<TAB>path``, conflict stages too)."""
    out = repo.run("ls-files", "--stage", "-z", "--", *paths)
    return [e for e in out.split(b"\0") if e]


def _restore_index(repo: SafeGit, paths: Sequence[str], entries: list[bytes]) -> None:
    """Put the index entries under ``paths`` back to ``entries`` exactly: drop every entry
    there now (mode 0 removes a path), then feed the old ones back, stages included."""
    now = {e.split(b"\t", 1)[1] for e in _index_entries(repo, paths)}
    old = {e.split(b"\t", 1)[1] for e in entries}
    fmt = repo.run("rev-parse", "--show-object-format", ok_codes=(0, 128)).strip() or b"sha1"
    null = b"0" * (64 if fmt == b"sha256" else 40)
    feed = [b"0 " + null + b"\t" + path for path in sorted(now | old)] + entries
    with contextlib.suppress(GitError):  # the commit's own error is the one to report
        repo.run("update-index", "-z", "--index-info", stdin=b"".join(e + b"\0" for e in feed))


@dataclass(frozen=True)
class CommitResult:
    commit: str
    branch: str | None
    paths: tuple[str, ...]


def commit_paths(
    repo: SafeGit,
    paths: Sequence[str],
    message: str,
    *,
    author: tuple[str, str] | None = None,
    date: str | None = None,
    sign: bool | None = None,
    hooks: bool = False,
) -> str:
    """Stage and commit exactly ``paths``; returns the new commit id.

    ``author`` also becomes the committer identity (for generated repositories such as
    the demo); ``sign=False`` switches commit signing off, ``None`` honours the user's
    configuration. ``hooks=True`` (commits the user asked for) runs their commit hooks;
    failures come back classified.
    """
    if not paths:
        raise GitError("nothing to commit: no paths given")
    if not message.strip():
        raise GitError("the commit message is empty: write one, then commit again")
    ident: list[str] = []
    if author:
        ident = ["-c", f"user.name={author[0]}", "-c", f"user.email={author[1]}"]
    if sign is False:
        ident += ["-c", "commit.gpgsign=false"]
    args = [*ident, "commit", "--quiet", "--no-edit", "-m", message]
    if author:
        args.append(f"--author={author[0]} <{author[1]}>")
    if date:
        args.append(f"--date={date}")
    staged_before = _index_entries(repo, paths)
    try:
        repo.run("add", "--all", "--", *paths)
        repo.run(*args, "--", *paths, hooks=hooks)
    except GitError as exc:
        # A refused commit (hook, signing, mid-merge) must leave the index as it was:
        # the user's staging area is theirs, and "untouched" must be true.
        _restore_index(repo, paths, staged_before)
        raise _classify_commit_error(repo, exc) from None
    head = repo.head()
    if head is None:
        raise GitError("commit did not produce a HEAD")
    return head


def commit_reviewed(
    repo: SafeGit,
    paths: Sequence[str],
    message: str,
    *,
    expected: Mapping[str, bytes] | None = None,
    branch: str | None = None,
) -> CommitResult:
    """The publish commit: only ``paths``; refuses a detached HEAD (unless ``branch``
    names a new branch to create), nothing to commit, and files that changed on disk
    since the user reviewed them (``expected``: path -> reviewed bytes). An empty
    ``branch`` is refused: never a silent commit on the current branch."""
    if branch is not None:
        check_branch_name(repo, branch)
        if branch_exists(repo, branch):
            raise GitError(f"branch {branch!r} already exists: choose another name, or switch to it first")
    else:
        require_branch(repo, "commit")
    busy = in_progress(repo)
    if busy:
        raise GitError(f"{busy} is in progress: finish it (or abort it) with git first, then commit "
                       "again; nothing was committed or staged")
    if expected:
        check_unchanged_on_disk(repo.root, expected)
    todo = changed_paths(repo, paths)
    if not todo:
        raise GitError("nothing to commit: the spec and its audit file already match HEAD")
    previous = current_branch(repo) or repo.head()
    if branch is not None:
        create_branch(repo, branch)
    try:
        commit = commit_paths(repo, todo, message, hooks=True)
    except GitError:
        if branch and previous:
            _back_out_branch(repo, branch, previous)
        raise
    if expected:
        _verify_committed(repo, commit, expected)
    return CommitResult(commit, current_branch(repo), tuple(todo))


def _back_out_branch(repo: SafeGit, branch: str, previous: str) -> None:
    """After a failed commit, return to where the user was and drop the empty new branch
    (it points at the same commit, so ``branch -d`` loses nothing)."""
    try:
        if branch_exists(repo, previous):
            repo.run("switch", "--quiet", previous)
        else:
            repo.run("switch", "--quiet", "--detach", previous)
        repo.run("branch", "--quiet", "-d", branch)
    except GitError:
        pass  # staying on the new branch is harmless; the error that matters is the commit's


def _verify_committed(repo: SafeGit, commit: str, expected: Mapping[str, bytes]) -> None:
    """Catch a write that slipped in between the check and the commit."""
    for rel, data in expected.items():
        got = repo.run("rev-parse", "--verify", "--quiet", f"{commit}:{rel}", ok_codes=(0, 1)).decode().strip()
        if got and got != blob_id(repo, data):
            raise GitError(
                f"changed on disk while committing: commit {commit[:12]} holds a version you did not "
                "review; inspect it (git show) and amend or revert it",
                path=rel,
            )
