"""Link suggestions: rank the hunks most likely to implement a clause.

An inverted index over the hunks of one change set, weighted with BM25 (k1=1.2,
b=0.75; Lucene's non-negative idf), is built once; each clause is a query of its terms
(see ``suggest_text``: identifiers split, stemmed, phrase terms). A suggestion carries the
clause's own words that matched, strongest first, so the reviewer sees why it ranks.

Speed (1,000 clauses x 20,000 hunks in about 0.8 s on a quiet 2-core machine; see
benchmarks/bench_suggest.py and docs/performance.md): building only inverts raw words;
a term's weights are computed the first time a query needs it. Every term keeps only its
``LIMITS.suggest_postings_per_term`` highest-weighted hunks (champion lists, Manning et
al., IR book 7.1.3), and a term in over half the hunks of a big change is dropped
(classic BM25 weighs it zero or less); the benchmark measures how far this strays from
exact BM25. Hunk text beyond ``LIMITS.suggest_max_hunk_chars`` is not indexed (vendored
or generated blobs). ``suggest`` may run on a worker thread: the only shared state it
writes is the memo of weighted postings, and a race there computes the same value twice.

rapidfuzz was measured and is left out. Expanding each clause word the index lacks to
its closest indexed term (``process.extractOne``, ``fuzz.ratio`` >= 85) found, on the
demo, one match, "long" -> "log", which is wrong (at >= 75 also "caller" -> "call",
"happen" -> "append"); on the synthetic benchmark, expansion plus the re-run queries
took 0.71 s of CPU for 1,000 clauses, left P@5 unchanged (0.954) and matched
"ask" -> "task" and "stat" -> "sat".
Stemming and identifier splitting already make the matches that help
(``benchmarks/bench_suggest.py --rapidfuzz``; docs/performance.md, "Link suggestions").
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict, deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import add, itemgetter, truediv

from specaudit.core.suggest_text import code_words, query_terms, word_terms
from specaudit.settings import LIMITS

K1 = 1.2
B = 0.75
# A file's path states its purpose ("cache.py"): its words form a field of their own
# (``PATH_FIELD`` + term, BM25F style), weighted ``PATH_BOOST``, so a clause word naming
# the file adds a second, unsaturated match on top of the word's mentions in the code.
PATH_FIELD = "@"
PATH_BOOST = 1.5
MAX_DF_FRACTION = 0.5
MIN_DOCS_FOR_DF_CUT = 100  # a small change keeps every term: weak matches beat none


@dataclass(frozen=True)
class HunkDoc:
    """One searchable piece of the change: ``first..last`` (1-based, inclusive) on ``side``."""

    id: str
    path: str
    side: str
    first: int
    last: int
    text: str


@dataclass(frozen=True)
class Suggestion:
    hunk_id: str
    score: float
    terms: tuple[str, ...]  # the clause's words shared with the hunk, strongest first


class SuggestionIndex:
    """BM25 inverted index over hunks; queries are clause texts.

    Building only inverts raw words (word -> the docs it occurs in, one entry per
    occurrence) with C-level list appends, and maps each distinct word to its terms.
    A term's weighted, capped posting list is made the first time a query asks for it:
    a review queries a few thousand of the hundreds of thousands of terms a big change
    holds.
    """

    def __init__(self, hunks: Iterable[HunkDoc], *, postings_cap: int | None = None) -> None:
        self._cap = postings_cap or LIMITS.suggest_postings_per_term
        max_chars = LIMITS.suggest_max_hunk_chars
        self._ids: list[str] = []
        self._lengths: list[int] = []  # words per hunk, BM25's document length
        occurrences: defaultdict[str, list[int]] = defaultdict(list)  # raw word -> docs
        slot, add_id, add_length = occurrences.__getitem__, self._ids.append, self._lengths.append
        path_words: dict[str, list[str]] = {}
        for i, doc in enumerate(hunks):
            add_id(doc.id)
            text = doc.text if len(doc.text) <= max_chars else doc.text[:max_chars]
            words = code_words(text)
            add_length(len(words))
            pw = path_words.get(doc.path)
            if pw is None:
                pw = path_words[doc.path] = list(dict.fromkeys(PATH_FIELD + w for w in code_words(doc.path)))
            # One entry per occurrence (the term frequency), appended by C-level map().
            deque(map(list.append, map(slot, chain(words, pw)), repeat(i)), maxlen=0)
        self._occurrences = dict(occurrences)
        self._sources: dict[str, list[str]] = {}  # term -> the raw words that yield it
        for word in self._occurrences:
            if word.startswith(PATH_FIELD):
                terms: Iterable[str] = (PATH_FIELD + t for t in word_terms(word[1:]))
            else:
                terms = word_terms(word)
            for t in terms:
                src = self._sources.get(t)
                if src is None:
                    self._sources[t] = [word]
                else:
                    src.append(word)
        n = len(self._lengths)
        avg = sum(self._lengths) / n if n else 0.0
        self._norm = [K1 * (1 - B + B * length / avg) if avg else K1 for length in self._lengths]
        self._pos = {hid: i for i, hid in enumerate(self._ids)}
        self._postings: dict[str, dict[int, float]] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def suggest(self, clause_text: str, limit: int = 10, exclude: Collection[str] = ()) -> list[Suggestion]:
        """The ``limit`` best hunks for a clause, best first; ``exclude`` names hunk ids to skip."""
        skip = {self._pos[h] for h in exclude if h in self._pos}
        return self._query(query_terms(clause_text), limit, skip)

    def suggest_all(self, clauses: Mapping[str, str], limit: int = 5) -> dict[str, list[Suggestion]]:
        """Suggestions for every clause: clause key -> its ``limit`` best hunks."""
        return {key: self._query(query_terms(text), limit, set()) for key, text in clauses.items()}

    def _posting(self, term: str) -> dict[int, float] | None:
        """doc -> BM25 weight of ``term``, its ``cap`` best docs only (memoised)."""
        posting = self._postings.get(term)
        if posting is None:
            sources = self._sources.get(term)
            if sources is None:
                return None
            occ = self._occurrences
            docs = occ[sources[0]] if len(sources) == 1 else chain.from_iterable(map(occ.__getitem__, sources))
            tf = Counter(docs)
            n = len(self._ids)
            df = len(tf)
            if df > n * MAX_DF_FRACTION and n >= MIN_DOCS_FOR_DF_CUT:
                # In over half the hunks of a big change: classic BM25 gives it a weight
                # of zero or less, and it would cost more than all the rare terms together.
                self._postings[term] = posting = {}
                return posting
            top = math.log(1 + (n - df + 0.5) / (df + 0.5)) * (K1 + 1)
            if term.startswith(PATH_FIELD):
                top *= PATH_BOOST
            # w = top * c / (c + norm[d]), computed with C-level maps (no bytecode per doc).
            ds, cs = list(tf.keys()), list(tf.values())
            dens = map(add, cs, map(self._norm.__getitem__, ds))
            ws = list(map(top.__mul__, map(truediv, cs, dens)))
            if df > self._cap:
                # Keep the weights at or above the cap-th largest (ties may add a few).
                floor = sorted(ws, reverse=True)[self._cap - 1]
                keep = list(map(floor.__le__, ws))
                ws, ds = list(compress(ws, keep)), list(compress(ds, keep))
            posting = self._postings[term] = dict(zip(ds, ws, strict=True))
        return posting

    def _scaled(self, term: str, q: float) -> dict[int, float] | None:
        """``_posting(term)`` with every weight times ``q`` (memoised; q is 1 or the lead weight)."""
        if q == 1.0:
            return self._posting(term)
        key = f"{term}\0{q}"
        posting = self._postings.get(key)
        if posting is None:
            base = self._posting(term)
            if base is None:
                return None
            posting = self._postings[key] = {d: w * q for d, w in base.items()}
        return posting

    def _query(self, terms: list[tuple[str, str, float]], limit: int, skip: set[int]) -> list[Suggestion]:
        if limit <= 0 or not self._ids:
            return []
        matched = []
        for t, surface, q in terms:
            for key in (t, PATH_FIELD + t):
                posting = self._scaled(key, q)
                if posting:
                    matched.append((posting, surface))
        # Sum the postings with C-level dict updates; only the docs already seen (those
        # sharing several terms with the clause, a small minority) are added in Python.
        acc: dict[int, float] = {}
        for posting, _surface in matched:
            both = acc.keys() & posting.keys()
            if both:
                sums = {d: acc[d] + posting[d] for d in both}
                acc.update(posting)
                acc.update(sums)
            else:
                acc.update(posting)
        floor = LIMITS.suggest_min_score
        # Ties keep index order (nlargest is stable), so results are deterministic.
        best = heapq.nlargest(limit + len(skip), acc.items(), key=itemgetter(1))
        return [Suggestion(self._ids[d], score, _explain(matched, d))
                for d, score in best if d not in skip and score >= floor][:limit]


def _explain(matched: list[tuple[dict[int, float], str]], doc: int) -> tuple[str, ...]:
    """The clause words shared with ``doc``, strongest first; a word already shown inside a
    shared phrase ("idempotency key") is not repeated on its own."""
    shared = sorted(((p[doc], s) for p, s in matched if doc in p), key=itemgetter(0), reverse=True)
    shown: list[str] = []
    in_phrases: set[str] = set()
    for _w, surface in shared:
        if " " in surface:
            in_phrases.update(surface.split())
    for _w, surface in shared:
        if (" " in surface or surface not in in_phrases) and surface not in shown:
            shown.append(surface)
    return tuple(shown)


def hunk_docs_from_changeset(changeset) -> list[HunkDoc]:
    """One HunkDoc per hunk of a ``core.diff.ChangeSet``: its added lines on the new side,
    or, for a hunk that only deletes, its removed lines on the old side."""
    docs: list[HunkDoc] = []
    for fd in changeset.files:
        if fd.binary:
            continue
        for hunk in fd.hunks:
            added = [(ln.new_no, ln.text) for ln in hunk.lines if ln.kind == "+"]
            side = "new"
            if not added:
                added = [(ln.old_no, ln.text) for ln in hunk.lines if ln.kind == "-"]
                side = "old"
            if not added:
                continue
            first, last = added[0][0], added[-1][0]
            text = "\n".join(t for _n, t in added)
            docs.append(HunkDoc(f"{fd.path}:{side}:{first}-{last}", fd.path, side, first, last, text))
    return docs
