"""Generic Markdown: the fallback for any Markdown spec no other format claims (BMAD PRDs,
proposals, design notes).

Each top-level list item or paragraph under a heading is a clause. A bold id at its start
(``**FR1:**``, ``**NFR-2**``) is its key; otherwise ``<heading-slug>-<n>``. The kind comes
from the layered heading synonyms (a bullet under "Non-goals" is a non-goal), else from a
PRD's headings (BMAD: "Functional Requirements", "Non-Functional Requirements", "Success
Criteria", the nearest first), else from the id (``FR1`` a requirement, ``NFR-2`` a
constraint, ``SC-1`` a success criterion), else from what it says (a "Given ..."
acceptance scenario, an "As a ..., I want" story: BMAD's epics), else ``note``:
"Author: Alessio" and the executive summary are read, not reviewed against code.
"""

from __future__ import annotations

import re

from specaudit.core.markdown import Block, block_text, item_text, slug, strip_eol
from specaudit.core.model import Clause, ClauseKind, Spec
from specaudit.formats._common import ClauseBuilder, next_id
from specaudit.formats._mdformat import MarkdownFormat
from specaudit.formats.layered import SECTIONS, canonical_section

_BOLD_ID = re.compile(r"^\*\*([A-Z]{1,8}-?\d+(?:[.-]\d+)*[a-z]?)\s*:?\s*\*\*")
# An inventory line "FR1: Users can ..." (BMAD epics list the PRD's requirements so, one per
# line in a single paragraph): each line is a requirement of its own, keyed by its id.
_LINE_ID = re.compile(r"^(?:\*\*)?([A-Z]{1,8}-?\d+(?:[.-]\d+)*[a-z]?)(?:\*\*)?[ \t]*[:：]")
# A PRD's headings the layered synonyms do not name, most specific first.
_PRD_HEADINGS = (
    (re.compile(r"\bnon[- ]?functional\b|\bnfrs?\b|\bquality attributes\b", re.I), ClauseKind.CONSTRAINT),
    (re.compile(r"\bsuccess criteria\b|\bmeasurable outcomes\b", re.I), ClauseKind.SUCCESS_CRITERION),
    (re.compile(r"\brequirements?\b", re.I), ClauseKind.REQUIREMENT),
)
_ID_KINDS = {"NFR": ClauseKind.CONSTRAINT, "SC": ClauseKind.SUCCESS_CRITERION, "FR": ClauseKind.REQUIREMENT,
             "REQ": ClauseKind.REQUIREMENT}
_ID_PREFIX = re.compile(r"[A-Z]+")


_GHERKIN = re.compile(r"^\W*given\b", re.I)  # "**Given** I am on the registration page"
# The steps after a Given, when each is a list item of its own (BMAD's story files):
# "- **When** I type a title" joins the scenario its Given opened.
_GHERKIN_STEP = re.compile(r"^\W*(?:when|then|and|but)\b", re.I)
# A bold label standing alone over a scenario's steps: "**AC1 — Inline Enter-to-create flow:**".
_LABEL = re.compile(r"^\*\*(?:([A-Z]{1,8}-?\d+(?:[.-]\d+)*[a-z]?)\b)?[^*\n]*\*\*\s*$")
_USER_STORY = re.compile(r"^\W*as an?\b.*\bi want\b", re.I | re.S)  # "As a user, I want ..."


def _kind(headings: list[tuple[int, str]], key: str | None, body: str) -> str:
    """A clause's kind from the PRD headings above it (nearest first; a level-1 heading is
    the document's title, "Product Requirements Document", and says nothing), else from
    what it is (an acceptance scenario, a user story: BMAD's epics), else from its id."""
    if _GHERKIN.match(body):
        return ClauseKind.SCENARIO
    if _USER_STORY.match(body):
        return ClauseKind.REQUIREMENT
    for level, heading in reversed(headings):
        if level == 1:
            continue
        for pattern, kind in _PRD_HEADINGS:
            if pattern.search(heading):
                return kind
    m = _ID_PREFIX.match(key or "")
    return _ID_KINDS.get(m.group(0), ClauseKind.NOTE) if m else ClauseKind.NOTE


def _scenarios(lines: list[str], blocks: list[Block]) -> dict[int, tuple[int | None, list[int]]]:
    """Scenarios written one step per list item: the index of the Given item -> (the index
    of the bold label paragraph just above it, if any; those of the When / Then / And items
    that follow it)."""
    out: dict[int, tuple[int | None, list[int]]] = {}
    for i, b in enumerate(blocks):
        if b.kind != "item" or b.depth > 0 or not _GHERKIN.match(item_text(lines, b.start, b.end)):
            continue
        steps: list[int] = []
        for j in range(i + 1, len(blocks)):
            nxt = blocks[j]
            if nxt.kind == "item" and nxt.depth > 0:
                continue  # a step's own sub-bullets: inside its lines
            if nxt.kind != "item" or not _GHERKIN_STEP.match(item_text(lines, nxt.start, nxt.end)):
                break
            steps.append(j)
        prev = blocks[i - 1] if i > 0 else None
        label = i - 1 if (prev is not None and prev.kind == "paragraph"
                          and _LABEL.match(block_text(lines, prev.start, prev.end))) else None
        if steps or label is not None:
            out[i] = (label, steps)
    return out


