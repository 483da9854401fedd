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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import mul

from specaudit.core.evidence.literals import (
    Literal,
    LiteralHit,
    UnitLiterals,
    clause_literals,
    match,
)
from specaudit.core.evidence.model import Evidence
from specaudit.core.evidence.terms import cjk_bigram, word_terms
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
    inherited: bool = False  # came from the parent clause (a story's task for its scenarios) or a child
    from_child: bool = False  # a child's own evidence: the parent is implemented where the child is
    task: str = ""  # the task it comes through: a task naming the file, a commit citing the task


@dataclass(slots=True)
class Candidate:
    unit: Unit
    role: float
    file_prior: float = 0.0
    explicit: float = 0.0
    inherited: float = 0.0
    cover: float = 0.0
    name: float = 0.0
    literal: float = 0.0
    items: Sequence[Item] = ()  # read only: most candidates share the empty tuple
    hits: Sequence[LiteralHit] = ()
    scored: bool = False  # scored on its words: the clause's terms it holds are shared (``ClausePlan.shared``)

    @property
    def has_explicit(self) -> bool:
        # Its own items, whatever they weigh: a commit placing a task's work here weighs
        # nothing (rank._one_link_once) but is explicit evidence all the same.
        return any(not it.inherited for it in self.items)


@dataclass
class ClausePlan:
    key: str
    kind: str
    order: int
    parent: str | None
    candidates: list[Candidate]
    own_explicit: bool  # explicit evidence of the clause or of a child (not only its parent's) exists
    file_items: dict[str, list[Item]] = field(default_factory=dict)  # all explicit items per file
    query: dict[str, float] = field(default_factory=dict)  # term -> weight (for evidence lines)
    literals: list[Literal] = field(default_factory=list)
    surface: dict[str, str] = field(default_factory=dict)  # term -> the clause's own word for it
    # How much larger cover is without the CJK bigrams no unit holds (abstaining reads it).
    cover_scale: float = 1.0
    strength: dict = field(default_factory=dict)  # (cover, name, literal weights) -> the best text-only strength
    # A note of a spec that states its requirements elsewhere (a PRD's executive summary,
    # "Author: ..."): context for the reader, not a clause code implements.
    context: bool = False
    # The clauses whose parent it is, of the whole spec: links accepted for them re-rank
    # it even when only this clause is ranked (`suggest --clause`).
    children: tuple[str, ...] = ()

    def shared(self, c: Candidate) -> list[str]:
        """The clause's words the candidate holds, weightiest first (surfaces, for evidence lines);
        none for a unit that stands for its file or for a companion."""
        if not c.scored:
            return []
        held = list(filter(c.unit.terms.__contains__, self.query))  # in the query's order, then by weight
        # a word's forms (search, searches, Search) are terms of one surface: said once
        return list(dict.fromkeys(self.surface[t] for t in sorted(held, key=lambda t: -self.query[t])))


class ClauseSpecificity:
    """How specific a word is to one clause of the spec: 1 for a word of one clause, near
    0 for a word every clause of a long spec uses (log(1 + N/df) / log(1 + N))."""

    def __init__(self, texts: list[str]) -> None:
        self.n = max(len(texts), 2)
        self.df: dict[str, int] = {}
        for t in texts:
            for term in {q for q, _s, _w, _d in clause_terms(t)}:
                self.df[term] = self.df.get(term, 0) + 1

        self._of: dict[str, float] = {}

    def __call__(self, term: str) -> float:
        got = self._of.get(term)
        if got is None:  # every clause asks again for the words it shares with others
            df = self.df.get(term, 1)
            got = self._of[term] = math.log(1 + self.n / df) / math.log(1 + self.n) if df > 1 else 1.0
        return got


def held(weight: float) -> float:
    """How much of a word a unit holds, from the word's weight in it: a word of its name
    or header (1.5 and up) fully, of its body (1.0) two thirds."""
    return min(1.0, weight / 1.5)


