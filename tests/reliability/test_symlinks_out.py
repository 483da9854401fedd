"""Symlinks out of the repository (issue 18 items 9 and 10): `tighten --change` never
writes through a symlinked folder, `commit` never reads a symlinked spec into its message,
and `clauses` refuses such a spec as `check` does. One line, exit 2, nothing written or
committed, the outside file untouched."""

from __future__ import annotations

import pytest
from support import assert_one_line_error, git
from tighten_support import SCAR_ID, make_repo, snapshot

from specaudit.app.store.audit_store import load_audit, save_audit
from specaudit.app.tighten.tightening import save_spec_text
from specaudit.core.audit import Review
from specaudit.core.errors import SpecError

SPEC = "specs/payment-retry.md"
SECRET = "# Outside\n\n- TOPSECRET: the production database password is hunter2\n"


@pytest.mark.parametrize("link", ["openspec/changes", "openspec/changes/tighten-retries",
                                  "openspec/changes/tighten-retries/specs/payments/spec.md"])
def test_tighten_change_refuses_a_symlink_out_on_the_way(tmp_path, run_cli, link):
    root, rel = make_repo(tmp_path / "repo", "openspec")
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "spec.md" if link.endswith(".md") else outside
    if link.endswith(".md"):
        target.write_text(SECRET)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(target)
    before, outside_before = snapshot(root), snapshot(outside)
    r = run_cli("tighten", "-C", str(root), "--spec", rel, "--scar", SCAR_ID, "--change", "tighten-retries")
    assert_one_line_error(r)
    assert "outside the repository" in r.err, r
    assert "TOPSECRET" not in r.err + r.out
    assert snapshot(outside) == outside_before  # nothing written (or read) out there
    assert snapshot(root) == before
    # The dry run refuses too: it would show text read from out there.
    r = run_cli("tighten", "-C", str(root), "--spec", rel, "--scar", SCAR_ID, "--change", "tighten-retries",
                "--dry-run")
    assert_one_line_error(r)


def test_the_spec_editor_save_refuses_a_spec_symlinked_out(tmp_path):
    root, rel = make_repo(tmp_path / "repo", "layered")
    outside = tmp_path / "outside.md"
    outside.write_text(SECRET)
    (root / rel).unlink()
    (root / rel).symlink_to(outside)
    with pytest.raises(SpecError, match="outside the repository"):
        save_spec_text(root, rel, "# Overwritten\n")  # no digest: the write is checked all the same
    assert outside.read_text() == SECRET


def _symlinked_demo(demo_repo, tmp_path, *, folder: bool = False):
    root = demo_repo.path
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "payment-retry.md").write_text(SECRET)
    if folder:  # the whole specs/ folder is a symlink out
        git(root, "rm", "-rq", "--cached", "specs")
        for p in (root / "specs").iterdir():
            p.unlink()
        (root / "specs").rmdir()
        (root / "specs").symlink_to(outside, target_is_directory=True)
    else:
        (root / SPEC).unlink()
        (root / SPEC).symlink_to(outside / "payment-retry.md")
    return root


@pytest.mark.parametrize("folder", [False, True], ids=["file", "folder"])
def test_commit_never_reads_a_spec_symlinked_out(demo_repo, tmp_path, run_cli, folder):
    root = _symlinked_demo(demo_repo, tmp_path, folder=folder)
    head = git(root, "rev-parse", "HEAD")
    for args in (["commit", "--show-message"], ["commit"], ["commit", "-m", "fold the scar"]):
        r = run_cli(*args, "-C", str(root))
        assert_one_line_error(r)
        assert "outside the repository" in r.err and "TOPSECRET" not in r.out + r.err, r
    assert git(root, "rev-parse", "HEAD") == head  # nothing committed


def test_commit_message_of_a_changed_audit_never_reads_its_symlinked_spec(demo_repo, tmp_path, run_cli):
    """The spec is unchanged (not to be committed) but its audit is: the message is built
    from the spec all the same, so it must not be read."""
    root = demo_repo.path
    outside = tmp_path / "outside.md"
    outside.write_text(SECRET)
    git(root, "rm", "-q", "--cached", SPEC)
    (root / SPEC).unlink()
    (root / SPEC).symlink_to(outside)
    git(root, "add", SPEC)
    git(root, "commit", "-qm", "the spec is a link now")
    audit = load_audit(root, SPEC)  # a teammate's verdict, pulled in (review refuses such a spec)
    audit.put_review(Review("behavior-1", "implemented"))
    save_audit(root, audit)
    r = run_cli("commit", "--show-message", "-C", str(root))
    assert_one_line_error(r)
    assert "outside the repository" in r.err and "TOPSECRET" not in r.out + r.err, r


@pytest.mark.parametrize("how", ["relative", "absolute", "from-inside", "compare"])
def test_clauses_refuses_a_spec_symlinked_out_as_check_does(demo_repo, tmp_path, run_cli, how):
    root = _symlinked_demo(demo_repo, tmp_path)
    args = {"relative": (["clauses", SPEC], root), "absolute": (["clauses", str(root / SPEC)], tmp_path),
            "from-inside": (["clauses", "payment-retry.md"], root / "specs"),
            "compare": (["clauses", "--compare", f"HEAD:{SPEC}", SPEC], root)}[how]
    r = run_cli(*args[0], cwd=args[1])
    assert_one_line_error(r)
    assert "outside the repository" in r.err and "TOPSECRET" not in r.out + r.err, r
    check = run_cli("check", "-C", str(root), "--spec", SPEC)
    assert_one_line_error(check)  # the reference behaviour


def test_clauses_still_reads_a_file_outside_any_repository(tmp_path, run_cli):
    spec = tmp_path / "loose.md"
    spec.write_text("# Loose\n\n## Behavior\n\n- It works.\n")
    link = tmp_path / "link.md"
    link.symlink_to(spec)
    r = run_cli("clauses", str(link), cwd=tmp_path)
    assert r.code == 0 and "behavior-1" in r.out, r
