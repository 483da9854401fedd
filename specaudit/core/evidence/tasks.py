"""Task lists beside the spec (Spec Kit, Kiro / cc-sdd and OpenSpec ``tasks.md``).

A task that cites a clause (``[US1]``, ``FR-003``, ``_Requirements: 1.1_``, ``_要件: 1.1_``)
and names a file or a symbol is evidence that the clause is implemented there. The lists
come in parsed (their clauses are tasks with ``refs``); this module reads what each task
names, resolves it against the change, and notes the tasks a reviewer should look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.keys import KeyMatcher
from specaudit.core.evidence.paths import FIXTURE, TEST
from specaudit.core.findings import TASK_NOT_IN_CHANGE, TASK_UNKNOWN_CLAUSE, Finding
from specaudit.core.model import FLAG_DONE

_BACKTICK = re.compile(r"`([^`\n]{1,200})`")
_EXT = r"\.(?:[A-Za-z][A-Za-z0-9]{0,5}|d\.ts)"
# Paths are ASCII here: "ダークモード/ライトモード" in a Japanese task is prose, not a path.
_PATH = re.compile(r"(?<![\w@./-])((?:[A-Za-z0-9_@.\-\[\]]+/)*[A-Za-z0-9_@\-\[\]]+(?:\.[A-Za-z0-9_\-]+)*" + _EXT
                   + r"|(?:[A-Za-z0-9_@.\-]+/)+[A-Za-z0-9_@.\-]+)(?![\w/])")
_FILE_NAME = re.compile(r"[^/]" + _EXT + r"$")
_IDENT = re.compile(r"(?<![\w$.])([a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+"
                    r"|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w$])")
_IDENT_IN_CODE = re.compile(r"[A-Za-z_$][\w$]*")
_ID_LIKE = re.compile(r"(?=[^ ]*\d)[A-Za-z0-9][A-Za-z0-9.\-/_#]*")
_URL = re.compile(r"\b\w+://\S+")
# A scoped package ("@vitejs/plugin-react", "@types/node@20"), not a file; "@/lib/utils", an
# import alias for the source root, is a path.
_SCOPED_PACKAGE = re.compile(r"@[a-z0-9][\w.-]*/[\w.-]+(?:@[\w.^~-]+)?")
# Words that look like identifiers in task prose but name no symbol.
_NOT_SYMBOLS = frozenset({"e_g", "i_e", "JavaScript", "TypeScript", "GitHub", "PostgreSQL", "MySQL",
                          "LocalStorage", "iOS", "macOS", "README"})


@dataclass(frozen=True)
class Task:
    list_path: str
    line: int
    id: str
    clauses: tuple[str, ...]
    paths: tuple[str, ...]  # as written
    symbols: tuple[str, ...]
    done: bool

    @property
    def source(self) -> str:
        return f"{self.list_path}:{self.line}"


def task_id(clause) -> str:
    number = clause.meta.get("number")
    return number or clause.key.removeprefix("task-")


def read_tasks(task_list, matcher: KeyMatcher, notes: list[Finding]) -> list[Task]:
    """The tasks of one parsed task list; clause ids that do not exist become notes."""
    known = set(matcher.keys)
    out: list[Task] = []
    for c in task_list.clauses:
        if c.kind != "task":
            continue
        text = _URL.sub(" ", c.text)
        cited = [k for k in c.refs if k in known]
        for k in c.refs:
            if k not in known and _ID_LIKE.fullmatch(k):  # free text ("all requirements") is no id
                notes.append(Finding(TASK_UNKNOWN_CLAUSE, f"task {task_id(c)} cites {k}, which the spec does not define",
                                     path=task_list.path, line=c.span[0], clause=k))
        cited += [ct.key for ct in matcher.cites(text) if not ct.task]
        paths, symbols = _named(text)
        out.append(Task(task_list.path, c.span[0], task_id(c), tuple(dict.fromkeys(cited)), paths, symbols,
                        FLAG_DONE in c.flags))
    return out


def _named(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Paths and symbols a task names, in backticks or in its prose."""
    paths: list[str] = []
    symbols: list[str] = []
    for m in _BACKTICK.finditer(text):
        code = m.group(1).strip()
        if _PATH.fullmatch(code) and ("/" in code or "." in code) and " " not in code:
            paths.append(code)
        else:
            # "NetworkMonitor::new()", "setupTestDB()", "go run cmd/api/main.go"
            paths += [p for p in _PATH.findall(code) if "/" in p]
            # A called or qualified name ("setupTestDB()", "Monitor::new") counts as it is;
            # otherwise only identifier-shaped ones: `todo` or `Priority` name no symbol.
            called = "(" in code or "::" in code
            names = [n for n in _IDENT_IN_CODE.findall(code)
                     if len(n) >= 4 and (called or _IDENT.fullmatch(n))]
            symbols += names[:2]
    prose = _BACKTICK.sub(" ", text)
    paths += _PATH.findall(prose)
    symbols += _IDENT.findall(prose)
    # "../client.js" is an import relative to a file the task does not say: no file of the repository.
    paths = [p for p in map(_unbracketed, paths) if ".." not in p.split("/")]
    paths = [p for p in paths if p and not p.startswith(("http", "www.")) and not _SCOPED_PACKAGE.fullmatch(p)]
    symbols = [s for s in symbols if s not in _NOT_SYMBOLS and not s.isupper()]
    return tuple(dict.fromkeys(paths)), tuple(dict.fromkeys(symbols))


