"""``.specaudit/test-links.yaml``: tests a reviewer linked to a clause or a scar by id.

A scar links its own tests here ("retries are evenly spaced" guards the flat-retry
scar); a clause may too, when linking the test's lines is not wanted. Test ids are
stable across line moves, unlike a line link. One sorted list per target, so links
added on two branches merge cleanly. Written under the file's write lock, atomically
(app.safe_write).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from specaudit.app.audit_store import AUDIT_DIR
from specaudit.app.files import read_yaml_file
from specaudit.app.safe_write import exclusive_lock, write_atomic
from specaudit.core.errors import AuditFileError, UsageError
from specaudit.settings import LIMITS

LINKS_REL = f"{AUDIT_DIR}/test-links.yaml"
SCHEMA = 1
_HEADER = "# specaudit: tests linked to clauses and scars by test id (docs/tests.md).\n"


def _error(msg: str, line: int | None = None) -> AuditFileError:
    return AuditFileError(msg, path=LINKS_REL, line=line)


def load_test_links(root: Path) -> dict[str, dict[str, list[str]]]:
    """{spec: {clause key or scar id: [test id, ...]}}; empty when none were linked."""
    data = read_yaml_file(root, LINKS_REL, LIMITS.max_results_bytes, what="test links file", error=AuditFileError)
    return links_from_data(data)


def links_from_data(data: object) -> dict[str, dict[str, list[str]]]:
    """``load_test_links`` of YAML already parsed (the merge driver reads temporary files)."""
    if data is None:
        return {}
    links = data.get("links") if isinstance(data, dict) else None
    if not isinstance(links, dict) or not all(
            isinstance(targets, dict) and all(isinstance(v, list) and all(isinstance(t, str) for t in v)
                                              for v in targets.values())
            for targets in links.values()):
        raise _error("must be 'links: {spec: {clause or scar: [test id, ...]}}'")
    return {str(spec): {str(k): list(v) for k, v in targets.items()} for spec, targets in links.items()}


def _save(root: Path, links: dict[str, dict[str, list[str]]]) -> None:
    write_atomic(Path(root) / LINKS_REL, dump_links(links).encode("utf-8"), display=LINKS_REL)


def dump_links(links: dict[str, dict[str, list[str]]]) -> str:
    body = {spec: {k: sorted(set(v)) for k, v in sorted(targets.items()) if v}
            for spec, targets in sorted(links.items())}
    body = {spec: targets for spec, targets in body.items() if targets}
    return _HEADER + yaml.safe_dump({"schema": SCHEMA, "links": body}, sort_keys=False, allow_unicode=True,
                                    width=10_000)


def set_test_link(root: Path, spec: str, target: str, test_id: str, *, linked: bool = True) -> None:
    """Link (or, with ``linked=False``, unlink) ``test_id`` to a clause or scar of ``spec``."""
    with exclusive_lock(Path(root) / LINKS_REL, LINKS_REL):
        links = load_test_links(root)  # raises on a corrupt file: it is never overwritten
        tests = links.setdefault(spec, {}).setdefault(target, [])
        if linked:
            if test_id not in tests:
                tests.append(test_id)
        elif test_id in tests:
            tests.remove(test_id)
        else:
            raise UsageError(f"{test_id} is not linked to {target}")
        _save(root, links)
