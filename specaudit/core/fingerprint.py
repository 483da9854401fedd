"""Content fingerprints: SHA-256 over a canonical, length-prefixed encoding.

Length prefixes make the encoding injective, so ("ab", "c") and ("a", "bc") differ.
"""

from __future__ import annotations

import hashlib
import re

_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Fold every run of whitespace (incl. CR/LF, tabs, NBSP) to one space; strip ends."""
    return _WS.sub(" ", text).strip()


def fingerprint(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def text_fingerprint(text: str) -> str:
    """Fingerprint of a clause's text: changes when, and only when, the normalised text does."""
    return fingerprint(normalize_text(text))


def lines_fingerprint(lines: list[str]) -> str:
    """Fingerprint of code lines (a link or scar anchor). Trailing whitespace and line
    endings are ignored so CRLF/LF churn does not mark a verdict stale."""
    return fingerprint(*(line.rstrip() for line in lines))
