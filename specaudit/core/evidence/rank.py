"""Fuse the evidence sources into one ranking per clause.

A file's score is the sum of its explicit evidence weights (a task, a commit, a citation
in code, a named identifier) times its role factor, plus text similarity below 1 (the
file's BM25 score over the best file's). A specific citation weighs 1.5-3, so explicit
citations rank ahead of similarity; a vague one (a task citing 19 requirements, a commit
citing 30 ids across 50 files) is divided by the square roots of how many clauses it
cites and how many files it names, and then only orders what similarity leaves close.
The role factor ranks tests, fixtures, lock files and generated files below source for
behaviour clauses, and tests first for scenarios, which tests implement.

Evidence for a parent clause (``US1``, Kiro ``Requirement 1``) counts, halved, for its
children (``US1/AC3``, ``1.3``), and theirs for it: a task tagged ``[US1]`` implements
the story's scenarios.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.keys import KeyMatcher, matcher_for
from specaudit.core.evidence.model import (
    CITATION,
    COMMIT,
    IDENTIFIER,
    TASK,
    TEXT,
    Commit,
    Evidence,
    Proposal,
    SuggestResult,
)
from specaudit.core.evidence.paths import (
    CONFIG,
    DOCS,
    FIXTURE,
    GENERATED,
    LOCK,
    SOURCE,
    TEST,
    spec_document_roots,
)
from specaudit.core.evidence.tasks import Task, read_tasks, task_files, tasks_not_in_change
from specaudit.core.evidence.text import CLUSTER_GAP, TextIndex
from specaudit.settings import LIMITS

SOURCES = (TASK, COMMIT, CITATION, IDENTIFIER, TEXT)
WEIGHT = {CITATION: 3.0, TASK: 2.0, IDENTIFIER: 1.5, COMMIT: 1.0}
INHERITED = 0.5
EXPLICIT_BONUS = 0.5  # any explicit evidence adds this before its weight
SPECIFICITY = 0.25  # evidence (a task, a commit, a line of code) citing n clauses weighs 1 / n ** SPECIFICITY
MAX_CITES_PER_FILE = 3  # more cites of one clause in one file add no more weight
# Role factors: behaviour clauses want source, scenarios want the tests that implement them.
BEHAVIOUR_ROLE = {SOURCE: 1.0, TEST: 0.45, FIXTURE: 0.3, CONFIG: 0.35, DOCS: 0.25, LOCK: 0.03, GENERATED: 0.05}
SCENARIO_ROLE = {SOURCE: 0.8, TEST: 1.0, FIXTURE: 0.5, CONFIG: 0.3, DOCS: 0.25, LOCK: 0.03, GENERATED: 0.05}
_PRIORITY = {CITATION: 0, IDENTIFIER: 1, COMMIT: 2, TASK: 3, TEXT: 4}
_BACKTICK = re.compile(r"`([^`\n]{2,120})`")
_DIGIT = re.compile(r"\d").search  # every citation holds a digit: most lines are skipped here
_OWN_ID = re.compile(r"\*\*[A-Z]{1,5}[-\w]*\d[\w-]*\*\*:?|\bUS\d+-AS\d+\b")
_CODE_REF = re.compile(r"[A-Za-z_$][\w$]*(?:(?:::|\.)[A-Za-z_$][\w$]*)*(?:\([^)]{0,40}\))?")
_IDENTIFIER_SHAPE = re.compile(r"[a-z][A-Z]|_|^[A-Z][a-z]+[A-Z]")
_NAME = re.compile(r"[A-Za-z_$][\w$]{2,}")


@dataclass
class _Acc:
    weight: float = 0.0
    cites: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    lines: dict[str, list[int]] = field(default_factory=dict)  # evidence kind -> lines


def propose(spec, changeset, *, spec_paths: Iterable[str] = (), task_lists: Iterable = (),
            commits: Iterable[Commit] = (), limit: int | None = None, clause_keys: Iterable[str] | None = None,
            sources: Iterable[str] = SOURCES) -> SuggestResult:
    """Proposals for each clause of ``spec`` (or those in ``clause_keys``), best first."""
    limit = LIMITS.evidence_limit if limit is None else limit
    sources = set(sources)
    task_lists = list(task_lists)
    roots = spec_document_roots([spec.path, *spec_paths, *(t.path for t in task_lists)])
    change = ChangeIndex(changeset, roots)
    matcher = matcher_for(spec, task_lists)
    notes: list = []
    tasks: list[Task] = []
    for tl in task_lists:
        tasks += read_tasks(tl, matcher, notes)
    notes += tasks_not_in_change(tasks, change, change.spec_documents)
    by_id = {t.id: t for t in tasks}

    acc: dict[str, dict[str, _Acc]] = {}

    def add(key: str, path: str, kind: str, weight: float, ev: Evidence, lines: Iterable[int] = ()) -> None:
        a = acc.setdefault(key, {}).setdefault(path, _Acc())
        if kind == CITATION:
            a.cites += 1
            if a.cites > MAX_CITES_PER_FILE:
                a.lines.setdefault(kind, []).extend(lines)
                return
        a.weight += weight
        if ev not in a.evidence:
            a.evidence.append(ev)
        a.lines.setdefault(kind, []).extend(lines)

    if TASK in sources:
        for t in tasks:
            if not t.clauses:
                continue
            files = task_files(t, change)
            w = WEIGHT[TASK] / math.sqrt(len(files) or 1) / len(t.clauses) ** SPECIFICITY
            for f, named, line in files:
                ev = Evidence(TASK, t.source, f"{t.id} names {named}")
                for k in t.clauses:
                    add(k, f, TASK, w, ev, [line] if line else ())
    if COMMIT in sources:
        _commit_evidence(commits, matcher, by_id, change, add)
    if CITATION in sources:
        _code_citations(change, matcher, by_id, add)
    if IDENTIFIER in sources:
        for c in spec.clauses:
            for name in _clause_names(c.text):
                hits = change.definitions(name)[:3]
                for f, line in hits:
                    add(c.key, f, IDENTIFIER, WEIGHT[IDENTIFIER], Evidence(IDENTIFIER, f"{f}:{line}", f"defines `{name}`"),
                        [line])
    _inherit(spec, acc)

    text = TextIndex(change) if TEXT in sources else None
    wanted = set(clause_keys) if clause_keys is not None else None
    result: dict[str, list[Proposal]] = {}
    for c in spec.clauses:
        if wanted is not None and c.key not in wanted:
            continue
        result[c.key] = _rank_clause(c, acc.get(c.key, {}), change, text, limit)
    return SuggestResult(result, [replace(n, spec=spec.path) for n in notes])


def _commit_evidence(commits, matcher: KeyMatcher, by_id, change: ChangeIndex, add) -> None:
    for cm in commits:
        subject = cm.subject
        cites = matcher.cites(subject, subject=True) + matcher.cites(cm.message[len(subject):] if
                                                                     cm.message.strip() != subject else "")
        if not cites:
            continue
        keys: dict[str, str] = {}
        for ct in cites:
            for k in (by_id[ct.key].clauses if ct.task and ct.key in by_id else (() if ct.task else (ct.key,))):
                keys.setdefault(k, ct.surface.strip())
        if not keys:
            continue
        touched: list[tuple[str, list[int]]] = []
        for path, texts in cm.added.items():
            fl = change.files.get(change.renamed_from.get(path, path)) or change.files.get(path)
            if fl is None or fl.side != "new":
                continue
            want = {t.strip() for t in texts if len(t.strip()) >= 4}
            lines = [no for no, text in fl.lines if text.strip() in want]
            if lines:
                touched.append((fl.path, lines))
        if not touched:
            continue
        w = WEIGHT[COMMIT] / math.sqrt(len(touched)) / len(keys) ** SPECIFICITY
        short = subject if len(subject) <= 60 else subject[:57] + "..."
        for k, surface in keys.items():
            ev = Evidence(COMMIT, f"commit {cm.sha[:7]}", f'"{short}" cites {surface}')
            for path, lines in touched:
                add(k, path, COMMIT, w, ev, lines)


def _code_citations(change: ChangeIndex, matcher: KeyMatcher, by_id, add) -> None:
    for fl in change.files.values():
        if fl.side != "new" or fl.role == DOCS:  # prose that mentions an id implements nothing
            continue
        for i in matcher.candidate_lines([t for _n, t in fl.lines]):
            no, text = fl.lines[i]
            if not _DIGIT(text):
                continue
            cites = [(ct, by_id[ct.key].clauses if ct.task and ct.key in by_id else (() if ct.task else (ct.key,)))
                     for ct in matcher.cites(text)]
            # A line citing nine requirements at once says less about each than a test
            # named for one scenario.
            n = len({k for _ct, keys in cites for k in keys})
            snippet = text.strip()
            snippet = snippet if len(snippet) <= 60 else snippet[:57] + "..."
            for ct, keys in cites:
                for k in keys:
                    add(k, fl.path, CITATION, WEIGHT[CITATION] / n ** SPECIFICITY,
                        Evidence(CITATION, f"{fl.path}:{no}", f"cites {ct.surface.strip()}: {snippet}"), [no])


def _clause_names(text: str) -> list[str]:
    """Identifiers a clause names in backticks (``NetworkMonitor::new()`` -> NetworkMonitor, new)."""
    names: list[str] = []
    for m in _BACKTICK.finditer(text):
        code = m.group(1).strip()
        # A reference (`RefundLedger`, `a::b()`) gives its names; an expression or prose
        # (`base_delay * 2**(n-1)`) only its identifier-shaped ones; a CSS query
        # ("prefers-reduced-motion") none.
        qualified = bool(_CODE_REF.fullmatch(code)) and ("(" in code or "::" in code or "." in code)
        names += [n for n in _NAME.findall(code)
                  if n not in names and (qualified or _IDENTIFIER_SHAPE.search(n))]
    return names[:6]


def _parent(key: str, known: set[str]) -> str | None:
    if "/" in key:
        p = key.rsplit("/", 1)[0]
        return p if p in known else None
    if re.fullmatch(r"\d+(?:\.\d+)+", key):
        p = key.rsplit(".", 1)[0]
        return p if p in known else None
    return None


def _inherit(spec, acc: dict[str, dict[str, _Acc]]) -> None:
    known = {c.key for c in spec.clauses}
    links = [(k, p) for k in known if (p := _parent(k, known))]
    direct = {k: {f: (a.weight, list(a.evidence), dict(a.lines)) for f, a in files.items()} for k, files in acc.items()}
    for child, parent in links:
        for src, dst in ((parent, child), (child, parent)):
            for f, (w, evs, lines) in direct.get(src, {}).items():
                own = f in direct.get(dst, {})
                a = acc.setdefault(dst, {}).setdefault(f, _Acc())
                a.weight += w * INHERITED
                for e in evs[:2]:
                    via = Evidence(e.kind, e.source, f"{e.detail} (via {src})")
                    if via not in a.evidence and e not in a.evidence:
                        a.evidence.append(via)
                if not own:  # a clause's own evidenced lines decide its span
                    for kind, ls in lines.items():
                        a.lines.setdefault(kind, []).extend(ls)


def _rank_clause(clause, files: dict[str, _Acc], change: ChangeIndex, text: TextIndex | None,
                 limit: int) -> list[Proposal]:
    role_of = SCENARIO_ROLE if clause.kind == "scenario" else BEHAVIOUR_ROLE
    q: dict[str, float] = {}
    tscore: dict[str, float] = {}
    if text is not None:
        body = clause.text if clause.title and clause.title in clause.text else f"{clause.title}: {clause.text}"
        # The clause's own id ("**FR-006a**:", "US1-AS3") is not its content.
        body = _OWN_ID.sub(" ", body.replace(clause.key, " "))
        q = text.query(body)
        raw = text.scores(q)
        weighted = {p: s * role_of[change.files[p].role] for p, s in raw.items()}
        top = max(weighted.values(), default=0.0)
        if top > 0:
            tscore = {p: s / top for p, s in weighted.items() if s / top >= LIMITS.evidence_min_text_share}
    scored: list[tuple[float, str]] = []
    for path in files.keys() | tscore.keys():
        fl = change.files.get(path)
        if fl is None:
            continue
        a = files.get(path)
        explicit = EXPLICIT_BONUS + a.weight * role_of[fl.role] if a and a.weight > 0 else 0.0
        scored.append((explicit + 0.99 * tscore.get(path, 0.0), path))
    scored.sort(key=lambda sp: (-sp[0], sp[1]))
    out: list[Proposal] = []
    for score, path in scored[:limit]:
        fl = change.files[path]
        a = files.get(path) or _Acc()
        evidence = list(a.evidence)
        lines = dict(a.lines)
        if path in tscore and text is not None:
            shared = text.shared(path, q)
            if shared:
                evidence.append(Evidence(TEXT, path, "shares: " + ", ".join(shared)))
            lines[TEXT] = text.best_lines(fl, q)
        narrow = (lambda lo, hi, fl=fl: text.best_lines(fl, q, (lo, hi))) if text is not None and q else None
        first, last = _span(fl, lines, narrow)
        out.append(Proposal(path, fl.side, first, last, score, evidence))
    return out


def _span(fl, lines: dict[str, list[int]], narrow=None) -> tuple[int, int]:
    """The evidenced lines of the strongest kind: their biggest cluster within one hunk.
    A longer span (a commit's or task's whole new file) is narrowed to the lines inside
    it that share the most with the clause, when there are any."""
    for kind in sorted(lines, key=_PRIORITY.__getitem__):
        best = _cluster(fl, lines[kind])
        if not best:
            continue
        if best[-1] - best[0] + 1 > LIMITS.evidence_max_span_lines and narrow is not None:
            inner = narrow(best[0], best[-1])
            if inner:
                best = inner
        return best[0], best[-1]
    first, last = fl.hunks[0] if fl.hunks else (1, 1)
    inner = narrow(first, last) if narrow is not None and last - first + 1 > LIMITS.evidence_max_span_lines else []
    return (inner[0], inner[-1]) if inner else (first, last)


def _cluster(fl, numbers) -> list[int]:
    clusters: list[list[int]] = []
    for n in sorted(set(numbers)):
        if clusters and n - clusters[-1][-1] <= CLUSTER_GAP and fl.hunk_of(n) == fl.hunk_of(clusters[-1][-1]):
            clusters[-1].append(n)
        else:
            clusters.append([n])
    return max(clusters, key=len) if clusters else []
