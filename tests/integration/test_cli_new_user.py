"""Defects a demanding new user hit running the CLI on real changes, each as the
behaviour that must hold (the CLI as a subprocess, real git repositories)."""

from __future__ import annotations

import json
from pathlib import Path

from support import assert_one_line_error, git

SPEC = "specs/001-pay/spec.md"
SPEC_TEXT = """# Feature Specification: Payments

## Requirements

### Functional Requirements

- **FR-001**: The system MUST retry a failed charge.
- **FR-002**: The system MUST cap retries per charge.
"""


def _repo(root: Path, files: dict[str, str]) -> tuple[Path, str]:
    """A repository whose second commit adds ``files``; returns (root, "A..B")."""
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Ada")
    git(root, "config", "user.email", "ada@example.org")
    (root / SPEC).parent.mkdir(parents=True)
    (root / SPEC).write_text(SPEC_TEXT)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "spec")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "implement")
    return root, "HEAD~1..HEAD"


def test_a_citation_in_a_trailing_comment_is_evidence(run_cli, tmp_path):
    """`MAX_RETRIES = 3  # FR-002` cites FR-002 on a line of code: suggest proposes that
    line with the citation, never "no evidence found" (the trailing comment used to make
    the whole line a comment, so the file had no unit to propose)."""
    root, rng = _repo(tmp_path / "r", {
        "src/limits.py": "import os\n\nMAX_RETRIES = 3  # FR-002\n",
        "src/limits.ts": "export const RETRY_CAP = 3; // FR-002\n",
    })
    result = run_cli("suggest", "--repo", str(root), "--spec", SPEC, "--range", rng, "--clause", "FR-002",
                     "--format", "json")
    assert result.code == 0, result
    proposals = json.loads(result.out)["clauses"][0]["proposals"]
    got = {(p["path"], p["first"], p["last"]) for p in proposals}
    assert {("src/limits.py", 3, 3), ("src/limits.ts", 1, 1)} <= got, proposals
    for p in proposals:
        assert any(e["kind"] == "citation" for e in p["evidence"]), p


def test_every_proposal_says_why(run_cli, tmp_path):
    """A file ranked on its text as a whole (its path and comments name the clause, its code
    does not) is proposed with the words it shares, never with an empty evidence list
    (suggest's help: proposals come with their evidence)."""
    root, rng = _repo(tmp_path / "r", {
        "src/charge_retry.py": "# Retry a failed charge.\n\n\ndef run(x):\n    return x * 2\n",
        "src/cap.py": "def cap_retries(charge, attempts):\n    return min(attempts, 3)  # per charge\n",
    })
    result = run_cli("suggest", "--repo", str(root), "--spec", SPEC, "--range", rng, "--format", "json")
    assert result.code == 0, result
    shown = [(c["key"], p) for c in json.loads(result.out)["clauses"] for p in c["proposals"] + c["weak"]]
    assert any(p["path"] == "src/charge_retry.py" for _k, p in shown), shown
    for key, p in shown:
        assert p["evidence"], (key, p)
    text = run_cli("suggest", "--repo", str(root), "--spec", SPEC, "--range", rng, "--clause", "FR-001")
    block = text.out.split("src/charge_retry.py", 1)[1].splitlines()
    assert block[1].lstrip().startswith("text"), text.out


def test_a_file_that_is_no_spec_is_refused_before_anything_is_written(run_cli, tmp_path):
    """`change` and `scar add` with --spec naming a file that is no spec (a typo, go.mod)
    used to write .specaudit/go.mod.audit.yaml, and every `check` after that failed on it.
    They refuse it in one line, as `review` does, and write nothing."""
    root, rng = _repo(tmp_path / "r", {"src/retry.py": "def retry(charge):\n    return charge()\n",
                                       "go.mod": "module example.org/pay\n\ngo 1.22\n"})
    for args in (("change", "--spec", "go.mod", "--range", rng, "src/retry.py:1-2", "--as", "explained"),
                 ("scar", "add", "--spec", "go.mod", "--range", rng, "src/retry.py:1-2", "--title", "t",
                  "--why", "w")):
        result = run_cli(*args, "--repo", str(root))
        assert_one_line_error(result)
        assert "go.mod" in result.err and "spec" in result.err, result
    assert not (root / ".specaudit").exists()
    assert run_cli("check", "--repo", str(root), "--range", rng).code in (0, 1)


