"""The audit report (see report.py) as Markdown, for pull requests and wikis."""

from __future__ import annotations

from specaudit.core.escape import md_inline as md
from specaudit.core.findings import tests_table_md
from specaudit.core.report import progress_aside, runs_text, split_context


def _where(path: str | None, lines: list[int] | None) -> str:
    if not path:
        return ""
    if not lines:
        return md(path)
    a, b = lines
    return f"{md(path)}:{a}" + (f"-{b}" if b != a else "")


def _clause(c: dict) -> list[str]:
    stale = f" — **stale** ({', '.join(c['stale'])})" if c["stale"] else ""
    renamed = f" (renamed from {md(c['renamed_from'])})" if c["renamed_from"] else ""
    out = [f"- **{md(c['key'])}** ({md(c['kind'])}, line {c['lines'][0]}): `{c['verdict']}`{renamed}{stale}",
           f"  - {md(c['title'])}"]
    if c["note"]:
        out.append(f"  - Note: {md(c['note'])}")
    if c["reviewer"]:
        out.append(f"  - Reviewed by {md(c['reviewer'])}" + (f" at {md(c['at'])}" if c["at"] else ""))
    for link in c["links"]:
        now = link["now"]
        moved = ""
        if now and now["lines"] and (now["path"], now["lines"]) != (link["path"], link["lines"]):
            moved = f" (now {_where(now['path'], now['lines'])})"
        out.append(f"  - Link: {_where(link['path'], link['lines'])}{moved}" + (" — changed since review" if link["stale"] else ""))
    for past in c["history"]:
        out.append(f"  - Earlier: `{past['verdict']}`" + (f" by {md(past['reviewer'])}" if past["reviewer"] else "")
                   + (f" at {md(past['at'])}" if past["at"] else "") + (f" — {md(past['note'])}" if past["note"] else ""))
    return out


def _unexplained(report: dict) -> list[str]:
    out = ["## Unexplained changes", ""]
    rows = report.get("unexplained") or []
    if not rows:
        return [*out, "None."]
    for f in rows:
        runs = runs_text(f)
        out.append(f"- {md(f['path'])}: {md(f['message'])}" + (f" — {runs}" if runs else ""))
    return out


def render_report_md(report: dict) -> str:
    out = [f"# specaudit report ({'gate passed' if report['passed'] else 'gate failed'})", ""]
    if report.get("summary"):
        out += [f"**{md(report['summary']['text'])}.**", ""]
    if report.get("gate"):
        out += [f"The {md(report['gate']['text'])}.", ""]
    if report["target"]:
        out += [f"At commit `{report['target'][:12]}`." + (f" Drift since `{report['since'][:12]}`." if report["since"] else "")
                + (f" Change covered: `{report['base'][:12]}..{report['target'][:12]}`." if report.get("base") else ""),
                ""]
    for s in report["specs"]:
        p = s["progress"]
        out += [f"## {md(s['spec'])}: {md(s['title'])}", "",
                f"**{p['reviewed']} / {p['total']}** clauses reviewed{progress_aside(p)}.", "",
                "| Kind | Reviewed | Total |", "|---|---|---|"]
        out += [f"| {md(k)} | {v['reviewed']} | {v['total']} |" for k, v in sorted(p["by_kind"].items())]
        out += ["", "### Clauses", ""]
        listed, context = split_context(s["clauses"])
        for c in listed:
            out += _clause(c)
        if context:
            out += ["", "### Context notes (read, not reviewed)", ""]
            out += [f"- {md(c['key'])} (line {c['lines'][0]}): {md(c['title'])}" for c in context]
        out += ["", "### Scars", ""]
        if not s["scars"]:
            out.append("None recorded.")
        for sc in s["scars"]:
            state = "**overwritten**" if sc["overwritten"] else "intact"
            out += [f"- **{md(sc['id'])}** {md(sc['title'])} — {_where(sc['path'], sc['lines'])}, {state}"
                    + (f" (clause {md(sc['clause'])})" if sc["clause"] else "")
                    + (f", incident {md(sc['incident'])}" if sc["incident"] else ""),
                    f"  - {md(sc['why'].strip())}"]
        if s.get("viewed"):
            out += ["", "### Files viewed", ""]
            out += [f"- {md(v['path'])}" + (f" at `{v['commit'][:12]}`" if v["commit"] else "")
                    + (f" by {md(v['reviewer'])}" if v["reviewer"] else "") for v in s["viewed"]]
        if s.get("tests"):
            out += ["", "### Tests", "", *tests_table_md(s["tests"])]
        if s["findings"]:
            out += ["", "### Findings", ""]
            out += [f"- {'FAIL ' if f['gating'] else ''}`{f['kind']}` "
                    f"{_where(f['path'], [f['line'], f['line']] if f['line'] else None)}: {md(f['message'])}"
                    for f in s["findings"]]
        out.append("")
    out += _unexplained(report)
    return "\n".join(out) + "\n"
