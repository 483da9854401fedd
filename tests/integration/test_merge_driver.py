"""The merge driver with real `git merge`, `git rebase` and `git cherry-pick`: two reviewers on
two branches of the demo and of a corpus history (docs/team.md)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from support import CORPUS

from specaudit.app.review.scars import add_scar
from specaudit.app.review.verdicts import record_verdict
from specaudit.app.store.audit_store import audit_path, load_audit
from specaudit.app.workspace.specs import load_spec
from specaudit.vcs.runner import open_repo

SPEC = "specs/payment-retry.md"
AUDIT = f".specaudit/{SPEC}.audit.yaml"


def _git(root, *args, check=True):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=check)


def _commit(root, message):
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)


@pytest.fixture
def team(demo_repo, run_cli):
    """The demo with the driver installed and committed; branches alice and bob."""
    root = Path(demo_repo.path)
    assert run_cli("merge-driver", "--install", "--repo", str(root)).code == 0
    _commit(root, "specaudit merge driver")
    _git(root, "branch", "alice")
    _git(root, "branch", "bob")
    return open_repo(root)


def _review(repo, branch, clause, verdict, who, note=None, links=()):
    _git(repo.root, "checkout", "-q", branch)
    record_verdict(repo, load_spec(repo.root, SPEC), clause, verdict, reviewer=who, note=note, links=list(links))
    _commit(repo.root, f"{who}: {clause} {verdict}")


def test_install_writes_attributes_and_local_config_once(demo_repo, run_cli):
    root = Path(demo_repo.path)
    first = run_cli("merge-driver", "--install", "--repo", str(root))
    assert first.code == 0, first
    attrs = (root / ".gitattributes").read_text()
    assert attrs.count(".specaudit/**/*.audit.yaml merge=specaudit\n") == 1
    assert "(added)" in first.out and "merge.specaudit.driver = " in first.out and "config.yaml" in first.out
    driver = _git(root, "config", "--local", "merge.specaudit.driver").stdout
    assert driver.strip().endswith("merge-driver %O %A %B %P")
    for path, want in ((AUDIT, "specaudit"), (".specaudit/top.md.audit.yaml", "specaudit"),
                       (".specaudit/test-results.yaml", "specaudit"), (".specaudit/test-links.yaml", "specaudit"),
                       (".specaudit/config.yaml", "unspecified")):
        assert _git(root, "check-attr", "merge", "--", path).stdout.strip().endswith(f": {want}")
    again = run_cli("merge-driver", "--install", "--repo", str(root))
    assert again.code == 0 and "(added)" not in again.out and "(set)" not in again.out, again
    assert (root / ".gitattributes").read_text() == attrs


def test_first_reviews_of_neighbouring_clauses_scars_and_links_merge_cleanly(team):
    repo = team
    _review(repo, "alice", "behavior-2", "implemented", "Alice", links=[("payment_retry/retry.py", 14, 21)])
    _git(repo.root, "checkout", "-q", "alice")
    alice_scar = add_scar(repo, SPEC, "payment_retry/retry.py", 3, 4, "alice scar", "story").id
    _commit(repo.root, "alice scar")
    _review(repo, "bob", "behavior-3", "violated", "Bob", note="no jitter")
    _review(repo, "bob", "intent-1", "partial", "Bob", links=[("payment_retry/retry.py", 1, 2)])
    _git(repo.root, "checkout", "-q", "bob")
    bob_scar = add_scar(repo, SPEC, "payment_retry/retry.py", 30, 31, "bob scar", "story").id
    _commit(repo.root, "bob scar")
    _git(repo.root, "checkout", "-q", "alice")
    merge = _git(repo.root, "merge", "--no-edit", "bob", check=False)
    assert merge.returncode == 0, merge.stdout + merge.stderr
    audit = load_audit(repo.root, SPEC)
    assert (audit.reviews["behavior-2"].verdict, audit.reviews["behavior-2"].reviewer) == ("implemented", "Alice")
    assert (audit.reviews["behavior-3"].verdict, audit.reviews["behavior-3"].note) == ("violated", "no jitter")
    assert audit.reviews["intent-1"].links[0].path == "payment_retry/retry.py"
    assert {alice_scar, bob_scar} <= set(audit.scars)
    assert not any(r.conflict for r in audit.reviews.values())


def _conflicting_reviews(repo):
    _review(repo, "alice", "behavior-2", "implemented", "Alice", note="flat retries are fine")
    _review(repo, "alice", "behavior-3", "partial", "Alice")
    _review(repo, "bob", "behavior-2", "violated", "Bob", note="the scar is overwritten")
    _review(repo, "bob", "edge-cases-1", "implemented", "Bob")


def test_two_verdicts_on_one_clause_stop_the_merge_and_are_settled(team, run_cli):
    repo = team
    _conflicting_reviews(repo)
    _git(repo.root, "checkout", "-q", "alice")
    merge = _git(repo.root, "merge", "--no-edit", "bob", check=False)
    assert merge.returncode != 0
    assert "clause behavior-2" in merge.stderr and "implemented (Alice)" in merge.stderr, merge.stderr
    assert f"UU {AUDIT}" in _git(repo.root, "status", "--porcelain").stdout
    text = (repo.root / AUDIT).read_text()
    assert "<<<<<<<" not in text and "conflict:" in text
    audit = load_audit(repo.root, SPEC)
    assert audit.reviews["behavior-3"].reviewer == "Alice" and audit.reviews["edge-cases-1"].reviewer == "Bob"

    check = run_cli("check", "--repo", str(repo.root), "--format", "json")
    assert check.code == 1, check
    found = [f for f in json.loads(check.out)["findings"] if f["kind"] == "review-conflict"]
    assert len(found) == 1 and found[0]["clause"] == "behavior-2" and found[0]["gating"]
    assert "implemented (Alice)" in found[0]["message"] and "violated (Bob)" in found[0]["message"]

    listed = run_cli("settle", "--repo", str(repo.root), "--spec", SPEC, "--clause", "behavior-2")
    assert listed.code == 0 and "1. ours: implemented by Alice" in listed.out and "2. theirs: violated by Bob" in listed.out
    kept = run_cli("settle", "--repo", str(repo.root), "--spec", SPEC, "--clause", "behavior-2", "--keep", "theirs")
    assert kept.code == 0, kept
    review = load_audit(repo.root, SPEC).reviews["behavior-2"]
    assert (review.verdict, review.reviewer, review.note) == ("violated", "Bob", "the scar is overwritten")
    assert [p.reviewer for p in review.history][-1] == "Alice" and not review.conflict
    again = run_cli("settle", "--repo", str(repo.root), "--spec", SPEC, "--clause", "behavior-2", "--keep", "ours")
    assert again.code == 2 and "no review conflict" in again.err
    after = run_cli("check", "--repo", str(repo.root), "--format", "json")
    assert not [f for f in json.loads(after.out)["findings"] if f["kind"] == "review-conflict"]
    _git(repo.root, "add", AUDIT)
    _git(repo.root, "commit", "-q", "--no-edit")


def test_rebase_and_cherry_pick_use_the_driver(team):
    repo = team
    _review(repo, "alice", "behavior-2", "implemented", "Alice")
    _review(repo, "bob", "behavior-3", "violated", "Bob")
    _review(repo, "bob", "edge-cases-1", "partial", "Bob")
    # bob's two commits replayed onto alice: each one a three-way merge through the driver.
    rebase = _git(repo.root, "rebase", "alice", check=False)
    assert rebase.returncode == 0, rebase.stdout + rebase.stderr
    audit = load_audit(repo.root, SPEC)
    assert {k: r.reviewer for k, r in audit.reviews.items() if r.reviewer} == {
        "behavior-2": "Alice", "behavior-3": "Bob", "edge-cases-1": "Bob"}
    _git(repo.root, "branch", "carol", "alice")
    _review(repo, "carol", "intent-1", "implemented", "Carol")
    _git(repo.root, "checkout", "-q", "bob")
    pick = _git(repo.root, "cherry-pick", "carol", check=False)
    assert pick.returncode == 0, pick.stdout + pick.stderr
    assert load_audit(repo.root, SPEC).reviews["intent-1"].reviewer == "Carol"


def test_a_conflicting_rebase_stops_naming_the_clause(team):
    repo = team
    _conflicting_reviews(repo)
    _git(repo.root, "checkout", "-q", "bob")
    rebase = _git(repo.root, "rebase", "alice", check=False)
    assert rebase.returncode != 0
    assert "clause behavior-2" in rebase.stdout + rebase.stderr
    audit = load_audit(repo.root, SPEC)  # the file is readable mid-rebase
    assert [c.verdict for c in audit.reviews["behavior-2"].conflict]
    _git(repo.root, "rebase", "--abort")


@pytest.mark.parametrize("breakage", ["broken-yaml", "newer-schema"])
def test_an_unreadable_side_is_left_to_git_with_the_reason_and_nothing_lost(team, breakage):
    repo = team
    _review(repo, "alice", "behavior-2", "implemented", "Alice")
    _git(repo.root, "checkout", "-q", "bob")
    path = repo.root / AUDIT
    text = path.read_text()
    broken = (text.replace("reviews:", "reviews: [oops", 1) if breakage == "broken-yaml"
              else text.replace("schema: 1", "schema: 2", 1))
    path.write_text(broken)
    _commit(repo.root, "a side specaudit cannot read")
    _git(repo.root, "checkout", "-q", "alice")
    ours = path.read_text()
    merge = _git(repo.root, "merge", "--no-edit", "bob", check=False)
    assert merge.returncode != 0
    assert "specaudit merge-driver" in merge.stderr and "merged as text instead" in merge.stderr, merge.stderr
    reason = "invalid YAML" if breakage == "broken-yaml" else "newer than this specaudit"
    assert reason in merge.stderr
    assert f"UU {AUDIT}" in _git(repo.root, "status", "--porcelain").stdout
    assert _git(repo.root, "show", f":2:{AUDIT}").stdout == ours  # nothing lost: both sides are in the index
    assert _git(repo.root, "show", f":3:{AUDIT}").stdout == broken


def test_a_corpus_history_merges_two_reviewers(tmp_path, run_cli):
    bundle = CORPUS / "history" / "sunfmin+todo2.bundle"
    if not bundle.exists():
        pytest.skip(f"corpus history not found: {bundle}")
    root = tmp_path / "todo2"
    _git(tmp_path, "clone", "-q", str(bundle), str(root))
    _git(root, "checkout", "-q", "-b", "review", "3252e011568ca9424ca64564ff936a58a4a659ff")
    spec_rel = "specs/001-todo-app/spec.md"
    assert run_cli("merge-driver", "--install", "--repo", str(root)).code == 0
    _commit(root, "specaudit merge driver")
    repo = open_repo(root)
    spec = load_spec(root, spec_rel)
    keys = [c.key for c in spec.clauses if c.kind == "requirement"][:12]
    assert len(keys) == 12
    _git(root, "branch", "bob")
    for branch, who, mine in (("review", "Alice", keys[0::2]), ("bob", "Bob", keys[1::2])):
        _git(root, "checkout", "-q", branch)
        for key in [*mine, keys[-1]]:  # both review the last one, differently
            verdict = "violated" if who == "Bob" and key == keys[-1] else "implemented"
            record_verdict(repo, spec, key, verdict, reviewer=who)
        _commit(root, f"{who} reviews")
    _git(root, "checkout", "-q", "review")
    merge = _git(root, "merge", "--no-edit", "bob", check=False)
    assert merge.returncode != 0 and f"clause {keys[-1]}" in merge.stderr, merge.stderr
    audit = load_audit(root, spec_rel)
    assert set(keys) <= set(audit.reviews)
    assert [k for k, r in audit.reviews.items() if r.conflict] == [keys[-1]]
    assert {audit.reviews[k].reviewer for k in keys[:-1]} == {"Alice", "Bob"}
    assert audit_path(root, spec_rel).read_text().count("<<<<<<<") == 0


def test_reading_or_writing_a_repository_never_installs_or_runs_a_merge_driver(demo_repo, run_cli, tmp_path):
    """Opt-in only: .gitattributes naming drivers installs nothing, and a driver the
    repository's own .git/config defines is never run by specaudit's git calls (none of
    them merges); the same driver does run on the user's own `git merge` (the setup is live)."""
    root = Path(demo_repo.path)
    (root / ".gitattributes").write_text("* merge=evil\n.specaudit/**/*.audit.yaml merge=specaudit\n")
    _commit(root, "attributes naming merge drivers")
    check = run_cli("check", "--repo", str(root))
    assert check.code in (0, 1), check
    assert _git(root, "config", "--local", "--get-regexp", r"^merge\.", check=False).stdout == ""
    assert (root / ".gitattributes").read_text().startswith("* merge=evil\n")

    marker = tmp_path / "driver-ran"
    for name in ("evil", "specaudit"):
        _git(root, "config", "--local", f"merge.{name}.driver", f"touch {marker}; false")
    steps = [
        ("check",), ("check", "--format", "sarif"), ("report", "--format", "md"), ("diff",),
        ("clauses", SPEC), ("review", "--spec", SPEC, "--clause", "behavior-3", "--verdict", "partial"),
        ("scar", "add", "--spec", SPEC, "payment_retry/retry.py:3-4", "--title", "t", "--why", "w"),
        ("commit", "--branch", "reviewed"),
    ]
    for args in steps:
        result = run_cli(*args, cwd=root)
        assert result.code in (0, 1), (args, result)
        assert not marker.exists(), f"specaudit {' '.join(args)} ran the repository's merge driver"
    _git(root, "checkout", "-q", "-b", "other", "main")
    (root / "payment_retry" / "retry.py").write_text("changed on other\n")
    _commit(root, "other")
    _git(root, "checkout", "-q", "reviewed")
    (root / "payment_retry" / "retry.py").write_text("changed on reviewed\n")
    _commit(root, "reviewed")
    _git(root, "merge", "--no-edit", "other", check=False)
    assert marker.exists(), "the user's own merge runs the configured driver (the test's setup is live)"


