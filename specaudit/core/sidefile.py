"""YAML side-file text <-> nodes: the one parser and writer behind every file specaudit
keeps in ``.specaudit/`` (audit files, config.yaml, test-links.yaml, test-results.yaml).

Pure: no disk access (``specaudit.app.store.side_files`` reads and writes). Text is composed
into nodes with a safe loader, so every error names a line. Refused with ``path:line``:
a file over its size limit, NUL bytes, git's conflict markers, invalid YAML, anchors and
aliases (the way a small file expands into a huge one), duplicate keys at any depth
(a botched merge that kept both blocks, or a failed result followed by a passing one for
the same test, must not let the last one silently win), and a schema newer than this
specaudit understands.
"""

from __future__ import annotations

import datetime as _dt
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager

import yaml

from specaudit.core.errors import AuditFileError, SpecauditError

# libyaml when present: an audit file with thousands of links loads ~10x faster.
_Loader = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
# Column-0 markers never occur in a file specaudit wrote (block scalars are indented).
_CONFLICT = re.compile(r"^(?:<<<<<<<|>>>>>>>)(?: |$)", re.M)


class NodeReader:
    """Walks composed nodes; every problem is ``error`` naming the file and the line."""

    def __init__(self, loader: yaml.SafeLoader | yaml.CSafeLoader, path: str,
                 error: type[SpecauditError] = AuditFileError):
        self.loader = loader
        self.path = path
        self.error = error

    def fail(self, node: yaml.Node | None, message: str) -> SpecauditError:
        line = node.start_mark.line + 1 if node is not None else None
        return self.error(message, path=self.path, line=line)

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Mapping node -> {key: (key node, value node)}; duplicate keys are an error
        (a botched merge that kept both blocks must not silently drop one)."""
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return {}
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                raise self.fail(knode, f"{what}: keys must be plain text")
            key = str(knode.value)
            if key in out:
                raise self.fail(knode, f"duplicate key {key!r} in {what} (an unresolved merge?)")
            out[key] = (knode, vnode)
        return out

    def scalar(self, node: yaml.Node, what: str):
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be a single value")
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:  # e.g. an unknown !!tag; str(exc) adds a second line
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise self.fail(node, f"{what}: {reason}") from None
        if isinstance(value, _dt.datetime | _dt.date):
            return value.isoformat()
        return value

    def text(self, fields: dict, name: str, what: str, required: bool = False) -> str | None:
        if name not in fields:
            if required:
                raise self.fail(None, f"{what}: missing {name!r}")
            return None
        value = self.scalar(fields[name][1], f"{what}.{name}")
        if value is None:
            if required:
                raise self.fail(fields[name][1], f"{what}: {name!r} is empty")
            return None
        return str(value)

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return list(node.value)

    def plain(self, node: yaml.Node, what: str):
        """The node as plain Python values (dict, list, scalars), duplicate keys refused at
        every depth: for files whose callers check their shape themselves."""
        if isinstance(node, yaml.MappingNode):
            return {k: self.plain(v, f"{what}.{k}") for k, (_kn, v) in self.mapping(node, what).items()}
        if isinstance(node, yaml.SequenceNode):
            return [self.plain(n, f"{what}[{i}]") for i, n in enumerate(node.value)]
        return self.scalar(node, what)


def _refuse_aliases(root: yaml.Node, reader: NodeReader, what: str) -> None:
    """A side file never needs anchors/aliases. Composition shares aliased nodes, so a
    node met twice is an alias; the walk stops at the first one, before any expansion."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise reader.fail(node, f"aliases are not allowed in {what}s")
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack += (k, v)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def compose(text: str, path: str, *, what: str, limit: int, error: type[SpecauditError] = AuditFileError,
            driver_merged: bool = False) -> tuple[NodeReader, yaml.Node | None]:
    """(reader, root node) of a side file's text; the root is None for an empty file.
    ``driver_merged``: the merge driver merges this file entry by entry (an audit file)."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # text decoded with surrogateescape by a caller
        raise error(f"{what} is not valid UTF-8", path=path, line=text.count("\n", 0, exc.start) + 1) from None
    if size > limit:
        raise error(f"{what} is too large (limit {limit} bytes)", path=path)
    if "\0" in text:
        raise error(f"{what} contains NUL bytes (binary?)", path=path)
    conflict = _CONFLICT.search(text)
    if conflict:
        # Git leaves these after a conflicting merge; YAML would only say "expected ':'".
        # `git checkout -m` redoes the merge with the driver, leaving the verdicts two
        # branches gave one clause to settle.
        redo = (f"; or merge it entry by entry: specaudit merge-driver --install, then git checkout -m -- {path}"
                if driver_merged else "")
        raise error(f"unresolved merge conflict (a '<<<<<<<' / '>>>>>>>' marker): resolve it in an editor, then "
                    f"rerun{redo}", path=path, line=text.count("\n", 0, conflict.start()) + 1)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        raise error(f"invalid YAML: {reason}", path=path, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        # ReaderError (a control character): a two-line str() with an offset, no mark.
        pos = getattr(exc, "position", None)
        line = text.count("\n", 0, pos) + 1 if isinstance(pos, int) else None
        raise error(f"invalid YAML: {str(exc).splitlines()[0]}", path=path, line=line) from None
    finally:
        loader.dispose()
    reader = NodeReader(loader, path, error)
    if root is not None:
        _refuse_aliases(root, reader, what)
    return reader, root


def check_schema(reader: NodeReader, root: yaml.Node, top: dict, *, current: int, what: str,
                 required: bool) -> int:
    """The file's ``schema:`` (``current`` when absent and not ``required``); a newer one
    is an error, never a silent downgrade."""
    if "schema" not in top:
        if required:
            raise reader.fail(root, f"missing 'schema' key (not a specaudit {what}?)")
        return current
    node = top["schema"][1]
    schema = reader.scalar(node, "schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise reader.fail(node, f"schema must be a whole number, got {schema!r}")
    if schema > current:
        raise reader.fail(node, f"{what} schema {schema} is newer than this specaudit understands ({current}); "
                                "upgrade specaudit")
    if schema < 1:
        raise reader.fail(node, f"unknown {what} schema {schema}")
    return schema


# -- writing -----------------------------------------------------------------------

@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection while a file's hundreds of thousands of nodes are built: each
    full pass walks all of them again, which made loading 200,000 entries take 3x as long
    as 50,000 four times. The nodes hold no cycles; reference counting frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks, so a scar's story diffs line by line."""


