"""HTML, Vue and Svelte files for the parser: their inline scripts kept in place (all else
blanked, so lines and byte offsets stay the file's), and the handlers their markup names
(``onclick="save(1)"``, Vue's ``@click``, Svelte's ``on:click``), which the script's parse
cannot see."""

from __future__ import annotations

import re

from specaudit.core.code.languages import JAVASCRIPT, TYPESCRIPT

# Handlers named in markup (onclick="save(1)", Vue's @click="save", Svelte's on:click={save}),
# also inside a script's template strings: uses of the script's functions the parser does
# not see, since attribute values are text to it.
_HANDLER = re.compile(rb"""(?:\bon[a-z]+|@[\w.:-]+|\bv-on:[\w.:-]+)\s*=\s*\\?(["'])(.*?)\\?\1|\bon:[\w]+=\{([^}\n]*)\}""",
                      re.I | re.S)
_NAME = re.compile(rb"[A-Za-z_$][\w$]*")


def with_handlers(refs: dict[str, tuple[int, ...]], data: bytes) -> dict[str, tuple[int, ...]]:
    extra: dict[str, set[int]] = {}
    for m in _HANDLER.finditer(data):
        value = m.group(2) if m.group(2) is not None else m.group(3) or b""
        line = data.count(b"\n", 0, m.start()) + 1
        for name in _NAME.findall(value[:400]):
            extra.setdefault(name.decode("ascii", "replace"), set()).add(line)
    if not extra:
        return refs
    out = dict(refs)
    for name, lines in extra.items():
        out[name] = tuple(sorted(set(out.get(name, ())) | lines))
    return out


_SCRIPT_OPEN = re.compile(rb"<script\b([^>]*)>", re.I)
_SCRIPT_CLOSE = re.compile(rb"</script\s*>", re.I)
_BLANK = bytes(10 if b == 10 else 32 for b in range(256))
_TS_LANG = re.compile(rb"""\blang\s*=\s*["']?(ts|tsx|typescript)\b""", re.I)


def scripts_only(data: bytes) -> tuple[bytes, tuple[tuple[int, int], ...], str]:
    """An HTML/Vue/Svelte file with everything but its inline scripts blanked (newlines
    kept, so lines and byte offsets stay the file's), the scripts' line spans, and the
    grammar to read them with (TypeScript when a script says ``lang="ts"``)."""
    out = bytearray(data.translate(_BLANK))  # newlines kept, everything else a space
    regions = []
    lang = JAVASCRIPT
    pos = 0
    while (m := _SCRIPT_OPEN.search(data, pos)) is not None:
        end = _SCRIPT_CLOSE.search(data, m.end())
        stop = end.start() if end is not None else len(data)
        if b"src=" not in m.group(1).lower():
            out[m.end():stop] = data[m.end():stop]
            if _TS_LANG.search(m.group(1)):
                lang = TYPESCRIPT
            first = data.count(b"\n", 0, m.end()) + 1
            regions.append((first, first + data.count(b"\n", m.end(), stop)))
        pos = end.end() if end is not None else len(data)
    return bytes(out), tuple(regions), lang