class GenericMarkdownFormat(MarkdownFormat):
    name = "markdown"
    description = "Any Markdown document: bullets and paragraphs under headings (fallback)"

    def detect(self, path: str, text: str) -> int:
        name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
        return 5 if name.endswith((".md", ".markdown", ".mdx", ".txt")) or "." not in name else 0

    def collect(self, path: str, text: str, lines: list[str], blocks: list[Block], out: ClauseBuilder) -> None:
        path_stack: list[tuple[int, str, str | None]] = []  # (level, heading, canonical)
        groups = _scenarios(lines, blocks)
        joined = {j for label, steps in groups.values() for j in (label, *steps) if j is not None}
        for i, b in enumerate(blocks):
            if i in joined:
                continue  # a label or a step read with the scenario it belongs to
            if b.kind == "heading":
                while path_stack and path_stack[-1][0] >= b.level:
                    path_stack.pop()
                path_stack.append((b.level, b.inline.strip(), canonical_section(b.inline)))
                continue
            if b.kind not in ("paragraph", "item") or (b.kind == "item" and b.depth > 0):
                continue
            body = item_text(lines, b.start, b.end) if b.kind == "item" else block_text(lines, b.start, b.end)
            canon = next((c for _, _, c in reversed(path_stack) if c), None)
            section = tuple(h for _, h, _ in path_stack)
            levels = [(lv, h) for lv, h, _ in path_stack]
            named = SECTIONS[canon][0] if canon else None  # a layered heading decides for all under it
            own = [strip_eol(ln) for ln in lines[b.start:b.end]]
            ids = [m.group(1) if (m := _LINE_ID.match(ln)) else "" for ln in own]
            if b.kind == "paragraph" and len(own) > 1 and all(ids):
                for n, (ident, ln) in enumerate(zip(ids, own, strict=True), start=b.start):
                    out.add(ident, named or _kind(levels, ident, ln), ln.strip(), section, n, n + 1, meta={"line_id": True})
                continue
            start, end = b.start, b.end
            group = groups.get(i)
            m = _BOLD_ID.match(body)
            label = m.group(0) if m else None
            ident = m.group(1) if m else None
            if group is not None:  # a labelled or bulleted Given/When/Then: one scenario
                at, steps = group
                parts = [item_text(lines, s.start, s.end) for s in (b, *(blocks[j] for j in steps))]
                if at is not None:
                    start = blocks[at].start
                    parts.insert(0, block_text(lines, start, blocks[at].end))
                    lm = _LABEL.match(parts[0])
                    ident, label = (lm.group(1) if lm else None), None
                body = "\n".join(parts)
                end = blocks[steps[-1]].end if steps else b.end
            if ident is not None:
                key = ident
            else:
                prefix = (path_stack[-1][2] or slug(path_stack[-1][1])) if path_stack else "preamble"
                key = f"{prefix}-{out.next_ordinal(prefix)}"
            kind = ClauseKind.SCENARIO if group is not None and not named else named or _kind(levels, ident, body)
            out.add(key, kind, body, section, start, end, meta={"label": label} if label else None)

    def keep_id(self, clause: Clause, text: str) -> str:
        """Replacing a clause keyed by its id keeps the id as written ("**FR1:**", "FR1:")."""
        if clause.meta.get("line_id") and not _LINE_ID.match(text):
            return f"{clause.key}: {' '.join(text.split())}"
        label = clause.meta.get("label")
        if label and not _BOLD_ID.match(text):
            return f"{label} {text.strip()}"
        return text

    def render_new(self, spec: Spec, anchor: Clause | None, text: str, kind: str) -> list[str]:
        if anchor is not None and anchor.meta.get("line_id"):  # one more line of the inventory
            body = " ".join(text.split())
            return [body if _LINE_ID.match(body) else f"{next_id(spec, anchor.key)}: {body}"]
        label = anchor.meta.get("label") if anchor is not None else None
        if anchor is not None and label and not _BOLD_ID.match(text):  # "- **FR30:** ..." like its siblings
            text = f"{label.replace(anchor.key, next_id(spec, anchor.key), 1)} {text.strip()}"
        return super().render_new(spec, anchor, text, kind)


FORMAT = GenericMarkdownFormat()
