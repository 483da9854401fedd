"""An archived OpenSpec change leaves its audit file behind: `check` says where the spec
went and the one command that carries the audit there; `move-audit` does it, keeping
every verdict, link and scar, and mends an audit moved by hand with `git mv`."""

from __future__ import annotations

from moved_spec_repo import CLAUSES, NEW, OLD, reviewed_then_archived
from support import assert_one_line_error, git

OLD_AUDIT = f".specaudit/{OLD}.audit.yaml"
NEW_AUDIT = f".specaudit/{NEW}.audit.yaml"


def test_check_names_where_the_spec_went_and_the_command_that_carries_its_audit(tmp_path, run_cli):
    root = tmp_path / "repo"
    moved_by = reviewed_then_archived(root, run_cli)
    result = run_cli("check", "-C", str(root))
    assert result.code == 1, result  # the reviewed clauses are gone from the old spec: the gate says so
    assert f"{moved_by[:7]} moved it to {NEW}" in result.out
    assert f"its audit file still holds 2 verdict(s) and 0 scar(s): carry them there with " \
           f"`specaudit move-audit --spec {OLD}`" in result.out


def test_move_audit_carries_every_verdict_and_the_gate_passes_again(tmp_path, run_cli):
    root = tmp_path / "repo"
    reviewed_then_archived(root, run_cli)
    before = (root / OLD_AUDIT).read_text()
    result = run_cli("move-audit", "-C", str(root), OLD)  # the old path as SPEC, as --spec OLD
    assert result.code == 0, result
    assert f"{OLD} -> {NEW}: 2 verdict(s), 0 scar(s) now in {NEW_AUDIT}" in result.out
    assert not (root / OLD_AUDIT).exists()
    after = (root / NEW_AUDIT).read_text()
    assert f"spec: {NEW}\n" in after
    assert after.replace(NEW, OLD) == before  # nothing but the spec's path changed
    checked = run_cli("check", "-C", str(root))
    assert checked.code == 0, checked
    assert "2 of 2 clauses reviewed" in checked.out and "spec-problem" not in checked.out
    assert set(git(root, "status", "--porcelain").split()) >= {"D", "??"}  # left for the user to commit


def test_an_audit_moved_by_hand_is_named_and_mended(tmp_path, run_cli):
    """The advice of earlier versions, `git mv` of the audit file, left its spec: naming
    the old path, and the verdicts fell out of the gate's view."""
    root = tmp_path / "repo"
    reviewed_then_archived(root, run_cli)
    (root / NEW_AUDIT).parent.mkdir(parents=True)
    git(root, "mv", OLD_AUDIT, NEW_AUDIT)
    result = run_cli("check", "-C", str(root))
    assert f"{NEW_AUDIT}: warning: spec-problem" in result.out, result
    assert "still holds 2 verdict(s)" in result.out and f"specaudit move-audit --spec {OLD}" in result.out
    direct = run_cli("check", "-C", str(root), "--spec", NEW)
    assert_one_line_error(direct)
    assert f"specaudit move-audit --spec {OLD} --to {NEW}" in direct.err
    assert run_cli("move-audit", "-C", str(root), "--spec", OLD).code == 0
    assert f"spec: {NEW}\n" in (root / NEW_AUDIT).read_text()
    checked = run_cli("check", "-C", str(root))
    assert checked.code == 0 and "2 of 2 clauses reviewed" in checked.out, checked


def test_an_audit_the_new_spec_already_has_is_never_overwritten(tmp_path, run_cli):
    root = tmp_path / "repo"
    reviewed_then_archived(root, run_cli)
    assert run_cli("review", "-C", str(root), "--spec", NEW, "--clause", CLAUSES[0], "--verdict", "partial").code == 0
    old, new = (root / OLD_AUDIT).read_bytes(), (root / NEW_AUDIT).read_bytes()
    result = run_cli("move-audit", "-C", str(root), "--spec", OLD)
    assert_one_line_error(result)
    assert "already has an audit with entries" in result.err
    assert (root / OLD_AUDIT).read_bytes() == old and (root / NEW_AUDIT).read_bytes() == new


def test_move_audit_refuses_bad_input_with_one_line(tmp_path, run_cli):
    root = tmp_path / "repo"
    reviewed_then_archived(root, run_cli)
    no_audit = run_cli("move-audit", "-C", str(root), "--spec", "specs/other/spec.md")
    assert_one_line_error(no_audit)
    assert "name the new path with --to" in no_audit.err
    missing_target = run_cli("move-audit", "-C", str(root), "--spec", OLD, "--to", "specs/none.md")
    assert_one_line_error(missing_target)
    assert "specs/none.md: no such spec file" in missing_target.err
    assert (root / OLD_AUDIT).exists()


