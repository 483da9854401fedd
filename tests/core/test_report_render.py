"""Renderings of check results and reports, from hand-built data (no git)."""

from __future__ import annotations

import re

from specaudit.core.audit import Audit, Link, Review, Scar
from specaudit.core.drift import Tracked
from specaudit.core.findings import CheckResult, Finding, render_markdown, render_text
from specaudit.core.fingerprint import text_fingerprint
from specaudit.core.model import Clause, Spec
from specaudit.core.report import report, spec_report
from specaudit.core.report_html import render_report_html
from specaudit.core.report_md import render_report_md
from specaudit.core.report_sarif import render_sarif

EVIL = "<b onmouseover=x>|`*"


def _result():
    return CheckResult(False, [
        Finding("scar-overwritten", f"scar gone {EVIL}", spec="s.md", scar="S-1", path="a b.py", line=3, end_line=5,
                gating=True),
        Finding("non-goal-hit", "cache", spec="s.md", clause="ng-1", path="c.py", line=1),
        Finding("unexplained-change", "lines 1-2 changed", spec="s.md"),
    ], specs=["s.md"], target="f" * 40)


def test_text_summary_counts_and_marks_gating():
    out = render_text(_result())
    assert "a b.py:3: FAIL: scar-overwritten [S-1]:" in out
    assert out.splitlines()[-1] == ("specaudit check: 1 spec(s): 1 non-goal-hit, 1 scar-overwritten, "
                                    "1 unexplained-change; gate FAILED (1 gating)")


def test_markdown_escapes_table_cells():
    out = render_markdown(_result())
    # The one Markdown escaper (core/escape.py): a backslash makes "<" a literal character.
    assert not re.search(r"(?<!\\)<b", out) and "\\<b onmouseover=x\\>\\|" in out


def test_sarif_shape():
    sarif = render_sarif(_result(), "9.9.9")
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["version"] == "9.9.9"
    first, hint, nowhere = run["results"]
    assert first["level"] == "error" and first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%20b.py"
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "endLine": 5}
    assert hint["level"] == "warning" and nowhere["level"] == "note" and "locations" not in nowhere
    fps = {r["partialFingerprints"]["specaudit/v1"] for r in run["results"]}
    assert len(fps) == 3


def _clause(key, kind, text):
    return Clause(key, kind, text, text, ("S",), (4, 4), text_fingerprint(text))


def test_report_progress_links_and_escaping():
    spec = Spec("s.md", "layered", EVIL, [_clause("b-1", "requirement", EVIL), _clause("b-2", "requirement", "two"),
                                        _clause("i-1", "invariant", "inv")], "")
    link = Link("a.py", 1, 2, commit="c" * 40)
    audit = Audit("s.md", {"b-1": Review("b-1", "violated", note=EVIL, reviewer="R", links=(link,))},
                  {"S-1": Scar("S-1", "a.py", 5, 6, EVIL, f"why {EVIL}\n")})
    findings = [Finding("stale-code", "changed", spec="s.md", clause="b-1", path="a.py", line=3)]
    section = spec_report(spec, audit, findings, {("b-1", 0): Tracked("a.py", 3, 4, True, True, False)},
                          {"S-1": Tracked("a.py", 5, 6, False, False, False)}, {"S-1": "d" * 40})
    assert section["progress"]["reviewed"] == 1 and section["progress"]["total"] == 3
    assert section["progress"]["by_kind"]["requirement"] == {"reviewed": 1, "total": 2, "verdicts": {"violated": 1, "unreviewed": 1}}
    (c1, c2, _) = section["clauses"]
    assert c1["stale"] == ["stale-code"] and c1["links"][0]["now"]["lines"] == [3, 4] and c1["links"][0]["stale"]
    assert c2["verdict"] == "unreviewed" and c2["links"] == []
    assert section["scars"][0]["overwritten"] is False and section["scars"][0]["commit"] == "d" * 40
    data = report([section], version="1", passed=False, target="e" * 40, since=None, base=None)
    html = render_report_html(data)
    assert "<b onmouseover" not in html and "&lt;b onmouseover=x&gt;" in html
    md = render_report_md(data)
    assert not re.search(r"(?<!\\)<b", md) and "\\<b onmouseover=x\\>" in md and "(now a.py:3-4)" in md
