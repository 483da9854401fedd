"""What tightening refuses to write, checked before any byte reaches the disk.

- Text only: a control character, a bidi override or a lone surrogate in the clause text
  (from a scar title, its incident, a review note, or ``--text``) is refused, naming where
  it came from. A NUL would make the spec "a binary file"; ESC, CR, U+009B and U+202E
  would hide or reorder what a reviewer reads in the spec and in every later diff of it.
- One clause: the spec is parsed again after the edit and must differ by exactly the
  intended clause: one new clause (``--add``) or one changed clause (amend) that reads as
  the text we wrote, every other clause unchanged in kind, section, title and text. That
  catches each format's injection shape (a Spec Kit ``- **FR-999**:`` line, a Markdown
  heading, an OpenSpec ``### Requirement:``) without knowing it.
- Inside the repository: every file written (the spec, an OpenSpec change file) must
  resolve inside the repository, so a symlinked ``openspec/changes`` cannot take the
  write elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from specaudit.app.store.files import inside
from specaudit.core.errors import SpecError, UsageError
from specaudit.core.escape import first_unsafe, terminal_safe
from specaudit.core.markdown import split_lines
from specaudit.core.model import Clause, ClauseKind, Spec
from specaudit.formats.base import SpecFormat

# Beyond what a terminal must not see (core/escape.py): lone surrogates (they would be
# written as invalid UTF-8) and the Unicode line / paragraph separators.
_NOT_TEXT = re.compile("[\ud800-\udfff\u2028\u2029]")


_HEADING_LABEL = re.compile(r"^\D*\d+\s*[:：.\-—–]?\s*")
_LIST_MARK = re.compile(r"^[ \t]*[-*+][ \t]+", re.M)


def _folded(text: str) -> str:
    return " ".join(text.split())


def _describe(ch: str) -> str:
    if "\udc80" <= ch <= "\udcff":  # how a byte that is not UTF-8 is read (surrogateescape)
        return "a byte that is not UTF-8"
    return unicodedata.name(ch, "").lower() or "a control character"


def refuse_unsafe_text(text: str, sources: Sequence[tuple[str, str | None]]) -> None:
    """Raise when ``text`` holds a character a spec must not: the message names the first
    of ``sources`` (label, its text) holding it, e.g. ``scar S-1a2b's title``."""
    at = first_unsafe(text)
    m = _NOT_TEXT.search(text)
    if m is not None and (at is None or m.start() < at):
        at = m.start()
    if at is None:
        return
    ch = text[at]
    label = next((name for name, source in sources if source and ch in source), "the clause text")
    shown = terminal_safe(ch)
    shown = shown if shown != ch else f"\\u{ord(ch):04x}"
    raise UsageError(f"{label} contains {shown} ({_describe(ch)}), which a spec must not hold; "
                     "fix it and run again (nothing was written)")


def _shape(c: Clause) -> tuple:
    return (c.kind, c.section, c.title, _folded(c.text))


def keep_id(fmt: SpecFormat) -> Callable[[Clause, str], str]:
    """``text`` as the format writes it for ``clause`` (Markdown formats re-add its id)."""
    kept: Callable[[Clause, str], str] = getattr(fmt, "keep_id", lambda _c, t: t)
    return kept


def _kept_detail(before: Spec, key: str) -> str:
    """The lines of clause ``key`` an amend keeps: past its edit range (a Kiro or Spec Kit
    task's nested detail bullets stay under the rewritten headline)."""
    old = before.clause(key)
    if old is None:
        return ""
    edit_last = old.meta.get("edit", old.span)[1]
    return " ".join(split_lines(before.text)[edit_last: old.span[1]])


