"""The spec's own style for a tightened clause: the scar reference it always carries, the
EARS form Kiro criteria use, and wrapping to the width of the neighbouring clauses.

Pure text functions; ``app.tighten`` calls them before handing the text to the format's
write-back, which adds the bullet / number / bold id and indents continuation lines.
"""

from __future__ import annotations

import re
import textwrap

from specaudit.core.audit import Scar
from specaudit.core.ears import SUBJECT as EARS_SUBJECT
from specaudit.core.markdown import split_lines, strip_eol
from specaudit.core.model import Clause, Spec
from specaudit.core.scripts import JA_ZH
from specaudit.formats.kiro import ears_pattern
from specaudit.settings import LIMITS

_TRAIL = re.compile(r"[\s.;,]+$")
# A scenario's step written as a list item: OpenSpec's "- **WHEN** ...", "- **THEN** ...".
_STEP = re.compile(r"^([ \t]*[-*+][ \t]+\*\*)(given|when|then|and|but)(\*\*)", re.I | re.M)


def stepped(text: str) -> bool:
    """Whether a clause is a scenario written as steps with an outcome (a THEN)."""
    return any(m.group(2).upper() == "THEN" for m in _STEP.finditer(text))


def as_outcome(text: str, steps: str) -> str:
    """A scenario written as steps, amended: its situation (the steps before its first
    THEN) kept, ``text`` its outcome, in the same markup ("- **THEN** shows zero bars").
    The scenario stays one the format (and OpenSpec's validator) reads as steps."""
    lines = steps.strip("\n").split("\n")
    for i, line in enumerate(lines):
        m = _STEP.match(line)
        if m and m.group(2).upper() == "THEN":
            return "\n".join([*lines[:i], f"{m.group(1)}{m.group(2)}{m.group(3)} {text.strip()}"])
    return text


_INLINE_THEN = re.compile(r"\*\*then\*\*", re.I)


def as_inline_outcome(text: str, scenario: str) -> str:
    """A scenario written on one line ("**Given** ..., **When** ..., **Then** ...", Spec
    Kit's acceptance scenarios), amended: its situation kept, ``text`` after its last
    **Then**."""
    then = list(_INLINE_THEN.finditer(scenario))
    if not then:
        return text
    return f"{scenario[:then[-1].end()]} {text.strip()}"


def with_step(steps: str, text: str) -> str:
    """A scenario written as steps with ``text`` as one more outcome ("- **AND** ...")."""
    lines = steps.strip("\n").split("\n")
    m = next(filter(None, map(_STEP.match, reversed(lines))), None)
    if m is None:
        return f"{steps.strip()} {text.strip()}"
    word = "AND" if m.group(2).isupper() else "And"
    return "\n".join([*lines, f"{m.group(1)}{word}{m.group(3)} {text.strip()}"])


def scar_clause_text(scar: Scar) -> str:
    """The proposal from a scar: its title (the story stays in the audit and the brief)."""
    return with_scar_ref(scar.title.strip(), scar)


_PLAIN_WORD = re.compile(r"[a-z]+\b")
_LETTER = re.compile(r"[^\W\d_]")


def sentence_case(text: str, like: str | None) -> str:
    """``text`` opening with a capital where the clause it amends or sits under does
    ("cuts a month at 500 invoices" for "An export of up to 500 invoices ..."); a first word
    that is not a plain lower-case word (`retryOnce`, iOS) stays as it is."""
    body = text.lstrip()
    first = _LETTER.search(like or "")  # past a bullet or bold markup: "**AC2 — Empty title…"
    if first is not None and first.group().isupper() and _PLAIN_WORD.match(body):
        return body[0].upper() + body[1:]
    return text


def with_scar_ref(text: str, scar: Scar) -> str:
    """``text`` carrying the scar id and incident, appended when missing (also to --text)."""
    body = text.strip()
    missing = [] if scar.id in body else [f"scar {scar.id}"]
    if scar.incident and scar.incident not in body:
        missing.append(scar.incident)
    if not missing:
        return body
    return f"{_TRAIL.sub('', body)} ({', '.join(missing)})."