def test_move_audit_with_to_needs_no_git_history(tmp_path, run_cli):
    """A spec copied by hand (a delete and an add git does not pair) is named with --to."""
    root = tmp_path / "repo"
    reviewed_then_archived(root, run_cli)
    other = "specs/payments/spec.md"
    (root / other).parent.mkdir(parents=True)
    (root / other).write_text((root / NEW).read_text())
    result = run_cli("move-audit", "-C", str(root), "--spec", OLD, "--to", other)
    assert result.code == 0, result
    assert f"spec: {other}\n" in (root / f".specaudit/{other}.audit.yaml").read_text()


def test_opening_the_old_path_says_the_audit_stayed_behind(tmp_path, run_cli):
    from specaudit.app.workspace.session import open_session

    root = tmp_path / "repo"
    reviewed_then_archived(root, run_cli)
    first = git(root, "rev-list", "--max-parents=0", "HEAD").strip()
    target = git(root, "rev-parse", "HEAD~2").strip()
    session = open_session(root, spec=OLD, range=f"{first}..{target}")
    assert session.specs[0].rel == NEW
    assert f"its audit (2 verdict(s)) stayed at the old path: carry it with `specaudit move-audit --spec {OLD}`" \
        in session.notes[0]


def test_a_move_cut_short_after_writing_finishes_when_run_again(tmp_path, run_cli):
    """Killed between writing the new audit and removing the old one, both files hold the
    same entries: running it again removes the old one instead of refusing."""
    root = tmp_path / "repo"
    reviewed_then_archived(root, run_cli)
    old = (root / OLD_AUDIT).read_text()
    (root / NEW_AUDIT).parent.mkdir(parents=True)
    (root / NEW_AUDIT).write_text(old.replace(f"spec: {OLD}\n", f"spec: {NEW}\n"))
    result = run_cli("move-audit", "-C", str(root), "--spec", OLD)
    assert result.code == 0, result
    assert not (root / OLD_AUDIT).exists() and "2 verdict(s)" in result.out


def test_a_carried_scar_is_still_judged_from_the_commit_it_was_recorded_at(tmp_path, run_cli):
    """The demo's scar was recorded without a commit: its anchor is the commit that added
    it to its audit file. The moved file's history starts at the move, so move-audit
    writes that commit into the scar; the regeneration that overwrote its lines is still
    caught (without it the scar read as intact, anchored at the move)."""
    from specaudit.app.workspace.demo import build_demo

    demo = build_demo(tmp_path / "demo")
    root = demo.path
    git(root, "mv", "specs", "specs-moved")
    git(root, "commit", "-qm", "move the specs")
    before = run_cli("check", "-C", str(root), "--range", f"{demo.base}..HEAD")
    assert "1 scar-orphaned, 1 scar-overwritten" in before.out, before
    assert run_cli("move-audit", "-C", str(root), "--spec", demo.spec).code == 0
    audit = (root / ".specaudit/specs-moved/payment-retry.md.audit.yaml").read_text()
    assert f"commit: {demo.base}" in audit
    git(root, "add", "-A")
    git(root, "commit", "-qm", "carry the audit")
    after = run_cli("check", "-C", str(root), "--range", f"{demo.base}..HEAD")
    assert "1 scar-overwritten" in after.out and "scar-orphaned" not in after.out, after
    assert "FAIL: scar-overwritten" in after.out


def test_check_of_the_old_path_by_name_checks_its_audit_or_says_where_the_spec_went(tmp_path, run_cli):
    """`check --spec OLD` after the archive: with the audit still there it is checked as
    gone (the verdicts do not leave the gate unsaid); with nothing left of it, a one-line
    error naming where the spec is now."""
    root = tmp_path / "repo"
    moved_by = reviewed_then_archived(root, run_cli)
    named = run_cli("check", "-C", str(root), "--spec", OLD)
    assert named.code == 1, named
    assert f"{moved_by[:7]} moved it to {NEW}" in named.out and f"move-audit --spec {OLD}" in named.out
    assert run_cli("move-audit", "-C", str(root), "--spec", OLD).code == 0
    after = run_cli("check", "-C", str(root), "--spec", OLD)
    assert_one_line_error(after)
    assert f"{moved_by[:7]} moved it to {NEW}; check it there: --spec {NEW}" in after.err