def _reads_as(fmt: SpecFormat, clause: Clause, body: str, detail: str = "") -> bool:
    """The clause reads as ``body`` (then the ``detail`` it kept): its text, or its heading
    and text (OpenSpec, Spec Kit stories take the first line as the heading), once the
    format re-adds its id."""
    with_id = keep_id(fmt)
    said = {_folded(clause.text)}
    if clause.title:
        said.add(_folded(f"{clause.title} {clause.text}"))
    if clause.meta.get("heading_level") and clause.title:
        # "### Requirement 13: <first line>" / "### User Story 5 - <first line>": the format
        # wrote the label, the text's first line is the rest of the heading.
        named = _HEADING_LABEL.sub("", clause.title, count=1)
        rest = clause.text[len(clause.title):] if clause.text.startswith(clause.title) else clause.text
        said.update((_folded(f"{named} {rest}"), _folded(rest)))
    bodies = [body]
    if clause.kind == ClauseKind.SCENARIO:
        # A Markdown story's criterion is read without its steps' list markers ("- **Given**").
        bodies.append(_LIST_MARK.sub("", body))
    wrote = {_folded(f"{b} {detail}") for b in bodies} | {_folded(f"{with_id(clause, b)} {detail}") for b in bodies}
    return bool(wrote & said)


def check_one_clause(before: Spec, after: Spec, key: str, body: str, fmt: SpecFormat, *, added: bool) -> None:
    """``after`` (parsed as the loader will parse it) is ``before`` with exactly clause ``key``
    added (``added``) or changed, and that clause reads as ``body``; anything else is
    refused, naming what would change."""
    new = after.clause(key)
    old_rest = [c for c in before.clauses if added or c.key != key]
    new_rest = [c for c in after.clauses if c.key != key]
    problem = None
    if after.format != before.format:  # detected again on every load: "**FR-1**" makes Spec Kit
        problem = f"the spec would read as a {after.format} spec, no longer {before.format}"
    elif new is None:
        problem = f"clause {key} would not be there"
    elif not added and [c.key for c in after.clauses] != [c.key for c in before.clauses]:
        problem = _what_changed(before.clauses, after.clauses)
    elif len(after.clauses) != len(before.clauses) + added or list(map(_shape, old_rest)) != list(map(_shape, new_rest)):
        problem = _what_changed(old_rest, new_rest)
    elif not _reads_as(fmt, new, body, "" if added else _kept_detail(before, key)):
        problem = f"clause {key} would read differently from the text given"
    if problem is None:
        return
    what = f"a new clause {key}" if added else f"clause {key}"
    line = new.span[0] if new is not None else None
    instead = "" if added else ", or keep the clause and add the text under it (--add)"
    raise SpecError(f"the text would not stay {what}: {problem}; write it as one plain paragraph{instead} "
                    "(nothing was written)", path=after.path, line=line)


def _what_changed(old: Iterable[Clause], new: Iterable[Clause]) -> str:
    old_keys = {c.key: c for c in old}
    new_keys = {c.key: c for c in new}
    extra = [k for k in new_keys if k not in old_keys]
    gone = [k for k in old_keys if k not in new_keys]
    if extra:
        return "it would also create clause " + ", ".join(extra[:3]) + (" ..." if len(extra) > 3 else "")
    if gone:
        return "clause " + ", ".join(gone[:3]) + " would no longer be there"
    for k, c in new_keys.items():
        if _shape(c) != _shape(old_keys[k]):
            return f"clause {k} would change"
    return "other clauses would change"


def without_clause(spec: Spec, key: str, parse: Callable[[str], Spec]) -> Spec:
    """The spec with clause ``key``'s lines taken out: how it read before an interrupted
    ``--add`` wrote that clause (checked by the caller with :func:`check_one_clause`)."""
    clause = spec.clause(key)
    if clause is None:
        raise SpecError(f"clause {key} is no longer in the spec", path=spec.path)
    lines = split_lines(spec.text)
    first, last = clause.span
    return parse("".join(lines[: first - 1] + lines[last:]))


def refuse_outside(root: Path, rels: Iterable[str]) -> None:
    """Every path to be written resolves inside the repository (no symlinked folder on the way)."""
    for rel in rels:
        if not inside(root, Path(root) / rel):
            raise SpecError("would write outside the repository (a symlink on the way); refused; "
                            "nothing was written", path=rel)
