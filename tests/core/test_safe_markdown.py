"""A Markdown fragment read as plain words: the shortcut for text holding no markup gives
what markdown-it gives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from specaudit.core.safe_markdown import _parsed_plain, inline_plain

# Letters, digits, CJK, spaces and tabs, and punctuation that is markup only at a line's
# start (#, -, +, =, 1.) or never (| : ' " ( ) , . ? ; /), besides the characters that are.
ALPHABET = st.sampled_from(list("aZ9 \t\u00a0#-+=.|:'\"(),?;/%@{}$^") + ["要件", "テスト", "é", "amp;", "#35;", "http://x"]
                           + list("*_`[]!<>&\\~\n\r"))


@settings(max_examples=3000, deadline=None)
@given(st.lists(ALPHABET, max_size=24).map("".join))
@example("Fees &amp; refunds &#35;1")
@example("a \\*literal\\* b")
@example("~~gone~~ kept")
@example("one\ntwo")
@example("see <http://x.y> now")
@example("<b>bold</b> [x](y) ![alt](i.png) `c` _e_")
def test_plain_text_reads_as_markdown_it_reads_it(text):
    assert inline_plain(text) == _parsed_plain(text)


def test_markup_goes_and_plain_words_stay():
    assert inline_plain("*(mandatory)* `retry` [docs](http://x)") == "(mandatory) retry docs"
    assert inline_plain("  3.1 Functional Requirements  ") == "3.1 Functional Requirements"
    assert inline_plain("") == "" and inline_plain("   ") == "   "
