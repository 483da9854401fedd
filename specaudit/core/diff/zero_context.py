"""A change's hunks without their context lines: the ``-U0`` view, cut from the model.

git works out one edit script per file pair and only then prints it with some lines of
context; ``git diff -U0`` prints the same script (same algorithm, same renames) with
none: one hunk per run of removed and added lines, and a zero count's start naming the
line *after which* lines were inserted or removed. Line tracking (``core/drift.map_range``)
and coverage read that view, so a change set the window already loaded gives it without
asking git for the diff again. Nothing is parsed here: the runs are found in the hunk
bodies the model already holds, and the new hunks point into the same bytes.
"""

from __future__ import annotations

import weakref

from specaudit.core.diff.model import FileDiff, Hunk

__all__ = ["zero_context"]


def zero_context(fd: FileDiff) -> FileDiff:
    """``fd`` as ``git diff -U0`` shows it: the same file pair, one hunk per run of
    changes. The original is left untouched (the window may be painting it)."""
    view = FileDiff(fd.status, fd.old_path, fd.new_path, fd.added, fd.removed, fd.binary, fd.similarity,
                    fd.old_mode, fd.new_mode, fd.old_oid, fd.new_oid, fd.old_size, fd.new_size,
                    _data=fd._data, _body=fd._body)
    if not fd.hunks:
        return view
    owner = weakref.ref(view)
    headers = {h.pos: h for h in fd.hunks}
    run: list[int] | None = None  # [first line, its byte offset, old no, new no, removed, added]
    old_no = new_no = 0
    offset = 0

    def close(end: int) -> None:
        first, pos, old, new, removed, added = run  # type: ignore[misc]
        view.hunks.append(Hunk(old if removed else old - 1, removed, new if added else new - 1, added,
                               section, pos, first, end, owner))

    section = ""
    for i, line in enumerate(fd.body_bytes().split(b"\n")):
        header = headers.get(offset)
        offset += len(line) + 1
        kind = line[:1]
        if header is not None:
            if run is not None:
                close(i)
                run = None
            section = header.section
            # The next line's numbers (a zero count's start is the line before it).
            old_no = header.old_start + (header.old_lines == 0)
            new_no = header.new_start + (header.new_lines == 0)
        elif kind in (b"-", b"+"):
            if run is None:
                run = [i, offset - len(line) - 1, old_no, new_no, 0, 0]
            if kind == b"-":
                run[4] += 1
                old_no += 1
            else:
                run[5] += 1
                new_no += 1
        elif kind != b"\\":  # context (an emptied context line too); "\ No newline" belongs to its run
            if run is not None:
                close(i)
                run = None
            old_no += 1
            new_no += 1
    if run is not None:
        close(i + 1)
    return view
