"""Find text across a whole change set: every matching line, in file order.

Works on the patch bytes a file already holds, one file at a time and without
caching decoded lines, so searching a huge change costs a pass over its bytes.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from specaudit.core.diff.model import ChangeSet, decode_line

_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")


class Match(NamedTuple):
    file: int  # index into the change set's files
    side: str  # "old" or "new" (context lines count as new)
    line: int  # 1-based


def find_in_change(cs: ChangeSet, needle: str, *, limit: int = 100_000) -> list[Match]:
    """Lines whose text contains ``needle`` (case-insensitive), at most ``limit``."""
    low = needle.casefold()
    out: list[Match] = []
    if not low:
        return out
    for i, fd in enumerate(cs.files):
        a, b = fd._body
        if b <= a:
            continue
        chunk = fd._data[a:b]
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError:
            text = "\n".join(decode_line(raw)[0] for raw in chunk.split(b"\n"))
        if low not in text.casefold():
            continue
        old = new = 0
        for line in text.split("\n"):
            tag = line[:1]
            if tag == "@":
                m = _HUNK.match(line)
                if m:
                    old, new = int(m.group(1)), int(m.group(2))
                continue
            if tag == "\\":
                continue
            if low in line[1:].casefold():
                out.append(Match(i, "old" if tag == "-" else "new", old if tag == "-" else new))
                if len(out) >= limit:
                    return out
            if tag == "-":
                old += 1
            elif tag == "+":
                new += 1
            else:
                old += 1
                new += 1
    return out
