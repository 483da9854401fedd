"""One range, two specs' work. Kiro numbers every spec's criteria 1.1, 1.2, ...: over a
release's range, a `Requirements: 1.1` written for the todo spec also reads as a citation
of the palette spec. A commit that ticked the todo spec's task list and nothing of the
palette spec's was doing the todo spec's work: its message and the lines it wrote cite
the todo spec only."""

from __future__ import annotations

import json

from support import commit_files, git, init_repo
from two_specs_repo import PALETTE, PALETTE_TASKS, SHARED, THEME_CODE, two_specs_repo


def _suggest(run_cli, root, spec, rng):
    result = run_cli("suggest", "-C", str(root), "--spec", spec, "--range", rng, "--format", "json")
    assert result.code == 0, result
    (clause,) = [c for c in json.loads(result.out)["clauses"] if c["key"] == "1.1"]
    return clause, result.err


def _cited(clause) -> list[str]:
    return [e["source"] for p in clause["proposals"] + clause["weak"] for e in p["evidence"]
            if e["kind"] in ("citation", "commit")]


def test_another_specs_citations_and_commits_do_not_count(tmp_path, run_cli):
    root, base = two_specs_repo(tmp_path)
    clause, err = _suggest(run_cli, root, ".kiro/specs/palette/requirements.md", f"{base}..HEAD")
    assert _cited(clause) == [], clause  # neither src/tasks.ts's comment nor the todo commit's message
    assert "set aside: 1 of the range's 2 commits did another spec's work (todo: " in err, err
    paths = [p["path"] for p in clause["proposals"] + clause["weak"]]
    assert "src/tasks.ts" not in paths[:1], clause


def test_the_spec_the_work_was_for_keeps_them(tmp_path, run_cli):
    root, base = two_specs_repo(tmp_path)
    clause, err = _suggest(run_cli, root, ".kiro/specs/todo/requirements.md", f"{base}..HEAD")
    cited = _cited(clause)
    assert "src/tasks.ts:2" in cited and "commit" in " ".join(cited), clause
    assert "src/shared.ts:2" in cited, clause  # the todo commit wrote that line
    assert clause["proposals"][0]["path"] == "src/tasks.ts"
    assert "did another spec's work" in err  # the palette commit is the palette's


def test_in_a_file_both_wrote_only_the_lines_of_the_others_work_are_theirs(tmp_path, run_cli):
    """src/shared.ts: the todo commit wrote its `Requirements: 1.1`, the palette commit a
    line of its own. Citing lines are told apart by who wrote them, not by file."""
    root, base = two_specs_repo(tmp_path)
    commit_files(root, {"src/shared.ts": SHARED + "export const list = []; // Requirements: 1.1\n"
                        "export const palettes = ['dark'];\nexport const applied = true; // Requirements: 1.1\n",
                        ".kiro/specs/palette/tasks.md": PALETTE_TASKS.replace("[ ]", "[x]") + "- [x] 2. Apply\n"},
                 "feat: apply the palette")
    clause, _err = _suggest(run_cli, root, ".kiro/specs/palette/requirements.md", f"{base}..HEAD")
    cited = _cited(clause)
    assert "src/shared.ts:4" in cited, clause  # the palette's own citation counts
    assert "src/shared.ts:2" not in cited and "src/tasks.ts:2" not in cited, clause


def test_a_spec_renamed_within_the_range_is_not_another_spec(tmp_path, run_cli):
    """The palette spec's folder was renamed after its work: the commit that ticked the old
    folder's task list was doing this spec's work, and that list no longer exists."""
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {".kiro/specs/colours/requirements.md": PALETTE,
                               ".kiro/specs/colours/tasks.md": PALETTE_TASKS}, "specs")
    commit_files(root, {"src/theme.ts": THEME_CODE.replace("{\n", "{\n  // Requirements: 1.1\n", 1),
                        ".kiro/specs/colours/tasks.md": PALETTE_TASKS.replace("[ ]", "[x]")}, "feat: palette picker")
    git(root, "mv", ".kiro/specs/colours", ".kiro/specs/palette")
    git(root, "commit", "-qm", "rename the spec")
    clause, err = _suggest(run_cli, root, ".kiro/specs/palette/requirements.md", f"{base}..HEAD")
    assert "src/theme.ts:2" in _cited(clause), clause
    assert "set aside" not in err, err
