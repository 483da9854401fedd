"""Reading file contents out of git: the one blob reader.

One file is ``SafeGit.show_file`` (``git cat-file blob REV:PATH``, an error when it is
missing); ``read_blob`` is the same with None for a missing file. Many files at once go
through one ``git cat-file --batch`` process (``batch_blobs``), which the drift check,
the tests map and the definitions index use to read thousands of blobs.
"""

from __future__ import annotations

from specaudit.core.errors import GitError
from specaudit.vcs.runner import SafeGit, check_ref, split_lines


def read_blob(repo: SafeGit, rev: str, path: str) -> bytes | None:
    """The file at ``rev``, or None when it does not exist there."""
    try:
        return repo.show_file(rev, path)
    except GitError:
        return None


def lines_at(repo: SafeGit, commit: str, path: str) -> list[str] | None:
    """The file's lines at ``commit`` (None if it does not exist there)."""
    raw = read_blob(repo, commit, path)
    return None if raw is None else split_lines(raw)


def batch_blobs(repo: SafeGit, names: list[str]) -> dict[str, bytes | None]:
    """Many objects named ``commit:path`` (or by blob id) through one ``git cat-file
    --batch``; a name that is not a blob maps to None, and so does a path out of the
    repository (a task's "../client.js": git would end the whole batch on it)."""
    wanted = [n for n in dict.fromkeys(names) if "\n" not in n and "\r" not in n and _inside(n)]
    out: dict[str, bytes | None] = {}
    if not wanted:
        return out
    for n in wanted:
        check_ref(n)
    data = repo.run("cat-file", "--batch", stdin="".join(f"{n}\n" for n in wanted).encode("utf-8", "surrogateescape"))
    pos = 0
    for key in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end].split(b" ")
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out[key] = data[pos:pos + size]
            pos += size + 1
        else:
            if len(header) == 3:  # a tree or commit named by mistake: skip its body
                pos += int(header[2]) + 1
            out[key] = None
    return out


def _inside(name: str) -> bool:
    _rev, sep, path = name.partition(":")
    return not sep or not (path.startswith("/") or ".." in path.replace("\\", "/").split("/"))


def batch_lines(repo: SafeGit, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[str] | None]:
    """Many (commit, path) blobs through one ``git cat-file --batch``."""
    wanted = [(c, p) for c, p in pairs if "\n" not in p and "\r" not in p]
    for c, _ in wanted:
        check_ref(c)
    blobs = batch_blobs(repo, [f"{c}:{p}" for c, p in wanted])
    out: dict[tuple[str, str], list[str] | None] = {}
    for c, p in wanted:
        raw = blobs.get(f"{c}:{p}")
        out[(c, p)] = split_lines(raw) if raw is not None else None
    for c, p in pairs:
        if (c, p) not in out:
            out[(c, p)] = lines_at(repo, c, p)
    return out
