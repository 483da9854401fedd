"""The subject of an EARS requirement, "[WHEN trigger,] THE <system name> SHALL <response>".

Read by the evidence engine (the system most criteria name points at no code in
particular, as "the system" does not) and by tightening (a criterion it writes names the
system as its neighbours do, in their case: "the Todo App shall", "THE Todo_System SHALL").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Up to four words between "the" and "shall", none holding punctuation ("When A, the B shall").
SUBJECT = re.compile(r"(?i)\b(the)\s+([^\s,.;:()]+(?:\s+[^\s,.;:()]+){0,3}?)\s+(shall)\b")
SYSTEM_MIN = 3  # criteria naming one subject before it is the whole system, not a part of it


def system_name(texts: Iterable[str]) -> str | None:
    """The subject most of the texts name (as first spelled), when at least SYSTEM_MIN do:
    the system itself. A subject fewer criteria name ("THE Sync_Service SHALL") is a part
    of the system."""
    count: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for text in texts:
        for name in dict.fromkeys(m.group(2) for m in SUBJECT.finditer(text)):
            key = name.casefold()
            count[key] = count.get(key, 0) + 1
            spelled.setdefault(key, name)
    best = max(count.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return spelled[best[0]] if best is not None and best[1] >= SYSTEM_MIN else None
