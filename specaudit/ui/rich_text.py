"""Spec Markdown shown as rendered text, safely.

A spec is untrusted input. It is rendered by markdown-it with raw HTML off, images
shown as their alt text and links as underlined text without a target, into a
``SafeBrowser`` that refuses every resource request: nothing is loaded from disk or
the network, whatever the text says.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from PySide6.QtWidgets import QTextBrowser, QWidget

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


def inline_plain(text: str) -> str:
    """A one-line Markdown fragment (a title, a section name) as the words a reader
    sees: ``*(mandatory)*`` reads "(mandatory)", backticks go."""
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


class SafeBrowser(QTextBrowser):
    """A read-only rich-text view that never follows a link or loads a resource."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.resource_requests: list[str] = []  # what anything tried to load (tests read it)

    def loadResource(self, kind: int, url):  # noqa: N802 - Qt override
        self.resource_requests.append(url.toString())
        return None


def clause_title(key: str, title: str) -> str:
    """A clause's title as shown beside its key: the words a reader sees, without the key
    the title repeats ("**FR-005**: System MUST…" reads "System MUST…" next to FR-005)."""
    words = inline_plain(title)
    m = re.match(rf"\s*{re.escape(key)}(?:\s*[:：]|\s+[–—-](?=\s)|$)\s*", words, re.IGNORECASE)
    return words[m.end():].strip() if m and words[m.end():].strip() else words
