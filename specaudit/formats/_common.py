"""Helpers every format shares: building clauses with unique keys, and byte-exact line edits."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from specaudit.core.errors import SpecError
from specaudit.core.fingerprint import text_fingerprint
from specaudit.core.markdown import (
    BOM,
    TITLE_MAX,
    Block,
    dominant_eol,
    eol_of,
    split_lines,
    strip_eol,
    title_of,
)
from specaudit.core.model import FLAG_DUPLICATE_ID, Clause, Problem, Spec

_PREFIX_RE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX\-]\][ \t]*|[ \t]+|$)")


class ClauseBuilder:
    """Collects clauses in order; a repeated key is kept under ``KEY~N`` and reported."""

    def __init__(self, path: str, lines: list[str]):
        self.path = path
        self.lines = lines
        self.clauses: list[Clause] = []
        self.problems: list[Problem] = []
        self._first_line: dict[str, int] = {}
        self._ordinals: dict[str, int] = {}
        self._numbers: dict[str, set[int]] = {}

    def next_ordinal(self, prefix: str) -> int:
        self._ordinals[prefix] = self._ordinals.get(prefix, 0) + 1
        return self._ordinals[prefix]

    def numbered(self, group: str, written: int | None) -> int:
        """The number an ordered item keeps as its key: the one written in the file, so keys
        survive insertions; the next free one when it is missing or repeated (``1. 1. 1.``)."""
        used = self._numbers.setdefault(group, set())
        n = written if written is not None and written not in used else max(used, default=0) + 1
        used.add(n)
        return n

    def problem(self, line: int, message: str, severity: str = "warning") -> None:
        self.problems.append(Problem(self.path, line, message, severity))

    def add(
        self,
        key: str,
        kind: str,
        text: str,
        section: tuple[str, ...],
        start: int,
        end: int,
        *,
        title: str | None = None,
        refs: tuple[str, ...] = (),
        flags: tuple[str, ...] = (),
        meta: dict | None = None,
        edit: tuple[int, int] | None = None,
    ) -> Clause:
        """Add a clause over 0-based lines [start, end). ``edit`` is the 0-based [start, end)
        range that replace_clause_text rewrites (default: the whole span)."""
        meta = dict(meta or {})
        es, ee = edit or (start, end)
        meta.setdefault("edit", (es + 1, ee))
        if "prefix" not in meta:
            m = _PREFIX_RE.match(strip_eol(self.lines[es]).lstrip(BOM)) if es < len(self.lines) else None
            meta["prefix"] = m.group(0) if m else ""
        if key in self._first_line:
            n = 2
            while f"{key}~{n}" in self._first_line:
                n += 1
            self.problem(start + 1, f"duplicate id {key} (first at line {self._first_line[key]}); kept as {key}~{n}")
            key = f"{key}~{n}"
            flags = (*flags, FLAG_DUPLICATE_ID)
        self._first_line[key] = start + 1
        clause = Clause(
            key=key,
            kind=str(kind),
            title=title if title is not None else title_of(text),
            text=text,
            section=section,
            span=(start + 1, max(start + 1, end)),
            fingerprint=text_fingerprint(text),
            refs=tuple(refs),
            flags=tuple(dict.fromkeys(flags)),
            meta=meta,
        )
        self.clauses.append(clause)
        return clause


# File names the spec tools give every spec: the folder names it (an OpenSpec delta spec
# has no title heading, and "# Regeneration brief: spec" said nothing).
_GENERIC_STEMS = frozenset({"spec", "specs", "requirements", "prd", "readme", "index", "design", "proposal"})


def spec_title(path: str, blocks: list[Block]) -> str:
    for b in blocks:
        if b.kind == "heading" and b.level == 1:
            return b.inline.strip()
    p = PurePosixPath(path.replace("\\", "/"))
    if p.stem.lower() in _GENERIC_STEMS and p.parent.name:
        return p.parent.name
    return p.stem


def heading_paths(blocks: list[Block]) -> list[tuple[str, ...]]:
    """For each outline block, the texts of the headings above it (its own if a heading)."""
    path: list[tuple[int, str]] = []
    out = []
    for b in blocks:
        if b.kind == "heading":
            while path and path[-1][0] >= b.level:
                path.pop()
            path.append((b.level, b.inline.strip()))
        out.append(tuple(t for _, t in path))
    return out


def section_extent(blocks: list[Block], i: int) -> int:
    """0-based end line of heading ``i``'s section: its last block before the next heading
    of the same or a higher level (where a sibling section is inserted)."""
    head = blocks[i]
    end = head.end
    for b in blocks[i + 1 :]:
        if b.kind == "heading" and b.level <= head.level:
            break
        end = max(end, b.end)
    return end


_SCAR_NOTE = re.compile(r"\s*\((?:scar|incident)\b[^)]*\)")


def heading_name(sentence: str) -> str:
    """A heading's name for a one-sentence clause: the sentence without the scar note in
    parentheses or the final full stop, cut between words (never an ellipsis in a key)."""
    name = _SCAR_NOTE.sub("", sentence).strip().rstrip(".。").strip()
    if len(name) > TITLE_MAX:
        name = name[:TITLE_MAX].rsplit(" ", 1)[0]
    return name or sentence.strip()


def heading_clause_lines(head: str, text: str) -> list[str]:
    """A heading-style clause: ``head`` + the text's first line, the rest as its body. A
    one-line sentence is named by the heading and kept whole as the body, as its
    neighbours read ("### Requirement: Name" then the SHALL text), never a bare heading."""
    first, _, rest = text.strip().partition("\n")
    if first.lstrip().startswith("#"):
        return text.strip().split("\n")
    if not rest.strip() and heading_name(first) != first.strip():
        return [head + heading_name(first), "", first.strip()]
    body = rest.strip().split("\n") if rest.strip() else []
    return [head + first.strip(), *([""] + body if body else [])]


def next_id(spec: Spec, like: str) -> str:
    """The next free id of the family of ``like``: FR-012 -> FR-0xx after the highest."""
    m = re.match(r"^([A-Z]+-?)(\d+)", like)
    if not m:
        return like + "-new"
    family, width = m.group(1), len(m.group(2))
    nums = [int(mm.group(1)) for c in spec.clauses if (mm := re.match(rf"{re.escape(family)}(\d+)", c.key))]
    return f"{family}{max(nums, default=0) + 1:0{width}d}"


def require_clause(spec: Spec, key: str) -> Clause:
    clause = spec.clause(key)
    if clause is None:
        raise SpecError(f"no clause {key!r} in this spec", path=spec.path)
    return clause


# -- byte-exact line edits ----------------------------------------------------------------


def insert_lines(text: str, after: int, new: list[str]) -> str:
    """Insert ``new`` (lines without endings) after 1-based line ``after`` (0 = top).

    Line endings follow the file; a file without a final newline still ends without one.
    """
    lines = split_lines(text)
    eol = dominant_eol(lines)
    after = max(0, min(after, len(lines)))
    if after == 0 and lines and lines[0].startswith(BOM):  # the BOM stays first
        head = [BOM + new[0] + eol, *(n + eol for n in new[1:])]
        return "".join(head) + lines[0][1:] + "".join(lines[1:])
    before, rest = lines[:after], lines[after:]
    if before and not eol_of(before[-1]):
        # Appending past a last line without a newline: keep "no final newline".
        before[-1] = before[-1] + eol
        return "".join(before) + eol.join(new) + "".join(rest)
    return "".join(before) + "".join(n + eol for n in new) + "".join(rest)


def replace_lines(text: str, first: int, last: int, new: list[str]) -> str:
    """Replace 1-based lines first..last (inclusive) by ``new``; other bytes unchanged."""
    lines = split_lines(text)
    eol = dominant_eol(lines)
    first = max(1, first)
    last = min(max(first, last), len(lines))
    old = lines[first - 1 : last]
    tail_eol = eol_of(old[-1]) if old else eol
    out = [n + eol for n in new[:-1]] + ([new[-1] + tail_eol] if new else [])
    if first == 1 and lines and lines[0].startswith(BOM) and out:
        out[0] = BOM + out[0]
    return "".join(lines[: first - 1]) + "".join(out) + "".join(lines[last:])


def render_with_prefix(prefix: str, text: str) -> list[str]:
    """Clause text as lines after a list-marker prefix, continuation lines indented under it."""
    body = text.strip("\n").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    indent = " " * len(prefix.expandtabs(4)) if prefix.strip() else ""
    return [prefix + body[0]] + [(indent + line) if line.strip() else "" for line in body[1:]]


def next_line_blank(text: str, line: int) -> bool:
    """True when 1-based ``line + 1`` is blank or past the end."""
    lines = split_lines(text)
    return line >= len(lines) or not lines[line].strip()
