"""The whole loop on the demo with real commits and a bare remote: a review finds the scar
overwritten, tighten folds it into behavior-2, commit and push, then the next regeneration
restores flat retries. At the end the scar is no longer overwritten and behavior-2 asks for
review against the new code."""

from __future__ import annotations

import json
import subprocess

from support import git as _git

from specaudit.app.store.audit_store import load_audit
from specaudit.app.workspace.demo import GENERATOR, RETRY_REL
from specaudit.resources_path import resource

SPEC = "specs/payment-retry.md"


def _findings(run_cli, root):
    r = run_cli("check", "-C", str(root), "--format", "json")
    assert r.code in (0, 1), r
    return json.loads(r.out)["findings"]


def test_tighten_commit_push_then_regeneration_restores_the_scar(demo_repo, run_cli, tmp_path):
    root = demo_repo.path
    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(bare)], check=True)
    _git(root, "remote", "add", "origin", str(bare))
    (scar,) = load_audit(root, SPEC).scars.values()
    before = [f for f in _findings(run_cli, root) if f["scar"] == scar.id]
    assert [f["kind"] for f in before] == ["scar-overwritten"]

    # The reviewer accepts the regenerated backoff as what behavior-2 said, then tightens.
    assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", "behavior-2", "--verdict",
                   "implemented", "--link", f"{RETRY_REL}:8-10").code == 0
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--format", "json")
    assert r.code == 0, r
    assert json.loads(r.out)["key"] == "behavior-2"
    awaiting = {f["kind"]: f for f in _findings(run_cli, root) if f["scar"] == scar.id}
    assert "folded into behavior-2 · awaiting regeneration" in awaiting["scar-overwritten"]["message"]
    assert "still overwritten" in awaiting["tightened"]["message"]

    r = run_cli("commit", "-C", str(root), "--spec", SPEC)
    assert r.code == 0, r
    message = _git(root, "log", "-1", "--format=%B")
    assert f"fold scar {scar.id} into clause behavior-2" in message and "amend clause behavior-2" in message
    assert run_cli("push", "-C", str(root)).code == 0
    tightened = _git(root, "rev-parse", "HEAD").strip()
    assert _git(bare, "rev-parse", "main").strip() == tightened

    # The next regeneration follows the tightened spec: flat retries are back.
    (root / RETRY_REL).write_bytes((resource("demo") / "base" / RETRY_REL).read_bytes())
    _git(root, "-c", f"user.name={GENERATOR[0]}", "-c", f"user.email={GENERATOR[1]}",
         "commit", "-qam", "regeneration from the tightened spec")

    after = _findings(run_cli, root)
    assert not [f for f in after if f["kind"] == "scar-overwritten"]
    (closed,) = [f for f in after if f["kind"] == "tightened"]
    assert closed["clause"] == "behavior-2" and "scar lines intact" in closed["message"]
    asks = {f["kind"] for f in after if f["clause"] == "behavior-2"}
    assert {"stale-spec", "stale-code"} <= asks  # review behavior-2 again, against the new code
