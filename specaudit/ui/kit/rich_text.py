"""Spec Markdown shown as rendered text, safely.

A spec is untrusted input. It is rendered by ``core/safe_markdown.py`` (raw HTML off,
images shown as their alt text, links as underlined text without a target) into a
``SafeBrowser`` that refuses every resource request: nothing is loaded from disk or
the network, whatever the text says.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

# The rendering itself is pure and shared with the HTML report.
from specaudit.core import safe_markdown
from specaudit.core.escape import terminal_safe
from specaudit.core.evidence.keys import canonical
from specaudit.core.model import shown_text
from specaudit.core.safe_markdown import inline_plain

__all__ = ["Markup", "SafeBrowser", "clause_title", "inline_plain", "markup", "markup_join", "to_html"]


class Markup(str):
    """Rich text built by ``markup`` (or rendered by ``to_html``): nested into another
    ``markup`` call as it is, never escaped twice."""


def _escaped(value: object) -> str:
    # Control characters and bidi overrides shown as escapes: untrusted text must not
    # reorder or hide what is drawn around it (the window's "Trojan Source" guard).
    # A spec's byte that is not UTF-8 as U+FFFD: Qt would drop it, and "caf" reads as a word.
    return value if isinstance(value, Markup) else escape(shown_text(terminal_safe(value)))


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
    return Markup(safe_markdown.to_html(text))


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


_LEADING_ID = re.compile(r"[\w/.-]+?(?=\s*[:：]|\s+[–—-]\s|$)")
_AFTER_KEY = re.compile(r"(?:\s*[:：]|\s+[–—-](?=\s)|$)\s*")  # what separates a key from its title


def clause_title(key: str, title: str) -> str:
    """A clause's title as shown beside its key: the words a reader sees, without the key
    the title repeats ("**FR-005**: System MUST…" reads "System MUST…" next to FR-005)."""
    words = shown_text(inline_plain(title))  # a byte that is not UTF-8 shown, never dropped
    head = words.lstrip()
    if head[:len(key)].casefold() == key.casefold():
        end = len(key)
    else:  # the same id in another citation style: "US1-AS1: Given…" beside US1/AC1
        token = _LEADING_ID.match(head)
        if token is None or canonical(key) is None or canonical(token.group()) != canonical(key):
            return words
        end = token.end()
    m = _AFTER_KEY.match(head, end)
    return head[m.end():].strip() if m and head[m.end():].strip() else words
