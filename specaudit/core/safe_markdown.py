"""Spec Markdown rendered to HTML, safely (the window's rich text and the HTML report).

A spec is untrusted input. markdown-it renders it with raw HTML off, images shown as
their alt text and links as underlined text without a target, so the HTML loads
nothing from disk or the network, whatever the text says.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])


def _image(_renderer, tokens, idx, _options, _env) -> str:
    token = tokens[idx]
    alt = "".join(c.content for c in (token.children or ()))
    return f"<i>[{escape(alt or 'image')}]</i>"


_MD.add_render_rule("image", _image)
_MD.add_render_rule("link_open", lambda *_a: "<u>")
_MD.add_render_rule("link_close", lambda *_a: "</u>")


def to_html(text: str) -> str:
    """Markdown as HTML with no raw HTML, no images and no link targets."""
    return _MD.render(text or "")


# Characters that can start inline markup (emphasis, code, links, images, raw HTML, entities,
# escapes, strikethrough) or a break: a fragment without any is read as it is written.
_MARKUP = re.compile(r"[*_`\[\]!<>&\\~\n\r]")


@lru_cache(maxsize=8192)  # the clause list asks for each section name once per clause under it
def inline_plain(text: str) -> str:
    """A one-line Markdown fragment (a title, a section name) as the words a reader
    sees: ``*(mandatory)*`` reads "(mandatory)", backticks go."""
    if not _MARKUP.search(text or ""):
        return (text or "").strip() or (text or "")  # what markdown-it gives, without parsing
    return _parsed_plain(text)


def _parsed_plain(text: str) -> str:
    tokens = _MD.parseInline(text or "")
    out: list[str] = []
    for token in tokens:
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
            elif child.type == "image":
                out.append("".join(c.content for c in (child.children or ())))
    return "".join(out).strip() or (text or "")
