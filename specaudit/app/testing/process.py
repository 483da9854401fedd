"""The test command's whole process tree, stopped on every exit path (docs/tests.md).

The command starts in a new session (its own process group). While it runs, specaudit
is a child subreaper (Linux ``prctl(PR_SET_CHILD_SUBREAPER)``), so a descendant whose
parent exits (``sleep 30 &`` after the shell ends, a ``setsid`` grandchild, a daemon that
double-forks) is re-parented to specaudit instead of to init, and can still be found.
Every process of the run also inherits a marker variable (``SPECAUDIT_TEST_RUN``).

Stopping, whether the command ended, timed out, was cancelled or specaudit is
interrupted: SIGTERM to the group and to every process found in /proc (the command's
session and group, their descendants, specaudit's re-parented children, anything
carrying the marker), a grace period, then SIGKILL until none is left; the re-parented
children are reaped. specaudit's own git calls (same session as specaudit, no marker)
are never touched. No cgroup is used: process group + subreaper + /proc covers a
process that leaves the group or the session; only one that also clears its
environment after its parent was re-parented elsewhere (subreaper unavailable) escapes.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

MARKER_VAR = "SPECAUDIT_TEST_RUN"
_PR_SET_CHILD_SUBREAPER = 36
_PROC = Path("/proc")

_lock = threading.Lock()
_runs = 0  # runs in progress: the subreaper flag is on while there is one
_live: set[ProcessTree] = set()  # stopped at interpreter exit if still running (window closed mid-run)


def _prctl_subreaper(on: bool) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


@dataclass(frozen=True)
class _Proc:
    pid: int
    ppid: int
    pgid: int
    sid: int
    state: str


def _stat(pid: int) -> _Proc | None:
    try:
        raw = (_PROC / str(pid) / "stat").read_bytes()
    except OSError:
        return None
    rest = raw[raw.rfind(b")") + 2:].split()  # the name may hold spaces and parentheses
    try:
        return _Proc(pid, int(rest[1]), int(rest[2]), int(rest[3]), rest[0].decode("ascii", "replace"))
    except (IndexError, ValueError):
        return None


def _processes() -> dict[int, _Proc]:
    try:
        names = os.listdir(_PROC)
    except OSError:
        return {}
    found = (_stat(int(n)) for n in names if n.isdigit())
    return {p.pid: p for p in found if p is not None}


def _carries(pid: int, marker: bytes) -> bool:
    try:
        with open(_PROC / str(pid) / "environ", "rb") as fh:
            return marker in b"\0" + fh.read(1 << 20) + b"\0"
    except OSError:
        return False


class ProcessTree:
    """One run of the test command: ``start`` it, ``stop`` it and everything it started."""

    def __init__(self) -> None:
        self.marker = f"{os.getpid()}-{uuid.uuid4().hex}"
        self.proc: subprocess.Popen | None = None
        self._me = os.getpid()
        self._my_sid = os.getsid(0)
        self._counted = False  # this run counts in _runs (the subreaper flag)

    def start(self, argv: list[str], cwd: Path) -> subprocess.Popen:
        global _runs
        with _lock:
            _runs += 1
            self._counted = True
            if _runs == 1:
                _prctl_subreaper(True)
        env = {**os.environ, MARKER_VAR: self.marker}
        try:
            self.proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True, env=env)
        except BaseException:
            self._release()
            raise
        with _lock:
            _live.add(self)
        return self.proc

    def members(self) -> dict[int, _Proc]:
        """Every live or unreaped process of this run (never specaudit or its git calls)."""
        assert self.proc is not None
        leader = self.proc.pid
        procs = _processes()
        tag = f"\0{MARKER_VAR}={self.marker}\0".encode()
        found = {pid for pid, p in procs.items()
                 if pid == leader or p.pgid == leader or p.sid == leader
                 or (p.ppid == self._me and p.sid != self._my_sid)}
        found |= {pid for pid in procs if pid not in found and pid != self._me and _carries(pid, tag)}
        grew = True
        while grew:
            more = {pid for pid, p in procs.items() if p.ppid in found and pid not in found}
            found |= more
            grew = bool(more)
        found.discard(self._me)
        return {pid: procs[pid] for pid in found}

    def _signal(self, sig: int) -> int:
        """Send ``sig`` to the group and every member; how many members are still alive."""
        assert self.proc is not None
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(self.proc.pid, sig)
        alive = [p for p in self.members().values() if p.state not in ("Z", "X")]
        for p in alive:
            with contextlib.suppress(OSError):
                os.kill(p.pid, sig)
        return len(alive)

    def stop(self, grace: float) -> None:
        """Stop every process of the run: SIGTERM, ``grace`` seconds, then SIGKILL until
        none is left; reap the children re-parented to specaudit. Signals that arrive
        meanwhile (a second Ctrl-C) wait until it is done."""
        if self.proc is None:
            return
        with _signals_held():
            try:
                if self._signal(signal.SIGTERM):
                    deadline = time.monotonic() + grace
                    while time.monotonic() < deadline and self._signal(0):
                        time.sleep(0.05)
                for _ in range(100):
                    if not self._signal(signal.SIGKILL):
                        break
                    time.sleep(0.02)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=5)
                self._reap()
            finally:
                self._release()

    def _reap(self) -> None:
        assert self.proc is not None
        for p in self.members().values():
            if p.ppid == self._me and p.pid != self.proc.pid:  # the command itself is Popen's
                with contextlib.suppress(ChildProcessError, OSError):
                    os.waitpid(p.pid, os.WNOHANG)

    def _release(self) -> None:
        global _runs
        with _lock:
            _live.discard(self)
            if self._counted:
                self._counted = False
                _runs -= 1
                if _runs == 0:
                    _prctl_subreaper(False)


@atexit.register
def _stop_all() -> None:
    """Last resort when specaudit exits with a run still going: stop its tree."""
    with _lock:
        trees = list(_live)
    for tree in trees:
        tree.stop(0.5)


@contextlib.contextmanager
def _signals_held():
    """On the main thread (where Python runs signal handlers), hold SIGINT and SIGTERM
    until the block ends, then deliver the first one to the previous handler."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    wanted = [s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None]
    old = {s: signal.signal(s, lambda signum, frame: pending.append(signum)) for s in wanted}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
        if pending:
            signal.raise_signal(pending[0])
