"""The regeneration brief: a Markdown hand-off for the agent that regenerates the code.

It says what the spec now insists on (each tightened clause before and after, the scar's
story and the lines the regeneration must keep), where the last rendering fell short
(violated and partial clauses with the reviewer's notes), which code must survive (scars,
with file, lines and story) and what must not be built (non-goals). Ready to paste into a
Spec Kit ``/implement`` run, a Kiro task or an OpenSpec change.
"""

from __future__ import annotations

from pathlib import Path

from specaudit.app.store.audit_store import load_audit
from specaudit.app.store.safe_write import write_atomic
from specaudit.app.tighten.spec_history import scar_lines, spec_before_fold
from specaudit.app.tighten.tightening import tightened_clause_keys
from specaudit.app.workspace.specs import load_spec
from specaudit.core.audit import PARTIAL, SCAR_FOLDED, VIOLATED, Audit, Scar
from specaudit.core.compare import compare_specs
from specaudit.core.errors import SpecauditError
from specaudit.core.model import Clause, ClauseKind, Spec
from specaudit.formats.openspec import change_path

# How each format's agent takes the brief.
AGENT_HINTS = {
    "speckit": "Paste this brief into the Spec Kit `/implement` run (after `/tasks`).",
    "kiro": "Paste this brief into a Kiro task for the spec (\"Update the code to match\").",
    "openspec": "Paste this brief into the OpenSpec change's `tasks.md` or the `/openspec:apply` run.",
}


def _quote(text: str) -> list[str]:
    return ["> " + ln if ln.strip() else ">" for ln in text.strip().splitlines()]


def _clause_block(c: Clause) -> list[str]:
    lines = [ln.strip() for ln in c.text.strip().split("\n") if ln.strip()]
    if len(lines) > 1 and all(ln.startswith(("- ", "* ", "+ ")) for ln in lines):
        # A scenario's steps ("- **WHEN** ...") stay one a line, under the key.
        return [f"- **{c.key}** (line {c.span[0]}):", *(f"  {ln}" for ln in lines)]
    return [f"- **{c.key}** (line {c.span[0]}): {' '.join(c.text.split())}"]


def _fence(lines: list[str]) -> list[str]:
    ticks = "`" * max(3, 1 + max((len(t) for ln in lines for t in _runs(ln)), default=0))
    return [ticks, *lines, ticks]


def _runs(line: str) -> list[str]:
    import re

    return re.findall(r"`+", line)


def _before_text(root: Path, spec: Spec, scar: Scar) -> str | None:
    """The folded clause's text before the fold; None for a clause the fold added."""
    before = spec_before_fold(root, spec.path, scar.id, spec.format)
    if before is None:
        return None
    for ch in compare_specs(before, spec):
        if ch.new_key == scar.folded_into:
            return ch.old.text if ch.old is not None and ch.status != "added" else None
    return None


def _in_change(root: Path, spec: Spec, c: Clause, scar: Scar) -> tuple[str, Clause] | None:
    """(change file, clause) when the fold went to an OpenSpec change, not the spec itself."""
    if spec.format != "openspec" or scar.id in c.text:
        return None
    base = change_path(spec.path, c, "*")
    for path in sorted(Path(root).glob(base)):
        rel = path.relative_to(root).as_posix()
        try:
            found = load_spec(Path(root), rel, "openspec").clause(c.key)
        except SpecauditError:
            continue
        if found is not None and scar.id in found.text:
            return rel, found
    return None


def _folded_block(root: Path, spec: Spec, c: Clause, scar: Scar) -> list[str]:
    change = _in_change(root, spec, c, scar)
    before = c.text if change else _before_text(root, spec, scar)
    after = change[1].text if change else c.text
    where = f", as OpenSpec change `{change[0]}`" if change else ""
    out = [f"### {c.key} (line {c.span[0]}), tightened from scar {scar.id}{where}", ""]
    out += ["Before:", "", *(_quote(before) if before else ["> (a new clause)"]), ""]
    out += ["After:", "", *_quote(after), ""]
    incident = f", incident {scar.incident}" if scar.incident else ""
    out += [f"Why (scar {scar.id}: {scar.title}{incident}):", "", *_quote(scar.why), ""]
    commit, lines = scar_lines(root, spec.path, scar)
    at = f" at {commit[:12]}" if commit else ""
    out.append(f"Keep these lines: `{scar.path}` lines {scar.first}-{scar.last}{at}")
    out += ["", *_fence(lines), ""] if lines else [""]
    return out


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
    folded = {s.folded_into: s for s in audit.scars.values() if s.status == SCAR_FOLDED and s.folded_into}
    body: list[str] = []
    for c in tightened:
        if c.key in folded:
            body += ([""] if body and body[-1] else []) + _folded_block(root, spec, c, folded[c.key])
        else:
            body += _clause_block(c)
    while body and not body[-1]:
        body.pop()
    if body and spec.format in AGENT_HINTS:
        body = [AGENT_HINTS[spec.format], "", *body]
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
