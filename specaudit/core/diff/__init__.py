"""Diffs: the ChangeSet model, the patch parser and the row model views paint from."""

from specaudit.core.diff.model import ChangeSet, DiffLine, FileDiff, Hunk, decode_line
from specaudit.core.diff.parse import parse_patch

__all__ = ["ChangeSet", "DiffLine", "FileDiff", "Hunk", "decode_line", "parse_patch"]
