"""``phantom-task``: a task ticked done (``[x]``) whose code was never written. Pure.

A done task is a phantom, unless its own line or the lines under it say the work went
elsewhere, was deferred or is not needed (``moved_elsewhere``), when
- it was ticked in this change and nothing it names (files, symbols) is in the change or
  anywhere in the repository at the target (a task whose work was done before the range
  names files that exist; one that asks to delete something is left alone);
- a TODO / FIXME / "deferred" / "not yet" comment in the code cites its id; or
- the code it names is a stub (``core/code_findings.stub_reason``).

Each finding quotes the task line and, where there is one, the code line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.keys import KeyMatcher
from specaudit.core.evidence.tasks import Task
from specaudit.core.findings import PHANTOM_TASK, Evidence, Finding

# A comment that puts work off: it must also cite the task.
DEFERRAL = re.compile(r"\b(TODO|FIXME|XXX|HACK|defer(?:red|s)?|later|postponed?|follow[- ]?up|pending|"
                      r"not yet|for now|placeholder|stub(?:bed)?|unimplemented|not implemented)\b", re.I)


@dataclass(frozen=True)
class CodeNote:
    """A comment line in product code at the target that defers work."""

    path: str
    line: int
    text: str


@dataclass(frozen=True)
class StubSite:
    """A stub the change adds: where it is and what it is called."""

    path: str
    line: int
    name: str
    code: str  # the line that shows the stub
    alone: bool = False  # the only callable the change adds to its file


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_REMOVAL = re.compile(r"\b(remove|delete|drop|git rm|rm|deprecate|rename)\b|删除|移除|削除|廃止", re.I)
_FILE_NAME = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,5}$")


# A task's own note that its work went elsewhere, was put off or is not needed: the list
# says so itself, so ticking it claims nothing (backoffice-app: "Note: Implemented in
# frontend routes"). Phrases, not single words: "call X instead of Y" or "the row already
# reveals" describe the task's work, not where it went.
_ELSEWHERE = re.compile(
    r"\bmoved (?:to|into)\b|\bhandled (?:in|by|elsewhere)\b|\bsee (?:T\d{3}|task\b)|\bpostponed\b"
    r"|\bdeferred\b(?!\s+(?:loading|rendering|import|execution|initiali[sz]ation|evaluation))"
    r"|(?<![\w/])N/A(?![\w/])|\bnot applicable\b|\bout of scope\b|\b(?:no longer|not) (?:needed|required)\b"
    r"|\balready (?:done|implemented|exists?|covered|handled|in place|present|provided|supported)\b"
    r"|\bimplemented (?:in|as|via|elsewhere)\b|\bcovered (?:elsewhere|in T\d)|\baddressed (?:in|by)\b"
    r"|\b(?:superseded|replaced) by\b|\bwon'?t (?:do|fix|implement)\b", re.I)
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[.\]|^\s*#")


def moved_elsewhere(t: Task, task_line: dict[tuple[str, int], str]) -> str | None:
    """The task's own line or a line under it (up to the next item, heading or blank line)
    that says its work went elsewhere, was deferred or is not needed; None when none does."""
    n = t.line
    while (text := task_line.get((t.list_path, n))) is not None:
        if n > t.line and (not text.strip() or _ITEM.match(text)):
            return None
        if _ELSEWHERE.search(text):
            return text
        n += 1
    return None


def named(t: Task) -> list[str]:
    """What a task names that must exist once it is done: files (with an extension; not a
    URL's host) and symbols."""
    return [p for p in t.paths if _is_file(p)] + list(t.symbols)


def _is_file(token: str) -> bool:
    if not _FILE_NAME.search(token):
        return False  # a folder, a CSS class ("bg-background/60"), a ratio
    return "/" not in token or "." not in token.split("/")[0].lstrip(".")  # not "youtube.com/watch"


def phantom_tasks(tasks: Iterable[Task], task_line: dict[tuple[str, int], str], *, spec: str,
                  ticked_here: set[tuple[str, str]], change: ChangeIndex, present: Callable[[str], bool],
                  notes: list[CodeNote], stubs: list[StubSite], matcher: KeyMatcher) -> list[Finding]:
    """The phantoms among ``tasks`` (those of one spec's task lists at the target).

    ``ticked_here``: (list path, task id) of tasks ticked done in this change;
    ``present(name)``: a named file or symbol is in the change or in the repository at
    the target; ``notes``: deferring comments in product code; ``stubs``: stubs the change
    adds; ``change``: the changed paths (to resolve the files a task names)."""
    deferred: dict[str, list[CodeNote]] = {}
    for note in notes:
        for cite in matcher.cites(note.text):
            if cite.task:
                deferred.setdefault(cite.key, []).append(note)
    out: list[Finding] = []
    for t in tasks:
        if not t.done:
            continue
        if moved_elsewhere(t, task_line):
            continue  # its task-not-in-change note, if any, still says what is untouched
        quote = Evidence("task", t.list_path, t.line, _quote(task_line.get((t.list_path, t.line), "")))
        found = partial_finding(t, spec)
        if t.id in deferred:
            n = deferred[t.id][0]
            out.append(found(f"task {t.id} is ticked done, but the code defers it: {_quote(n.text, 100)}",
                             (quote, Evidence("code", n.path, n.line, _quote(n.text)))))
            continue
        names = named(t)
        hit = _stub_for(t, stubs, change)
        if hit is not None:
            out.append(found(f"task {t.id} is ticked done, but its code `{hit.name}` is a stub",
                             (quote, Evidence("code", hit.path, hit.line, _quote(hit.code)))))
            continue
        text = task_line.get((t.list_path, t.line), "")
        if (t.list_path, t.id) in ticked_here and names and not _REMOVAL.search(text) and \
                not any(present(n) for n in names):
            out.append(found(f"task {t.id} was ticked done in this change, but nothing it names exists in the "
                             f"repository ({', '.join(names[:4])})",
                             (quote, Evidence("named, in neither the change nor the repository",
                                              text=", ".join(names[:8])))))
    return out


def _stub_for(t: Task, stubs: list[StubSite], change: ChangeIndex) -> StubSite | None:
    paths = {p for name in t.paths for p in change.resolve_path(name)}
    for s in stubs:
        if s.name in t.symbols or s.name.rsplit(".", 1)[-1] in t.symbols:
            return s
    for s in stubs:  # a task naming only the file: its code is the stub when nothing else was added
        if s.path in paths and s.alone:
            return s
    return None


def partial_finding(t: Task, spec: str):
    def make(message: str, evidence: tuple[Evidence, ...]) -> Finding:
        return Finding(PHANTOM_TASK, message, spec=spec, clause=t.clauses[0] if t.clauses else None,
                       path=t.list_path, line=t.line, evidence=evidence)
    return make
