"""A clause's terms for ranking, and a file's rank by text: BM25 over the changed files.

One document per file (its added lines plus its path's words, which count double: a
file's name states its purpose) keeps one file's 30 small hunks from crowding out the
list. Terms come from ``terms`` (identifiers split, light stemming, CJK bigrams).
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.common_words_zh import WORDS as COMMON_ZH
from specaudit.core.evidence.glossary import english_for
from specaudit.core.evidence.paths import is_drawing
from specaudit.core.evidence.terms import (
    cjk_bigram,
    japanese,
    phrase_bigrams,
    query_terms,
    stem,
    word_terms,
)
from specaudit.core.evidence.tokens import DERIVED, all_terms, digest, term_counts
from specaudit.core.scripts import JA_ZH
from specaudit.settings import LIMITS

K1 = 1.2
B = 0.75
PATH_REPEAT = 2  # a path word counts as this many occurrences


# Words of requirement prose that say what kind of sentence it is, not what it is about
# ("the system MUST allow users to handle..."): a fifth of their weight.
GENERIC = frozenset(stem(w) for w in ["system", "systems", "user", "users", "allow", "allows", "allowed", "able", "ability", "provide", "provides", "provided", "support", "supports", "supported", "ensure", "ensures", "enable", "enables", "handle", "handles", "handled", "manage", "manages", "perform", "performs", "application", "app", "feature", "features", "functionality", "capability", "capabilities", "requirement", "requirements", "shall", "must", "should", "given", "when", "then", "need", "needs", "want", "wants", "appropriate", "appropriately", "properly", "correct", "correctly", "clearly", "successfully", "specific", "relevant", "available", "current", "efficient", "efficiently", "always", "automatically", "immediately", "exactly", "indicate", "indicates"])
GENERIC_WEIGHT = 0.2
# The same kind of words in Japanese and Chinese requirement prose ("システムは...する").
GENERIC_CJK = ("システム", "ユーザー", "ユーザ", "系统", "用户", "機能", "功能")
# And in Chinese prose, any of ``COMMON_ZH``, the commonest words of written Chinese (以及,
# 通过, 内容): the change's own word counts cannot tell, since code holds so little Chinese
# that a word as common as 以及 is rare there.


def _script(ch: str) -> str:
    o = ord(ch)
    if 0x3040 <= o <= 0x309F:
        return "hiragana"
    if 0x30A0 <= o <= 0x30FF or 0xFF66 <= o <= 0xFF9F:
        return "katakana"
    return "other"


# What requirement prose says and what code calls it: a clause's "add" meets a function
# named create_todo, "mark as complete" meets toggleTodo. One group per line.
SYNONYMS = [frozenset(stem(w) for w in line.split()) for line in """
    add create insert new post submit register record
    delete remove destroy erase discard
    update edit modify change toggle mark patch
    display show render view
    persist save store storage database
    validate validation check verify
    search find filter query lookup
    send email mail notify notification
    import upload
    export download
    sort order
    count total stats statistics summary
    error fail failure exception invalid
    login signin authenticate
    logout signout
    """.strip().splitlines()]
SYNONYM_WEIGHT = 0.6
GLOSSARY_WEIGHT = 1.0
KATAKANA_PART_WEIGHT = 0.3
_SYNONYMS_OF = {w: group - {w} for group in SYNONYMS for w in group}


@lru_cache(maxsize=4096)  # a clause's body is read by the file rank, its plan and the spec's word counts
def clause_terms(text: str) -> tuple[tuple[str, str, float, bool], ...]:
    """``terms.query_terms`` for ranking: generic requirement words (and the commonest words
    of written Chinese) weigh a fifth, and a CJK bigram that straddles two words is
    dropped: its two characters are of different scripts ("を入", "いタ", "ク入"), or they
    fall in two of the clause's phrases ("行的" of 运行 / 的, ``phrase_bigrams``). The last
    field is True for words the clause does not say itself (synonyms, the glossary's
    English): their absence from the code says nothing."""
    out = []
    raw = query_terms(text)
    katakana_words = [t for t, _s, _w in raw if len(t) > 2 and all(_script(ch) == "katakana" for ch in t)]
    inside = phrase_bigrams(text) if JA_ZH.search(text) else None  # Japanese or Chinese (not Hangul)
    chinese = inside is not None and not japanese(text)  # Japanese kanji words are another language's
    for term, surface, weight in raw:
        if ord(term[0]) >= 0x3040 and (any(term in g or g in term for g in GENERIC_CJK)
                                       or chinese and term in COMMON_ZH):
            weight *= GENERIC_WEIGHT
        if cjk_bigram(term):
            if _script(term[0]) != _script(term[1]):
                continue
            if inside is not None and term not in inside and JA_ZH.match(term):
                continue
            if _script(term[0]) == "katakana" and any(term in w for w in katakana_words):
                weight *= KATAKANA_PART_WEIGHT  # "ング" of "フィルタリング" says little alone
        words = term.split()
        if words and all(w in GENERIC for w in words):
            weight *= GENERIC_WEIGHT
        out.append((term, surface, weight, False))
    have = {t for t, _s, _w, _d in out}
    if JA_ZH.search(text):  # Japanese / Chinese prose meets English code through the glossary
        for english, cjk in english_for(text):
            for t in word_terms(english):
                if t not in have:
                    have.add(t)
                    out.append((t, cjk, GLOSSARY_WEIGHT * (GENERIC_WEIGHT if t in GENERIC else 1.0), True))
    for term, surface, weight, _derived in list(out):
        for other in sorted(_SYNONYMS_OF.get(term, ())):
            if other not in have:
                have.add(other)
                out.append((other, surface, weight * SYNONYM_WEIGHT, True))
    return tuple(out)


class TextIndex:
    """BM25 over the changed files, one document per file."""

    def __init__(self, change: ChangeIndex) -> None:
        self.tf: dict[str, Counter] = {}
        self.df: Counter = Counter()
        max_chars = LIMITS.evidence_max_file_chars
        keys = {path: digest("tf", fl.key(), max_chars, PATH_REPEAT) for path, fl in change.files.items()}
        file_of = {key: (path, change.files[path]) for path, key in keys.items()}

        def counts(key: bytes) -> dict[str, int]:
            path, fl = file_of[key]
            c = term_counts(fl.said())  # to-do notes say what the change does not do
            if is_drawing(path):  # coordinates, not numbers a clause asks for
                c = Counter({t: n for t, n in c.items() if not t.isdigit()})
            for t in all_terms(path.replace("/", " ")):
                c[t] += PATH_REPEAT
            return dict(c)

        held = DERIVED.fetch_all(list(keys.values()), counts)
        for path, key in keys.items():
            c = Counter(held[key])
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

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def query(self, text: str) -> dict[str, float]:
        """Query term -> weight (idf times the clause's own emphasis)."""
        q: dict[str, float] = {}
        for term, _surface, weight, _derived in clause_terms(text):
            if term in self.df:
                q[term] = max(q.get(term, 0.0), weight * self.idf(term))
        return q

    def scores(self, q: dict[str, float]) -> dict[str, float]:
        out: dict[str, float] = {}
        norm = self._norm
        k1 = K1 + 1
        for term, w in q.items():
            for path, f in self.postings.get(term, {}).items():
                out[path] = out.get(path, 0.0) + w * f * k1 / (f + norm[path])
        return out
