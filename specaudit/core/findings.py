"""What a check reports, and the plain renderings of a check result (text, JSON, Markdown).

SARIF lives in ``report_sarif``. Kinds are stable strings: scripts and the gate
policy in ``.specaudit/config.yaml`` refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specaudit.core.escape import md_inline, one_line, terminal_safe

VIOLATED = "violated"
PARTIAL = "partial"  # a clause reviewed as partly implemented: a known shortfall
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

# Read from the code the change adds, never run (docs/findings.md).
UNWIRED_CODE = "unwired-code"  # a function or method no product code references
STUB_CODE = "stub-code"  # a body that stands in for code to come
PHANTOM_TASK = "phantom-task"  # a task ticked done whose code is missing, deferred or a stub


# Also the order findings are listed in: the loudest first.
KINDS: tuple[str, ...] = (
    SCAR_OVERWRITTEN, TIGHTENED, VIOLATED, REVIEW_CONFLICT, TEST_FAILING, PARTIAL, STALE_CODE, STALE_SPEC, REMOVED,
    UNREVIEWED, RENAMED, NON_GOAL_HIT, OUT_OF_SCOPE, UNTESTED, PHANTOM_TASK, STUB_CODE, UNWIRED_CODE,
    UNEXPLAINED_CHANGE, SPEC_PROBLEM,
    SUPERSEDED_CLAUSE, SPEC_CONTRADICTION, SCAR_ORPHANED, TASK_NOT_IN_CHANGE, TASK_UNKNOWN_CLAUSE,
)

# How loud each kind is; the gate (policy) decides separately which ones fail.
SEVERITY: dict[str, str] = {
    VIOLATED: "error",
    PARTIAL: "warning",
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
    UNWIRED_CODE: "warning",
    STUB_CODE: "warning",
    PHANTOM_TASK: "warning",
}


@dataclass(frozen=True)
class Part:
    """One hunk of a changed file (new-side lines ``first..last``) and the runs inside it
    that nothing explains (an ``unexplained-change`` finding lists its file's hunks)."""

    first: int
    last: int
    runs: tuple[tuple[int, int], ...] = ()

    @property
    def lines(self) -> int:
        return self.last - self.first + 1

    @property
    def open_lines(self) -> int:
        return sum(b - a + 1 for a, b in self.runs)

    def to_json(self) -> dict:
        return {"lines": [self.first, self.last], "unexplained": [[a, b] for a, b in self.runs]}


@dataclass(frozen=True)
class Evidence:
    """Why a finding holds, the way proposals carry theirs: what was seen, and where."""

    what: str  # e.g. "defined", "referenced from tests only", "task", "code"
    path: str | None = None
    line: int | None = None
    text: str = ""  # the quoted line, when there is one

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path and self.line else (self.path or "")

    def to_json(self) -> dict:
        return {"what": self.what, "path": self.path, "line": self.line, "text": self.text}


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
    hunks: tuple[Part, ...] = ()  # unexplained-change: every changed hunk of the file
    evidence: tuple[Evidence, ...] = ()

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
            **({"hunks": [h.to_json() for h in self.hunks]} if self.hunks else {}),
            **({"evidence": [e.to_json() for e in self.evidence]} if self.evidence else {}),
        }

    def open_runs(self) -> list[tuple[int, int]]:
        """The runs of lines nothing explains (unexplained-change), in file order."""
        return [r for h in self.hunks for r in h.runs]


def context_aside(n: int) -> str:
    """"83 context notes aside": the unreviewed notes beside a spec's requirements
    (``Spec.is_context``), left out of a count of clauses (check, report, tests, window)."""
    return f"{n} context note{'s' if n != 1 else ''} aside"


