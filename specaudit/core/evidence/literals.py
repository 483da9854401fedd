"""Numbers and quoted strings in a clause, found as literals in the code.

"at most 500 characters", "a 5 seconds timeout", an error message in quotes: where the
same literal sits in a unit of the change, that unit is strong evidence. A number may
appear converted ("5 seconds" is 5 or 5000 in code); a quoted message may be reworded a
little ("Todo must be 500 characters or less" against "Todo description must be 500
characters or less" still matches, with less weight).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from specaudit.core.scripts import JA_ZH

_QUOTED = re.compile(r'"([^"\n]{2,200})"|\u201c([^\u201d\n]{2,200})\u201d|\u300c([^\u300d\n]{1,200})\u300d'
                     r"|\u300e([^\u300f\n]{1,200})\u300f|(?<![\w'])'([^'\n]{2,200})'(?![\w'])")
_NUMBER = re.compile(
    r"(?<![\w.\-/#])(\d{1,7}(?:[.,]\d+)?)\s*(%|ms\b|milliseconds?\b|s\b|secs?\b|seconds?\b|minutes?\b|mins?\b"
    r"|hours?\b|hrs?\b|days?\b|characters?\b|chars?\b|px\b|kb\b|mb\b|gb\b|秒|分|時間|日|文字)?", re.I)
# Code a clause quotes in backticks (`strftime('%d', date)`, `Duration::from_secs(5)`): a
# fragment of two words or more, found verbatim in a string literal of the unit (an SQL
# query, a template). A lone name (`RefundLedger`) is the identifier source's.
_BACKTICKED = re.compile(r"`([^`\n]{3,200})`")
_RANGE = re.compile(r"(\d)\s*[-–~〜]\s*(\d)")
# An enumeration's marker ("1. Header ... 2. Scroll ... 3. Input", "2) ..."): a position in
# the clause's own list, not a number the code would hold.
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s(（:：]))\d{1,2}[.)、](?=\s)", re.M)
_CODE_NUMBER = re.compile(r"(?<![\w.])\d[\d_]*(?:\.\d+)?(?![\w.])")
_WORD = re.compile(r"\w+")
_SCALE = {"ms": (0.001, 1), "millisecond": (0.001, 1), "s": (1, 1000), "sec": (1, 1000), "second": (1, 1000),
          "秒": (1, 1000), "minute": (60, 60_000), "min": (60, 60_000), "分": (60, 60_000),
          "hour": (3600, 3_600_000), "hr": (3600, 3_600_000), "時間": (3600, 3_600_000),
          "day": (86_400, 86_400_000), "日": (86_400, 86_400_000), "%": (0.01, 1)}
TRIVIAL_NUMBERS = frozenset({"0", "1"})


@dataclass(frozen=True)
class Literal:
    kind: str  # "string" or "number"
    text: str  # as the clause writes it
    values: frozenset[str]  # a string's normalised form; a number's canonical values


@dataclass(frozen=True)
class LiteralHit:
    literal: Literal
    line: int
    quality: float  # 1.0 exact; less for a reworded message


_NOT_PROSE = re.compile(r"[/\\{}<>=;_()\[\]#$@|]|://|\.\w")


def is_message(text: str) -> bool:
    """A quoted string that reads as a sentence a user sees ("Sync failed, retrying",
    "请先登录"), not a name, path or code ('kind chat', "/api/learn", "data-theme")."""
    if _NOT_PROSE.search(text) or "-" in text.replace(" - ", " "):
        return False
    return len(text.split()) >= 3 or len(JA_ZH.findall(text)) >= 6


def clause_literals(text: str) -> list[Literal]:
    """Quoted strings, then numbers outside them (0 and 1 say nothing)."""
    out: list[Literal] = []
    seen: set[str] = set()
    for m in _QUOTED.finditer(text):
        s = next(g for g in m.groups() if g is not None).strip()
        norm = _norm(s)
        if len(norm) >= 2 and norm not in seen:
            seen.add(norm)
            out.append(Literal("string", s, frozenset({norm})))
    for m in _BACKTICKED.finditer(text):
        norm = _norm(m.group(1))
        if len(norm.split()) >= 2 and norm not in seen:
            seen.add(norm)
            out.append(Literal("string", m.group(1).strip(), frozenset({norm})))
    rest = _RANGE.sub(r"\1 \2", _LIST_MARKER.sub(" ", _QUOTED.sub(" ", text)))  # "30-60 days": both ends
    for m in _NUMBER.finditer(rest):
        raw = m.group(1).replace(",", ".")
        value = canon(raw)
        if value is None or value in TRIVIAL_NUMBERS:
            continue
        unit = (m.group(2) or "").lower()
        if len(unit) > 2 and unit.endswith("s"):
            unit = unit[:-1]  # seconds -> second, mins -> min
        values = {value}
        scale = _SCALE.get(unit)
        if scale:
            for k in scale:
                values.add(canon(str(float(raw) * k)) or value)
        key = "n:" + value
        if key not in seen:
            seen.add(key)
            out.append(Literal("number", m.group(0).strip(), frozenset(values)))
    return out


def canon(raw: str) -> str | None:
    """A number's canonical text: 5, 5.0 and 5_000 / 5000 compare equal."""
    if len(raw) <= 15 and raw.isascii() and raw.isdigit() and (raw[0] != "0" or raw == "0"):
        return raw  # a plain integer, already canonical (a float holds 15 digits exactly): the common case
    try:
        f = float(raw.replace("_", ""))
    except ValueError:
        return None
    return str(int(f)) if f == int(f) else repr(round(f, 6))


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.lower()))


