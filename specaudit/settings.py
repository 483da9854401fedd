"""Every tunable threshold in one place. Widgets and parsers read these; none hard-code them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    # Spec parsing.
    max_spec_bytes: int = 20 * 1024 * 1024
    max_yaml_bytes: int = 5 * 1024 * 1024
    max_yaml_aliases: int = 100
    # Diff model and view.
    intraline_max_line_chars: int = 2_000  # longer paired lines get no intra-line highlight
    display_line_chars: int = 4_000  # lines longer than this are shown truncated
    max_patch_bytes_eager: int = 2 * 1024 * 1024  # larger file patches are loaded on demand
    # UI timing.
    reparse_debounce_ms: int = 300
    search_debounce_ms: int = 150
    # Audit files.
    max_audit_bytes: int = 20 * 1024 * 1024


LIMITS = Limits()
