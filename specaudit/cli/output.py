"""The one sink for everything the CLI writes to the terminal.

Repository content (file names, spec titles, scar stories, notes, reviewer names, commit
messages, test names) is untrusted, so escaping is not left to each command: text goes
through ``core.escape.terminal_safe`` and JSON through ``core.escape.json_text`` here, and
ruff's T201/T203 ban ``print`` in cli/ (tests/reliability/test_cli_output_sink.py runs
every command on a hostile repository).

Ordering: a command writes notes to stderr and results to stdout; when both reach one
terminal or file, stdout is flushed before a note is written (stderr is line-buffered,
stdout block-buffered when piped), and a note never continues a stdout line left open.
"""

from __future__ import annotations

import sys

from specaudit.core.escape import json_safe, json_text, terminal_safe

# Whether the last text written to stdout ended a line (a note then starts on its own).
_stdout_at_line_start = True


def emit(text: object = "", *, err: bool = False, end: str = "\n", flush: bool = False) -> None:
    """Write ``text`` + ``end`` with control characters and bidi overrides shown as escapes."""
    write(terminal_safe(text) + end, err=err)
    if flush:
        sys.stdout.flush()


def emit_json(obj: object) -> None:
    """Write ``obj`` as indented JSON with controls and bidi overrides as ``\\uXXXX``."""
    write(json_text(obj))


def emit_document(text: str, fmt: str) -> None:
    """A rendered report or check: JSON formats made safe as JSON (a ``\\x9b`` escape would
    not be valid JSON), everything else as text."""
    write(json_safe(text) if fmt in ("json", "sarif", "codequality") else terminal_safe(text), err=False)


def write(safe: str, *, err: bool = False) -> None:
    """Write already-escaped text, keeping stdout and stderr in the order they were written."""
    global _stdout_at_line_start
    if not safe:
        return
    if err:
        sys.stdout.flush()
        if not _stdout_at_line_start:
            safe = "\n" + safe
        sys.stderr.write(safe)
        sys.stderr.flush()
    else:
        sys.stdout.write(safe)
        _stdout_at_line_start = safe.endswith("\n")