_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _str_representer(dumper: yaml.representer.BaseRepresenter, data: str) -> yaml.ScalarNode:
    if _SURROGATE.search(data):
        # Undecodable bytes (e.g. from a command-line argument) would be written as a
        # "\\uDCxx" escape that no YAML reader accepts: the file could never be read again.
        raise AuditFileError(f"cannot save {data[:80]!r}: it holds bytes that are not UTF-8; nothing was written")
    if _ODD_BREAKS.search(data):
        # Escaped double quotes: the one style every YAML parser reads back identically.
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    if "\n" in data and "\t" not in data and data == data.strip(" "):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_representer)


# libyaml's emitter (5x faster: a 200,000-entry file in 1 s instead of 5) writes the same
# bytes as the Python one, except that it escapes characters beyond the Basic Multilingual
# Plane (emoji), folds a long line elsewhere, ends a document whose last text ends in a
# line break with "..." and writes a key that needs escapes as "? key". Text like that
# keeps the Python emitter,
# so a file written before is written again byte for byte (tests/core/test_audit_dump.py).
def _c_dumper() -> type | None:
    if not getattr(yaml, "__with_libyaml__", False):
        return None

    class CDumper(yaml.CSafeDumper):
        """The same representers on libyaml's emitter."""

    CDumper.add_representer(str, _str_representer)
    return CDumper


C_DUMPER = _c_dumper()
_C_DIFFERS = re.compile("[\U00010000-\U0010ffff]")
_C_OPEN_END = ("\n", "\r", "\x85", "\u2028", "\u2029")  # a kept final break: libyaml adds "..."
_C_MAX_CHARS = 4_000  # shorter than the 10,000 columns lines are folded at, whatever the indent


def _dumper_for(doc: object, fast: type | None) -> type:
    if fast is None:
        return _Dumper
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if len(node) > _C_MAX_CHARS or _C_DIFFERS.search(node) or node.endswith(_C_OPEN_END):
                return _Dumper
        elif isinstance(node, dict):
            # A key that needs escapes: libyaml writes it as a complex key ("? ..."), PyYAML inline.
            if any(isinstance(k, str) and _ODD_BREAKS.search(k) for k in node):
                return _Dumper
            stack += node.keys()
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    return fast


def dump(doc: dict, header: str = "", *, fast: type | None = C_DUMPER) -> str:
    """``header`` (comment lines) and ``doc`` in the given key order, one line per scalar.
    ``fast``: libyaml's emitter where it writes the same bytes (None: always PyYAML's)."""
    return header + yaml.dump(doc, Dumper=_dumper_for(doc, fast), sort_keys=False, default_flow_style=False,
                              allow_unicode=True, width=10_000)
