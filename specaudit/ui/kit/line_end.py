"""How a line's end is drawn where code is shown (the whole diff, the clause view)."""

from __future__ import annotations

import functools

from PySide6.QtGui import QFontDatabase, QFontMetrics


def shown_line_end(text: str, all_crlf: bool = False) -> str:
    """A CRLF line's carriage return as one mark at its end: what the whole diff and the
    clause view both draw, so a Windows file reads the same in each. In a file whose every
    shown line ends so (``FileDiff.all_crlf``) the mark would sit on every line and say
    nothing: the file's header says "CRLF" once instead, and a line is marked only where
    endings are mixed."""
    if not text.endswith("\r"):
        return text
    return text[:-1] if all_crlf else text[:-1] + _cr_mark()


@functools.cache
def _cr_mark() -> str:
    # ␍ where the code font has it; DejaVu Sans Mono (most Linux desktops) does not, and a
    # missing-glyph box on every line of a CRLF file reads as damage: ⏎ is in it.
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    return "\u240d" if QFontMetrics(font).inFontUcs4(0x240D) else "\u23ce"
