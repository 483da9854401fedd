"""Untrusted text (specs, code, paths, scar stories) shown in places Qt would otherwise
sniff for rich text. A tooltip that looks like HTML is rendered as HTML, and an <img> in
it would be loaded; escaping it and wrapping it in a pre-wrap block keeps it text."""

from __future__ import annotations

from html import escape


def tooltip(text: str) -> str:
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>" if text else ""
