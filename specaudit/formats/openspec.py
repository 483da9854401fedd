"""OpenSpec: ``openspec/specs/<capability>/spec.md``, change deltas under
``openspec/changes/<id>/specs/<capability>/spec.md``, and ``tasks.md``.

``### Requirement: <name>`` is keyed ``<capability>#<name>``; each ``#### Scenario: <s>``
under it ``<capability>#<name>/<s>``. In a delta, the ``## ADDED|MODIFIED|REMOVED|RENAMED
Requirements`` section a requirement sits in becomes a flag on it and its scenarios;
RENAMED ``FROM:``/``TO:`` pairs become a clause keyed by the new name.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from specaudit.core.errors import SpecError
from specaudit.core.markdown import (
    Block,
    block_text,
    clean_heading,
    item_text,
    outline,
    split_lines,
    strip_eol,
)
from specaudit.core.model import Clause, ClauseKind, Spec
from specaudit.formats._common import (
    ClauseBuilder,
    heading_clause_lines,
    heading_paths,
    insert_lines,
    replace_lines,
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

_REQ = re.compile(r"^requirement\s*[:：]\s*(.+?)\s*$", re.I)
_SCEN = re.compile(r"^scenario\s*[:：]\s*(.+?)\s*$", re.I)
_DELTA = re.compile(r"^(added|modified|removed|renamed)\s+requirements?\b", re.I)
_FROM_TO = re.compile(r"^(from|to)\s*:\s*`?\s*(?:#+\s*)?(?:requirement\s*:\s*)?(.+?)\s*`?\s*$", re.I)
_TASK_HEADING = re.compile(r"^task\s+(\d+(?:\.\d+)*)\s*[:：.]?\s*(.*)$", re.I)
_CAPABILITY = re.compile(r"(?:^|/)specs/([^/]+)/spec\.md$", re.I)


def capability_of(path: str) -> str:
    p = path.replace("\\", "/").replace("__", "/")
    m = _CAPABILITY.search(p)
    if m:
        return m.group(1)
    parent = PurePosixPath(p).parent.name
    return parent or PurePosixPath(p).stem


def _is_tasks(path: str) -> bool:
    return PurePosixPath(path.replace("\\", "/")).name.lower().endswith("tasks.md")


class OpenSpecFormat(MarkdownFormat):
    name = "openspec"
    description = "OpenSpec capability specs, change deltas (ADDED/MODIFIED/REMOVED/RENAMED) and tasks.md"

    def detect(self, path: str, text: str) -> int:
        p = "/" + path.replace("\\", "/").lower().replace("__", "/")
        in_os = "/openspec/" in p
        if _is_tasks(path):
            return 80 if in_os else 0
        if p.endswith(("/proposal.md", "/design.md")):
            return 0  # prose: the generic Markdown reader lists its bullets
        reqs = len(re.findall(r"^#{2,4}\s*requirement\s*:", text, re.I | re.M))
        if reqs:
            return 92 if in_os else 75
        return 30 if in_os and p.endswith("/spec.md") else 0

    def collect(self, path: str, text: str, lines: list[str], blocks: list[Block], out: ClauseBuilder) -> None:
        if _is_tasks(path):
            self._tasks(lines, blocks, out)
        else:
            self._spec(capability_of(path), lines, blocks, out)

    # -- spec.md -----------------------------------------------------------------------
    def _spec(self, cap: str, lines, blocks: list[Block], out: ClauseBuilder) -> None:
        sections = heading_paths(blocks)
        op: str | None = None
        op_level = 0
        req: Clause | None = None
        req_level = 0
        pending_from: tuple[str, int] | None = None  # (old name, its line)
        renamed = self._renames(lines, blocks)
        headed = {m.group(1) for b in blocks if b.kind == "heading" and (m := _REQ.match(clean_heading(b.inline)))}
        for i, b in enumerate(blocks):
            if b.kind == "heading":
                name = clean_heading(b.inline)
                if op and b.level <= op_level:
                    op = None
                if req and b.level <= req_level:
                    req = None
                m = _DELTA.match(name)
                if m:
                    op, op_level = m.group(1).lower(), b.level
                    continue
                m = _REQ.match(name)
                if m:
                    req_level = b.level
                    meta = {"capability": cap}
                    if m.group(1) in renamed:  # RENAMED and MODIFIED under the new name: one clause
                        meta["renamed_from"] = f"{cap}#{renamed[m.group(1)]}"
                    req = self._headed(lines, blocks, i, f"{cap}#{m.group(1)}", ClauseKind.REQUIREMENT,
                                       m.group(1), sections[i], op, out, meta)
                    continue
                m = _SCEN.match(name)
                if m and req is not None:
                    self._headed(lines, blocks, i, f"{req.key}/{m.group(1)}", ClauseKind.SCENARIO,
                                 m.group(1), sections[i], op, out, {"requirement": req.key})
                continue
            if op == "renamed" and b.kind == "item" and b.depth == 0:
                m = _FROM_TO.match(item_text(lines, b.start, b.end))
                if m and m.group(1).lower() == "from":
                    pending_from = (m.group(2), b.start)
                elif m and pending_from is not None and m.group(2) in headed:
                    pending_from = None  # the requirement under its new name carries the rename
                elif m and pending_from is not None:
                    old, start = pending_from
                    body = f"FROM: {old}\nTO: {m.group(2)}"
                    out.add(f"{cap}#{m.group(2)}", ClauseKind.REQUIREMENT, body, sections[i], start, b.end,
                            title=m.group(2), flags=("renamed",), meta={"renamed_from": f"{cap}#{old}"})
                    pending_from = None

    def _headed(self, lines, blocks, i, key, kind, name, section, op, out: ClauseBuilder, meta) -> Clause:
        """A clause made of a heading and the blocks under it up to the next heading. Its
        extent (where a sibling is inserted) runs to the next heading of the same level."""
        head = blocks[i]
        nxt_any = next((j for j in range(i + 1, len(blocks)) if blocks[j].kind == "heading"), len(blocks))
        nxt_same = next((j for j in range(i + 1, len(blocks))
                         if blocks[j].kind == "heading" and blocks[j].level <= head.level), len(blocks))
        body_end = blocks[nxt_any - 1].end if nxt_any - 1 > i else head.end
        after = blocks[nxt_same - 1].end if nxt_same - 1 > i else head.end
        body = block_text(lines, head.end, body_end) if body_end > head.end else name
        flags = ((op,) if op else ()) + (("renamed",) if "renamed_from" in meta else ())
        return out.add(key, kind, body, section, head.start, body_end, title=name, flags=flags,
                       meta={**meta, "prefix": "", "after": after, "name": name,
                             "bodyless": body_end <= head.end},
                       edit=(head.end, body_end) if body_end > head.end else None)

    @staticmethod
    def _renames(lines, blocks: list[Block]) -> dict[str, str]:
        """New name -> old name of every ``FROM:``/``TO:`` pair under RENAMED Requirements."""
        out: dict[str, str] = {}
        op: str | None = None
        op_level = 0
        old: str | None = None
        for b in blocks:
            if b.kind == "heading":
                if op and b.level <= op_level:
                    op = None
                m = _DELTA.match(clean_heading(b.inline))
                if m:
                    op, op_level = m.group(1).lower(), b.level
            elif op == "renamed" and b.kind == "item" and b.depth == 0:
                m = _FROM_TO.match(item_text(lines, b.start, b.end))
                if m and m.group(1).lower() == "from":
                    old = m.group(2)
                elif m and old is not None:
                    out[m.group(2)] = old
                    old = None
        return out

    # -- tasks.md ----------------------------------------------------------------------
    def _tasks(self, lines, blocks, out: ClauseBuilder) -> None:
        sections = heading_paths(blocks)
        tasks = list(checkbox_tasks(lines, blocks))
        for t in tasks:
            m = TASK_NUMBER.match(t.body)
            key = f"task-{m.group(1)}" if m else f"task#{out.next_ordinal('task')}"
            out.add(key, ClauseKind.TASK, t.body, sections[t.index], t.block.start, t.own_end,
                    title=task_title(t.body[m.end():]) if m else None, flags=t.flags,
                    edit=(t.block.start, t.head_end),
                    meta={"after": t.block.end, "depth": t.block.depth, "number": m and m.group(1)})
        if tasks:
            return
        for i, b in enumerate(blocks):
            m = _TASK_HEADING.match(clean_heading(b.inline)) if b.kind == "heading" else None
            if m:
                end = next((n.start for n in blocks[i + 1:] if n.kind == "heading"), len(lines))
                end = _trim(lines, b.start, end)
                out.add(f"task-{m.group(1)}", ClauseKind.TASK, block_text(lines, b.start, end),
                        sections[i], b.start, end, title=m.group(2) or None, meta={"prefix": ""})

    # -- write-back hooks --------------------------------------------------------------
    def keep_id(self, clause: Clause, text: str) -> str:
        return keep_task_number(clause, text)

    def render_new(self, spec: Spec, anchor: Clause | None, text: str, kind: str) -> list[str]:
        if anchor is None or anchor.kind not in (ClauseKind.REQUIREMENT, ClauseKind.SCENARIO):
            return super().render_new(spec, anchor, numbered_task_text(spec, anchor, text), kind)
        scenario = kind == ClauseKind.SCENARIO or (kind != ClauseKind.REQUIREMENT and anchor.kind == ClauseKind.SCENARIO)
        return heading_clause_lines("#### Scenario: " if scenario else "### Requirement: ", text)


def _trim(lines: list[str], start: int, end: int) -> int:
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


FORMAT = OpenSpecFormat()


# -- tightening written as a change ----------------------------------------------------------
_MODIFIED_HEADING = "## MODIFIED Requirements"


def change_path(spec_path: str, clause: Clause | None, change: str) -> str:
    """``openspec/changes/<change>/specs/<capability>/spec.md`` beside the spec's ``openspec/``."""
    p = PurePosixPath(spec_path.replace("\\", "/"))
    parts = p.parts
    base = PurePosixPath(*parts[:-3]) if len(parts) >= 3 and parts[-3] == "specs" else PurePosixPath("openspec")
    cap = (clause.meta.get("capability") if clause is not None else None) or capability_of(spec_path)
    return (base / "changes" / change / "specs" / cap / "spec.md").as_posix()


