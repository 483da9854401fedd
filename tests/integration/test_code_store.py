"""app/evidence/code_store: parses kept on disk between runs, per (version, path, blob), in
the user's cache directory; a bad entry is a miss, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from evidence_repo import SPEC, build
from support import PACKAGE_PARENT, commit_files, git, init_repo

from specaudit.app.evidence import code_store
from specaudit.app.evidence.code_index import CodeCache, parse_change
from specaudit.app.evidence.code_store import CodeStore, default_store
from specaudit.app.evidence.proposals import gather
from specaudit.app.store.user_dirs import user_cache_dir
from specaudit.app.workspace.diffs import load_changeset
from specaudit.core.code import parse
from specaudit.core.evidence.rank import analyse, finish
from specaudit.formats import parse_spec
from specaudit.vcs.runner import open_repo

SOURCE = b'''"""Retries."""

MAX_RETRIES = 5


class Backoff:
    def delay(self, attempt: int) -> float:
        """Seconds before ``attempt``."""
        return min(2 ** attempt, 60)  # FR-001


def todo():
    raise NotImplementedError("later")
'''


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _change(tmp_path: Path):
    root = init_repo(tmp_path / "r")
    commit_files(root, {"README.md": "x\n"}, "base")
    commit_files(root, {"retry.py": SOURCE.decode(), "app.ts": "export function f(): number { return 5 }\n"},
                 "change")
    repo = open_repo(root)
    return repo, load_changeset(repo, "HEAD~1..HEAD")


def test_a_second_cache_reads_the_parses_back_from_disk(tmp_path: Path) -> None:
    repo, cs = _change(tmp_path)
    store = CodeStore(tmp_path / "cache")
    first = CodeCache(disk=store)
    parsed = parse_change(repo, cs, cache=first)
    assert first.parsed == 2 and len(_entries(tmp_path / "cache")) == 2
    second = CodeCache(disk=CodeStore(tmp_path / "cache"))  # another process, in effect
    again = parse_change(repo, cs, cache=second)
    assert second.parsed == 0
    assert again == parsed  # every field: definitions, bodies, literals, references, spans


def test_the_default_store_is_the_users_cache_directory_never_the_repository(tmp_path: Path) -> None:
    repo, cs = _change(tmp_path)
    parse_change(repo, cs, cache=CodeCache())
    cache_dir = Path(os.environ["XDG_CACHE_HOME"]) / "specaudit" / "code"
    assert user_cache_dir() / "code" == cache_dir
    assert len(_entries(cache_dir)) == 2
    assert git(repo.root, "status", "--porcelain", "--ignored") == ""


def test_a_corrupt_truncated_or_foreign_entry_is_parsed_again(tmp_path: Path) -> None:
    repo, cs = _change(tmp_path)
    root = tmp_path / "cache"
    good = parse_change(repo, cs, cache=CodeCache(disk=CodeStore(root)))

    def flip(raw: bytes) -> bytes:
        return raw[:-3] + bytes([raw[-3] ^ 0xFF]) + raw[-2:]  # one byte of the payload

    def header_only(raw: bytes) -> bytes:
        return raw[:40]

    def half(raw: bytes) -> bytes:
        return raw[: len(raw) // 2]

    for damage in (flip, header_only, half):
        entry = _entries(root)[0]
        entry.write_bytes(damage(entry.read_bytes()))
        cache = CodeCache(disk=CodeStore(root))
        assert parse_change(repo, cs, cache=cache) == good
        assert cache.parsed == 1
    # Rewritten whole: a third run parses nothing.
    cache = CodeCache(disk=CodeStore(root))
    assert parse_change(repo, cs, cache=cache) == good and cache.parsed == 0
    # Garbage, an empty file, and one file's valid entry under another file's name.
    a, b = _entries(root)
    for raw in (os.urandom(5000), b"", b.read_bytes()):
        a.write_bytes(raw)
        cache = CodeCache(disk=CodeStore(root))
        assert parse_change(repo, cs, cache=cache) == good
        assert cache.parsed == 1
    # A FIFO where an entry belongs is not read (it would block), and is replaced.
    a.unlink()
    os.mkfifo(a)
    cache = CodeCache(disk=CodeStore(root))
    assert parse_change(repo, cs, cache=cache) == good and cache.parsed == 1
    assert a.is_file()


def test_another_version_of_the_extractor_misses(tmp_path: Path, monkeypatch) -> None:
    repo, cs = _change(tmp_path)
    root = tmp_path / "cache"
    parse_change(repo, cs, cache=CodeCache(disk=CodeStore(root)))
    monkeypatch.setitem(code_store._versions, "code", b"\x01" * 32)  # a new grammar or extractor
    cache = CodeCache(disk=CodeStore(root))
    parse_change(repo, cs, cache=cache)
    assert cache.parsed == 2
    assert len(_entries(root)) == 4  # the old entries stay until evicted


def test_off_by_environment(tmp_path: Path, monkeypatch) -> None:
    repo, cs = _change(tmp_path)
    monkeypatch.setenv("SPECAUDIT_CODE_CACHE", "off")
    assert default_store() is None
    cache = CodeCache()
    parse_change(repo, cs, cache=cache)
    assert cache.parsed == 2
    assert not (Path(os.environ["XDG_CACHE_HOME"]) / "specaudit").exists()


def test_bounded_least_recently_used_go_first(tmp_path: Path) -> None:
    cf = parse("retry.py", SOURCE)
    assert cf is not None
    probe = CodeStore(tmp_path / "probe")
    probe.save("retry.py", "0" * 40, cf)
    entry = probe.size()
    store = CodeStore(tmp_path / "cache", limit=entry * 10)
    for i in range(40):
        store.save("retry.py", f"{i:040x}", cf)
        os.utime(store._entry("retry.py", f"{i:040x}"), (1_000_000 + i, 1_000_000 + i))
        store.evict()
    assert store.size() <= entry * 10
    assert store.load("retry.py", f"{39:040x}") == cf
    assert store.load("retry.py", f"{0:040x}") is None


_WRITER = """
import sys
from pathlib import Path
from specaudit.app.evidence.code_store import CodeStore
from specaudit.core.code import parse
from specaudit.core.evidence.rank import analyse, finish
from specaudit.formats import parse_spec
src = Path(sys.argv[2]).read_bytes()
cf = parse("retry.py", src)
store = CodeStore(Path(sys.argv[1]))
bad = 0
for i in range(60):
    store.save("retry.py", "ab" * 20, cf)
    got = store.load("retry.py", "ab" * 20)
    bad += got != cf
