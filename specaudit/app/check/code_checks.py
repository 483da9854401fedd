"""The check's findings from the code a range adds: ``unwired-code``, ``stub-code`` and
``phantom-task`` (docs/findings.md), read at the range's target, never run.

Files come from git in one ``cat-file --batch`` (``vcs.blobs.batch_blobs``, the one
blob reader) and are parsed once per blob (``app/evidence/code_index.CODE_CACHE``, shared with the
evidence pipeline). The changed files are parsed; every other file of the target is read
and only parsed when its text names something still unresolved (a candidate's name, a
task id beside a TODO), so a check over a large repository stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from specaudit.app.evidence.claims import SpecTasks, claimed, spec_tasks
from specaudit.app.evidence.code_index import CODE_CACHE
from specaudit.core.code import CLASS, TYPE, Definition, language_of
from specaudit.core.code.extract import MAX_PARSE_BYTES
from specaudit.core.code.languages import HTML
from specaudit.core.code_findings import (
    PRODUCT,
    TESTS,
    Candidate,
    ClauseOf,
    RepoFacts,
    Source,
    Spans,
    all_names,
    bases,
    default_export_stem,
    file_role,
    module_imported,
    object_member_owner,
    overrides,
    passed_whole,
    references,
    stubs,
    unwired_candidates,
    unwired_finding,
)
from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.keys import KeyMatcher
from specaudit.core.evidence.model import (
    CITATION,
    COMMIT,
    DEFINITION,
    IDENTIFIER,
    REVIEW,
    TASK,
    Proposal,
)
from specaudit.core.evidence.paths import SOURCE, is_spec_document, path_role
from specaudit.core.findings import Finding
from specaudit.core.model import Spec
from specaudit.core.phantom_tasks import DEFERRAL, CodeNote, StubSite, named, phantom_tasks
from specaudit.core.unexplained import excluded
from specaudit.settings import LIMITS
from specaudit.vcs.blobs import batch_blobs
from specaudit.vcs.runner import SafeGit
from specaudit.vcs.tree import added_between, list_blobs, paths_added_between, words_at

if TYPE_CHECKING:  # checking imports this module
    from specaudit.app.check.checking import CheckedSpec
    from specaudit.core.diff import FileDiff

# What every task citation has (core/evidence/keys.py: `T001`, `task 1.2`, `タスク 3`):
# one quick scan decides whether a file's deferring comments need reading at all.
_TASK_CUE = re.compile(r"[Tt](?:\d{3}|[Aa][Ss][Kk])|タスク")
Proposals = dict[str, dict[str, list[Proposal]]]  # spec -> clause -> ranked proposals
# Added lines that may define something (the parser decides): keywords, the modifiers a
# Java, C#, Kotlin or Swift member starts with (`public void Export()` has no keyword), and
# a C or C++ function's head (`int refund_once(const char *id) {`, its brace on the line
# or the next).
_DEFINES = re.compile(r"\b(def|class|function|func|fun|fn|interface|struct|impl|trait|type|protocol|extension|"
                      r"init|public|private|protected|internal|override|static|void)\b|=>|=\s*function"
                      r"|\w[\w:<>*&]*\s+[*&]*~?[\w:]+\s*\([^;\n]*\)\s*(?:const\s*)?(?:\{|$)", re.M)
_DEFINES_SCRIPT = re.compile(r"\b(function|class)\b|=>")  # in markup: `type="submit"` defines nothing


@dataclass
class Target:
    """The parseable files of the range's target: read lazily, parsed on demand."""

    repo: SafeGit
    oids: dict[str, str]  # path -> blob id
    roles: dict[str, str] = field(default_factory=dict)  # path -> PRODUCT or TESTS (file_role)
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
            self.sources[path] = Source(path, code, self.texts[path], self.roles.get(path))
        return self.sources[path]

    def mentioning(self, names: set[str], paths: Iterable[str]) -> list[Source]:
        """Parsed files among ``paths`` whose text has one of ``names`` as a word."""
        if not names:
            return []
        paths = list(paths)
        self.read(paths)
        return [s for p in paths if any(has_word(self.texts[p], n) for n in names)
                and (s := self.source(p)) is not None]


def added_spans(changes: Iterable[FileDiff]) -> Spans:
    spans: Spans = {}
    for fc in changes:
        if fc.new_path is None or fc.binary:
            continue
        runs = [(h.new_start, h.new_start + h.new_lines - 1) for h in fc.hunks if h.new_lines > 0]
        if runs:
            spans[fc.new_path] = runs
    return spans


