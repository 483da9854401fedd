"""A clause added to a layered spec whose section is a numbered list takes a number no
item has: its anchor's next one when free, else the list's next free one (no other line
is renumbered: tightening changes no other byte)."""

from __future__ import annotations

from support import commit_files, init_repo

SPEC = "specs/pay.md"
TEXT = """\
# Pay

## Intent

Charges are retried.

## Behavior

1. A failed charge is retried.
2. Retries wait 200 ms.
3. Every attempt is logged.

## Edge cases

1. A declined card is never retried.
2. A zero amount is rejected.
"""


def _numbers(text: str, heading: str) -> list[str]:
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return [ln.split(".", 1)[0] for ln in section.splitlines() if ln[:1].isdigit()]


def _scar_and_add(run_cli, root, where: str, title: str, *clause: str) -> None:
    scar = run_cli("scar", "add", "--repo", str(root), "--spec", SPEC, where, "--title", title, "--why", "a story",
                   *clause)
    assert scar.code == 0, scar
    added = run_cli("tighten", "--repo", str(root), "--spec", SPEC, "--scar", scar.out.strip(), "--add")
    assert added.code == 0, added


def test_an_added_clause_never_repeats_a_number_of_its_list(tmp_path, run_cli):
    root = init_repo(tmp_path / "r")
    commit_files(root, {SPEC: TEXT, "src/r.py": "def retry():\n    pass\n"}, "one")
    commit_files(root, {"src/r.py": "def retry():\n    return 3\n"}, "two")
    before = (root / SPEC).read_text().splitlines()

    _scar_and_add(run_cli, root, "src/r.py:2-2", "three flat tries", "--clause", "behavior-2")  # mid-list
    _scar_and_add(run_cli, root, "src/r.py:1-1", "no zero amounts")  # the end of Edge cases
    text = (root / SPEC).read_text()
    assert _numbers(text, "Behavior") == ["1", "2", "4", "3"]
    assert "4. Three flat tries" in text  # in its list's sentence case
    assert "3. No zero amounts" in text
    assert _numbers(text, "Edge cases") == ["1", "2", "3"]
    assert [ln for ln in text.splitlines() if ln in before] == before  # no other line touched
