"""Use case: load a change set from a range, the working tree or a patch file."""

from __future__ import annotations

from pathlib import Path

from specaudit.app.files import read_regular
from specaudit.core.diff import ChangeSet, parse_patch
from specaudit.core.errors import UsageError
from specaudit.settings import LIMITS
from specaudit.vcs.diffread import read_range, read_worktree
from specaudit.vcs.runner import SafeGit

__all__ = ["ChangeSet", "default_range", "load_changeset", "load_patch_file"]


def default_range(repo: SafeGit) -> str:
    """``HEAD~1..HEAD`` when HEAD has a parent; otherwise "" (the working tree)."""
    head = repo.head()
    if head is None:
        return ""
    parents = repo.text("rev-list", "--parents", "-n", "1", "--end-of-options", head).split()
    return "HEAD~1..HEAD" if len(parents) > 1 else ""


def load_changeset(
    repo: SafeGit | None,
    range: str | None = None,  # noqa: A002 - the contract's name
    *,
    patch: str | None = None,
    staged: bool = False,
    unstaged: bool = False,
) -> ChangeSet:
    """Exactly one source: a range, a patch file, or staged/unstaged changes.
    With none given: the working tree (staged and unstaged) against HEAD."""
    given = [x for x in (range, patch) if x] + (["tree"] if staged or unstaged else [])
    if len(given) > 1:
        raise UsageError("give one source: a range, a patch file, or --staged/--unstaged")
    if patch:
        return load_patch_file(patch)
    if repo is None:
        raise UsageError("a repository is needed for a range or the working tree")
    if range:
        return read_range(repo, range)
    if not staged and not unstaged:
        staged = unstaged = True
    return read_worktree(repo, staged=staged, unstaged=unstaged)


def load_patch_file(path: str | Path) -> ChangeSet:
    p = Path(path)
    data = read_regular(p, LIMITS.max_patch_file_bytes, what="patch file", error=UsageError)
    assert data is not None
    return parse_patch(data, f"patch: {p.name}", name=str(p))
