"""The review side of the data model: verdicts, links, scars, and one spec's Audit.

Pure values. Reading and writing the YAML lives in ``auditfile``; disk access in
``specaudit.app.audit_store``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace

from specaudit.core.errors import UsageError

IMPLEMENTED = "implemented"
PARTIAL = "partial"
VIOLATED = "violated"
NOT_APPLICABLE = "not-applicable"
UNREVIEWED = "unreviewed"
VERDICTS: tuple[str, ...] = (IMPLEMENTED, PARTIAL, VIOLATED, NOT_APPLICABLE, UNREVIEWED)

SIDES: tuple[str, ...] = ("new", "old")
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
SCAR_OPEN = "open"
SCAR_FOLDED = "folded"  # written into the spec as clause ``Scar.folded_into``
SCAR_ID_PREFIX = "S-"


def check_verdict(verdict: str) -> str:
    if verdict not in VERDICTS:
        raise UsageError(f"unknown verdict {verdict!r} (one of: {', '.join(VERDICTS)})")
    return verdict


@dataclass(frozen=True)
class Link:
    """A clause's link to lines of code: ``path`` at ``commit``, lines ``first..last``
    (1-based, inclusive) on ``side`` of the change; ``fingerprint`` is the lines' content."""

    path: str
    first: int
    last: int
    side: str = "new"
    commit: str | None = None
    fingerprint: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.first, self.last)

    def same_place(self, path: str, first: int, last: int, side: str = "new") -> bool:
        return (self.path, self.first, self.last, self.side) == (path, first, last, side)


@dataclass(frozen=True)
class PastVerdict:
    """A verdict a later review replaced; kept so the audit shows how a call changed."""

    verdict: str
    reviewer: str | None = None
    at: str | None = None
    commit: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Review:
    """The current verdict on one clause. ``clause_fingerprint`` is the clause text's
    fingerprint when it was reviewed: a different one now means the verdict is stale."""

    clause: str
    verdict: str = UNREVIEWED
    note: str | None = None
    reviewer: str | None = None
    at: str | None = None
    commit: str | None = None
    clause_fingerprint: str | None = None
    links: tuple[Link, ...] = ()
    history: tuple[PastVerdict, ...] = ()

    @property
    def is_placeholder(self) -> bool:
        """An unreviewed block with nothing recorded (written so merges stay conflict-free)."""
        return self.verdict == UNREVIEWED and not (self.reviewer or self.note or self.links or self.history)

    def superseded_by(self, verdict: str, **fields) -> Review:
        """This review with a new verdict; the old one moves into ``history``. The same
        verdict again (or only its note edited) is no new call: no history entry."""
        history = self.history
        if not self.is_placeholder and verdict != self.verdict:
            past = PastVerdict(self.verdict, self.reviewer, self.at, self.commit, self.note)
            history = (*history, past)
        return replace(self, verdict=verdict, history=history, **fields)


@dataclass(frozen=True)
class Scar:
    """Code that deliberately diverges from the spec, with the story of why.

    ``commit`` None means "the commit that added this scar to the audit file"; the
    checker resolves it from history.
    """

    id: str
    path: str
    first: int
    last: int
    title: str
    why: str
    commit: str | None = None
    fingerprint: str | None = None
    clause: str | None = None
    incident: str | None = None
    severity: str = "high"
    status: str = SCAR_OPEN
    created: str | None = None
    author: str | None = None
    folded_into: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.first, self.last)


def new_scar_id(taken: set[str] | frozenset[str] = frozenset()) -> str:
    """Random ids, so scars recorded on two branches never collide on merge."""
    while True:
        sid = SCAR_ID_PREFIX + secrets.token_hex(4)
        if sid not in taken:
            return sid


EXPLAINED = "explained"
OUT_OF_SCOPE = "out-of-scope"
CHANGE_STATUSES: tuple[str, ...] = (EXPLAINED, OUT_OF_SCOPE)


@dataclass(frozen=True)
class ChangeMark:
    """A reviewer's call on changed lines no clause explains: ``explained`` (fine as it
    is, e.g. a refactor) or ``out-of-scope`` (scope the spec did not ask for)."""

    path: str
    first: int
    last: int
    status: str
    note: str | None = None
    commit: str | None = None
    fingerprint: str | None = None
    reviewer: str | None = None
    at: str | None = None

    @property
    def key(self) -> str:
        return change_key(self.path, self.first, self.last)


def change_key(path: str, first: int, last: int) -> str:
    return f"{path}:{first}-{last}"


@dataclass(frozen=True)
class ViewedMark:
    """A file the reviewer marked as viewed. ``key`` identifies the file's change in the
    range when it was marked (``FileDiff.content_key``): a different change resets it."""

    path: str
    key: str
    commit: str | None = None  # the range's target when marked
    reviewer: str | None = None
    at: str | None = None


