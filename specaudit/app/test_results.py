"""``.specaudit/test-results.yaml``: each test's last result, with the revision it ran at.

Text for git: one block per test id, sorted, one line per value, so results recorded on
two branches for different tests merge without conflict. Written under the file's write
lock, atomically (app.safe_write); a file that does not parse is reported and never
overwritten.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from specaudit.app.audit_store import AUDIT_DIR
from specaudit.app.files import read_yaml_file
from specaudit.app.safe_write import exclusive_lock, write_atomic
from specaudit.core.errors import AuditFileError
from specaudit.core.junit import RESULTS, TestResult
from specaudit.core.tests_map import Outcome
from specaudit.settings import LIMITS

RESULTS_REL = f"{AUDIT_DIR}/test-results.yaml"
SCHEMA = 1
_HEADER = ("# specaudit: the last result of each test and the revision it ran at (docs/tests.md).\n"
           "# Written by `specaudit tests --junit/--run` and the window; safe to merge and to delete.\n")


def _error(msg: str, line: int | None = None) -> AuditFileError:
    return AuditFileError(msg, path=RESULTS_REL, line=line)


def load_results(root: Path) -> dict[str, Outcome]:
    """{test id: Outcome}; empty when nothing was recorded yet."""
    data = read_yaml_file(root, RESULTS_REL, LIMITS.max_results_bytes, what="test results file", error=AuditFileError)
    return results_from_data(data)


def results_from_data(data: object) -> dict[str, Outcome]:
    """``load_results`` of YAML already parsed (the merge driver reads temporary files)."""
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("results", {}), dict):
        raise _error("must be a mapping with 'results'")
    schema = data.get("schema", SCHEMA)
    if not isinstance(schema, int) or schema > SCHEMA:
        raise _error(f"written by a newer specaudit (schema {schema}); upgrade to read it")
    out: dict[str, Outcome] = {}
    for test_id, entry in (data.get("results") or {}).items():
        if not isinstance(entry, dict) or entry.get("result") not in RESULTS:
            raise _error(f"result for {test_id!r} must be one of: {', '.join(RESULTS)}")
        out[str(test_id)] = Outcome(
            result=entry["result"], revision=_str(entry.get("revision")),
            message=_str(entry.get("message")), at=_str(entry.get("at")),
        )
    return out


def _str(v) -> str | None:
    return None if v is None else str(v)


def _clean(text: str | None) -> str | None:
    """Only what YAML can write and read back: no undecodable bytes, no control characters."""
    if text is None:
        return None
    text = text.encode("utf-8", "replace").decode("utf-8")
    return "".join(ch if ch.isprintable() or ch == " " else "?" for ch in text)


def dump_results(results: dict[str, Outcome]) -> str:
    body = {
        _clean(tid): {k: v for k, v in (("result", o.result), ("revision", o.revision), ("at", o.at),
                                        ("message", _clean(o.message))) if v is not None}
        for tid, o in sorted(results.items())
    }
    text = yaml.safe_dump({"schema": SCHEMA, "results": body}, sort_keys=False, allow_unicode=True, width=10_000)
    return _HEADER + text


def record_results(root: Path, matched: dict[str, TestResult], revision: str, at: str) -> dict[str, Outcome]:
    """Remember ``matched`` (test id -> result) as run at ``revision``; keeps the other
    tests' earlier results. Returns everything now recorded."""
    path = Path(root) / RESULTS_REL
    with exclusive_lock(path, RESULTS_REL):
        current = load_results(root)  # raises on a corrupt file: it is never overwritten
        for tid, r in matched.items():
            current[tid] = Outcome(result=r.result, revision=revision, message=r.message, at=at)
        write_atomic(path, dump_results(current).encode("utf-8"), display=RESULTS_REL)
    return current
