"""Markdown outline from markdown-it-py token line maps, shared by the Markdown spec formats.

Line numbers come from the parser's maps, never from line regexes, so a heading inside a
fenced block or an HTML comment is not a heading. Lines are split exactly as markdown-it
splits them (CRLF, CR and LF all end a line) so the maps index our line list directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_EOL_RE = re.compile(r"(\r\n|\r|\n)\Z")
BOM = "\ufeff"
# A list marker (bullet or ordered) and the spaces after it.
_MARKER_RE = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|(?<=[。！？])")
_EMPHASIS = re.compile(r"\*\*|__|`")
TITLE_MAX = 80


@dataclass(frozen=True)
class Block:
    """A block of the outline. ``start``/``end`` are 0-based line indexes, ``end``
    exclusive, trailing blank lines trimmed.

    kinds: heading, paragraph, item, fence, code, table, quote, html, hr.
    ``depth`` is the list nesting depth of an item (0 for an item of a top-level list);
    ``parent`` is the index (in the outline) of the enclosing item, or -1.
    """

    kind: str
    start: int
    end: int
    level: int = 0
    inline: str = ""
    marker: str = ""
    depth: int = 0
    parent: int = -1


@cache
def _md() -> MarkdownIt:
    # Block structure only: the outline reads inline tokens' raw ``content``, never their
    # children, so the inline pass (a fifth of the parse of a 100k-clause spec) is skipped.
    return MarkdownIt("commonmark").enable("table").disable("inline")


# The outline of the last text parsed: detecting a spec's format and then parsing it read
# the same text twice (half the time `clauses` and `check` spent on a 100k-clause spec).
_last: tuple[str, list[Block]] | None = None


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split exactly like markdown-it does."""
    return _LINE_RE.findall(text)


def strip_eol(line: str) -> str:
    m = _EOL_RE.search(line)
    return line[: m.start()] if m else line


def eol_of(line: str) -> str:
    m = _EOL_RE.search(line)
    return m.group(1) if m else ""


def dominant_eol(lines: list[str]) -> str:
    counts: dict[str, int] = {}
    for line in lines:
        e = eol_of(line)
        if e:
            counts[e] = counts.get(e, 0) + 1
    return max(counts, key=lambda e: counts[e]) if counts else "\n"


_ROOT_KINDS = {
    "paragraph_open": "paragraph",
    "fence": "fence",
    "code_block": "code",
    "table_open": "table",
    "blockquote_open": "quote",
    "html_block": "html",
    "hr": "hr",
}


def outline(text: str, lines: list[str] | None = None) -> list[Block]:
    """Headings, root-level blocks and every list item (at any depth) in document order."""
    global _last
    if _last is not None and _last[0] is text:
        return list(_last[1])
    blocks = _outline(text, split_lines(text) if lines is None else lines)
    _last = (text, blocks)
    return list(blocks)


_FRONT_KEY = re.compile(r"^[\w-]+[ \t]*:")


def front_matter_lines(lines: list[str]) -> int:
    """How many lines a leading YAML front matter block takes (``---`` ... ``---``/``...``,
    its first entry a ``key:``), 0 without one. BMAD and static-site files open with it;
    it is metadata, not clauses, and its closing ``---`` would make a setext heading."""
    if not lines or strip_eol(lines[0]).lstrip(BOM).rstrip() != "---":
        return 0
    body = [strip_eol(ln) for ln in lines[1:]]
    first = next((ln for ln in body if ln.strip()), "")
    if not _FRONT_KEY.match(first):
        return 0
    for n, ln in enumerate(body, start=2):
        if ln.rstrip() in ("---", "..."):
            return n
    return 0


