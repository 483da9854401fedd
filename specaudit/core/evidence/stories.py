"""Whose story a citation is. A BMAD story's keys are its own (``AC1``, ``AC2``), and every
story of a repository has them: "(AC1)" in a test of Story 2.4 is not Story 3.1's first
criterion. A text that names another story ("Story 2.4", "story-2-4") and not this one
speaks for that story; a text that names none stays ambiguous and counts."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_NAMED = re.compile(r"\bstory[\s_-]*(\d+)[.\-_](\d+)(?![\d.])", re.I)
# A BMAD story file: v6 "_bmad-output/implementation-artifacts/2-2-create-task.md", v4
# "docs/stories/1.2.login.md".
_FILE = re.compile(r"^(\d+)[-.](\d+)[-.][^/]+\.md$")
_FOLDERS = frozenset({"implementation-artifacts", "stories"})


def story_file(path: str) -> str | None:
    """The story a BMAD story file is ("2.2" for ".../implementation-artifacts/2-2-create-task.md"),
    None for any other path."""
    p = PurePosixPath(path)
    f = _FILE.match(p.name)
    if f and len(p.parts) > 1 and p.parts[-2] in _FOLDERS:
        return f"{int(f.group(1))}.{int(f.group(2))}"
    return None


def story_of(title: str, path: str) -> str | None:
    """The story a spec is ("3.1"): its title's "Story 3.1: ...", else its file's name
    (``story_file``); None for any other spec."""
    m = _NAMED.match(title.strip())
    if m:
        return f"{int(m.group(1))}.{int(m.group(2))}"
    return story_file(path)


def another_story(story: str | None, text: str) -> bool:
    """Whether ``text`` names a story, and not ``story``: its citations are that one's."""
    if story is None or "tory" not in text:
        return False
    named = {f"{int(a)}.{int(b)}" for a, b in _NAMED.findall(text)}
    return bool(named) and story not in named