def test_a_scar_names_a_clause_the_spec_has(run_cli, tmp_path):
    """`scar add --clause` with a key the spec does not have is refused like `review
    --clause` (a scar on no clause cannot be tightened later)."""
    root, rng = _repo(tmp_path / "r", {"src/retry.py": "def retry(charge):\n    return charge()\n"})
    result = run_cli("scar", "add", "--repo", str(root), "--spec", SPEC, "--range", rng, "src/retry.py:1-2",
                     "--title", "Flat", "--why", "the bank", "--clause", "FR-009")
    assert_one_line_error(result)
    assert "unknown clause 'FR-009'" in result.err and SPEC in result.err, result
    assert not (root / ".specaudit").exists()
    ok = run_cli("scar", "add", "--repo", str(root), "--spec", SPEC, "--range", rng, "src/retry.py:1-2",
                 "--title", "Flat", "--why", "the bank", "--clause", "FR-001")
    assert ok.code == 0, ok


def test_the_commit_message_names_every_spec_it_commits(run_cli, tmp_path):
    """A verdict on one spec and a new second spec, committed together: the message used to
    name only the spec whose file changed, dropping the other spec's verdict and scar."""
    root, rng = _repo(tmp_path / "r", {"src/retry.py": "def retry(charge):\n    return charge()\n"})
    assert run_cli("review", "--repo", str(root), "--spec", SPEC, "--clause", "FR-001", "--verdict",
                   "implemented").code == 0
    assert run_cli("scar", "add", "--repo", str(root), "--spec", SPEC, "src/retry.py:1-2", "--title",
                   "Flat retries", "--why", "the bank's rate limiter").code == 0
    other = root / "specs/002-refunds/spec.md"
    other.parent.mkdir(parents=True)
    other.write_text(SPEC_TEXT.replace("Payments", "Refunds"))
    shown = run_cli("commit", "--repo", str(root), "--show-message")
    assert shown.code == 0, shown
    subject = shown.out.splitlines()[0]
    assert "spec.md" in subject and "002-refunds/spec.md" in shown.out, shown.out
    assert "record 1 clause verdict" in shown.out and "record scar" in shown.out, shown.out
    assert ".specaudit/specs/001-pay/spec.md.audit.yaml" in shown.out, shown.out


def test_a_spec_byte_that_is_not_utf8_is_named_as_such_when_tightening(run_cli, tmp_path):
    """A Latin-1 byte in a clause (caf\\xe9) made `tighten --clause` blame "the review note"
    for "a control character": it names the clause's own text and the byte that is not UTF-8."""
    root, rng = _repo(tmp_path / "r", {"src/retry.py": "def retry(charge):\n    return charge()\n"})
    spec = root / SPEC
    spec.write_bytes(spec.read_bytes().replace(b"retry a failed", b"retry a caf\xe9 failed"))
    git(root, "commit", "-qam", "latin-1")
    assert run_cli("review", "--repo", str(root), "--spec", SPEC, "--clause", "FR-001", "--verdict", "violated",
                   "--note", "retries once only").code == 0
    result = run_cli("tighten", "--repo", str(root), "--spec", SPEC, "--clause", "FR-001", "--dry-run")
    assert_one_line_error(result)
    assert "clause FR-001's text" in result.err and "not UTF-8" in result.err, result
    assert "review note" not in result.err and "control character" not in result.err, result


