"""Checkbox task lists (Spec Kit, Kiro and OpenSpec tasks.md share the syntax)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from specaudit.core.markdown import Block, item_own_end, item_text, title_of
from specaudit.core.model import FLAG_DONE, FLAG_IN_PROGRESS, FLAG_OPTIONAL

# After the list marker: "[ ]", "[x]", "[-]", then an optional "*" / "\*" (Kiro: optional
# task); no space is needed after "]" ("- [x]2.2" occurs in real files).
_CHECKBOX = re.compile(r"^\[([ xX\-])\](\\?\*)?[ \t]*")
TASK_NUMBER = re.compile(r"^(?:\*\*)?(\d+(?:\.\d+)*)\.?(?:\*\*)?(?=\s|$)")
# What follows a task's id and is not its title: "[P]" / "(P)" (parallel), "[US1]" (story).
_TASK_MARKERS = re.compile(r"^(?:\s*(?:\[(?:P|US\d+)\]|\(P\))|\s*[:：\-—]\s)*\s*")


@dataclass(frozen=True)
class CheckboxTask:
    index: int  # outline index of the item
    block: Block
    state: str  # " ", "x", "-"
    optional: bool
    body: str  # item text after the checkbox, own lines only
    own_end: int  # 0-based exclusive end of the task's own lines
    head_end: int  # end of its headline, before any nested list: what a text edit replaces

    @property
    def flags(self) -> tuple[str, ...]:
        out = []
        if self.state in "xX":
            out.append(FLAG_DONE)
        elif self.state == "-":
            out.append(FLAG_IN_PROGRESS)
        if self.optional:
            out.append(FLAG_OPTIONAL)
        return tuple(out)


def checkbox_tasks(lines: list[str], blocks: list[Block]) -> Iterator[CheckboxTask]:
    """Every checkbox list item, at any depth; a task's own text stops at its first
    nested checkbox item (sub-tasks are tasks of their own)."""
    checks: dict[int, re.Match] = {}
    for i, b in enumerate(blocks):
        if b.kind == "item":
            m = _CHECKBOX.match(item_text(lines, b.start, b.start + 1))
            if m:
                checks[i] = m
    for i, m in checks.items():
        b = blocks[i]
        own_end = b.end
        for j in range(i + 1, len(blocks)):
            c = blocks[j]
            if c.start >= b.end:
                break
            if j in checks:
                own_end = c.start
                break
        text = item_text(lines, b.start, own_end)
        body = _CHECKBOX.sub("", text, count=1)
        head_end = item_own_end(blocks, i)
        while head_end > b.start + 1 and not lines[head_end - 1].strip():
            head_end -= 1
        yield CheckboxTask(i, b, m.group(1), bool(m.group(2)), body, own_end, head_end)


def task_title(after_id: str) -> str | None:
    """A task's title: its headline after the id ("T012", "2.1") and the markers, so the
    title neither repeats the key nor starts as a lone "1." (None: the default title)."""
    rest = _TASK_MARKERS.sub("", after_id, count=1)
    return title_of(rest) if rest.strip() else None


def numbered_task_text(spec, anchor, text: str) -> str:
    """Give a new task after a numbered task the next free number among its siblings
    (after ``2.1`` comes ``2.<max+1>``) unless the text brings its own number."""
    number = anchor.meta.get("number") if anchor is not None else None
    if not number or anchor.kind != "task" or TASK_NUMBER.match(text.strip()):
        return text
    parent, _, _ = number.rpartition(".")
    siblings = [c.meta.get("number") or "" for c in spec.clauses if c.kind == "task"]
    last = [int(n.rpartition(".")[2]) for n in siblings
            if n and n.rpartition(".")[0] == parent and n.rpartition(".")[2].isdigit()]
    nxt = f"{parent}.{max(last, default=0) + 1}" if parent else f"{max(last, default=0) + 1}."
    return f"{nxt} {text.strip()}"


def keep_task_number(clause, text: str) -> str:
    """Replacing a numbered task's text keeps its number (and so its key)."""
    number = clause.meta.get("number")
    if clause.kind == "task" and number and not TASK_NUMBER.match(text.strip()):
        return f"{number} {text.strip()}" if "." in number else f"{number}. {text.strip()}"
    return text