def system_name(spec: Spec, anchor: Clause | None) -> tuple[str, str]:
    """What the neighbouring criteria call the system, and how they spell SHALL:
    ('Todo_System', 'SHALL') for "THE Todo_System SHALL", ('Todo App', 'shall') for "the
    Todo App shall"; ('SYSTEM', 'SHALL') when none says."""
    for c in _neighbours(spec, anchor):
        m = EARS_SUBJECT.search(c.text)
        if m:
            return m.group(2), m.group(3)
    return "SYSTEM", "SHALL"


def ears(text: str, system: str = "SYSTEM", shall: str = "SHALL", lead: str | None = None) -> str:
    """A Kiro criterion in EARS form: text with no EARS keyword becomes 'THE <system> SHALL …'
    ('The <system> shall …' where the neighbours write the keywords in lower case), or
    ``lead`` and the text (an amended criterion's own trigger and subject, ``ears_lead``)."""
    body = text.strip()
    if ears_pattern(body) is not None:
        return body
    if body[:1].isupper() and not body[1:2].isupper():
        body = body[0].lower() + body[1:]
    if lead:
        return f"{lead} {body}"
    return f"{'THE' if shall.isupper() else 'The'} {system} {shall} {body}"


_SHALL = re.compile(r"\bshall\b", re.I)


def ears_lead(criterion: str) -> str | None:
    """An English EARS criterion's words up to its SHALL: its trigger and subject ("WHEN a
    user selects a theme, THE Todo App SHALL"), which an amendment keeps; None for a
    criterion whose SHALL closes it (Japanese: "WHEN … THEN システムは…する SHALL")."""
    m = _SHALL.search(criterion)
    if m is None or not criterion[m.end():].strip() or JA_ZH.search(criterion[:m.end()]):
        return None
    return " ".join(criterion[:m.end()].split())


def _neighbours(spec: Spec, anchor: Clause | None) -> list[Clause]:
    if anchor is None:
        return list(spec.clauses)
    same = [c for c in spec.clauses if c.section == anchor.section and c.kind == anchor.kind]
    return same or [c for c in spec.clauses if c.section == anchor.section] or list(spec.clauses)


# A line that starts an item of its own (a step, a bullet, a bold label), not a wrapped one.
_ITEM_START = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|\*\*)")


def wrap_width(spec: Spec, anchor: Clause | None) -> int | None:
    """The column the neighbouring clauses wrap at, or None when they do not wrap (every
    one is a single line, as Spec Kit FRs usually are, or lines that each start an item:
    a scenario's steps): then nothing is wrapped."""
    lines = split_lines(spec.text)
    multi = [c for c in _neighbours(spec, anchor) if c.span[1] > c.span[0] and not c.meta.get("heading_level")
             and not all(_ITEM_START.match(lines[i]) for i in range(c.span[0], min(c.span[1], len(lines))))]
    if not multi:
        return None
    width = max(len(strip_eol(lines[i]).rstrip()) for c in multi for i in range(c.span[0] - 1, min(c.span[1], len(lines))))
    return width if width >= LIMITS.tighten_min_wrap_width else None


def wrap_clause(text: str, width: int | None, prefix: str) -> str:
    """Re-flow each paragraph of ``text`` so that, once the format puts ``prefix`` before the
    first line and indents the others under it, no line passes ``width``."""
    if width is None:
        return text.strip()
    indent = " " * len(prefix.expandtabs(4))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    out = []
    for para in paragraphs:
        lines = textwrap.wrap(para, width, initial_indent=indent, subsequent_indent=indent,
                              break_long_words=False, break_on_hyphens=False)
        out.append("\n".join(line[len(indent):] for line in lines))
    return "\n\n".join(out)
