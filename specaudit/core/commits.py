"""Commit ids as people read them."""

from __future__ import annotations

import re

_FULL_ID = re.compile(r"\b([0-9a-f]{10})[0-9a-f]{30}\b")


def short_commit_ids(text: str) -> str:
    """Full 40-hex commit ids in ``text`` cut to ten digits: still unambiguous, less noise."""
    return _FULL_ID.sub(r"\1", text)
