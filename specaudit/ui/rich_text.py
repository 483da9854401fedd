"""Spec Markdown shown as rendered text, safely.

A spec is untrusted input. It is rendered by ``core/safe_markdown.py`` (raw HTML off,
images shown as their alt text, links as underlined text without a target) into a
``SafeBrowser`` that refuses every resource request: nothing is loaded from disk or
the network, whatever the text says.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

# The rendering itself is pure and shared with the HTML report.
from specaudit.core.safe_markdown import inline_plain, to_html

__all__ = ["SafeBrowser", "inline_plain", "to_html"]


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
