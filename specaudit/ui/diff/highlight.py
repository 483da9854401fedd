"""Syntax highlighting with pygments, run off the GUI thread.

Both sides of a file's hunks are lexed as text (lines joined in order); token spans
are cut per line, in code points of the line's text (the view draws slices of the
Python string, so an emoji never shifts the colours after it).
"""

from __future__ import annotations

from pygments.lexers import get_lexer_for_filename
from pygments.util import ClassNotFound

from specaudit.core.diff.model import FileDiff
from specaudit.settings import LIMITS

# Token type names we colour, most specific first; others keep the text colour.
COLOURED = ("Name.Function", "Name.Class", "Name.Builtin", "Name.Decorator", "Name.Tag", "Name.Attribute",
            "Keyword", "String", "Comment", "Number", "Operator", "Literal")

Spans = dict[int, list[tuple[int, int, str]]]  # text index -> [(start, end, colour key)]


def _key(ttype) -> str | None:
    name = str(ttype)[len("Token."):]
    for k in COLOURED:
        if name == k or name.startswith(k + "."):
            return k
    return None


def lex_file(fd: FileDiff, cancelled=lambda: False) -> Spans:
    """Spans for every body line of ``fd``; {} when the type is unknown or too big."""
    try:
        lexer = get_lexer_for_filename(fd.path, stripnl=False, ensurenl=False, stripall=False)
    except ClassNotFound:
        return {}
    texts = fd.text_lines()
    out: Spans = {}
    for side in ("-", "+"):
        idxs = [i for h in fd.hunks for i in range(h.first, h.end) if texts[i][:1] in (" ", side)]
        body = "\n".join(texts[i][1:] for i in idxs)
        if len(body) > LIMITS.lex_max_chars or cancelled():
            return {}
        starts, pos = [], 0
        for i in idxs:
            starts.append(pos)
            pos += len(texts[i])  # text minus prefix, plus the joining newline
        line = 0
        per_line: list[list[tuple[int, int, str]]] = [[] for _ in idxs]
        for offset, ttype, value in lexer.get_tokens_unprocessed(body):
            key = _key(ttype)
            if key is None or not value:
                continue
            end = offset + len(value)
            while line + 1 < len(starts) and starts[line + 1] <= offset:
                line += 1
            k = line
            while k < len(starts) and starts[k] < end:  # a token may span lines
                a = max(offset, starts[k]) - starts[k]
                b = min(end, starts[k] + len(texts[idxs[k]]) - 1) - starts[k]
                if b > a:
                    per_line[k].append((a, b, key))
                k += 1
        for k, i in enumerate(idxs):
            if per_line[k] and (side == "+" or i not in out):
                out[i] = per_line[k]
    return out
