"""Dump every corpus spec set's proposals, to check that a speed-only change ranks nothing differently.

    python benchmarks/evidence_identical.py OUT.json [--corpus DIR] [--clones DIR]
    cmp BEFORE.json AFTER.json

Every spec set bench_evidence.py measures (MANIFEST ranges and the span truth's ranges)
goes through ``analyse`` + ``finish`` with the shipped constants, with no abstaining, and
with a second set of constants (other weights, one proposal per file), so a change that
only makes ranking faster must give byte-identical output. The weak guesses are dumped
too when the result has them.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_evidence import corpus_dir, load_all  # noqa: E402

from specaudit.core.evidence.params import DEFAULT  # noqa: E402
from specaudit.core.evidence.rank import finish  # noqa: E402

VARIANTS = {"shipped": DEFAULT, "no-abstain": DEFAULT.replace(abstain=0.0),
            "other": DEFAULT.replace(explicit=1.0, file=1.0, cover=2.0, name=0.5, literal=1.0, hub=1.0,
                                     abstain=0.05, per_file=1)}


def dump(sets) -> dict:
    out: dict = {}
    for s in sets:
        name = f"{s.repo} {s.spec} {s.range}"
        for v, params in VARIANTS.items():
            result = finish(s.analysis, params)
            entry = {k: [p.to_json() for p in ps] for k, ps in result.proposals.items()}
            weak = getattr(result, "weak", None)
            if weak:
                entry = {"proposals": entry, "weak": {k: [p.to_json() for p in ps] for k, ps in weak.items()}}
            out[f"{name} [{v}]"] = entry
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--corpus")
    ap.add_argument("--clones", help="reuse clones here (default: a temporary directory)")
    args = ap.parse_args()
    corpus = corpus_dir(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        sets = load_all(corpus, Path(args.clones or tmp))
        Path(args.out).write_text(json.dumps(dump(sets), indent=0, sort_keys=True, ensure_ascii=False),
                                  encoding="utf-8")
    print(f"{len(sets)} spec sets x {len(VARIANTS)} constant sets -> {args.out}")


if __name__ == "__main__":
    main()
