"""The check's findings from the code a range adds: ``unwired-code``, ``stub-code`` and
``phantom-task`` (docs/findings.md), read at the range's target, never run.

Files come from git in one ``cat-file --batch`` (``vcs.blobs.batch_blobs``, the one
blob reader) and are parsed once per blob (``app/code_index.CODE_CACHE``, shared with the
evidence pipeline). The changed files are parsed; every other file of the target is read
and only parsed when its text names something still unresolved (a candidate's name, a
task id beside a TODO), so a check over a large repository stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from specaudit.app.evidence.code_index import CODE_CACHE
from specaudit.app.evidence.proposals import read_task_lists, task_list_paths
from specaudit.core.code import CLASS, TYPE, Definition, language_of
from specaudit.core.code.extract import MAX_PARSE_BYTES
from specaudit.core.code_findings import (
    PRODUCT,
    TESTS,
    Candidate,
    ClauseOf,
    RepoFacts,
    Source,
    Spans,
    default_export_stem,
    file_role,
    module_imported,
    object_member_owner,
    passed_whole,
    references,
    stubs,
    unwired_candidates,
    unwired_finding,
)
from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.keys import KeyMatcher, matcher_for
from specaudit.core.evidence.paths import is_spec_document
from specaudit.core.evidence.tasks import Task, read_tasks
from specaudit.core.findings import Finding
from specaudit.core.model import Spec, decode_spec_bytes
from specaudit.core.phantom_tasks import DEFERRAL, CodeNote, StubSite, phantom_tasks
from specaudit.core.unexplained import excluded
from specaudit.settings import LIMITS
from specaudit.vcs.blobs import batch_blobs
from specaudit.vcs.runner import SafeGit
from specaudit.vcs.tree import added_between, list_blobs, paths_added_between, word_at

if TYPE_CHECKING:  # checking imports this module
    from specaudit.app.check.checking import CheckedSpec
    from specaudit.core.diff import FileDiff

# An added line that may define a callable or a class, in the languages parsed.
_DEFINES = re.compile(r"\b(def|class|function|func|fn|interface|struct|impl|trait|type)\b|=>|=\s*function")


@dataclass
class Target:
    """The parseable files of the range's target: read lazily, parsed on demand."""

    repo: SafeGit
    oids: dict[str, str]  # path -> blob id
    texts: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def read(self, paths: Iterable[str]) -> None:
        want = [p for p in paths if p not in self.texts]
        blobs = batch_blobs(self.repo, [self.oids[p] for p in want]) if want else {}
        for p in want:
            data = blobs.get(self.oids[p])
            self.texts[p] = data.decode("utf-8", "replace") if data is not None else ""

    def source(self, path: str) -> Source | None:
        if path not in self.sources:
            self.read([path])
            code = CODE_CACHE.parse(path, self.texts[path].encode("utf-8", "surrogateescape"), self.oids[path])
            if code is None:
                return None
            self.sources[path] = Source(path, code, self.texts[path])
        return self.sources[path]

    def mentioning(self, names: set[str], paths: Iterable[str]) -> list[Source]:
        """Parsed files among ``paths`` whose text has one of ``names`` as a word."""
        if not names:
            return []
        rx = re.compile(r"(?<![\w$])(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
                        + r")(?![\w$])")
        paths = list(paths)
        self.read(paths)
        return [s for p in paths if rx.search(self.texts[p]) and (s := self.source(p)) is not None]


def added_spans(changes: Iterable[FileDiff]) -> Spans:
    spans: Spans = {}
    for fc in changes:
        if fc.new_path is None or fc.binary:
            continue
        runs = [(h.new_start, h.new_start + h.new_lines - 1) for h in fc.hunks if h.new_lines > 0]
        if runs:
            spans[fc.new_path] = runs
    return spans


def code_findings(repo: SafeGit, base: str, target: str, changes: list[FileDiff], checked: list[CheckedSpec], *,
                  roots: tuple[str, ...], exclude: tuple[str, ...], task_lists: dict[str, list[Spec]] | None = None,
                  ) -> tuple[list[Finding], set[tuple[str, int]]]:
    """The three kinds over the range, and (task list, line) of the tasks found phantom
    (their ``task-not-in-change`` note says less and is dropped). ``task_lists``: each
    spec's task lists as already read from the working tree (reused when the target's
    are the same bytes)."""
    tree = list_blobs(repo, target)
    files = {b.path: b.oid for b in tree
             if b.regular and b.size <= MAX_PARSE_BYTES and language_of(b.path) and file_role(b.path)
             and not is_spec_document(b.path, roots) and "\n" not in b.path}
    tgt = Target(repo, files)
    spans = {p: r for p, r in added_spans(changes).items() if p in files and not excluded(p, exclude)}
    tgt.read(files)  # one batch: the texts decide which unchanged files get parsed
    # Parsed: the changed files whose added lines may define something (the parser decides
    # what); a changed file that only edits bodies is read like any other file.
    defining = {fc.new_path for fc in changes if fc.new_path in spans
                and _DEFINES.search("\n".join(line for texts in fc.added_texts() for line in texts))}
    changed = {p: s for p in spans if p in defining and (s := tgt.source(p)) is not None}
    product = [p for p in files if file_role(p) == PRODUCT]
    tests = [p for p in files if file_role(p) == TESTS]
    tasks = _spec_tasks(repo, base, target, checked, task_lists or {})
    clause_of = attribution(checked, tasks, changed)

    out: list[Finding] = []
    facts = RepoFacts(frozenset(_local_classes(tgt, changed)))
    for c in _unwired(tgt, changed, spans, facts, product):
        test_refs = _first_reference(c, tgt.mentioning({c.d.name}, tests))
        out.append(unwired_finding(c, test_refs, clause_of(c.src.path, c.d)))
    stubbed = stubs(changed, spans, clause_of)
    out += [f for _d, _s, f in stubbed]
    changed_paths = sorted({p for fc in changes for p in (fc.old_path, fc.new_path) if p})
    phantom, seen = _phantoms(tgt, changed, spans, product, tasks, stubbed, [b.path for b in tree], changed_paths,
                              base, target)
    return out + phantom, seen