def test_check_and_report_say_which_changed_files_they_leave_out(run_cli, tmp_path):
    """`diff` said 41 files and `check` "0 of 24 changed files linked" with nothing on the
    other 17 (the window's header said them): check and report say them too, so the
    numbers add up to the range's files."""
    root, rng = _repo(tmp_path / "r", {"src/retry.py": "def retry(charge):\n    return charge()\n",
                                       "specs/001-pay/plan.md": "# Plan\n\nRetry with backoff.\n"})
    diff = run_cli("diff", "--repo", str(root), "--range", rng)
    assert diff.out.splitlines()[0].startswith(f"{rng}: 2 files"), diff
    check = run_cli("check", "--repo", str(root), "--range", rng)
    first = check.out.splitlines()[0]
    assert first.endswith("0 of 1 changed file linked (1 more not counted: spec documents)"), check
    report = run_cli("report", "--repo", str(root), "--range", rng)
    assert "(1 more not counted: spec documents)" in report.out, report


def test_a_path_typed_from_a_subfolder_gets_a_hint(run_cli, tmp_path):
    """--spec is read from the current folder, code paths from the repository's root: run
    from src/, `--link retry.py:1-2` used to say only "retry.py does not exist". It names the
    path that does."""
    root, rng = _repo(tmp_path / "r", {"src/retry.py": "def retry(charge):\n    return charge()\n"})
    spec = f"../{SPEC}"
    for args in (("review", "--spec", spec, "--clause", "FR-001", "--verdict", "implemented", "--link",
                  "retry.py:1-2"),
                 ("scar", "add", "--spec", spec, "retry.py:1-2", "--title", "t", "--why", "w"),
                 ("scar", "add", "--spec", spec, "--range", rng, "retry.py:1-2", "--title", "t", "--why", "w")):
        result = run_cli(*args, cwd=root / "src")
        assert_one_line_error(result)
        assert "did you mean src/retry.py?" in result.err, result


