"""Terms for evidence by text similarity: prose and code identifiers reduced to the same words.

A clause says "the charge's idempotency key"; the code says ``charge.idempotency_key`` or
``IdempotencyKey``. Both become the terms ``charg``, ``idempotency``, ``key`` and the
phrase term ``idempotency key``. Rules:

- identifiers split on ``_``, ``.``, and camelCase (``HTTPServer`` -> http, server);
- lowercase; English stop words, language keywords and one-letter names are dropped;
- a light suffix stemmer so "retries", "retry", "retried", "retrying" meet;
- numbers are kept ("502", "3"), except 0 and 1 (everywhere in code) and long digit
  runs (ids, hashes); "two" .. "twelve" in prose become digits so "three retries"
  meets ``MAX_RETRIES = 3``;
- two adjacent kept parts form a phrase term. In code only parts of one identifier pair
  up (``base_delay`` -> "base delay"); in prose any adjacent content words do, so a
  clause phrase can name an identifier.

Code repeats its identifiers, so the index splits each distinct word once (29,000 for
the 940,000 words of the 20,000-hunk benchmark), and parts and stems are memoised here
in bounded caches. Words outside ASCII are split on "_" only (no camelCase rule).

CJK text has no spaces: a run of Han, kana or Hangul becomes its character bigrams (a
bigram of hiragana only is a particle or an inflection and is dropped) plus, for a
katakana run, the whole run (a loan word: "タスク"). Latin words and identifiers inside
such text ("localStorage に保存") are split out and treated as above, so a Japanese
clause still meets the English code on the names it mentions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import budoux

# Punctuation and whitespace separate words. One regex over the separators runs 2.5 times
# as fast as str.translate + split on text with any non-ASCII character (translate leaves
# its ASCII fast path there), and gives the same words (checked over every code point).
_SEPARATORS = str.maketrans(
    {c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
                                 "\u3000\u3001\u3002\u300c\u300d\u300e\u300f\u3010\u3011\u30fb"
                                 "\uff01\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\uff3b\uff3d"}
)
_WORD = re.compile("[^" + re.escape("".join(map(chr, _SEPARATORS))) + r"\s]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f]+")
_HIRAGANA = re.compile(r"[\u3040-\u309f]+")
_KATAKANA = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]{2,}")
_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# Punctuation that ends a phrase in prose; a dot only when a space or the end follows,
# so ``charge.idempotency_key`` stays one phrase.
_PHRASE_BREAK = re.compile(r"[,;:!?()\[\]{}<>\"|]|\.(?=\s|$)")


def _words(text: str) -> list[str]:
    return text.split()


ENGLISH_STOP = frozenset(
    _words("""
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can cannot could did do does doing done down during each
    either else every few for from further had has have having he her here hers him his how i
    if in into is it its itself just least less may me might more most must my neither no nor
    not now of off on once only onto or other our ours out over own per same shall she should
    so some such than that the their theirs them then there these they this those through to
    too under until up upon us very via was we were what when where whether which while who
    whom whose why will with within without would yet you your
    never ever always any anything something nothing whatever one use used using given
    """)
)

# Keywords and names so common in code that they say nothing about what a hunk does.
CODE_STOP = frozenset(
    _words("""
    self cls def return import from class none null nil true false int str float bool dict
    list tuple bytes object var let const func function fn pub static void public private
    protected new try except catch finally raise throw elif pass lambda yield await async
    assert del global nonlocal break continue args kwargs py js ts rs java cpp
    """)
)

STOP = ENGLISH_STOP | CODE_STOP

NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}

# Abbreviations code uses for words a spec spells out ("btn", "msg", "stats"): general
# programming vocabulary, not tuned to any spec. Only unambiguous ones: "desc" (description
# or descending), "res" (result, response, resource), "dir" (directory or text direction)
# and "auth" stay as they are. Without this, a light stemmer makes "stats" and "state" one
# term (updateStats met "empty state").
ABBREVIATIONS = dict(pair.split(":") for pair in _words("""
    btn:button btns:buttons msg:message msgs:messages err:error errs:errors stats:statistics
    qty:quantity amt:amount num:number cnt:count idx:index img:image imgs:images nav:navigation
    prev:previous curr:current pwd:password passwd:password addr:address db:database
    repo:repository repos:repositories info:information avg:average len:length val:value
    vals:values req:request resp:response ctx:context env:environment param:parameter
    params:parameters attr:attribute attrs:attributes elem:element mgr:manager
    svc:service util:utility utils:utilities calc:calculate txn:transaction acct:account
    usr:user org:organization dept:department secs:seconds ms:milliseconds dup:duplicate
    opt:option opts:options pref:preference prefs:preferences perm:permission
    perms:permissions notif:notification notifs:notifications
