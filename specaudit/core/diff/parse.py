"""Parse unified diffs (git's extended format, or plain ``diff -u``) into a ChangeSet.

Git's output is parsed with C-level scans: file and hunk boundaries by anchored
regexes (a body line always starts with " ", "+", "-" or "\\", so "diff --git" and
"@@" at a line start are always headers), counts by ``bytes.count``. Only when those
counts disagree with the hunk headers (mail signatures, hand-edited patches) does a
file fall back to walking its lines one by one.
"""

from __future__ import annotations

import re
import weakref

from specaudit.core.diff.model import ChangeSet, FileDiff, Hunk
from specaudit.core.diff.quoting import parse_git_header_paths, strip_prefix, unquote_path
from specaudit.core.errors import UsageError

_HUNK = rb"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?([^\n]*)"
_HUNK_RE = re.compile(b"^" + _HUNK, re.M)
_HUNK_NL_RE = re.compile(b"\n" + _HUNK)
_PLAIN_FILE_RE = re.compile(rb"^--- [^\n]*\n\+\+\+ ", re.M)
_MODE_LINES = {
    b"old mode ": "old_mode",
    b"new mode ": "new_mode",
    b"deleted file mode ": "old_mode",
    b"new file mode ": "new_mode",
}


def parse_patch(data: bytes, source: str = "patch", *, name: str | None = None,
                trusted: bool = False) -> ChangeSet:
    """Parse patch bytes. ``name`` (a file name) is used in error messages.

    ``trusted`` is for output git just wrote for us: hunks are then bounded by their
    headers alone. Otherwise every file's line counts are cross-checked, and a file
    with anything unexpected (a mail signature, junk between hunks) is walked line by
    line.
    """
    cs = ChangeSet(source=source, data=data)
    starts = _line_starts(data, b"diff --git ")
    if starts:
        # One scan for all hunk headers: a literal "\n@@ -" prefix lets the regex
        # engine skip ahead, where a ^-anchored pattern would try every byte.
        hunks = [(m.start() + 1, m) for m in _HUNK_NL_RE.finditer(data, starts[0])]
        k = 0
        bounds = starts[1:] + [len(data)]
        for s, e in zip(starts, bounds, strict=True):
            j = k
            while j < len(hunks) and hunks[j][0] < e:
                j += 1
            cs.files.append(_parse_git_file(data, s, e, hunks[k:j], name or source, trusted))
            k = j
    elif _PLAIN_FILE_RE.search(data):
        cs.files.extend(_parse_plain(data, name or source))
    elif data.strip():
        raise UsageError("not a unified diff: no 'diff --git' or '---'/'+++' file headers", path=name)
    return cs