def test_a_review_made_after_the_checked_commit_is_not_called_changed_since(run_cli, tmp_path):
    """A link and a scar recorded at HEAD, checked on an older range: the check said "linked
    lines ... changed since the review" and "was deleted", both false (the code changed
    *before* the review, from the checked commit's point of view). It says the review was
    made at a commit the checked one does not contain."""
    root, _rng = _repo(tmp_path / "r", {"src/retry.py": "def retry(charge):\n    return charge()\n"})
    (root / "src/retry.py").write_text("def retry(charge):\n    return charge() or charge()\n")
    (root / "src/backoff.py").write_text("def backoff(n):\n    return 2 ** n\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "regenerate")
    head = git(root, "rev-parse", "--short=12", "HEAD").strip()
    assert run_cli("review", "--repo", str(root), "--spec", SPEC, "--clause", "FR-001", "--verdict",
                   "implemented", "--link", "src/retry.py:1-2", "--link", "src/backoff.py:1-2").code == 0
    assert run_cli("scar", "add", "--repo", str(root), "--spec", SPEC, "src/backoff.py:1-2", "--title",
                   "Backoff", "--why", "the bank").code == 0
    check = run_cli("check", "--repo", str(root), "--range", "HEAD~2..HEAD~1")
    assert "since the review" not in check.out and "was deleted" not in check.out, check
    stale = [ln for ln in check.out.splitlines() if ": FAIL: stale-code" in ln or ": FAIL: scar-overwritten" in ln]
    assert len(stale) == 3, check
    for ln in stale:
        assert f"at {head}, a commit the checked one does not contain" in ln, ln


def test_tighten_dry_run_says_where_an_openspec_change_would_be_written(run_cli, tmp_path):
    """`tighten --change NAME --dry-run` said "would amend clause ... of <the spec>", while
    the run writes openspec/changes/NAME/...: the dry run names that file."""
    spec = "openspec/specs/payments/spec.md"
    root = tmp_path / "r"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Ada")
    git(root, "config", "user.email", "ada@example.org")
    (root / spec).parent.mkdir(parents=True)
    (root / spec).write_text("# payments Specification\n\n## Requirements\n\n### Requirement: Retry\n"
                             "The system SHALL retry a failed charge.\n\n#### Scenario: Timeout\n"
                             "- **WHEN** the bank times out\n- **THEN** the charge is retried\n")
    (root / "src").mkdir()
    (root / "src/retry.py").write_text("def retry(charge):\n    return charge()\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    key = "payments#Retry"
    added = run_cli("scar", "add", "--repo", str(root), "--spec", spec, "src/retry.py:1-2", "--title",
                    "Retry once", "--why", "the bank", "--clause", key)
    assert added.code == 0, added
    scar = added.out.strip()
    base = ("tighten", "--repo", str(root), "--spec", spec, "--scar", scar, "--change", "retry-once")
    dry = run_cli(*base, "--dry-run")
    assert dry.code == 0, dry
    done = run_cli(*base)
    assert done.code == 0, done
    written = "openspec/changes/retry-once/specs/payments/spec.md"
    assert written in done.out and written in dry.out.splitlines()[0], (dry, done)


def test_moving_a_spec_never_drops_its_verdicts_and_scars_silently(run_cli, tmp_path):
    """`git mv specs/001-pay specs/002-pay` left the audit file under the old name: `check`
    then said "0 of 2 clauses reviewed ... gate passed", the verdict and the scar gone
    without a word. The audit of a spec that is gone is still checked: its verdicts are
    `removed` (the gate fails), its scars still guard their lines, and one line says how
    to carry the audit file along."""
    root, rng = _repo(tmp_path / "r", {"src/retry.py": "def retry(charge):\n    return charge()\n"})
    assert run_cli("review", "--repo", str(root), "--spec", SPEC, "--clause", "FR-001", "--verdict",
                   "implemented").code == 0
    assert run_cli("scar", "add", "--repo", str(root), "--spec", SPEC, "src/retry.py:1-2", "--title",
                   "Flat", "--why", "the bank").code == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "review")
    git(root, "mv", "specs/001-pay", "specs/002-pay")
    (root / "src/retry.py").write_text("def retry(charge):\n    return charge() or charge()\n")
    git(root, "commit", "-qam", "move the spec, regenerate")
    check = run_cli("check", "--repo", str(root), "--range", "HEAD~1..HEAD")
    assert check.code == 1, check
    audit = ".specaudit/specs/001-pay/spec.md.audit.yaml"
    assert f"{audit}: warning: spec-problem: spec {SPEC} not found" in check.out, check
    assert "FAIL: removed [FR-001]" in check.out and "FAIL: scar-overwritten" in check.out, check


def test_a_bmad_repository_opens_on_its_prd_and_epics(run_cli, tmp_path):
    # bmad-todo-app: `specaudit check` said "no specs found" in a repository whose PRD and
    # epics BMAD wrote to _bmad-output/planning-artifacts/.
    prd = "_bmad-output/planning-artifacts/prd.md"
    epics = "_bmad-output/planning-artifacts/epics.md"
    root, rng = _repo(tmp_path / "r", {
        prd: "# Product Requirements Document\n\n## Functional Requirements\n\n"
             "- FR1: Users can create a task with a title\n- FR2: Users can delete a task\n",
        epics: "# Epics\n\n## Epic 1: Tasks\n\n### Story 1.1: Create a task\n\n"
               "**Acceptance Criteria:**\n\n**Given** a title **When** I press Enter **Then** the task is added\n",
        "docs/architecture.md": "# Architecture\n\nA REST API.\n",
        "src/tasks.ts": "export function createTask(title: string) { return { title } }\n"})
    result = run_cli("check", "--repo", str(root), "--range", rng, "--format", "json")
    assert result.code in (0, 1), result
    assert json.loads(result.out)["specs"] == [SPEC, prd, epics], result.out[:300]


def test_a_bmad_criterion_tightened_keeps_its_steps(run_cli, tmp_path):
    """A story's AC2 (a bold label over Given/When/Then bullets) was refused ("write it as one
    plain paragraph"): no one paragraph stays that clause. Now the label and the steps up to
    the first Then stay, and the scar is the outcome; a verdict's note is one more And; --add
    still writes a constraint under it."""
    story = "docs/story.md"
    text = ("# Story 2.2: Create Task\n\n## Acceptance Criteria\n\n**AC2 — Empty title validation:**\n"
            "- **Given** I submit a task with no title\n- **When** validation runs\n- **Then** no API call is made\n"
            "- **And** the input shows a hint\n\n**AC3 — API create:**\n- **Given** a valid body\n"
            "- **Then** the API answers 201\n")
    root, rng = _repo(tmp_path / "r", {story: text, "src/a.py": "x = 2\n"})
    scar_ids = []
    for title in ("an empty title is refused by the API with 400", "titles are trimmed before the check"):
        scar = run_cli("scar", "add", "-C", str(root), "src/a.py:1-1", "--spec", story, "--clause", "AC2",
                       "--title", title, "--why", "a script posted them")
        assert scar.code == 0, scar
        scar_ids.append(scar.out.split()[0])
    amend = run_cli("tighten", "-C", str(root), story, "--scar", scar_ids[0])
    assert amend.code == 0, amend
    assert (root / story).read_text() == text.replace(
        "- **Then** no API call is made\n- **And** the input shows a hint\n",
        f"- **Then** an empty title is refused by the API with 400 (scar {scar_ids[0]}).\n")
    review = run_cli("review", "-C", str(root), story, "AC3", "--verdict", "partial", "--note", "the body is the task")
    assert review.code == 0, review
    noted = run_cli("tighten", "-C", str(root), story, "--clause", "AC3")
    assert noted.code == 0, noted
    assert ("- **Then** the API answers 201\n- **And** the body is the task (tightened from the partial review).\n"
            in (root / story).read_text())
    added = run_cli("tighten", "-C", str(root), story, "--scar", scar_ids[1], "--add")
    assert added.code == 0, added
    # One line: a scenario's steps are no paragraph wrapped at their width.
    assert f"\n- Titles are trimmed before the check (scar {scar_ids[1]}).\n" in (root / story).read_text()
    # `clauses -C REPO SPEC` reads SPEC in the repository, as every other command does.
    listed = run_cli("clauses", "-C", str(root), story)
    assert [ln.split()[0] for ln in listed.out.splitlines()[1:]] == ["AC2", "acceptance-criteria-1", "AC3"], listed


def test_a_range_reaching_past_the_first_commit_says_how_long_the_history_is(run_cli, tmp_path):
    root, _rng = _repo(tmp_path / "repo", {"pay.py": "def pay():\n    return 1\n"})
    r = run_cli("suggest", "-C", str(root), SPEC, "--range", "HEAD~7..HEAD")
    assert_one_line_error(r)
    assert "unknown revision: HEAD~7 (HEAD has 2 commits on its first-parent line)" in r.err, r
    r = run_cli("check", "-C", str(root), "--range", "main~3..main")
    assert_one_line_error(r)
    assert "unknown revision: main~3 (main has 2 commits on its first-parent line)" in r.err, r


def test_an_unknown_branch_names_the_branch_meant(run_cli, tmp_path):
    """`--range master..HEAD` in a repository whose branch is main said "unknown revision:
    master" and no more; a typo the same."""
    root, _rng = _repo(tmp_path / "repo", {"pay.py": "def pay():\n    return 1\n"})
    for rng, said in (("master..HEAD", "unknown revision: master (did you mean main?)"),
                      ("mian...HEAD", "unknown revision: mian (did you mean main?)"),
                      ("nope..HEAD", "unknown revision: nope (branches here: main)")):
        r = run_cli("check", "-C", str(root), "--range", rng)
        assert_one_line_error(r)
        assert said in r.err, r
    r = run_cli("check", "-C", str(root), "--range", "deadbeef..HEAD")
    assert_one_line_error(r)
    assert r.err.rstrip().endswith("unknown revision: deadbeef"), r  # a commit id: no branch to suggest


def test_git_s_own_change_form_names_one_commit(run_cli, tmp_path):
    """`HEAD^!` (a commit without its parents) was "unknown revision: HEAD^!"; it is the
    commit's own change, as `HEAD` alone is."""
    root, _rng = _repo(tmp_path / "repo", {"pay.py": "def pay():\n    return 1\n"})
    one = run_cli("diff", "-C", str(root), "--range", "HEAD")
    own = run_cli("diff", "-C", str(root), "--range", "HEAD^!")
    assert one.code == 0 and own.code == 0, (one, own)
    assert own.out.startswith("HEAD^!: 1 file, +2 -0\n"), own
    assert "pay.py" in own.out and own.out.split("\n", 1)[1] == one.out.split("\n", 1)[1]


def test_every_command_on_specs_takes_them_after_its_name(run_cli, tmp_path):
    """`specaudit suggest spec.md` and `review spec.md FR-001` took the spec as written;
    `check spec.md`, `tests spec.md`, `report spec.md` and `commit spec.md` said
    "unrecognized arguments". SPEC... and --spec S (repeated) now mean the same to all."""
    root, rng = _repo(tmp_path / "r", {"src/retry.py": "def retry(charge):\n    return charge()\n"})
    other = root / "specs/002-refunds/spec.md"
    other.parent.mkdir(parents=True)
    other.write_text(SPEC_TEXT.replace("Payments", "Refunds"))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "refunds")
    rng = "HEAD~2..HEAD"
    for cmd in (["check", "--format", "json"], ["report", "--format", "json"]):
        by_name = run_cli(*cmd, "--repo", str(root), SPEC, "--range", rng)
        by_flag = run_cli(*cmd, "--repo", str(root), "--spec", SPEC, "--range", rng)
        every = run_cli(*cmd, "--repo", str(root), "--range", rng)
        assert by_name.code in (0, 1) and by_name.out == by_flag.out, (by_name, by_flag)
        assert by_name.out != every.out  # one spec, not every spec found
        # --junit takes every word after it: a spec there is still the spec, not a JUnit file
        junit = tmp_path / "results.xml"
        junit.write_text('<testsuite name="t" tests="0"/>')
        after = run_cli(*cmd, "--repo", str(root), "--range", rng, "--junit", str(junit), SPEC)
        assert after.code in (0, 1) and "not well-formed" not in after.err, after
        assert json.loads(after.out).get("summary") == json.loads(by_name.out).get("summary"), after.out
    tests = run_cli("tests", "--repo", str(root), SPEC, "--format", "json")
    assert tests.code == 0, tests
    assert json.loads(tests.out)["spec"] == SPEC  # one spec: one object, not a list of every spec
    assert run_cli("review", "--repo", str(root), SPEC, "FR-001", "--verdict", "implemented").code == 0
    assert run_cli("review", "--repo", str(root), "specs/002-refunds/spec.md", "FR-002", "--verdict",
                   "partial", "--note", "no cap").code == 0
    shown = run_cli("commit", "--repo", str(root), SPEC, "--show-message")
    assert shown.code == 0, shown
    assert ".specaudit/specs/001-pay/spec.md.audit.yaml" in shown.out, shown.out
    assert "002-refunds" not in shown.out, shown.out
    # A mistyped spec said "nothing to commit" and no more.
    for extra in (["--show-message"], []):
        typo = run_cli("commit", "--repo", str(root), "specs/001-pay/spec.mdd", *extra)
        assert_one_line_error(typo)
        assert "specs/001-pay/spec.mdd: spec not found" in typo.err, typo
    assert git(root, "status", "--porcelain").strip()  # nothing was committed


