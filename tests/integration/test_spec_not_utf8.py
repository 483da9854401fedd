"""A spec holding bytes that are not UTF-8 (a Latin-1 "café"): the reviewer is told in one
warning line naming file and line, the text is still shown, and tightening writes the
bytes back as they were (the spec editor's save is tests/ui/test_spec_not_utf8_ui.py)."""

from __future__ import annotations

import json

from support import git

SPEC = "specs/payment-retry.md"


def _latin1(demo_repo) -> bytes:
    path = demo_repo.path / SPEC
    raw = path.read_bytes()
    assert b"bank gateway are retried" in raw
    path.write_bytes(raw.replace(b"bank gateway are retried", b"bank gateway (caf\xe9) are retried"))
    git(demo_repo.path, "commit", "-qam", "a Latin-1 byte in the spec")
    return path.read_bytes()


def test_check_warns_once_naming_file_and_line(demo_repo, run_cli):
    _latin1(demo_repo)
    r = run_cli("check", "--repo", str(demo_repo.path), "--spec", SPEC)
    assert r.code in (0, 1), r
    warnings = [ln for ln in r.err.splitlines() if "not UTF-8" in ln]
    assert warnings == [f"{SPEC}:5: warning: bytes that are not UTF-8, shown replaced (? or \ufffd); the file "
                        "keeps them as they are (re-save it as UTF-8 to fix)"], r
    assert "not UTF-8" not in r.out
    listed = json.loads(run_cli("clauses", SPEC, "--format", "json", cwd=demo_repo.path).out)
    assert [(p["line"], p["severity"]) for p in listed["problems"]] == [(5, "warning")]
    intent = listed["clauses"][0]
    assert intent["key"] == "intent-1" and "caf" in intent["text"]


def test_tightening_another_clause_keeps_the_bytes(demo_repo, run_cli):
    before = _latin1(demo_repo)
    scar = run_cli("scar", "list", "--repo", str(demo_repo.path), "--spec", SPEC).out.split()[0]
    r = run_cli("tighten", "-C", str(demo_repo.path), "--spec", SPEC, "--scar", scar, "--add")
    assert r.code == 0, r
    after = (demo_repo.path / SPEC).read_bytes()
    assert b"bank gateway (caf\xe9) are retried" in after
    kept = [ln for ln in after.splitlines() if ln in set(before.splitlines())]
    assert kept == before.splitlines()  # every line as it was; the new clause only added
