"""A story that carries its own task list: BMAD's story files.

A BMAD story is one Markdown file: its acceptance criteria ("**AC1 — ...:**" or a numbered
list), then "## Tasks / Subtasks" with "- [x] **Task 1: Backend API** (AC: AC3)" and
sub-tasks naming the files they touch ("- [x] Add `POST /api/tasks` in
`backend/src/routes/tasks.ts`"). The generic Markdown format reads those lines as notes
(context, not clauses to review); this reads them as the story's task list, so that they
are task evidence for the criteria they cite and the checks on done tasks see them, like
a ``tasks.md`` beside a Spec Kit or Kiro spec.
"""

from __future__ import annotations

import re

from specaudit.core.markdown import outline, split_lines
from specaudit.core.model import ClauseKind, Spec
from specaudit.formats._common import ClauseBuilder, heading_paths, spec_title
from specaudit.formats._tasks import checkbox_tasks

# A heading over a task list: "Tasks / Subtasks", "Tasks", "Implementation Tasks".
_TASKS_HEADING = re.compile(r"^#{1,6}[ \t]+.*\btasks?\b", re.I | re.M)
_A_CHECKBOX = re.compile(r"^[ \t]*[-*+][ \t]+\[[ xX\-]\]", re.M)
# "**Task 1: Backend API create endpoint**", "Task 2 — Query layer": the task's own number.
_TASK_LABEL = re.compile(r"^(?:\*\*)?Task[ \t]+(\d+(?:\.\d+)*)\b[ \t]*[:：.\-—–]?[ \t]*", re.I)
# The criteria a task serves: "(AC: AC1, AC3)", "(AC: 1, 3)", "(AC: #2)", "(ACs: AC1-AC5)";
# not "(AC6 requires inline error ...)", prose whose AC6 the citation matcher reads.
_AC_REFS = re.compile(r"\(\s*ACs?\s*:\s*([^)\n]*)\)", re.I)
_AC_RANGE = re.compile(r"^(?:AC[-\s]?)?#?(\d+)\s*[-–]\s*(?:AC[-\s]?)?#?(\d+)$", re.I)
_AC_ONE = re.compile(r"^(?:AC[-\s]?)?#?(\d+)$", re.I)
_AC_NAMED = re.compile(r"\bAC[-\s]?(\d+)\b")  # "(AC4)", "(AC1, AC3)" in a task's heading


def carries_tasks(text: str) -> bool:
    """Whether a Markdown spec may hold its own task list (a cheap look before parsing)."""
    return bool(_TASKS_HEADING.search(text)) and bool(_A_CHECKBOX.search(text))


def own_task_list(spec: Spec) -> Spec | None:
    """The task list a generic Markdown spec holds under a "Tasks" heading, as a task list
    of its own path (None where it holds none). A sub-task serves the criteria its task
    cites; "(AC: 1)" names the first criterion whatever its key ("AC1",
    "acceptance-criteria-1")."""
    if spec.format != "markdown" or not carries_tasks(spec.text):
        return None
    lines = split_lines(spec.text)
    blocks = outline(spec.text, lines)
    sections = heading_paths(blocks)
    keys = [c.key for c in spec.clauses]
    out = ClauseBuilder(spec.path, lines)
    numbers: list[tuple[int, str, tuple[str, ...]]] = []  # (depth, number, refs) of the tasks above
    ordinal: dict[str, int] = {}
    last: tuple[str, ...] = ()
    for t in checkbox_tasks(lines, blocks):
        section = sections[t.index]
        if not any(_TASKS_HEADING.match("# " + h) for h in section):
            continue
        if section != last:  # a task under a new heading serves no task of the one before
            numbers.clear()
            last = section
        depth = t.block.depth
        while numbers and numbers[-1][0] >= depth:
            numbers.pop()
        parent_number, parent_refs = (numbers[-1][1], numbers[-1][2]) if numbers else _heading_task(section[-1], keys)
        m = _TASK_LABEL.match(t.body)
        if m:
            number = m.group(1)
        else:  # the next number among its siblings: after "Task 3", an unlabelled follow-up is 4
            ordinal[parent_number] = ordinal.get(parent_number, 0) + 1
            number = f"{parent_number}.{ordinal[parent_number]}" if parent_number else str(ordinal[parent_number])
        if not parent_number and number.isdigit():
            ordinal[""] = max(ordinal.get("", 0), int(number))
        found = _AC_REFS.search(t.body.split("\n", 1)[0])
        refs = _criteria(found.group(1), keys) if found else parent_refs
        numbers.append((depth, number, refs))
        title = t.body[m.end():] if m else t.body
        out.add(f"task-{number}", ClauseKind.TASK, t.body, section, t.block.start, t.own_end,
                title=_AC_REFS.sub("", title.split("\n", 1)[0]).replace("**", "").strip() or None,
                refs=refs, flags=t.flags, edit=(t.block.start, t.head_end),
                meta={"after": t.block.end, "depth": depth, "number": number})
    if not out.clauses:
        return None
    return Spec(spec.path, "markdown", spec_title(spec.path, blocks), out.clauses, spec.text, [])


def _heading_task(heading: str, keys: list[str]) -> tuple[str, tuple[str, ...]]:
    """A task written as a heading over its checkboxes ("### Task 1: Create
    `ErrorBoundary.tsx` (AC4)"): its number and criteria, for the checkboxes under it; ("",
    ()) for any other heading."""
    m = _TASK_LABEL.match(heading.strip())
    if m is None:
        return "", ()
    found = _AC_REFS.search(heading)
    if found:
        return m.group(1), _criteria(found.group(1), keys)
    return m.group(1), tuple(dict.fromkeys(_criterion(n, keys) for n in _AC_NAMED.findall(heading)))


def _criteria(written: str, keys: list[str]) -> tuple[str, ...]:
    """The clause keys "(AC: ...)" names. "all" names none in particular (a task serving
    every criterion is no evidence for one); an unknown id is kept, for the note that the
    story does not define it."""
    out: list[str] = []
    for part in re.split(r"[,;/]|\band\b", written):
        part = part.strip()
        if not part or part.lower() in ("all", "any", "n/a", "none"):
            continue
        if (r := _AC_RANGE.match(part)) and int(r.group(1)) <= int(r.group(2)) <= int(r.group(1)) + 50:
            out += [_criterion(str(n), keys) for n in range(int(r.group(1)), int(r.group(2)) + 1)]
        elif (one := _AC_ONE.match(part)) is not None:
            out.append(_criterion(one.group(1), keys))
        elif part in keys:
            out.append(part)
    return tuple(dict.fromkeys(out))


def _criterion(number: str, keys: list[str]) -> str:
    """The key of criterion ``number``: "AC3" as the story labels it, else its third
    acceptance-criteria item; "AC3" when the story has neither."""
    for key in (f"AC{number}", f"AC-{number}", f"acceptance-criteria-{number}"):
        if key in keys:
            return key
    return f"AC{number}"