def test_an_openapi_contract_beside_a_spec_is_no_spec(run_cli, tmp_path):
    """Spec Kit keeps OpenAPI contracts in specs/*/contracts/: every open said "1 spec
    problem(s): ...openapi.yaml:1: warning: no 'clauses' list" and check counted it as a
    second spec. A YAML file found in a spec location is a spec when it is a clause list;
    named with --spec it is still read, and its problem said."""
    contract = "openapi: 3.0.3\ninfo:\n  title: Payments\npaths:\n  /charges:\n    get:\n      parameters:\n" \
               "        - name: id\n          in: query\n"
    rates = "# rates\n---\n- id: RATE-1\n  text: Rates are read from the bank daily.\n"
    root, rng = _repo(tmp_path / "r", {"specs/001-pay/contracts/openapi.yaml": contract, "specs/rates.yaml": rates,
                                       "src/retry.py": "def retry(charge):\n    return charge()\n"})
    got = run_cli("check", "--repo", str(root), "--range", rng, "--format", "json")
    assert got.code in (0, 1), got
    assert sorted(json.loads(got.out)["specs"]) == [SPEC, "specs/rates.yaml"], got.out
    assert "openapi" not in got.err, got.err
    named = run_cli("clauses", str(root / "specs/001-pay/contracts/openapi.yaml"))
    assert "no 'clauses' list" in named.out + named.err, named


