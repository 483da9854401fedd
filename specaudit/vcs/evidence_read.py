"""Reads for clause evidence: the range's commit messages and the lines each citing
commit added, and blobs at a commit. Hardened like every read (``runner.SafeGit``);
messages in any encoding are decoded without failing."""

from __future__ import annotations

import re
from collections.abc import Sequence

from specaudit.core.diff import parse_patch
from specaudit.core.errors import GitError
from specaudit.core.evidence.model import Commit
from specaudit.settings import LIMITS
from specaudit.vcs.runner import SafeGit, check_ref

_SHOW_FLAGS = ("--no-ext-diff", "--no-textconv", "--no-color", "--unified=0", "--no-renames",
               "--src-prefix=a/", "--dst-prefix=b/", "--submodule=short", "--first-parent")


_COMMIT = re.compile(rb"commit ([0-9a-f]{40,64})\n")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # a legacy-encoded message stays readable text


def commit_messages(repo: SafeGit, old: str, new: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(sha, message, the paths it changed) of the commits in ``old..new``, newest first
    (a merge lists no paths)."""
    check_ref(old)
    check_ref(new)
    log = ("log", "-z", "--no-renames", "--name-only", "--format=commit %H%n%B",
           f"--max-count={LIMITS.evidence_max_commits}", "--end-of-options")
    try:
        out = repo.run(*log, f"{old}..{new}", "--")
    except GitError:  # a root commit's change starts from the empty tree: the commit alone
        out = repo.run(*log[:-1], "--max-count=1", "--end-of-options", new, "--")
    msgs: list[tuple[str, str, list[str]]] = []
    # "commit <sha>\n<message>" then, each NUL-separated, the paths (the first after a newline)
    for chunk in out.split(b"\0"):
        head = _COMMIT.match(chunk)
        if head:
            msgs.append((head.group(1).decode("ascii"), _decode(chunk[head.end():]), []))
        elif msgs and chunk.strip(b"\n"):
            msgs[-1][2].append(_decode(chunk.lstrip(b"\n")))
    return [(sha, msg, tuple(paths)) for sha, msg, paths in msgs]


def commit_added_lines(repo: SafeGit, shas: list[str], paths: Sequence[str] = ()) -> dict[str, dict[str, tuple[str, ...]]]:
    """sha -> path -> the lines that commit added (its first-parent diff), in ``paths`` only
    when given."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    if not shas:
        return out
    raw = repo.run("show", "--format=%x00%H", *_SHOW_FLAGS, "--end-of-options", *shas, "--", *paths)
    for chunk in raw.split(b"\0")[1:]:
        sha, _, patch = chunk.partition(b"\n")
        cs = parse_patch(patch, sha.decode("ascii", "replace"), trusted=True)
        files: dict[str, tuple[str, ...]] = {}
        for fd in cs.files:
            if fd.binary:
                continue
            added = tuple(ln.text for h in fd.hunks for ln in fd.hunk_lines(h) if ln.kind == "+")
            if added:
                files[fd.path] = added
        out[sha.decode("ascii", "replace").strip()] = files
    return out


def range_commits(repo: SafeGit, old: str, new: str, cites=None) -> list[Commit]:
    """The range's commits; lines are read only for those whose message ``cites`` something
    (a predicate on the message; all when None)."""
    msgs = commit_messages(repo, old, new)
    wanted = [sha for sha, msg, _paths in msgs if cites is None or cites(msg)]
    lines = commit_added_lines(repo, wanted)
    return [Commit(sha, msg, lines.get(sha, {}), paths) for sha, msg, paths in msgs]
