"""The audit report (see report.py) as one self-contained HTML file.

No scripts, no external resources; every piece of spec, audit and code text goes
through ``html.escape`` (a spec is untrusted input), except clause text, which is
Markdown rendered by ``core/safe_markdown.py`` (raw HTML off, no images, no link targets).
"""

from __future__ import annotations

from html import escape

from specaudit.core.report import progress_aside, runs_text, split_context
from specaudit.core.safe_markdown import to_html

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
.v-implemented{color:#1a7f37}.v-partial{color:#9a6700}.v-violated{color:#cf222e;font-weight:bold}
.v-not-applicable{color:#57606a}.v-unreviewed{color:#8c959f}.stale{background:#fff8c5}
.bad{color:#cf222e;font-weight:bold}.ok{color:#1a7f37}.muted{color:#57606a}
.scar{border-left:4px solid #cf222e;padding:.3em .8em;margin:.6em 0;background:#fff5f5}
.scar.intact{border-color:#1a7f37;background:#f5fff7}pre{white-space:pre-wrap;margin:.3em 0}
code{background:#f3f3f3;padding:0 .2em}.md p{margin:.2em 0}.md ul,.md ol{margin:.2em 0;padding-left:1.4em}
.state{font-size:1.1em}
"""


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _where(path, lines) -> str:
    if not path:
        return ""
    if not lines:
        return f"<code>{e(path)}</code>"
    a, b = lines
    return f"<code>{e(path)}:{a}{'-' + str(b) if b != a else ''}</code>"


def _clause_row(c: dict) -> str:
    links = []
    for link in c["links"]:
        now = link["now"]
        moved = ""
        if now and now["lines"] and (now["path"], now["lines"]) != (link["path"], link["lines"]):
            moved = f" <span class='muted'>now {_where(now['path'], now['lines'])}</span>"
        flag = " <span class='bad'>changed</span>" if link["stale"] else ""
        links.append(f"{_where(link['path'], link['lines'])}{moved}{flag}")
    stale = f"<br><span class='bad'>stale: {e(', '.join(c['stale']))}</span>" if c["stale"] else ""
    renamed = f"<br><span class='muted'>renamed from {e(c['renamed_from'])}</span>" if c["renamed_from"] else ""
    history = "".join(f"<br><span class='muted'>earlier: {e(h['verdict'])} {e(h['reviewer'])}"
                      f"{' — ' + e(h['note']) if h['note'] else ''}</span>" for h in c["history"])
    who = f"<br><span class='muted'>{e(c['reviewer'])} {e(c['at'])}</span>" if c["reviewer"] else ""
    return (
        f"<tr class='{'stale' if c['stale'] else ''}'><td><code>{e(c['key'])}</code><br>"
        f"<span class='muted'>{e(c['kind'])}</span></td>"
        f"<td class='md'>{to_html(c['text'])}</td>"
        f"<td class='v-{e(c['verdict'])}'>{e(c['verdict'])}{renamed}{stale}{who}{history}</td>"
        f"<td>{e(c['note'])}</td><td>{'<br>'.join(links)}</td></tr>"
    )


def _scar(sc: dict) -> str:
    state = "<span class='bad'>overwritten</span>" if sc["overwritten"] else "<span class='ok'>intact</span>"
    extra = "".join(f" · {label} {e(sc[k])}" for label, k in (("clause", "clause"), ("incident", "incident"),
                                                               ("severity", "severity")) if sc[k])
    return (f"<div class='scar{'' if sc['overwritten'] else ' intact'}'><b>{e(sc['id'])}</b> {e(sc['title'])} — "
            f"{_where(sc['path'], sc['lines'])} {state}<span class='muted'>{extra}</span>"
            f"<pre>{e(sc['why'].strip())}</pre></div>")


def _tests(rows: list[dict]) -> str:
    def result(r: dict) -> str:
        cls = "bad" if r["result"] in ("failed", "error") else "ok" if r["result"] == "passed" else "muted"
        return f"<span class='{cls}'>{e(r['result'])}</span>"

    return ("<h3>Tests</h3><table><tr><th>Clause / scar</th><th>Test</th><th>Result</th><th>Evidence</th>"
            "<th>Revision</th></tr>" + "".join(
                f"<tr><td><code>{e(r['clause'] or r['scar'])}</code></td><td><code>{e(r['test'])}</code><br>"
                f"{_where(r['path'], [r['line'], r['line']])}</td><td>{result(r)}</td><td>{e(r['evidence'])}</td>"
                f"<td><code>{e((r['revision'] or '')[:12])}</code></td></tr>" for r in rows) + "</table>")


def render_report_html(report: dict) -> str:
    parts = [
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>specaudit report</title><style>{_CSS}</style></head><body>",
        f"<h1>specaudit report — <span class='{'ok' if report['passed'] else 'bad'}'>"
        f"gate {'passed' if report['passed'] else 'failed'}</span></h1>",
        f"<p class='muted'>{e(report['generator'])} at commit <code>{e((report['target'] or '')[:12])}</code>"
        + (f"; change covered <code>{e(report['base'][:12])}..{e((report['target'] or '')[:12])}</code>"
           if report.get("base") else "") + "</p>",
    ]
    if report.get("summary"):
        parts.append(f"<p class='state'><b>{e(report['summary']['text'])}.</b></p>")
    if report.get("gate"):
        parts.append(f"<p class='muted'>The {e(report['gate']['text'])}.</p>")
    for s in report["specs"]:
        p = s["progress"]
        parts.append(f"<h2>{e(s['spec'])}: {e(s['title'])}</h2>")
        parts.append(f"<p><b>{p['reviewed']} / {p['total']}</b> clauses reviewed{e(progress_aside(p))}.</p>")
        parts.append("<table><tr><th>Kind</th><th>Reviewed</th><th>Total</th></tr>" + "".join(
            f"<tr><td>{e(k)}</td><td>{v['reviewed']}</td><td>{v['total']}</td></tr>"
            for k, v in sorted(p["by_kind"].items())) + "</table>")
        listed, context = split_context(s["clauses"])
        parts.append("<h3>Clauses</h3><table><tr><th>Clause</th><th>Text</th><th>Verdict</th><th>Note</th>"
                     "<th>Links</th></tr>" + "".join(_clause_row(c) for c in listed) + "</table>")
        if context:
            parts.append("<h3>Context notes (read, not reviewed)</h3><ul class='muted'>" + "".join(
                f"<li>{e(c['key'])} (line {c['lines'][0]}): {e(c['title'])}</li>" for c in context) + "</ul>")
        parts.append("<h3>Scars</h3>" + ("".join(_scar(sc) for sc in s["scars"]) or "<p>None recorded.</p>"))
        if s.get("viewed"):
            parts.append("<h3>Files viewed</h3><ul>" + "".join(
                f"<li>{e(v['path'])}" + (f" at <code>{e(v['commit'][:12])}</code>" if v["commit"] else "")
                + (f" by {e(v['reviewer'])}" if v["reviewer"] else "") + "</li>" for v in s["viewed"]) + "</ul>")
        if s.get("tests"):
            parts.append(_tests(s["tests"]))
        if s["findings"]:
            parts.append("<h3>Findings</h3><ul>" + "".join(
                f"<li>{'<b class=bad>FAIL</b> ' if f['gating'] else ''}<code>{e(f['kind'])}</code> "
                f"{_where(f['path'], [f['line'], f['line']] if f['line'] else None)}: {e(f['message'])}</li>"
                for f in s["findings"]) + "</ul>")
    rows = report.get("unexplained") or []
    parts.append("<h2>Unexplained changes</h2>" + ("<ul>" + "".join(
        f"<li><code>{e(f['path'])}</code>: {e(f['message'])}"
        + (f" <span class='muted'>— {e(runs_text(f))}</span>" if f.get("hunks") else "") + "</li>"
        for f in rows) + "</ul>" if rows else "<p>None.</p>"))
    parts.append("</body></html>\n")
    return "\n".join(parts)