@dataclass
class CodeFindings:
    findings: list[Finding]
    phantoms: set[tuple[str, int]]  # (task list, line): a phantom's task-not-in-change note says less
    claimed: set[tuple[str, int]]  # (task list, line) of the done tasks this range claims (evidence.claims)


def code_findings(repo: SafeGit, base: str, target: str, changes: list[FileDiff], checked: list[CheckedSpec], *,
                  roots: tuple[str, ...],
                  exclude: tuple[str, ...], task_lists: dict[str, list[Spec]],
                  proposals: Callable[[], Proposals] | None = None,
                  ) -> CodeFindings:
    """The three kinds over the range, and which tasks are phantoms or ticked in it.
    ``task_lists``: each
    spec's task lists as the range reads them (``proposals.range_task_lists``);
    ``proposals``: each spec's ranked proposals (less what its audit rejects), asked for
    only when a finding has no clause otherwise."""
    tree = list_blobs(repo, target)
    roles = {b.path: role for b in tree
             if b.regular and b.size <= MAX_PARSE_BYTES and "\n" not in b.path and language_of(b.path)
             and (role := file_role(b.path)) and not is_spec_document(b.path, roots)}
    files = {b.path: b.oid for b in tree if b.path in roles}
    tgt = Target(repo, files, roles)
    spans = {p: r for p, r in added_spans(changes).items() if p in files and not excluded(p, exclude)}
    tgt.read(files)  # one batch: the texts decide which unchanged files get parsed
    # Parsed: the changed product source files whose added lines may define something (the
    # parser decides what): only there can a candidate or a stub be. Tests, configuration
    # and files that only edit bodies are parsed when their text names a candidate.
    changed = {p: s for p in _defining(changes, spans, tgt) if (s := tgt.source(p)) is not None}
    product = [p for p in files if roles[p] == PRODUCT]
    tests = [p for p in files if roles[p] == TESTS]
    tasks = spec_tasks(repo, base, [cs.spec for cs in checked], task_lists)
    clause_of = attribution(checked, tasks, changed, proposals)

    out: list[Finding] = []
    exports = {p: names for p in product if p.endswith(".py") and "__all__" in tgt.texts[p]
               and (names := all_names(tgt.texts[p]))}
    facts = RepoFacts(frozenset(_local_classes(tgt, changed)), exports)
    libraries = _Libraries(tgt, list(files), product)
    for c in _unwired(tgt, changed, spans, facts, product):
        test_refs = _first_reference(c, tgt.mentioning({c.d.name}, tests))
        if test_refs and libraries.api(c):
            continue
        out.append(unwired_finding(c, test_refs, clause_of(c.src.path, c.d)))

    def overridden(src: Source, d: Definition) -> bool:
        owner = src.ancestors(d)[:1]
        if not owner or owner[0].kind != CLASS:
            return False
        base = owner[0].name
        others = tgt.mentioning({base}, [p for p in product if p not in changed])
        return overrides(base, d.name, [s for s in changed.values() if s.role == PRODUCT] + others)

    stubbed = stubs(changed, spans, clause_of, overridden)
    out += [f for _d, _s, f in stubbed]
    changed_paths = sorted({p for fc in changes for p in (fc.old_path, fc.new_path) if p})
    phantom, seen = _phantoms(tgt, changed, spans, product, tasks, stubbed, [b.path for b in tree], changed_paths,
                              base, target)
    return CodeFindings(out + phantom, seen, claimed(tasks, changes))


def _defining(changes: list[FileDiff], spans: Spans, tgt: Target) -> list[str]:
    out = []
    for fc in changes:
        p = fc.new_path
        if p not in spans or tgt.roles.get(p) != PRODUCT or path_role(p) != SOURCE:
            continue
        markup = language_of(p) == HTML
        if markup and "<script" not in tgt.texts.get(p, ""):
            continue  # markup alone defines nothing the parser reads
        if (_DEFINES_SCRIPT if markup else _DEFINES).search("\n".join(t for texts in fc.added_texts() for t in texts)):
            out.append(p)
    return out


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