def _line_starts(data: bytes, prefix: bytes, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets of lines in data[start:end] that begin with ``prefix``. bytes.find is a
    memchr-speed scan; an anchored regex would try a match at every byte."""
    end = len(data) if end is None else end
    out = [start] if data.startswith(prefix, start, end) and (start == 0 or data[start - 1] == 10) else []
    needle = b"\n" + prefix
    pos = data.find(needle, start, end)
    while pos >= 0:
        out.append(pos + 1)
        pos = data.find(needle, pos + 1, end)
    return out


def _line_no(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _parse_git_file(data: bytes, s: int, e: int, hunks: list, name: str, trusted: bool) -> FileDiff:
    header_end = hunks[0][0] if hunks else e
    header = data[s:header_end].split(b"\n")
    fd = FileDiff(status="M", old_path=None, new_path=None, _data=data)
    a_path, b_path = parse_git_header_paths(header[0][len(b"diff --git "):])
    minus = plus = None
    rename_from = rename_to = None
    binary_patch = False
    for line in header[1:]:
        for prefix, attr in _MODE_LINES.items():
            if line.startswith(prefix):
                setattr(fd, attr, line[len(prefix):].decode("ascii", "replace").strip())
                if prefix.startswith(b"deleted"):
                    fd.status = "D"
                elif prefix.startswith(b"new file"):
                    fd.status = "A"
                break
        else:
            if line.startswith(b"similarity index "):
                fd.similarity = _percent(line)
            elif line.startswith((b"rename from ", b"copy from ")):
                fd.status = "R" if line.startswith(b"rename") else "C"
                rename_from = unquote_path(line.split(b" ", 2)[2])
            elif line.startswith((b"rename to ", b"copy to ")):
                rename_to = unquote_path(line.split(b" ", 2)[2])
            elif line.startswith(b"index "):
                _parse_index(fd, line)
            elif line.startswith(b"--- "):
                minus = _side_path(line[4:])
            elif line.startswith(b"+++ "):
                plus = _side_path(line[4:])
            elif line.startswith(b"Binary files "):
                fd.binary = True
            elif line.startswith(b"GIT binary patch"):
                fd.binary = binary_patch = True
            elif line.startswith(b"@@"):
                # Not matched as a hunk header, so its lines would silently vanish.
                pos = data.index(b"\n@@", s) + 1
                raise UsageError("malformed hunk header", path=name, line=_line_no(data, pos))
    if binary_patch:
        _binary_patch_sizes(fd, header)
    prefixed = a_path is not None and a_path.startswith("a/") and (b_path or "").startswith("b/")
    fd.old_path = rename_from or _pick(minus, a_path, "a/", prefixed)
    fd.new_path = rename_to or _pick(plus, b_path, "b/", prefixed)
    if fd.old_path is None and fd.new_path is None:
        # Like `git apply`: a file diff must say which file it is.
        raise UsageError("'diff --git' header names no file", path=name, line=_line_no(data, s))
    if fd.status == "A":
        fd.old_path = None
    elif fd.status == "D":
        fd.new_path = None
    if fd.status == "M" and fd.old_mode and fd.new_mode and fd.old_mode[:2] != fd.new_mode[:2]:
        fd.status = "T"  # regular file <-> symlink <-> submodule
    if hunks and not fd.binary:
        _attach_hunks(fd, data, hunks, e, name, trusted)
    return fd


def _pick(side: str | None, header: str | None, prefix: str, prefixed: bool) -> str | None:
    if side == "/dev/null":
        return None
    path = side if side is not None else header
    return strip_prefix(path, prefix) if prefixed and path is not None else path


def _side_path(raw: bytes) -> str:
    raw = raw.rstrip(b"\r")
    if not raw.startswith(b'"') and b"\t" in raw:
        raw = raw.split(b"\t", 1)[0]  # "--- file<TAB>timestamp" from diff -u
    return unquote_path(raw)


def _percent(line: bytes) -> int | None:
    digits = re.search(rb"(\d+)%", line)
    return int(digits.group(1)) if digits else None


def _parse_index(fd: FileDiff, line: bytes) -> None:
    parts = line[6:].decode("ascii", "replace").split()
    if parts and ".." in parts[0]:
        fd.old_oid, fd.new_oid = parts[0].split("..", 1)
    if len(parts) > 1:  # unchanged mode, shown only here
        fd.old_mode = fd.old_mode or parts[1]
        fd.new_mode = fd.new_mode or parts[1]


def _binary_patch_sizes(fd: FileDiff, header: list[bytes]) -> None:
    """``GIT binary patch`` blocks: forward (new) first, then reverse (old)."""
    sizes = [
        int(line.split()[1]) if line.startswith(b"literal ") else None
        for line in header
        if line.startswith((b"literal ", b"delta "))
    ]
    if sizes:
        fd.new_size = sizes[0]
    if len(sizes) > 1:
        fd.old_size = sizes[1]


def _attach_hunks(fd: FileDiff, data: bytes, hunks: list, e: int, name: str, trusted: bool) -> None:
    """Hunks from (offset, header match) pairs; the body runs to ``e``. Line indexes
    of the hunks are worked out later, when (if) the file's lines are split."""
    bs = hunks[0][0]
    be = e - 1 if e > bs and data[e - 1] == 10 else e
    fd._body = (bs, be)
    want_old = want_new = 0
    for pos, m in hunks:
        ol, nl = m.group(2, 4)
        h = Hunk(int(m.group(1)), 1 if ol is None else int(ol), int(m.group(3)), 1 if nl is None else int(nl),
                 m.group(5).decode("utf-8", "replace"), pos - bs, _file=weakref.ref(fd))
        fd.hunks.append(h)
        want_old += h.old_lines
        want_new += h.new_lines
    # Lines start at bs and after every newline; bs - 1 is the newline before bs.
    fd.added = data.count(b"\n+", bs - 1, be)
    ctx = want_new - fd.added
    fd.removed = want_old - ctx
    if trusted:
        return
    removed = data.count(b"\n-", bs - 1, be)
    rest = data.count(b"\n", bs, be) + 1 - len(hunks) - ctx - fd.added - removed
    # Exact when both sides agree on the context and every other line is a
    # "\ No newline" mark; otherwise (junk after a hunk) walk the lines.
    if removed != fd.removed or ctx < 0 or (rest and data.count(b"\n\\", bs - 1, be) != rest):
        _walk_hunks(fd, data, name)


def _match_hunks(data: bytes, starts: list[int], end: int, name: str) -> list:
    out = []
    for pos in starts:
        m = _HUNK_RE.match(data, pos, end)
        if m is None:
            raise UsageError("malformed hunk header", path=name, line=_line_no(data, pos))
        out.append((pos, m))
    return out


def _walk_hunks(fd: FileDiff, data: bytes, name: str) -> None:
    """Slow path: bound each hunk by its header counts; trailing junk is ignored."""
    lines = fd.raw_lines()
    fd.added = fd.removed = 0
    for h in fd.hunks:
        old_left, new_left = h.old_lines, h.new_lines
        j = h.first
        while j < len(lines) and (old_left > 0 or new_left > 0):
            c = lines[j][:1]
            if c in (b" ", b""):
                old_left -= 1
                new_left -= 1
            elif c == b"-":
                old_left -= 1
                fd.removed += 1
            elif c == b"+":
                new_left -= 1
                fd.added += 1
            elif c != b"\\":
                break
            j += 1
        if j < len(lines) and lines[j][:1] == b"\\":
            j += 1
        if old_left != 0 or new_left != 0:
            pos = fd._body[0] + sum(len(x) + 1 for x in lines[:j])
            raise UsageError(
                f"hunk {h.header} of {fd.path} is truncated or malformed", path=name, line=_line_no(data, pos)
            )
        h.end = j


def _parse_plain(data: bytes, name: str) -> list[FileDiff]:
    """``diff -u`` output without git headers: a file starts at a '---'/'+++' pair.

    Hunks are walked by their header counts, so a removed "-- x" line followed by an
    added "++ y" line inside a body is never mistaken for the next file.
    """
    files: list[FileDiff] = []
    pos = 0
    while (m := _PLAIN_FILE_RE.search(data, pos)) is not None:
        nl = data.find(b"\n", m.end())
        nl = len(data) if nl < 0 else nl
        old = _side_path(data[m.start() + 4 : m.end() - 5])
        new = _side_path(data[m.end() : nl])
        prefixed = old.startswith(("a/", "/dev/null")) and new.startswith(("b/", "/dev/null"))
        fd = FileDiff(status="M", old_path=_pick(old, None, "a/", prefixed),
                      new_path=_pick(new, None, "b/", prefixed), _data=data)
        if fd.old_path is None:
            fd.status = "A"
        elif fd.new_path is None:
            fd.status = "D"
        cursor = body_start = nl + 1
        while (h := _HUNK_RE.match(data, cursor)) is not None:
            old_left = int(h.group(2)) if h.group(2) is not None else 1
            new_left = int(h.group(4)) if h.group(4) is not None else 1
            cursor = _next_line(data, h.end())
            while cursor < len(data) and (old_left > 0 or new_left > 0 or data[cursor:cursor + 1] == b"\\"):
                c = data[cursor:cursor + 1]
                if c in (b" ", b"\n"):
                    old_left, new_left = old_left - 1, new_left - 1
                elif c == b"-":
                    old_left -= 1
                elif c == b"+":
                    new_left -= 1
                elif c != b"\\":
                    break
                cursor = _next_line(data, cursor)
            if old_left or new_left:
                raise UsageError(f"hunk of {fd.path} is truncated or malformed", path=name,
                                 line=_line_no(data, cursor))
        if data.startswith(b"@@", cursor):
            raise UsageError("malformed hunk header", path=name, line=_line_no(data, cursor))
        if cursor > body_start:
            starts = _line_starts(data, b"@@ -", body_start, cursor)
            _attach_hunks(fd, data, _match_hunks(data, starts, cursor, name), cursor, name, False)
        files.append(fd)
        pos = max(cursor, nl + 1)
    return files


def _next_line(data: bytes, pos: int) -> int:
    nl = data.find(b"\n", pos)
    return len(data) if nl < 0 else nl + 1