def test_test_links_and_results_merge_per_entry(team):
    from specaudit.app.testing.links import load_test_links, set_test_link
    from specaudit.app.testing.results import load_results, record_results
    from specaudit.core.junit import TestResult

    repo = team

    def result(name, outcome):
        return {f"tests/test_retry.py::{name}": TestResult("s", "c", name, None, None, outcome)}

    _git(repo.root, "checkout", "-q", "alice")
    set_test_link(repo.root, SPEC, "behavior-2", "tests/test_retry.py::test_a")
    record_results(repo.root, result("test_a", "passed"), "c" * 40, "2026-12-01T10:00:00Z")
    record_results(repo.root, result("test_shared", "failed"), "c" * 40, "2026-12-01T10:00:00Z")
    _commit(repo.root, "alice's tests")
    _git(repo.root, "checkout", "-q", "bob")
    set_test_link(repo.root, SPEC, "behavior-3", "tests/test_retry.py::test_b")
    set_test_link(repo.root, SPEC, "behavior-2", "tests/test_retry.py::test_b")
    record_results(repo.root, result("test_b", "passed"), "d" * 40, "2026-12-01T11:00:00Z")
    record_results(repo.root, result("test_shared", "passed"), "d" * 40, "2026-12-01T12:00:00Z")
    _commit(repo.root, "bob's tests")
    _git(repo.root, "checkout", "-q", "alice")
    merge = _git(repo.root, "merge", "--no-edit", "bob", check=False)
    assert merge.returncode == 0, merge.stdout + merge.stderr
    links = load_test_links(repo.root)[SPEC]
    assert sorted(links["behavior-2"]) == ["tests/test_retry.py::test_a", "tests/test_retry.py::test_b"]
    assert links["behavior-3"] == ["tests/test_retry.py::test_b"]
    results = load_results(repo.root)
    assert {k.split("::")[1]: v.result for k, v in results.items()} == {
        "test_a": "passed", "test_b": "passed", "test_shared": "passed"}  # the later run of test_shared


