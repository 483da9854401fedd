"""A check result as SARIF 2.1.0, so code-scanning pages show the findings inline.

Rule ids are the finding kinds (docs/team.md lists them). Each result carries
``partialFingerprints["specaudit/v1"]``: a hash of what the finding is about -- its kind,
spec, clause or scar, and the file it points at -- never of line numbers, so code
scanning keeps one alert per finding across unrelated edits that shift lines. Unexplained
changes are one finding per file, so a file's alert survives lines added to it. Findings
that would still share a fingerprint add their ordinal among those, in report order.
"""

from __future__ import annotations

from urllib.parse import quote

from specaudit.core.findings import KINDS, CheckResult, Finding
from specaudit.core.fingerprint import fingerprint

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

RULE_TEXT: dict[str, str] = {
    "violated": "A clause's verdict is 'violated'.",
    "partial": "A clause's verdict is 'partial': the reviewer found part of it missing.",
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
    "review-conflict": "A merge kept two different verdicts on one clause; a reviewer has to keep one.",
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


def stable_fingerprints(findings: list[Finding]) -> list[str]:
    """One fingerprint per finding, in order (see the module doc); also GitLab's."""
    seen: dict[tuple[str, ...], int] = {}
    out = []
    for f in findings:
        key: tuple[str, ...] = (f.kind, f.spec or "", f.clause or "", f.scar or "", f.path or "")
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = (*key, str(seen[key]))
        out.append(fingerprint(*key)[:32])
    return out


def _result(f: Finding, stable: str) -> dict:
    out: dict = {
        "ruleId": f.kind,
        "ruleIndex": KINDS.index(f.kind) if f.kind in KINDS else 0,
        "level": _level(f),
        "message": {"text": f.message},
        "partialFingerprints": {"specaudit/v1": stable},
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
            "results": [_result(f, fp) for f, fp in
                        zip(result.findings, stable_fingerprints(result.findings), strict=True)],
            "properties": {"passed": result.passed, "target": result.target, "since": result.since,
                           "base": result.base, "range": result.range,
                           # the review's state and the gate in force, as check's first lines say them
                           **({"summary": result.state.to_json()} if result.state is not None else {}),
                           **({"gate": result.gate.to_json()} if result.gate is not None else {}),
                           **({"tests": result.tests} if result.tests else {})},
        }],
    }
