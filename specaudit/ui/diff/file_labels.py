"""Short names that tell a change's files apart, as editor tabs do (VS Code's labels):
a file's name alone when no other changed file has that name, else the name plus the
shortest folder part that no namesake shares ("README.md · contracts", "README.md · /"
for the one at the top). Pure: paths in, labels out."""

from __future__ import annotations

from collections import defaultdict

SEP = " \u00b7 "
ROOT = "/"


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


def file_labels(paths: list[str]) -> dict[str, str]:
    """path -> its label among ``paths``."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for path in dict.fromkeys(paths):
        by_name[path.rsplit("/", 1)[-1]].append(path)
    out: dict[str, str] = {}
    for name, group in by_name.items():
        if len(group) == 1:
            out[group[0]] = name
            continue
        folders = {p: p.split("/")[:-1] for p in group}
        for p in group:
            out[p] = name + SEP + _hint(folders[p], [f for q, f in folders.items() if q != p])
    return out
