"""``.specaudit/test-results.yaml``: each test's last result, with the revision it ran at.

Text for git: one block per test id, sorted, one line per value, so results recorded on
two branches for different tests merge without conflict. Written under the file's write
lock, atomically (app.safe_write); a file that does not parse is reported and never
overwritten.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from specaudit.app.store.audit_store import AUDIT_DIR
from specaudit.app.store.side_files import SideFile
from specaudit.core.junit import RESULTS, TestResult
from specaudit.core.sidefile import NodeReader
from specaudit.core.tests_map import Outcome
from specaudit.settings import LIMITS

RESULTS_REL = f"{AUDIT_DIR}/test-results.yaml"
SCHEMA = 1
_HEADER = ("# specaudit: the last result of each test and the revision it ran at (docs/tests.md).\n"
           "# Written by `specaudit tests --junit/--run` and the window; safe to merge and to delete.\n")


class ResultsFile(SideFile[dict[str, Outcome]]):
    """{test id: Outcome}. A test listed twice is refused with the line of the second
    entry: a failed result followed by a passing one must not hide the failure."""

    what = "test results file"
    limit = LIMITS.max_results_bytes
    header = _HEADER

    def empty(self) -> dict[str, Outcome]:
        return {}

    def parse(self, reader: NodeReader, root: yaml.Node, top: dict) -> dict[str, Outcome]:
        out: dict[str, Outcome] = {}
        if "results" not in top:
            return out
        for test_id, (knode, vnode) in reader.mapping(top["results"][1], "results").items():
            what = f"results.{test_id}"
            entry = reader.mapping(vnode, what) if isinstance(vnode, yaml.MappingNode) else None
            result = reader.text(entry, "result", what) if entry is not None else None
            if entry is None or result not in RESULTS:
                raise reader.fail(knode, f"result for {test_id!r} must be one of: {', '.join(RESULTS)}")
            out[test_id] = Outcome(result=result, revision=reader.text(entry, "revision", what),
                                   message=reader.text(entry, "message", what), at=reader.text(entry, "at", what))
        return out

    def document(self, value: dict[str, Outcome]) -> dict:
        return {"results": {
            _clean(tid): {k: v for k, v in (("result", o.result), ("revision", o.revision), ("at", o.at),
                                            ("message", _clean(o.message))) if v is not None}
            for tid, o in sorted(value.items())
        }}


def load_results(root: Path) -> dict[str, Outcome]:
    """{test id: Outcome}; empty when nothing was recorded yet."""
    return ResultsFile(root, RESULTS_REL).load()


def _str(v) -> str | None:
    return None if v is None else str(v)


def _clean(text: str | None) -> str | None:
    """Only what YAML can write and read back: no undecodable bytes, no control characters."""
    if text is None:
        return None
    text = text.encode("utf-8", "replace").decode("utf-8")
    return "".join(ch if ch.isprintable() or ch == " " else "?" for ch in text)


def dump_results(results: dict[str, Outcome]) -> str:
    return ResultsFile(Path(), RESULTS_REL)._dump(results).decode("utf-8")


def record_results(root: Path, matched: dict[str, TestResult], revision: str, at: str) -> dict[str, Outcome]:
    """Remember ``matched`` (test id -> result) as run at ``revision``; keeps the other
    tests' earlier results. Returns everything now recorded."""

    def change(current: dict[str, Outcome]) -> None:
        for tid, r in matched.items():
            current[tid] = Outcome(result=r.result, revision=revision, message=r.message, at=at)

    return ResultsFile(root, RESULTS_REL).update(change)