class _Libraries:
    """Python packages no product code outside them imports: libraries, whose callers are
    outside the repository (its tests stand in for them)."""

    def __init__(self, tgt: Target, paths: list[str], product: list[str]) -> None:
        self.tgt, self.product = tgt, [p for p in product if p.endswith(".py")]
        self.inits = {p.rsplit("/", 1)[0] for p in paths if p.endswith("/__init__.py")}
        self._imported: dict[str, bool] = {}

    def top_package(self, path: str) -> str | None:
        """The outermost package directory ``path`` is in (each level has ``__init__.py``)."""
        parts = path.split("/")[:-1]
        top = None
        while parts and "/".join(parts) in self.inits:
            top = "/".join(parts)
            parts.pop()
        return top

    def api(self, c: Candidate) -> bool:
        """``c`` is public API of a library: a Python function or method, its name and its
        class's public, in a package no product code outside the package imports."""
        d = c.d
        if d.language != "python" or any(n.startswith("_") for n in d.qualified.split(".")):
            return False
        top = self.top_package(c.src.path)
        if top is None:
            return False
        if top not in self._imported:
            name = top.rsplit("/", 1)[-1]
            rx = re.compile(r"^[ \t]*(?:from[ \t]+" + re.escape(name) + r"(?:\.|[ \t])|import[ \t]+(?:[\w. \t]*,[ \t]*)*"
                            + re.escape(name) + r"(?![\w]))", re.M)
            outside = [p for p in self.product if not p.startswith(top + "/")]
            self._imported[top] = any(has_word(self.tgt.texts[p], name) and rx.search(self.tgt.texts[p])
                                      for p in outside)
        return not self._imported[top]


def _local_classes(tgt: Target, changed: dict[str, Source]) -> set[str]:
    """Class, struct and interface names defined in the repository, as far as the entry-point
    rules ask (the bases of the changed files' classes): parsed in the changed files;
    elsewhere found by their declaration (``class X``) in the text."""
    classes = [d for s in changed.values() for d in s.code.definitions if d.kind in (CLASS, TYPE)]
    out = {d.name for d in classes}
    wanted = {b for d in classes for b in bases(d) if b.isidentifier()} - out
    for w in wanted:
        if any(_declares(text, w) for p, text in tgt.texts.items() if p not in changed):
            out.add(w)
    return out


_DECLARED = re.compile(r"\b(?:class|interface|struct|trait|type|enum)\s+$")


def _declares(text: str, name: str) -> bool:
    """``text`` declares ``name`` (``class Name``, ``interface Name``...): each whole-word
    occurrence found by substring search, the few characters before it checked."""
    i = text.find(name)
    while i >= 0:
        end = i + len(name)
        if not (end < len(text) and _word_char(text[end])) and _DECLARED.search(text, max(0, i - 24), i):
            return True
        i = text.find(name, i + 1)
    return False


# -- which clause a definition belongs to ------------------------------------------------
def attribution(checked: list[CheckedSpec], spec_tasks: list[SpecTasks], changed: dict[str, Source],
                proposals: Callable[[], Proposals] | None = None) -> ClauseOf:
    """``clause_of(path, definition)`` -> (spec, clause, how): the clause whose links cover
    it; else the clause of a task naming it, or one its doc comment cites; else the clause
    whose strong top-3 proposals hold its lines (``proposed #k``); else the clause of a task
    naming its file."""
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
    proposed: list[dict[str, list[tuple[int, int, int, float, str, str]]]] = []  # built when first asked

    def by_proposal(path: str, d: Definition) -> tuple[str, str, str] | None:
        if proposals is None:
            return None
        if not proposed:
            proposed.append(proposed_spans(proposals()))
        hits = [h for h in proposed[0].get(path, ()) if h[0] <= d.last and h[1] >= d.first]
        if not hits:
            return None
        _first, _last, rank, _score, spec, key = min(hits, key=lambda h: (h[2], -h[3], h[4], h[5]))
        return spec, key, f"proposed #{rank}"

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
        return by_proposal(path, d) or by_path.get(path)

    return clause_of


# Evidence that names the code, not only words or numbers it shares with the clause.
_STRONG = frozenset({TASK, COMMIT, CITATION, IDENTIFIER, DEFINITION, REVIEW})
PROPOSED_RANKS = 3  # a definition is attributed to a clause that ranks it among its first three


