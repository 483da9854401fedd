"""The spec checking itself against its audit: contradictions a reviewer marked, clauses a
folded scar superseded but that are still there, scars whose clause is gone. Pure.

These are findings of ``specaudit check`` and problems in the app's Spec tab.
"""

from __future__ import annotations

from specaudit.core.audit import SCAR_FOLDED, Audit, Contradiction, Scar
from specaudit.core.findings import (
    SCAR_ORPHANED,
    SPEC_CONTRADICTION,
    SUPERSEDED_CLAUSE,
    TIGHTENED,
    Finding,
)
from specaudit.core.model import Spec


def contradiction_applies(spec: Spec, mark: Contradiction) -> bool:
    """Both clauses are there and neither was reworded since the mark."""
    a, b = spec.clause(mark.first), spec.clause(mark.second)
    if a is None or b is None:
        return False
    return (mark.first_fingerprint in (None, a.fingerprint)) and (mark.second_fingerprint in (None, b.fingerprint))


def spec_self_findings(spec: Spec, audit: Audit) -> list[Finding]:
    out: list[Finding] = []
    for key in sorted(audit.contradictions):
        mark = audit.contradictions[key]
        if not contradiction_applies(spec, mark):
            continue
        first = spec.clause(mark.first)
        line = first.span[0] if first else None
        why = f": {mark.note}" if mark.note else ""
        if mark.scar:
            out.append(Finding(
                SUPERSEDED_CLAUSE, f"clause {mark.first} still says what scar {mark.scar} superseded "
                f"(folded into {mark.second}); amend or remove it so the spec asks for one thing",
                spec=spec.path, clause=mark.first, scar=mark.scar, path=spec.path, line=line))
        else:
            out.append(Finding(
                SPEC_CONTRADICTION, f"clauses {mark.first} and {mark.second} contradict each other{why}; "
                "reword one of them", spec=spec.path, clause=mark.first, path=spec.path, line=line))
    for sid in sorted(audit.scars):
        scar = audit.scars[sid]
        gone = scar.folded_into if scar.status == SCAR_FOLDED else scar.clause
        if gone and spec.clause(gone) is None:
            what = "was folded into" if scar.status == SCAR_FOLDED else "diverges from"
            out.append(Finding(
                SCAR_ORPHANED, f"scar {sid} {scar.title!r} {what} clause {gone}, which is no longer in the "
                "spec; point it at the clause it belongs to now (specaudit scar) or fold it again",
                spec=spec.path, clause=gone, scar=sid, path=spec.path))
    return out


LINES_INTACT = "scar lines intact"  # as the scar recorded them: kept, or restored by a regeneration
STILL_OVERWRITTEN = "still overwritten"
AWAITING = "awaiting regeneration"


def folded_label(scar: Scar, overwritten: bool) -> str:
    """'folded into behavior-2 · awaiting regeneration' until the scar's lines match again."""
    return f"folded into {scar.folded_into} · {AWAITING if overwritten else LINES_INTACT}"


def tightened_finding(spec: Spec, scar: Scar, overwritten: bool) -> Finding | None:
    """A folded scar's clause with the scar checked against the code now."""
    if scar.status != SCAR_FOLDED or not scar.folded_into:
        return None
    clause = spec.clause(scar.folded_into)
    state = f"{STILL_OVERWRITTEN} ({AWAITING})" if overwritten else LINES_INTACT
    return Finding(TIGHTENED, f"clause {scar.folded_into} was tightened from scar {scar.id} "
                   f"{scar.title!r}: {state}", spec=spec.path, clause=scar.folded_into, scar=scar.id,
                   path=spec.path, line=clause.span[0] if clause else None)
