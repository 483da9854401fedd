"""Use case: gather the evidence for a spec's clauses in one change, and rank it.

The one evidence pipeline: ``gather`` (task lists beside the spec, the range's commits,
the changed files parsed once per blob by ``app.code_index``) -> ``core.evidence``
(rank units of code) -> the reviewer's rejections left out and accepted links used as
feedback (``reranking.feedback_from``). ``suggest``, ``check`` and the Tests tab go
through ``proposals_for``; the window ranks each spec once with ``propose_all`` and keeps
the analysis (``reranking.Ranking``), so its feedback weighs the same way as it grows.

Git reads go through ``vcs.evidence_read`` (the hardened runner); task lists are read
beside the spec by ``range_task_lists``, the check's rule too: at the range's target
commit, from the working tree only for a working-tree range. Nothing in the repository
is executed.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from specaudit.app.evidence.code_index import CODE_CACHE, CodeCache, parse_change
from specaudit.app.evidence.reranking import Ranking, Rankings, feedback_from
from specaudit.app.store.audit_store import Entry, EntryChange, EntryRef
from specaudit.core.audit import Audit, Rejection
from specaudit.core.evidence import SuggestResult
from specaudit.core.evidence.change import unread
from specaudit.core.evidence.keys import matcher_for
from specaudit.core.evidence.model import CITATION, COMMIT, Commit
from specaudit.core.evidence.paths import DOCS, path_role
from specaudit.core.evidence.rank import SOURCES, Analysis, analyse, finish
from specaudit.core.evidence.whose import OthersWork, others_work, ticked_elsewhere
from specaudit.core.findings import TASK_NOT_IN_CHANGE, Finding
from specaudit.core.model import Spec, decode_spec_bytes
from specaudit.formats import parse_spec
from specaudit.formats.story_tasks import carries_tasks, own_task_list
from specaudit.settings import LIMITS
from specaudit.vcs.blobs import batch_blobs, read_blob
from specaudit.vcs.evidence_read import commit_added_lines, range_commits
from specaudit.vcs.queries import moved_from
from specaudit.vcs.runner import SafeGit

if TYPE_CHECKING:
    from specaudit.app.workspace.session import Session, SpecEntry
    from specaudit.core.diff import ChangeSet

TASK_FILE = "tasks.md"


@dataclass
class EvidenceInput:
    spec: Spec
    changeset: ChangeSet
    task_lists: list[Spec] = field(default_factory=list)
    commits: list[Commit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    code: dict = field(default_factory=dict)  # changed path -> core.code.CodeFile
    sources: tuple[str, ...] = SOURCES  # the kinds of evidence that can speak for this spec here
    others: OthersWork = field(default_factory=OthersWork)  # whose citations are another spec's


def task_list_paths(spec_rel: str) -> list[str]:
    """Where a spec's task list lives: beside it (Spec Kit, Kiro), or in the OpenSpec
    change folder above a delta spec (``openspec/changes/<name>/specs/<cap>/spec.md``)."""
    p = PurePosixPath(spec_rel)
    out = [str(p.parent / TASK_FILE)] if p.name != TASK_FILE else []
    parts = p.parts
    if "changes" in parts:
        i = parts.index("changes")
        j = i + 2 if i + 1 < len(parts) and parts[i + 1] != "archive" else i + 3
        if j <= len(parts) - 1:
            out.append(str(PurePosixPath(*parts[:j]) / TASK_FILE))
    return [x for x in dict.fromkeys(out) if x != spec_rel]


def worktree_task_lists(root: Path, spec_rel: str) -> list[str]:
    """The files in the working tree holding the spec's tasks: the lists beside it, and the
    spec itself where it holds its own (a BMAD story)."""
    beside = [p for p in task_list_paths(spec_rel) if (Path(root) / p).is_file()]
    return beside + [spec_rel for _ in _own_tasks(spec_rel, worktree_reader(Path(root)))]


def read_task_lists(spec_rel: str, read: Callable[[str], bytes | None], warnings: list[str]) -> list[Spec]:
    """The task lists beside the spec, and the one a story holds itself (BMAD); an
    unreadable, binary or huge one beside it is skipped with one warning."""
    out: list[Spec] = _own_tasks(spec_rel, read)
    for rel in task_list_paths(spec_rel):
        try:
            raw = read(rel)
        except TooLarge as exc:
            raw = None
            size = exc.size
        except OSError as exc:
            warnings.append(f"{rel}: skipped, cannot read ({exc.strerror or exc})")
            continue
        else:
            if raw is None:
                continue
            size = len(raw)
        if raw is None or size > LIMITS.evidence_max_task_bytes:
            warnings.append(f"{rel}: skipped, too large ({size} bytes; limit {LIMITS.evidence_max_task_bytes})")
            continue
        if b"\0" in raw[:8192]:
            warnings.append(f"{rel}: skipped, binary")
            continue
        try:
            out.append(parse_spec(rel, decode_spec_bytes(raw)))
        except Exception as exc:  # noqa: BLE001 - a task list we cannot parse only loses its evidence
            warnings.append(f"{rel}: skipped, cannot parse ({exc})")
    return out


def _own_tasks(spec_rel: str, read: Callable[[str], bytes | None]) -> list[Spec]:
    """The spec's own task list (``formats.story_tasks``), [] for any other spec. The spec
    itself is read and checked elsewhere: what cannot be read here only has no tasks."""
    try:
        raw = read(spec_rel)
    except (OSError, TooLarge):
        return []
    if raw is None or len(raw) > LIMITS.evidence_max_task_bytes or b"\0" in raw[:8192]:
        return []
    text = decode_spec_bytes(raw)
    if not carries_tasks(text):
        return []
    try:
        own = own_task_list(parse_spec(spec_rel, text))
    except Exception:  # noqa: BLE001 - the spec's parse problems are reported where it is opened
        return []
    return [own] if own is not None else []


class TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def worktree_reader(root: Path) -> Callable[[str], bytes | None]:
    """Task lists in the working tree, through the one safe reader (a FIFO or a symlink
    out of the repository is refused like any other user file)."""
    from specaudit.app.store.files import read_regular
    from specaudit.core.errors import SpecauditError

    def read(rel: str) -> bytes | None:
        p = Path(root) / rel
        if not p.is_file():
            return None
        size = p.stat().st_size
        if size > LIMITS.evidence_max_task_bytes:
            raise TooLarge(size)
        try:
            # One byte over the limit is enough to see that it is too large.
            return read_regular(p, LIMITS.evidence_max_task_bytes + 1, what="task list", root=Path(root))
        except SpecauditError as exc:
            raise OSError(str(exc)) from None
    return read


def commit_reader(repo: SafeGit, rev: str) -> Callable[[str], bytes | None]:
    return lambda rel: read_blob(repo, rev, rel)


def range_task_lists(repo: SafeGit, spec_rel: str, target: str | None, warnings: list[str]) -> list[Spec]:
    """The task lists a range reads, for suggest, the window and check alike: the ones at
    the range's target commit (ticking tasks is part of the change; a list written since
    is not), beside the spec where it was then (an OpenSpec change archived since has its
    tasks.md in the old folder at the target); the working tree's only for a range
    without one (the working tree, a patch)."""
    if target is None:
        return read_task_lists(spec_rel, worktree_reader(repo.root), warnings)
    return _at_target(repo, spec_rel, target, warnings)[0]


# The task lists read at a commit, by (repository, spec, commit id): the evidence, the check
# and the tests map of one window or command all read them, and a commit's blobs never
# change. Read from several threads (the window's background jobs).
_AT_COMMIT: OrderedDict[tuple[str, str, str], tuple[list[Spec], list[str]]] = OrderedDict()
_AT_COMMIT_LOCK = threading.Lock()
_AT_COMMIT_MAX = 32
_COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def _at_target(repo: SafeGit, spec_rel: str, target: str, warnings: list[str]) -> tuple[list[Spec], bool, str]:
    """The task lists at ``target``, whether the spec may have existed there (at its
    path, where a later commit moved it from, or uncommitted) and its path there: the
    spec and its lists in one ``cat-file``; False only for a spec a later commit added."""
    key = (str(repo.root), spec_rel, target)
    cacheable = _COMMIT_ID.fullmatch(target) is not None  # "HEAD" moves; a commit id does not
    if cacheable:
        with _AT_COMMIT_LOCK:
            hit = _AT_COMMIT.get(key)
            if hit is not None:
                _AT_COMMIT.move_to_end(key)
        if hit is not None:
            warnings += hit[1]
            return list(hit[0]), True, spec_rel
    names = {rel: f"{target}:{rel}" for rel in (spec_rel, *task_list_paths(spec_rel))}
    got = batch_blobs(repo, list(names.values()))
    if got.get(names[spec_rel]) is not None:
        said: list[str] = []
        lists = read_task_lists(spec_rel, lambda rel: got.get(names.get(rel, "")), said)
        warnings += said
        if cacheable:  # only a spec the commit holds: the other answers depend on HEAD
            with _AT_COMMIT_LOCK:
                _AT_COMMIT[key] = (lists, said)
                while len(_AT_COMMIT) > _AT_COMMIT_MAX:
                    _AT_COMMIT.popitem(last=False)
        return list(lists), True, spec_rel
    old = moved_from(repo, spec_rel, target)
    if old is None:
        # Committed after the target: it did not exist then. Not committed at all (written
        # beside the code, in the working tree): nothing says when it was written.
        later = read_blob(repo, "HEAD", spec_rel) is not None
        return read_task_lists(spec_rel, lambda rel: got.get(names.get(rel, "")), warnings), not later, spec_rel
    return read_task_lists(old, commit_reader(repo, target), warnings), True, old


def _others_work(repo: SafeGit, commits: list[Commit], own_task_lists: list[str], changeset: ChangeSet,
                 read_already: Callable[[str], bool]) -> OthersWork:
    """The range's commits that did another spec's work (``core.evidence.whose``): the
    other task lists they ticked that still exist at the range's target (one
    ``cat-file``), and, where they and other commits changed the same file, the lines
    each wrote: ``Commit.added`` of the commits whose message ``read_already`` (their
    lines were read with the range's commits), one ``git show`` of those files for the
    rest (only files whose citations are read: not prose, not a change too big to read)."""
    target = getattr(changeset, "target", None)
    own = list(dict.fromkeys(own_task_lists))
    elsewhere = sorted(ticked_elsewhere(commits, own))
    if not elsewhere or target is None:
        return OthersWork()
    alive = batch_blobs(repo, [f"{target}:{p}" for p in elsewhere])
    others = others_work(commits, own, [p for p in elsewhere if alive.get(f"{target}:{p}") is not None])
    read = sorted(p for p in others.mixed if path_role(p) != DOCS
                  and (fd := changeset.file(p)) is not None and not unread(fd))
    if read:
        touching = [cm for cm in commits if not others.mixed.isdisjoint(cm.paths)]
        known = {cm.sha: cm.added for cm in touching if read_already(cm.message)}
        fetched = commit_added_lines(repo, [cm.sha for cm in touching if cm.sha not in known], read)
        others = others.with_lines({**known, **fetched})
    return others


def gather(repo: SafeGit, spec: Spec, changeset: ChangeSet, *, parse_code: bool = True,
           cache: CodeCache = CODE_CACHE) -> EvidenceInput:
    """Task lists, the range's commits and the parsed changed files for ``spec`` and a
    change loaded from ``repo`` (``parse_code`` False for a patch file, whose blobs the
    repository may not have)."""
    warnings: list[str] = []
    new = getattr(changeset, "target", None)
    old = getattr(changeset, "base", None)
    task_lists, existed, there = (_at_target(repo, spec.path, new, warnings) if new is not None
                                  else (range_task_lists(repo, spec.path, None, warnings), True, spec.path))
    matcher = matcher_for(spec, task_lists)
    sources: tuple[str, ...] = SOURCES
    if not existed:
        # A change cannot cite a spec that did not exist yet (a range opened before it was
        # written, a spec written after the code): a "Requirements: 1.1" in its code or
        # commits is another spec's. Its tasks, identifiers and text still speak.
        sources = tuple(s for s in SOURCES if s not in (CITATION, COMMIT))
        warnings.append(f"{spec.path}: added after the range's end ({str(new)[:7]}): the change was written before "
                        f"the spec, so the ids its code and commits cite are another spec's and are not read; "
                        f"its tasks, names and words still count")

    def cites(message: str) -> bool:  # the commits whose added lines are read: those citing something
        return bool(matcher.cites(message, subject=True))

    commits = range_commits(repo, old, new, cites) if old and new and COMMIT in sources else []
    others = _others_work(repo, commits, [*task_list_paths(spec.path), *task_list_paths(there)], changeset, cites)
    if others:
        named = ", ".join(others.specs[:3]) + (f" and {len(others.specs) - 3} more" if len(others.specs) > 3 else "")
        warnings.append(f"set aside: {len(others.commits)} of the range's {len(commits)} commits did another "
                        f"spec's work ({named}: they ticked its task list, nothing of this spec's): what they "
                        f"cite, in their messages and in the lines they wrote, counts for that spec, not this one")
        commits = [cm for cm in commits if cm.sha not in others.commits]
    for fd in getattr(changeset, "files", ()):
        if unread(fd):
            warnings.append(f"{fd.path}: not read for evidence: {fd.added + fd.removed} changed lines "
                            f"(limit {LIMITS.evidence_max_file_lines}); its hunks can still be proposed")
    code = parse_change(repo, changeset, cache=cache) if parse_code else {}
    return EvidenceInput(spec, changeset, task_lists, commits, warnings, code, sources, others)


def analysis_of(inp: EvidenceInput, *, clauses: Sequence[str] = (), code: dict | None = None) -> Analysis:
    """What ranking reads from ``inp`` (its parses, or ``code``), weighed by ``finish``."""
    return analyse(inp.spec, inp.changeset, task_lists=inp.task_lists, commits=inp.commits,
                   clause_keys=list(clauses) or None, sources=inp.sources,
                   code=inp.code if code is None else code, others=inp.others)


def suggest(inp: EvidenceInput, *, clauses: Sequence[str] = (), limit: int | None = None,
            audit: Audit | None = None) -> SuggestResult:
    """Ranked proposals; with ``audit``, what the reviewer rejected never comes back and
    links accepted for neighbouring clauses re-rank the rest."""
    return finish(analysis_of(inp, clauses=clauses), feedback=feedback_from(audit), limit=limit)


def proposals_for(repo: SafeGit, spec: Spec, audit: Audit | None, changeset: ChangeSet, *, clauses: Sequence[str] = (),
                  limit: int | None = None, parse_code: bool = True) -> tuple[SuggestResult, list[str]]:
    """The one pipeline: gather, rank with the audit's feedback, cut to ``limit``
    (default ``LIMITS.evidence_limit``). Returns (SuggestResult, warnings)."""
    inp = gather(repo, spec, changeset, parse_code=parse_code)
    result = suggest(inp, clauses=clauses, limit=None, audit=audit)
    result.notes = _claimed_notes(repo, inp, result.notes)
    cut = LIMITS.evidence_limit if limit is None else limit
    result.proposals = {k: ps[:cut] for k, ps in result.proposals.items()}
    result.weak = {k: ps[:cut] for k, ps in result.weak.items()}
    return result, inp.warnings


def _claimed_notes(repo: SafeGit, inp: EvidenceInput, notes: list[Finding]) -> list[Finding]:
    """The task-list notes ``check`` gives: "done but the change touches none of its files"
    only of a task the range claims (``claims.claimed``); over a range that is other work,
    every done task of the list was said to be missing from it."""
    base = inp.changeset.base
    if base is None or not any(n.kind == TASK_NOT_IN_CHANGE for n in notes):
        return notes
    from specaudit.app.evidence.claims import claimed, spec_tasks

    ours = claimed(spec_tasks(repo, base, [inp.spec], {inp.spec.path: inp.task_lists}), inp.changeset.files)
    return [n for n in notes if n.kind != TASK_NOT_IN_CHANGE or (n.path, n.line) in ours]


def suggest_in_session(session: Session, entry: SpecEntry, *, clauses: Sequence[str] = (), limit: int | None = None,
                       changeset: ChangeSet | None = None) -> tuple[SuggestResult, list[str]]:
    """Proposals for one spec of a session over its diff source (or ``changeset`` when
    already loaded), rejected ones left out. Returns (SuggestResult, warnings)."""
    from specaudit.app.workspace.diffs import load_range

    if changeset is None:
        changeset = load_range(session.repo, session.source)
    return proposals_for(session.repo, entry.spec, entry.audit, changeset, clauses=clauses, limit=limit,
                         parse_code=_parses_code(session))


def _parses_code(session: Session) -> bool:
    """A patch file's blobs may not be in the repository: its changed files are not parsed."""
    return not getattr(session.source, "patch", None)


def prepare_reject(spec_rel: str, clause: str, path: str, first: int | None = None, last: int | None = None,
                   commit: str | None = None) -> EntryChange:
    """Record that lines ``first..last`` of ``path`` (the whole file without them) do not
    implement ``clause``: they are not proposed again."""
    rejection = Rejection(path, first or 0, last or 0, commit) if first and last else Rejection(path)

    def add(old: Entry | None) -> Entry:
        kept = old if isinstance(old, tuple) else ()  # the "rejected" table holds tuples
        return tuple(sorted({*kept, rejection}))

    return EntryChange(EntryRef(spec_rel, "rejected", clause), add)


def propose_all(session: Session, changeset: ChangeSet) -> tuple[Rankings, dict[str, list[str]], dict[str, list[str]]]:
    """Every open spec's ranking of a loaded change, kept for the review (the window's
    background job): (the rankings, asked per spec with its audit as it is then: spec rel
    -> clause key -> proposals, a clause with no evidence listing its weak guesses,
    ``Proposal.weak``, shown apart; spec rel -> clause keys in spec order; spec rel -> what
    the reviewer should know of its evidence: files not read, other specs' commits set aside)."""
    rankings: dict[str, Ranking] = {}
    order: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    for entry in session.specs:
        inp = gather(session.repo, entry.spec, changeset, parse_code=_parses_code(session))
        rankings[entry.rel] = Ranking(analysis_of(inp), entry.audit)
        order[entry.rel] = [c.key for c in entry.spec.clauses]
        # Where the spec's work is, beside its proposals (each clause says "no evidence found").
        notes[entry.rel] = [*([session.range_hint] if session.range_hint else []), *inp.warnings]
    return Rankings(rankings), order, notes
