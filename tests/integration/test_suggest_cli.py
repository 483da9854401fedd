"""`specaudit suggest` on a real repository: evidence from tasks, commits, citations,
identifiers and text, the JSON shape, notes, rejections and bad input."""

from __future__ import annotations

import json

from evidence_repo import SPEC, TASKS, build
from support import assert_one_line_error, git


def _suggest(run_cli, repo, *args):
    return run_cli("suggest", "--repo", str(repo.path), "--spec", SPEC, "--range", repo.range, *args)


def _by_key(result) -> dict[str, list[dict]]:
    data = json.loads(result.out)
    return {c["key"]: c["proposals"] for c in data["clauses"]}


def test_each_kind_of_evidence_puts_the_right_file_first(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    result = _suggest(run_cli, repo, "--format", "json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert set(data) == {"spec", "range", "clauses"} and data["spec"] == SPEC and data["range"] == repo.range
    got = _by_key(result)
    top = {k: ps[0] for k, ps in got.items() if ps}
    # A task names the file and a commit cites the task.
    assert top["FR-002"]["path"] == "src/rates.py"
    kinds = {e["kind"] for e in top["FR-002"]["evidence"]}
    assert {"task", "commit"} <= kinds, top["FR-002"]
    # A comment in code cites the clause key, in the class the clause names: the
    # definition holding both is proposed, with both reasons.
    assert top["FR-003"]["path"] == "src/refunds.py"
    assert (top["FR-003"]["first"], top["FR-003"]["last"]) == (1, 7)  # class RefundLedger
    kinds = {e["kind"]: e for e in top["FR-003"]["evidence"]}
    assert kinds["citation"]["source"] == "src/refunds.py:6" and "RefundLedger" in kinds["identifier"]["detail"]
    # A scenario goes to the test that names it.
    assert top["US1/AC1"]["path"] == "tests/test_retry.py"
    # Text alone, behaviour clause: source first.
    assert top["FR-001"]["path"] == "src/retry.py"
    assert top["FR-001"]["evidence"][-1]["kind"] in ("task", "text")
    for proposals in got.values():
        assert len(proposals) <= 8
        for p in proposals:
            assert set(p) == {"path", "side", "first", "last", "score", "evidence"}
            assert not p["path"].startswith("specs/"), "the spec's own documents are never the code"
            assert 1 <= p["first"] <= p["last"] and p["side"] == "new"
            for e in p["evidence"]:
                assert set(e) == {"kind", "source", "detail"}
                assert e["kind"] in ("task", "commit", "citation", "identifier", "text", "definition", "literal",
                                     "review", "test")


def test_task_list_problems_are_notes_naming_file_and_line(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    result = _suggest(run_cli, repo, "--clause", "FR-002")
    assert result.code == 0, result
    assert f"{TASKS}:7: note: task T003 is marked done but the change touches none of its files" in result.err
    assert f"{TASKS}:8: note: task T004 cites US9, which the spec does not define" in result.err
    assert "FR-002" in result.out and "src/rates.py" in result.out and "T002" in result.out


def test_clause_and_limit_narrow_the_output(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    got = _by_key(_suggest(run_cli, repo, "--clause", "FR-001", "--limit", "1", "--format", "json"))
    assert list(got) == ["FR-001"] and len(got["FR-001"]) == 1


def test_range_defaults_like_open(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    result = run_cli("suggest", "--repo", str(repo.path), "--spec", SPEC, "--format", "json")
    assert result.code == 0, result
    assert json.loads(result.out)["range"] == "HEAD~1..HEAD"


def test_the_spec_is_given_as_clauses_takes_it_or_with_spec(run_cli, tmp_path):
    # `specaudit clauses spec.md` worked; `specaudit suggest spec.md` said "--spec is required".
    repo = build(tmp_path / "r")
    by_position = run_cli("suggest", "--repo", str(repo.path), SPEC, "--range", repo.range, "--format", "json")
    assert by_position.code == 0, by_position
    assert _by_key(by_position) == _by_key(_suggest(run_cli, repo, "--format", "json"))
    for cmd in (["suggest"], ["brief"], ["tighten", "--clause", "FR-001"],
                ["review", "--clause", "FR-001", "--verdict", "implemented"]):
        missing = run_cli(*cmd, "--repo", str(repo.path))
        assert_one_line_error(missing)
        assert "the spec is missing: give SPEC (or --spec S)" in missing.err, missing
    twice = run_cli("suggest", "--repo", str(repo.path), SPEC, "--spec", "other.md")
    assert_one_line_error(twice)
    assert "give the spec once" in twice.err
    brief = run_cli("brief", "--repo", str(repo.path), SPEC)
    assert brief.code == 0 and f"Spec: `{SPEC}`" in brief.out, brief


def test_a_rejected_proposal_does_not_come_back(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    audit = repo.path / ".specaudit" / (SPEC + ".audit.yaml")
    audit.parent.mkdir(parents=True)
    audit.write_text(f"schema: 1\nspec: {SPEC}\nreviews: {{}}\nscars: {{}}\nrejected:\n  FR-002:\n  - src/rates.py\n",
                     encoding="utf-8")
    got = _by_key(_suggest(run_cli, repo, "--clause", "FR-002", "--format", "json"))
    assert "src/rates.py" not in [p["path"] for p in got["FR-002"]]


def test_a_rejected_span_does_not_come_back_and_the_files_other_spans_do(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    before = _by_key(_suggest(run_cli, repo, "--clause", "FR-002", "--format", "json"))["FR-002"]
    first = before[0]
    assert first["path"] == "src/rates.py" and [p["path"] for p in before].count("src/rates.py") == 2
    audit = repo.path / ".specaudit" / (SPEC + ".audit.yaml")
    audit.parent.mkdir(parents=True)
    audit.write_text(f"schema: 1\nspec: {SPEC}\nreviews: {{}}\nscars: {{}}\nrejected:\n  FR-002:\n"
                     f"  - path: src/rates.py\n    lines: {first['first']}-{first['last']}\n", encoding="utf-8")
    after = _by_key(_suggest(run_cli, repo, "--clause", "FR-002", "--format", "json"))["FR-002"]
    spans = [(p["path"], p["first"], p["last"]) for p in after]
    assert ("src/rates.py", first["first"], first["last"]) not in spans
    assert spans[0][0] == "src/rates.py"  # right file, wrong lines: the other span stays


def test_clause_repeats_for_several_and_an_unknown_one_is_named(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    got = _by_key(_suggest(run_cli, repo, "--clause", "FR-002", "--clause", "FR-003", "--format", "json"))
    assert set(got) == {"FR-002", "FR-003"}
    bad = _suggest(run_cli, repo, "--clause", "FR-002", "--clause", "FR-999")
    assert_one_line_error(bad)
    assert "FR-999" in bad.err


def test_clauses_may_follow_the_spec_as_review_takes_one(run_cli, tmp_path):
    # `specaudit review spec.md FR-001 ...` worked; `specaudit suggest spec.md FR-001` said
    # "unrecognized arguments: FR-001", and an unknown key was only "no clause 'fr-2'".
    repo = build(tmp_path / "r")
    named = run_cli("suggest", "--repo", str(repo.path), SPEC, "FR-003", "FR-002", "--range", repo.range,
                    "--format", "json")
    assert named.code == 0, named
    assert list(_by_key(named)) == ["FR-002", "FR-003"]  # the spec's order, as with --clause
    assert _by_key(named) == _by_key(_suggest(run_cli, repo, "--clause", "FR-002", "--clause", "FR-003",
                                              "--format", "json"))
    # With --spec the positionals are all clauses; a key given both ways counts once.
    mixed = _by_key(_suggest(run_cli, repo, "FR-002", "--clause", "FR-002", "--format", "json"))
    assert list(mixed) == ["FR-002"]
    near = run_cli("suggest", "--repo", str(repo.path), SPEC, "fr-2", "--range", repo.range)
    assert_one_line_error(near)
    assert f"unknown clause 'fr-2' in {SPEC}; did you mean FR-002?" in near.err, near


def test_unreadable_task_list_is_skipped_with_one_warning(run_cli, tmp_path):
    repo = build(tmp_path / "r", tasks=b"\x00\x01binary tasks\x00")
    result = _suggest(run_cli, repo, "--format", "json")
    assert result.code == 0, result
    assert result.err.count(f"warning: {TASKS}: skipped, binary") == 1
    assert _by_key(result)["FR-003"][0]["path"] == "src/refunds.py"


def test_huge_task_list_is_skipped_with_one_warning(run_cli, tmp_path):
    repo = build(tmp_path / "r", tasks=b"- [ ] T001 [US1] pad the list\n" * 80_000)  # 2.4 MB
    result = _suggest(run_cli, repo, "--clause", "FR-003", "--format", "json")
    assert result.code == 0, result
    assert result.err.count(f"warning: {TASKS}: skipped, too large") == 1
    assert _by_key(result)["FR-003"][0]["path"] == "src/refunds.py"


def test_bad_input_is_one_line(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    assert_one_line_error(_suggest(run_cli, repo, "--clause", "FR-999"))
    assert_one_line_error(_suggest(run_cli, repo, "--limit", "0"))
    assert_one_line_error(run_cli("suggest", "--repo", str(repo.path), "--spec", "nope.md"))
    assert_one_line_error(run_cli("suggest", "--repo", str(repo.path), "--spec", SPEC, "--range", "nope..HEAD"))


def test_nothing_in_the_repository_runs(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    marker = tmp_path / "ran"
    hook = repo.path / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n", encoding="utf-8")
    hook.chmod(0o755)
    (repo.path / ".gitattributes").write_text("*.py diff=evil\n", encoding="utf-8")
    git(repo.path, "config", "diff.evil.textconv", f"sh -c 'touch {marker}; cat'")
    git(repo.path, "config", "core.fsmonitor", f"sh -c 'touch {marker}'")
    assert _suggest(run_cli, repo, "--format", "json").code == 0
    assert not marker.exists()


def test_check_notes_done_tasks_the_change_missed_and_can_gate_on_them(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    result = run_cli("check", "--repo", str(repo.path), "--spec", SPEC, "--since", repo.base, "--format", "json")
    assert result.code == 0, result  # a note by default
    notes = [f for f in json.loads(result.out)["findings"] if f["kind"].startswith("task-")]
    assert {(f["kind"], f["path"], f["line"], f["gating"]) for f in notes} == {
        ("task-not-in-change", TASKS, 7, False), ("task-unknown-clause", TASKS, 8, False)}
    (repo.path / ".specaudit").mkdir(exist_ok=True)
    (repo.path / ".specaudit" / "config.yaml").write_text("gate:\n  fail_on: [task-not-in-change]\n",
                                                           encoding="utf-8")
    gated = run_cli("check", "--repo", str(repo.path), "--spec", SPEC, "--since", repo.base)
    assert gated.code == 1, gated
    assert "T003" in gated.out


def test_a_clause_with_no_evidence_has_no_proposals(run_cli, tmp_path):
    repo = build(tmp_path / "r")
    got = _by_key(_suggest(run_cli, repo, "--format", "json"))
    assert got["FR-009"] == []  # session cookies: nothing in the change says so
    text = _suggest(run_cli, repo, "--clause", "FR-009")
    assert text.code == 0 and "(no evidence found in this change)" in text.out


def test_a_clause_with_no_evidence_lists_its_weak_guesses_apart(run_cli, tmp_path):
    from evidence_repo import WEAK_FILES

    repo = build(tmp_path / "r", extra=WEAK_FILES)
    data = json.loads(_suggest(run_cli, repo, "--format", "json").out)
    clauses = {c["key"]: c for c in data["clauses"]}
    assert all(set(c) == {"key", "proposals", "weak"} for c in clauses.values())
    fr9 = clauses["FR-009"]
    assert fr9["proposals"] == []  # no evidence: still no proposal
    assert [(p["path"], p["first"], p["last"]) for p in fr9["weak"]] == [("src/app.py", 1, 3)]
    assert {e["kind"] for e in fr9["weak"][0]["evidence"]} == {"text"}  # the clause's words alone
    assert all(c["weak"] == [] for c in clauses.values() if c["proposals"])
    text = _suggest(run_cli, repo, "--clause", "FR-009")
    assert text.code == 0
    assert "(no evidence found in this change)" in text.out and "weak guesses" in text.out
    assert "w1. src/app.py:1-3" in text.out