print(bad)
"""


def test_concurrent_writers_never_leave_half_an_entry(tmp_path: Path) -> None:
    src = tmp_path / "retry.py"
    src.write_bytes(SOURCE)
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)}
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path / "cache"), str(src)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [(p.returncode, o.strip(), e) for p, (o, e) in zip(procs, outs, strict=True)] == [(0, "0", "")] * 4
    assert len(_entries(tmp_path / "cache")) == 1  # no temporary file left behind
    assert CodeStore(tmp_path / "cache").load("retry.py", "ab" * 20) == parse("retry.py", SOURCE)


def test_suggest_twice_the_second_run_reads_the_store(run_cli, tmp_path: Path) -> None:
    repo = build(tmp_path / "r")
    cache_home = Path(os.environ["XDG_CACHE_HOME"])
    args = ("suggest", "--repo", str(repo.path), "--spec", SPEC, "--range", repo.range, "--format", "json")
    first = run_cli(*args)
    assert first.code == 0, first
    entries = _entries(cache_home / "specaudit" / "code")
    assert entries
    stamps = {p: p.stat().st_mtime_ns for p in entries}
    second = run_cli(*args)
    assert second.code == 0, second
    assert json.loads(second.out) == json.loads(first.out)
    assert {p: p.stat().st_mtime_ns for p in _entries(cache_home / "specaudit" / "code")} == stamps  # read, not rewritten
    assert git(repo.path, "status", "--porcelain") == ""
    off = run_cli(*args, env={"SPECAUDIT_CODE_CACHE": "off", "XDG_CACHE_HOME": str(tmp_path / "other")})
    assert off.code == 0 and json.loads(off.out) == json.loads(first.out)
    assert not (tmp_path / "other" / "specaudit").exists()


def _ranked(repo, store: CodeStore | None):
    """One run of what ``suggest`` runs, as a new process would: the memos emptied."""
    from specaudit.core.evidence.tokens import forget

    forget()
    git_repo = open_repo(repo.path)
    spec = parse_spec(SPEC, (repo.path / SPEC).read_text())
    cs = load_changeset(git_repo, repo.range)
    inp = gather(git_repo, spec, cs, cache=CodeCache(disk=store))
    analysis = analyse(spec, cs, task_lists=inp.task_lists, commits=inp.commits, code=inp.code)
    units = [(u.uid, u.path, u.kind, u.first, u.last, u.lines, u.name, u.qualified, u.definition, u.terms,
              sorted(u.name_terms), u.strings, u.numbers, sorted(u.identifiers)) for u in analysis.units.units]
    result = finish(analysis)
    return json.dumps({k: [p.to_json() for p in ps] for k, ps in result.proposals.items()}), units


def test_what_ranking_derives_per_file_is_read_back_the_same(tmp_path: Path) -> None:
    repo = build(tmp_path / "r")
    root = tmp_path / "cache"
    first = _ranked(repo, CodeStore(root))
    parses = set(_entries(root))
    assert len(parses) > 4  # the parses, then each file's units, terms and defined names
    store = CodeStore(root)
    assert _ranked(repo, store) == first
    assert store.hits >= len(parses) - 1 and store.misses == 0
    for entry in _entries(root):  # every entry damaged: all recomputed, the same
        entry.write_bytes(entry.read_bytes()[:-1])
    assert _ranked(repo, CodeStore(root)) == first
    assert _ranked(repo, None) == first  # no disk at all


_KEY = """
import sys
from specaudit.core.evidence.change import FileLines
texts = ["def f():", "    return 1", "", "x = 'é'", "    return 1"]
if sys.argv[1] == "shared":  # the same text as one object, interned: what memos and caches do
    texts = [sys.intern(t) for t in texts]
    texts[4] = texts[1]