def _first_reference(c: Candidate, files: list[Source]) -> list[tuple[str, int]]:
    return references(c.d.name, files, c)


def _unwired(tgt: Target, changed: dict[str, Source], spans: Spans, facts: RepoFacts,
             product: list[str]) -> list[Candidate]:
    """Candidates no product file references: the changed files first (parsed anyway),
    then the files whose text names a candidate still open."""
    open_: list[Candidate] = []
    parsed = [s for s in changed.values() if s.role == PRODUCT]
    for c in unwired_candidates(changed, spans, facts):
        if references(c.d.name, parsed, c):
            continue
        stem = default_export_stem(c.d, c.src)
        if stem and any(module_imported(stem, tgt.texts[p]) for p in product if p != c.src.path):
            continue
        obj = object_member_owner(c.d, c.src)
        if obj is not None and any(passed_whole(obj.name, tgt.texts[p], obj.span if p == c.src.path else None)
                                   for p in product):
            continue
        open_.append(c)
    rest = [p for p in product if p not in changed]
    more = tgt.mentioning({c.d.name for c in open_}, rest)
    return [c for c in open_ if not references(c.d.name, more, c)]


def _local_classes(tgt: Target, changed: dict[str, Source]) -> set[str]:
    """Class, struct and interface names defined in the repository: parsed in the changed
    files; elsewhere found by their declaration (``class X``) in the text."""
    out = {d.name for s in changed.values() for d in s.code.definitions if d.kind in (CLASS, TYPE)}
    decl = re.compile(r"\b(?:class|interface|struct|trait|type|enum)\s+([A-Z_a-z]\w*)")
    for p, text in tgt.texts.items():
        if p not in changed:
            out.update(decl.findall(text))
    return out


# -- which clause a definition belongs to ------------------------------------------------
@dataclass
class SpecTasks:
    spec: Spec
    lists: list[Spec]
    tasks: list[Task]
    ticked_here: set[tuple[str, str]]
    matcher: KeyMatcher


def _spec_tasks(repo: SafeGit, base: str, target: str, checked: list[CheckedSpec],
                worktree: dict[str, list[Spec]]) -> list[SpecTasks]:
    """Each spec's task lists at the target, and which tasks this change ticked done (a
    done task whose line is not, as it is, in the list at ``base``)."""
    out = []
    names = [(rev, p) for cs in checked for p in task_list_paths(cs.spec.path) for rev in (base, target)]
    blobs = batch_blobs(repo, [f"{rev}:{p}" for rev, p in names]) if names else {}
    for cs in checked:
        known = {tl.path: tl for tl in worktree.get(cs.spec.path, [])}

        def at_target(rel: str) -> bytes | None:
            return blobs.get(f"{target}:{rel}")

        lists: list[Spec] = []
        fresh = False
        for rel in task_list_paths(cs.spec.path):
            raw = at_target(rel)
            tl = known.get(rel)
            if raw is not None and tl is not None and decode_spec_bytes(raw) == tl.text:
                lists.append(tl)  # the working tree's list is the target's: parsed once
            elif raw is not None:
                fresh = True
        if fresh:  # a list that differs from the working tree's: read them all at the target
            lists = read_task_lists(cs.spec.path, at_target, [])
        matcher = matcher_for(cs.spec, lists)
        tasks: list[Task] = []
        ticked: set[tuple[str, str]] = set()
        for tl in lists:
            now = read_tasks(tl, matcher, [])
            old = blobs.get(f"{base}:{tl.path}")
            before = set(decode_spec_bytes(old).split("\n")) if old is not None else set()
            rows = tl.text.split("\n")
            tasks += now
            ticked |= {(tl.path, t.id) for t in now
                       if t.done and (t.line > len(rows) or rows[t.line - 1] not in before)}
        out.append(SpecTasks(cs.spec, lists, tasks, ticked, matcher))
    return out


