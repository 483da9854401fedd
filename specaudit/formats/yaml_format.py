"""YAML specs: a documented schema (docs/spec-formats.md).

    title: Payment retry            # optional
    clauses:                        # or the document itself is this list
      - id: PAY-1                   # required, unique
        kind: requirement           # a ClauseKind value; default requirement
        title: Retry transient errors   # optional; default: first sentence of text
        text: Retry a charge that failed with a transient gateway error.
        refs: [PAY-0]               # optional
        children: [...]             # optional nested clauses, same shape

Loaded safely: composed to nodes with PyYAML's SafeLoader (no object construction),
with limits on size, alias count, nesting depth and alias expansion. Write-back edits the
text at the node's character offsets, so every other byte stays as it was.
"""

from __future__ import annotations

import bisect
import json
import re

import yaml

from specaudit.core.errors import SpecError
from specaudit.core.fingerprint import text_fingerprint
from specaudit.core.markdown import dominant_eol, split_lines, title_of
from specaudit.core.model import Clause, ClauseKind, Problem, Spec
from specaudit.formats._common import insert_lines, require_clause
from specaudit.settings import LIMITS

_KINDS = {k.value for k in ClauseKind}
_MAX_VISITS = 200_000  # node visits while walking, aliases included: bounds alias expansion


class _Limit(Exception):
    # A character offset, not YAML's line: YAML also breaks lines at U+2028/U+0085,
    # which the rest of specaudit (and editors) do not, so its line numbers drift.
    def __init__(self, message: str, index: int):
        super().__init__(message)
        self.index = index


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _split_bom(text: str) -> tuple[str, str]:
    """(bom, body): marks index the body, so offsets into it are exact with or without libyaml."""
    return ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)


def _safe_compose(text: str) -> yaml.Node | None:
    try:
        return _compose_with(text, _FAST_LOADER)
    except UnicodeEncodeError:  # undecodable bytes (surrogate escapes): the pure reader reports them
        return _compose_with(text, yaml.SafeLoader)