def _requirement_lines(spec: Spec, key: str) -> list[str]:
    """The whole requirement (heading, body and every scenario) holding clause ``key``."""
    clause = spec.clause(key)
    if clause is None:
        raise SpecError(f"no clause {key!r} in this spec", path=spec.path)
    if clause.kind == ClauseKind.SCENARIO:
        clause = spec.clause(clause.meta.get("requirement", "")) or clause
    if clause.kind != ClauseKind.REQUIREMENT or "name" not in clause.meta:
        raise SpecError(f"clause {key} is not an OpenSpec requirement or scenario", path=spec.path,
                        line=clause.span[0])
    lines = [strip_eol(ln) for ln in split_lines(spec.text)]
    return _strip_blank_tail(lines[clause.span[0] - 1: clause.meta.get("after", clause.span[1])])


def _strip_blank_tail(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def modified_requirement_change(spec: Spec, key: str, existing: str | None) -> str:
    """The change file text carrying the requirement of clause ``key`` (as it reads in
    ``spec``, already amended) under ``## MODIFIED Requirements``. An existing change
    file keeps every byte; the requirement joins (or replaces itself in) its MODIFIED
    section, or a MODIFIED section is appended."""
    block = _requirement_lines(spec, key)
    if existing is None:
        return "\n".join([_MODIFIED_HEADING, "", *block]) + "\n"
    change = FORMAT.parse(spec.path, existing)
    lines = split_lines(existing)
    eol = "\r\n" if existing.count("\r\n") * 2 > existing.count("\n") else "\n"
    head = block[0].strip()
    old = next((c for c in change.clauses if c.kind == ClauseKind.REQUIREMENT and "modified" in c.flags
                and (lines[c.span[0] - 1].strip() == head)), None)
    if old is not None:  # the same requirement again: replace it
        first, last = old.span[0], old.meta.get("after", old.span[1])
        return replace_lines(existing, first, last, _strip_blank_tail(block))
    section = next((b for b in outline(existing, lines) if b.kind == "heading"
                    and _DELTA.match(clean_heading(b.inline)) and clean_heading(b.inline).lower().startswith("modified")),
                   None)
    if section is None:
        body = existing if existing.endswith(("\n", "\r")) or not existing else existing + eol
        return body + eol + eol.join([_MODIFIED_HEADING, "", *block]) + eol
    blocks = outline(existing, lines)
    idx = blocks.index(section)
    end = section_extent(blocks, idx)
    return insert_lines(existing, end, ["", *block])
