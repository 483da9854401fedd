"""Weigh the candidates of every clause of a spec, and turn the best into proposals.

A unit's score is its role factor times: explicit evidence in it, its file's rank, and its
text evidence (cover, name, literal) - the last two damped for a hub, a unit that is the
text-only favourite of several clauses (``Params.hub``). A clause whose best text-only
strength is below ``Params.abstain`` and that has no explicit evidence of its own gets
no proposal at all: "No evidence found in this change" is itself a finding. So does a
success criterion without explicit evidence, whatever its words meet: it is an outcome
measured (a load time, a Lighthouse score, what testers recall), not code. Links
accepted for a clause's parent or children lift the units they point at; rejected spans
never come back. A test proposed for a
clause brings the definition it exercises, and a definition the test that calls it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, neg, not_

from specaudit.core.code import CALLABLE_KINDS, CONFIG, FIELD
from specaudit.core.code import TEST as TEST_KIND
from specaudit.core.evidence.candidates import Candidate, ClausePlan
from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.common_words_zh import WORDS as COMMON_ZH
from specaudit.core.evidence.model import (
    DEFINITION,
    LITERAL,
    REVIEW,
    TESTED,
    TEXT,
    Evidence,
    Proposal,
    merged,
)
from specaudit.core.evidence.params import DEFAULT, Params
from specaudit.core.evidence.paths import SOURCE, TEST
from specaudit.core.evidence.terms import japanese
from specaudit.core.evidence.text import clause_terms
from specaudit.core.evidence.tokens import all_terms, line_terms, lines_terms, term_counts
from specaudit.core.evidence.units import Unit, UnitIndex
from specaudit.core.model import ClauseKind
from specaudit.settings import LIMITS

INHERITED = 0.5
COMPANION_SHARE = 0.9  # a test's subject (or a subject's test) ranks just below it
COMPANIONS = 2  # at most this many companions per clause
CLUSTER_GAP = 3
WHOLE = 0.8  # explicit evidence on this share of a unit's own lines is on all of it
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f]")
_HIRAGANA_ONLY = re.compile(r"^[\u3040-\u309f]+$")
_KATAKANA_RUN = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]+")
_STRING_VALUE = re.compile(r"""(["'`])([^"'`\n]{1,80})\1""")
QUOTED = 1.5  # in a table, a clause word held as a string value ('dark') says more than in a name (isDark)
_PRIORITY = {"citation": 0, "identifier": 1, "message": 1, "commit": 2, "task": 3}


@dataclass
class Feedback:
    """What the reviewer already said in this spec's audit."""

    accepted: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)  # clause -> links
    rejected: dict[str, list[tuple[str, int | None, int | None]]] = field(default_factory=dict)

    def is_rejected(self, key: str, path: str, first: int, last: int) -> bool:
        for p, a, b in self.rejected.get(key, ()):
            if p == path and (a is None or b is None or (a <= last and first <= b)):
                return True
        return False


@dataclass(slots=True)
class Scored:
    cand: Candidate
    score: float
    extra: list[Evidence] = field(default_factory=list)


def abstains(plan: ClausePlan, p: Params) -> bool:
    if plan.own_explicit:
        return False
    if plan.context:
        return True  # a note beside the spec's requirements: its words meeting code is chance
    if plan.kind == ClauseKind.SUCCESS_CRITERION:
        # Spec Kit's success criteria are measurable, technology-agnostic outcomes: code
        # sharing their words is a guess (measured in docs/evidence.md, "Abstaining").
        return True
    # A candidate's text-only strength, as a weighted mean of its features: the threshold
    # means the same whatever weights the ranking gives cover, name and literals.
    mass = p.cover + p.name + p.literal or 1.0
    pc, pn, pl = p.cover / mass, p.name / mass, p.literal / mass
    # rank and finish both ask, with the same constants: the plan keeps the answer.
    best = plan.strength.get((pc, pn, pl))
    if best is None:
        k = plan.cover_scale
        best = plan.strength[(pc, pn, pl)] = max(
            [c.role * (pc * min(1.0, k * c.cover) + pn * c.name + pl * c.literal) for c in plan.candidates],
            default=0.0)
    return best < p.abstain


def _parts(cands: list[Candidate], p: Params) -> tuple[list[float], list[float]]:
    """Each candidate's explicit part and its text part (the one hub damping scales):
    its score is ``role * (explicit + damp * text)``."""
    pe, pf, pc, pn, pl = p.explicit, p.file, p.cover, p.name, p.literal
    return ([pe * (c.explicit + INHERITED * c.inherited) for c in cands],
            [pf * c.file_prior + pc * c.cover + pn * c.name + pl * c.literal for c in cands])


def neighbours(plans: list[ClausePlan]) -> dict[str, list[tuple[str, str]]]:
    """Clauses whose accepted links inform each other: a clause's parent and children (a
    story and its scenarios, a requirement and its acceptance criteria). Siblings and the
    clauses next in the spec were measured too and cost span@1 (benchmarks/bench_evidence.py,
    "Learning within a review"): they are left out."""
    return {pl.key: ([(pl.parent, "its parent")] if pl.parent is not None else [])
            + [(child, "a child") for child in pl.children] for pl in plans}


NO_FEEDBACK: tuple = ((), ())  # a clause with no rejection and no parent or child


def feedback_for(key: str, feedback: Feedback, mates: tuple[str, ...]) -> tuple:
    """All of the feedback that ranking one clause reads (``rank``, ``with_companions``): its
    rejections and the links accepted for its ``mates`` (``neighbours``). Equal values rank
    the clause alike, so a ranking kept for a review weighs again only when this changes."""
    rejected = feedback.rejected.get(key)
    if not rejected and not mates:
        return NO_FEEDBACK
    return (tuple(rejected or ()), tuple((mate, tuple(feedback.accepted.get(mate, ()))) for mate in mates))


_UNIT = attrgetter("unit")
_UID = attrgetter("unit.uid")
_PATH = attrgetter("unit.path")
_FIRST = attrgetter("unit.first")


def rank(plans: list[ClausePlan], params: Params = DEFAULT, feedback: Feedback | None = None,
         weak: bool = False, keys: Collection[str] | None = None) -> dict[str, list[Scored]]:
    """Each clause's candidates (of ``keys`` only, when given), best first; an abstained
    clause maps to [] (with ``weak``, to its candidates all the same: the guesses shown
    apart as weak). Only the clauses that do not abstain count for hub damping, all of
    them whatever ``keys`` says, so a clause ranks the same alone as with the others."""
    feedback = feedback or Feedback()
    live = [pl for pl in plans if not abstains(pl, params)]
    ranked = [pl for pl in (plans if weak else live) if keys is None or pl.key in keys]
    parts = {pl.key: _parts(pl.candidates, params) for pl in ranked}
    if params.hub:  # hub damping counts every live clause's favourite, ``keys`` or not
        parts.update({pl.key: _parts(pl.candidates, params) for pl in live if pl.key not in parts})
    # A hub weight of 0 damps nothing (1 / (1 + 0 * (n - 1)) is 1.0): no favourite to count.
    favourite = _favourites(live, parts) if params.hub else {}
    near = neighbours(plans) if feedback.accepted else {}
    out: dict[str, list[Scored]] = {pl.key: [] for pl in plans if keys is None or pl.key in keys}
    hub = params.hub
    for pl in ranked:
        cands = pl.candidates
        es, ts = parts[pl.key]
        if feedback.rejected.get(pl.key):
            keep = [not feedback.is_rejected(pl.key, c.unit.path, c.unit.first, c.unit.last) for c in cands]
            cands, es, ts = list(compress(cands, keep)), list(compress(es, keep)), list(compress(ts, keep))
        scores = [c.role * (e + t) for c, e, t in zip(cands, es, ts, strict=True)]  # undamped (a damp of 1.0 adds t as it is)
        if favourite:  # few units are favourites: their candidates are found in C, then damped
            for i in compress(range(len(cands)), map(favourite.__contains__, map(_UID, cands))):
                c, n = cands[i], favourite[cands[i].unit.uid]
                if n > 1 and not c.has_explicit:
                    scores[i] = c.role * (es[i] + 1.0 / (1.0 + hub * (n - 1)) * ts[i])
        reviewed: dict[int, Scored] = {}  # position -> a candidate lifted by a neighbour's accepted links
        mates = near.get(pl.key, ())
        if mates:
            for i, c in enumerate(cands):
                s = reviewed[i] = Scored(c, scores[i], [])
                _reviewed(s, mates, feedback, params)
                scores[i] = s.score
        by = list(zip(map(neg, scores), map(_PATH, cands), map(_FIRST, cands), strict=True))
        # Best first; equals keep the candidates' order (a stable sort on the same keys).
        order = sorted(range(len(cands)), key=by.__getitem__)
        units = list(map(_UNIT, cands))
        chosen = list(map(order.__getitem__, _diverse(list(map(units.__getitem__, order)), params.per_file)))
        out[pl.key] = [reviewed.get(i) or Scored(cands[i], scores[i], []) for i in chosen]
    return out


def _favourites(live: list[ClausePlan], parts: dict[str, tuple[list[float], list[float]]]) -> dict[int, int]:
    """Hub damping: unit -> the number of clauses whose top unit it is on text and file
    rank alone."""
    favourite: dict[int, int] = {}
    for pl in live:
        best: Candidate | None = None
        top = 0.0
        for c, e, t in zip(pl.candidates, *parts[pl.key], strict=True):
            v = c.role * (e + t)
            # The best score, then the lowest uid; the first of equals, as max() keeps.
            if best is None or v > top or (v == top and c.unit.uid < best.unit.uid):
                best, top = c, v
        if best is not None and not best.has_explicit:
            favourite[best.unit.uid] = favourite.get(best.unit.uid, 0) + 1
    return favourite


def _reviewed(s: Scored, mates, feedback: Feedback, params: Params) -> None:
    """Lift a candidate where links were accepted for the clause's parent or children."""
    u = s.cand.unit
    for other, why in mates:
        for path, a, b in feedback.accepted.get(other, ()):
            if path != u.path:
                continue
            # The unit's own lines, not its span: a component holding the accepted
            # handler is not the handler.
            overlap = any(a <= n <= b for n in u.lines)
            s.score *= 1.0 + params.review * (1.0 if overlap else 0.25)
            s.extra.append(Evidence(REVIEW, f"{path}:{a}-{b}",
                                    f"{'these lines' if overlap else 'this file'} accepted for {other} ({why})"))
            break


HEAD = 3  # the first proposals (up to per_file of one file); then a new file each, then second units


def _diverse(units: list[Unit], per_file: int) -> list[int]:
    """Positions of ``units`` (best first) to propose: at most ``per_file`` units per file
    among the first ``HEAD`` proposals; then one per file not shown yet (the list also
    answers "which files"); then a file's second unit (a clause done in two places of one
    file), best first each time; no two overlapping."""
    chosen: list[int] = []
    taken = [False] * len(units)
    spans: dict[str, list[tuple[int, int]]] = {}  # path -> the spans chosen there

    def fill(cap: int, until: int) -> None:
        for i, u in enumerate(units):
            if len(chosen) >= until:
                return
            if taken[i]:
                continue
            here = spans.get(u.path)
            if here is None:
                here = spans[u.path] = []
            if len(here) >= cap:
                continue
            first, last = u.first, u.last
            for a, b in here:
                if a <= last and first <= b:
                    break  # overlaps one already chosen (inside it, or around it)
            else:
                here.append((first, last))
                chosen.append(i)
                taken[i] = True

    fill(per_file, HEAD)
    fill(1, len(units))
    fill(max(per_file, 2), len(units))
    return chosen


def with_companions(ranked: list[Scored], units: UnitIndex, roles: dict[str, str], limit: int,
                    rejected=None) -> list[Scored]:
    """A test among the first three brings the definition it calls; a definition the test
    calling it (never one the reviewer rejected: ``rejected(unit)``), right after the
    first three."""
    out = list(ranked)
    added = 0
    for s in ranked[:3]:
        if added >= COMPANIONS:
            break
        u = s.cand.unit
        mate, why = _companion(u, units, roles)
        if mate is None or (rejected and rejected(mate)):
            continue
        ev = Evidence(TESTED, f"{u.path}:{u.first}", why)
        # Beside its test (or subject), but never ahead of the first three the ranking chose:
        # a companion there pushed out a clause's second right place (measured: span@3
        # 0.65 -> 0.67 leave-one-repository-out, docs/evidence.md).
        at = max(out.index(s) + 1, HEAD)
        there = next((o for o in out if o.cand.unit.uid == mate.uid), None)
        if there is not None:  # already proposed: it moves up beside its test (or subject)
            if out.index(there) < out.index(s):
                continue
            there.extra.append(ev)
            if out.index(there) > at:
                out.remove(there)
                out.insert(at, there)
        else:
            out.insert(at, Scored(Candidate(mate, s.cand.role), s.score * COMPANION_SHARE, [ev]))
        added += 1
    return out[:limit]


def _companion(u: Unit, units: UnitIndex, roles: dict[str, str]) -> tuple[Unit | None, str]:
    is_test = u.kind == TEST_KIND or roles.get(u.path) == TEST
    if is_test:
        subjects = [v for name in sorted(u.identifiers) for v in units.defined.get(name, ())
                    if roles.get(v.path) == SOURCE and len(name) >= 4 and v.kind in CALLABLE_KINDS]
        if subjects:
            best = min(subjects, key=lambda v: (len(units.defined.get(v.name, ())), -len(v.name), v.uid))
            return best, f"exercised by {u.label()}"
        return None, ""
    if not u.name or roles.get(u.path) != SOURCE or len(u.name) < 4:
        return None, ""
    tests = units.tests_using(u.name, roles)
    if tests:
        best = min(tests, key=lambda v: (v.size, v.uid))
        return best, f"tests {u.label()}"
    return None, ""


# -- proposals -------------------------------------------------------------------------
def proposal(plan: ClausePlan, s: Scored, change: ChangeIndex, body: str, spans: dict | None = None) -> Proposal:
    c = s.cand
    u = c.unit
    key = (plan.key, u.uid, len(c.items), len(c.hits))
    if spans is not None and key in spans:
        first, last = spans[key]
    else:
        first, last = _span(plan, c, change.files[u.path].text_of())
        if spans is not None:
            spans[key] = (first, last)
    evidence: list[Evidence] = []
    for it in sorted(c.items, key=lambda it: (_PRIORITY.get(it.kind, 9), it.inherited)):
        ev = it.evidence if not it.inherited else it.evidence
        if ev not in evidence:
            evidence.append(ev)
    for it in plan.file_items.get(u.path, ()):
        # The file's evidence without lines (a task naming it), and any inside the span shown
        # (a citation in a method of the class proposed).
        inside = any(first <= n <= last for n in it.lines)
        if (not it.lines or inside) and it.evidence not in evidence:
            evidence.append(it.evidence)
    evidence += s.extra
    shared = plan.shared(c)
    if c.name > 0 and u.name:
        words = [w for w in shared if not u.name_terms.isdisjoint(all_terms(w))]  # a word's terms, read from the memo
        evidence.append(Evidence(DEFINITION, f"{u.path}:{u.first}",
                                 f"{u.label()}" + (f": its name says {', '.join(words[:3])}" if words else "")))
    said = {ev.source for ev in evidence if ev.kind == LITERAL}  # a quoted message, said as explicit evidence
    for h in c.hits:
        if f"{u.path}:{h.line}" in said:
            continue
        evidence.append(Evidence(LITERAL, f"{u.path}:{h.line}",
                                 f"{'holds' if h.quality >= 1 else 'holds a variant of'} {_quote(h.literal.text)}"))
    code = ""
    if any(map(_CJK.search, shared)):  # the unit's text, to widen CJK fragments by
        text_of = change.files[u.path].text_of()
        code = "\n".join([text_of.get(n, "") for n in u.lines])
    shown = readable(shared, body, code)
    if shown:
        evidence.append(Evidence(TEXT, f"{u.path}:{first}-{last}", "shares: " + ", ".join(shown[:4])))
    if not evidence:  # ranked on its file alone: say what the file holds for the clause
        evidence = _file_evidence(plan, u.path, change, body)
    return Proposal(u.path, u.side, first, last, s.score, merged(evidence))


def _file_evidence(plan: ClausePlan, path: str, change: ChangeIndex, body: str) -> list[Evidence]:
    """Why a file ranks for a clause when the unit proposed from it holds nothing of its
    own: the file's explicit evidence elsewhere in it, else the clause's words its added
    lines and path share (what ranked it: ``rank._file_scores``)."""
    out = list(dict.fromkeys(it.evidence for it in plan.file_items.get(path, ())))
    if out:
        return out
    fl = change.files[path]
    held = term_counts(fl.said())
    held.update(all_terms(path.replace("/", " ")))
    ranked = sorted(clause_terms(body), key=lambda t: -t[2])
    words = readable(list(dict.fromkeys(surf for term, surf, _w, _d in ranked if term in held)), body)
    detail = "the file shares: " + ", ".join(words[:4]) if words else "the file ranks for it as a whole"
    return [Evidence(TEXT, path, detail)]


def _quote(text: str) -> str:
    return f'"{text}"' if not text[:1].isdigit() else text


def _span(plan: ClausePlan, c: Candidate, text_of: dict[int, str]) -> tuple[int, int]:
    """The unit when it is short; otherwise the cluster of its evidencing lines, widened
    to the body statement holding it when that stays short."""
    u = c.unit
    limit = LIMITS.evidence_max_span_lines
    if u.size <= limit:
        return u.first, u.last
    lines: list[int] = []
    for it in sorted(c.items, key=lambda it: _PRIORITY.get(it.kind, 9)):
        lines = [n for n in it.lines if u.first <= n <= u.last]
        if lines:
            break
    if lines and len(lines) >= WHOLE * len(u.lines):
        # Evidence that wrote the whole unit (a commit adding the component) says nothing of
        # where in it the clause is: the unit from its signature, as with no lines at all.
        return u.first, min(u.last, u.first + limit - 1)
    if not lines:
        lines = sorted({h.line for h in c.hits}) or _matching_lines(plan, u, text_of) or u.lines
    if not lines:
        return u.first, min(u.last, u.first + limit - 1)
    cluster = _cluster(lines)
    a, b = cluster[0], cluster[-1]
    body = u.definition.body if u.definition is not None else None
    if body is not None:
        around = [st for st in body.statements if st.first <= b and a <= st.last]
        if around:
            sa, sb = min(st.first for st in around), max(st.last for st in around)
            if sb - sa + 1 <= limit:
                return _with_signature(u, body, sa, sb, limit)
    a, b = _block(a, b, u, text_of, limit)
    if b - a + 1 > limit:
        b = a + limit - 1
    return _with_signature(u, body, a, b, limit) if body is not None else (a, b)


def _with_signature(u: Unit, body, a: int, b: int, limit: int) -> tuple[int, int]:
    """Lines that open a definition's body (its docstring, its first statements) shown
    with the signature they belong to: `def test_get_cashflow_trend(...)` above its
    docstring, not the docstring alone."""
    opening = body.statements[0].first if body.statements else body.first
    if u.first < a <= opening and b - u.first + 1 <= limit:
        return u.first, b
    return a, b


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def _block(a: int, b: int, u: Unit, text_of: dict[int, str], limit: int) -> tuple[int, int]:
    """Lines ``a..b`` widened to the indented block around them (a table entry of a test,
    a clause of a config), with its opening and closing lines, while it stays short."""
    body = [text_of[n] for n in range(a, b + 1) if n in text_of and text_of[n].strip()]
    if not body:
        return a, b
    depth = min(_indent(t) for t in body)

    def inside(n: int) -> bool:
        t = text_of.get(n)
        return t is not None and (not t.strip() or _indent(t) >= depth)

    lo, hi = a, b
    while lo - 1 >= u.first and inside(lo - 1) and hi - lo + 1 < limit:
        lo -= 1
    while hi + 1 <= u.last and inside(hi + 1) and hi - lo + 1 < limit:
        hi += 1
    # The lines opening and closing the block, one level out ("{" ... "},").
    if lo - 1 >= u.first and (t := text_of.get(lo - 1)) and t.strip() and _indent(t) < depth and hi - lo + 2 <= limit:
        lo -= 1
    if hi + 1 <= u.last and (t := text_of.get(hi + 1)) and t.strip() and _indent(t) < depth and hi - lo + 2 <= limit:
        hi += 1
    while lo < hi and not text_of.get(lo, "").strip():
        lo += 1
    while hi > lo and not text_of.get(hi, "").strip():
        hi -= 1
    return lo, hi


def _matching_lines(plan: ClausePlan, u: Unit, text_of: dict[int, str]) -> list[int]:
    """The run of the unit's lines holding most of the clause's words. Inside one unit a
    word on many of its lines ("stats" all over a statistics panel) says little of where:
    a word weighs its clause weight times how rare it is among the unit's lines, and a run
    counts each word once (a word repeated down a list does not make the list the place)."""
    held: dict[int, list[str]] = {}
    df: dict[str, int] = {}
    quoted: dict[int, set[str]] = {}  # line -> the clause's words it holds as a string value
    table = u.kind in (CONFIG, FIELD)  # entries told apart by their string values (name: 'dark')
    named = u.name_terms  # the unit's own name is said of all its lines: it chose the unit, not the lines
    q = plan.query
    words = q.keys()
    every = lines_terms(map(text_of.get, u.lines, repeat("")))
    # Most lines share no word with the clause: those are passed over in C.
    for no, terms in compress(zip(u.lines, every, strict=True), map(not_, map(words.isdisjoint, every))):
        got = [t for t in terms if t in q and t not in named]  # a line's terms are distinct
        if got:
            held[no] = got
            for t in got:
                df[t] = df.get(t, 0) + 1
            if table:
                quoted[no] = {t for m in _STRING_VALUE.finditer(text_of.get(no, "")) for t in line_terms(m.group(2))}
    if not held:
        return []
    n = len(u.lines)
    weight = {t: plan.query[t] * math.log(1 + n / k) for t, k in df.items()}
    best: list[int] = []
    best_s = 0.0
    for group in _groups(sorted(held)):
        strength: dict[str, float] = {}  # each word once per run, at its strongest
        for no in group:
            said = quoted.get(no, ())
            for t in held[no]:
                strength[t] = max(strength.get(t, 1.0), QUOTED if t in said else 1.0)
        gs = sum(weight[t] * m for t, m in strength.items())
        if gs > best_s:
            best, best_s = group, gs
    return best


def _groups(numbers: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for n in numbers:
        if out and n - out[-1][-1] <= CLUSTER_GAP and n - out[-1][0] < LIMITS.evidence_max_span_lines:
            out[-1].append(n)
        else:
            out.append([n])
    return out


def _cluster(numbers: list[int]) -> list[int]:
    groups = _groups(sorted(set(numbers)))
    return max(groups, key=len) if groups else []


def _widened(phrases: list[str], body: str, code: str) -> list[str]:
    """Each CJK stretch of ``body`` grown a character at a time, left then right, while the
    grown stretch is still in ``code``: the phrase model cut 方 / 法论, the code holds 方法论.
    In Japanese only over Han, katakana and Hangul characters (hiragana are particles and
    endings: "を表示", "タスクを"); in Chinese only where the two characters at the new edge
    are a common word (方法, not 的题 or 有顺: a particle or a verb beside the word)."""
    chinese = not japanese(body)

    def joins(edge: str, ch: str) -> bool:  # ch joins the stretch, making ``edge`` its new edge pair
        return edge in COMMON_ZH if chinese else bool(_CJK.match(ch)) and not _HIRAGANA_ONLY.match(ch)

    out = []
    for ph in phrases:
        start = body.find(ph)
        if start < 0 or ph not in code:
            out.append(ph)
            continue
        a, b = start, start + len(ph)
        while a > 0 and joins(body[a - 1:a + 1], body[a - 1]) and body[a - 1:b] in code:
            a -= 1
        while b < len(body) and joins(body[b - 1:b + 1], body[b]) and body[a:b + 1] in code:
            b += 1
        out.append(body[a:b])
    return out


def readable(surfaces: list[str], body: str, code: str = "") -> list[str]:
    """The clause's own words for what matched: a Latin word as written, and for CJK the
    longest stretch of the clause covered by matched bigrams ("エラーメッセージ", not
    "エラ, ラー, メッ"), widened over the clause's CJK characters around it for as long as
    ``code`` (the text they were found in) holds the stretch too: 方法论 where the clause's
    phrases kept only 法论 of it, never more than both say."""
    rank = {s: i for i, s in enumerate(surfaces)}
    out: list[tuple[int, str]] = []
    cjk = list(map(bool, map(_CJK.search, surfaces)))  # each surface searched once
    latin = list(compress(surfaces, map(not_, cjk)))
    inner = {w for o in latin if " " in o for w in o.split()}  # a phrase ("local storage") already shows its words
    out += [(rank[s], s) for s in latin if s not in inner]
    grams = list(compress(surfaces, cjk))
    if grams:
        covered = [False] * len(body)
        for g in grams:
            start = body.find(g)
            while start >= 0:
                for i in range(start, start + len(g)):
                    covered[i] = True
                start = body.find(g, start + 1)
        phrases: list[str] = []
        run = ""
        for ch, on in zip(body, covered, strict=True):
            if on:
                run += ch
            elif run:
                phrases.append(run)
                run = ""
        if run:
            phrases.append(run)
        if code:
            phrases = _widened(phrases, body, code)
        runs = {m.group() for m in _KATAKANA_RUN.finditer(body)}
        for ph in dict.fromkeys(phrases):
            if len(ph) < 2 or _HIRAGANA_ONLY.match(ph):
                continue
            if _KATAKANA_RUN.fullmatch(ph) and ph not in runs:
                continue  # part of a longer katakana word ("スト" of "リスト"): not a word of the clause
            out.append((min((rank[g] for g in grams if g in ph), default=len(rank)), ph))
    return [s for _r, s in sorted(out)]
