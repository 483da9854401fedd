"""Issue 18, "Document the list": the table of program keys a push takes from the user's
configuration only (docs/tightening.md, section 4. Push) is the table in vcs/push_guard.py,
key for key, and every reference to the list points at that section."""

from __future__ import annotations

import re
from pathlib import Path

from specaudit.vcs import push_guard
from specaudit.vcs.runner import SAFE_CONFIG

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "tightening.md"
# Stand-ins for the placeholders the table writes (a URL subsection, a remote's name).
EXAMPLE = {"<url>": "https://example.org", "<name>": "origin", "<base>": "ext::x"}
# Keys push_guard handles outside GUARDS, each its own way (its module docstring).
SPECIAL = {"core.hookspath", "remote.origin.receivepack", "core.gitproxy"}


def _normalised(key: str) -> str:
    """git's form: section and name lower case, the subsection as written."""
    for placeholder, example in EXAMPLE.items():
        key = key.replace(placeholder, example)
    section, _, rest = key.partition(".")
    head, dot, name = rest.rpartition(".")
    return f"{section.lower()}.{head}{dot}{name.lower()}" if dot else key.lower()


def _rows() -> list[tuple[list[str], str]]:
    """(the keys of the first column, normalised; the whole row) of the push table."""
    text = DOC.read_text()
    section = text[text.index("## 4. Push"):text.index("## 5.")]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        written: list[str] = []
        for part in re.findall(r"`([^`]+)`", line.split("|")[1]):
            if not re.fullmatch(r"[A-Za-z0-9<>:./-]+", part):  # a value (`!cmd`, `store --file=...`)
                continue
            # `url.<base>.insteadOf`/`pushInsteadOf`: the second is url.<base>.pushInsteadOf
            written.append(part if "." in part else written[-1].rsplit(".", 1)[0] + "." + part)
        rows.append(([_normalised(k) for k in written], line))
    return rows


def test_the_documented_push_keys_are_push_guards_table():
    rows = _rows()
    documented = [k for keys, _ in rows for k in keys]
    fixed = {k.lower() for k, _ in (*push_guard.PUSH_FIXED, *SAFE_CONFIG)}
    # Every key the code guards is in the table, with its default where the default is fixed.
    for pattern, _ in push_guard.GUARDS:
        row = next((line for keys, line in rows if any(re.fullmatch(pattern, k) for k in keys)), None)
        assert row is not None, f"{pattern} is guarded but not in docs/tightening.md"
        if "(?:" in pattern:  # a URL subsection: the table says so
            assert "also per URL" in row, row
    assert any(push_guard.CREDENTIAL_HELPER.fullmatch(k) for k in documented)
    assert any(push_guard.CREDENTIAL_HELPER.fullmatch(k) and "https" in k for k in documented)
    for key, value in push_guard.PUSH_FIXED:
        assert key.lower() in documented and f"always `{value}`" in next(
            line for keys, line in rows if key.lower() in keys)
    # ...and every key in the table is one the code puts back, fixes, or refuses.
    guarded = [p for p, _ in push_guard.GUARDS]
    for key in documented:
        handled = (any(re.fullmatch(p, key) for p in guarded) or push_guard.CREDENTIAL_HELPER.fullmatch(key)
                   or key in SPECIAL or key in fixed or key.startswith(("url.", "remote.origin.")))
        assert handled, f"docs/tightening.md lists {key}, which vcs/push_guard.py does not handle"
    # The fixed defaults the table states are the code's.
    gpg = next(line for keys, line in rows if "gpg.program" in keys)
    defaults = [default() for pattern, default in push_guard.GUARDS if pattern.startswith(r"gpg\.")]
    assert all(f"`{d}`" in gpg for d in defaults if d) and ("none" in gpg) == ("" in defaults)


def test_every_reference_to_the_list_points_at_it():
    files = [*ROOT.joinpath("docs").glob("*.md"), ROOT / "README.md", *ROOT.joinpath("specaudit/vcs").glob("*.py")]
    said = {p: p.read_text() for p in files}
    # A sentence that says where the list or table of push keys is must name the section of
    # docs/tightening.md or the code's table (vcs/push_guard.py), not another page.
    for path, text in said.items():
        for m in re.finditer(r"\b(?:lists|has|is in|documented in)\b[^.\n]{0,12}\btable\b", text):
            around = text[max(0, m.start() - 300):m.end() + 120]
            if "push" in (around + path.name).lower():
                assert "tightening.md" in around or "push_guard.py" in around, (path.name, around)
                assert "architecture.md lists" not in around, (path.name, around)
    # The module with the table points at the page that documents it (it once named
    # docs/architecture.md, which has no such list).
    guard = said[ROOT / "specaudit/vcs/push_guard.py"]
    assert "docs/tightening.md" in guard and "docs/architecture.md" not in guard
