"""The files of a commit (``git ls-tree -r -l``): path, blob id, size, mode."""

from __future__ import annotations

from dataclasses import dataclass

from specaudit.vcs.runner import SafeGit, check_ref


@dataclass(frozen=True)
class TreeBlob:
    path: str
    oid: str
    size: int
    mode: str  # "100644", "100755", "120000" (a symlink)

    @property
    def regular(self) -> bool:
        return self.mode in ("100644", "100755")


def list_blobs(repo: SafeGit, rev: str) -> list[TreeBlob]:
    """Every blob of ``rev``'s tree, recursively (submodules left out); a path that is not
    UTF-8 keeps its bytes as surrogates, as git handed them over."""
    check_ref(rev)
    raw = repo.run("ls-tree", "-r", "-z", "-l", "--end-of-options", rev)
    out: list[TreeBlob] = []
    for entry in raw.split(b"\0"):
        if not entry or b"\t" not in entry:
            continue
        meta, path_b = entry.split(b"\t", 1)
        parts = meta.split()
        if len(parts) != 4 or parts[1] != b"blob" or not parts[3].isdigit():
            continue
        out.append(TreeBlob(path_b.decode("utf-8", "surrogateescape"), parts[2].decode("ascii"), int(parts[3]),
                            parts[0].decode("ascii")))
    return out


def paths_added_between(repo: SafeGit, base: str, target: str) -> set[str]:
    """Every path some commit of ``base..target`` added, even one a later commit removed
    (a file created and deleted again inside the range is not in its diff)."""
    check_ref(base)
    check_ref(target)
    raw = repo.run("log", "-z", "--no-renames", "--diff-filter=A", "--name-only", "--format=", "--no-textconv",
                   "--no-ext-diff", "--end-of-options", f"{base}..{target}")
    return {p.decode("utf-8", "surrogateescape").strip("\n") for p in raw.split(b"\0") if p.strip(b"\n")}


def paths_changed_between(repo: SafeGit, base: str, target: str) -> list[str]:
    """The paths ``git diff base target`` changes (renames as a delete and an add)."""
    check_ref(base)
    check_ref(target)
    raw = repo.run("diff", "-z", "--no-renames", "--name-only", "--no-textconv", "--no-ext-diff",
                   "--end-of-options", base, target)
    return [p.decode("utf-8", "surrogateescape") for p in raw.split(b"\0") if p]


def words_at(repo: SafeGit, rev: str, words: list[str]) -> set[str]:
    """Which of ``words`` some file of ``rev`` has as a whole word: one ``git grep -o -w -F``
    for all of them (``-h``: only the matched words are printed)."""
    check_ref(rev)
    words = [w for w in words if w and "\n" not in w]
    if not words:
        return set()
    patterns = [arg for w in words for arg in ("-e", w)]
    out = repo.run("grep", "-o", "-h", "-w", "-F", "-I", "--no-textconv", "--no-color", *patterns, rev, "--",
                   ok_codes=(0, 1))  # rev: checked above
    return set(out.decode("utf-8", "surrogateescape").split("\n")) & set(words)


def added_between(repo: SafeGit, base: str, target: str, text: str) -> bool:
    """Some commit of ``base..target`` changed how often ``text`` occurs (``git log -S``):
    a name the range wrote and later removed."""
    check_ref(base)
    check_ref(target)
    return bool(repo.run("log", "--format=%h", "-1", "--no-textconv", "--no-ext-diff", f"-S{text}",
                         "--end-of-options", f"{base}..{target}").strip())