def test_an_audit_file_new_on_both_sides_merges_from_an_empty_base(tmp_path, demo_repo):
    from specaudit.app.publish.merge_driver import merge
    from specaudit.core.audit import Audit, Review
    from specaudit.core.auditfile import dump_audit, parse_audit

    base, ours, theirs = (tmp_path / n for n in ("O", "A", "B"))
    base.write_text("")
    ours.write_text(dump_audit(Audit("specs/new.md", {"a-1": Review("a-1", "implemented", reviewer="Alice")})))
    theirs.write_text(dump_audit(Audit("specs/new.md", {"a-2": Review("a-2", "partial", reviewer="Bob")})))
    result = merge(open_repo(demo_repo.path), str(base), str(ours), str(theirs), ".specaudit/specs/new.md.audit.yaml")
    assert result.code == 0 and result.messages == [
        ".specaudit/specs/new.md.audit.yaml: merged entry by entry, nothing to settle: from theirs, clause a-2 "
        "(partial, new)"]
    assert set(parse_audit(ours.read_text()).reviews) == {"a-1", "a-2"}


def test_a_choice_made_on_sides_that_changed_since_is_refused(demo_repo):
    from dataclasses import replace

    from specaudit.app.review.conflicts import prepare_settle, side_index
    from specaudit.app.store.audit_store import EntryRef, update_entry
    from specaudit.core.audit import Review
    from specaudit.core.errors import UsageError

    root = Path(demo_repo.path)
    ref = EntryRef(SPEC, "review", "behavior-2")
    bob, carol = Review("behavior-2", "violated", reviewer="Bob"), Review("behavior-2", "partial", reviewer="Carol")
    update_entry(root, ref, lambda _: Review("behavior-2", "implemented", reviewer="Alice", conflict=(bob,)))
    shown = load_audit(root, SPEC).reviews["behavior-2"].sides()
    update_entry(root, ref, lambda r: replace(r, conflict=(bob, carol)))  # a teammate's merge meanwhile
    with pytest.raises(UsageError, match="changed since they were shown"):
        prepare_settle(SPEC, "behavior-2", 1, shown).apply(root)
    review = load_audit(root, SPEC).reviews["behavior-2"]
    assert len(review.conflict) == 2
    with pytest.raises(UsageError, match="name one by number"):
        side_index(review, "theirs")
    assert side_index(review, "3") == 2
    kept = prepare_settle(SPEC, "behavior-2", 2, review.sides()).apply(root).after
    assert kept.reviewer == "Carol" and [p.reviewer for p in kept.history] == ["Alice", "Bob"]


