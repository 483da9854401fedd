"""The contract every spec format implements: detect, read, write back.

A format is an object with a ``name`` and these methods. Formats are pure: they get
the path (for detection and messages) and the decoded text, and return values. Write-back
returns the whole new text; callers write it to disk.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from specaudit.core.model import Spec


@runtime_checkable
class SpecFormat(Protocol):
    name: str
    description: str

    def detect(self, path: str, text: str) -> int:
        """Confidence 0..100 that this file is in this format (0 = certainly not)."""

    def parse(self, path: str, text: str) -> Spec:
        """Parse into clauses. Never raises on malformed input: problems go to Spec.problems."""

    # -- write-back: each returns the full new text, every other byte unchanged --------
    def insert_after(self, spec: Spec, after_key: str, text: str, kind: str) -> tuple[str, str]:
        """Insert a new clause right after clause ``after_key``. Returns (new_text, new_key)."""

    def append_to_section(self, spec: Spec, section: str, text: str, kind: str) -> tuple[str, str]:
        """Append a clause at the end of a section (created if missing). Returns (new_text, new_key)."""

    def replace_clause_text(self, spec: Spec, key: str, text: str) -> str:
        """Replace one clause's text in the format's own syntax. Returns new_text."""
