"""The regeneration brief: a Markdown hand-off for the agent that regenerates the code.

It says what the spec now insists on (tightened clauses), where the last rendering fell
short (violated and partial clauses with the reviewer's notes), which code must survive
(scars, with file, lines and story) and what must not be built (non-goals).
"""

from __future__ import annotations

from pathlib import Path

from specaudit.app.audit_store import load_audit
from specaudit.app.safe_write import write_atomic
from specaudit.app.tighten import tightened_clause_keys
from specaudit.app.workspace import load_spec
from specaudit.core.audit import PARTIAL, SCAR_FOLDED, VIOLATED, Audit
from specaudit.core.model import Clause, ClauseKind, Spec


def _quote(text: str) -> list[str]:
    return ["> " + ln if ln.strip() else ">" for ln in text.strip().splitlines()]


def _clause_block(c: Clause) -> list[str]:
    return [f"- **{c.key}** (line {c.span[0]}): {' '.join(c.text.split())}"]


def _findings(spec: Spec, audit: Audit) -> list[str]:
    out: list[str] = []
    for c in spec.clauses:
        review = audit.reviews.get(c.key)
        if review is None or review.verdict not in (VIOLATED, PARTIAL):
            continue
        out.append(f"- **{c.key}** — {review.verdict}: {' '.join(c.text.split())}")
        if review.note:
            out.append(f"  - Reviewer's note: {' '.join(review.note.split())}")
        for link in review.links:
            out.append(f"  - See `{link.path}:{link.first}-{link.last}`")
    return out


def _scars(audit: Audit) -> list[str]:
    out: list[str] = []
    for sid in sorted(audit.scars):
        s = audit.scars[sid]
        state = f"folded into clause {s.folded_into}" if s.status == SCAR_FOLDED and s.folded_into else s.status
        where = f"`{s.path}` lines {s.first}-{s.last}" + (f" (at {s.commit[:12]})" if s.commit else "")
        out.append(f"### {s.id}: {s.title}")
        out.append("")
        out.append(f"- Where: {where}")
        facts = [f"severity {s.severity}", state]
        if s.clause:
            facts.append(f"diverges from clause {s.clause}")
        if s.incident:
            facts.append(f"incident {s.incident}")
        out.append("- " + "; ".join(facts))
        out.append("")
        out.extend(_quote(s.why))
        out.append("")
    return out


def build_brief(root: Path, spec_rel: str, *, spec_format: str | None = None) -> str:
    root = Path(root)
    spec = load_spec(root, spec_rel, spec_format)
    audit = load_audit(root, spec_rel)
    by_key = spec.by_key()
    tightened = [by_key[k] for k in tightened_clause_keys(spec, audit)]
    non_goals = [c for c in spec.clauses if c.kind == ClauseKind.NON_GOAL]
    lines = [
        f"# Regeneration brief: {spec.title}",
        "",
        f"Spec: `{spec_rel}` ({spec.format}, {len(spec.clauses)} clauses). Regenerate the code from "
        "the spec; this brief lists what the last review learned. The spec wins where they differ, "
        "except that the scars below must survive.",
        "",
        "## Tightened clauses",
        "",
    ]
    body = [ln for c in tightened for ln in _clause_block(c)]
    lines += (body or ["None."]) + ["", "## Violated and partial clauses", ""]
    lines += (_findings(spec, audit) or ["None."]) + ["", "## Scars to preserve", ""]
    scars = _scars(audit)
    if scars:
        lines += ["These lines diverge from the spec on purpose. Keep their behaviour.", "", *scars]
    else:
        lines += ["None.", ""]
    lines += ["## Non-goals (do not build)", ""]
    lines += [ln for c in non_goals for ln in _clause_block(c)] or ["None."]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_brief(root: Path, spec_rel: str, out: Path, *, spec_format: str | None = None) -> str:
    """Write the brief atomically to ``out``; returns its text."""
    text = build_brief(root, spec_rel, spec_format=spec_format)
    write_atomic(Path(out), text.encode("utf-8"))
    return text
