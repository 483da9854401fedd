"""Audit file text <-> Audit. Pure: no disk access (see specaudit.app.store.audit_store).

The layout is chosen for git: fixed key order, reviews sorted by clause key and scars
by id, one block per entry and one line per scalar, so two reviewers who touch
different clauses change disjoint lines. Loading composes YAML nodes with a safe
loader that refuses aliases, tags and duplicate keys, so every error names a line.
The format is documented in docs/audit-file.md.
"""

from __future__ import annotations

import re

import yaml

from specaudit.core import sidefile
from specaudit.core.audit import (
    CHANGE_STATUSES,
    SIDES,
    VERDICTS,
    Audit,
    ChangeMark,
    Contradiction,
    Link,
    PastVerdict,
    Rejection,
    Review,
    Scar,
    ViewedMark,
)
from specaudit.core.errors import AuditFileError
from specaudit.settings import LIMITS

SCHEMA = 1

_REVIEW_FIELDS = ("verdict", "note", "reviewer", "at", "commit", "clause_fingerprint")
_PAST_FIELDS = ("verdict", "reviewer", "at", "commit", "note")
_SCAR_FIELDS = (
    "title", "path", "lines", "commit", "fingerprint", "clause", "severity", "status",
    "folded_into", "incident", "author", "created", "why",
)
_CHANGE_FIELDS = ("status", "note", "commit", "fingerprint", "reviewer", "at")
_VIEWED_FIELDS = ("key", "commit", "reviewer", "at")
_CONTRADICTION_FIELDS = ("first", "second", "note", "scar", "first_fingerprint", "second_fingerprint", "reviewer", "at")
_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")  # C:/... or C:\... (absolute on Windows)


# -- writing -----------------------------------------------------------------------

# libyaml's emitter where it writes the same bytes as PyYAML's (core/sidefile.py); None: PyYAML's.
_CDumper = sidefile.C_DUMPER


def _compact(pairs: list[tuple[str, object]]) -> dict:
    return {k: v for k, v in pairs if v is not None and v != [] and v != ""}


def _link_data(link: Link) -> dict:
    return _compact([
        ("path", link.path), ("side", link.side), ("lines", f"{link.first}-{link.last}"),
        ("commit", link.commit), ("fingerprint", link.fingerprint),
    ])


def _review_data(r: Review) -> dict:
    data = _compact([(f, getattr(r, f)) for f in _REVIEW_FIELDS])
    data["verdict"] = r.verdict
    if r.links:
        data["links"] = [_link_data(link) for link in r.links]
    if r.history:
        data["history"] = [_compact([(f, getattr(p, f)) for f in _PAST_FIELDS]) for p in r.history]
    if r.conflict:  # written by the merge driver; settled by `specaudit settle` or the window
        data["conflict"] = [{"verdict": c.verdict, **_compact([(f, getattr(c, f)) for f in _REVIEW_FIELDS[1:]])}
                            for c in r.conflict]
    return data


def _scar_data(s: Scar) -> dict:
    values = {f: getattr(s, f, None) for f in _SCAR_FIELDS}
    values["lines"] = f"{s.first}-{s.last}"
    data = _compact(list(values.items()))
    # An explicit null commit is meaningful: "the commit that added this scar".
    data["commit"] = s.commit
    return {k: data[k] for k in _SCAR_FIELDS if k in data}


def _change_data(c: ChangeMark) -> dict:
    return _compact([("path", c.path), ("lines", f"{c.first}-{c.last}"),
                     *((f, getattr(c, f)) for f in _CHANGE_FIELDS)])


def _rejection_data(r: Rejection) -> str | dict:
    """A whole file as its path (as files without spans always said), a span as a mapping."""
    if r.whole_file:
        return r.path
    return _compact([("path", r.path), ("lines", f"{r.first}-{r.last}"), ("commit", r.commit)])


