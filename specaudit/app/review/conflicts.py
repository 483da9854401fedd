"""Settling a review conflict: two branches gave one clause different verdicts and the
merge driver kept both (docs/team.md). Keeping one is an edit of that review through
the one audit write path; the other verdicts move into its history."""

from __future__ import annotations

from specaudit.app.store.audit_store import Entry, EntryChange, EntryRef, audit_path, load_audit
from specaudit.core.audit import Review
from specaudit.core.errors import UsageError
from specaudit.vcs.queries import is_unmerged
from specaudit.vcs.runner import SafeGit, in_progress


def side_index(review: Review, keep: str) -> int:
    """``ours`` (the verdict the file shows), ``theirs`` (the one other verdict), or a
    number counting the sides from 1, as ``specaudit settle`` lists them."""
    sides = review.sides()
    if keep == "ours":
        return 0
    if keep == "theirs":
        if len(sides) != 2:
            raise UsageError(f"clause {review.clause} has {len(sides) - 1} other verdicts: name one by number "
                             f"(2-{len(sides)})")
        return 1
    if keep.isdigit() and 1 <= int(keep) <= len(sides):
        return int(keep) - 1
    raise UsageError(f"--keep must be ours, theirs or a number 1-{len(sides)}, got {keep!r}")


def prepare_settle(spec_rel: str, clause: str, choice: int,
                   shown: tuple[Review, ...] | None = None) -> EntryChange:
    """Keep side ``choice`` of the clause's conflict. With ``shown`` (the sides a person
    chose from), refuse when the file holds other sides now, so a choice is never
    applied to verdicts nobody saw."""

    def change(old: Entry | None) -> Entry | None:
        if not isinstance(old, Review) or not old.conflict:
            raise UsageError(f"clause {clause} has no review conflict to settle (already settled?)")
        if shown is not None and old.sides() != shown:
            raise UsageError(f"the verdicts on clause {clause} changed since they were shown; look again")
        return old.settled(choice)

    return EntryChange(EntryRef(spec_rel, "review", clause), change)


def after_settle(repo: SafeGit, spec_rel: str) -> str | None:
    """What git still waits for once a clause is settled, as one line; None when git waits
    for nothing (no merge, rebase or cherry-pick under way, or the audit file is not one of
    its conflicts). The driver made the file a conflict only to make a person look."""
    what = in_progress(repo)
    rel = audit_path(repo.root, spec_rel).relative_to(repo.root).as_posix()
    if what is None or not is_unmerged(repo, rel):
        return None
    left = sorted(k for k, r in load_audit(repo.root, spec_rel).reviews.items() if r.conflict)
    if left:
        return f"{rel} still has {len(left)} review conflict(s) ({', '.join(left)}); settle them, then: git add {rel}"
    return f"{rel} has no review conflict left: run `git add {rel}` to mark it resolved in {what}"
