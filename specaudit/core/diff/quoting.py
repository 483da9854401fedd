"""Git's C-style path quoting, undone; paths come back as str (surrogateescape)."""

from __future__ import annotations

_ESCAPES = {ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11, ord("f"): 12,
            ord("r"): 13, ord('"'): 34, ord("\\"): 92}


def _unquote_bytes(raw: bytes) -> tuple[bytes, int]:
    """Unquote a C-quoted token starting at raw[0] == '"'; return (bytes, length used)."""
    out = bytearray()
    i = 1
    n = len(raw)
    while i < n:
        c = raw[i]
        if c == 34:  # closing quote
            return bytes(out), i + 1
        if c == 92 and i + 1 < n:
            d = raw[i + 1]
            if 48 <= d <= 55 and i + 3 < n + 1:  # \ooo octal byte
                out.append(int(raw[i + 1 : i + 4], 8) & 0xFF)
                i += 4
                continue
            out.append(_ESCAPES.get(d, d))
            i += 2
            continue
        out.append(c)
        i += 1
    return bytes(out), n


def unquote_path(raw: bytes) -> str:
    if raw.startswith(b'"'):
        raw = _unquote_bytes(raw)[0]
    return raw.decode("utf-8", "surrogateescape")


def parse_git_header_paths(rest: bytes) -> tuple[str | None, str | None]:
    """Split the 'a/X b/Y' of a 'diff --git' line. Unquoted paths with spaces are
    ambiguous; they are split where both halves name the same path."""
    rest = rest.rstrip(b"\r")
    if rest.startswith(b'"'):
        first, used = _unquote_bytes(rest)
        second = rest[used:].lstrip(b" ")
        return first.decode("utf-8", "surrogateescape"), unquote_path(second)
    if rest.endswith(b'"'):
        q = rest.find(b' "')
        if q >= 0:
            return rest[:q].decode("utf-8", "surrogateescape"), unquote_path(rest[q + 1 :])
    n = len(rest)
    if n % 2 == 1:
        half = (n - 1) // 2
        a, b = rest[:half], rest[half + 1 :]
        if a[2:] == b[2:]:
            return a.decode("utf-8", "surrogateescape"), b.decode("utf-8", "surrogateescape")
    parts = rest.split(b" ", 1)
    if len(parts) == 2:
        return parts[0].decode("utf-8", "surrogateescape"), parts[1].decode("utf-8", "surrogateescape")
    return None, None


def strip_prefix(path: str, prefix: str) -> str:
    return path[len(prefix):] if path.startswith(prefix) else path
