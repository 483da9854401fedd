"""What a clause is called where a list already groups it under its requirement."""

from __future__ import annotations

import re

from specaudit.ui.kit.rich_text import clause_title, inline_plain


def own_name(clause) -> str:
    """An OpenSpec key's own name: ``chat-ui#Sidebar shows history/Empty state`` is "Empty
    state" under its requirement, and a scenario's name may hold a slash ("Non-admin user
    accesses /debug"); any other key as it is (``FR-001``, ``1.2``)."""
    key = clause.key
    if "#" not in key:
        return key
    title = clause.title
    if title and (key.endswith("/" + title) or key.endswith("#" + title)):
        return title
    return key.split("#", 1)[1].rsplit("/", 1)[-1]


def key_label(key: str) -> str:
    """A clause key where only the key is at hand (a finding, a list of keys): an OpenSpec
    key without its capability, the spec's own name ("Category Spending Aggregation /
    Handle month with no expenses"); any other key as it is."""
    return key.split("#", 1)[1].replace("/", " / ", 1) if "#" in key else key


def is_nested(clause) -> bool:
    """An OpenSpec scenario: listed under its requirement."""
    return "#" in clause.key and clause.kind == "scenario"


_BULLET = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_NUMBERED = re.compile(r"\w{1,12}\s*[\w.]+")  # a label word and a number


def row_label(clause) -> tuple[str, str]:
    """The key and title a row shows. An OpenSpec key is the requirement's name and the
    scenario's (``chat-ui#Sidebar shows history/Empty state``): the row, already in its
    requirement's group, shows the last name in bold and the first line of the text beside
    it, not the cut-off head of the key twice over."""
    lines = (_BULLET.sub("", ln.strip()) for ln in clause.text.split("\n") if ln.strip())  # read as far as needed
    if "#" not in clause.key:
        title = clause_title(clause.key, clause.title or next(lines, ""))
        if _NUMBERED.fullmatch(title) and title.endswith(clause.key) and clause.title:
            # "要件 1", "Requirement 2": a label saying the key again; the story line says more.
            title = clause_title(clause.key, next(lines, "")) or title
        return clause.key, title
    name = own_name(clause)
    # The first line that is not the name itself ("- **WHEN** the user ...": without the bullet).
    said = next((t for ln in lines if inline_plain(t := clause_title(name, ln)).strip() != name), "")
    return name, said
