"""Mistakes people make in YAML specs are named with file and line, never dropped silently:
a key written twice in a clause or in the document (YAML keeps one of the two and the other
clause, text or list vanished), refs written as a single string, children not a list."""

from __future__ import annotations

import json

SPEC = """\
title: Payment retry
clauses:
  - id: PAY-1
    text: Retry a charge that failed with a transient gateway error.
    id: PAY-2
  - id: PAY-3
    text: Log every attempt.
    refs: PAY-1
    children: Log the gateway's answer too.
clauses:
  - id: PAY-9
    text: A second list under the same key.
"""


def test_duplicate_keys_and_wrong_shapes_are_reported_with_their_lines(run_cli, tmp_path):
    spec = tmp_path / "specs" / "payment.yaml"
    spec.parent.mkdir()
    spec.write_text(SPEC, encoding="utf-8")
    result = run_cli("clauses", str(spec), "--format", "json", cwd=tmp_path)
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert [c["key"] for c in out["clauses"]] == ["PAY-1", "PAY-3"]
    said = {(p["line"], p["message"]) for p in out["problems"]}
    assert said == {
        (5, "duplicate key 'id' in a clause (first at line 3); the first is used"),
        (8, "refs must be a list of ids ([PAY-0]); ignored"),
        (9, "children must be a list"),
        (10, "duplicate key 'clauses' in the document (first at line 2); the first is used"),
    }
    text = run_cli("clauses", str(spec), cwd=tmp_path)
    assert f"{spec}:5: warning: duplicate key 'id'" in text.out + text.err
