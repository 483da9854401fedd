"""A check result as a GitLab Code Quality report (a JSON list of issues), so merge
requests show the findings in their Code Quality widget. Fingerprints are SARIF's
(``report_sarif.stable_fingerprints``): no line numbers, so an issue survives unrelated
edits."""

from __future__ import annotations

from specaudit.core.findings import CheckResult, Finding
from specaudit.core.report_sarif import stable_fingerprints

# GitLab's severities: info, minor, major, critical, blocker.
_SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def _issue(f: Finding, fp: str) -> dict:
    return {
        "type": "issue",
        "check_name": f"specaudit/{f.kind}",
        "description": f"{f.kind}{f' [{f.clause or f.scar}]' if f.clause or f.scar else ''}: {f.message}",
        "categories": ["Bug Risk"] if f.gating else ["Clarity"],
        "severity": "critical" if f.gating else _SEVERITY.get(f.severity, "minor"),
        "fingerprint": fp,
        # Every issue needs a place: a finding about a spec as a whole points at the spec.
        "location": {"path": f.path or f.spec or ".", "lines": {"begin": f.line or 1}},
    }


def render_codequality(result: CheckResult) -> list[dict]:
    return [_issue(f, fp) for f, fp in zip(result.findings, stable_fingerprints(result.findings), strict=True)]
