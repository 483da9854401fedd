"""A word-level diff of two texts (difflib over words and the whitespace between them),
for showing what a rewrite of a clause keeps, drops and adds. Pure: text in, runs out."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
# Ideographs and kana each a token (a Japanese or Chinese sentence has no spaces: as one
# "word", appending a sentence struck the whole of it out), punctuation apart from its word
# ("display." against "display"), words and whitespace runs.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKENS = re.compile(rf"\s+|[{_CJK}]|[^\W{_CJK}]+|[^\w\s]")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(op, text) runs that read as ``before`` when the INSERT runs are left out and as
    ``after`` when the DELETE runs are; a replaced run is its deletion, then its insertion."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    runs: list[tuple[str, str]] = []

    def add(op: str, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if runs and runs[-1][0] == op:
            runs[-1] = (op, runs[-1][1] + text)
        else:
            runs.append((op, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add(EQUAL, a[i1:i2])
        else:
            add(DELETE, a[i1:i2])
            add(INSERT, b[j1:j2])
    return runs