def test_a_merge_of_notes_only_says_what_it_merged(team):
    repo = team
    _review(repo, "alice", "behavior-2", "implemented", "Alice", note="flat retries")
    _review(repo, "alice", "behavior-3", "partial", "Alice", note="no jitter yet")
    _git(repo.root, "branch", "-f", "carol", "alice")
    # Each side edits only a note, on different clauses: nothing to ask anyone about.
    _review(repo, "alice", "behavior-3", "partial", "Alice", note="no jitter yet; ticket PAY-7")
    _review(repo, "carol", "behavior-2", "implemented", "Alice", note="flat retries, as the scar says")
    _git(repo.root, "checkout", "-q", "alice")
    merge = _git(repo.root, "merge", "--no-edit", "carol", check=False)
    assert merge.returncode == 0, merge.stdout + merge.stderr
    said = [ln for ln in (merge.stdout + merge.stderr).splitlines() if "specaudit merge-driver:" in ln]
    assert said == [f"specaudit merge-driver: {AUDIT}: merged entry by entry, nothing to settle: "
                    "from theirs, clause behavior-2 (note)"], merge.stderr
    audit = load_audit(repo.root, SPEC)
    assert audit.reviews["behavior-2"].note == "flat retries, as the scar says"
    assert audit.reviews["behavior-3"].note == "no jitter yet; ticket PAY-7"


