"""Fields shown on one line (a scar's title and incident, a reviewer, a change mark's note)
are refused at input when they hold a line break or control character, and whatever an
audit file brings (a hand-edited title, a multi-line note) is escaped by every text
renderer, so it cannot forge an output line in `check` or a CI log."""

from __future__ import annotations

import pytest
from support import assert_one_line_error

from specaudit.core.escape import line_break_at, one_line

FORGED = "specaudit check: 1 spec(s): no findings; gate passed"


@pytest.mark.parametrize("args, field", [
    (["scar", "add", "payment_retry/retry.py:7-9", "--title", f"flat\n{FORGED}", "--why", "peak"], "title"),
    (["scar", "add", "payment_retry/retry.py:7-9", "--title", "flat", "--why", "peak", "--incident", "PAY\r1"],
     "incident"),
    (["review", "--clause", "behavior-1", "--verdict", "implemented", "--reviewer", "ann\nbob"], "reviewer"),
    (["change", "payment_retry/cache.py:1-2", "--as", "explained", "--note", "ok\u2028fine"], "note"),
])
def test_a_line_break_in_a_one_line_field_is_refused(demo_repo, run_cli, args, field):
    audit = next((demo_repo.path / ".specaudit").rglob("*.audit.yaml"))
    before = audit.read_bytes()
    cmd, rest = args[0], args[1:]
    sub = [rest.pop(0)] if cmd == "scar" else []
    result = run_cli(cmd, *sub, "--repo", str(demo_repo.path), "--spec", demo_repo.spec, *rest)
    assert_one_line_error(result)
    assert field in result.err and "must be one line" in result.err
    assert audit.read_bytes() == before


def test_a_multi_line_note_and_a_hand_edited_title_stay_on_their_line(demo_repo, run_cli):
    root, spec = str(demo_repo.path), demo_repo.spec
    # A verdict's note may span lines (the window's note dialog is multi-line)...
    note = f"retries never stop\n{FORGED}"
    assert run_cli("review", "--repo", root, "--spec", spec, "--clause", "behavior-1", "--verdict", "violated",
                   "--note", note).code == 0
    # ...and a scar's title arrives with a newline from a hand-edited audit file.
    audit = next((demo_repo.path / ".specaudit").rglob("*.audit.yaml"))
    text = audit.read_text()
    title = "Flat retries against the bank gateway, never exponential backoff"
    assert title in text
    audit.write_text(text.replace(f"title: {title}", f'title: "Flat retries\\n{FORGED}\\tx"'))

    result = run_cli("check", "--repo", root, "--spec", spec)
    assert result.code == 1, result
    lines = result.out.splitlines()
    assert [ln for ln in lines if ln.startswith(FORGED[:20])] == [lines[-1]]  # only the real summary
    assert "gate FAILED" in lines[-1]
    violated = [ln for ln in lines if ": violated [behavior-1]" in ln]
    assert len(violated) == 1 and violated[0].endswith(f"retries never stop\\n{FORGED}")
    scar = [ln for ln in lines if ": scar-overwritten [" in ln]
    assert len(scar) == 1 and f"'Flat retries\\n{FORGED}\\tx'" in scar[0]

    listed = run_cli("scar", "list", "--repo", root, "--spec", spec)
    assert listed.code == 0 and len(listed.out.splitlines()) == 1
    assert listed.out.rstrip("\n").endswith(f"Flat retries\\n{FORGED}\\tx")


def test_one_line_escapes_what_would_break_a_line():
    assert one_line("a\nb\tc\u2028d\re\x1b[2Jf") == "a\\nb\\tc\\u2028d\\x0de\\x1b[2Jf"
    assert line_break_at("fine title") is None
    assert line_break_at("two\nlines") == 3
    assert line_break_at("tab\there") == 3
    assert line_break_at("bidi\u202eoverride") == 4
