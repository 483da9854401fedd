"""Tree-sitter node helpers that know no language: a node's last line, a quoted
literal's text, two sibling nodes seen as one, a walk to type names, merged line spans."""

from __future__ import annotations


def last_line(node) -> int:
    """1-based last line of a node; a node ending at column 0 (a Rust line comment keeps
    its newline) ends on the line before."""
    row, col = node.end_point
    if col == 0 and row > node.start_point[0]:
        return row
    return row + 1


def unquote(raw: str) -> str:
    q = raw[:1]
    if q in ('"', "'", "`") and len(raw) >= 2 and raw[-1] == q and raw[1:2] != q:
        return raw[1:-1]  # the common case: one plain quote each side
    s = raw.lstrip("rRbBuUfF")
    if s.startswith("#"):  # Rust raw string r#"..."#
        s = s.strip("#")
    for q in ('"""', "'''", '"', "'", "`"):
        if s.startswith(q) and s.endswith(q) and len(s) >= 2 * len(q):
            return s[len(q):-len(q)]
    return s.strip()


class Span:
    """Two sibling nodes seen as one (attributes or decorators, then the definition)."""

    def __init__(self, first, last) -> None:
        self.first, self.last = first, last
        self.start_point, self.end_point = first.start_point, last.end_point
        self.start_byte, self.end_byte = first.start_byte, last.end_byte
        self.parent = last.parent
        self.prev_named_sibling = first.prev_named_sibling


def walk_types(node):
    """Type identifiers inside a Go receiver (``(s *Svc)`` -> Svc)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "type_identifier":
            yield n
        stack.extend(reversed(n.named_children))


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