def _unbracketed(path: str) -> str:
    """A path without the brackets around it: "[frontend/src/TaskRow.tsx]" (a BMAD review
    follow-up names its file so), while "app/[id]/page.tsx" keeps its route segment."""
    while path.startswith("[") and path.count("[") > path.count("]"):
        path = path[1:]
    while path.endswith("]") and path.count("]") > path.count("["):
        path = path[:-1]
    if path.startswith("[") and path.endswith("]") and "]" not in path[1:-1]:
        path = path[1:-1]
    return path


def task_files(task: Task, change: ChangeIndex) -> list[tuple[str, str, int | None]]:
    """(changed path, what the task named, defining line or None) for what a task names."""
    out: list[tuple[str, str, int | None]] = []
    seen: set[str] = set()
    for p in task.paths:
        for f in change.resolve_path(p):
            if f not in seen:
                seen.add(f)
                out.append((f, p, None))
    for s in task.symbols:
        hits = [(f, None) for f in change.files_named(s)] or _definitions(change, s)
        for f, line in hits:
            if f not in seen:
                seen.add(f)
                out.append((f, s, line))
    return out


def tasks_not_in_change(tasks: list[Task], change: ChangeIndex, spec_documents: list[str]) -> list[Finding]:
    """Done tasks naming files (with a path) of which the change touches none."""
    notes: list[Finding] = []
    touched_docs = set(spec_documents)
    for t in tasks:
        # A file by its extension: "src/components" may be a directory, and prose's
        # "user/assistant/tool/system" is a list of words, neither a file left untouched.
        named = [p for p in t.paths if "/" in p and _FILE_NAME.search(p)]
        if not t.done or not named:
            continue
        if any(change.resolve_path(p) for p in named) or any(p in touched_docs for p in named):
            continue
        notes.append(Finding(TASK_NOT_IN_CHANGE,
                             f"task {t.id} is marked done but the change touches none of its files ({', '.join(named[:3])})",
                             path=t.list_path, line=t.line))
    return notes


def task_list_findings(spec, task_lists, changed_paths) -> list[Finding]:
    """Notes on a spec's task lists against the paths a change touched (for ``check``):
    done tasks whose files were not touched, and cited clause ids the spec lacks."""
    from specaudit.core.evidence.keys import matcher_for
    from specaudit.core.evidence.paths import spec_document_roots

    matcher = matcher_for(spec, task_lists)
    notes: list[Finding] = []
    tasks = [t for tl in task_lists for t in read_tasks(tl, matcher, notes)]
    change = ChangeIndex.from_paths(changed_paths, spec_document_roots([spec.path, *(tl.path for tl in task_lists)]))
    notes += tasks_not_in_change(tasks, change, change.spec_documents)
    return [replace(n, spec=spec.path) for n in notes]


def _definitions(change: ChangeIndex, name: str) -> list[tuple[str, int]]:
    """Where a named symbol is defined; a test's stand-in (``const onCancel = vi.fn()``)
    only when no source file defines it."""
    defs = change.definitions(name)
    real = [(f, n) for f, n in defs if change.files[f].role not in (TEST, FIXTURE)]
    return (real or defs)[:3]
