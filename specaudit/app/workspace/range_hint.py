"""Where a spec's work is, when the default range holds none of it.

A new reviewer opens a repository and gets the default range, the last commit (often a
README edit): every clause then says "no evidence found in this change", and nothing says
why. Said only of a default range that changes no code and leaves the task list alone. The task list beside the spec knows better: the commits that wrote and ticked it are
the spec's work. When the default range touches none of them, the session says where they
are, once, as a note (the window's status bar, ``suggest`` and ``open`` on stderr).
"""

from __future__ import annotations

from specaudit.app.workspace.ranges import ChangeRange
from specaudit.core.evidence.paths import SOURCE, TEST, path_role
from specaudit.vcs.queries import commits_touching
from specaudit.vcs.runner import SafeGit
from specaudit.vcs.tree import paths_changed_between

MIN_COMMITS = 2  # a task list written and ticked in one commit says nothing about a range


def spec_work_hint(repo: SafeGit, spec_rel: str, source: ChangeRange) -> str | None:
    """A note naming the range of the commits that worked through ``spec_rel``'s task
    list, when ``source`` (the default range) changed none of them; else None."""
    from specaudit.app.evidence.proposals import worktree_task_lists

    if source.range is None or not source.base or not source.target:
        return None  # the working tree or a patch: nothing to compare with
    lists = worktree_task_lists(repo.root, spec_rel)
    # The range's own commits first (one or a few): the history is read only when they
    # leave the task list alone.
    if not lists or commits_touching(repo, lists, f"{source.base}..{source.target}", limit=1):
        return None
    # A range with code in it may be the spec's work that ticked nothing (backoffice-app's
    # last commit merges a pull request of 43 files): only one of documents is no review.
    if any(path_role(p) in (SOURCE, TEST) for p in paths_changed_between(repo, source.base, source.target)):
        return None
    work = commits_touching(repo, lists)
    if len(work) < MIN_COMMITS:
        return None
    first, last = work[-1][:12], work[0][:12]
    # What to do first: the window shows it on one line, cut at the right.
    return (f"this spec's work is {first}..{last}, open --range {first}..{last} to review it: the {len(work)} "
            f"commits that wrote and ticked {lists[0]}; {source.describe()} leaves it as it was")