class UnitTerms:
    """The units' terms: document frequencies (idf), units by name word and by number, and
    per file, term -> the file's units holding it (built on first use: a clause only
    reads the files that rank for it)."""

    def __init__(self, index: UnitIndex) -> None:
        self.index = index
        self.df: Counter[str] = Counter()
        self.names: dict[str, list[int]] = {}  # term -> uids of the units whose name holds it
        self.numbers: dict[str, int] = {}
        self.by_number: dict[str, list[Unit]] = {}
        self._in_file: dict[str, dict[str, list[tuple[Unit, float]]]] = {}
        self._postings: dict[str, list[Unit]] = {}
        self._idf: dict[str, float] = {}
        self._name_mass: dict[int, float] = {}
        self.held = _Computed(held)  # a term's weight in a unit -> ``held`` of it (a unit's weights take 3 values)
        self._literals: dict[Literal, Literal] = {}
        self._literal_weight: dict[int, float] = {}  # id of a literal of ``_literals`` -> its weight
        self._literal_units: dict[int, list[Unit]] = {}  # and the units that may hold it
        df = self.df
        for u in index.units:
            df.update(u.terms.keys())  # counted in C
            for t in u.name_terms:
                self.names.setdefault(t, []).append(u.uid)
            for v in {n for n, _ln in u.numbers}:
                self.numbers[v] = self.numbers.get(v, 0) + 1
                self.by_number.setdefault(v, []).append(u)
        self.n = max(len(index.units), 1)

    def in_file(self, path: str) -> dict[str, list[tuple[Unit, float]]]:
        """Term -> the file's units holding it, each with how much of the word it holds
        (``held``: a word of its name or header fully, of its body 2/3)."""
        here = self._in_file.get(path)
        if here is None:
            here = self._in_file[path] = {}
            for u in self.index.by_path.get(path, ()):
                for t, w in u.terms.items():
                    here.setdefault(t, []).append((u, self.held[w]))
        return here

    def holding(self, term: str) -> list[Unit]:
        """The units holding ``term``, in index order."""
        got = self._postings.get(term)
        if got is None:
            got = self._postings[term] = [u for u in self.index.units if term in u.terms] if term in self.df else []
        return got

    def literal(self, lit: Literal) -> Literal:
        """One object for equal literals of several clauses (``literals.match`` keeps a
        unit's hits by the literal's identity)."""
        return self._literals.setdefault(lit, lit)

    def literal_weight(self, lit: Literal) -> float:
        """What a literal's hit weighs: a string 1, a number less the more units hold it."""
        got = self._literal_weight.get(id(lit))  # ``lit`` is one of ``literal``'s objects: they live on
        if got is None:
            got = self._literal_weight[id(lit)] = 1.0 if lit.kind == "string" else max(map(self.number_weight, lit.values))
        return got

    def literal_units(self, lit: Literal) -> list[Unit]:
        """Units that may hold a literal: its number, or every word of its text (a cheap
        filter; ``match`` decides). ``lit`` is one of ``literal``'s objects: clauses that
        share it share the list."""
        got = self._literal_units.get(id(lit))
        if got is None:
            got = self._literal_units[id(lit)] = self._may_hold(lit)
        return got

    def _may_hold(self, lit: Literal) -> list[Unit]:
        if lit.kind == "number":
            return [u for v in lit.values for u in self.by_number.get(v, ())]
        words = [t for w in next(iter(lit.values)).split() for t in word_terms(w)]
        if not words:
            return []
        rare = min(words, key=lambda t: self.df.get(t, 0))
        return [u for u in self.holding(rare) if all(t in u.terms for t in words)]

    def name_mass(self, uid: int) -> float:
        """The idf mass of a unit's name words (phrases aside), once per unit; summed in
        sorted order, so it is the same whatever the hash seed."""
        got = self._name_mass.get(uid)
        if got is None:
            words = sorted(t for t in self.index.units[uid].name_terms if " " not in t)
            got = self._name_mass[uid] = sum(self.idf(t) for t in words) or 1.0
        return got

    def idf(self, term: str) -> float:
        got = self._idf.get(term)
        if got is None:
            got = self._idf[term] = self.idf_of(self.df.get(term, 0))
        return got

    def idf_of(self, df: int) -> float:
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def number_weight(self, value: str) -> float:
        df = self.numbers.get(value, 1)
        return max(0.1, 1 - math.log(df) / math.log(self.n + 1))


