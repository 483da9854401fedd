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

from specaudit.app.store.audit_store import AUDIT_DIR
from specaudit.app.store.side_files import SideFile
from specaudit.core.errors import UsageError
from specaudit.core.sidefile import NodeReader
from specaudit.settings import LIMITS

LINKS_REL = f"{AUDIT_DIR}/test-links.yaml"
SCHEMA = 1
_HEADER = "# specaudit: tests linked to clauses and scars by test id (docs/tests.md).\n"


Links = dict[str, dict[str, list[str]]]


class LinksFile(SideFile[Links]):
    """{spec: {clause key or scar id: [test id, ...]}}; a spec or target listed twice is
    refused with its line (one of the two lists would silently be dropped)."""

    what = "test links file"
    limit = LIMITS.max_results_bytes
    header = _HEADER

    def empty(self) -> Links:
        return {}

    def parse(self, reader: NodeReader, root: yaml.Node, top: dict) -> Links:
        links = reader.plain(top["links"][1], "links") if "links" in top else {}
        if not isinstance(links, dict) or not all(
                isinstance(targets, dict) and all(isinstance(v, list) and all(isinstance(t, str) for t in v)
                                                  for v in targets.values())
                for targets in links.values()):
            raise reader.fail(top["links"][1], "must be 'links: {spec: {clause or scar: [test id, ...]}}'")
        return {str(spec): {str(k): list(v) for k, v in targets.items()} for spec, targets in links.items()}

    def document(self, value: Links) -> dict:
        body = {spec: {k: sorted(set(v)) for k, v in sorted(targets.items()) if v}
                for spec, targets in sorted(value.items())}
        return {"links": {spec: targets for spec, targets in body.items() if targets}}


def load_test_links(root: Path) -> Links:
    """{spec: {clause key or scar id: [test id, ...]}}; empty when none were linked."""
    return LinksFile(root, LINKS_REL).load()


def dump_links(links: Links) -> str:
    return LinksFile(Path(), LINKS_REL).dumps(links).decode("utf-8")


def set_test_link(root: Path, spec: str, target: str, test_id: str, *, linked: bool = True) -> None:
    """Link (or, with ``linked=False``, unlink) ``test_id`` to a clause or scar of ``spec``."""

    def change(links: Links) -> None:
        tests = links.setdefault(spec, {}).setdefault(target, [])
        if linked:
            if test_id not in tests:
                tests.append(test_id)
        elif test_id in tests:
            tests.remove(test_id)
        else:
            raise UsageError(f"{test_id} is not linked to {target}")

    LinksFile(root, LINKS_REL).update(change)
