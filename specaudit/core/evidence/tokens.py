"""Terms of code text, memoised per word and per line.

A change repeats its identifiers (the 71,858 changed lines of the corpus's largest change
hold 286,000 words, 10,800 distinct) and its lines, so ``terms.word_terms`` runs once per
distinct word and the units, the file index and the line matching of long units all read
the same memo. The lookups run in C (``map`` over a dict's ``__getitem__``; a miss calls
``__missing__``). The memos are bounded: a session reading many changes clears them when
they grow past ``LIMIT`` entries, at the start of an index build.
"""

from __future__ import annotations

import hashlib
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from itertools import chain
from typing import Any, Protocol

from specaudit.core.evidence.terms import code_words, word_terms

LIMIT = 200_000


class _WordTerms(dict[str, tuple[str, ...]]):
    def __missing__(self, word: str) -> tuple[str, ...]:
        ts = self[word] = word_terms(word)
        return ts


class _LineTerms(dict[str, tuple[str, ...]]):
    def __missing__(self, text: str) -> tuple[str, ...]:
        ts = self[text] = tuple(dict.fromkeys(chain.from_iterable(map(WORDS.__getitem__, code_words(text)))))
        return ts


WORDS = _WordTerms()
LINES = _LineTerms()
_MEMOS: list[dict] = [WORDS, LINES]


def memo() -> dict:
    """A memo dict that ``bound`` and ``forget`` look after too (what a line's text alone says)."""
    d: dict = {}
    _MEMOS.append(d)
    return d


def bound() -> None:
    """Clear the memos grown past ``LIMIT`` (call between builds, never inside one)."""
    for m in _MEMOS:
        if len(m) > LIMIT:
            m.clear()


def forget() -> None:
    """Clear every memo (benchmarks measure a cold start with it)."""
    for m in _MEMOS:
        m.clear()
    DERIVED.clear()


class Backing(Protocol):
    """Where derived data outlives the process (the app's disk cache, ``code_store``)."""

    def load_derived(self, key: bytes) -> Any: ...

    def save_derived(self, key: bytes, value: Any) -> None: ...


class Derived:
    """What one changed file yields for ranking (its units, its terms, the names it defines),
    as plain data (tuples, lists, dicts, str, int, float), keyed by a digest of everything
    it depends on (``digest``). Kept in memory per file (bounded, least recently used out)
    and, when the app sets ``backing``, on disk: a second run on the same change reads it
    back. ``get_all``/``put_all`` keep a change's files as one disk entry (writing 250
    small files cost twice the time of a few large ones here); memory stays per file, so
    a change to one file recomputes only that file."""

    LIMIT = 12_288

    def __init__(self) -> None:
        self._memory: OrderedDict[bytes, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.backing: Backing | None = None

    def get(self, key: bytes) -> Any:
        with self._lock:
            value = self._memory.get(key)
            if value is not None:
                self._memory.move_to_end(key)
                return value
        backing = self.backing
        value = backing.load_derived(key) if backing is not None else None
        if value is not None:
            self._keep(key, value)
        return value

    def put(self, key: bytes, value: Any) -> None:
        self._keep(key, value)
        backing = self.backing
        if backing is not None:
            backing.save_derived(key, value)

    def get_all(self, keys: list[bytes]) -> dict[bytes, Any]:
        """The values held for ``keys`` (one per file of a change): from memory, else from
        the backing's one entry for the whole list (one file on disk, not one per file)."""
        found: dict[bytes, Any] = {}
        with self._lock:
            for k in keys:
                v = self._memory.get(k)
                if v is not None:
                    self._memory.move_to_end(k)
                    found[k] = v
        backing = self.backing
        if len(found) < len(keys) and backing is not None:
            pack = backing.load_derived(_pack_key(keys))
            if isinstance(pack, dict):
                for k in keys:
                    v = pack.get(k)
                    if k not in found and v is not None:
                        found[k] = v
                        self._keep(k, v)
        return found

    def put_all(self, keys: list[bytes], values: dict[bytes, Any]) -> None:
        """Keep ``values`` (a value for every key of ``keys``) in memory, and in the backing
        as the one entry ``get_all(keys)`` reads."""
        for k in keys:
            self._keep(k, values[k])
        backing = self.backing
        if backing is not None:
            backing.save_derived(_pack_key(keys), {k: values[k] for k in keys})

    def fetch_all(self, keys: list[bytes], compute: Callable[[bytes], Any]) -> dict[bytes, Any]:
        """The value of every key: those held (``get_all``), the rest computed and kept
        (``put_all``)."""
        held = self.get_all(keys)
        new = {k: compute(k) for k in keys if k not in held}
        if new:
            self.put_all(keys, {**held, **new})
        return {**held, **new}

    def _keep(self, key: bytes, value: Any) -> None:
        with self._lock:
            self._memory[key] = value
            while len(self._memory) > self.LIMIT:
                self._memory.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._memory.clear()


DERIVED = Derived()


def digest(*parts: str | int | float | bytes | None | tuple) -> bytes:
    """A key for ``DERIVED``: the BLAKE2b digest of small plain values, by their ``repr``
    (the same in every process; ``marshal``'s bytes are not: they depend on which objects
    happen to be shared). Many lines go through ``lines_digest`` first."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).digest()


def _pack_key(keys: list[bytes]) -> bytes:
    return hashlib.blake2b(b"pack\0" + b"".join(keys), digest_size=20).digest()  # keys: 20 bytes each


def lines_digest(texts: list[str], numbers: list[int] | None = None) -> bytes:
    """The digest of many lines (and their numbers): their lengths, then their text joined,
    hashed in C."""
    h = hashlib.blake2b(digest_size=20)
    h.update(len(texts).to_bytes(8, "little"))
    h.update(array("q", map(len, texts)).tobytes())
    if numbers is not None:
        h.update(array("q", numbers).tobytes())
    h.update("\n".join(texts).encode("utf-8", "surrogatepass"))
    return h.digest()


def line_terms(text: str) -> tuple[str, ...]:
    """The distinct terms of one line, in order of first appearance."""
    return LINES[text]


def lines_terms(texts: Iterable[str]) -> list[tuple[str, ...]]:
    """``line_terms`` of each text (the memo read in C)."""
    return list(map(LINES.__getitem__, texts))


def distinct_terms(texts) -> dict[str, None]:
    """The distinct terms of several lines, in order of first appearance (one regex pass)."""
    return dict.fromkeys(chain.from_iterable(map(WORDS.__getitem__, code_words("\n".join(texts)))))


def term_counts(text: str) -> Counter[str]:
    """Every term of a text with its number of occurrences (counted in C)."""
    return Counter(chain.from_iterable(map(WORDS.__getitem__, code_words(text))))


def all_terms(text: str) -> list[str]:
    """Every term of a text, repeats included, in order."""
    return list(chain.from_iterable(map(WORDS.__getitem__, code_words(text))))
