"""The window builds rich text through one helper, ``ui.rich_text.markup`` (issue 19 item 6):
the template is trusted markup, every value is escaped text."""

from __future__ import annotations

import re
from pathlib import Path

from specaudit.ui.kit.rich_text import Markup, markup, markup_join, to_html

UI = Path(__file__).resolve().parents[2] / "specaudit" / "ui"


def test_values_are_escaped_and_markup_is_kept():
    evil = "<img src=x>&<b>"
    out = markup("<b>{}</b> {k}", evil, k=3)
    assert out == "<b>&lt;img src=x&gt;&amp;&lt;b&gt;</b> 3"
    nested = markup("<p>{}</p>", out)
    assert nested == f"<p>{out}</p>" and isinstance(nested, Markup)
    assert markup_join([out, evil]) == out + "&lt;img src=x&gt;&amp;&lt;b&gt;"
    assert markup("{}", to_html("*a*")) == "<p><em>a</em></p>\n"


def test_only_the_helpers_escape_html():
    """An escape call elsewhere means rich text built by hand beside the helper."""
    allowed = {"rich_text.py", "plain.py"}
    offenders = [str(p.relative_to(UI)) for p in sorted(UI.rglob("*.py"))
                 if p.name not in allowed and re.search(r"^\s*(from html import|import html\b)", p.read_text(), re.M)]
    assert offenders == []


def test_bidi_overrides_and_controls_in_values_show_as_escapes():
    """A title holding U+202E must not draw the words after it reversed (or hide them)."""
    out = markup("<b>{}</b>", "Flat\u202eseirter\x1b[2J")
    assert "\u202e" not in out and "\x1b" not in out
    assert out == "<b>Flat\\u202eseirter\\x1b[2J</b>"
