"""Fuse the evidence sources and rank units of code for each clause.

Explicit evidence (a task naming a file or symbol, a commit citing the clause, a citation
in code, an identifier the clause names) is gathered per file as items with their lines.
A file's rank for a clause is the sum of its explicit weights times its role factor,
plus text similarity below 1 (BM25 over whole files); a vague item (a task citing 19
requirements, a commit citing 30 ids across 50 files) is divided by how many clauses it
cites and how many files it names. Evidence for a parent clause (``US1``, Kiro
``Requirement 1``) counts, halved, for its children and theirs for it.

The proposals themselves are units of code (``units``): ``candidates`` scores the units
of the best files (and any unit whose name or literals the clause names) and ``select``
weighs them, damps hubs, abstains and turns the winners into spans.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from specaudit.core.ears import SUBJECT as EARS_SUBJECT
from specaudit.core.ears import system_name
from specaudit.core.evidence.candidates import (
    ClausePlan,
    ClauseSpecificity,
    Item,
    UnitTerms,
    literal_hits,
    plan_clause,
)
from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.keys import KeyMatcher, matcher_for
from specaudit.core.evidence.literals import clause_literals, is_message
from specaudit.core.evidence.model import (
    CITATION,
    COMMIT,
    IDENTIFIER,
    LITERAL,
    TASK,
    TEXT,
    Commit,
    Evidence,
    Proposal,
    SuggestResult,
    inherited,
)
from specaudit.core.evidence.params import DEFAULT, Params
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
from specaudit.core.evidence.select import (
    INHERITED,
    Feedback,
    abstains,
    proposal,
    rank,
    with_companions,
)
from specaudit.core.evidence.stories import Story, another_story, elsewhere, story_of
from specaudit.core.evidence.tasks import Task, read_tasks, task_files, tasks_not_in_change
from specaudit.core.evidence.text import TextIndex
from specaudit.core.evidence.units import UnitIndex
from specaudit.core.evidence.whose import OthersWork
from specaudit.core.gcpause import collector_paused
from specaudit.core.model import Spec
from specaudit.settings import LIMITS

SOURCES = (TASK, COMMIT, CITATION, IDENTIFIER, TEXT)
WEIGHT = {CITATION: 3.0, TASK: 2.0, IDENTIFIER: 1.5, COMMIT: 1.0}
MESSAGE = "message"  # an item: a message the clause quotes, held by a string of the code (weighs as an identifier)
EXPLICIT_BONUS = 0.5  # any explicit evidence adds this before its weight
SPECIFICITY = 0.25  # evidence (a task, a commit, a line of code) citing n clauses weighs 1 / n ** SPECIFICITY
MAX_CITES_PER_FILE = 3  # more cites of one clause in one file add no more weight
# Role factors: behaviour clauses want source, scenarios want the tests that implement them.
BEHAVIOUR_ROLE = {SOURCE: 1.0, TEST: 0.45, FIXTURE: 0.3, CONFIG: 0.35, DOCS: 0.25, LOCK: 0.03, GENERATED: 0.05}
SCENARIO_ROLE = {SOURCE: 0.8, TEST: 1.0, FIXTURE: 0.5, CONFIG: 0.3, DOCS: 0.25, LOCK: 0.03, GENERATED: 0.05}
# A clause that asks for tests ("cover the domain logic with unit tests") is implemented by them.
TESTING_ROLE = {SOURCE: 0.45, TEST: 1.0, FIXTURE: 0.5, CONFIG: 0.3, DOCS: 0.25, LOCK: 0.03, GENERATED: 0.05}
_ASKS_FOR_TESTS = re.compile(
    r"(?i)\b(?:unit|integration|e2e|end-to-end|component|regression)[ -]?tests?\b|\btest (?:coverage|suites?|cases?)\b"
    r"|単体テスト|ユニットテスト|結合テスト|統合テスト|テストでカバー|テストカバレッジ|单元测试|集成测试|测试覆盖")
_BACKTICK = re.compile(r"`([^`\n]{2,120})`")
_DIGIT = re.compile(r"\d").search  # every citation holds a digit: most lines are skipped here
_OWN_ID = re.compile(r"\*\*[A-Z]{1,5}[-\w]*\d[\w-]*\*\*:?|\bUS\d+-AS\d+\b")
_CODE_REF = re.compile(r"[A-Za-z_$][\w$]*(?:(?:::|\.)[A-Za-z_$][\w$]*)*(?:\([^)]{0,40}\))?")
_IDENTIFIER_SHAPE = re.compile(r"[a-z][A-Z]|_|^[A-Z][a-z]+[A-Z]")
_NAME = re.compile(r"[A-Za-z_$][\w$]{2,}")
_LABEL = re.compile(r"(?i)(requirement|要件|user\s*story|story)\s*\d+(\.\d+)*|\(priority:?\s*p\d\)")


@dataclass
class Analysis:
    """Everything ranking needs, computed once per (spec, change): the plans can be
    re-weighed with other ``Params`` (the benchmark fits them) or other feedback."""

    spec: Spec
    change: ChangeIndex
    units: UnitIndex
    plans: list[ClausePlan]
    bodies: dict[str, str]
    notes: list = field(default_factory=list)
    spans: dict = field(default_factory=dict)  # (clause, unit) -> proposed lines: weights do not change them


@collector_paused  # one pause for analyse and finish: the analysis is freed before the collector runs
def propose(spec, changeset, *, spec_paths: Iterable[str] = (), task_lists: Iterable = (),
            commits: Iterable[Commit] = (), limit: int | None = None, clause_keys: Iterable[str] | None = None,
            sources: Iterable[str] = SOURCES, code: dict | None = None, feedback: Feedback | None = None,
            params: Params = DEFAULT, others: OthersWork | None = None) -> SuggestResult:
    """Proposals for each clause of ``spec`` (or those in ``clause_keys``), best first;
    ``code`` maps changed paths to their parsed ``core.code.CodeFile``; ``others`` says
    which lines' citations are another spec's (``core.evidence.whose``)."""
    analysis = analyse(spec, changeset, spec_paths=spec_paths, task_lists=task_lists, commits=commits,
                       clause_keys=clause_keys, sources=sources, code=code, others=others)
    return finish(analysis, params, feedback, limit)


@collector_paused
def finish(analysis: Analysis, params: Params = DEFAULT, feedback: Feedback | None = None,
           limit: int | None = None, keys: Iterable[str] | None = None) -> SuggestResult:
    """Weigh an analysis: proposals for every clause (or ``keys``), best first."""
    limit = LIMITS.evidence_limit if limit is None else limit
    wanted = set(keys) if keys is not None else None
    ranked = rank(analysis.plans, params, feedback, weak=True, keys=wanted)
    roles = {p: fl.role for p, fl in analysis.change.files.items()}
    result: dict[str, list[Proposal]] = {}
    weak: dict[str, list[Proposal]] = {}
    for plan in analysis.plans:
        if wanted is not None and plan.key not in wanted:
            continue
        gone = (lambda u, k=plan.key: feedback.is_rejected(k, u.path, u.first, u.last)) if feedback else None
        chosen = with_companions(ranked[plan.key], analysis.units, roles, limit, gone)
        shown = [proposal(plan, s, analysis.change, analysis.bodies[plan.key], analysis.spans) for s in chosen[:limit]]
        if abstains(plan, params):  # no evidence: "proposals": [], the guesses apart and marked
            result[plan.key] = []
            if shown and not plan.context:  # a note's words meeting code is chance, not even a guess
                weak[plan.key] = [replace(p, weak=True) for p in shown]
        else:
            result[plan.key] = shown
    return SuggestResult(result, [replace(n, spec=analysis.spec.path) for n in analysis.notes], weak)


@collector_paused
def analyse(spec, changeset, *, spec_paths: Iterable[str] = (), task_lists: Iterable = (),
            commits: Iterable[Commit] = (), clause_keys: Iterable[str] | None = None,
            sources: Iterable[str] = SOURCES, code: dict | None = None, others: OthersWork | None = None) -> Analysis:
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

    items: dict[str, dict[str, list[Item]]] = {}
    cites: dict[tuple[str, str], int] = {}

    def add(key: str, path: str, kind: str, weight: float, ev: Evidence, lines: Iterable[int] = (),
            task: str = "") -> None:
        if kind == CITATION:
            n = cites[(key, path)] = cites.get((key, path), 0) + 1
            if n > MAX_CITES_PER_FILE:
                weight = 0.0  # more cites of one clause in one file add no more weight
        items.setdefault(key, {}).setdefault(path, []).append(Item(kind, weight, ev, tuple(lines), task=task))

    if TASK in sources:
        for t in tasks:
            if not t.clauses:
                continue
            files = task_files(t, change)
            # A task naming ten things is weak evidence for each of them.
            breadth = max(len(files), len(t.paths) + len(t.symbols), 1)
            w = WEIGHT[TASK] / math.sqrt(breadth) / len(t.clauses) ** SPECIFICITY
            for f, named, line in files:
                ev = Evidence(TASK, t.source, f"{t.id} names {named}")
                for k in t.clauses:
                    add(k, f, TASK, w, ev, [line] if line else (), task=t.id)
    story = story_of(spec.title, spec.path, spec.text)  # a BMAD story: "(AC1)" of another story is not its AC1
    if COMMIT in sources:
        _commit_evidence(commits, matcher, by_id, change, add, story)
    if CITATION in sources:
        _code_citations(change, matcher, by_id, add, others or OthersWork(), story)
    use_text = TEXT in sources
    text = TextIndex(change) if use_text else None
    units = UnitIndex(change, code if use_text else None)
    terms = UnitTerms(units)
    if IDENTIFIER in sources:
        for c in spec.clauses:
            for name in _clause_names(c.text):
                for f, line in change.definitions(name)[:3]:
                    add(c.key, f, IDENTIFIER, WEIGHT[IDENTIFIER],
                        Evidence(IDENTIFIER, f"{f}:{line}", f"defines `{name}`"), [line])
            _message_evidence(c, terms, add)
    _one_link_once(items)
    known = {c.key for c in spec.clauses}
    parents = {c.key: _parent(c.key, known) for c in spec.clauses}  # spec order
    _inherit(parents, items)
    wanted = set(clause_keys) if clause_keys is not None else None
    clauses = [c for c in spec.clauses if wanted is None or c.key in wanted]
    by_key = {c.key: c for c in spec.clauses}
    system = system_name(c.text for c in spec.clauses)
    bodies = {c.key: _body(c, system.casefold() if system else None) for c in spec.clauses}
    # A scenario or acceptance criterion is read with its requirement's (or story's) title:
    # "Handle empty month" is about daily spending aggregation.
    queries = {c.key: _with_parent(c, by_key, bodies) for c in spec.clauses}
    specificity = ClauseSpecificity([bodies[c.key] for c in spec.clauses])
    children: dict[str, list[str]] = {}
    for key, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(key)
    context = spec.context_keys()
    plans: list[ClausePlan] = []
    for order, c in enumerate(clauses):
        role_map = (TESTING_ROLE if _ASKS_FOR_TESTS.search(bodies[c.key]) else
                    SCENARIO_ROLE if c.kind == "scenario" else BEHAVIOUR_ROLE)
        mine = items.get(c.key, {})
        scores = _file_scores(bodies[c.key], mine, change, text, role_map)
        plan = plan_clause(c.key, c.kind, order, parents[c.key], queries[c.key], mine, scores,
                           lambda path, rm=role_map: rm[change.files[path].role], terms, specificity, use_text)
        plan.context = c.key in context
        plan.children = tuple(children.get(c.key, ()))
        plans.append(plan)
    return Analysis(spec, change, units, plans, bodies, notes)


def _body(clause, system: str | None = None) -> str:
    body = clause.text if clause.title and clause.title in clause.text else f"{clause.title}: {clause.text}"
    if system is not None:  # the system an EARS spec names in most criteria: no evidence (core/ears.py)
        body = EARS_SUBJECT.sub(lambda m: m.group(0) if m.group(2).casefold() != system else " shall", body)
    # The clause's own id ("**FR-006a**:", "US1-AS3") is not its content.
    return _OWN_ID.sub(" ", body.replace(clause.key, " "))


def _with_parent(clause, by_key: dict, bodies: dict[str, str]) -> str:
    parent = by_key.get(_parent(clause.key, set(by_key)) or "")
    if parent is None:
        return bodies[clause.key]
    title = parent.title or ""
    if not _LABEL.sub("", title).strip(" -:\u3000"):  # "要件 1", "Requirement 2": the story line instead
        title = next((ln for ln in parent.text.splitlines() if ln.strip()), "")
    title = title[:200]
    return f"{bodies[clause.key]}\n{_OWN_ID.sub(' ', title.replace(parent.key, ' '))}"


def _file_scores(body: str, mine: dict[str, list[Item]], change: ChangeIndex, text: TextIndex | None,
                 role_map) -> dict[str, float]:
    """Each file's rank for a clause: explicit weight (plus a bonus) times the role, plus
    BM25 over whole files below 1."""
    tscore: dict[str, float] = {}
    if text is not None:
        raw = text.scores(text.query(body))
        weighted = {p: s * role_map[change.files[p].role] for p, s in raw.items()}
        top = max(weighted.values(), default=0.0)
        if top > 0:
            tscore = {p: s / top for p, s in weighted.items() if s / top >= LIMITS.evidence_min_text_share}
    out: dict[str, float] = {}
    for path in mine.keys() | tscore.keys():
        fl = change.files.get(path)
        if fl is None:
            continue
        its = mine.get(path)  # most files have no explicit evidence for the clause
        w = sum(it.weight * (INHERITED if it.inherited else 1.0) for it in its) if its else 0.0
        explicit = EXPLICIT_BONUS + w * role_map[fl.role] if w > 0 else 0.0
        out[path] = explicit + 0.99 * tscore.get(path, 0.0)
    return out


def _message_evidence(clause, terms: UnitTerms, add) -> None:
    """A message the clause quotes ("Sync failed, retrying") in a string of the code: the
    spec names text the code must hold, as it names an identifier in backticks. A string
    that is a name, a path or code ('kind chat', "/api/learn") is no message: those stay
    the literal feature's, as most units sharing them do not do the clause; so is a
    message reworded, or a string that is a word of it (text="Transactions" for "No
    transactions this month")."""
    for lit in clause_literals(clause.text):
        if lit.kind != "string" or not is_message(lit.text):
            continue
        lit = terms.literal(lit)
        for u in terms.literal_units(lit):
            for h in literal_hits(u, [lit]):
                if h.quality >= 1.0:  # the code's string holds the whole message
                    add(clause.key, u.path, MESSAGE, WEIGHT[IDENTIFIER],
                        Evidence(LITERAL, f"{u.path}:{h.line}", f'holds the message "{lit.text}"'), [h.line])


def _one_link_once(items: dict[str, dict[str, list[Item]]]) -> None:
    """A commit that cites a task which already names the file says where in it the task
    was done (its lines), not that the file does the clause a second time: there it keeps
    its lines and evidence line and weighs nothing."""
    for files in items.values():
        for its in files.values():
            named = {it.task for it in its if it.kind == TASK}
            if named:
                its[:] = [replace(it, weight=0.0) if it.kind == COMMIT and it.task in named else it for it in its]


def _commit_evidence(commits, matcher: KeyMatcher, by_id, change: ChangeIndex, add, story: Story | None) -> None:
    for cm in commits:
        subject = cm.subject
        if another_story(story, cm.message):
            continue
        cites = matcher.cites(subject, subject=True) + matcher.cites(cm.message[len(subject):] if
                                                                     cm.message.strip() != subject else "")
        if not cites:
            continue
        keys: dict[str, tuple[str, str]] = {}  # clause -> (what the message says, the task it cites)
        for ct in cites:
            for k in (by_id[ct.key].clauses if ct.task and ct.key in by_id else (() if ct.task else (ct.key,))):
                keys.setdefault(k, (ct.surface.strip(), ct.key if ct.task else ""))
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
        for k, (surface, task) in keys.items():
            ev = Evidence(COMMIT, f"commit {cm.sha[:7]}", f'"{short}" cites {surface}')
            for path, lines in touched:
                add(k, path, COMMIT, w, ev, lines, task)


def _code_citations(change: ChangeIndex, matcher: KeyMatcher, by_id, add, others: OthersWork,
                    story: Story | None) -> None:
    files = [fl for fl in change.files.values()  # prose that mentions an id implements nothing
             if fl.side == "new" and fl.role != DOCS and fl.path not in others.files]
    for fl, candidates in zip(files, matcher.candidate_lines([[t for _n, t in fl.lines] for fl in files]), strict=True):
        for i in candidates:
            no, text = fl.lines[i]
            if not _DIGIT(text) or (others and others.theirs(fl.path, text)) or elsewhere(story, text, fl.path):
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
        # the nearest known prefix: a scenario's name may hold a slash ("Non-admin user
        # accesses /debug" under "cap#Debug console MUST be admin-only")
        at = key.rfind("/")
        while at > 0:
            if key[:at] in known:
                return key[:at]
            at = key.rfind("/", 0, at)
        return None
    if re.fullmatch(r"\d+(?:\.\d+)+", key):
        p = key.rsplit(".", 1)[0]
        return p if p in known else None
    return None


def _inherit(parents: dict[str, str | None], items: dict[str, dict[str, list[Item]]]) -> None:
    # ``parents`` in spec order: the same evidence order every run
    links = [(k, p) for k, p in parents.items() if p]
    direct = {k: {f: [it for it in its if not it.inherited] for f, its in files.items()} for k, files in items.items()}
    for child, parent in links:
        for src, dst in ((parent, child), (child, parent)):
            for f, its in direct.get(src, {}).items():
                for it in its:
                    ev = inherited(it.evidence, src)
                    items.setdefault(dst, {}).setdefault(f, []).append(
                        Item(it.kind, it.weight, ev, it.lines, inherited=True, from_child=src == child, task=it.task))
