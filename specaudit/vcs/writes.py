"""Repository writes: create repositories and commit exactly the paths asked for.

Commits name their paths explicitly (``git commit -- PATHS``), so nothing else that
happens to be staged or modified in the working tree is swept in; there is no ``-a``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import git

from specaudit.core.errors import GitError
from specaudit.vcs.runner import SafeGit


def init_repository(path: Path, initial_branch: str = "main") -> SafeGit:
    path.mkdir(parents=True, exist_ok=True)
    try:
        repo = git.Repo.init(path, initial_branch=initial_branch)
    except git.GitCommandError as exc:
        raise GitError(f"cannot create a repository in {path}: {exc.stderr.strip()}") from None
    return SafeGit(repo)


def commit_paths(
    repo: SafeGit,
    paths: Sequence[str],
    message: str,
    *,
    author: tuple[str, str] | None = None,
    date: str | None = None,
    sign: bool | None = None,
) -> str:
    """Stage and commit exactly ``paths``; returns the new commit id.

    ``author`` also becomes the committer identity (for generated repositories such as
    the demo); ``sign=False`` switches commit signing off, ``None`` honours the user's
    configuration.
    """
    if not paths:
        raise GitError("nothing to commit: no paths given")
    ident: list[str] = []
    if author:
        ident = ["-c", f"user.name={author[0]}", "-c", f"user.email={author[1]}"]
    if sign is False:
        ident += ["-c", "commit.gpgsign=false"]
    repo.run("add", "--", *paths)
    args = [*ident, "commit", "--quiet", "-m", message]
    if author:
        args.append(f"--author={author[0]} <{author[1]}>")
    if date:
        args.append(f"--date={date}")
    repo.run(*args, "--", *paths)
    head = repo.head()
    if head is None:
        raise GitError("commit did not produce a HEAD")
    return head