def test_settle_during_a_merge_says_to_git_add_the_file(team, run_cli):
    repo = team
    _conflicting_reviews(repo)
    _review(repo, "alice", "edge-cases-1", "partial", "Alice", note="one more")  # a second conflict
    _git(repo.root, "checkout", "-q", "alice")
    assert _git(repo.root, "merge", "--no-edit", "bob", check=False).returncode != 0
    settle = ("settle", "--repo", str(repo.root), "--spec", SPEC, "--keep", "theirs", "--clause")
    first = run_cli(*settle, "behavior-2")
    assert first.code == 0, first
    assert first.out.splitlines()[-1] == (f"{AUDIT} still has 1 review conflict(s) (edge-cases-1); settle them, "
                                          f"then: git add {AUDIT}")
    last = run_cli(*settle, "edge-cases-1")
    assert last.code == 0, last
    assert last.out.splitlines()[-1] == (f"{AUDIT} has no review conflict left: run `git add {AUDIT}` to mark it "
                                         "resolved in a merge")
    _git(repo.root, "add", AUDIT)
    _git(repo.root, "commit", "-q", "--no-edit")


def test_settle_outside_a_merge_says_nothing_of_git_add(team, run_cli):
    repo = team
    _conflicting_reviews(repo)
    _git(repo.root, "checkout", "-q", "alice")
    assert _git(repo.root, "merge", "--no-edit", "bob", check=False).returncode != 0
    _git(repo.root, "add", AUDIT)  # committed with its conflict block: the merge is over
    _git(repo.root, "commit", "-q", "--no-edit")
    kept = run_cli("settle", "--repo", str(repo.root), "--spec", SPEC, "--clause", "behavior-2", "--keep", "ours")
    assert kept.code == 0, kept
    assert len(kept.out.splitlines()) == 1 and "git add" not in kept.out + kept.err


