"""The constants of the ranking, in one place.

The defaults are the values fitted on the whole span-level truth (benchmarks/span_truth.yaml)
by ``benchmarks/bench_evidence.py`` (coordinate ascent); every number docs/evidence.md reports for a
repository comes from constants fitted without that repository (leave-one-repository-out).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Params:
    explicit: float = 0.25  # weight of explicit evidence (citation, task, commit, named identifier) in the unit
    file: float = 2.0  # weight of the file's own rank for the clause (0..1, best file = 1)
    cover: float = 2.0  # weight of the share of the clause's weighted words the unit holds
    name: float = 2.0  # weight of the share of the unit's name the clause explains
    literal: float = 0.25  # weight of the clause's numbers and quoted strings found in the unit
    hub: float = 0.0  # a unit that is the text-only favourite of n clauses keeps 1 / (1 + hub * (n - 1))
    abstain: float = 0.1  # below this text-only strength (cover, name, literal: their weighted mean), and
    # without explicit evidence: no proposal
    per_file: int = 1  # proposals per file at most among the first three
    review: float = 0.5  # weight of links accepted for neighbouring clauses (learn within a review)

    def replace(self, **changes: float) -> Params:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Params(**values)  # type: ignore[arg-type]


DEFAULT = Params()