class _Computed(dict):
    """A key -> ``fn(key)``, computed on first lookup (later lookups run in C)."""

    def __init__(self, fn) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key):
        got = self[key] = self.fn(key)
        return got


def plan_clause(key: str, kind: str, order: int, parent: str | None, body: str, items: dict[str, list[Item]],
                file_scores: dict[str, float], role_of, terms: UnitTerms, specificity: ClauseSpecificity,
                use_text: bool) -> ClausePlan:
    """The candidates for one clause with their features."""
    index = terms.index
    q, surface, absent, unheld = _query(body, terms, specificity) if use_text else ({}, {}, 0.0, 0.0)
    literals = [terms.literal(lit) for lit in clause_literals(body)] if use_text else []
    strings = [lit for lit in literals if lit.kind == "string"]
    total = (sum(q.values()) + absent + unheld) or 1.0
    names = _name_scores(q, total, terms, specificity)
    best_files = sorted(file_scores, key=lambda p: (-file_scores[p], p))[:FILES_CONSIDERED]
    top = max(file_scores.values(), default=0.0) or 1.0
    # Only these units are scored: those of the best files, those the clause names, those
    # holding its explicit evidence or its literals (the rest could not rank anyway).
    pool: dict[int, Unit] = {}
    cover: dict[int, float] = {}  # the weight of the clause's terms each unit of the best files holds
    for path in best_files:
        here = terms.in_file(path)
        for t, w in q.items():  # summed in q's order, as for any other unit below
            for u, h in here.get(t, ()):
                uid = u.uid
                c = cover.get(uid)
                if c is None:
                    pool[uid] = u
                    cover[uid] = w * h
                else:
                    cover[uid] = c + w * h
    for uid in names:
        pool.setdefault(uid, index.units[uid])
    unit_items: dict[int, list[Item]] = {}  # unit -> the items whose lines fall in it (innermost), in order
    for path, its in items.items():
        for it in its:
            seen: set[int] = set()
            for no in it.lines:
                holder = index.unit_at(path, no)
                if holder is not None:
                    pool.setdefault(holder.uid, holder)
                    if holder.uid not in seen:
                        seen.add(holder.uid)
                        unit_items.setdefault(holder.uid, []).append(it)
    may_hold: set[int] = set()  # units that may hold one of the clause's literals
    for lit in literals:
        for u in terms.literal_units(lit):
            pool.setdefault(u.uid, u)
            may_hold.add(u.uid)
    special = may_hold.union(unit_items)  # the few units with more than words and a name to weigh
    candidates: list[Candidate] = []
    files = _Computed(lambda path: (role_of(path), file_scores.get(path, 0.0) / top))  # path -> (role, file prior)
    held_of = terms.held.__getitem__
    weight_of = q.__getitem__
    for uid, u in pool.items():
        cov = cover.get(uid)
        if cov is None:
            ut = u.terms
            g = list(filter(ut.__contains__, q))  # in q's order, as above (the lookups run in C)
            cov = sum(map(mul, map(weight_of, g), map(held_of, map(ut.__getitem__, g))))
        cov /= total
        name = names.get(uid, 0.0)
        if uid in special:
            mine = unit_items.get(uid, ())
            # A bare number counts only where the unit also shares a word with the clause.
            hits = literal_hits(u, literals if cov > 0 else strings) if uid in may_hold else ()
            if not (cov > 0 or name > 0 or mine or hits):
                continue
            explicit, inherited = _explicit(mine)
            literal = min(MAX_LITERAL, sum([h.quality * terms.literal_weight(h.literal) for h in hits])) if hits else 0.0
        elif cov > 0 or name > 0:
            mine = hits = ()
            explicit = inherited = literal = 0.0
        else:
            continue
        role, prior = files[u.path]
        # ``mine`` is this clause's own list: the candidate keeps it.
        candidates.append(Candidate(u, role, prior, explicit, inherited, cov, name, literal, mine, hits, True))
    for path in best_files:  # a file ranked for the clause keeps a proposal even without a unit signal
        if path not in files:
            units = index.by_path.get(path, ())
            biggest = max(units, key=lambda u: (len(u.lines), -u.first), default=None)
            if biggest is not None:
                candidates.append(Candidate(biggest, role_of(path), file_prior=file_scores.get(path, 0.0) / top))
    own = any(not it.inherited or it.from_child for its in items.values() for it in its)
    return ClausePlan(key, kind, order, parent, candidates, own, items, q, literals, surface,
                      total / ((total - unheld) or total))


