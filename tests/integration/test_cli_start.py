"""A command loads what it uses, when it uses it: `--version`, `--help` and a command that
reads no spec start without the spec formats (Markdown parser, YAML), the evidence
ranking or Qt, which were two thirds of every command's start-up (0.41 -> 0.13 s for
`specaudit --version`, benchmarks/bench_cli_start.py). The formats still load, and are
listed, where an option asks for them."""

from __future__ import annotations

import os
import subprocess
import sys

from support import PACKAGE_PARENT

HEAVY = ("specaudit.formats", "markdown_it", "yaml", "specaudit.core.evidence.rank", "tree_sitter", "PySide6")


def _imported(*args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run the CLI as a subprocess with -X importtime: the modules it imported, by name."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "specaudit", *args],
                          env={**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)}, capture_output=True, text=True,
                          timeout=120)
    names = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    return proc, names


def _heavy(names: set[str]) -> list[str]:
    return sorted(n for n in names if n.startswith(HEAVY))


def test_version_and_help_load_no_format_ranking_or_qt():
    proc, names = _imported("--version")
    assert proc.returncode == 0 and "specaudit" in proc.stdout
    assert "specaudit.cli.common" in names  # the commands' parsers were built
    assert _heavy(names) == [], _heavy(names)
    proc, names = _imported("check", "--help")
    assert proc.returncode == 0 and "--spec-format F" in proc.stdout
    # The help lists the formats: they are read for it, the ranking and Qt are not.
    assert "kiro, layered, markdown, openspec, speckit, yaml" in " ".join(proc.stdout.split())
    assert not [n for n in _heavy(names) if not n.startswith(("specaudit.formats", "markdown_it", "yaml"))]


def test_a_wrong_format_name_is_refused_naming_the_formats(tmp_path):
    spec = tmp_path / "spec.md"
    spec.write_text("# Retries\n\n## Behavior\n\n- Retry transient errors.\n", encoding="utf-8")
    proc, _names = _imported("clauses", str(spec), "--spec-format", "kiroo")
    assert proc.returncode == 2
    assert ("argument --spec-format: invalid choice: 'kiroo' (choose from 'kiro', 'layered', 'markdown', "
            "'openspec', 'speckit', 'yaml')") in proc.stderr
    proc, names = _imported("clauses", str(spec), "--spec-format", "layered")
    assert proc.returncode == 0 and "Retry transient errors" in proc.stdout
    assert "markdown_it" in names  # the format was loaded once it was needed
