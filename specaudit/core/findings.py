"""What a check reports, and the plain renderings of a check result (text, JSON, Markdown).

SARIF lives in ``report_sarif``. Kinds are stable strings: scripts and the gate
policy in ``.specaudit/config.yaml`` refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specaudit.core.escape import md_inline, terminal_safe

VIOLATED = "violated"
UNREVIEWED = "unreviewed"
STALE_SPEC = "stale-spec"
STALE_CODE = "stale-code"
SCAR_OVERWRITTEN = "scar-overwritten"
REMOVED = "removed"
RENAMED = "renamed"
UNEXPLAINED_CHANGE = "unexplained-change"
NON_GOAL_HIT = "non-goal-hit"
OUT_OF_SCOPE = "out-of-scope"
SPEC_PROBLEM = "spec-problem"
TASK_NOT_IN_CHANGE = "task-not-in-change"  # a done task whose files the change does not touch
TASK_UNKNOWN_CLAUSE = "task-unknown-clause"  # a task cites a clause id the spec does not define

# The spec checking itself (core/spec_checks.py).
SUPERSEDED_CLAUSE = "superseded-clause"
SCAR_ORPHANED = "scar-orphaned"
SPEC_CONTRADICTION = "spec-contradiction"
# A clause tightened from a scar, with the scar checked against the code (the loop closing).
TIGHTENED = "tightened"

REVIEW_CONFLICT = "review-conflict"  # a merge kept two verdicts on one clause (docs/team.md)
TEST_FAILING = "test-failing"  # a failing test behind an implemented clause or a scar (docs/tests.md)
UNTESTED = "untested"  # an invariant or scar no test backs


# Also the order findings are listed in: the loudest first.
KINDS: tuple[str, ...] = (
    SCAR_OVERWRITTEN, TIGHTENED, VIOLATED, REVIEW_CONFLICT, TEST_FAILING, STALE_CODE, STALE_SPEC, REMOVED, UNREVIEWED, RENAMED,
    NON_GOAL_HIT, OUT_OF_SCOPE, UNTESTED, UNEXPLAINED_CHANGE, SPEC_PROBLEM,
    SUPERSEDED_CLAUSE, SPEC_CONTRADICTION, SCAR_ORPHANED, TASK_NOT_IN_CHANGE, TASK_UNKNOWN_CLAUSE,
)

# How loud each kind is; the gate (policy) decides separately which ones fail.
SEVERITY: dict[str, str] = {
    VIOLATED: "error",
    SCAR_OVERWRITTEN: "error",
    UNREVIEWED: "error",
    STALE_SPEC: "warning",
    STALE_CODE: "warning",
    REMOVED: "warning",
    SPEC_PROBLEM: "warning",
    RENAMED: "note",
    UNEXPLAINED_CHANGE: "note",
    NON_GOAL_HIT: "warning",
    OUT_OF_SCOPE: "warning",
    TASK_NOT_IN_CHANGE: "note",
    TASK_UNKNOWN_CLAUSE: "note",
    SUPERSEDED_CLAUSE: "warning",
    SPEC_CONTRADICTION: "warning",
    SCAR_ORPHANED: "warning",
    TIGHTENED: "note",
    TEST_FAILING: "error",
    REVIEW_CONFLICT: "error",
    UNTESTED: "warning",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    spec: str | None = None
    clause: str | None = None
    scar: str | None = None
    path: str | None = None
    line: int | None = None
    end_line: int | None = None
    severity: str = ""
    gating: bool = False

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", SEVERITY.get(self.kind, "warning"))

    def where(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        return self.path or self.spec or ""

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "spec": self.spec,
            "clause": self.clause,
            "scar": self.scar,
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "message": self.message,
            "severity": self.severity,
            "gating": self.gating,
        }


@dataclass
class CheckResult:
    passed: bool
    findings: list[Finding] = field(default_factory=list)
    specs: list[str] = field(default_factory=list)
    target: str | None = None
    since: str | None = None
    base: str | None = None  # the commit the coverage diff starts from
    range: str | None = None  # the range checked, as given (None: --since or the default)
    tests: list[dict] = field(default_factory=list)  # per-clause test rows (docs/tests.md), when evaluated

    def to_json(self) -> dict:
        out = {
            "passed": self.passed,
            "target": self.target,
            "since": self.since,
            "base": self.base,
            "range": self.range,
            "specs": list(self.specs),
            "findings": [f.to_json() for f in self.findings],
        }
        if self.tests:
            out["tests"] = list(self.tests)
        return out

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.kind] = out.get(f.kind, 0) + 1
        return out


def sort_key(f: Finding) -> tuple:
    return (f.spec or "", not f.gating, KINDS.index(f.kind) if f.kind in KINDS else 99,
            f.path or "", f.line or 0, f.clause or "", f.scar or "")


def render_text(result: CheckResult) -> str:
    lines = []
    for f in result.findings:
        mark = "FAIL" if f.gating else f.severity
        subject = f.clause or f.scar or ""
        where = f.where()
        lines.append(terminal_safe(f"{where}: {mark}: {f.kind}{f' [{subject}]' if subject else ''}: {f.message}"))
    counts = result.counts()
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no findings"
    gating = sum(1 for f in result.findings if f.gating)
    verdict = "gate passed" if result.passed else f"gate FAILED ({gating} gating)"
    lines.append(f"specaudit check: {len(result.specs)} spec(s): {summary}; {verdict}")
    return "\n".join(lines) + "\n"


def tests_table_md(rows: list[dict]) -> list[str]:
    """The per-clause test table (rows from app.tests_evidence.clause_test_rows)."""
    out = ["| Clause / scar | Test | Result | Evidence | Revision |", "|---|---|---|---|---|"]
    for r in rows:
        result = f"**{r['result']}**" if r["result"] in ("failed", "error") else r["result"]
        test = terminal_safe(r["test"]).replace("`", "'").replace("|", "\\|").replace("\n", " ")
        out.append(f"| {md_inline(r['clause'] or r['scar'])} | `{test}` | {result} | "
                   f"{r['evidence']} | {md_inline((r['revision'] or '')[:12])} |")
    return out


def render_markdown(result: CheckResult) -> str:
    status = "passed" if result.passed else "**failed**"
    out = [f"## specaudit check: gate {status}", ""]
    tail = ["", "### Tests per clause", "", *tests_table_md(result.tests)] if result.tests else []
    if not result.findings:
        out.append("No findings.")
        return "\n".join(out + tail) + "\n"
    out += ["| | Kind | Spec | Clause / scar | Where | Message |", "|---|---|---|---|---|---|"]
    for f in result.findings:
        out.append(
            f"| {'FAIL' if f.gating else md_inline(f.severity)} | `{f.kind}` | {md_inline(f.spec)} | "
            f"{md_inline(f.clause or f.scar)} | {md_inline(f.where())} | {md_inline(f.message)} |"
        )
    return "\n".join(out + tail) + "\n"
