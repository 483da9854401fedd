"""Find text across a whole change set: every matching line, in file order.

Works on the patch bytes a file already holds, one file at a time and without
caching decoded lines, so searching a huge change costs a pass over its bytes.
"""

from __future__ import annotations

from typing import NamedTuple

from specaudit.core.diff.model import ChangeSet, decode_line


class Match(NamedTuple):
    file: int  # index into the change set's files
    side: str  # "old" or "new" (context lines count as new)
    line: int  # 1-based


def _decode(chunk: bytes) -> str:
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return "\n".join(decode_line(raw)[0] for raw in chunk.split(b"\n"))


def find_in_change(cs: ChangeSet, needle: str, *, limit: int = 100_000) -> list[Match]:
    """Lines whose text contains ``needle`` (case-insensitive), at most ``limit``. Line
    numbers start from each hunk's own start (the model's, not a re-read header)."""
    low = needle.casefold()
    out: list[Match] = []
    if not low:
        return out
    for i, fd in enumerate(cs.files):
        body = fd.body_bytes()
        if not body or not fd.hunks or low not in _decode(body).casefold():
            continue
        ends = [h.pos for h in fd.hunks[1:]] + [len(body)]
        for hunk, end in zip(fd.hunks, ends, strict=True):
            old, new = hunk.old_start, hunk.new_start
            for line in _decode(body[hunk.pos:end]).split("\n")[1:]:  # [0] is the header
                tag = line[:1]
                if tag in ("\\", ""):
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