"""))

LEAD_WEIGHT = 2.0
_LEAD_END = frozenset(":;.!?")

MAX_NUMBER_DIGITS = 6  # longer digit runs are ids or hashes, not requirements


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Strip common English suffixes; deliberately light (no dictionary, no Porter)."""
    return _drop_e(_strip_suffix(word))


def _drop_e(word: str) -> str:
    # "cache", "caching", "cached" all end as "cach".
    return word[:-1] if word.endswith("e") and len(word) > 3 and word.isalpha() else word


def _strip_suffix(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    undouble = False
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ying") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ing") and len(word) - 3 >= 4:
        word, undouble = word[:-3], True
    elif word.endswith("ed") and len(word) - 2 >= 3:
        word, undouble = word[:-2], True
    elif word.endswith("es") and len(word) > 4 and word[-3] in "sxzh":
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif word.endswith("ly") and len(word) > 5:
        word = word[:-2]
    # "logged" -> "logg" -> "log"; but "called" keeps its "ll".
    if undouble and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    # The noun meets its verb: "animation" and AnimatePresence, "deletion" and deleteTodo,
    # "validation" and validate (short ones, "action", "motion", stay whole).
    if word.endswith("tion") and len(word) > 6:
        word = word[:-3]
    return word


@lru_cache(maxsize=1 << 16)
def part_term(part: str) -> str | None:
    """The term for one lowercased identifier part or prose word, or None if dropped."""
    if part.isdecimal():  # not isdigit(): "²" is a digit int() refuses
        if len(part) > MAX_NUMBER_DIGITS:
            return None
        number = str(int(part))  # "007" -> "7", other scripts' digits -> ASCII
        return None if number in ("0", "1") else number
    if len(part) < 2 or part in STOP:
        return None
    part = NUMBER_WORDS.get(part) or ABBREVIATIONS.get(part, part)
    base = _strip_suffix(part)
    term = _drop_e(base)
    # An inflected stop word ("uses", "tries") goes; a content word whose stem only looks
    # like one once its "e" is gone ("theme", "themes" -> "them"; "notes" -> "not") stays.
    if term in STOP and part.endswith(("s", "ed", "ing", "ly")) and (base == term or base in STOP):
        return None
    return term


@lru_cache(maxsize=1 << 16)
def word_parts(word: str) -> tuple[str, ...]:
    """Lowercased parts of one raw word: snake_case and camelCase split."""
    if word.islower() and word.isalpha():  # the common case: a plain word
        return (word,)
    if word.isascii():
        return tuple(map(str.lower, _PART.findall(word)))
    return tuple(p.lower() for p in word.split("_") if p)


def cjk_bigram(term: str) -> bool:
    """A term that is two characters of a CJK run (most straddle two words)."""
    return len(term) == 2 and ord(term[0]) >= 0x3040


_KANA_CHAR = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_PHRASE_PARSERS: dict[str, budoux.Parser] = {}


def phrase_bigrams(text: str) -> frozenset[str]:
    """The CJK bigrams that lie inside one phrase of ``text``, as BudouX splits it into
    phrases (its Japanese model where the text holds kana, else its Simplified or
    Traditional Chinese one): it reads "运行的可交互" as 运行 / 的 / 可交 / 互, so "行的" and
    "的可" are not here."""
    lang = "ja" if japanese(text) else "zh-hant" if _traditional(text) else "zh-hans"
    parser = _PHRASE_PARSERS.get(lang)
    if parser is None:
        import budoux  # noqa: PLC0415 - 10 ms, only once a Japanese or Chinese clause is ranked

        parser = _PHRASE_PARSERS[lang] = {
            "ja": budoux.load_default_japanese_parser,
            "zh-hans": budoux.load_default_simplified_chinese_parser,
            "zh-hant": budoux.load_default_traditional_chinese_parser}[lang]()
    return frozenset(phrase[i:i + 2] for phrase in parser.parse(text) for i in range(len(phrase) - 1))


def japanese(text: str) -> bool:
    """Whether CJK text is Japanese: it holds kana. Otherwise its Han characters are
    Chinese (the phrase model, the common words, the widening of evidence all ask this)."""
    return bool(_KANA_CHAR.search(text))


