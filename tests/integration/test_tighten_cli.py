"""`specaudit tighten` as a subprocess on real repositories: a scar (or a violated verdict)
becomes a clause in the spec's own format, and nothing else in the file changes."""

from __future__ import annotations

import json
from pathlib import Path

from support import assert_one_line_error
from support import git as _git

from specaudit.app.audit_store import audit_path, load_audit
from specaudit.app.scars import add_scar
from specaudit.app.workspace import load_spec
from specaudit.core.audit import SCAR_FOLDED, SCAR_OPEN
from specaudit.vcs.runner import open_repo

SPEC = "specs/payment-retry.md"






def _only_scar(root: Path):
    (scar,) = load_audit(root, SPEC).scars.values()
    return scar


def _inserted(old: bytes, new: bytes) -> list[bytes]:
    """The lines ``new`` adds, asserting it only adds lines (every old byte kept, in order)."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    i = 0
    added = []
    for line in new_lines:
        if i < len(old_lines) and line == old_lines[i]:
            i += 1
        else:
            added.append(line)
    assert i == len(old_lines), "an existing line of the spec changed"
    return added


def test_scar_becomes_a_clause_under_its_clause_and_is_folded(demo_repo, run_cli):
    root = demo_repo.path
    scar = _only_scar(root)
    assert scar.status == SCAR_OPEN and scar.clause
    before = (root / SPEC).read_bytes()
    anchor = load_spec(root, SPEC).clause(scar.clause)
    # A verdict on a clause below the insertion point must follow its clause to its new key.
    below = load_spec(root, SPEC).clauses[[c.key for c in load_spec(root, SPEC).clauses].index(scar.clause) + 1]
    r = run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", below.key, "--verdict", "violated",
                "--note", "retries four times")
    assert r.code == 0, r

    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--format", "json")
    assert r.code == 0, r
    out = json.loads(r.out)
    after = (root / SPEC).read_bytes()
    (added,) = _inserted(before, after)
    assert scar.id.encode() in added and scar.title.encode() in added
    assert added.startswith(b"- ")  # a list item, like its neighbours
    spec = load_spec(root, SPEC)
    new = spec.clause(out["key"])
    assert new is not None and scar.id in new.text
    assert new.span[0] == anchor.span[1] + 1  # right under the clause the scar belongs to
    folded = load_audit(root, SPEC).scars[scar.id]
    assert folded.status == SCAR_FOLDED and folded.folded_into == out["key"]

    moved_to = out["rekeyed"][below.key]
    review = load_audit(root, SPEC).reviews[moved_to]
    assert review.verdict == "violated" and spec.clause(moved_to).text == below.text


def test_text_override_and_crlf_file_keeps_its_line_endings(demo_repo, run_cli):
    root = demo_repo.path
    path = root / SPEC
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    scar = _only_scar(root)
    before = path.read_bytes()
    text = f"Retries against the bank gateway are three flat attempts, evenly spaced (scar {scar.id})."
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--text", text)
    assert r.code == 0, r
    (added,) = _inserted(before, path.read_bytes())
    assert added == f"- {text}\r\n".encode()


def test_scar_without_a_clause_goes_to_the_edge_cases_section(demo_repo, run_cli):
    root = demo_repo.path
    repo = open_repo(root)
    scar = add_scar(repo, SPEC, "payment_retry/gateway.py", 1, 2, "Sandbox answers 503 for declines",
                    "The sandbox gateway reports declines as 503.\nTreat them as final.", clause=None)
    edge_before = [c for c in load_spec(root, SPEC).clauses if c.kind == "edge-case"]
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id)
    assert r.code == 0, r
    edge_after = [c for c in load_spec(root, SPEC).clauses if c.kind == "edge-case"]
    assert len(edge_after) == len(edge_before) + 1
    assert scar.id in edge_after[-1].text and "Treat them as final" in edge_after[-1].text
    assert "Edge cases" in edge_after[-1].section[-1]


def test_violated_verdict_becomes_a_tightened_clause(demo_repo, run_cli):
    root = demo_repo.path
    key = next(c.key for c in load_spec(root, SPEC).clauses if c.kind == "edge-case")
    note = "A Retry-After header shorter than the flat spacing still waits the full spacing"
    assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", key, "--verdict", "partial",
                   "--note", note).code == 0
    dry = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--clause", key, "--dry-run")
    assert dry.code == 0 and note in dry.out
    assert _git(root, "status", "--porcelain", "--", SPEC) == ""  # dry run wrote nothing
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--clause", key, "--format", "json")
    assert r.code == 0, r
    new = load_spec(root, SPEC).clause(json.loads(r.out)["key"])
    assert note in new.text and f"tightened from {key}" in new.text


def test_bad_requests_are_one_line_errors_and_change_nothing(demo_repo, run_cli):
    root = demo_repo.path
    scar = _only_scar(root)
    spec_bytes = (root / SPEC).read_bytes()
    assert_one_line_error(run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", "S-00000000"))
    assert_one_line_error(run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--text", "  "))
    key = load_spec(root, SPEC).clauses[0].key
    assert_one_line_error(run_cli("tighten", "-C", str(root), "--spec", SPEC, "--clause", key))  # unreviewed
    assert (root / SPEC).read_bytes() == spec_bytes

    assert run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id).code == 0
    again = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id)
    assert_one_line_error(again)
    assert "already folded" in again.err


def test_corrupt_audit_file_leaves_the_spec_untouched(demo_repo, run_cli):
    root = demo_repo.path
    scar = _only_scar(root)
    apath = audit_path(root, SPEC)
    apath.write_text(apath.read_text() + "scars: {broken\n")
    spec_bytes, audit_bytes = (root / SPEC).read_bytes(), apath.read_bytes()
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id)
    assert_one_line_error(r)
    assert ".audit.yaml:" in r.err
    assert (root / SPEC).read_bytes() == spec_bytes and apath.read_bytes() == audit_bytes


def test_yaml_spec_gets_a_yaml_entry_and_only_that(tmp_path, run_cli):
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    (root / "src").mkdir()
    spec = ("title: Payments\nclauses:\n  - id: PAY-1\n    text: Retry with exponential backoff.\n"
            "  - id: PAY-2\n    kind: non-goal\n    text: No caching.\n")
    (root / "specs" / "pay.yaml").write_text(spec)
    (root / "src" / "x.py").write_text("a\nb\nc\n")
    _git(tmp_path, "init", "-q", str(root))
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "init")
    r = run_cli("scar", "add", "-C", str(root), "--spec", "specs/pay.yaml", "src/x.py:1-2",
                "--title", "Flat retries", "--why", "The bank's limiter herded our retries.", "--clause", "PAY-1")
    assert r.code == 0, r
    sid = r.out.strip()
    r = run_cli("tighten", "-C", str(root), "--spec", "specs/pay.yaml", "--scar", sid, "--format", "json")
    assert r.code == 0, r
    key = json.loads(r.out)["key"]
    added = b"".join(_inserted(spec.encode(), (root / "specs" / "pay.yaml").read_bytes()))
    assert f"id: {key}".encode() in added and sid.encode() in added
    parsed = load_spec(root, "specs/pay.yaml")
    assert [c.key for c in parsed.clauses] == ["PAY-1", key, "PAY-2"]
    assert parsed.clause(key).kind == "constraint"