def dump_audit(audit: Audit) -> str:
    doc = {
        "schema": SCHEMA,
        "spec": audit.spec,
        "reviews": {k: _review_data(audit.reviews[k]) for k in sorted(audit.reviews)},
        "scars": {k: _scar_data(audit.scars[k]) for k in sorted(audit.scars)},
    }
    if audit.changes:  # optional section: files without marks stay as they were
        doc["changes"] = {k: _change_data(audit.changes[k]) for k in sorted(audit.changes)}
    if audit.viewed:  # optional section, like changes
        doc["viewed"] = {k: _compact([(f, getattr(audit.viewed[k], f)) for f in _VIEWED_FIELDS])
                         for k in sorted(audit.viewed)}
    if audit.rejected:  # optional too: proposals the reviewer rejected, per clause
        doc["rejected"] = {k: [_rejection_data(r) for r in sorted(audit.rejected[k])]
                           for k in sorted(audit.rejected) if audit.rejected[k]}
    if audit.contradictions:  # optional too
        doc["contradictions"] = {k: _compact([(f, getattr(c, f)) for f in _CONTRADICTION_FIELDS])
                                 for k, c in sorted(audit.contradictions.items())}
    with sidefile.paused_gc():
        return sidefile.dump(doc, "# specaudit audit file (see docs/audit-file.md). Reviewed in pull requests like code.\n",
                             fast=_CDumper)


# -- reading -----------------------------------------------------------------------

def is_repo_path(value: str) -> bool:
    """A path git can name inside the work tree: not absolute, no ``..`` step."""
    return not (value.startswith("/") or _DRIVE.match(value) or ".." in value.split("/"))


class _Reader(sidefile.NodeReader):
    """The audit file's entries, on top of the side-file reader (duplicate keys refused)."""

    def lines(self, fields: dict, what: str, node: yaml.Node) -> tuple[int, int]:
        if "lines" not in fields:
            raise self.fail(node, f"{what}: missing 'lines' (START-END)")
        vnode = fields["lines"][1]
        value = self.scalar(vnode, f"{what}.lines")
        m = _RANGE.match(str(value))
        if isinstance(value, int):
            first = last = value
        elif m:
            first, last = int(m.group(1)), int(m.group(2))
        else:
            raise self.fail(vnode, f"{what}.lines must look like START-END, got {value!r}")
        if first < 1 or last < first:
            raise self.fail(vnode, f"{what}.lines {first}-{last} is not a valid 1-based range")
        return first, last

    def repo_path(self, fields: dict, what: str) -> str:
        """A path inside the repository, as git names it: never absolute, never with a
        ``..`` step (it would be handed to git, which reads outside the work tree)."""
        value = self.text(fields, "path", what, required=True) or ""
        if not is_repo_path(value):
            raise self.fail(fields["path"][1], f"{what}.path {value!r} must be relative to the repository "
                                               "(no leading '/', no '..')")
        return value

    def rejection(self, node: yaml.Node, what: str) -> Rejection:
        """A rejected file (its path) or span (path, lines, commit)."""
        if isinstance(node, yaml.MappingNode):
            f = self.mapping(node, what)
            first, last = self.lines(f, what, node)
            return Rejection(self.repo_path(f, what), first, last, self.text(f, "commit", what))
        path = self.scalar(node, what)
        if not isinstance(path, str) or not path:
            raise self.fail(node, f"{what} must list file paths or {{path, lines}} spans")
        return Rejection(path)

    def link(self, node: yaml.Node, what: str) -> Link:
        f = self.mapping(node, what)
        first, last = self.lines(f, what, node)
        side = self.text(f, "side", what) or "new"
        if side not in SIDES:
            raise self.fail(f["side"][1], f"{what}.side must be one of {', '.join(SIDES)}")
        return Link(
            path=self.repo_path(f, what), first=first, last=last, side=side,
            commit=self.text(f, "commit", what), fingerprint=self.text(f, "fingerprint", what),
        )

    def verdict(self, f: dict, what: str) -> str:
        verdict = self.text(f, "verdict", what, required=True)
        if verdict not in VERDICTS:
            raise self.fail(f["verdict"][1], f"{what}: unknown verdict {verdict!r} (one of: {', '.join(VERDICTS)})")
        return verdict

    def review(self, key: str, node: yaml.Node) -> Review:
        what = f"reviews.{key}"
        f = self.mapping(node, what)
        links = tuple(
            self.link(n, f"{what}.links[{i}]")
            for i, n in enumerate(self.sequence(f["links"][1], f"{what}.links") if "links" in f else [])
        )
        history = []
        for i, n in enumerate(self.sequence(f["history"][1], f"{what}.history") if "history" in f else []):
            hw = f"{what}.history[{i}]"
            hf = self.mapping(n, hw)
            history.append(PastVerdict(
                verdict=self.verdict(hf, hw), **{k: self.text(hf, k, hw) for k in _PAST_FIELDS[1:]},
            ))
        conflict = []
        for i, n in enumerate(self.sequence(f["conflict"][1], f"{what}.conflict") if "conflict" in f else []):
            cw = f"{what}.conflict[{i}]"
            cf = self.mapping(n, cw)
            conflict.append(Review(clause=key, verdict=self.verdict(cf, cw), links=(), history=(), conflict=(),
                                   **{k: self.text(cf, k, cw) for k in _REVIEW_FIELDS[1:]}))
        return Review(
            clause=key, verdict=self.verdict(f, what),
            **{k: self.text(f, k, what) for k in _REVIEW_FIELDS[1:]},
            links=links, history=tuple(history), conflict=tuple(conflict),
        )

    def scar(self, sid: str, node: yaml.Node) -> Scar:
        what = f"scars.{sid}"
        f = self.mapping(node, what)
        first, last = self.lines(f, what, node)
        return Scar(
            id=sid, path=self.repo_path(f, what), first=first, last=last,
            title=self.text(f, "title", what) or "", why=self.text(f, "why", what) or "",
            commit=self.text(f, "commit", what), fingerprint=self.text(f, "fingerprint", what),
            clause=self.text(f, "clause", what), incident=self.text(f, "incident", what),
            severity=self.text(f, "severity", what) or "high", status=self.text(f, "status", what) or "open",
            created=self.text(f, "created", what), author=self.text(f, "author", what),
            folded_into=self.text(f, "folded_into", what),
        )


    def change(self, key: str, node: yaml.Node) -> ChangeMark:
        what = f"changes.{key}"
        f = self.mapping(node, what)
        first, last = self.lines(f, what, node)
        status = self.text(f, "status", what, required=True)
        if status is None or status not in CHANGE_STATUSES:  # None: unreachable (required)
            raise self.fail(f["status"][1], f"{what}.status must be one of {', '.join(CHANGE_STATUSES)}")
        return ChangeMark(path=self.repo_path(f, what), first=first, last=last, status=status,
                          **{k: self.text(f, k, what) for k in _CHANGE_FIELDS if k != "status"})

    def viewed(self, path: str, node: yaml.Node) -> ViewedMark:
        what = f"viewed.{path}"
        f = self.mapping(node, what)
        return ViewedMark(path=path, key=self.text(f, "key", what, required=True) or "",
                          **{k: self.text(f, k, what) for k in _VIEWED_FIELDS[1:]})


    def contradiction(self, key: str, node: yaml.Node) -> Contradiction:
        what = f"contradictions.{key}"
        f = self.mapping(node, what)
        first = self.text(f, "first", what, required=True) or ""
        second = self.text(f, "second", what, required=True) or ""
        return Contradiction(first, second, **{k: self.text(f, k, what) for k in _CONTRADICTION_FIELDS[2:]})


