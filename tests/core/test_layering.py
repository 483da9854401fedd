"""The layer rules of docs/architecture.md, enforced by reading every import."""

from __future__ import annotations

import ast
from pathlib import Path

import specaudit

PKG = Path(specaudit.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # "from specaudit import formats" imports the module specaudit.formats
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((PKG / package).rglob("*.py")):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(PKG.parent)} imports {name}")
    return found


def test_core_and_formats_import_neither_qt_nor_git():
    forbidden = ("PySide6", "git", "subprocess", "specaudit.vcs", "specaudit.app", "specaudit.ui", "specaudit.cli")
    assert _violations("core", forbidden) == []
    assert _violations("formats", forbidden) == []


def test_vcs_and_app_never_import_qt():
    forbidden = ("PySide6", "specaudit.ui", "specaudit.cli")
    assert _violations("vcs", forbidden) == []
    assert _violations("app", forbidden) == []


def test_vcs_never_imports_the_use_cases():
    """vcs/ answers questions about git; app/ decides what they mean (issue 19 item 8)."""
    assert _violations("vcs", ("specaudit.app",)) == []


def test_core_never_imports_a_spec_format():
    """Formats plug into core (entry points), never the other way round."""
    assert _violations("core", ("specaudit.formats",)) == []


def test_ui_never_runs_git_itself():
    assert _violations("ui", ("git", "subprocess", "specaudit.vcs")) == []


def test_the_checker_sees_real_imports(tmp_path):
    # Guard against a walker that silently finds nothing.
    assert "PySide6.QtWidgets" in _imports(PKG / "ui" / "shell" / "main_window.py")
    assert "subprocess" in _imports(PKG / "vcs" / "runner.py")


def _rooms(layer: str) -> list[str]:
    return sorted(p.name for p in (PKG / layer).iterdir() if (p / "__init__.py").is_file())


def test_rooms_group_app_and_ui_by_capability():
    """app/ and ui/ are grouped into rooms (docs/architecture.md, "Where to change what"):
    no module is left loose beside them."""
    for layer in ("app", "ui"):
        loose = [p.name for p in (PKG / layer).glob("*.py") if p.name != "__init__.py"]
        assert loose == [], f"{layer}/ modules outside a room: {loose}"
    assert {"store", "workspace", "review", "evidence", "testing", "check", "tighten", "publish"} <= set(_rooms("app"))
    assert {"shell", "kit", "review", "evidence", "findings", "testing", "diff"} <= set(_rooms("ui"))


def test_the_store_is_the_base_of_the_app_rooms():
    """Every app room writes through store/; store itself needs no other room."""
    others = tuple(f"specaudit.app.{r}" for r in _rooms("app") if r != "store")
    assert _violations("app/store", others) == []


def test_only_the_shell_composes_the_ui_rooms():
    """Panels are handed the desk context (ui/kit); none reaches for the window's shell."""
    for room in _rooms("ui"):
        if room != "shell":
            assert _violations(f"ui/{room}", ("specaudit.ui.shell",)) == []
