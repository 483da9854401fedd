"""A spec's ranking kept for the length of a review, weighed again as the reviewer works.

The window ranks a change once (``proposals.propose_all``). What the reviewer says then
changes what other clauses should show (``core.evidence.select``, "learning within a
review"): a span rejected for a clause is never proposed for it again, and its list
closes up (a file's next unit, a test's subject may take the place); lines accepted for a
clause's parent or child lift the units they cover for it, with an evidence line saying
so. A clause is weighed again only when its own feedback changed (its rejections, its
parent's and children's accepted links): ``finish`` for those clauses on the kept
analysis, milliseconds and no git. An audit gives the proposals ``suggest`` gives with it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from specaudit.core.audit import Audit
from specaudit.core.evidence import Proposal, SuggestResult
from specaudit.core.evidence.rank import Analysis, finish
from specaudit.core.evidence.select import Feedback, feedback_for, neighbours

Proposals = dict[str, list[Proposal]]  # clause key -> best first
# A spec's proposals under an audit's feedback: (spec rel, audit) -> clause key -> best first.
Ranked = Callable[[str, "Audit | None"], Proposals]


def feedback_from(audit: Audit | None) -> Feedback:
    """The reviewer's accepted links (new side) and rejected files or spans, per clause."""
    if audit is None:
        return Feedback()
    accepted = {key: [(ln.path, ln.first, ln.last) for ln in r.links if ln.side == "new"]
                for key, r in audit.reviews.items() if r.links}
    rejected = {key: [(r.path, None if r.whole_file else r.first, None if r.whole_file else r.last) for r in rs]
                for key, rs in (getattr(audit, "rejected", {}) or {}).items()}
    return Feedback(accepted, rejected)


def shown(result: SuggestResult, key: str) -> list[Proposal]:
    """What the window lists for a clause: its proposals, or its weak guesses (``Proposal.weak``)."""
    return result.proposals.get(key) or result.weak.get(key, [])


KEPT = 4  # feedback states kept per clause: the window's view and a check reading the file a write behind


class Ranking:
    """One spec's analysis and what each clause shows under the last few feedback states
    it was weighed with. Thread-safe: the window's check and Tests tab ask from workers
    (with the audit as written, which may be one edit behind the screen's)."""

    def __init__(self, analysis: Analysis, audit: Audit | None) -> None:
        self.analysis = analysis
        self._mates = {key: tuple(mate for mate, _why in mates) for key, mates in neighbours(analysis.plans).items()
                       if mates}
        self._lock = threading.Lock()
        feedback = feedback_from(audit)
        first = finish(analysis, feedback=feedback)
        self._kept = {key: {self._said(key, feedback): shown(first, key)} for key in first.proposals}
        self.weighed = 0  # clauses weighed again since the first ranking (tests count them)

    def proposals(self, audit: Audit | None) -> Proposals:
        """Each clause's proposals (or weak guesses) with ``audit``'s feedback; the lists
        are shared between calls: read them, never change them."""
        feedback = feedback_from(audit)
        said = {key: self._said(key, feedback) for key in self._kept}
        with self._lock:
            stale = [key for key, states in self._kept.items() if said[key] not in states]
            if stale:
                result = finish(self.analysis, feedback=feedback, keys=stale)
                for key in stale:
                    states = self._kept[key]
                    states[said[key]] = shown(result, key)
                    if len(states) > KEPT:
                        del states[next(iter(states))]  # the oldest
                self.weighed += len(stale)
            return {key: states[said[key]] for key, states in self._kept.items()}  # shared: read only

    def _said(self, key: str, feedback: Feedback) -> tuple:
        return feedback_for(key, feedback, self._mates.get(key, ()))


class Rankings:
    """Every open spec's ``Ranking``, asked as a ``Ranked``: a spec never ranked (none of
    its clauses) has no proposals."""

    def __init__(self, by_spec: dict[str, Ranking]) -> None:
        self.by_spec = by_spec

    def __call__(self, spec_rel: str, audit: Audit | None) -> Proposals:
        ranking = self.by_spec.get(spec_rel)
        return ranking.proposals(audit) if ranking is not None else {}