def code_numbers(text: str) -> list[str]:
    """Canonical numbers written in a line of code or markup (for units no parser read)."""
    return [v for v in (canon(m.group()) for m in _CODE_NUMBER.finditer(text)) if v is not None]


class UnitLiterals:
    """A unit's strings and numbers as ``match`` compares them, prepared once per unit
    (its strings on the first quoted literal: most clauses ask for numbers only), and
    what each literal found in it (clauses of a spec share literals)."""

    __slots__ = ("_raw", "_strings", "_lowered", "_starts", "words", "numbers", "found")

    def __init__(self, strings: list[tuple[str, int]], numbers: list[tuple[str, int]]) -> None:
        self._raw = strings
        self._strings: list[tuple[str, int]] | None = None
        self._lowered: str | None = None
        self._starts: list[int] = []
        self.words: list[set[str] | None] = []  # a string's words, on first need
        self.numbers: dict[str, tuple[int, int]] = {}  # canonical value -> (its first position, line)
        self.found: dict[int, tuple[Literal, LiteralHit | None]] = {}  # id(literal) -> it and its hit
        for i, (n, line) in enumerate(numbers):
            v = canon(n)
            if v is not None and v not in self.numbers:
                self.numbers[v] = (i, line)

    @property
    def strings(self) -> list[tuple[str, int]]:
        """Each string normalised (``_norm``), with its line."""
        if self._strings is None:
            self._strings = [(_norm(s), line) for s, line in self._raw]
            self.words = [None] * len(self._strings)
        return self._strings

    @property
    def lowered(self) -> str:
        """Every string lowercased, one a line."""
        if self._lowered is None:
            low = [s.lower() for s, _line in self._raw]
            at = 0
            for t in low:  # lowercasing may change a string's length ("İ")
                self._starts.append(at)
                at += len(t) + 1
            self._lowered = "\n".join(low)
        return self._lowered

    def one_a_line(self) -> bool:
        """No string holds a line break: each line of ``lowered`` is one string."""
        return self.lowered.count("\n") == max(len(self._raw) - 1, 0)

    def at(self, pos: int) -> int:
        """The string holding position ``pos`` of ``lowered``."""
        return bisect_right(self._starts, pos) - 1

    def normalised(self, i: int) -> str:
        return _norm(self._raw[i][0])

    def line(self, i: int) -> int:
        return self._raw[i][1]


def match(literals: list[Literal], unit: UnitLiterals) -> list[LiteralHit]:
    """The clause's literals found among a unit's string literals and numbers. Each
    literal's hit is kept in the unit by the literal's identity (hashing a Literal runs
    Python; the literal kept beside it keeps its id its own): pass the same objects for
    equal literals (``UnitTerms.literal``) and clauses share the work."""
    hits: list[LiteralHit] = []
    found = unit.found
    for lit in literals:
        got = found.get(id(lit))
        if got is None:
            got = found[id(lit)] = (lit, _best_hit(lit, unit))
        if got[1] is not None:
            hits.append(got[1])
    return hits


def _best_hit(lit: Literal, unit: UnitLiterals) -> LiteralHit | None:
    if lit.kind != "string":
        at = [unit.numbers[v] for v in lit.values if v in unit.numbers]
        return LiteralHit(lit, min(at)[1], 1.0) if at else None
    want = next(iter(lit.values))
    if " " not in want and len(want) >= 3:
        return _word_hit(lit, want, unit)
    best: LiteralHit | None = None
    want_words = set(want.split())
    for i, (s, line) in enumerate(unit.strings):
        q = _string_quality(want, s, want_words, unit, i)
        if q > 0 and (best is None or q > best.quality):
            best = LiteralHit(lit, line, q)
            if q >= 1.0:
                break  # nothing later beats an exact hit
    return best


def _word_hit(lit: Literal, word: str, unit: UnitLiterals) -> LiteralHit | None:
    """``_best_hit`` of a one-word literal, without normalising every string: a string's
    normalised form holds the word exactly where its lowercase does (``_norm`` keeps runs
    of word characters), and the first such string is the hit. Else only a string whose
    one run of word characters lies inside the word counts (0.8, six characters or more);
    one word is never reworded (that takes three)."""
    low = unit.lowered
    pos = low.find(word)  # a match never spans two strings: the word holds no line break
    if pos >= 0:
        return LiteralHit(lit, unit.line(unit.at(pos)), 1.0)
    if len(word) < 6:
        return None
    if unit.one_a_line():
        m = _inside(word).search(low)
        return LiteralHit(lit, unit.line(unit.at(m.start())), 0.8) if m else None
    for i in range(len(unit.strings)):  # a string across lines: each read in turn
        s = unit.strings[i][0]
        if len(s) >= 6 and s in word:
            return LiteralHit(lit, unit.line(i), 0.8)
    return None


@lru_cache(maxsize=256)
def _inside(word: str) -> re.Pattern[str]:
    """A line whose only run of word characters is six or more characters of ``word``."""
    parts = sorted({re.escape(word[a:b]) for a in range(len(word)) for b in range(a + 6, len(word) + 1)},
                   key=lambda p: (-len(p), p))
    return re.compile(rf"^[^\w\n]*(?:{'|'.join(parts)})[^\w\n]*$", re.M)


def _string_quality(want: str, have: str, a: set[str], unit: UnitLiterals, i: int) -> float:
    if not have:
        return 0.0
    if want == have or (len(want) >= 3 and want in have):
        return 1.0
    if len(have) >= 6 and have in want:
        return 0.8
    if len(a) < 3:
        return 0.0
    b = unit.words[i]
    if b is None:
        b = unit.words[i] = set(have.split())
    j = len(a & b) / len(a | b)
    return round(0.7 * j, 3) if j >= 0.5 else 0.0