def proposed_spans(proposals: Proposals) -> dict[str, list[tuple[int, int, int, float, str, str]]]:
    """Per path: (first, last, rank, score, spec, clause) of every strong proposal ranked in
    its clause's first ``PROPOSED_RANKS`` (new side)."""
    out: dict[str, list[tuple[int, int, int, float, str, str]]] = {}
    for spec, by_clause in proposals.items():
        for key, ranked in by_clause.items():
            for i, p in enumerate(ranked[:PROPOSED_RANKS], 1):
                if p.side == "new" and any(e.kind in _STRONG for e in p.evidence):
                    out.setdefault(p.path, []).append((p.first, p.last, i, p.score, spec, key))
    return out


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
    # The symbols present() may ask about, looked up together: in the texts already read,
    # then the rest in one `git grep` over every file of the target.
    asked = {w for st in spec_tasks for t in st.tasks if t.done and (t.list_path, t.id) in st.ticked_here
             for n in named(t) if "/" not in n and not change.resolve_path(n) and not repo_files.resolve_path(n)
             for w in _words(n)}
    words = _until_none_new(asked, lambda rest: _in_texts(rest, tgt.texts.values()))
    words |= _until_none_new(asked - words, lambda rest: words_at(tgt.repo, target, sorted(rest)))

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
        if any(w in words for w in _words(name)):
            return True
        searches.append(name)  # `git log -S` reads every commit's diff: a few per check, then assume present
        return len(searches) > LIMITS.findings_history_searches or any(
            added_between(tgt.repo, base, target, w) for w in _words(name))

    out: list[Finding] = []
    for st in spec_tasks:
        lines = {(tl.path, n): text for tl in st.lists for n, text in enumerate(tl.text.split("\n"), 1)}
        found = phantom_tasks(st.tasks, lines, spec=st.spec.path, ticked_here=st.ticked_here, change=change,
                              present=present, notes=notes, stubs=sites, matcher=st.matcher)
        seen = {(f.path, f.line) for f in out}  # specs sharing one task list: each task once
        out += [f for f in found if (f.path, f.line) not in seen]
    return out, {(f.path or "", f.line or 0) for f in out}


def _words(name: str) -> list[str]:
    """The words a symbol is found by: ``generate.mutate`` also as ``mutate``."""
    return [w for w in ([name, *name.split(".")[1:]] if "." in name else [name]) if w]


def _until_none_new(words: set[str], search: Callable[[set[str]], set[str]]) -> set[str]:
    """``search`` again for the words not found yet: a match hides a shorter word inside
    it (``generate.mutate`` found, ``mutate`` within it not reported)."""
    found: set[str] = set()
    while rest := words - found:
        new = search(rest) & rest
        if not new:
            break
        found |= new
    return found


def _in_texts(words: set[str], texts: Iterable[str]) -> set[str]:
    """Which of ``words`` occur as a whole word (as ``git grep -w`` reads one) in ``texts``."""
    texts = list(texts)
    return {w for w in words if any(has_word(text, w) for text in texts)}


def has_word(text: str, word: str) -> bool:
    """``word`` occurs in ``text`` with no letter, digit, ``_`` or ``$`` either side: a
    substring search (C speed), then the characters either side checked."""
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if not (i and _word_char(text[i - 1])) and not (end < len(text) and _word_char(text[end])):
            return True
        i = text.find(word, i + 1)
    return False


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_$"


def _deferring_comments(tgt: Target, changed: dict[str, Source], product: list[str],
                        matchers: list[KeyMatcher]) -> list[CodeNote]:
    """Comment lines in product code that put work off (TODO, deferred, not yet...) and
    cite a task: only files with such a line in their text are parsed, to confirm it is
    a comment."""
    out: list[CodeNote] = []
    for p in product:
        text = tgt.texts.get(p, "")
        if not _TASK_CUE.search(text):
            continue  # no line of it can cite a task: the deferring words are not searched
        hits: dict[int, str] = {}
        seen: set[int] = set()
        n, counted = 1, 0  # line numbers counted forward from the previous hit, not from 0
        for m in DEFERRAL.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            n += text.count("\n", counted, start)
            counted = start
            if n in seen:
                continue
            seen.add(n)
            end = text.find("\n", m.end())
            line = text[start:end if end >= 0 else len(text)]
            if any(c.task for mt in matchers for c in mt.cites(line)):
                hits[n] = line
        src = (changed.get(p) or tgt.source(p)) if hits else None
        if src is not None:
            out += [CodeNote(p, n, line.strip()) for n, line in hits.items()
                    if any(a <= n <= b for a, b in src.code.comments)]
    return out
