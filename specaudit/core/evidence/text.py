"""Text similarity, the fallback: BM25 over the changed files, one document per file.

One document per file (its added lines plus its path's words, which count double: a
file's name states its purpose) keeps one file's 30 small hunks from crowding out the
list; the proposal then points at the densest cluster of matching lines inside it.
Terms come from ``terms`` (identifiers split, light stemming, CJK bigrams).

bm25s and PyStemmer were measured against this index on the corpus and left out; see
docs/evidence.md ("Text similarity").
"""

from __future__ import annotations

import math
import re
from collections import Counter

from specaudit.core.evidence.change import ChangeIndex, FileLines
from specaudit.core.evidence.terms import code_words, query_terms, word_terms
from specaudit.settings import LIMITS

_CJK_BIGRAM = re.compile(r"[^\x00-\u2fff]{2}")
_HAS_HIRAGANA = re.compile(r"[\u3040-\u309f]")
K1 = 1.2
B = 0.75
PATH_REPEAT = 2  # a path word counts as this many occurrences
CLUSTER_GAP = 3  # matching lines at most this far apart form one span


class TextIndex:
    def __init__(self, change: ChangeIndex) -> None:
        self._files = change.files
        self._memo: dict[str, tuple[str, ...]] = {}
        self._line_terms: dict[str, dict[str, list[int]]] = {}
        self.surface: dict[str, str] = {}  # term -> a clause's own word for it, for display
        self.tf: dict[str, Counter] = {}
        self.df: Counter = Counter()
        max_chars = LIMITS.evidence_max_file_chars
        self._max_chars = max_chars
        for path, fl in change.files.items():
            # One tokenising pass over the whole file; lines are split only for the few
            # files whose best lines a proposal needs (``best_lines``).
            text = "\n".join(t for _no, t in fl.lines)[:max_chars]
            c = Counter(self._terms(text))
            for t in self._terms(path.replace("/", " ")):
                c[t] += PATH_REPEAT
            self.tf[path] = c
            self.df.update(c.keys())
        self.n = len(self.tf)
        self.postings: dict[str, dict[str, int]] = {}
        for path, c in self.tf.items():
            for t, f in c.items():
                self.postings.setdefault(t, {})[path] = f
        lengths = {p: sum(c.values()) for p, c in self.tf.items()}
        avg = sum(lengths.values()) / self.n if self.n else 1.0
        self._norm = {p: K1 * (1 - B + B * n / (avg or 1.0)) for p, n in lengths.items()}

    def _terms(self, text: str) -> list[str]:
        out: list[str] = []
        memo = self._memo
        for w in code_words(text):
            ts = memo.get(w)
            if ts is None:
                ts = memo[w] = word_terms(w)
            out += ts
        return out

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def query(self, text: str) -> dict[str, float]:
        """Query term -> weight (idf times the clause's own emphasis)."""
        q: dict[str, float] = {}
        for term, surface, weight in query_terms(text):
            if term in self.df:
                q[term] = max(q.get(term, 0.0), weight * self.idf(term))
                self.surface.setdefault(term, surface)
        return q

    def scores(self, q: dict[str, float]) -> dict[str, float]:
        out: dict[str, float] = {}
        norm = self._norm
        for term, w in q.items():
            for path, f in self.postings.get(term, {}).items():
                out[path] = out.get(path, 0.0) + w * f * (K1 + 1) / (f + norm[path])
        return out

    def shared(self, path: str, q: dict[str, float], limit: int = 4) -> list[str]:
        c = self.tf.get(path)
        hits = sorted((t for t in q if c is not None and t in c), key=lambda t: -q[t])
        # A phrase ("local storag") already shows its words; a CJK bigram inside a shown
        # word ("テー" in "テーマ") or one half kana particle ("を追") says nothing more.
        shown: list[str] = []
        for t in hits:
            if any(t in s.split() for s in shown if " " in s):
                continue
            if _CJK_BIGRAM.fullmatch(t) and (any(t in h for h in hits if h != t) or _HAS_HIRAGANA.search(t)):
                continue
            shown.append(t)
        return [self.surface.get(t, t) for t in shown[:limit]]

    def best_lines(self, fl: FileLines, q: dict[str, float], within: tuple[int, int] | None = None) -> list[int]:
        """The densest cluster (at most ``evidence_max_span_lines`` long) of lines sharing
        terms with the query, inside lines ``within`` when given."""
        where = self._line_terms.get(fl.path)
        if where is None:  # term -> the lines holding it, built once per file
            where = self._line_terms[fl.path] = {}
            used = 0
            for no, text in fl.lines:
                used += len(text) + 1
                if used > self._max_chars:
                    break
                for t in set(self._terms(text)):
                    where.setdefault(t, []).append(no)
        acc: dict[int, float] = {}
        for t, w in q.items():
            for no in where.get(t, ()):
                acc[no] = acc.get(no, 0.0) + w
        scored = sorted(acc.items())
        if within is not None:
            scored = [(no, v) for no, v in scored if within[0] <= no <= within[1]]
        best: list[int] = []
        best_s = 0.0
        cur: list[int] = []
        cur_s = 0.0
        last = None
        span = LIMITS.evidence_max_span_lines
        for no, s in scored:
            if last is not None and (no - last > CLUSTER_GAP or no - cur[0] >= span):
                if cur_s > best_s:
                    best, best_s = cur, cur_s
                cur, cur_s = [], 0.0
            cur.append(no)
            cur_s += s
            last = no
        if cur_s > best_s:
            best = cur
        return best