def _compose_with(text: str, loader) -> yaml.Node | None:
    """Compose after checking alias count and nesting depth on the event stream."""
    aliases = depth = 0
    for ev in yaml.parse(text, Loader=loader):
        if isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > LIMITS.max_yaml_aliases:
                raise _Limit(f"too many YAML aliases (limit {LIMITS.max_yaml_aliases})", _index(ev))
        elif isinstance(ev, yaml.CollectionStartEvent):
            depth += 1
            if depth > LIMITS.max_yaml_depth:
                raise _Limit(f"YAML nested too deeply (limit {LIMITS.max_yaml_depth})", _index(ev))
        elif isinstance(ev, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.compose(text, Loader=loader)


def _index(ev: yaml.Event) -> int:
    """Where an event starts; the parser marks every event, 0 covers a mark-less one."""
    return ev.start_mark.index if ev.start_mark is not None else 0


def _get(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


class _Walker:
    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self.starts = [0]
        for line in split_lines(text):
            self.starts.append(self.starts[-1] + len(line))
        self.clauses: list[Clause] = []
        self.problems: list[Problem] = []
        self.visits = 0
        self.seen: dict[str, int] = {}

    def line_of(self, index: int) -> int:
        """1-based line of a character offset."""
        return max(1, bisect.bisect_right(self.starts, index))

    def last_line(self, node: yaml.Node) -> int:
        end = node.end_mark.index
        while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
            end -= 1
        return self.line_of(max(node.start_mark.index, end - 1))

    def scalar(self, node: yaml.Node | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{what} must be a string")
            return None
        return str(node.value)

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, self.line_of(node.start_mark.index), message))

    def unique_keys(self, node: yaml.MappingNode, what: str) -> None:
        """Report a key written twice in one mapping: YAML keeps one of the two silently."""
        first: dict[str, int] = {}
        for k, _v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                continue
            line = self.line_of(k.start_mark.index)
            if k.value in first:
                self.problem(k, f"duplicate key {k.value!r} in {what} (first at line {first[k.value]}); "
                                "the first is used")
            else:
                first[k.value] = line

    def walk(self, seq: yaml.Node, section: tuple[str, ...], what: str = "clauses") -> None:
        if not isinstance(seq, yaml.SequenceNode):
            self.problem(seq, f"{what} must be a list")
            return
        for item in seq.value:
            self.visits += 1
            if self.visits > _MAX_VISITS:
                raise _Limit("YAML alias expansion too large", item.start_mark.index)
            if not isinstance(item, yaml.MappingNode):
                self.problem(item, "a clause must be a mapping with id and text")
                continue
            self.clause(item, section)

    def clause(self, node: yaml.MappingNode, section: tuple[str, ...]) -> None:
        self.unique_keys(node, "a clause")
        ident = self.scalar(_get(node, "id"), "id")
        text = self.scalar(_get(node, "text"), "text")
        if not ident or text is None:
            self.problem(node, "clause without id or text skipped")
        else:
            kind = self.scalar(_get(node, "kind"), "kind") or ClauseKind.REQUIREMENT.value
            if kind not in _KINDS:
                self.problem(node, f"unknown kind {kind!r}; using 'note'")
                kind = ClauseKind.NOTE.value
            refs_node = _get(node, "refs")
            refs: tuple[str, ...] = ()
            if isinstance(refs_node, yaml.SequenceNode):
                refs = tuple(str(r.value) for r in refs_node.value if isinstance(r, yaml.ScalarNode))
            elif refs_node is not None:
                self.problem(refs_node, "refs must be a list of ids ([PAY-0]); ignored")
            key = ident
            flags: tuple[str, ...] = ()
            if key in self.seen:
                n = 2
                while f"{ident}~{n}" in self.seen:
                    n += 1
                key, flags = f"{ident}~{n}", ("duplicate-id",)
                self.problem(node, f"duplicate id {ident} (first at line {self.seen[ident]}); kept as {key}")
            self.seen[key] = self.line_of(node.start_mark.index)
            self.clauses.append(Clause(
                key=key, kind=kind, title=self.scalar(_get(node, "title"), "title") or title_of(text),
                text=text, section=section, span=(self.line_of(node.start_mark.index), self.last_line(node)),
                fingerprint=text_fingerprint(text), refs=refs, flags=flags, meta={"id": ident},
            ))
        children = _get(node, "children")
        if children is not None:
            self.walk(children, (*section, ident or "?"), "children")


class YamlFormat:
    name = "yaml"
    description = "YAML clause list (id, kind, text, optional children); schema in docs/spec-formats.md"

    def detect(self, path: str, text: str) -> int:
        if not path.lower().endswith((".yaml", ".yml")):
            return 0
        return 80 if re.search(r"^\s*(?:-\s+)?id\s*:", text, re.M) else 30

    def parse(self, path: str, text: str) -> Spec:
        walker = _Walker(path, _split_bom(text)[1])
        title = ""
        if len(text) > LIMITS.max_yaml_bytes:
            walker.problems.append(Problem(path, 1, f"YAML spec too large (limit {LIMITS.max_yaml_bytes} bytes)", "error"))
            return Spec(path, self.name, title, [], text, walker.problems)
        try:
            root = _safe_compose(walker.text)
            if isinstance(root, yaml.MappingNode):
                walker.unique_keys(root, "the document")
                title = walker.scalar(_get(root, "title"), "title") or ""
                clauses = _get(root, "clauses")
                if clauses is None:
                    walker.problem(root, "no 'clauses' list")
                else:
                    walker.walk(clauses, ())
            elif isinstance(root, yaml.SequenceNode):
                walker.walk(root, ())
            elif root is not None:
                walker.problem(root, "expected a mapping with 'clauses' or a list of clauses")
        except _Limit as exc:
            walker.clauses.clear()
            walker.problems.append(Problem(path, walker.line_of(exc.index), str(exc), "error"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            pos = getattr(exc, "position", None)  # ReaderError: bad character at an offset
            index = mark.index if mark else pos if isinstance(pos, int) else 0
            line = walker.line_of(index)
            msg = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            walker.problems.append(Problem(path, line, f"invalid YAML: {msg}", "error"))
        return Spec(path, self.name, title, walker.clauses, text, walker.problems)

    # -- write-back ---------------------------------------------------------------------
    def _nodes(self, spec: Spec) -> tuple[yaml.Node | None, dict[str, tuple[yaml.MappingNode, yaml.SequenceNode]]]:
        try:
            root = _safe_compose(_split_bom(spec.text)[1])
        except (yaml.YAMLError, _Limit) as exc:
            raise SpecError(f"cannot edit invalid YAML: {exc}", path=spec.path) from None
        found: dict[str, tuple[yaml.MappingNode, yaml.SequenceNode]] = {}

        def walk(seq):
            if not isinstance(seq, yaml.SequenceNode):
                return
            for item in seq.value:
                if isinstance(item, yaml.MappingNode):
                    ident = _get(item, "id")
                    if isinstance(ident, yaml.ScalarNode) and ident.value not in found:
                        found[str(ident.value)] = (item, seq)
                    walk(_get(item, "children"))

        seq = _get(root, "clauses") if isinstance(root, yaml.MappingNode) else root
        walk(seq)
        return seq, found

    def _entry_lines(self, dash_col: int, ident: str, kind: str, text: str) -> list[str]:
        pad = " " * dash_col
        shown = ident if re.fullmatch(r"[A-Za-z][\w.\-]*", ident) else json.dumps(ident, ensure_ascii=False)
        return [f"{pad}- id: {shown}",
                f"{pad}  kind: {kind}",
                f"{pad}  text: {json.dumps(text.strip(), ensure_ascii=False)}"]

    def _next_id(self, spec: Spec, like: str) -> str:
        m = re.match(r"^(.*?)(\d+)$", like)
        taken = {c.key for c in spec.clauses}
        if m:
            nums = [int(mm.group(1)) for c in spec.clauses
                    if (mm := re.match(rf"^{re.escape(m.group(1))}(\d+)$", c.key))]
            cand = f"{m.group(1)}{max(nums, default=0) + 1:0{len(m.group(2))}d}"
        else:
            cand = f"{like}-2"
        while cand in taken:
            cand += "-new"
        return cand

    def _insert_after_node(self, spec: Spec, node: yaml.Node, like: str, text: str, kind: str) -> tuple[str, str]:
        bom, body = _split_bom(spec.text)
        walker = _Walker(spec.path, body)
        line = walker.line_of(node.start_mark.index)
        if not isinstance(node, yaml.CollectionNode):  # a bare value in the list, not a clause
            raise SpecError("cannot insert after a list item that is not a clause", path=spec.path, line=line)
        if node.flow_style:
            raise SpecError("cannot insert into a flow-style YAML list", path=spec.path, line=line)
        line_text = split_lines(body)[line - 1]
        column = node.start_mark.index - walker.starts[line - 1]
        dash_col = max(0, line_text.rfind("-", 0, column))
        ident = self._next_id(spec, like)
        new = self._entry_lines(dash_col, ident, kind or ClauseKind.REQUIREMENT.value, text)
        return bom + insert_lines(body, walker.last_line(node), new), ident

    def insert_after(self, spec: Spec, after_key: str, text: str, kind: str) -> tuple[str, str]:
        clause = require_clause(spec, after_key)
        _, found = self._nodes(spec)
        node, _seq = found[clause.meta.get("id", clause.key)]
        return self._insert_after_node(spec, node, clause.key, text, kind)

    def append_to_section(self, spec: Spec, section: str, text: str, kind: str) -> tuple[str, str]:
        seq, found = self._nodes(spec)
        if section and section not in ("clauses", "") and section in found:
            children = _get(found[section][0], "children")
            if not isinstance(children, yaml.SequenceNode) or not children.value:
                raise SpecError(f"clause {section} has no children list to append to", path=spec.path)
            seq = children
        if not isinstance(seq, yaml.SequenceNode) or not seq.value:
            raise SpecError("no clause list to append to", path=spec.path)
        last = seq.value[-1]
        like = self.scalar_id(last) or "C1"
        return self._insert_after_node(spec, last, like, text, kind)

    @staticmethod
    def scalar_id(node: yaml.Node) -> str | None:
        ident = _get(node, "id") if isinstance(node, yaml.MappingNode) else None
        return str(ident.value) if isinstance(ident, yaml.ScalarNode) else None

    def replace_clause_text(self, spec: Spec, key: str, text: str) -> str:
        clause = require_clause(spec, key)
        _, found = self._nodes(spec)
        node = _get(found[clause.meta.get("id", clause.key)][0], "text")
        if not isinstance(node, yaml.ScalarNode):
            raise SpecError(f"clause {key} has no text to replace", path=spec.path)
        bom, body = _split_bom(spec.text)
        start, end = node.start_mark.index, node.end_mark.index
        old = body[start:end]
        new = json.dumps(text, ensure_ascii=False)
        # A block scalar's region runs to the next line: keep that line break.
        tail = old[len(old.rstrip("\r\n")):] if node.style in ("|", ">") else ""
        if node.style in ("|", ">") and not tail:
            tail = dominant_eol(split_lines(body))
        return bom + body[:start] + new + tail + body[end:]


FORMAT = YamlFormat()