SPENDING = "openspec/specs/spending/spec.md"


def _spending_repo(tmp_path: Path) -> tuple[Path, str]:
    """An OpenSpec capability with one requirement and two scenarios, and code for it."""
    return _repo(tmp_path / "r", {
        SPENDING: "# spending\n\n## Requirements\n\n### Requirement: Category Spending Aggregation\n"
                  "The system SHALL sum expenses per category.\n\n#### Scenario: Exclude income transactions\n"
                  "- **WHEN** a month has income\n- **THEN** income is left out\n\n#### Scenario: Handle empty month\n"
                  "- **WHEN** a month has no expenses\n- **THEN** every category is zero\n",
        "src/spending.py": "def by_category(rows):\n    return {}\n"})


def test_an_openspec_scenario_is_reviewed_by_its_name(run_cli, tmp_path):
    """'specaudit review spec.md "Exclude income transactions"' said "unknown clause": an
    OpenSpec scenario's key is "capability#Requirement/Scenario". Its name alone (or its
    requirement's and its) names it when one clause ends so; the audit and every message
    carry the spec's own key."""
    spec, (root, rng) = SPENDING, _spending_repo(tmp_path)
    full = "spending#Category Spending Aggregation/Exclude income transactions"
    r = run_cli("review", "--repo", str(root), spec, "Exclude income transactions", "--verdict", "implemented")
    assert r.code == 0 and r.out.strip() == f"{spec}: {full}: implemented", r
    r = run_cli("review", "--repo", str(root), spec, "Category Spending Aggregation/Handle empty month",
                "--verdict", "partial", "--note", "no zero rows")
    assert r.code == 0, r
    audit = (root / ".specaudit" / (spec + ".audit.yaml")).read_text()
    assert f"  {full}:\n    verdict: implemented" in audit
    assert "  spending#Category Spending Aggregation/Handle empty month:\n    verdict: partial" in audit
    got = run_cli("suggest", "--repo", str(root), spec, "exclude income transactions", "--range", rng,
                  "--format", "json")
    assert [c["key"] for c in json.loads(got.out)["clauses"]] == [full], got
    ambiguous = run_cli("review", "--repo", str(root), spec, "Aggregation", "--verdict", "implemented")
    assert_one_line_error(ambiguous)
    assert "unknown clause 'Aggregation'" in ambiguous.err  # a word inside a key names nothing


