"""Shared detect/parse/write-back scaffolding for the Markdown-based formats.

Write-back works on lines: the new clause is rendered in the file's own syntax and
spliced in with ``insert_lines``/``replace_lines``, so no other byte changes. The new
clause's key is read back by parsing the result, so it always agrees with the parser.
"""

from __future__ import annotations

import re

from specaudit.core.errors import SpecError
from specaudit.core.markdown import Block, outline, split_lines, unclosed_fence
from specaudit.core.model import Clause, Spec
from specaudit.formats._common import (
    ClauseBuilder,
    insert_lines,
    next_line_blank,
    render_with_prefix,
    replace_lines,
    require_clause,
    spec_title,
)

_ORDERED = re.compile(r"^([ \t]*)(\d{1,9})([.)])")
_CHECKBOX = re.compile(r"\[[ xX\-]\]")


def next_prefix(prefix: str) -> str:
    """The list prefix for a sibling after an item: numbers advance, checkboxes reset."""
    m = _ORDERED.match(prefix)
    if m:
        n = str(int(m.group(2)) + 1)
        prefix = m.group(1) + n + m.group(3) + prefix[m.end() :]
    return _CHECKBOX.sub("[ ]", prefix, count=1)


def _list_numbers(spec: Spec, anchor: Clause, indent: str) -> set[int]:
    """The numbers written on the items of ``anchor``'s list: the clauses of its section
    whose prefix is a number at the same indentation."""
    used = set()
    for c in spec.clauses:
        m = _ORDERED.match(c.meta.get("prefix") or "")
        if m and m.group(1) == indent and c.section == anchor.section:
            used.add(int(m.group(2)))
    return used


class MarkdownFormat:
    """Base for Markdown formats. Subclasses implement detect, parse and, where their
    syntax needs it, ``render_new`` / ``locate_section`` / ``keep_id``."""

    name = ""
    description = ""

    def detect(self, path: str, text: str) -> int:  # pragma: no cover - overridden
        return 0

    def parse(self, path: str, text: str) -> Spec:
        lines = split_lines(text)
        blocks = outline(text, lines)
        out = ClauseBuilder(path, lines)
        self.collect(path, text, lines, blocks, out)
        for b in blocks:
            if b.kind == "fence" and unclosed_fence(lines, b):
                out.problem(b.start + 1, "code fence is never closed: the rest of the file is code, not clauses")
        return Spec(path, self.name, spec_title(path, blocks), out.clauses, text, out.problems)

    def collect(self, path: str, text: str, lines: list[str], blocks: list[Block], out: ClauseBuilder) -> None:
        """Add this format's clauses (and problems) to ``out``."""
        raise NotImplementedError

    # -- hooks ---------------------------------------------------------------------------
    def render_new(self, spec: Spec, anchor: Clause | None, text: str, kind: str) -> list[str]:
        """Lines (no endings) of a new clause placed after ``anchor``."""
        if anchor is not None and anchor.meta.get("prefix", "").strip():
            prefix = next_prefix(anchor.meta["prefix"])
            group = anchor.meta.get("group")
            ordered = _ORDERED.match(prefix)
            if group is not None and ordered:
                # Numbered clauses keep their written number as key: take the next free one.
                top = max((c.meta.get("number", 0) for c in spec.clauses if c.meta.get("group") == group), default=0)
                prefix = _ORDERED.sub(lambda m: f"{m.group(1)}{top + 1}{m.group(3)}", prefix, count=1)
            elif ordered:
                # Under an item of a numbered list: its next number, unless an item below has
                # it (no other line is renumbered), then the list's next free one.
                used = _list_numbers(spec, anchor, ordered.group(1))
                if int(ordered.group(2)) in used:
                    prefix = _ORDERED.sub(lambda m: f"{m.group(1)}{max(used) + 1}{m.group(3)}", prefix, count=1)
            return render_with_prefix(prefix, text)
        return render_with_prefix("- ", text)

    def keep_id(self, clause: Clause, text: str) -> str:
        """Text to write when replacing a clause (formats keep their explicit id)."""
        return text

    def locate_section(self, spec: Spec, section: str, kind: str) -> tuple[Clause | None, int, list[str]]:
        """Where a clause appended to ``section`` goes: (last clause there or None,
        1-based line to insert after when there is none, lines that create the section)."""
        want = section.strip().lower()
        last = None
        for c in spec.clauses:
            if any(want == s.strip().lower() for s in c.section) or c.key.startswith(want + "-"):
                last = c
        if last is not None:
            return last, last.meta.get("after", last.span[1]), []
        return None, len(split_lines(spec.text)), [f"## {section.strip()}"]

    # -- write-back ---------------------------------------------------------------------
    def insert_after(self, spec: Spec, after_key: str, text: str, kind: str) -> tuple[str, str]:
        anchor = require_clause(spec, after_key)
        return self._insert(spec, anchor, anchor.meta.get("after", anchor.span[1]), [], text, kind)

    def append_to_section(self, spec: Spec, section: str, text: str, kind: str) -> tuple[str, str]:
        anchor, at, create = self.locate_section(spec, section, kind)
        return self._insert(spec, anchor, at, create, text, kind)

    def replace_clause_text(self, spec: Spec, key: str, text: str) -> str:
        clause = require_clause(spec, key)
        if not text.strip():
            raise SpecError("the new clause text is empty", path=spec.path, line=clause.span[0])
        if clause.meta.get("bodyless"):  # a heading without a body: the text goes under it
            return insert_lines(spec.text, clause.span[1], ["", *text.strip().split("\n")])
        first, last = clause.meta["edit"]
        return replace_lines(spec.text, first, last, render_with_prefix(clause.meta["prefix"], self.keep_id(clause, text)))

    def _insert(self, spec, anchor, at, create, text, kind) -> tuple[str, str]:
        if not text.strip():
            raise SpecError("the new clause text is empty", path=spec.path)
        body = self.render_new(spec, anchor, text, kind)
        in_list = anchor is not None and not create and (anchor.meta.get("prefix", "").strip()
                                                          or anchor.meta.get("line_id"))
        # A new list item joins its list; anything else is a block of its own.
        lead = [] if in_list else ["", *create, ""] if create else [""]
        if at == 0 and lead:
            lead = lead[1:]  # nothing above to separate from
        tail = [] if in_list or next_line_blank(spec.text, at) else [""]
        new_text = insert_lines(spec.text, at, [*lead, *body, *tail])
        return new_text, self._key_at(spec, new_text, at + 1 + len(lead))

    def _key_at(self, spec: Spec, new_text: str, line: int) -> str:
        parsed = self.parse(spec.path, new_text)
        for c in parsed.clauses:
            if c.span[0] == line:
                return c.key
        for c in parsed.clauses:
            if c.span[0] <= line <= c.span[1]:
                return c.key
        raise SpecError("the inserted clause could not be parsed back", path=spec.path, line=line)
