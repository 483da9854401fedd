"""A check result as SARIF 2.1.0, so code-scanning pages show the findings inline."""

from __future__ import annotations

from urllib.parse import quote

from specaudit.core.findings import KINDS, CheckResult, Finding
from specaudit.core.fingerprint import fingerprint

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

RULE_TEXT: dict[str, str] = {
    "violated": "A clause's verdict is 'violated'.",
    "unreviewed": "A clause that must be reviewed (invariant, non-goal) has no verdict.",
    "stale-spec": "The clause text changed since its verdict was given.",
    "stale-code": "Code linked to a clause changed since its verdict was given.",
    "scar-overwritten": "Lines carrying a scar (a deliberate, production-taught divergence) were changed.",
    "removed": "A reviewed clause is no longer in the spec.",
    "renamed": "A reviewed clause was renamed; its verdict was carried over.",
    "unexplained-change": "Changed lines are linked to no clause.",
    "non-goal-hit": "Added code looks like something a non-goal clause forbids.",
    "spec-problem": "The spec could not be parsed cleanly.",
    "superseded-clause": "A clause still says what a folded scar superseded.",
    "spec-contradiction": "Two clauses a reviewer marked as contradicting are both still there, unchanged.",
    "scar-orphaned": "A scar's clause is no longer in the spec.",
    "test-failing": "A test behind a clause marked implemented (or guarding a scar) fails.",
    "untested": "An invariant or scar has no test behind it.",
    "unwired-code": "A function or method the change adds is referenced by no product code.",
    "stub-code": "Code the change adds stands in for code to come (a placeholder body).",
    "phantom-task": "A task ticked done whose code is absent, deferred by a TODO, or a stub.",
}


def _level(f: Finding) -> str:
    if f.gating:
        return "error"
    return "note" if f.severity == "note" else "warning"


def _uri(path: str) -> str:
    """A repository path as a relative URI. A file name that is not UTF-8 reaches us
    with its bytes as surrogates (git hands over bytes): percent-encode those bytes."""
    return quote(path.encode("utf-8", "surrogateescape"))


def _result(f: Finding) -> dict:
    out: dict = {
        "ruleId": f.kind,
        "ruleIndex": KINDS.index(f.kind) if f.kind in KINDS else 0,
        "level": _level(f),
        "message": {"text": f.message},
        # Stable across runs and line shifts, so code scanning tracks one alert per finding.
        "partialFingerprints": {
            "specaudit/v1": fingerprint(f.kind, f.spec or "", f.clause or "", f.scar or "", f.path or "")[:32],
        },
        "properties": {k: v for k, v in (("spec", f.spec), ("clause", f.clause), ("scar", f.scar)) if v},
    }
    if f.path:
        loc: dict = {"artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"}}
        if f.line:
            loc["region"] = {"startLine": f.line, "endLine": max(f.line, f.end_line or f.line)}
        out["locations"] = [{"physicalLocation": loc}]
    return out


def render_sarif(result: CheckResult, version: str) -> dict:
    rules = [
        {
            "id": kind,
            "name": kind.title().replace("-", ""),
            "shortDescription": {"text": RULE_TEXT.get(kind, kind)},
            "helpUri": "https://example.invalid/specaudit/docs/audit-file.md",
        }
        for kind in KINDS
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "specaudit", "version": version, "semanticVersion": version,
                                "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "repository root"}}},
            "results": [_result(f) for f in result.findings],
            "properties": {"passed": result.passed, "target": result.target, "since": result.since,
                           "base": result.base, "range": result.range,
                           **({"tests": result.tests} if result.tests else {})},
        }],
    }