def test_a_partial_openspec_scenario_tightened_gets_one_more_step(run_cli, tmp_path):
    """A scenario reviewed partial, tightened from its note, was folded into one paragraph
    ("- **GIVEN** ... - **THEN** ... Refunds are not income (tightened ...)."); its steps stay
    and the note is one more: "- **AND** ..."."""
    spec, (root, _rng) = SPENDING, _spending_repo(tmp_path)
    assert run_cli("review", "--repo", str(root), spec, "Exclude income transactions", "--verdict", "partial",
                   "--note", "refunds are not income").code == 0
    done = run_cli("tighten", "--repo", str(root), spec, "--clause", "Exclude income transactions")
    assert done.code == 0, done
    assert ("#### Scenario: Exclude income transactions\n- **WHEN** a month has income\n- **THEN** income is left out\n"
            "- **AND** refunds are not income (tightened from the partial review).\n\n#### Scenario: Handle empty month\n"
            in (root / spec).read_text())
    # The brief keeps the steps one a line under the key, not run into one line.
    brief = run_cli("brief", "--repo", str(root), spec)
    assert brief.code == 0, brief
    assert ("- **spending#Category Spending Aggregation/Exclude income transactions** (line 8):\n"
            "  - **WHEN** a month has income\n  - **THEN** income is left out\n"
            "  - **AND** refunds are not income (tightened from the partial review).\n") in brief.out, brief.out


