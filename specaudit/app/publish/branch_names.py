"""Checking a new branch name before a publish commit, for the dialog's immediate answer."""

from __future__ import annotations

from pathlib import Path

from specaudit.core.errors import GitError
from specaudit.vcs.runner import SafeGit, open_repo
from specaudit.vcs.writes import branch_exists, check_branch_name


def check_new_branch(repo: SafeGit | Path, name: str) -> str:
    """``name`` when it is a valid (git check-ref-format) and unused branch name, else GitError."""
    git = repo if isinstance(repo, SafeGit) else open_repo(repo)
    check_branch_name(git, name)
    if branch_exists(git, name):
        raise GitError(f"branch {name!r} already exists: choose another name, or switch to it first")
    return name
