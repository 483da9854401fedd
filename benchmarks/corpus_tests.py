"""Tests per clause on the real histories: how many clauses get at least one test, and
by which kind of evidence (docs/tests.md quotes this script's output).

For every spec set in the corpus MANIFEST whose repository has a history bundle, the
bundle is cloned into a temporary directory, the test files at the implementing
range's head are scanned, and the spec files (the corpus copies) are mapped. There are
no audits in the corpus, so ``link`` evidence cannot occur; ``proposal`` is the evidence
engine's ranking over the implementing range (as `specaudit check --range base..head`
would map it). A clause counts once, under its strongest evidence.

    python benchmarks/corpus_tests.py [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from specaudit.app.testing.evidence import load_change, proposal_spans, scan_tests, task_clauses  # noqa: E402
from specaudit.core.model import decode_spec_bytes  # noqa: E402
from specaudit.core.tests_map import EVIDENCE, map_tests  # noqa: E402
from specaudit.formats import parse_spec  # noqa: E402
from specaudit.vcs.runner import open_repo  # noqa: E402


def _corpus() -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from support import CORPUS

    return CORPUS


def measure(corpus: Path) -> list[dict]:
    manifest = yaml.safe_load((corpus / "MANIFEST.yaml").read_text(encoding="utf-8"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="specaudit-corpus-tests-") as tmp:
        for entry in manifest["repositories"]:
            bundle = corpus / "history" / (entry["repo"].replace("/", "+") + ".bundle")
            if not bundle.exists():
                continue
            clone = Path(tmp) / bundle.stem
            subprocess.run(["git", "clone", "-q", str(bundle), str(clone)], check=True, capture_output=True)
            repo = open_repo(clone)
            for spec_set in entry["spec_sets"]:
                head = spec_set["range"]["head"]
                try:
                    files = scan_tests(repo, head)
                except Exception as exc:  # noqa: BLE001 - a range head missing from the bundle
                    print(f"skip {entry['repo']} {spec_set['name']}: {exc}", file=sys.stderr)
                    continue
                n_tests = sum(len(tf.cases) for tf in files)
                change = load_change(repo, spec_set["range"].get("base"), head) if files else None
                for f in manifest["files"]:
                    if f["repo"] != entry["repo"] or f.get("spec_set") != spec_set["name"]:
                        continue
                    local = corpus / f["local"]
                    spec = parse_spec(f["path"], decode_spec_bytes(local.read_bytes()))
                    tmap = map_tests(spec.clauses, files, proposals=proposal_spans(repo, spec, None, change),
                                     tasks=task_clauses(repo, spec, head))
                    kinds = Counter()
                    for c in spec.clauses:
                        tests = tmap.tests_of(c.key)
                        if tests:
                            kinds[min((lt.evidence for lt in tests), key=EVIDENCE.index)] += 1
                    rows.append({"repo": entry["repo"], "spec": f["path"], "format": spec.format,
                                 "clauses": len(spec.clauses), "tests": n_tests,
                                 "tested": sum(kinds.values()), "by": dict(kinds)})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=None)
    args = ap.parse_args(argv)
    rows = measure(args.corpus or _corpus())
    print("| Repository | Spec | Format | Test cases at head | Clauses | With >= 1 test | "
          + " | ".join(EVIDENCE) + " |")
    print("|---|---|---|---|---|---|" + "---|" * len(EVIDENCE))
    total = Counter()
    for r in rows:
        print(f"| {r['repo']} | {r['spec']} | {r['format']} | {r['tests']} | {r['clauses']} | {r['tested']} | "
              + " | ".join(str(r["by"].get(k, 0)) for k in EVIDENCE) + " |")
        total["clauses"] += r["clauses"]
        total["tested"] += r["tested"]
        for k in EVIDENCE:
            total[k] += r["by"].get(k, 0)
    print(f"| **all** | {len(rows)} spec files | | | {total['clauses']} | {total['tested']} | "
          + " | ".join(str(total[k]) for k in EVIDENCE) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
