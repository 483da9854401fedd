"""The review side of the data model: verdicts, links, scars, and one spec's Audit.

Pure values. Reading and writing the YAML lives in ``auditfile``; disk access in
``specaudit.app.store.audit_store``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, fields, replace

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
    # Other verdicts a merge found for this clause (both branches reviewed it differently):
    # each a Review without links or history. Unsettled until a reviewer keeps one.
    conflict: tuple[Review, ...] = ()

    @property
    def is_placeholder(self) -> bool:
        """An unreviewed block with nothing recorded (written so merges stay conflict-free)."""
        return self.verdict == UNREVIEWED and not (self.reviewer or self.note or self.links or self.history
                                                   or self.conflict)

    def past(self) -> PastVerdict:
        return PastVerdict(self.verdict, self.reviewer, self.at, self.commit, self.note)

    def superseded_by(self, verdict: str, **fields) -> Review:
        """This review with a new verdict; the old one moves into ``history``. The same
        verdict again (or only its note edited) is no new call: no history entry. A new
        verdict settles a merge conflict: the conflicting verdicts move to history too."""
        # Links accepted before any verdict are no earlier call: "Earlier verdicts:
        # Unreviewed" said nothing. An unreviewed set by a reviewer (a reset) is one.
        called = self.verdict != UNREVIEWED or bool(self.reviewer or self.note)
        earlier = [self.past()] if called and verdict != self.verdict else []
        earlier += [c.past() for c in self.conflict]
        history = _in_time_order(self.history, tuple(earlier)) if earlier else self.history
        return replace(self, verdict=verdict, history=history, conflict=(), **fields)

    def sides(self) -> tuple[Review, ...]:
        """The verdicts of a merge conflict to choose from: this one ("ours") first, then
        the conflicting ones ("theirs"); just this one when there is no conflict."""
        return (_verdict_only(self), *self.conflict)

    def settled(self, choice: int) -> Review:
        """The conflict settled by keeping side ``choice`` of ``sides()`` as it was given
        (verdict, note, reviewer, time): the other sides move into ``history``."""
        sides = self.sides()
        if not 0 <= choice < len(sides):
            raise UsageError(f"clause {self.clause}: no side {choice + 1} to keep (there are {len(sides)})")
        kept = sides[choice]
        others = tuple(s.past() for i, s in enumerate(sides) if i != choice)
        return replace(kept, links=self.links, history=_in_time_order(self.history, others), conflict=())


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


@dataclass(frozen=True, order=True)
class Rejection:
    """A proposal the reviewer rejected for a clause: the whole file (``first`` = 0, as
    files written before spans were recorded say), or lines ``first..last`` of it at
    ``commit`` ("right file, wrong lines"). Evidence never proposes what it covers again."""

    path: str
    first: int = 0
    last: int = 0
    commit: str | None = field(default=None, compare=False)

    @property
    def whole_file(self) -> bool:
        return self.first == 0

    def covers(self, path: str, first: int, last: int) -> bool:
        """The rejection covers a proposal of lines ``first..last`` of ``path``."""
        return path == self.path and (self.whole_file or (self.first <= last and first <= self.last))

    def __str__(self) -> str:
        return self.path if self.whole_file else f"{self.path}:{self.first}-{self.last}"


def contradiction_key(a: str, b: str) -> str:
    """One key for the pair, whichever order it was named in."""
    return " | ".join(sorted((a, b)))


@dataclass
class Audit:
    """Everything recorded about one spec: reviews keyed by clause key, scars by id,
    marks on unexplained changes keyed by ``path:first-last``, and clause pairs marked as
    contradicting keyed by ``contradiction_key``. ``rejected`` holds, per clause key, the
    files or line spans the reviewer rejected as its implementation (``Rejection``), so
    evidence does not propose them again. Viewed files are keyed by path."""

    spec: str
    reviews: dict[str, Review] = field(default_factory=dict)
    scars: dict[str, Scar] = field(default_factory=dict)
    changes: dict[str, ChangeMark] = field(default_factory=dict)
    viewed: dict[str, ViewedMark] = field(default_factory=dict)
    rejected: dict[str, tuple[Rejection, ...]] = field(default_factory=dict)
    contradictions: dict[str, Contradiction] = field(default_factory=dict)

    def review(self, key: str) -> Review:
        return self.reviews.get(key) or Review(clause=key)

    def is_empty(self) -> bool:
        return not (self.reviews or self.scars or self.changes or self.viewed or self.rejected
                    or self.contradictions)

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


def clause_linked_to(audit: Audit, path: str, first: int, last: int, *, side: str = "new",
                     commit: str | None = None) -> str | None:
    """The clause whose linked lines hold ``path`` lines ``first..last`` (the clause a scar on
    those lines diverges from), or None: no link holds them, or two clauses' links hold
    them equally tightly. Links recorded at another ``commit`` count other lines and are
    not compared."""
    best: dict[str, int] = {}  # clause key -> span of its tightest link holding the lines
    for key, review in audit.reviews.items():
        for link in review.links:
            if link.path != path or link.side != side or not (link.first <= first and last <= link.last):
                continue
            if commit is not None and link.commit is not None and link.commit != commit:
                continue
            span = link.last - link.first
            best[key] = min(span, best.get(key, span))
    if not best:
        return None
    tightest = min(best.values())
    keys = [k for k, span in best.items() if span == tightest]
    return keys[0] if len(keys) == 1 else None


def check_range(first: int, last: int, what: str = "line range") -> tuple[int, int]:
    if first < 1 or last < first:
        raise UsageError(f"invalid {what} {first}-{last}: lines are 1-based and START <= END")
    return first, last


def _verdict_only(r: Review) -> Review:
    """What a reviewer decided, without links, history or conflicts."""
    return Review(r.clause, r.verdict, r.note, r.reviewer, r.at, r.commit, r.clause_fingerprint)


def _in_time_order(*groups: tuple) -> tuple:
    """Entries of several histories (or link lists), each once, oldest first; entries
    without a time keep their place before the timed ones (Python's sort is stable)."""
    seen: list = []
    for group in groups:
        seen += [x for x in group if x not in seen]
    return tuple(sorted(seen, key=lambda p: getattr(p, "at", None) or ""))


def merge_sets(base: tuple, ours: tuple, theirs: tuple) -> tuple:
    """Three-way merge of a list of values (links, conflict sides): what either side
    added is kept, what either side removed is gone; ours' order first."""
    kept = [x for x in ours if x in theirs or x not in base]
    return (*kept, *(x for x in theirs if x not in base and x not in kept))


def _merge_reviews(base: Review | None, ours: Review | None, theirs: Review | None) -> Review | None:
    """One clause changed on both sides. Links, history and open conflicts merge as
    sets; the verdict is taken from the side that changed it; when both changed it to
    the same verdict and note, the later review is current and the other joins the
    history; different verdicts or notes are the one conflict: ours stays current and
    theirs is kept in ``conflict`` until a reviewer settles it."""
    if ours is None or theirs is None:  # removed on one side, changed on the other: keep the change
        return ours or theirs
    b = base or Review(ours.clause)
    links = merge_sets(b.links, ours.links, theirs.links)
    history = _in_time_order(ours.history, theirs.history)
    conflict = merge_sets(b.conflict, ours.conflict, theirs.conflict)
    vb, vo, vt = _verdict_only(b), _verdict_only(ours), _verdict_only(theirs)
    if vo == vb or vo.is_placeholder:
        current = vt
    elif vt in (vb, vo) or vt.is_placeholder:
        current = vo
    elif (vo.verdict, vo.note) == (vt.verdict, vt.note):
        current, other = (vt, vo) if (vt.at or "") > (vo.at or "") else (vo, vt)
        history = _in_time_order(history, (other.past(),))
    else:
        current = vo
        conflict = conflict if vt in conflict else (*conflict, vt)
    history = tuple(p for p in history if p != current.past())  # a side's past that is now current
    conflict = tuple(c for c in conflict if c != current)
    return replace(current, links=links, history=history, conflict=conflict)


def _merge_fields(base, ours, theirs):
    """One scar or mark changed on both sides: each field from the side that changed it;
    where both changed one field differently, ours."""
    if ours is None or theirs is None:
        return ours or theirs
    if base is None or type(base) is not type(ours):
        return ours
    values = {f.name: getattr(theirs, f.name) if getattr(ours, f.name) == getattr(base, f.name)
              else getattr(ours, f.name) for f in fields(ours)}
    return replace(ours, **values)


def merge_entries(base: dict, ours: dict, theirs: dict, on_conflict) -> dict:
    out = {}
    for key in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o == b:
            value = t
        elif t == b or o == t:
            value = o
        else:
            value = on_conflict(b, o, t)
        if value is not None:
            out[key] = value
    return out


def merge_audits(base: Audit, ours: Audit, theirs: Audit) -> Audit:
    """Three-way merge at entry level (the merge driver's, docs/audit-file.md). What only
    one side changed is taken from it. A clause both sides changed merges its links and
    histories; different verdicts or notes on it are kept side by side in its
    ``conflict`` (see ``conflicts``). Scars and marks both sides changed merge field by
    field; rejected proposals as sets. Nothing either side recorded is lost."""
    return Audit(
        spec=ours.spec,
        reviews=merge_entries(base.reviews, ours.reviews, theirs.reviews, _merge_reviews),
        scars=merge_entries(base.scars, ours.scars, theirs.scars, _merge_fields),
        changes=merge_entries(base.changes, ours.changes, theirs.changes, _merge_fields),
        viewed=merge_entries(base.viewed, ours.viewed, theirs.viewed, _merge_fields),
        rejected=merge_entries(base.rejected, ours.rejected, theirs.rejected,
                                lambda b, o, t: tuple(sorted(merge_sets(b or (), o or (), t or ()))) or None),
        contradictions=merge_entries(base.contradictions, ours.contradictions, theirs.contradictions,
                                      _merge_fields),
    )


def conflicts(audit: Audit) -> list[Review]:
    """The reviews with an unsettled merge conflict, by clause key."""
    return [audit.reviews[k] for k in sorted(audit.reviews) if audit.reviews[k].conflict]
