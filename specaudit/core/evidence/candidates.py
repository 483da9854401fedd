"""What each unit of the change has to say for one clause: the features the ranking weighs.

Per (clause, unit): the explicit evidence landing in it (citations, task-named symbols,
commit lines, identifiers the clause names), the rank of its file for the clause, how
much of the clause's weighted words it holds (``cover``), how much of its name the
clause explains (``name``: "exponential backoff" explains most of ``calculate_backoff``),
and the clause's numbers and quoted strings it holds (``literal``). Words are weighted by
how rare they are among the units (idf) and among the spec's clauses: a word every
clause uses ("system", "user", "todo" in a todo app) carries no weight.

Features are computed once; ``select.rank`` weighs them with ``Params``, so the
benchmark can fit the weights without recomputing anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from specaudit.core.evidence.literals import Literal, LiteralHit, clause_literals, match
from specaudit.core.evidence.model import Evidence
from specaudit.core.evidence.text import clause_terms
from specaudit.core.evidence.units import Unit, UnitIndex

FILES_CONSIDERED = 10  # units of the best files for a clause are scored, plus any with name or literal hits
MAX_LITERAL = 2.0


@dataclass
class Item:
    """One piece of explicit evidence for a clause in a file."""

    kind: str
    weight: float
    evidence: Evidence
    lines: tuple[int, ...]
    inherited: bool = False  # came from the parent clause (a story's task for its scenarios)


@dataclass
class Candidate:
    unit: Unit
    role: float
    file_prior: float = 0.0
    explicit: float = 0.0
    inherited: float = 0.0
    cover: float = 0.0
    name: float = 0.0
    literal: float = 0.0
    items: list[Item] = field(default_factory=list)
    hits: list[LiteralHit] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)  # the clause's words the unit holds (surfaces)

    @property
    def has_explicit(self) -> bool:
        return self.explicit > 0


@dataclass
class ClausePlan:
    key: str
    kind: str
    order: int
    parent: str | None
    candidates: list[Candidate]
    own_explicit: bool  # the clause's own explicit evidence (not only its parent's) exists
    file_items: dict[str, list[Item]] = field(default_factory=dict)  # all explicit items per file
    query: dict[str, float] = field(default_factory=dict)  # term -> weight (for evidence lines)
    literals: list[Literal] = field(default_factory=list)


class ClauseSpecificity:
    """How specific a word is to one clause of the spec: 1 for a word of one clause, near
    0 for a word every clause of a long spec uses (log(1 + N/df) / log(1 + N))."""

    def __init__(self, texts: list[str]) -> None:
        self.n = max(len(texts), 2)
        self.df: dict[str, int] = {}
        for t in texts:
            for term in {q for q, _s, _w, _d in clause_terms(t)}:
                self.df[term] = self.df.get(term, 0) + 1

    def __call__(self, term: str) -> float:
        df = self.df.get(term, 1)
        return math.log(1 + self.n / df) / math.log(1 + self.n) if df > 1 else 1.0


class UnitTerms:
    """Postings of the units' terms, and each term's idf over the units."""

    def __init__(self, index: UnitIndex) -> None:
        self.index = index
        self.postings: dict[str, list[tuple[Unit, float]]] = {}
        self.names: dict[str, list[Unit]] = {}
        self.numbers: dict[str, int] = {}
        for u in index.units:
            for t, w in u.terms.items():
                self.postings.setdefault(t, []).append((u, w))
            for t in u.name_terms:
                self.names.setdefault(t, []).append(u)
            for v in {n for n, _ln in u.numbers}:
                self.numbers[v] = self.numbers.get(v, 0) + 1
        self.n = max(len(index.units), 1)

    def idf(self, term: str) -> float:
        return self.idf_of(len(self.postings.get(term, ())))

    def idf_of(self, df: int) -> float:
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def number_weight(self, value: str) -> float:
        df = self.numbers.get(value, 1)
        return max(0.1, 1 - math.log(df) / math.log(self.n + 1))


def plan_clause(key: str, kind: str, order: int, parent: str | None, body: str, items: dict[str, list[Item]],
                file_scores: dict[str, float], role_of, terms: UnitTerms, specificity: ClauseSpecificity,
                use_text: bool) -> ClausePlan:
    """The candidates for one clause with their features."""
    index = terms.index
    q: dict[str, float] = {}
    surface: dict[str, str] = {}
    absent = 0.0  # the clause's words no unit holds still count in what a unit could cover
    if use_text:
        rare = terms.idf_of(1)  # a word no unit holds weighs like the rarest word one does
        for term, surf, weight, derived in clause_terms(body):
            if term in terms.postings:
                w = weight * terms.idf(term) * specificity(term)
                if w > 0:
                    q[term] = max(q.get(term, 0.0), w)
                    surface.setdefault(term, surf)
            elif " " not in term and not derived:
                absent += weight * rare * specificity(term)
    literals = clause_literals(body) if use_text else []
    total = (sum(q.values()) + absent) or 1.0
    cover: dict[int, float] = {}
    shared: dict[int, list[str]] = {}
    for term, w in q.items():
        for u, uw in terms.postings[term]:
            cover[u.uid] = cover.get(u.uid, 0.0) + w * min(1.0, uw / 1.5)
            shared.setdefault(u.uid, []).append(term)
    names: dict[int, float] = {}
    for term in q:
        for u in terms.names.get(term, ()):
            if u.uid not in names:
                # How much of the name the clause explains, times how much of the clause the
                # name holds: "exponential backoff" and calculate_backoff score well, a
                # clause and a one-word name it happens to use ("data") do not.
                words = [t for t in u.name_terms if " " not in t]
                mass = sum(terms.idf(t) for t in words) or 1.0
                explained = sum(terms.idf(t) * specificity(t) for t in words if t in q) / mass
                held = sum(q[t] for t in u.name_terms if t in q) / total
                names[u.uid] = explained * min(1.0, held) ** 0.5
    best_files = sorted(file_scores, key=lambda p: (-file_scores[p], p))[:FILES_CONSIDERED]
    top = max(file_scores.values(), default=0.0) or 1.0
    wanted: dict[int, Unit] = {}
    for path in best_files:
        for u in index.by_path.get(path, ()):
            if u.uid in cover or u.uid in names:
                wanted[u.uid] = u
        if not any(u.uid in wanted for u in index.by_path.get(path, ())):
            biggest = max(index.by_path.get(path, ()), key=lambda u: (len(u.lines), -u.first), default=None)
            if biggest is not None:
                wanted[biggest.uid] = biggest
    for uid in names:
        wanted.setdefault(uid, index.units[uid])
    holders: dict[int, set[int]] = {}  # id of an item -> the units its lines fall in (innermost)
    for path, its in items.items():
        for it in its:
            for no in it.lines:
                u = index.unit_at(path, no)
                if u is not None:
                    wanted.setdefault(u.uid, u)
                    holders.setdefault(id(it), set()).add(u.uid)
    if literals:
        for u in index.units:
            if (u.uid not in wanted and u.uid in cover and (u.strings or u.numbers)
                    and match(literals, u.strings, u.numbers)):
                wanted[u.uid] = u
    candidates: list[Candidate] = []
    for uid, u in wanted.items():
        c = Candidate(u, role_of(u.path), file_prior=file_scores.get(u.path, 0.0) / top,
                      cover=cover.get(uid, 0.0) / total, name=names.get(uid, 0.0))
        c.shared = [surface[t] for t in sorted(shared.get(uid, ()), key=lambda t: -q[t])]
        for it in items.get(u.path, ()):
            if uid in holders.get(id(it), ()):
                c.items.append(it)
                if it.inherited:
                    c.inherited += it.weight
                else:
                    c.explicit += it.weight
        if literals and (u.strings or u.numbers):
            hits = match(literals, u.strings, u.numbers)
            # A bare number counts only where the unit also shares a word with the clause.
            c.hits = [h for h in hits if h.literal.kind == "string" or c.cover > 0]
            c.literal = min(MAX_LITERAL, sum(
                h.quality * (1.0 if h.literal.kind == "string" else max(map(terms.number_weight, h.literal.values)))
                for h in c.hits))
        candidates.append(c)
    own = any(not it.inherited for its in items.values() for it in its)
    return ClausePlan(key, kind, order, parent, candidates, own, items, q, literals)
