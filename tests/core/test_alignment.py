"""Pairing removed/added lines, and intra-line spans incl. UTF-16 mapping."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from specaudit.core.alignment import align_block
from specaudit.core.intraline import intraline, utf16_spans
from specaudit.settings import LIMITS


def test_equal_blocks_pair_in_order():
    assert align_block(["a", "b"], ["x", "y"]) == [(0, 0), (1, 1)]


def test_inserted_line_in_the_middle_gets_a_filler():
    old = ["value = compute(alpha)", "return value"]
    new = ["value = compute(alpha)", "log.debug('computed %s', value)", "return value"]
    pairs = align_block(old, new)
    assert (0, 0) in pairs and (1, 2) in pairs and (None, 1) in pairs


def test_huge_blocks_skip_difflib_and_pair_in_order():
    n = int(LIMITS.align_max_block_cells**0.5) + 5
    pairs = align_block([f"o{i}" for i in range(n)], [f"n{i}" for i in range(n + 3)])
    assert pairs[:n] == [(i, i) for i in range(n)] and pairs[-1] == (None, n + 2)


@given(st.lists(st.text(max_size=8), max_size=12), st.lists(st.text(max_size=8), max_size=12), st.booleans())
def test_every_line_appears_once_in_order(old, new, ignore_ws):
    pairs = align_block(old, new, ignore_whitespace=ignore_ws)
    assert [o for o, _ in pairs if o is not None] == list(range(len(old)))
    assert [n for _, n in pairs if n is not None] == list(range(len(new)))


def test_intraline_marks_only_the_changed_words():
    old, new = "delay = base * 2 ** attempt", "delay = min(cap, base * 2 ** attempt)"
    o, n = intraline(old, new)
    assert o == [] or all(old[s:e].strip() for s, e in o)
    assert "".join(new[s:e] for s, e in n).replace(" ", "") == "min(cap,)"


def test_intraline_gives_up_on_long_or_unrelated_lines():
    long = "x" * (LIMITS.intraline_max_line_chars + 1)
    assert intraline(long, long + "y") is None
    assert intraline("alpha beta gamma", "1234 + 5678") is None


def test_utf16_spans_count_astral_characters_twice():
    text = "a😀b = 1"
    o, n = intraline("a😀b = 1", "a😀b = 2")
    assert n == [(6, 7)]  # code points
    assert utf16_spans(text, n) == [(7, 1)]  # Qt: the emoji is two UTF-16 units
    assert utf16_spans("plain", [(1, 3)]) == [(1, 2)]
