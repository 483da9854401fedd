"""`specaudit check` reports the spec checking itself: superseded-clause after `tighten
--add`, spec-contradiction marked with `specaudit contradict`, scar-orphaned when a scar's
clause is gone. Each lifts when the spec is fixed."""

from __future__ import annotations

import json

from support import assert_one_line_error

from specaudit.app.store.audit_store import audit_path, load_audit

SPEC = "specs/payment-retry.md"


def _kinds(run_cli, root, *kinds):
    r = run_cli("check", "-C", str(root), "--format", "json")
    assert r.code in (0, 1), r
    return [(f["kind"], f["clause"]) for f in json.loads(r.out)["findings"] if f["kind"] in kinds]


def test_superseded_clause_until_it_is_reworded(demo_repo, run_cli):
    root = demo_repo.path
    (sid,) = load_audit(root, SPEC).scars
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", sid, "--add", "--format", "json")
    assert r.code == 0, r
    assert _kinds(run_cli, root, "superseded-clause") == [("superseded-clause", "behavior-2")]
    path = root / SPEC
    path.write_text(path.read_text().replace("Retries use exponential backoff: the wait before retry *n* is "
                                             "`base_delay * 2**(n-1)`,\n  with a base delay of 200 ms.",
                                             "Retries wait as the next clause says."))
    assert _kinds(run_cli, root, "superseded-clause") == []


def test_marked_contradiction_and_its_removal(demo_repo, run_cli):
    root = demo_repo.path
    before = audit_path(root, SPEC).read_bytes()
    assert_one_line_error(run_cli("contradict", "-C", str(root), "--spec", SPEC, "behavior-1", "nope-1"))
    assert_one_line_error(run_cli("contradict", "-C", str(root), "--spec", SPEC, "behavior-1", "behavior-1"))
    assert audit_path(root, SPEC).read_bytes() == before
    r = run_cli("contradict", "-C", str(root), "--spec", SPEC, "invariants-2", "behavior-3",
                "--note", "ten seconds cannot hold four attempts")
    assert r.code == 0, r
    assert _kinds(run_cli, root, "spec-contradiction") == [("spec-contradiction", "behavior-3")]
    assert run_cli("contradict", "-C", str(root), "--spec", SPEC, "behavior-3", "invariants-2",
                   "--remove").code == 0
    assert _kinds(run_cli, root, "spec-contradiction") == []
    assert_one_line_error(run_cli("contradict", "-C", str(root), "--spec", SPEC, "behavior-3", "invariants-2",
                                  "--remove"))
    # SPEC before the keys, as review takes it, and the demo's one spec when none is named.
    assert run_cli("contradict", "-C", str(root), SPEC, "invariants-2", "behavior-3").code == 0
    assert _kinds(run_cli, root, "spec-contradiction") == [("spec-contradiction", "behavior-3")]
    assert run_cli("contradict", "-C", str(root), "invariants-2", "behavior-3", "--remove").code == 0
    assert _kinds(run_cli, root, "spec-contradiction") == []


def test_scar_whose_clause_is_gone_is_orphaned(demo_repo, run_cli):
    root = demo_repo.path
    apath = audit_path(root, SPEC)
    apath.write_text(apath.read_text().replace("clause: behavior-2", "clause: behavior-9"))
    assert _kinds(run_cli, root, "scar-orphaned") == [("scar-orphaned", "behavior-9")]
