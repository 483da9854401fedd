"""Spec Markdown shown as rendered text, safely.

A spec is untrusted input. It is rendered by markdown-it with raw HTML off, images
shown as their alt text and links as underlined text without a target, into a
``SafeBrowser`` that refuses every resource request: nothing is loaded from disk or
the network, whatever the text says.
"""

from __future__ import annotations

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


class Markup(str):
    """Rich text built by ``markup`` (or rendered by ``to_html``): nested into another
    ``markup`` call as it is, never escaped twice."""


def _escaped(value: object) -> str:
    return value if isinstance(value, Markup) else escape(str(value))


def markup(template: str, /, *values: object, **named: object) -> Markup:
    """The one way the window builds rich text: ``template`` is trusted markup in
    ``str.format`` syntax (plain ``{}`` / ``{name}`` fields) and every value is untrusted
    text, HTML-escaped, unless it is ``Markup`` built here."""
    return Markup(template.format(*map(_escaped, values), **{k: _escaped(v) for k, v in named.items()}))


def markup_join(parts, sep: str = "") -> Markup:
    """Pieces of rich text (``Markup``) and text (escaped) joined into one."""
    return Markup(sep.join(_escaped(p) for p in parts))


def to_html(text: str) -> Markup:
    """Markdown as HTML with no raw HTML, no images and no link targets."""
    return Markup(_MD.render(text or ""))


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
