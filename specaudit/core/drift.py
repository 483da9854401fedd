"""Drift rules, pure: range arithmetic over diff hunks, and verdicts that went stale.

``map_range`` follows a line range through one diff; ``find_block`` recognises a
range that only moved. The checks turn a Spec, its Audit and tracked anchors into
Findings. Git access lives in specaudit.vcs.line_tracking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from specaudit.core.audit import (
    PARTIAL,
    SCAR_FOLDED,
    UNREVIEWED,
    VIOLATED,
    Audit,
    Link,
    Review,
    Scar,
)
from specaudit.core.diff.model import Hunk
from specaudit.core.findings import PARTIAL as F_PARTIAL
from specaudit.core.findings import (
    REMOVED,
    RENAMED,
    SCAR_OVERWRITTEN,
    STALE_CODE,
    STALE_SPEC,
    Finding,
)
from specaudit.core.findings import UNREVIEWED as F_UNREVIEWED
from specaudit.core.findings import VIOLATED as F_VIOLATED
from specaudit.core.model import Spec


@dataclass(frozen=True)
class Tracked:
    """An anchor followed to the target commit. ``path`` None: the file is gone.
    ``foreign``: the anchor's commit is not in the target's history (recorded at a later
    commit than the one checked, or on another branch): "changed since" would be false."""

    path: str | None
    first: int
    last: int
    changed: bool
    moved: bool
    deleted: bool
    foreign: bool = False


def _not_contained(commit: str | None, did: str = "reviewed") -> str:
    return f"{did} at {(commit or '')[:12]}, a commit the checked one does not contain"


def map_range(hunks: Sequence[Hunk], first: int, last: int) -> tuple[int, int, bool]:
    """Follow old lines ``first..last`` through ``hunks`` -> (new_first, new_last, changed).

    The hunks are a ``-U0`` diff's (``core/diff``'s model): old lines ``old_start..+old_lines``
    became new ``new_start..+new_lines``; with a zero count, the start is the line *after
    which* lines were inserted or removed.

    Lines inserted or removed elsewhere only shift the range; any hunk that removes or
    replaces a line of the range, or inserts lines strictly inside it, changes it.
    For a changed range the new span is the best approximation of where it went.
    """
    shift_first = shift_last = 0
    changed = False
    for h in sorted(hunks, key=lambda h: (h.old_start, h.old_lines)):
        delta = h.new_lines - h.old_lines
        if h.old_lines == 0:
            after = h.old_start  # inserted between old lines `after` and `after + 1`
            if after < first:
                shift_first += delta
                shift_last += delta
            elif after < last:
                changed = True
                shift_last += delta
            continue
        start, end = h.old_start, h.old_start + h.old_lines - 1
        if end < first:
            shift_first += delta
            shift_last += delta
        elif start <= last:
            changed = True
            shift_last += delta
    new_first = max(1, first + shift_first)
    new_last = max(new_first, last + shift_last)
    return new_first, new_last, changed


def _norm(lines: list[str]) -> list[str]:
    return [ln.rstrip() for ln in lines]


def find_block(block: list[str], lines: list[str], near: int = 1) -> int | None:
    """1-based start of ``block`` inside ``lines`` (trailing whitespace ignored), the
    occurrence nearest ``near``; None if absent or if the block is only blank lines
    (those would match anywhere)."""
    want = _norm(block)
    if not want or not any(want):
        return None
    have = _norm(lines)
    size = len(want)
    best: int | None = None
    head = want[0]
    for i, line in enumerate(have[: len(have) - size + 1]):
        if line == head and have[i:i + size] == want and (best is None or abs(i + 1 - near) < abs(best - near)):
            best = i + 1
    return best


# -- verdict and clause checks -------------------------------------------------------

def _is_recorded(review: Review) -> bool:
    return not review.is_placeholder


def carried_over(spec: Spec, audit: Audit) -> dict[str, str]:
    """{new key: old key} for reviews whose clause was renamed (same text, new key,
    and the new key has no review of its own)."""
    by_key = spec.by_key()
    by_fp = {c.fingerprint: c.key for c in spec.clauses}
    out: dict[str, str] = {}
    for key, review in sorted(audit.reviews.items()):
        if key in by_key or not _is_recorded(review):
            continue
        new = by_fp.get(review.clause_fingerprint or "")
        if new and not _is_recorded(audit.review(new)) and new not in out:
            out[new] = key
    return out


def effective_review(audit: Audit, key: str, carried: dict[str, str]) -> Review:
    """The clause's review, or the one carried over from its old key after a rename."""
    review = audit.review(key)
    if not _is_recorded(review) and key in carried:
        return audit.reviews[carried[key]]
    return review


