"""Short names that tell a change's files apart, as editor tabs do (VS Code's labels):
a file's name alone when no other changed file has that name, else the name plus the
shortest folder part that no namesake shares ("README.md · contracts", "README.md ·
(root)" for the one at the top). A file that moved keeps its name and says where it is
now ("script.js · legacy"): the folder is what changed. Pure: paths in, labels out; the
file list cuts the name, never the folder hint, when it is narrow (``fit_label``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection

SEP = " \u00b7 "
ROOT = "(root)"
ELLIPSIS = "\u2026"


def _contains(folders: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(folders[i:i + n] == part for i in range(len(folders) - n + 1))


def _hint(folders: list[str], others: list[list[str]]) -> str:
    """The shortest run of ``folders`` found in none of ``others``, nearest the file first;
    "…/" and "/…" mark folders left out before and after it."""
    if not folders:
        return ROOT
    for length in range(1, len(folders) + 1):
        for start in range(len(folders) - length, -1, -1):
            part = folders[start:start + length]
            if not any(_contains(o, part) for o in others):
                return ("\u2026/" if start else "") + "/".join(part) + ("/\u2026" if start + length < len(folders) else "")
    return "/".join(folders)


def label_parts(paths: list[str], moved: Collection[str] = ()) -> dict[str, tuple[str, str]]:
    """path -> (its name, the folder hint that tells it apart: "" when the name alone
    does). ``moved``: paths whose folder changed in the change; they always get a hint."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for path in dict.fromkeys(paths):
        by_name[path.rsplit("/", 1)[-1]].append(path)
    out: dict[str, tuple[str, str]] = {}
    for name, group in by_name.items():
        folders = {p: p.split("/")[:-1] for p in group}
        for p in group:
            others = [f for q, f in folders.items() if q != p]
            out[p] = (name, _hint(folders[p], others) if others or p in moved else "")
    return out


def file_labels(paths: list[str], moved: Collection[str] = ()) -> dict[str, str]:
    """path -> its label among ``paths``."""
    return {p: name + (SEP + hint if hint else "") for p, (name, hint) in label_parts(paths, moved).items()}


def fit_label(name: str, hint: str, width: int, advance: Callable[[str], int],
              elide_middle: Callable[[str, int], str]) -> str:
    """The label in ``width`` pixels: whole when it fits, else the name cut in the middle
    and the folder hint whole (it is what tells namesakes apart); only when there is not
    room for a few letters of the name beside it is the whole label cut in the middle."""
    full = name + (SEP + hint if hint else "")
    if advance(full) <= width:
        return full
    if not hint:
        return elide_middle(name, width)
    tail = SEP + hint
    room = width - advance(tail)
    if room >= advance(name[:3] + ELLIPSIS):
        return elide_middle(name, room) + tail
    return elide_middle(full, width)
