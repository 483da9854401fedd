"""Untrusted text (notes, titles, reviewer names, paths, spec text) made safe for where
it is shown: a terminal, or inline Markdown. One escaper for each, used by every
renderer, so no output path escapes less than another.
"""

from __future__ import annotations

import json
import re

# C0 controls but tab and newline (ESC starts terminal sequences; CR overwrites a line),
# DEL and the C1 controls (0x9b is a one-byte CSI), and the bidirectional overrides and
# isolates that reorder what is shown (hiding text, "Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>])")


def _visible(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: object) -> str:
    """``text`` with every control character and bidi override shown as an escape
    (``\\x1b``), so it can neither move the cursor, recolour, clear the screen nor hide lines."""
    return _UNSAFE.sub(_visible, "" if text is None else str(text))


# What terminal_safe leaves but a one-line field must not hold: newline, tab, and the
# Unicode line and paragraph separators some CI log viewers break lines on (CR and NEL
# are control characters terminal_safe escapes already).
_BREAKS = {"\n": "\\n", "\t": "\\t", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_BREAK = re.compile("[\n\t\u2028\u2029]")


def one_line(text: object) -> str:
    """``text`` as one line of output: :func:`terminal_safe`, and every line break shown as
    an escape (``\\n``). Every text renderer passes a line through here, so a field an
    audit file brought (a note, a scar's title) can never forge another output line."""
    return _BREAK.sub(lambda m: _BREAKS[m.group()], terminal_safe(text))


def line_break_at(text: str) -> int | None:
    """Where the first character :func:`one_line` would escape is, or None: a field that
    is shown on one line is refused at input when it holds one."""
    found = [m.start() for m in (_BREAK.search(text), _UNSAFE.search(text)) if m]
    return min(found) if found else None


def json_safe(text: str) -> str:
    """A JSON document with every control character and bidi override inside its strings
    written as a ``\\uXXXX`` escape. Such characters only occur inside strings (the
    structure is ASCII), so the document decodes to the same values."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_text(obj: object) -> str:
    """The one JSON writer for output a person may read in a terminal: indented, non-ASCII
    kept readable, but nothing that can drive a terminal or reorder what is shown
    (``ensure_ascii=False`` alone keeps U+009B and U+202E raw)."""
    return json_safe(json.dumps(obj, indent=2, ensure_ascii=False)) + "\n"


def first_unsafe(text: str) -> int | None:
    """Where the first character :func:`terminal_safe` would escape is, or None."""
    m = _UNSAFE.search(text)
    return m.start() if m else None


def md_inline(text: object) -> str:
    """Inline-safe Markdown: spec and code text can never inject markup, HTML, a table
    cell break, a line break or a terminal sequence."""
    s = terminal_safe(text).replace("\r\n", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", s)