def clause_findings(spec: Spec, audit: Audit, unreviewed_kinds: tuple[str, ...]) -> list[Finding]:
    """violated, partial, unreviewed (for the kinds that must be reviewed), stale-spec,
    and reviews of clauses the spec dropped (removed) or renamed (carried over)."""
    out: list[Finding] = []
    carried = carried_over(spec, audit)
    context = spec.context_keys()  # notes beside the requirements: read, never owed a verdict
    for clause in spec.clauses:
        review = effective_review(audit, clause.key, carried)
        found = partial(Finding, spec=spec.path, clause=clause.key, path=spec.path, line=clause.span[0])
        note = f": {review.note}" if review.note else ""
        if review.verdict == VIOLATED:
            out.append(found(F_VIOLATED, f"clause is violated{note}"))
        elif review.verdict == PARTIAL:  # the reviewer's own word that something is missing
            out.append(found(F_PARTIAL, f"clause is implemented in part{note}"))
        elif review.verdict == UNREVIEWED and clause.kind in unreviewed_kinds and clause.key not in context:
            out.append(found(F_UNREVIEWED, f"{clause.kind} clause is not reviewed: {clause.title}"))
        if (review.verdict != UNREVIEWED and review.clause_fingerprint
                and review.clause_fingerprint != clause.fingerprint):
            out.append(found(STALE_SPEC, f"clause text changed since it was reviewed "
                             f"({review.verdict}); review it again"))
        if clause.key in carried:
            out.append(found(RENAMED, f"renamed from {carried[clause.key]!r}; verdict "
                             f"{review.verdict!r} carried over"))
    renamed_from = set(carried.values())
    by_key = spec.by_key()
    for key in sorted(audit.reviews):
        review = audit.reviews[key]
        if key in by_key or key in renamed_from or not _is_recorded(review):
            continue
        out.append(Finding(REMOVED, f"reviewed clause {key!r} ({review.verdict}) is no longer in the spec",
                           spec=spec.path, clause=key, path=spec.path))
    return out


def link_finding(spec: str, clause: str, link: Link, tracked: Tracked) -> Finding | None:
    if not tracked.changed:
        return None
    path: str | None
    if tracked.foreign:
        where = f"{link.path}" if tracked.deleted else f"lines {link.path}:{link.first}-{link.last}"
        what = f"linked {where} {'does not exist' if tracked.deleted else 'differ'} here ({_not_contained(link.commit)})"
        path, line = (link.path, link.first) if tracked.deleted else (tracked.path, tracked.first)
    elif tracked.deleted:
        what = f"linked file {link.path} was deleted"
        path, line = link.path, link.first
    else:
        what = f"linked lines {link.path}:{link.first}-{link.last} changed since the review"
        path, line = tracked.path, tracked.first
    return Finding(STALE_CODE, f"{what}; review clause again", spec=spec, clause=clause,
                   path=path, line=line, end_line=None if tracked.deleted else tracked.last)


def scar_finding(spec: str, scar: Scar, tracked: Tracked, anchor: str | None,
                 now_line: str | None = None) -> Finding | None:
    """A scar whose lines changed since it was recorded; ``now_line``: the first line that
    stands there now, quoted in the message (what overwrote it)."""
    if not tracked.changed:
        return None
    at = f" (recorded at {anchor[:12]})" if anchor else ""
    path: str | None
    if tracked.foreign:
        where = scar.path if tracked.deleted else f"lines {scar.path}:{scar.first}-{scar.last}"
        msg = (f"scar {scar.id} {scar.title!r}: {where} {'does not exist' if tracked.deleted else 'differ'} "
               f"here ({_not_contained(anchor, 'recorded')})")
        path, line, end = (scar.path, scar.first, None) if tracked.deleted else \
            (tracked.path, tracked.first, tracked.last)
    elif tracked.deleted:
        msg = f"scar {scar.id} {scar.title!r}: {scar.path} was deleted{at}"
        path, line, end = scar.path, scar.first, None
    else:
        now = f": {_cut(now_line)!r}" if now_line else ""
        msg = (f"scar {scar.id} {scar.title!r}: lines {scar.path}:{scar.first}-{scar.last}{at} "
               f"were overwritten; what stands there now: {tracked.path}:{tracked.first}-{tracked.last}{now}")
        path, line, end = tracked.path, tracked.first, tracked.last
    if scar.status == SCAR_FOLDED and scar.folded_into:  # the spec asks for it now: regenerate
        msg += f"; folded into {scar.folded_into} · awaiting regeneration"
    return Finding(SCAR_OVERWRITTEN, msg, spec=spec, clause=scar.clause, scar=scar.id,
                   path=path, line=line, end_line=end)


def _cut(line: str, width: int = 80) -> str:
    return line if len(line) <= width else line[:width - 1] + "…"
