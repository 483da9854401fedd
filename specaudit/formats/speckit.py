"""GitHub Spec Kit: ``specs/<feature>/spec.md`` and ``tasks.md``.

spec.md clauses: user stories (``US<n>``), their numbered acceptance scenarios
(``US<n>/AC<m>``), Edge Cases bullets (``edge-cases-<n>``), bold ``**FR-###**`` /
``**SC-###**`` (and other ``**XYZ-###**``) definitions keyed by their id, and Out of Scope
bullets (``non-goals-<n>``). tasks.md: checkbox items keyed by their ``T###`` id.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from specaudit.core.markdown import Block, block_text, item_number, item_text
from specaudit.core.model import FLAG_NEEDS_CLARIFICATION, FLAG_PARALLEL, Clause, ClauseKind, Spec
from specaudit.formats._common import (
    ClauseBuilder,
    heading_clause_lines,
    heading_paths,
    next_id,
    section_extent,
)
from specaudit.formats._mdformat import MarkdownFormat
from specaudit.formats._tasks import checkbox_tasks, task_title
from specaudit.formats.layered import canonical_section

_STORY = re.compile(r"user\s+story\s+(\d+)", re.I)
_PRIORITY = re.compile(r"\(Priority:\s*(P\d+)\)", re.I)
# "**FR-001**:", "**FR-006a**:", "**FR-170-NOTE**:", "**FR-ERR-001**:", "**FR-001:**"
_BOLD_ID = re.compile(r"^\*\*([A-Z][A-Z0-9]{0,9}(?:-[A-Za-z0-9]+)+)(:?)\*\*")
_AC_MARKER = re.compile(r"^\*\*\s*acceptance\s+scenarios?\s*\*\*|^acceptance\s+scenarios?\s*:", re.I)
_EDGE = re.compile(r"^edge\s+cases?\b", re.I)
_CLARIFY = re.compile(r"\[NEEDS CLARIFICATION", re.I)
_TASK_ID = re.compile(r"^(?:[^\w\s*\[]{1,4}\s*)?\**(T\d+(?:\.\d+)*)\**(?=[\s:,]|$)")
_TAG = re.compile(r"\[(P|US\d+)\]")
_ID_NUM = re.compile(r"^([A-Z]+)-(\d+)$")
# A scenario's own label before Given: "**US1-AS3**:" or "**US1-AS3:**" (never "**Given**").
_SCENARIO_LABEL = re.compile(r"^\*\*[A-Z][A-Za-z0-9]*-[A-Za-z]*\d+\s*[:：]?\*\*[ \t]*[:：]?")


def _flags(text: str) -> tuple[str, ...]:
    return (FLAG_NEEDS_CLARIFICATION,) if _CLARIFY.search(text) else ()


def is_tasks_file(path: str, text: str) -> bool:
    name = PurePosixPath(path).name.lower()
    return name.endswith("tasks.md") or (not name.endswith("spec.md") and bool(
        re.search(r"^\s*[-*] \[[ xX]\] \**T\d{3}", text, re.M)))


class SpecKitFormat(MarkdownFormat):
    name = "speckit"
    description = "GitHub Spec Kit spec.md (user stories, FR-/SC- ids) and tasks.md (T### tasks)"

    def detect(self, path: str, text: str) -> int:
        p = path.replace("\\", "/").lower()
        in_specs = bool(re.search(r"(^|/)specs/[^/]+/(spec|tasks)\.md$", p)) and "/.kiro/" not in f"/{p}"
        if is_tasks_file(path, text):
            hits = len(re.findall(r"^\s*[-*] \[[ xX]\] (?:\S+ )?\**T\d{3}", text, re.M))
            return 0 if not hits else 90 if in_specs else 60
        score = 0
        if re.search(r"^#{2,4}\s.*user\s+story\s+\d+", text, re.I | re.M):
            score += 45
        if re.search(r"^\s*[-*]?\s*\*\*FR-\d+", text, re.M):
            score += 35
        if in_specs and score:
            score += 15
        return min(score, 95)

    def collect(self, path: str, text: str, lines: list[str], blocks: list[Block], out: ClauseBuilder) -> None:
        if is_tasks_file(path, text):
            self._parse_tasks(lines, blocks, out)
        else:
            self._parse_spec(lines, blocks, out)

    # -- spec.md -----------------------------------------------------------------------
    def _parse_spec(self, lines: list[str], blocks: list[Block], out: ClauseBuilder) -> None:
        path: list[tuple[int, str]] = []
        story: str | None = None
        story_level = 0
        in_ac = False
        edge_level = 0  # level of the Edge Cases heading we are under, 0 = none
        nongoal_level = 0
        for i, b in enumerate(blocks):
            if b.kind == "heading":
                while path and path[-1][0] >= b.level:
                    path.pop()
                path.append((b.level, b.inline.strip()))
                if story and b.level <= story_level:
                    story = None
                in_ac = False
                if edge_level and b.level <= edge_level:
                    edge_level = 0
                if nongoal_level and b.level <= nongoal_level:
                    nongoal_level = 0
                heading = re.sub(r"^[\d.\s]+", "", b.inline.strip())
                m = _STORY.search(b.inline)
                if m:
                    story, story_level = f"US{m.group(1)}", b.level
                    self._story(lines, blocks, i, story, tuple(t for _, t in path), out)
                elif _EDGE.match(heading):
                    edge_level = b.level
                elif canonical_section(b.inline) == "non-goals":
                    nongoal_level = b.level
                continue
            section = tuple(t for _, t in path)
            if b.kind == "paragraph":
                if story and _AC_MARKER.match(b.inline.strip()):
                    in_ac = True
                    continue
                self._bold_id(lines, b, section, out, is_item=False)
                continue
            if b.kind != "item":
                continue
            if story and in_ac and b.marker in (".", ")") and b.depth == 0:
                n = out.numbered(story + "/AC", item_number(lines, b))
                body = item_text(lines, b.start, b.end)
                label = _SCENARIO_LABEL.match(body)
                out.add(f"{story}/AC{n}", ClauseKind.SCENARIO, body, section, b.start, b.end,
                        flags=_flags(body), meta={"story": story, "group": story, "number": n,
                                                  "label": label.group(0).strip() if label else None})
            elif self._bold_id(lines, b, section, out, is_item=True) or b.depth > 0:
                continue
            elif edge_level:
                body = item_text(lines, b.start, b.end)
                out.add(f"edge-cases-{out.next_ordinal('edge-cases')}", ClauseKind.EDGE_CASE, body,
                        section, b.start, b.end, flags=_flags(body))
            elif nongoal_level:
                body = item_text(lines, b.start, b.end)
                out.add(f"non-goals-{out.next_ordinal('non-goals')}", ClauseKind.NON_GOAL, body,
                        section, b.start, b.end, flags=_flags(body))

    def _story(self, lines, blocks, i, key, section, out: ClauseBuilder) -> None:
        """A user story clause: its heading and the paragraphs before its scenarios."""
        head = blocks[i]
        end = head.end
        for b in blocks[i + 1 :]:
            if b.kind == "heading" or (b.kind == "paragraph" and _AC_MARKER.match(b.inline.strip())):
                break
            if b.kind == "paragraph" and b.inline.lstrip().startswith("**"):
                break  # "**Why this priority**" and friends are commentary
            if b.kind != "item" or b.depth == 0:
                end = b.end
        title = head.inline.strip()
        story = block_text(lines, head.end, end)
        body = f"{title}\n\n{story}" if story else title
        pr = _PRIORITY.search(title)
        out.add(key, ClauseKind.REQUIREMENT, body, section, head.start, end, title=title,
                flags=_flags(body),
                meta={"priority": pr.group(1) if pr else None, "prefix": "", "bodyless": end <= head.end,
                      "after": section_extent(blocks, i), "heading_level": head.level},
                edit=(head.end, end) if end > head.end else None)

    def _bold_id(self, lines, b: Block, section, out: ClauseBuilder, *, is_item: bool) -> bool:
        body = item_text(lines, b.start, b.end) if is_item else block_text(lines, b.start, b.end)
        m = _BOLD_ID.match(body)
        if not m or not any(ch.isdigit() for ch in m.group(1)):
            return False
        key = m.group(1)
        kind = ClauseKind.SUCCESS_CRITERION if key.startswith("SC-") else ClauseKind.REQUIREMENT
        out.add(key, kind, body, section, b.start, b.end, flags=_flags(body), meta={"id": key})
        return True

    # -- tasks.md ----------------------------------------------------------------------
    def _parse_tasks(self, lines, blocks, out: ClauseBuilder) -> None:
        heading_at = heading_paths(blocks)
        for task in checkbox_tasks(lines, blocks):
            m = _TASK_ID.match(task.body)
            if not m:
                continue
            tags = _TAG.findall(task.body[m.end():])
            flags = list(task.flags)
            if "P" in tags:
                flags.append(FLAG_PARALLEL)
            refs = tuple(t for t in tags if t != "P")
            out.add(m.group(1), ClauseKind.TASK, task.body, heading_at[task.index],
                    task.block.start, task.own_end, title=task_title(task.body[m.end():]),
                    refs=refs, flags=tuple(flags),
                    edit=(task.block.start, task.head_end),
                    meta={"after": task.block.end, "depth": task.block.depth})

    # -- write-back hooks --------------------------------------------------------------
    def keep_id(self, clause: Clause, text: str) -> str:
        ident = clause.meta.get("id")
        if ident and not _BOLD_ID.match(text):
            return f"**{ident}**: {text}"
        if clause.kind == ClauseKind.TASK and not _TASK_ID.match(text):
            return f"{clause.key} {text}"
        label = clause.meta.get("label")
        if label and not _SCENARIO_LABEL.match(text):  # "**US1-AS3**:" stays, like its siblings'
            return f"{label} {text}"
        return text

    def render_new(self, spec: Spec, anchor: Clause | None, text: str, kind: str) -> list[str]:
        if anchor is not None and anchor.meta.get("heading_level"):  # after a whole user story
            n = max((int(c.key[2:]) for c in spec.clauses if re.fullmatch(r"US\d+", c.key)), default=0) + 1
            return heading_clause_lines(f"{'#' * anchor.meta['heading_level']} User Story {n} - ", text)
        if anchor is not None and anchor.meta.get("id") and not _BOLD_ID.match(text):
            text = f"**{self.next_id(spec, anchor.key)}**: {text}"
        elif anchor is not None and anchor.kind == ClauseKind.TASK and not _TASK_ID.match(text):
            text = f"{self.next_id(spec, anchor.key)} {text}"
        elif anchor is not None and anchor.meta.get("label") and not _SCENARIO_LABEL.match(text):
            # The new scenario is labelled like its siblings, with the number it will be keyed by.
            top = max(c.meta.get("number", 0) for c in spec.clauses if c.meta.get("group") == anchor.meta["group"])
            label = re.sub(r"\d+(?=\D*$)", str(top + 1), anchor.meta["label"])
            text = f"{label} {text}"
        return super().render_new(spec, anchor, text, kind)

    def next_id(self, spec: Spec, like: str) -> str:
        return next_id(spec, like)

    def locate_section(self, spec: Spec, section: str, kind: str):
        want = section.strip().lower()
        families = {"functional requirements": "FR-", "requirements": "FR-", "success criteria": "SC-",
                    "tasks": "T", "edge cases": "edge-cases-"}
        prefix = families.get(want)
        if prefix:
            last = None
            for c in spec.clauses:
                if c.key.startswith(prefix):
                    last = c
            if last is not None:
                return last, last.meta.get("after", last.span[1]), []
        return super().locate_section(spec, section, kind)


FORMAT = SpecKitFormat()