def _outline(text: str, lines: list[str]) -> list[Block]:
    src = text[1:] if text.startswith(BOM) else text
    skip = front_matter_lines(lines)
    if skip:  # blank lines in its place: the token maps still index ``lines``
        src = "\n" * skip + "".join(lines[skip:])
    tokens = _md().parse(src)
    blocks: list[Block] = []
    item_stack: list[int] = []  # outline indexes of open list items
    quote_depth = 0
    for i, tok in enumerate(tokens):
        t = tok.type
        if t == "blockquote_open":
            if quote_depth == 0 and not item_stack and tok.map:
                blocks.append(_block(lines, "quote", tok.map))
            quote_depth += 1
            continue
        if t == "blockquote_close":
            quote_depth -= 1
            continue
        if quote_depth:
            continue
        if t == "list_item_open" and tok.map:
            parent = item_stack[-1] if item_stack else -1
            blocks.append(
                _block(lines, "item", tok.map, marker=tok.markup, depth=len(item_stack), parent=parent)
            )
            item_stack.append(len(blocks) - 1)
        elif t == "list_item_close":
            if item_stack:
                item_stack.pop()
        elif item_stack:
            continue  # content of an item belongs to the item
        elif t == "heading_open" and tok.map:
            inline = tokens[i + 1].content if i + 1 < len(tokens) else ""
            blocks.append(_block(lines, "heading", tok.map, level=int(tok.tag[1:]), inline=inline))
        elif t in _ROOT_KINDS and tok.map and tok.level == 0:
            inline = tokens[i + 1].content if t == "paragraph_open" and i + 1 < len(tokens) else ""
            blocks.append(_block(lines, _ROOT_KINDS[t], tok.map, inline=inline))
    return blocks


def _block(lines: list[str], kind: str, span, **kw) -> Block:
    start, end = span
    end = min(end, len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return Block(kind, start, max(end, start + 1), **kw)


_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def unclosed_fence(lines: list[str], block: Block) -> bool:
    """True when a fence block runs to the end of the file without its closing fence."""
    m = _FENCE_OPEN.match(strip_eol(lines[block.start]).lstrip(BOM))
    if not m or block.end < len(lines):
        return False
    fence = m.group(1)
    last = strip_eol(lines[block.end - 1]).strip()
    return block.end - 1 == block.start or not (last.startswith(fence[0] * len(fence)) and not last.strip(fence[0]))


def item_own_end(blocks: list[Block], index: int) -> int:
    """End line of an item's own text: up to its first nested item, if any."""
    b = blocks[index]
    for child in blocks[index + 1 :]:
        if child.start >= b.end:
            break
        if child.kind == "item" and child.parent == index:
            return max(b.start + 1, child.start)
    return b.end


def item_number(lines: list[str], block: Block) -> int | None:
    """The number written before an ordered list item (``3.`` -> 3), else None."""
    m = _MARKER_RE.match(strip_eol(lines[block.start]).lstrip(BOM))
    return int(m.group(2)[:-1]) if m and m.group(2)[:-1].isdigit() else None


def item_text(lines: list[str], start: int, end: int) -> str:
    """An item's source text with the list marker removed and continuation lines dedented."""
    first = strip_eol(lines[start]).lstrip(BOM)
    m = _MARKER_RE.match(first)
    indent = 0
    if m:
        indent = len(m.group(0)) if m.group(3) else len(m.group(0)) + 1
        first = first[m.end() :]
    out = [first]
    for line in lines[start + 1 : end]:
        line = strip_eol(line)
        lead = len(line) - len(line.lstrip(" \t"))
        out.append(line[min(lead, indent) :])
    return "\n".join(out).strip()


def block_text(lines: list[str], start: int, end: int) -> str:
    return "\n".join(strip_eol(line) for line in lines[start:end]).lstrip(BOM).strip()


def title_of(text: str) -> str:
    """A short title: the first sentence (or line) of the text, emphasis removed."""
    first = text.strip().split("\n", 1)[0]
    first = _EMPHASIS.sub("", first).strip()
    parts = _SENTENCE_END.split(first, maxsplit=1)
    title = parts[0].strip() if parts and parts[0].strip() else first
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    return title


_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[ivxlc]+[.)]|[a-z][.)])\s+", re.I)
_SLUG_STRIP = re.compile(r"[^\w]+")


def clean_heading(text: str) -> str:
    """Heading text without emphasis, trailing '#'s or a leading section number."""
    text = _EMPHASIS.sub("", text).strip().rstrip("#").strip()
    return _NUMBERING.sub("", text).strip()


def slug(text: str) -> str:
    s = _SLUG_STRIP.sub("-", clean_heading(text).lower()).strip("-_")
    return s or "section"
