"""Whose story a citation is. A BMAD story's keys are its own (``AC1``, ``AC2``), and every
story of a repository has them: "(AC1)" in a test of Story 2.4 is not Story 3.1's first
criterion. A text that names another story ("Story 2.4", "story-2-4") and not this one
speaks for that story; a text that names none stays ambiguous and counts."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_NAMED = re.compile(r"\bstory[\s_-]*(\d+)[.\-_](\d+)(?![\d.])", re.I)
_FILE = re.compile(r"^(\d+)-(\d+)-[^/]+\.md$")


def story_of(title: str, path: str) -> str | None:
    """The story a spec is ("3.1"): its title's "Story 3.1: ...", else a BMAD story file's
    name ("3-1-labels-attach-and-remove.md" in a folder of stories); None for any other spec."""
    m = _NAMED.match(title.strip())
    if m:
        return f"{int(m.group(1))}.{int(m.group(2))}"
    p = PurePosixPath(path)
    f = _FILE.match(p.name)
    if f and ("implementation-artifacts" in p.parts or "stories" in p.parts):
        return f"{int(f.group(1))}.{int(f.group(2))}"
    return None


def another_story(story: str | None, text: str) -> bool:
    """Whether ``text`` names a story, and not ``story``: its citations are that one's."""
    if story is None or "tory" not in text:
        return False
    named = {f"{int(a)}.{int(b)}" for a, b in _NAMED.findall(text)}
    return bool(named) and story not in named