def literal_hits(u: Unit, wanted: list[Literal]) -> list[LiteralHit]:
    """The literals of ``wanted`` a unit holds (its literals prepared on first need)."""
    if not wanted:
        return []
    if u.literals is None:
        u.literals = UnitLiterals(u.strings, u.numbers)
    return match(wanted, u.literals)


def _explicit(items: Sequence[Item]) -> tuple[float, float]:
    """The weight of a unit's own explicit evidence and of its inherited evidence."""
    explicit = inherited = 0.0
    for it in items:
        if it.inherited:
            inherited += it.weight
        else:
            explicit += it.weight
    return explicit, inherited


def _query(body: str, terms: UnitTerms, specificity: ClauseSpecificity) -> tuple[dict[str, float], dict[str, str],
                                                                                float, float]:
    """The clause's terms some unit holds, each weighed by idf and specificity, with the
    clause's own word for each, and the weight of the words no unit holds (they still
    count in what a unit could cover): words, and apart CJK bigrams, most of which straddle
    two words ("条独" of "一条独立的"), so that none of the change holds one says little."""
    q: dict[str, float] = {}
    surface: dict[str, str] = {}
    absent = unheld = 0.0
    rare = terms.idf_of(1)  # a word no unit holds weighs like the rarest word one does
    for term, surf, weight, derived in clause_terms(body):
        if term in terms.df:
            w = weight * terms.idf(term) * specificity(term)
            if w > 0:
                q[term] = max(q.get(term, 0.0), w)
                surface.setdefault(term, surf)
        elif " " not in term and not derived:
            if cjk_bigram(term):
                unheld += weight * rare * specificity(term)
            else:
                absent += weight * rare * specificity(term)
    return q, surface, absent, unheld


def _name_scores(q: dict[str, float], total: float, terms: UnitTerms,
                 specificity: ClauseSpecificity) -> dict[int, float]:
    """Units whose name holds a clause's term: how much of the name the clause explains,
    times how much of the clause the name holds. "exponential backoff" and
    calculate_backoff score well, a clause and a one-word name it happens to use ("data")
    do not."""
    # What each clause word explains of a name; a phrase explains nothing more than its
    # words: 0.0, which leaves a sum of these non-negative weights as it was.
    explains = {t: terms.idf(t) * specificity(t) if " " not in t else 0.0 for t in q}
    # How many of the clause's terms each unit's name holds, counted in C from the name index
    # (``names[t]`` holds a unit once if ``t`` is in its name): no name is scanned for the
    # clause's words. The units come in order of first appearance, as they join the pool.
    index = terms.names
    count = Counter(chain.from_iterable(map(index.get, q, repeat(()))))
    names = dict.fromkeys(count, 0.0)
    mass = terms.name_mass
    # Most names hold one of the clause's terms: what it explains of the name times the
    # root of its share of the clause (a sum of one weight is that weight).
    for term, w in q.items():
        e, root = explains[term], min(1.0, w / total) ** 0.5
        names.update({uid: e / mass(uid) * root for uid in index.get(term, ()) if count[uid] == 1})
    units = terms.index.units
    for uid in [uid for uid, n in count.items() if n > 1]:  # the others: summed in the name's sorted order
        got = sorted(filter(units[uid].name_terms.__contains__, q))
        explained = sum(map(explains.__getitem__, got)) / mass(uid)
        share = sum(map(q.__getitem__, got)) / total
        names[uid] = explained * min(1.0, share) ** 0.5
    return names
