"""Intra-line highlights: which parts of a paired old/new line changed.

Words, runs of whitespace and single punctuation marks are the tokens; difflib
matches them. Offsets are code points in the Python string; :func:`utf16_spans`
converts them for Qt, which counts UTF-16 units.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from specaudit.settings import LIMITS

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
Span = tuple[int, int]


def intraline(old: str, new: str) -> tuple[list[Span], list[Span]] | None:
    """Changed spans (start, end) in ``old`` and ``new``; None when the lines are too
    long (``LIMITS.intraline_max_line_chars``) or too different to say more than
    "the whole line changed"."""
    limit = LIMITS.intraline_max_line_chars
    if len(old) > limit or len(new) > limit:
        return None
    a = [(m.start(), m.end()) for m in _TOKEN.finditer(old)]
    b = [(m.start(), m.end()) for m in _TOKEN.finditer(new)]
    sm = SequenceMatcher(None, [old[s:e] for s, e in a], [new[s:e] for s, e in b], autojunk=False)
    old_spans: list[Span] = []
    new_spans: list[Span] = []
    same = 0  # non-blank characters left unchanged: shared spaces prove nothing
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            same += sum(len(old[s:e].strip()) for s, e in a[i1:i2])
            continue
        if i2 > i1:
            _add(old_spans, a[i1][0], a[i2 - 1][1])
        if j2 > j1:
            _add(new_spans, b[j1][0], b[j2 - 1][1])
    total = len("".join(old.split())) + len("".join(new.split()))
    if total and 2 * same / total < LIMITS.intraline_min_similarity:
        return None
    return old_spans, new_spans


def _add(spans: list[Span], start: int, end: int) -> None:
    if spans and spans[-1][1] == start:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((start, end))


def utf16_offsets(text: str) -> list[int]:
    """offsets[i] = UTF-16 offset of code point i (len(text)+1 entries)."""
    out = [0] * (len(text) + 1)
    u = 0
    for i, ch in enumerate(text):
        out[i] = u
        u += 2 if ord(ch) > 0xFFFF else 1
    out[len(text)] = u
    return out


def utf16_spans(text: str, spans: list[Span]) -> list[Span]:
    """Code-point spans -> UTF-16 spans (start, length) as Qt's format ranges want."""
    if _ASTRAL.search(text) is None:
        return [(s, e - s) for s, e in spans]
    off = utf16_offsets(text)
    return [(off[s], off[e] - off[s]) for s, e in spans]
