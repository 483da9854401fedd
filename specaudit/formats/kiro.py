"""Kiro (and clones such as cc-sdd): ``.kiro/specs/<feature>/{requirements,tasks,design}.md``.

requirements.md: ``### Requirement N`` (or ``要件 N``, with or without a title) keyed ``N``,
its numbered acceptance criteria in EARS form keyed ``N.M``. tasks.md: checkbox tasks keyed
``task-<number>`` with ``_Requirements: 1.1, 2.3_`` as refs. design.md: correctness
properties (``Property N``) keyed ``P<N>`` with their ``Validates:`` refs.
"""

from __future__ import annotations

import bisect
import re
from pathlib import PurePosixPath

from specaudit.core.markdown import (
    Block,
    block_text,
    clean_heading,
    item_number,
    item_text,
    strip_eol,
)
from specaudit.core.model import Clause, ClauseKind, Spec
from specaudit.formats._common import (
    ClauseBuilder,
    heading_clause_lines,
    heading_paths,
    section_extent,
)
from specaudit.formats._mdformat import MarkdownFormat
from specaudit.formats._tasks import (
    TASK_NUMBER,
    checkbox_tasks,
    keep_task_number,
    numbered_task_text,
    task_title,
)

_REQ = re.compile(r"^(?:requirement|要件)\s*(\d+)\s*(?:[:：.]\s*(.*))?$", re.I)
_AC = re.compile(r"^(?:\*\*)?\s*(?:acceptance\s+criteria|受け入れ基準|受入基準|受け入れ条件)\s*[:：]?\s*(?:\*\*)?\s*[:：]?$", re.I)
_EARS = (
    ("event", re.compile(r"^\W*when\b", re.I)),
    ("unwanted", re.compile(r"^\W*if\b", re.I)),
    ("state", re.compile(r"^\W*while\b", re.I)),
    ("optional", re.compile(r"^\W*where\b", re.I)),
)
_SHALL = re.compile(r"\bshall\b", re.I)
_REFS_LINE = re.compile(r"_(?:requirements?|要件)\s*[:：]\s*(.*?)_\s*$", re.I)
_REF_SPLIT = re.compile(r"\s*[,、，]\s*")
_PROPERTY = re.compile(r"^(?:\*\*)?property\s+(\d+)\s*[:：.]?\s*(.*?)(?:\*\*)?$", re.I)
_VALIDATES = re.compile(r"validates\s*[:：]\s*(?:requirements?\s*)?(.*?)[*_\s]*$", re.I)


def ears_pattern(text: str) -> str | None:
    """EARS pattern of an acceptance criterion, keywords matched case-insensitively."""
    for name, rx in _EARS:
        if rx.search(text):
            return name
    return "ubiquitous" if _SHALL.search(text) else None


def split_refs(raw: str) -> tuple[str, ...]:
    """The ids of a ``_Requirements:`` line, without the notes some carry in parentheses
    ("5.4（リアルタイム更新の最適化）", "5.3 (partial)"): a comma inside a note splits nothing."""
    return tuple(t.strip() for t in _REF_SPLIT.split(_bare(raw.strip())) if t.strip())


def _bare(raw: str) -> str:
    """``raw`` with its parenthesised notes cut out (nested ones too; an unclosed note
    runs to the end)."""
    out, depth = [], 0
    for ch in raw:
        if ch in "(（":
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)


def _role(path: str, text: str) -> str:
    name = PurePosixPath(path.replace("\\", "/")).name.lower()
    for role in ("requirements", "tasks", "design"):
        if name.endswith(role + ".md"):
            return role
    if re.search(r"^\s*[-*] \[[ xX\-]\]", text, re.M):
        return "tasks"
    return "requirements"