def attribution(checked: list[CheckedSpec], spec_tasks: list[SpecTasks], changed: dict[str, Source]) -> ClauseOf:
    """``clause_of(path, definition)`` -> (spec, clause, how): the clause whose links cover
    it, else the clause of a task naming it (or its file), else a clause its doc cites."""
    links: dict[str, list[tuple[int, int, str, str]]] = {}
    for cs in checked:
        for (key, _i), now in cs.links_now.items():
            if now.path is not None and not now.deleted:
                links.setdefault(now.path, []).append((now.first, now.last, cs.spec.path, key))
    by_symbol: dict[str, tuple[str, str, str]] = {}
    by_path: dict[str, tuple[str, str, str]] = {}
    paths = ChangeIndex.from_paths(list(changed), ())
    for st in spec_tasks:
        for t in st.tasks:
            if not t.clauses:
                continue
            how = (st.spec.path, t.clauses[0], f"task {t.id}")
            for s in t.symbols:
                by_symbol.setdefault(s, how)
            for p in t.paths:
                for f in paths.resolve_path(p):
                    by_path.setdefault(f, how)

    def clause_of(path: str, d: Definition) -> tuple[str, str, str] | None:
        for first, last, spec, key in links.get(path, []):
            if first <= d.last and last >= d.first:
                return spec, key, "linked"
        if d.name in by_symbol:
            return by_symbol[d.name]
        for st in spec_tasks:
            for cite in st.matcher.cites(d.doc) if d.doc else []:
                if not cite.task:
                    return st.spec.path, cite.key, "cited in its comment"
        return by_path.get(path)

    return clause_of


# -- phantom tasks ------------------------------------------------------------------------
def _phantoms(tgt: Target, changed: dict[str, Source], spans: Spans, product: list[str],
              spec_tasks: list[SpecTasks], stubbed: list[tuple[Definition, Source, Finding]], all_paths: list[str],
              changed_paths: list[str],
              base: str, target: str) -> tuple[list[Finding], set[tuple[str, int]]]:
    notes = _deferring_comments(tgt, changed, product, [st.matcher for st in spec_tasks])
    added_per_file = {p: sum(1 for d in s.code.definitions if d.kind in ("function", "method", "route")
                             and any(a <= d.signature_lines[0] <= b for a, b in spans.get(p, [])))
                      for p, s in changed.items()}
    sites = [StubSite(s.path, f.line or d.first, d.qualified, s.line(f.evidence[1].line or d.first),
                      alone=added_per_file.get(s.path) == 1) for d, s, f in stubbed]
    change = ChangeIndex.from_paths(changed_paths, ())
    repo_files = ChangeIndex.from_paths(all_paths, ())
    history: list[ChangeIndex] = []  # the paths the range's commits added, read when first needed
    searches: list[str] = []

    def present(name: str) -> bool:
        """In the change, anywhere in the repository at the target (a file by its path, a
        symbol as a word of any file), or something the range wrote and later removed (a
        migration that deleted what it converted)."""
        if change.resolve_path(name) or repo_files.resolve_path(name):
            return True
        if "/" in name:  # a path: only a file of that name will do
            if not history:
                history.append(ChangeIndex.from_paths(sorted(paths_added_between(tgt.repo, base, target)), ()))
            return bool(history[0].resolve_path(name))
        words = [w for w in ([name, *name.split(".")[1:]] if "." in name else [name]) if w]  # `generate.mutate`
        if any(word_at(tgt.repo, target, w) for w in words):
            return True
        searches.append(name)  # `git log -S` reads every commit's diff: a few per check, then assume present
        return len(searches) > LIMITS.findings_history_searches or any(
            added_between(tgt.repo, base, target, w) for w in words)

    out: list[Finding] = []
    for st in spec_tasks:
        lines = {(tl.path, n): text for tl in st.lists for n, text in enumerate(tl.text.split("\n"), 1)}
        found = phantom_tasks(st.tasks, lines, spec=st.spec.path, ticked_here=st.ticked_here, change=change,
                              present=present, notes=notes, stubs=sites, matcher=st.matcher)
        seen = {(f.path, f.line) for f in out}  # specs sharing one task list: each task once
        out += [f for f in found if (f.path, f.line) not in seen]
    return out, {(f.path or "", f.line or 0) for f in out}


def _deferring_comments(tgt: Target, changed: dict[str, Source], product: list[str],
                        matchers: list[KeyMatcher]) -> list[CodeNote]:
    """Comment lines in product code that put work off (TODO, deferred, not yet...) and
    cite a task: only files with such a line in their text are parsed, to confirm it is
    a comment."""
    out: list[CodeNote] = []
    for p in product:
        text = tgt.texts.get(p, "")
        hits: dict[int, str] = {}
        for m in DEFERRAL.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end())
            line = text[start:end if end >= 0 else len(text)]
            n = text.count("\n", 0, start) + 1
            if n not in hits and any(c.task for mt in matchers for c in mt.cites(line)):
                hits[n] = line
        src = (changed.get(p) or tgt.source(p)) if hits else None
        if src is not None:
            out += [CodeNote(p, n, line.strip()) for n, line in hits.items()
                    if any(a <= n <= b for a, b in src.code.comments)]
    return out