else:
    texts = [t.encode().decode() for t in texts]  # a fresh object each
fl = FileLines("a.py", "new", "source", list(enumerate(texts, 1)), [(1, 5)])
print(fl.key().hex())
"""


def test_a_files_key_is_the_same_in_every_process(tmp_path: Path) -> None:
    keys = set()
    for seed, mode in (("1", "shared"), ("2", "fresh"), ("3", "shared")):
        env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT), "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _KEY, mode], env=env, capture_output=True, text=True, check=True)
        keys.add(out.stdout.strip())
    assert len(keys) == 1


def test_a_change_to_one_file_rebuilds_that_files_units_only(tmp_path: Path, monkeypatch) -> None:
    from specaudit.core.evidence import units as units_module
    from specaudit.core.evidence.change import ChangeIndex
    from specaudit.core.evidence.tokens import forget

    root = init_repo(tmp_path / "r")
    base = commit_files(root, {"README.md": "x\n"}, "base")
    commit_files(root, {"retry.py": SOURCE.decode(), "rates.py": "RATE_TTL = 3600\n\n\ndef rate():\n    return 2\n"},
                 "change")
    repo = open_repo(root)
    built: list[str] = []
    real = units_module._file_units
    monkeypatch.setattr(units_module, "_file_units", lambda fl, cf, start: built.append(fl.path) or real(fl, cf, start))

    def index(rng: str, store: CodeStore | None):
        cs = load_changeset(repo, rng)
        return units_module.UnitIndex(ChangeIndex(cs, ()), parse_change(repo, cs, cache=CodeCache(disk=store)))

    def shown(ix) -> list:
        return [(u.uid, u.path, u.kind, u.first, u.last, u.lines, u.name, u.terms, u.strings, u.numbers)
                for u in ix.units]

    store = CodeStore(tmp_path / "cache")
    forget()
    index(f"{base}..HEAD", store)
    assert sorted(built) == ["rates.py", "retry.py"]
    commit_files(root, {"rates.py": "RATE_TTL = 60\n\n\ndef rate():\n    return 3\n"}, "edit one file")
    built.clear()
    second = index(f"{base}..HEAD", store)  # the same process: retry.py's units from memory
    assert built == ["rates.py"]
    built.clear()
    forget()
    again = index(f"{base}..HEAD", CodeStore(tmp_path / "cache"))  # another process: all from disk
    assert built == []
    forget()
    fresh = index(f"{base}..HEAD", None)
    assert shown(second) == shown(again) == shown(fresh)
