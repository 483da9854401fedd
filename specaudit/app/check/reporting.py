"""Rendering check results and audit reports, and writing them out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from specaudit import __version__
from specaudit.app.store.safe_write import write_atomic
from specaudit.core.errors import UsageError
from specaudit.core.escape import json_text
from specaudit.core.findings import CheckResult, render_markdown, render_text

if TYPE_CHECKING:
    from specaudit.app.workspace.ranges import ChangeRange
    from specaudit.vcs.runner import SafeGit


def render_check(result: CheckResult, fmt: str) -> str:
    if fmt == "text":
        return render_text(result)
    if fmt == "json":
        return json_text(result.to_json())
    if fmt == "md":
        return render_markdown(result)
    if fmt == "sarif":
        from specaudit.core.report_sarif import render_sarif

        return json_text(render_sarif(result, __version__))
    if fmt == "codequality":  # GitLab's Code Quality report
        from specaudit.core.report_codequality import render_codequality

        return json_text(render_codequality(result))
    raise UsageError(f"unknown output format {fmt!r}")


def write_output(path: str | os.PathLike, text: str) -> None:
    """Write a report atomically (a half-written report is never left behind)."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"output is a directory: {target}")
    if not target.parent.exists():
        raise UsageError(f"output directory does not exist: {target.parent}")
    write_atomic(target, text.encode("utf-8", errors="replace"))


def build_report(repo: SafeGit, spec_paths: list[str] | None = None, *, since: str | None = None,
                 spec_format: str | None = None, at: str | None = None,
                 range: ChangeRange | str | None = None,  # noqa: A002
                 junit: list[str] | None = None, propose: bool = False) -> dict:
    """The report data (JSON shape) for the specs, from one check run (``propose``: see
    ``checking.check_details``)."""
    from specaudit.app.check.checking import check_details
    from specaudit.app.testing.evidence import clause_test_rows
    from specaudit.core.report import report, spec_report

    result, checked = check_details(repo, spec_paths, since=since, spec_format=spec_format, at=at, range=range,
                                    junit=junit, propose=propose)
    sections = [
        spec_report(cs.spec, cs.audit, result.findings, cs.links_now, cs.scars_now, cs.scar_anchors,
                    clause_test_rows(cs.spec, cs.tests) if cs.tests is not None else None)
        for cs in checked
    ]
    return report(sections, version=__version__, passed=result.passed, target=result.target,
                  since=result.since, base=result.base, range=result.range, findings=result.findings,
                  state=result.state, gate=result.gate)


def render_report(data: dict, fmt: str) -> str:
    if fmt == "json":
        return json_text(data)
    if fmt == "md":
        from specaudit.core.report_md import render_report_md

        return render_report_md(data)
    if fmt == "html":
        from specaudit.core.report_html import render_report_html

        return render_report_html(data)
    raise UsageError(f"unknown report format {fmt!r}")
