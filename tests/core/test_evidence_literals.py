"""A literal's hit in a unit: the one-word shortcut finds what reading every string finds."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from specaudit.core.evidence.literals import (
    Literal,
    LiteralHit,
    UnitLiterals,
    _norm,
    _string_quality,
    match,
)

WORDS = ["purchasing", "purchase", "order", "admin", "İd", "ΟΔΟΣ", "chasing", "x"]
STRING = st.lists(st.sampled_from([*WORDS, "-", " ", "_", "\n", ".", "Purchasing!", "PURCHASE"]), max_size=6).map("".join)


def _reference(lit: Literal, unit: UnitLiterals) -> LiteralHit | None:
    """Every string read in turn: the best quality, the first of equals, the first exact hit."""
    want = next(iter(lit.values))
    best = None
    for i, (s, line) in enumerate(unit.strings):
        q = _string_quality(want, s, set(want.split()), unit, i)
        if q > 0 and (best is None or q > best.quality):
            best = LiteralHit(lit, line, q)
            if q >= 1.0:
                break
    return best


@settings(max_examples=400)
@given(st.lists(STRING, max_size=8), st.sampled_from([*WORDS, "purchasing order", "chasin", "ab"]))
@example(["a purchase", "chasing.", "-CHASING-"], "purchasing")  # a whole string inside the word: 0.8
@example(["İd purchase", "x", "the PURCHASING team"], "purchasing")  # after a string lowercased longer
@example(["two\nlines", "x", "(chasing)"], "purchasing")  # a string across lines: each string read
def test_one_word_literals_hit_as_reading_every_string_does(strings, text):
    lit = Literal("string", text, frozenset({_norm(text)}))
    raw = [(s, 10 + i) for i, s in enumerate(strings)]
    assert match([lit], UnitLiterals(raw, [])) == [h for h in [_reference(lit, UnitLiterals(raw, []))] if h]
