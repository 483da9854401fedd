"""`specaudit brief`: the regeneration hand-off names the tightened clauses, the violated and
partial clauses with notes, the scars with file, lines and story, and the non-goals."""

from __future__ import annotations

from specaudit.app.store.audit_store import load_audit
from specaudit.app.workspace.specs import load_spec

SPEC = "specs/payment-retry.md"


def test_brief_after_a_review_and_a_tightening(demo_repo, run_cli, tmp_path):
    root = demo_repo.path
    (scar,) = load_audit(root, SPEC).scars.values()
    spec = load_spec(root, SPEC)
    violated = next(c for c in spec.clauses if c.kind == "invariant")
    note = "the regenerated loop can retry for 12 s"
    assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", violated.key,
                   "--verdict", "violated", "--note", note).code == 0
    tightened = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--format", "json")
    assert tightened.code == 0, tightened

    out = tmp_path / "brief.md"
    r = run_cli("brief", "-C", str(root), "--spec", SPEC, "-o", str(out))
    assert r.code == 0, r
    brief = out.read_text()
    sections = brief.split("\n## ")
    assert [s.splitlines()[0] for s in sections[1:]] == [
        "Tightened clauses", "Violated and partial clauses", "Scars to preserve", "Non-goals (do not build)",
    ]
    tight, findings, scars, non_goals = sections[1:]
    spec = load_spec(root, SPEC)  # after tightening
    new_key = load_audit(root, SPEC).scars[scar.id].folded_into
    assert f"### {new_key} (line " in tight and scar.id in tight
    # Before and after, the story, and the lines the regeneration must keep, ready to paste.
    before, after = tight.split("Before:")[1].split("After:")
    assert "exponential backoff: the wait" in before and "exponential backoff: the wait" not in after
    assert scar.title in " ".join(after.replace("> ", "").split())
    assert scar.why.splitlines()[0] in tight
    assert f"Keep these lines: `{scar.path}` lines {scar.first}-{scar.last} at " in tight
    assert "ATTEMPTS = 3" in tight and "SPACING_SECONDS = 1.5" in tight
    moved = next(c for c in spec.clauses if c.text == violated.text)
    assert f"**{moved.key}** — violated" in findings and note in findings
    assert f"`{scar.path}` lines {scar.first}-{scar.last}" in scars
    story_first_line = scar.why.splitlines()[0]
    assert f"> {story_first_line}" in scars and f"folded into clause {new_key}" in scars
    wanted = [c for c in spec.clauses if c.kind == "non-goal"]
    assert wanted and all(f"**{c.key}**" in non_goals for c in wanted)
    assert non_goals.count("\n- **") == len(wanted)

    # Standard output gives the same text.
    assert run_cli("brief", "-C", str(root), "--spec", SPEC).out == brief


def test_brief_for_a_fresh_spec_says_none_and_bad_input_is_one_line(demo_repo, run_cli, tmp_path):
    root = demo_repo.path
    (root / "specs" / "empty.md").write_text("# Tiny\n\n## Intent\n\nDo one thing.\n\n## Behavior\n\n- It works.\n")
    r = run_cli("brief", "-C", str(root), "--spec", "specs/empty.md")
    assert r.code == 0, r
    assert r.out.count("None.") == 4
    missing = run_cli("brief", "-C", str(root), "--spec", "specs/nope.md")
    assert missing.code == 2 and "specs/nope.md" in missing.err and "Traceback" not in missing.err
    to_dir = run_cli("brief", "-C", str(root), "--spec", "specs/empty.md", "-o", str(tmp_path))
    assert to_dir.code == 2 and "directory" in to_dir.err
