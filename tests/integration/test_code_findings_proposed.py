"""An unwired or stub definition is reported on the clause it is linked or *proposed* for
(issue 21): the evidence pipeline's strong top-3 proposals place it when no link, task or
comment does, and the finding says which (``proposed #k``). The window has the proposals
already; ``check --proposals`` ranks them for the CLI."""

from __future__ import annotations

import json

from support import commit_files, init_repo

from specaudit.app.workspace.analysis import Analysis
from specaudit.app.workspace.session import open_session

SPEC = "specs/001-demo/spec.md"


def _repo(tmp_path):
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {SPEC: "# Feature Specification: Demo\n\n## Requirements\n\n"
                                     "### Functional Requirements\n\n"
                                     "- **FR-001**: System MUST export todos as CSV.\n"
                                     "- **FR-002**: System MUST greet the user by name.\n"}, "spec")
    head = commit_files(root, {
        "app/__init__.py": "",
        "app/export.py": "def export_csv(rows):\n    return ','.join(rows)\n\n\n"
                         "def export_csv_semicolons(rows):\n    return ';'.join(rows)\n",
        "app/main.py": "from app.export import export_csv\n\n\ndef main():\n    print(export_csv(['a']))\n",
    }, "export")
    return root, base, head


def _unwired(findings) -> dict:
    (f,) = [f for f in findings if f["kind"] == "unwired-code"]
    return f


def test_the_cli_attributes_by_proposal_when_asked(run_cli, tmp_path):
    root, base, head = _repo(tmp_path)
    args = ("check", "-C", str(root), "--range", f"{base}..{head}", "--spec", SPEC, "--format", "json")
    plain = _unwired(json.loads(run_cli(*args).out)["findings"])
    assert plain["clause"] is None and "export_csv_semicolons" in plain["message"]
    r = run_cli(*args, "--proposals")
    assert r.code == 0, r
    f = _unwired(json.loads(r.out)["findings"])
    assert f["clause"] == "FR-001" and f["spec"] == SPEC
    assert any(e["what"].startswith("proposed #") and e["what"].endswith("for FR-001") for e in f["evidence"])
    text = run_cli("check", "-C", str(root), "--range", f"{base}..{head}", "--spec", SPEC, "--proposals")
    assert "unwired-code [FR-001]" in text.out and "(proposed #" in text.out, text


def test_the_window_attributes_with_the_proposals_it_has(tmp_path):
    root, base, head = _repo(tmp_path)
    analysis = Analysis(open_session(root, spec=SPEC, range=f"{base}..{head}"))
    state = analysis.check(0)
    (f,) = [f for f in state.result.findings if f.kind == "unwired-code"]
    assert f.clause == "FR-001"
    assert any(e.what.startswith("proposed #") for e in f.evidence)
    assert analysis.ready("proposals")  # the window's own, ranked once