@dataclass(frozen=True)
class Contradiction:
    """A reviewer's mark that clauses ``first`` and ``second`` contradict each other (or,
    with ``scar``, that tightening added ``second`` while ``first`` still says otherwise). The
    fingerprints are the clauses' texts when marked: once either is reworded the mark no
    longer applies (the spec was resolved, or must be looked at again)."""

    first: str
    second: str
    note: str | None = None
    scar: str | None = None  # set by tighten --add: ``second`` superseded ``first`` (this scar)
    first_fingerprint: str | None = None
    second_fingerprint: str | None = None
    reviewer: str | None = None
    at: str | None = None

    @property
    def key(self) -> str:
        return contradiction_key(self.first, self.second)


def contradiction_key(a: str, b: str) -> str:
    """One key for the pair, whichever order it was named in."""
    return " | ".join(sorted((a, b)))


@dataclass
class Audit:
    """Everything recorded about one spec: reviews keyed by clause key, scars by id,
    marks on unexplained changes keyed by ``path:first-last``, and clause pairs marked as
    contradicting keyed by ``contradiction_key``. ``rejected`` holds, per clause key, the
    files the reviewer rejected as its implementation, so evidence does not propose them
    again. Viewed files are keyed by path."""

    spec: str
    reviews: dict[str, Review] = field(default_factory=dict)
    scars: dict[str, Scar] = field(default_factory=dict)
    changes: dict[str, ChangeMark] = field(default_factory=dict)
    viewed: dict[str, ViewedMark] = field(default_factory=dict)
    rejected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    contradictions: dict[str, Contradiction] = field(default_factory=dict)

    def review(self, key: str) -> Review:
        return self.reviews.get(key) or Review(clause=key)

    def verdict(self, key: str) -> str:
        return self.review(key).verdict

    def put_review(self, review: Review) -> None:
        self.reviews[review.clause] = review

    def put_scar(self, scar: Scar) -> None:
        self.scars[scar.id] = scar

    def copy(self) -> Audit:
        return Audit(self.spec, reviews=dict(self.reviews), scars=dict(self.scars), changes=dict(self.changes),
                     viewed=dict(self.viewed), rejected=dict(self.rejected),
                     contradictions=dict(self.contradictions))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Audit)
            and self.spec == other.spec
            and self.reviews == other.reviews
            and self.scars == other.scars
            and self.changes == other.changes
            and self.viewed == other.viewed
            and self.rejected == other.rejected
            and self.contradictions == other.contradictions
        )


def check_range(first: int, last: int, what: str = "line range") -> tuple[int, int]:
    if first < 1 or last < first:
        raise UsageError(f"invalid {what} {first}-{last}: lines are 1-based and START <= END")
    return first, last


def _merge_entries(base: dict, ours: dict, theirs: dict, on_conflict) -> dict:
    out = {}
    for key in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o == b:
            value = t
        elif t == b or o == t:
            value = o
        else:
            value = on_conflict(o, t)
        if value is not None:
            out[key] = value
    return out


def _keep_ours_remember_theirs(ours: Review | None, theirs: Review | None) -> Review | None:
    if ours is None or theirs is None:
        return ours or theirs
    past = PastVerdict(theirs.verdict, theirs.reviewer, theirs.at, theirs.commit, theirs.note)
    history = ours.history if past in ours.history or theirs.is_placeholder else (*ours.history, past)
    links = ours.links + tuple(lk for lk in theirs.links if lk not in ours.links)
    return replace(ours, history=history, links=links)


def merge_audits(base: Audit, ours: Audit, theirs: Audit) -> Audit:
    """Three-way merge at entry level. What only one side changed is taken from it; when
    both changed one review, ours wins and theirs is kept in its history (never lost)."""
    return Audit(
        spec=ours.spec,
        reviews=_merge_entries(base.reviews, ours.reviews, theirs.reviews, _keep_ours_remember_theirs),
        scars=_merge_entries(base.scars, ours.scars, theirs.scars, lambda o, t: o or t),
        changes=_merge_entries(base.changes, ours.changes, theirs.changes, lambda o, t: o or t),
        viewed=_merge_entries(base.viewed, ours.viewed, theirs.viewed, lambda o, t: o or t),
        rejected=_merge_entries(base.rejected, ours.rejected, theirs.rejected,
                                lambda o, t: tuple(sorted(set(o or ()) | set(t or ()))) or None),
        contradictions=_merge_entries(base.contradictions, ours.contradictions, theirs.contradictions,
                                      lambda o, t: o or t),
    )