def test_a_kiro_criterion_tightened_keeps_its_trigger(run_cli, tmp_path):
    """hibi's 'WHEN a user selects a theme, THE Todo App SHALL apply the new theme
    immediately' amended from a scar read 'THE Todo App SHALL applies the theme on the next
    render ...': the trigger was dropped. It is kept, with the criterion's own subject."""
    spec = ".kiro/specs/theme/requirements.md"
    root, rng = _repo(tmp_path / "r", {
        spec: "# Requirements Document\n\n## Requirements\n\n### Requirement 1: Theme\n\n#### Acceptance Criteria\n\n"
              "1. WHEN a user selects a theme, THE Todo App SHALL apply the new theme immediately\n"
              "2. THE Dark theme SHALL use dark backgrounds with light text\n",
        "src/theme.ts": "export const apply = () => 1\n"})
    for key, title in (("1.1", "apply the theme on the next render"), ("1.2", "use gray-300 text on dark backgrounds")):
        scar = run_cli("scar", "add", "-C", str(root), "src/theme.ts:1-1", "--spec", spec, "--clause", key,
                       "--title", title, "--why", "a flash of the old theme")
        assert scar.code == 0, scar
        assert run_cli("tighten", "-C", str(root), spec, "--scar", scar.out.split()[0]).code == 0
    text = (root / spec).read_text()
    assert "1. WHEN a user selects a theme, THE Todo App SHALL apply the theme on the next render (scar S-" in text
    assert "2. THE Dark theme SHALL use gray-300 text on dark backgrounds (scar S-" in text


def test_no_specs_names_the_files_that_may_be_specs(run_cli, tmp_path):
    """A spec outside the usual places: 'no specs found (...; use --spec)' left the user to
    guess which file. The message says where specaudit looked and names tracked files
    whose names say spec, requirements, PRD or story."""
    root = tmp_path / "r"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Ada")
    git(root, "config", "user.email", "ada@example.org")
    for rel, text in {"docs/retry-spec.md": "# Retry\n\n## Behavior\n\n- Retries three times.\n",
                      "docs/aspect.md": "# Aspects\n", "node_modules/x/spec.md": "# vendored\n",
                      "src/a.py": "x = 1\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a")
    got = run_cli("check", "--repo", str(root))
    assert_one_line_error(got)
    assert "no specs found (looked in .specaudit/ and the usual spec locations: specs/, .kiro/specs/" in got.err
    assert got.err.rstrip().endswith("these may be specs: docs/retry-spec.md (e.g. --spec docs/retry-spec.md)"), got
    named = run_cli("check", "--repo", str(root), "docs/retry-spec.md", "--range", "HEAD")
    assert named.code in (0, 1), named
