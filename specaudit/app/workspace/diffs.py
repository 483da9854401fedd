"""Use case: load a change set from a range, the working tree or a patch file."""

from __future__ import annotations

from pathlib import Path

from specaudit.app.store.files import read_regular
from specaudit.app.workspace.ranges import ChangeRange, default_range, resolve_range
from specaudit.core.diff import ChangeSet, parse_patch
from specaudit.core.errors import UsageError
from specaudit.settings import LIMITS
from specaudit.vcs.diffread import read_commits, read_worktree
from specaudit.vcs.runner import SafeGit

__all__ = ["ChangeSet", "default_range", "load_changeset", "load_patch_file", "load_range"]


def load_changeset(
    repo: SafeGit | None,
    range: str | ChangeRange | None = None,  # noqa: A002 - the contract's name
    *,
    patch: str | None = None,
    staged: bool = False,
    unstaged: bool = False,
) -> ChangeSet:
    """Exactly one source: a range (text, resolved by ``app/workspace/ranges.py``, or already
    resolved), a patch file, or staged/unstaged changes. With none given: the working
    tree (staged and unstaged) against HEAD."""
    given = [x for x in (range, patch) if x] + (["tree"] if staged or unstaged else [])
    if len(given) > 1:
        raise UsageError("give one source: a range, a patch file, or --staged/--unstaged")
    if isinstance(range, ChangeRange):
        return load_range(repo, range)
    if patch:
        return load_patch_file(patch)
    if repo is None:
        raise UsageError("a repository is needed for a range or the working tree")
    if range:
        return load_range(repo, resolve_range(repo, range))
    if not staged and not unstaged:
        staged = unstaged = True
    return read_worktree(repo, staged=staged, unstaged=unstaged)


def load_range(repo: SafeGit | None, rng: ChangeRange) -> ChangeSet:
    """The change set of a resolved range: its patch, its working tree or its commits."""
    if rng.patch:
        return load_patch_file(rng.patch)
    if repo is None:
        raise UsageError("a repository is needed for a range or the working tree")
    if rng.working_tree or rng.target is None or rng.base is None:
        return read_worktree(repo, staged=True, unstaged=True)
    return read_commits(repo, rng.base, rng.target, rng.range or rng.describe())


def load_patch_file(path: str | Path) -> ChangeSet:
    p = Path(path)
    data = read_regular(p, LIMITS.max_patch_file_bytes, what="patch file", error=UsageError)
    assert data is not None
    return parse_patch(data, f"patch: {p.name}", name=str(p))
