"""Reading diffs out of git, hardened: no external diff, no textconv, no filters.

Commits (resolved by ``app/workspace/ranges.py``) are passed after ``--end-of-options``; paths
after ``--``. The patch is parsed by :mod:`specaudit.core.diff` in one pass.
"""

from __future__ import annotations

from specaudit.core.diff import ChangeSet, parse_patch
from specaudit.core.errors import GitError
from specaudit.vcs.runner import SafeGit, check_ref, in_progress

# Flags for every diff we read. --no-ext-diff/--no-textconv stop attribute-driven
# commands; --submodule=short keeps git from running log inside submodules.
DIFF_FLAGS: tuple[str, ...] = (
    "--no-ext-diff",
    "--no-textconv",
    "--no-color",
    "--full-index",
    "--find-renames",
    "--find-copies",
    "--submodule=short",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--diff-algorithm=histogram",
)


def empty_tree(git: SafeGit) -> str:
    """The empty tree's id in this repository's hash (the old side of a root commit)."""
    return git.run("hash-object", "-t", "tree", "--stdin", stdin=b"").decode().strip()


def read_commits(git: SafeGit, old: str, new: str, desc: str) -> ChangeSet:
    """The diff from ``old`` (a commit or tree id) to ``new``, both already resolved
    (what a range means is decided in ``app/workspace/ranges.py``, not here)."""
    for side in (old, new):
        check_ref(side)
    data = git.run("diff", *DIFF_FLAGS, "--end-of-options", old, new, "--")
    cs = parse_patch(data, desc, trusted=True)
    cs.base, cs.target = old, new
    fill_binary_sizes(git, cs)
    return cs


def read_between(git: SafeGit, old: str, new: str, paths: list[str], desc: str) -> ChangeSet:
    """The change from commit ``old`` to commit ``new`` limited to ``paths`` (an
    interdiff between two revisions of a change; nothing when ``paths`` is empty)."""
    old, new = git.rev_parse(check_ref(old)), git.rev_parse(check_ref(new))
    data = git.run("diff", *DIFF_FLAGS, "--end-of-options", old, new, "--", *paths) if paths else b""
    cs = parse_patch(data, desc, trusted=True)
    cs.base, cs.target = old, new
    fill_binary_sizes(git, cs)
    return cs


def read_worktree(git: SafeGit, *, staged: bool, unstaged: bool) -> ChangeSet:
    """Staged (HEAD..index), unstaged (index..files) or both (HEAD..files)."""
    head = git.head()
    base = head or empty_tree(git)
    if staged != unstaged:
        refuse_unmerged(git)
    # dirty submodules would mean running status inside them: ignore that part.
    flags = (*DIFF_FLAGS, "--ignore-submodules=dirty")
    if staged and unstaged:
        data, desc = git.run("diff", *flags, "--end-of-options", base, "--"), "working tree (staged and unstaged)"
    elif staged:
        data, desc = git.run("diff", *flags, "--cached", "--end-of-options", base, "--"), "staged changes"
    else:
        data, desc = git.run("diff", *flags, "--"), "working tree (unstaged)"
    cs = parse_patch(data, desc, trusted=True)
    cs.base = head
    fill_binary_sizes(git, cs, worktree=unstaged)
    return cs


def refuse_unmerged(git: SafeGit) -> None:
    """Index-side diffs of a conflicted path are git's combined ``diff --cc`` (or nothing
    at all when staged): refuse them with what is going on instead."""
    unmerged = git.run("ls-files", "--unmerged", "-z")
    if not unmerged:
        return
    path = unmerged.split(b"\0", 1)[0].split(b"\t", 1)[-1].decode("utf-8", "surrogateescape")
    what = in_progress(git) or "a merge"
    raise GitError(f"{what} is in progress and {path} has unresolved conflicts: resolve it first "
                   "(git status), or review the whole working tree against HEAD (without --staged/--unstaged)")


def fill_binary_sizes(git: SafeGit, cs: ChangeSet, *, worktree: bool = False) -> None:
    binaries = [f for f in cs.files if f.binary]
    if not binaries:
        return
    sizes = git.blob_sizes([o for f in binaries for o in (f.old_oid, f.new_oid) if o])
    for f in binaries:
        if f.old_oid in sizes:
            f.old_size = sizes[f.old_oid]
        if f.new_oid in sizes:
            f.new_size = sizes[f.new_oid]
        elif worktree and f.new_path and f.status != "D":
            # The working-tree side is hashed but not stored: ask the file system.
            p = git.root / f.new_path
            if p.is_file() and not p.is_symlink():
                f.new_size = p.stat().st_size
        if f.status == "A":
            f.old_size = None
        elif f.status == "D":
            f.new_size = None
