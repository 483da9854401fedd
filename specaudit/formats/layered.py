"""The layered Markdown form: Intent, Behavior, Edge cases, Invariants, What NOT to build.

Headings are matched loosely (any level, any case, optional numbering, synonyms). Each
top-level list item or paragraph under one of them is a clause keyed
``<canonical>-<n>``, or ``<canonical>/<sub-slug>-<n>`` under a sub-heading.
"""

from __future__ import annotations

import re

from specaudit.core.markdown import (
    Block,
    block_text,
    clean_heading,
    item_text,
    outline,
    slug,
    split_lines,
)
from specaudit.core.model import ClauseKind, Spec
from specaudit.formats._common import ClauseBuilder
from specaudit.formats._mdformat import MarkdownFormat

# canonical section -> (clause kind, heading written when the section is created)
SECTIONS: dict[str, tuple[str, str]] = {
    "intent": (ClauseKind.INTENT, "Intent"),
    "behavior": (ClauseKind.REQUIREMENT, "Behavior"),
    "edge-cases": (ClauseKind.EDGE_CASE, "Edge cases"),
    "invariants": (ClauseKind.INVARIANT, "Invariants"),
    "non-goals": (ClauseKind.NON_GOAL, "What NOT to build"),
}
_SYNONYMS: dict[str, str] = {}
for _canon, _names in {
    "intent": ("intent", "purpose", "goal", "goals"),
    "behavior": ("behavior", "behaviour", "behaviors", "behaviours", "requirements", "requirement"),
    "edge-cases": ("edge cases", "edge case", "edge-cases", "constraints", "constraint"),
    "invariants": ("invariants", "invariant"),
    "non-goals": (
        "what not to build", "what we will not build", "non-goals", "non goals", "nongoals",
        "non-goal", "out of scope", "out-of-scope", "not to build",
    ),
}.items():
    for _n in _names:
        _SYNONYMS[_n] = _canon
# Which section a new clause of a kind goes to when the caller names a kind, not a section.
# Keyed by kind name: ClauseKind is a StrEnum, so a plain str kind looks up too.
KIND_SECTION: dict[str, str] = {
    ClauseKind.INTENT: "intent",
    ClauseKind.REQUIREMENT: "behavior",
    ClauseKind.EDGE_CASE: "edge-cases",
    ClauseKind.CONSTRAINT: "edge-cases",
    ClauseKind.INVARIANT: "invariants",
    ClauseKind.NON_GOAL: "non-goals",
}
_SPLIT = re.compile(r"\s*(?:/|&|\+|,|;|\band\b|\bor\b|\(|\)|:|—|–)\s*")
_CLAUSE_BLOCKS = ("paragraph", "item", "table", "quote")


def canonical_section(heading: str) -> str | None:
    """'2. Edge cases / constraints' -> 'edge-cases'; None if not a layered heading."""
    name = re.sub(r"\s+", " ", clean_heading(heading).lower()).strip(" :.")
    if name in _SYNONYMS:
        return _SYNONYMS[name]
    for part in _SPLIT.split(name):
        if part.strip() in _SYNONYMS:
            return _SYNONYMS[part.strip()]
    return None


def walk_sections(blocks: list[Block]):
    """Yield (canonical or None, sub-slug path, heading path, block) for each non-heading
    root block or top-level item, following the heading structure."""
    path: list[tuple[int, str]] = []  # (level, heading text)
    canon: str | None = None
    canon_level = 0
    sub: list[tuple[int, str]] = []
    for b in blocks:
        if b.kind == "heading":
            while path and path[-1][0] >= b.level:
                path.pop()
            path.append((b.level, b.inline.strip()))
            if canon is not None and b.level > canon_level:
                while sub and sub[-1][0] >= b.level:
                    sub.pop()
                sub.append((b.level, slug(b.inline)))
                continue
            canon = canonical_section(b.inline)
            canon_level, sub = b.level, []
            continue
        if b.kind == "item" and b.depth > 0:
            continue
        yield canon, tuple(s for _, s in sub), tuple(t for _, t in path), b


class LayeredFormat(MarkdownFormat):
    name = "layered"
    description = "Layered Markdown: Intent, Behavior, Edge cases, Invariants, What NOT to build"

    def detect(self, path: str, text: str) -> int:
        if not path.lower().endswith((".md", ".markdown", ".txt")) and path:
            return 0
        found = {
            canonical_section(b.inline) for b in outline(text) if b.kind == "heading"
        } - {None}
        # One matching heading is common in any document; two or more make the form.
        return 0 if len(found) < 2 else min(70, 20 * len(found))

    def collect(self, path: str, text: str, lines: list[str], blocks: list[Block], out: ClauseBuilder) -> None:
        for canon, sub, section, b in walk_sections(blocks):
            if canon is None or b.kind not in _CLAUSE_BLOCKS:
                continue
            prefix = "/".join((canon, *sub))
            key = f"{prefix}-{out.next_ordinal(prefix)}"
            body = item_text(lines, b.start, b.end) if b.kind == "item" else block_text(lines, b.start, b.end)
            out.add(key, SECTIONS[canon][0], body, section, b.start, b.end,
                    meta={"canonical": canon})

    def locate_section(self, spec: Spec, section: str, kind: str):
        canon = canonical_section(section) or KIND_SECTION.get(kind) or section.strip().lower()
        if canon not in SECTIONS:
            return super().locate_section(spec, section, kind)
        last = None
        for c in spec.clauses:
            if c.meta.get("canonical") == canon:
                last = c
        if last is not None:
            return last, last.span[1], []
        lines = split_lines(spec.text)
        headings = [b for b in outline(spec.text, lines) if b.kind == "heading"]
        for h in headings:
            if canonical_section(h.inline) == canon:
                return None, h.end, []
        level = min((h.level for h in headings if canonical_section(h.inline)), default=2)
        return None, len(lines), ["#" * level + " " + SECTIONS[canon][1]]


FORMAT = LayeredFormat()