class KiroFormat(MarkdownFormat):
    name = "kiro"
    description = "Kiro requirements.md (EARS criteria), tasks.md and design.md"

    def detect(self, path: str, text: str) -> int:
        p = "/" + path.replace("\\", "/").lower()
        in_kiro = "/.kiro/specs/" in p or ".kiro__specs__" in p
        role = _role(path, text)
        if role == "requirements":
            heads = len(re.findall(r"^#{2,4}\s*(?:requirement|要件)\s*\d+", text, re.I | re.M))
            return (90 if in_kiro else 70) if heads else (40 if in_kiro else 0)
        if role == "tasks":
            refs = bool(_REFS_LINE.search(text.replace("\r", "")))
            return 90 if in_kiro else 55 if refs else 0
        return 85 if in_kiro else 0

    def collect(self, path: str, text: str, lines: list[str], blocks: list[Block], out: ClauseBuilder) -> None:
        role = _role(path, text)
        {"requirements": self._requirements, "tasks": self._tasks, "design": self._design}[role](
            lines, blocks, out)

    # -- requirements.md ---------------------------------------------------------------
    def _requirements(self, lines, blocks: list[Block], out: ClauseBuilder) -> None:
        path: list[tuple[int, str]] = []
        req: str | None = None
        req_level = 0
        in_ac = False
        for i, b in enumerate(blocks):
            if b.kind == "heading":
                while path and path[-1][0] >= b.level:
                    path.pop()
                path.append((b.level, b.inline.strip()))
                m = _REQ.match(clean_heading(b.inline))
                if m:
                    req, req_level, in_ac = m.group(1), b.level, False
                    self._requirement(lines, blocks, i, req, m.group(2) or "", tuple(t for _, t in path), out)
                elif req and b.level <= req_level:
                    req, in_ac = None, False
                elif req:
                    in_ac = bool(_AC.match(clean_heading(b.inline)))
                continue
            if not req:
                continue
            if b.kind == "paragraph" and _AC.match(b.inline.strip()):
                in_ac = True
            elif b.kind == "item" and in_ac and b.depth == 0 and b.marker in (".", ")"):
                n = out.numbered(req, item_number(lines, b))
                body = item_text(lines, b.start, b.end)
                out.add(f"{req}.{n}", ClauseKind.REQUIREMENT, body, tuple(t for _, t in path),
                        b.start, b.end, meta={"ears": ears_pattern(body), "requirement": req,
                                              "group": req, "number": n})

    def _requirement(self, lines, blocks, i, key, title, section, out: ClauseBuilder) -> None:
        head = blocks[i]
        end = head.end
        for b in blocks[i + 1 :]:
            if b.kind == "heading" or b.kind == "item" or b.kind == "hr":
                break
            if b.kind == "paragraph" and _AC.match(b.inline.strip()):
                break
            end = b.end
        body = block_text(lines, head.end, end) if end > head.end else clean_heading(head.inline)
        out.add(key, ClauseKind.REQUIREMENT, body, section, head.start, end,
                title=clean_heading(head.inline),
                meta={"title": title.strip(), "prefix": "", "bodyless": end <= head.end,
                      "after": section_extent(blocks, i), "heading_level": head.level},
                edit=(head.end, end) if end > head.end else None)

    # -- tasks.md ----------------------------------------------------------------------
    def _tasks(self, lines, blocks, out: ClauseBuilder) -> None:
        section = heading_paths(blocks)
        tasks = list(checkbox_tasks(lines, blocks))
        refs: dict[int, list[str]] = {t.index: [] for t in tasks}
        starts = [t.block.start for t in tasks]
        for ln, line in enumerate(lines):
            m = _REFS_LINE.search(strip_eol(line))
            if not m:
                continue
            # The innermost task containing the line: the nearest one above that spans it.
            k = bisect.bisect_right(starts, ln) - 1
            while k >= 0 and not ln < tasks[k].block.end:
                k -= 1
            owner = tasks[k] if k >= 0 else None
            if owner is not None:
                refs[owner.index].extend(split_refs(m.group(1)))
        for t in tasks:
            m = TASK_NUMBER.match(t.body)
            key = f"task-{m.group(1)}" if m else f"task#{out.next_ordinal('task')}"
            out.add(key, ClauseKind.TASK, t.body, section[t.index], t.block.start, t.own_end,
                    title=task_title(t.body[m.end():]) if m else None,
                    refs=tuple(refs[t.index]), flags=t.flags, edit=(t.block.start, t.head_end),
                    meta={"after": t.block.end, "depth": t.block.depth, "number": m and m.group(1)})

    # -- design.md ---------------------------------------------------------------------
    def _design(self, lines, blocks, out: ClauseBuilder) -> None:
        section = heading_paths(blocks)
        for i, b in enumerate(blocks):
            text = clean_heading(b.inline) if b.kind == "heading" else b.inline.strip()
            m = _PROPERTY.match(text) if b.kind in ("heading", "paragraph") else None
            if not m:
                continue
            end = b.end
            for nb in blocks[i + 1 :]:
                if nb.kind == "heading" or (nb.kind == "paragraph" and _PROPERTY.match(nb.inline.strip())):
                    break
                end = nb.end
            body = block_text(lines, b.start, end)
            found = [_VALIDATES.search(strip_eol(ln)) for ln in lines[b.start:end]]
            refs = tuple(r for f in found if f for r in split_refs(f.group(1)))
            out.add(f"P{m.group(1)}", ClauseKind.INVARIANT, body, section[i], b.start, end,
                    title=text.strip("* "), refs=refs)

    # -- write-back hooks --------------------------------------------------------------
    def render_new(self, spec: Spec, anchor: Clause | None, text: str, kind: str) -> list[str]:
        if anchor is not None and anchor.meta.get("heading_level"):  # after a whole requirement
            m = re.match(r"^(.*?)\s*\d", anchor.title)
            word = (m.group(1) if m else "") or "Requirement"
            n = max((int(c.key) for c in spec.clauses if c.key.isdigit()), default=0) + 1
            return heading_clause_lines(f"{'#' * anchor.meta['heading_level']} {word} {n}: ", text)
        return super().render_new(spec, anchor, numbered_task_text(spec, anchor, text), kind)

    def keep_id(self, clause: Clause, text: str) -> str:
        return keep_task_number(clause, text)

    def locate_section(self, spec: Spec, section: str, kind: str):
        m = re.match(r"^(?:requirement\s*)?(\d+)$", section.strip(), re.I)
        if m:
            crit = [c for c in spec.clauses if c.meta.get("requirement") == m.group(1)]
            if crit:
                return crit[-1], crit[-1].span[1], []
        return super().locate_section(spec, section, kind)


FORMAT = KiroFormat()
