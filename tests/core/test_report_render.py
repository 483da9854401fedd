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


def test_html_report_renders_clause_markdown_without_html_images_or_link_targets():
    text = ("**Given** a user, **When** they pay, **Then** it is **FR-005**: done "
            "![x](http://evil.invalid/p.png) [site](http://evil.invalid) <img src=x onerror=alert(1)>")
    spec = Spec("s.md", "speckit", "T", [_clause("FR-005", "requirement", text)], "")
    data = report([spec_report(spec, Audit("s.md"), [], {}, {}, {})], version="1", passed=True, target="e" * 40,
                  since=None, base=None)
    html = render_report_html(data)
    assert "<strong>Given</strong>" in html and "<strong>FR-005</strong>: done" in html
    assert "**Given**" not in html
    assert "<img" not in html and "href=" not in html and "evil.invalid/p.png" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<u>site</u>" in html


def test_report_over_two_specs_lists_the_unexplained_changes_once_with_the_state():
    from specaudit.core.findings import GatePolicy, Part, ReviewState

    specs = [Spec(p, "layered", p, [_clause("b-1", "requirement", "one")], "") for p in ("a.md", "b.md")]
    loose = Finding("unexplained-change", "1 hunk, 3 lines linked to no clause (0 of 3 changed lines explained)",
                    path="Makefile", line=1, end_line=3, hunks=(Part(1, 3, ((1, 3),)),))
    sections = [spec_report(s, Audit(s.path), [loose], {}, {}, {}) for s in specs]
    data = report(sections, version="1", passed=True, target="e" * 40, since=None, base="f" * 40,
                  findings=[loose], state=ReviewState(2, 0, 5, 4),
                  gate=GatePolicy(("violated",), ("invariant",)))
    assert [f["path"] for f in data["unexplained"]] == ["Makefile"]
    assert all("unexplained" not in s and not s["findings"] for s in data["specs"])
    assert data["summary"]["text"] == "0 of 2 clauses reviewed; 4 of 5 changed files linked"
    md = render_report_md(data)
    assert md.count("Makefile") == 1 and "— lines 1-3" in md
    assert md.splitlines()[2] == "**0 of 2 clauses reviewed; 4 of 5 changed files linked.**"
    html = render_report_html(data)
    assert html.count("Makefile") == 1 and "0 of 2 clauses reviewed; 4 of 5 changed files linked" in html


def test_check_output_opens_with_the_state_and_states_the_gate_policy():
    from specaudit.core.findings import GatePolicy, ReviewState

    result = _result()
    result.state = ReviewState(83, 1, 66, 52)
    result.gate = GatePolicy(("violated", "unreviewed"), ("invariant", "non-goal"))
    assert result.summary() == "1 of 83 clauses reviewed; 52 of 66 changed files linked"
    lines = render_text(result).splitlines()
    assert lines[0] == "specaudit check: 1 of 83 clauses reviewed; 52 of 66 changed files linked"
    assert lines[1] == ("specaudit check: gate (the default policy) fails on: violated, unreviewed; unreviewed "
                        "applies to invariant, non-goal clauses, others may stay unreviewed "
                        "(gate.require_reviewed: false)")
    assert "1 of 83 clauses reviewed" in render_markdown(result).splitlines()[2]


def test_earlier_verdicts_carry_their_notes_as_the_window_shows_them():
    """A clause tightened from a scar read "Earlier: `unreviewed`" in the report: the note
    saying why ("tightened from scar S-1") was in the audit and the window, not the report."""
    spec = Spec("s.md", "layered", "t", [_clause("b-1", "requirement", "one")], "")
    first = Review("b-1", "partial", note="half of it", reviewer="R", at="2026-12-01T10:00:00Z")
    now = first.superseded_by("unreviewed", reviewer="", note=f"tightened from scar S-1 {EVIL}")
    later = now.superseded_by("implemented", reviewer="Q")
    section = spec_report(spec, Audit("s.md", {"b-1": later}), [], {}, {}, {})
    data = report([section], version="1", passed=True, target="e" * 40, since=None, base=None)
    md = render_report_md(data)
    assert "  - Earlier: `partial` by R at 2026-12-01T10:00:00Z — half of it\n" in md
    assert "— tightened from scar S-1 \\<b onmouseover=x\\>" in md.split("Earlier: `unreviewed`")[1].split("\n")[0]
    html = render_report_html(data)
    assert "earlier: partial R — half of it" in html and "tightened from scar S-1 &lt;b onmouseover" in html
