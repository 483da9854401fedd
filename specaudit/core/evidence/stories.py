"""Whose story a citation is. A BMAD story's keys are its own (``AC1``, ``AC2``), and every
story of a repository has them: "(AC1)" in a test of Story 2.4 is not Story 3.1's first
criterion. A text that names another story ("Story 2.4", "story-2-4") and not this one
speaks for that story. A text that names none counts where the story's File List (the
files its developer wrote, in its Dev Agent Record) names the file it sits in, or
wherever when the story has no File List; but not in a file where the story names its
own tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

_NAMED = re.compile(r"\bstory[\s_-]*(\d+)[.\-_](\d+)(?![\d.])", re.I)
# A BMAD story file: v6 "_bmad-output/implementation-artifacts/2-2-create-task.md", v4
# "docs/stories/1.2.login.md".
_FILE = re.compile(r"^(\d+)[-.](\d+)[-.][^/]+\.md$")
_FOLDERS = frozenset({"implementation-artifacts", "stories"})
_FILE_LIST = re.compile(r"^#{2,6}[ \t]*File List[ \t:]*$", re.I | re.M)
_HEADING = re.compile(r"^#{1,6}[ \t]", re.M)
_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+(?:`([^`]+)`|(\S+))", re.M)


def story_file(path: str) -> str | None:
    """The story a BMAD story file is ("2.2" for ".../implementation-artifacts/2-2-create-task.md"),
    None for any other path."""
    p = PurePosixPath(path)
    f = _FILE.match(p.name)
    if f and len(p.parts) > 1 and p.parts[-2] in _FOLDERS:
        return f"{int(f.group(1))}.{int(f.group(2))}"
    return None


@dataclass(frozen=True)
class Story:
    """A BMAD story under review: its number ("3.1") and its File List (None: it has none)."""

    number: str
    files: frozenset[str] | None = None


def story_of(title: str, path: str, text: str = "") -> Story | None:
    """The story a spec is: its title's "Story 3.1: ...", else its file's name
    (``story_file``), with the File List of its ``text``; None for any other spec."""
    m = _NAMED.match(title.strip())
    number = f"{int(m.group(1))}.{int(m.group(2))}" if m else story_file(path)
    return Story(number, story_files(text)) if number else None


def _names_another(story: Story, text: str) -> bool | None:
    """True when ``text`` names a story and not this one, False when it names this one,
    None when it names none."""
    if "tory" not in text:
        return None
    named = {f"{int(a)}.{int(b)}" for a, b in _NAMED.findall(text)}
    return story.number not in named if named else None


def another_story(story: Story | None, text: str) -> bool:
    """Whether ``text`` names a story, and not ``story``: its citations are that one's."""
    return story is not None and bool(_names_another(story, text))


def story_files(text: str) -> frozenset[str] | None:
    """The files a story's "File List" section names (``- backend/src/routes/tasks.ts``,
    ``- `e2e/tests/x.spec.ts` (new)``), None when it has no such section."""
    m = _FILE_LIST.search(text)
    if m is None:
        return None
    end = _HEADING.search(text, m.end())
    section = text[m.end():end.start() if end else len(text)]
    out = set()
    for item in _ITEM.finditer(section):
        path = (item.group(1) or item.group(2)).strip().rstrip(",;:").removeprefix("./")
        if "/" in path or "." in path:
            out.add(path)
    return frozenset(out)


def names_it(story: Story | None, text: str) -> bool:
    """Whether ``text`` names ``story`` itself ("Story 3.2 — deadline management")."""
    return story is not None and _names_another(story, text) is False


def elsewhere(story: Story | None, text: str, path: str, labelled: bool = False) -> bool:
    """Whether a citation in ``text``, in file ``path``, is another story's: it names
    another story and not this one; or it names none and sits in a file the story's File
    List leaves out, or in one where the story labels its own (``labelled``: a file's tests
    of Story 3.2 say so, and the unlabelled ones beside them are the earlier stories')."""
    if story is None:
        return False
    named = _names_another(story, text)
    if named is not None:
        return named
    return labelled or (story.files is not None and not _listed(story.files, path))


def _listed(files: frozenset[str], path: str) -> bool:
    """``path`` is in the File List, written from the repository's root or from a
    sub-project's ("src/x.ts" for "frontend/src/x.ts")."""
    if path in files:
        return True
    parts = path.split("/")
    return any("/".join(parts[i:]) in files for i in range(1, len(parts) - 1))
