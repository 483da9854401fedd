"""The audit report as plain data (the JSON format); Markdown and HTML render this.

Pure: the caller hands in the spec, its audit, where every link and scar is now, and
the check's findings (see specaudit.app.check.reporting).
"""

from __future__ import annotations

from collections.abc import Mapping

from specaudit.core.audit import UNREVIEWED, Audit, Link, Scar
from specaudit.core.drift import Tracked, carried_over, effective_review
from specaudit.core.findings import (
    SCAR_OVERWRITTEN,
    STALE_CODE,
    STALE_SPEC,
    UNEXPLAINED_CHANGE,
    Finding,
    GatePolicy,
    ReviewState,
    context_aside,
)
from specaudit.core.model import Spec

# 2: the range's unexplained changes once at the top (one finding per file), the review's
# state and the gate policy; no per-spec "unexplained" list.
REPORT_SCHEMA = 2


def _lines(first: int, last: int) -> list[int]:
    return [first, last]


def _now(tracked: Tracked | None) -> dict | None:
    if tracked is None:
        return None
    return {
        "path": tracked.path,
        "lines": None if tracked.deleted else _lines(tracked.first, tracked.last),
        "changed": tracked.changed,
        "moved": tracked.moved,
        "deleted": tracked.deleted,
    }


def _link(link: Link, tracked: Tracked | None) -> dict:
    return {
        "path": link.path, "side": link.side, "lines": _lines(link.first, link.last), "commit": link.commit,
        "now": _now(tracked), "stale": bool(tracked and tracked.changed),
    }


def _scar(scar: Scar, anchor: str | None, tracked: Tracked | None) -> dict:
    return {
        "id": scar.id, "title": scar.title, "why": scar.why, "path": scar.path,
        "lines": _lines(scar.first, scar.last), "commit": anchor or scar.commit, "clause": scar.clause,
        "incident": scar.incident, "severity": scar.severity, "status": scar.status,
        "author": scar.author, "created": scar.created,
        "overwritten": bool(tracked and tracked.changed), "now": _now(tracked),
    }


def spec_report(
    spec: Spec,
    audit: Audit,
    findings: list[Finding],
    links_now: Mapping[tuple[str, int], Tracked],
    scars_now: Mapping[str, Tracked],
    scar_anchors: Mapping[str, str | None],
    tests: list[dict] | None = None,
) -> dict:
    """One spec's section of the report. ``tests``: per-clause test rows, when evaluated."""
    carried = carried_over(spec, audit)
    # The range's unexplained changes belong to no spec: the report lists them once.
    mine = [f for f in findings if f.spec in (spec.path, None) and f.kind != UNEXPLAINED_CHANGE]
    by_clause: dict[str, list[Finding]] = {}
    for f in mine:
        if f.clause and f.kind != SCAR_OVERWRITTEN:
            by_clause.setdefault(f.clause, []).append(f)
    by_kind: dict[str, dict] = {}
    clauses = []
    notes = spec.context_keys()  # read, not reviewed, unless someone gave one a verdict
    context = 0
    for clause in spec.clauses:
        review = effective_review(audit, clause.key, carried)
        aside = clause.key in notes and review.verdict == UNREVIEWED
        context += aside
        source_key = carried.get(clause.key, clause.key)
        kind = by_kind.setdefault(clause.kind, {"reviewed": 0, "total": 0, "verdicts": {}})
        kind["total"] += 1
        kind["reviewed"] += review.verdict != UNREVIEWED
        kind["verdicts"][review.verdict] = kind["verdicts"].get(review.verdict, 0) + 1
        clause_findings = by_clause.get(clause.key, [])
        clauses.append({
            "key": clause.key, "kind": clause.kind, "title": clause.title, "text": clause.text,
            "section": " / ".join(clause.section), "lines": list(clause.span),
            "verdict": review.verdict, "note": review.note, "reviewer": review.reviewer, "at": review.at,
            "commit": review.commit,
            "renamed_from": carried.get(clause.key),
            "links": [_link(lk, links_now.get((source_key, i))) for i, lk in enumerate(review.links)],
            "stale": sorted({f.kind for f in clause_findings if f.kind in (STALE_SPEC, STALE_CODE)}),
            "history": [{"verdict": p.verdict, "reviewer": p.reviewer, "at": p.at, "note": p.note}
                        for p in review.history],
            "findings": [f.to_json() for f in clause_findings],
            "context": aside,
        })
    reviewed = sum(k["reviewed"] for k in by_kind.values())
    return {
        "spec": spec.path, "format": spec.format, "title": spec.title,
        "progress": {"reviewed": reviewed, "total": len(spec.clauses) - context, "by_kind": by_kind,
                     "context": context},
        "clauses": clauses,
        "scars": [_scar(s, scar_anchors.get(sid), scars_now.get(sid)) for sid, s in sorted(audit.scars.items())],
        "viewed": [{"path": m.path, "commit": m.commit, "reviewer": m.reviewer, "at": m.at}
                   for _p, m in sorted(audit.viewed.items())],
        "findings": [f.to_json() for f in mine],
        "tests": list(tests or []),
    }


def runs_text(finding: dict, limit: int = 12) -> str:
    """An unexplained file's open runs: "lines 3-9, 40, 52-60" (the first ``limit``)."""
    runs = [r for h in finding.get("hunks") or [] for r in h["unexplained"]]
    shown = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs[:limit]]
    more = f" and {len(runs) - limit} more" if len(runs) > limit else ""
    return ("line " if len(runs) == 1 and runs[0][0] == runs[0][1] else "lines ") + ", ".join(shown) + more \
        if runs else ""


def report(specs: list[dict], *, version: str, passed: bool, target: str | None, since: str | None,
           base: str | None, range: str | None = None,  # noqa: A002
           findings: list[Finding] | None = None, state: ReviewState | None = None,
           gate: GatePolicy | None = None) -> dict:
    """The whole report: the review's state, the gate, each spec's section and the
    range's unexplained changes (from ``findings``), listed once whatever the specs."""
    return {
        "report_schema": REPORT_SCHEMA, "generator": f"specaudit {version}",
        "passed": passed, "target": target, "since": since, "base": base, "range": range,
        "summary": state.to_json() if state is not None else None,
        "gate": gate.to_json() if gate is not None else None,
        "specs": specs,
        "unexplained": [f.to_json() for f in findings or [] if f.kind == UNEXPLAINED_CHANGE],
    }


def progress_aside(progress: dict) -> str:
    """" (83 context notes aside)" after a spec's "3 / 8 clauses reviewed", or ""."""
    n = progress.get("context", 0)
    return f" ({context_aside(n)})" if n else ""


def split_context(clauses: list[dict]) -> tuple[list[dict], list[dict]]:
    """(the clauses to list with their verdicts, the unreviewed context notes): a report
    lists a BMAD story's 8 criteria in full and its 83 notes one line each, after them."""
    return [c for c in clauses if not c["context"]], [c for c in clauses if c["context"]]
