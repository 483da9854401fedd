"""Evidence that finds the code for each clause of a spec in one change.

Pure: the change set, the spec, its task lists and the range's commit messages come
in as data (``app.evidence`` gathers them through the hardened git runner); ranked,
explained proposals come out. See docs/evidence.md for the sources and the measurements.
"""

from specaudit.core.evidence.model import Commit, Evidence, Proposal, SuggestResult

__all__ = ["SOURCES", "Commit", "Evidence", "Proposal", "SuggestResult", "propose"]


def __getattr__(name: str):
    # The ranking (tree-sitter's units, the phrase models, the word lists: a tenth of a
    # second) is imported when first used, not by every command that names a Proposal.
    if name in ("SOURCES", "propose"):
        from specaudit.core.evidence import rank

        return getattr(rank, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
