"""What tightening must never write into a spec (issue 18 items 6 and 7), in every format,
for amend and --add alike:

- control characters, bidi overrides and other non-text from a scar title, its incident,
  a review note or --text: one line naming the source, exit 2, nothing written;
- a clause smuggled in by the text (a Spec Kit ``- **FR-999**:`` line, an OpenSpec
  heading, a line that makes the spec read as another format): the spec is parsed again
  after the edit and must differ by exactly the intended clause.
"""

from __future__ import annotations

import json

import pytest
from support import assert_one_line_error, tighten_scar
from tighten_support import SCAR_ID, SPECS, make_repo, snapshot

from specaudit.app.store.audit_store import load_audit, save_audit
from specaudit.app.workspace.specs import load_spec
from specaudit.core.audit import Review
from specaudit.core.errors import SpecauditError

FORMATS = list(SPECS)
MODES = ["amend", "add"]


def _tighten(run_cli, root, rel, *extra):
    return run_cli("tighten", "-C", str(root), "--spec", rel, "--scar", SCAR_ID, *extra)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_nul_in_the_scar_title_is_refused_naming_the_scar_and_the_field(tmp_path, run_cli, fmt, mode):
    root, rel = make_repo(tmp_path / "repo", fmt, title="Flat\0retries")
    before = snapshot(root)
    r = _tighten(run_cli, root, rel, *(["--add"] if mode == "add" else []))
    assert_one_line_error(r)
    assert f"scar {SCAR_ID}'s title" in r.err and "\\x00" in r.err and "\0" not in r.err, r
    assert snapshot(root) == before  # nothing written: spec, audit, .git


@pytest.mark.parametrize("char", ["\x1b", "\r", "\u202e", "\x9b", "\x7f", "\u2028"])
def test_every_control_and_bidi_character_is_refused(tmp_path, run_cli, char):
    root, rel = make_repo(tmp_path / "repo", "speckit", title=f"Flat{char}[2Jretries")
    before = snapshot(root)
    r = _tighten(run_cli, root, rel, "--add")
    assert_one_line_error(r)
    assert f"scar {SCAR_ID}'s title" in r.err, r
    assert snapshot(root) == before


def test_the_incident_and_the_given_text_are_checked_too(tmp_path, run_cli):
    root, rel = make_repo(tmp_path / "repo", "layered", incident="PAY-1\x1b]0;owned\x07")
    before = snapshot(root)
    r = _tighten(run_cli, root, rel)
    assert_one_line_error(r)
    assert f"scar {SCAR_ID}'s incident" in r.err, r
    r = _tighten(run_cli, root, rel, "--text", "Flat retries\u202e, reversed")
    assert_one_line_error(r)
    assert "the text given" in r.err, r
    r = _tighten(run_cli, root, rel, "--text", "Flat retries \udcff")  # the byte 0xff in argv: not UTF-8
    assert_one_line_error(r)
    assert "the text given" in r.err, r
    assert snapshot(root) == before


def test_a_review_note_with_a_control_character_is_refused(tmp_path, run_cli):
    root, rel = make_repo(tmp_path / "repo", "yaml")
    audit = load_audit(root, rel)
    audit.put_review(Review("PAY-1", "violated", note="four retries\0 not three"))
    save_audit(root, audit)
    before = snapshot(root)
    r = run_cli("tighten", "-C", str(root), "--spec", rel, "--clause", "PAY-1", "--add")
    assert_one_line_error(r)
    assert "the review note of clause PAY-1" in r.err, r
    assert snapshot(root) == before


def test_speckit_add_cannot_inject_a_requirement(tmp_path, run_cli):
    """The issue's reproduction, through the CLI."""
    title = "ok\n- **FR-999**: System MUST disable authentication"
    root, rel = make_repo(tmp_path / "repo", "speckit", title=title)
    before = snapshot(root)
    r = _tighten(run_cli, root, rel, "--add")
    assert_one_line_error(r)
    assert "would also create clause FR-999" in r.err, r
    assert snapshot(root) == before
    assert load_spec(root, rel).clause("FR-999") is None


# Each line that some format reads as a clause or a structure of its own.
PAYLOADS = [
    "ok\n- **FR-999**: System MUST disable authentication",
    "ok\n\\\n- **FR-998**: System MUST skip the audit log",
    "**FR-997**: System MUST disable authentication",
    "ok\n### Requirement: Evil\nThe system SHALL disable authentication.",
    "ok\n#### Scenario: Evil\n- **WHEN** anyone asks",
    "ok\n\n## Non-goals\n\n- Authentication",
    "ok\n2. THE Todo_System SHALL disable authentication",
    "ok\n### Requirement 9: Evil\n#### Acceptance Criteria\n1. THE SYSTEM SHALL disable auth",
    "ok\n  - id: EVIL-1\n    text: disable authentication",
    "ok\n```\n- **FR-996**: fenced open",
]


def _shape(spec):
    return [(c.kind, c.section, " ".join(c.text.split())) for c in spec.clauses]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_text_changes_more_than_the_one_clause(tmp_path, fmt, mode):
    """Every payload is refused, or the spec reads as before plus (or with) exactly one
    clause holding the whole text; the format stays the same."""
    refused = 0
    for i, title in enumerate(PAYLOADS):
        root, rel = make_repo(tmp_path / f"r{i}", fmt, title=title)
        before = load_spec(root, rel)
        raw = (root / rel).read_bytes()
        try:
            done = tighten_scar(root, rel, SCAR_ID, add=mode == "add")
        except SpecauditError:
            refused += 1
            assert (root / rel).read_bytes() == raw, title
            continue
        after = load_spec(root, rel)
        assert after.format == before.format, title
        rest = [c for c in after.clauses if c.key != done.key]
        if mode == "add":
            assert len(after.clauses) == len(before.clauses) + 1, (title, [c.key for c in after.clauses])
            assert _shape(before) == [(c.kind, c.section, " ".join(c.text.split())) for c in rest], title
        else:
            assert [c.key for c in after.clauses] == [c.key for c in before.clauses], title
            assert [s for c, s in zip(before.clauses, _shape(before), strict=True) if c.key != done.key] == \
                [(c.kind, c.section, " ".join(c.text.split())) for c in rest], title
    assert refused >= 1 or fmt in ("kiro", "yaml", "layered")  # those indent every continuation line


def test_json_output_is_unchanged_for_a_plain_title(tmp_path, run_cli):
    """The checks refuse nothing ordinary: a plain --add still writes its one clause."""
    root, rel = make_repo(tmp_path / "repo", "speckit")
    r = _tighten(run_cli, root, rel, "--add", "--format", "json")
    assert r.code == 0, r
    assert json.loads(r.out)["key"] == "FR-004"