def parse_audit(text: str, path: str = "<audit>") -> Audit:
    """Parse an audit file. Any problem raises AuditFileError naming path and line."""
    with sidefile.paused_gc():
        return _parse(text, path)


def _parse(text: str, path: str) -> Audit:
    generic, root = sidefile.compose(text, path, what="audit file", limit=LIMITS.max_audit_bytes, driver_merged=True)
    if root is None:
        raise AuditFileError("audit file is empty", path=path)
    reader = _Reader(generic.loader, path)
    top = reader.mapping(root, "the audit file")
    sidefile.check_schema(reader, root, top, current=SCHEMA, what="audit file", required=True)
    spec = reader.text(top, "spec", "the audit file", required=True) or ""
    audit = Audit(spec=spec)
    if "reviews" in top:
        for key, (_, vnode) in reader.mapping(top["reviews"][1], "reviews").items():
            audit.reviews[key] = reader.review(key, vnode)
    if "scars" in top:
        for sid, (_, vnode) in reader.mapping(top["scars"][1], "scars").items():
            audit.scars[sid] = reader.scar(sid, vnode)
    if "changes" in top:
        for key, (_, vnode) in reader.mapping(top["changes"][1], "changes").items():
            audit.changes[key] = reader.change(key, vnode)
    if "viewed" in top:
        for path, (_, vnode) in reader.mapping(top["viewed"][1], "viewed").items():
            audit.viewed[path] = reader.viewed(path, vnode)
    if "rejected" in top:
        for key, (_, vnode) in reader.mapping(top["rejected"][1], "rejected").items():
            audit.rejected[key] = tuple(sorted({reader.rejection(n, f"rejected.{key}")
                                                for n in reader.sequence(vnode, f"rejected.{key}")}))
    if "contradictions" in top:
        for key, (_, vnode) in reader.mapping(top["contradictions"][1], "contradictions").items():
            pair = reader.contradiction(key, vnode)
            audit.contradictions[pair.key] = pair
    return audit
