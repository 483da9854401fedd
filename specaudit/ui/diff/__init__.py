"""The diff view: file list, side-by-side/unified rows painted on demand, overview strip."""

from specaudit.ui.diff.panel import DiffPanel

__all__ = ["DiffPanel"]
