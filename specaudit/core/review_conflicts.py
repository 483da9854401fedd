"""Review conflicts as check findings: a merge kept two verdicts on one clause (the
merge driver, docs/team.md) and nobody has kept one yet."""

from __future__ import annotations

from specaudit.core.audit import Audit, Review, conflicts
from specaudit.core.findings import REVIEW_CONFLICT, Finding
from specaudit.core.model import Spec


def _side(r: Review) -> str:
    return f"{r.verdict} ({r.reviewer})" if r.reviewer else r.verdict


def conflict_findings(spec: Spec, audit: Audit) -> list[Finding]:
    spans = {c.key: c.span[0] for c in spec.clauses}
    return [
        Finding(REVIEW_CONFLICT,
                f"two reviews conflict: ours {_side(r)} vs theirs {', '.join(_side(c) for c in r.conflict)}; keep "
                f"one in the window or with: specaudit settle --spec {spec.path} --clause {r.clause} --keep ours|theirs",
                spec=spec.path, clause=r.clause, path=spec.path, line=spans.get(r.clause))
        for r in conflicts(audit)
    ]
