"""`specaudit review` run as the user runs it, against a real demo repository."""

from __future__ import annotations

import subprocess

import yaml
from support import assert_one_line_error

AUDIT = ".specaudit/specs/payment-retry.md.audit.yaml"
SPEC = "specs/payment-retry.md"


def _audit(repo):
    return yaml.safe_load((repo / AUDIT).read_text())


def test_review_records_verdict_links_and_history(demo_repo, run_cli):
    root = demo_repo.path
    r = run_cli("review", "--repo", str(root), "--spec", SPEC, "--clause", "behavior-2",
                "--verdict", "partial", "--note", "backoff but no jitter",
                "--link", "payment_retry/retry.py:14-21", "--link", "payment_retry/retry.py:24")
    assert r.code == 0, r
    data = _audit(root)
    review = data["reviews"]["behavior-2"]
    assert review["verdict"] == "partial" and review["note"] == "backoff but no jitter"
    assert review["reviewer"] == "Test Reviewer <reviewer@example.com>"
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert review["commit"] == head
    assert [lk["lines"] for lk in review["links"]] == ["14-21", "24-24"]
    assert all(lk["commit"] == head and len(lk["fingerprint"]) == 64 for lk in review["links"])
    # Only the reviewed clause has a block: no placeholders for unreviewed clauses.
    assert list(data["reviews"]) == ["behavior-2"]
    # The scar recorded by the demo is untouched.
    assert len(data["scars"]) == 1

    r = run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", "behavior-2", "--verdict", "implemented")
    assert r.code == 0, r
    review = _audit(root)["reviews"]["behavior-2"]
    assert review["verdict"] == "implemented"
    assert review["history"][0]["verdict"] == "partial"
    assert review["history"][0]["note"] == "backoff but no jitter"
    assert len(review["links"]) == 2  # links stay until removed


def test_unknown_clause_names_key_and_spec(demo_repo, run_cli):
    before = (demo_repo.path / AUDIT).read_bytes()
    r = run_cli("review", "-C", str(demo_repo.path), "--spec", SPEC, "--clause", "behaviour-99", "--verdict", "implemented")
    assert_one_line_error(r)
    assert "behaviour-99" in r.err and SPEC in r.err
    assert (demo_repo.path / AUDIT).read_bytes() == before


def test_link_outside_the_file_is_refused(demo_repo, run_cli):
    r = run_cli("review", "-C", str(demo_repo.path), "--spec", SPEC, "--clause", "behavior-1",
                "--verdict", "implemented", "--link", "payment_retry/retry.py:40-4000")
    assert_one_line_error(r)
    assert "payment_retry/retry.py" in r.err
    r = run_cli("review", "-C", str(demo_repo.path), "--spec", SPEC, "--clause", "behavior-1",
                "--verdict", "implemented", "--link", "nowhere")
    assert_one_line_error(r)
    assert "PATH:START-END" in r.err


def test_corrupt_audit_file_is_reported_and_left_untouched(demo_repo, run_cli):
    path = demo_repo.path / AUDIT
    corrupt = path.read_text().replace("    status: open\n", "    status: [open\n")
    path.write_text(corrupt)
    for args in (["review", "--spec", SPEC, "--clause", "behavior-1", "--verdict", "implemented"], ["check"]):
        r = run_cli(*args, "-C", str(demo_repo.path))
        assert_one_line_error(r)
        assert AUDIT in r.err and "invalid YAML" in r.err
        assert f"{AUDIT}:" in r.err.split("error:", 1)[1]
    assert path.read_text() == corrupt


def test_newer_schema_is_refused_without_rewriting(demo_repo, run_cli):
    path = demo_repo.path / AUDIT
    newer = path.read_text().replace("schema: 1", "schema: 7")
    path.write_text(newer)
    r = run_cli("review", "-C", str(demo_repo.path), "--spec", SPEC, "--clause", "behavior-1", "--verdict", "implemented")
    assert_one_line_error(r)
    assert "schema 7" in r.err and "upgrade" in r.err
    assert path.read_text() == newer


def test_missing_spec_and_not_a_repository(tmp_path, demo_repo, run_cli):
    r = run_cli("review", "-C", str(demo_repo.path), "--spec", "specs/nope.md", "--clause", "a", "--verdict", "implemented")
    assert_one_line_error(r)
    assert "specs/nope.md" in r.err
    r = run_cli("review", "-C", str(tmp_path), "--spec", "x.md", "--clause", "a", "--verdict", "implemented")
    assert_one_line_error(r)
    assert "not a git repository" in r.err


def test_the_clause_may_follow_the_spec_as_the_spec_follows_the_command(demo_repo, run_cli):
    """`specaudit review spec.md behavior-2 --verdict partial`, as `suggest spec.md` takes
    its spec; `--spec S CLAUSE` and `SPEC --clause K` mean the same."""
    root = demo_repo.path
    for args, verdict in (((SPEC, "behavior-2"), "partial"), (("--spec", SPEC, "behavior-3"), "violated"),
                          ((SPEC, "--clause", "behavior-1"), "implemented")):
        r = run_cli("review", "-C", str(root), *args, "--verdict", verdict)
        assert r.code == 0, r
    reviews = _audit(root)["reviews"]
    assert {k: v["verdict"] for k, v in reviews.items()} == {
        "behavior-1": "implemented", "behavior-2": "partial", "behavior-3": "violated"}
    for args, said in (((SPEC, "behavior-2", "--clause", "behavior-3"), "give the clause once"),
                       ((SPEC,), "the clause is missing"),
                       # a spec file beside --spec is a second spec, not a clause named "other.md"
                       (("other.md", "--spec", SPEC), "give the spec once")):
        r = run_cli("review", "-C", str(root), *args, "--verdict", "partial")
        assert r.code == 2 and said in r.err and "Traceback" not in r.err, r
    r = run_cli("review", "-C", str(root), SPEC, "Behavior-02", "--verdict", "partial")
    assert r.code == 2 and r.err.startswith("specaudit: error: unknown clause 'Behavior-02' in specs/payment-retry.md; "
                                            "did you mean behavior-2?"), r
    assert _audit(root)["reviews"] == reviews  # nothing written by a refused call