def test_an_openspec_scenario_in_conflict_is_settled_by_its_name(tmp_path, run_cli):
    """'specaudit settle spec.md "Exclude income transactions"' said the scenario had no
    conflict: its key is "spending#Category Spending Aggregation/Exclude income transactions".
    The end of a key the audit holds names it, as review takes it."""
    root, rel = tmp_path / "r", "openspec/specs/spending/spec.md"
    (root / rel).parent.mkdir(parents=True)
    _git(tmp_path, "init", "-q", "-b", "main", str(root))
    _git(root, "config", "user.name", "Ada")
    _git(root, "config", "user.email", "ada@example.org")
    (root / rel).write_text("# spending\n\n## Requirements\n\n### Requirement: Category Spending Aggregation\n"
                            "The system SHALL sum expenses.\n\n#### Scenario: Exclude income transactions\n"
                            "- **WHEN** a month has income\n- **THEN** income is left out\n")
    assert run_cli("merge-driver", "--install", "--repo", str(root)).code == 0
    _commit(root, "spec and driver")
    _git(root, "branch", "bob")
    for branch, verdict in (("main", "implemented"), ("bob", "violated")):
        _git(root, "checkout", "-q", branch)
        assert run_cli("review", "--repo", str(root), rel, "Exclude income transactions", "--verdict", verdict).code == 0
        _commit(root, f"{branch} reviews")
    _git(root, "checkout", "-q", "main")
    assert _git(root, "merge", "--no-edit", "bob", check=False).returncode != 0
    kept = run_cli("settle", "--repo", str(root), rel, "exclude income transactions", "--keep", "theirs")
    assert kept.code == 0, kept
    full = "spending#Category Spending Aggregation/Exclude income transactions"
    assert kept.out.startswith(f"{rel}: clause {full}: kept violated"), kept.out
    assert not load_audit(root, rel).reviews[full].conflict


def test_a_merge_made_without_the_driver_is_redone_with_it_as_the_error_says(demo_repo, run_cli):
    """Two reviewers merged before installing the driver: git wrote conflict markers into the
    audit file, and every command said "resolve it in an editor". The error now says how to
    merge it entry by entry; done as said, the two verdicts stand as one review conflict."""
    root = Path(demo_repo.path)
    repo = open_repo(root)
    _git(root, "branch", "alice")
    _git(root, "branch", "bob")
    _review(repo, "alice", "behavior-1", "implemented", "Alice")
    _review(repo, "bob", "behavior-1", "violated", "Bob", note="backs off exponentially")
    assert _git(root, "merge", "-q", "alice", check=False).returncode != 0  # no driver: git's line merge
    broken = run_cli("check", "--repo", str(root))
    assert broken.code == 2, broken
    said = f"then git checkout -m -- {AUDIT}"
    assert "unresolved merge conflict" in broken.err and "specaudit merge-driver --install" in broken.err
    assert said in broken.err, broken
    assert run_cli("merge-driver", "--install", "--repo", str(root)).code == 0
    _git(root, "checkout", "-m", "--", AUDIT, check=False)  # git says the clause still conflicts
    redone = json.loads(run_cli("check", "--repo", str(root), "--format", "json").out)
    assert [(f["kind"], f["clause"]) for f in redone["findings"] if f["kind"] == "review-conflict"] == [
        ("review-conflict", "behavior-1")]