@dataclass(frozen=True)
class ReviewState:
    """How far the review is, said plainly at the top of check, report and the window."""

    clauses: int
    reviewed: int
    files: int | None = None  # changed files to account for; None: no range to cover (a patch, the working tree)
    linked: int | None = None  # of those, files with every changed line linked, scarred or marked
    partly: int = 0  # of the others, files with some changed lines linked (not all)
    binary: int = 0  # of those, binary files (linked as a whole or not at all)
    uncounted: tuple[tuple[str, int], ...] = ()  # changed files left out, by reason (file_coverage)
    context: int = 0  # unreviewed notes beside the requirements (Spec.is_context): not clauses to review

    def sentence(self) -> str:
        """"1 of 83 clauses reviewed; 52 of 66 changed files linked", then the changed files
        left out, so the numbers add up to the range's ("(8 more not counted: spec
        documents, deleted)"; ``accounting`` has each count)."""
        out = f"{self.reviewed} of {self.clauses} clause{'s' if self.clauses != 1 else ''} reviewed"
        if self.context:  # a BMAD story's dev notes are read, not reviewed: "3 of 8", not "3 of 91"
            out += f" ({context_aside(self.context)})"
        if self.files is not None:
            out += f"; {self.linked} of {self.files} changed file{'s' if self.files != 1 else ''} linked"
            if self.partly:  # a file linked in part is not linked, and a reviewer should see it counts
                out += f", {self.partly} in part"
            if self.uncounted:
                more = sum(n for _reason, n in self.uncounted)
                out += f" ({more} more not counted: {', '.join(r for r, _n in self.uncounted)})"
        return out

    def accounting(self) -> str:
        """How the changed files add up, when some are not counted ("The range changes 41
        files: 24 counted (1 binary); 17 not counted: 12 spec documents, 5 deleted."),
        else ""."""
        if self.files is None or not self.uncounted:
            return ""
        left_out = sum(n for _reason, n in self.uncounted)
        binary = f" ({self.binary} binary)" if self.binary else ""
        reasons = ", ".join(f"{n} {reason}" for reason, n in self.uncounted)
        total = self.files + left_out
        return (f"The range changes {total} file{'s' if total != 1 else ''}: {self.files} counted{binary}; "
                f"{left_out} not counted: {reasons}.")

    def to_json(self) -> dict:
        return {"clauses": self.clauses, "reviewed": self.reviewed, "changed_files": self.files,
                "linked_files": self.linked, "partly_linked_files": self.partly, "text": self.sentence(),
                **({"not_counted": dict(self.uncounted)} if self.uncounted else {}),
                **({"context_notes": self.context} if self.context else {})}


@dataclass(frozen=True)
class GatePolicy:
    """What fails the gate (``.specaudit/config.yaml`` ``gate:``), stated in the output."""

    fail_on: tuple[str, ...]
    unreviewed_kinds: tuple[str, ...]
    require_reviewed: bool = False
    default: bool = True  # no gate settings in config.yaml

    def sentence(self) -> str:
        kinds = ", ".join(self.fail_on) or "nothing"
        if self.require_reviewed:
            unrev = "every clause must be reviewed (gate.require_reviewed: true)"
        elif UNREVIEWED in self.fail_on:
            unrev = (f"unreviewed applies to {', '.join(self.unreviewed_kinds) or 'no'} clauses, "
                     "others may stay unreviewed (gate.require_reviewed: false)")
        else:
            unrev = "unreviewed clauses do not fail it (gate.require_reviewed: false)"
        source = "the default policy" if self.default else ".specaudit/config.yaml"
        return f"gate ({source}) fails on: {kinds}; {unrev}"

    def to_json(self) -> dict:
        return {"fail_on": list(self.fail_on), "unreviewed_kinds": list(self.unreviewed_kinds),
                "require_reviewed": self.require_reviewed, "default": self.default, "text": self.sentence()}


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
    state: ReviewState | None = None
    gate: GatePolicy | None = None

    def summary(self) -> str:
        """The state of the review in one line: "1 of 83 clauses reviewed; 52 of 66 changed
        files linked" (check, the report and the window's header open with it)."""
        return self.state.sentence() if self.state is not None else ""

    def to_json(self) -> dict:
        out = {
            "passed": self.passed,
            "summary": self.state.to_json() if self.state is not None else None,
            "gate": self.gate.to_json() if self.gate is not None else None,
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


_SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}


def sort_key(f: Finding) -> tuple:
    """What fails the gate first, then warnings, then notes; within each, by spec and kind."""
    return (not f.gating, _SEVERITY_ORDER.get(f.severity, 1), f.spec or "",
            KINDS.index(f.kind) if f.kind in KINDS else 99, f.path or "", f.line or 0, f.clause or "", f.scar or "")


def render_text(result: CheckResult) -> str:
    lines = [f"specaudit check: {result.summary()}"] if result.state is not None else []
    if result.gate is not None:
        lines.append(f"specaudit check: {result.gate.sentence()}")
    for f in result.findings:
        mark = "FAIL" if f.gating else f.severity
        subject = f.clause or f.scar or ""
        where = f.where()
        # One finding, one line: a note or title from the audit file cannot start another.
        lines.append(one_line(f"{where}: {mark}: {f.kind}{f' [{subject}]' if subject else ''}: {f.message}"))
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
    if result.state is not None:
        out += [f"**{md_inline(result.summary())}**", ""]
    if result.gate is not None:
        out += [md_inline(result.gate.sentence()[0].upper() + result.gate.sentence()[1:]) + ".", ""]
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
