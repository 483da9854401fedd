"""Evidence that finds the code for each clause of a spec in one change.

Pure: the change set, the spec, its task lists and the range's commit messages come
in as data (``app.evidence`` gathers them through the hardened git runner); ranked,
explained proposals come out. See docs/evidence.md for the sources and the measurements.
"""

from specaudit.core.evidence.model import Commit, Evidence, Proposal, SuggestResult
from specaudit.core.evidence.rank import SOURCES, propose

__all__ = ["SOURCES", "Commit", "Evidence", "Proposal", "SuggestResult", "propose"]