def _traditional(text: str) -> bool:
    """Whether Chinese text is written in traditional characters: more of its characters
    are in Big5 alone than in GB 2312 alone (失敗 is only in Big5, 失败 only in GB 2312).
    The other model splits words a clause needs (失 / 敗時, 按 / 鈕後)."""
    hant = hans = 0
    for ch in set(text):
        if ord(ch) < 0x3400:
            continue
        big5, gb = _encodes(ch, "big5"), _encodes(ch, "gb2312")
        hant += big5 and not gb
        hans += gb and not big5
    return hant > hans


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def cjk_terms(run: str) -> list[str]:
    """Terms of a CJK run: bigrams (hiragana-only ones dropped) and whole katakana words."""
    out = [run] if len(run) == 2 or _KATAKANA.fullmatch(run) else []
    out += [k for k in _KATAKANA.findall(run) if k != run]
    out += [b for b in (run[i:i + 2] for i in range(len(run) - 1)) if not _HIRAGANA.fullmatch(b)]
    return list(dict.fromkeys(out))


def _mixed_terms(word: str) -> tuple[str, ...]:
    """Terms of a word holding CJK text: its CJK runs and the words between them."""
    out: list[str] = []
    pos = 0
    for m in _CJK.finditer(word):
        if m.start() > pos:
            out += word_terms(word[pos:m.start()])
        out += cjk_terms(m.group())
        pos = m.end()
    if pos < len(word):
        out += word_terms(word[pos:])
    return tuple(out)


def word_terms(word: str) -> tuple[str, ...]:
    """Terms of one code word: its parts' terms plus phrase terms of adjacent parts.

    Not cached: the index calls it once per distinct word, and a global cache would keep
    every word of every change set loaded in the session."""
    if not word.isascii() and _CJK.search(word):
        return _mixed_terms(word)
    parts = word_parts(word)
    if len(parts) == 1:
        term = part_term(parts[0])
        return (term,) if term else ()
    terms = [part_term(p) for p in parts]
    out = [t for t in terms if t]
    prev = None
    for t in terms:
        if prev and t:
            out.append(prev + " " + t)
        prev = t
    return tuple(out)


def code_words(text: str) -> list[str]:
    """The raw words of a text: identifiers, words, numbers (split on punctuation)."""
    return _WORD.findall(text)


def query_terms(text: str) -> list[tuple[str, str, float]]:
    """Distinct (term, surface, weight) triples of a clause, in order of first appearance.

    ``surface`` is what the reviewer sees: the clause's own lowercased word, or two words
    for a phrase term. Adjacent content words within a phrase of prose pair up here.
    Terms of the lead (up to the first colon, semicolon or full stop) weigh
    ``LEAD_WEIGHT``: a clause names its subject first and elaborates after ("No caching
    of results: every attempt asks the gateway" is about caching, not attempts).
    """
    seen: dict[str, tuple[str, str, float]] = {}
    weight = LEAD_WEIGHT
    for phrase, brk in _phrases(text):
        prev: tuple[str, str] | None = None
        for part in (p for word in code_words(phrase) for p in _query_parts(word)):
            if _CJK.match(part):
                for cjk in cjk_terms(part):
                    seen.setdefault(cjk, (cjk, cjk, weight))
                prev = None
                continue
            term = part_term(part)
            if term is None:
                prev = None
                continue
            seen.setdefault(term, (term, part, weight))
            if prev is not None:
                pair = f"{prev[0]} {term}"
                seen.setdefault(pair, (pair, f"{prev[1]} {part}", weight))
            prev = (term, part)
        if brk and brk in _LEAD_END and seen:
            weight = 1.0
    return list(seen.values())


def _query_parts(word: str) -> tuple[str, ...]:
    """``word_parts``, with CJK runs kept whole (``query_terms`` expands them)."""
    if word.isascii() or not _CJK.search(word):
        return word_parts(word)
    parts: list[str] = []
    pos = 0
    for m in _CJK.finditer(word):
        if m.start() > pos:
            parts += word_parts(word[pos:m.start()])
        parts.append(m.group())
        pos = m.end()
    if pos < len(word):
        parts += word_parts(word[pos:])
    return tuple(parts)


def _phrases(text: str):
    """(phrase, the punctuation that ended it) pairs."""
    pos = 0
    for m in _PHRASE_BREAK.finditer(text):
        yield text[pos:m.start()], m.group()
        pos = m.end()
    yield text[pos:], ""
