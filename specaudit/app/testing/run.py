"""Running the configured test command — only when the user asks, and only once trusted.

The repository may be untrusted: its command runs on an explicit action (``specaudit
tests --run``, the window's Run button), never when a repository is opened, and only
after the user trusted it (app/testing/trust.py). Its whole process tree is stopped on every
exit path (app/testing/process.py). Its output is read in bounded chunks and only the tail
is kept, with a count of what was dropped. The JUnit file it names must be written by
this run: a stale file from an earlier run is never imported as if it were new.
"""

from __future__ import annotations

import codecs
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from specaudit.app.testing.process import ProcessTree
from specaudit.app.testing.trust import TestCommand, command_for, require_trust
from specaudit.core.errors import SpecauditError
from specaudit.settings import LIMITS


class TestRunError(SpecauditError):
    """The test command could not start, timed out, was cancelled or wrote no results."""

    __test__ = False


@dataclass(frozen=True)
class RunOutcome:
    returncode: int
    junit: Path
    output: str  # the tail of what it printed, after a note of what was dropped
    seconds: float


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{n} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"


class OutputTail:
    """The last ``limit`` bytes of a stream of text, with a count of the bytes dropped
    before them. Written by the reader thread, read by anyone (a lock guards it)."""

    def __init__(self, limit: int = LIMITS.test_output_tail_bytes):
        self.limit = limit
        self._chunks: deque[tuple[str, int]] = deque()
        self._kept = 0
        self.dropped = 0
        self.version = 0  # bumps on every add: a reader redraws only when it changed
        self._lock = threading.Lock()

    def add(self, text: str, nbytes: int) -> None:
        with self._lock:
            self._chunks.append((text, nbytes))
            self._kept += nbytes
            while self._kept > self.limit and len(self._chunks) > 1:
                _, n = self._chunks.popleft()
                self._kept -= n
                self.dropped += n
            self.version += 1

    def note(self) -> str:
        return f"\u2026 {human_bytes(self.dropped)} of earlier output dropped" if self.dropped else ""

    def text(self) -> str:
        """The note (when something was dropped) on its own line, then the kept tail."""
        with self._lock:
            body = "".join(t for t, _ in self._chunks)
        note = self.note()
        return f"{note}\n{body}" if note else body


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _read(fd: int, tail: OutputTail, on_output: Callable[[str], None] | None) -> None:
    """Read the command's output in chunks of at most LIMITS.test_output_chunk_bytes,
    newline or not, into ``tail``."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    while True:
        try:
            raw = os.read(fd, LIMITS.test_output_chunk_bytes)
        except OSError:
            raw = b""
        text = decoder.decode(raw, final=not raw)
        if text:
            tail.add(text, len(raw))
            if on_output is not None:
                on_output(text)
        if not raw:
            return


def run_configured_tests(root: Path, *, command: TestCommand | None = None,
                         on_output: Callable[[str], None] | None = None,
                         cancel: threading.Event | None = None, tail: OutputTail | None = None) -> RunOutcome:
    """Run the test command (``command``, default: the configured one) in the repository
    root; return where its JUnit file is. Refused unless trusted (app/testing/trust.py).

    ``on_output`` gets each chunk of output as read (from a reader thread); ``tail``
    keeps the last of it; ``cancel`` stops the run. A failing test run (non-zero exit) is
    normal: its JUnit file is still imported. However the call ends (return, error,
    KeyboardInterrupt), no process of the run is left.
    """
    if command is None:
        command = command_for(Path(root))
    if command is None:
        raise TestRunError("no test command configured: set tests.command and tests.junit "
                           "(see docs/tests.md)", path=".specaudit/config.yaml")
    require_trust(command)
    junit, source = command.junit, command.source
    before = _stamp(junit)
    started = time.monotonic()
    tail = tail if tail is not None else OutputTail()
    tree = ProcessTree()
    try:
        proc = tree.start(list(command.argv), command.cwd)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise TestRunError(f"cannot start the test command {command.argv[0]!r}: {reason}", path=source) from None
    assert proc.stdout is not None
    stopped = None
    reader = threading.Thread(target=_read, args=(proc.stdout.fileno(), tail, on_output), name="test-output",
                              daemon=True)
    try:
        reader.start()
        while proc.poll() is None:
            if cancel is not None and cancel.is_set():
                stopped = "cancelled"
            elif time.monotonic() - started > command.timeout:
                stopped = f"stopped after its timeout of {command.timeout:g} s"
            if stopped:
                break
            time.sleep(0.05)
    finally:  # normal exit (background children left), timeout, cancel, Ctrl-C, SIGTERM
        tree.stop(LIMITS.test_kill_grace_s)
        if reader.ident is not None:
            reader.join(timeout=5)
        if not reader.is_alive():  # else a process we could not find still holds the pipe
            proc.stdout.close()
    if stopped:
        raise TestRunError(f"the test command was {stopped}; no results were imported", path=source)
    if _stamp(junit) in (None, before):
        lines = tail.text().strip().splitlines()
        last = lines[-1][-200:] if lines else "no output"
        dropped = f" ({tail.note()})" if tail.dropped else ""
        raise TestRunError(f"the test command (exit {proc.returncode}) wrote no JUnit file at "
                           f"{junit}{dropped}: {last}", path=source)
    return RunOutcome(proc.returncode, junit, tail.text(), time.monotonic() - started)
