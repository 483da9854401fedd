"""Running the test command from ``.specaudit/config.yaml`` — only when the user asks.

The repository may be untrusted: its command runs on an explicit action (``specaudit
tests --run``, the window's Run button), never when a repository is opened. It runs in
its own process group, so a timeout or a cancel stops the whole tree it started. The
JUnit file it names must be written by this run: a stale file from an earlier run is
never imported as if it were new.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from specaudit.app.config import CONFIG_REL, load_config
from specaudit.core.errors import SpecauditError
from specaudit.settings import LIMITS

KILL_GRACE_S = 2.0  # after SIGTERM, how long the command gets before SIGKILL


class TestRunError(SpecauditError):
    """The test command could not start, timed out, was cancelled or wrote no results."""

    __test__ = False


@dataclass(frozen=True)
class RunOutcome:
    returncode: int
    junit: Path
    output: str  # the tail of what it printed (LIMITS.test_output_chars)
    seconds: float


def configured_command(root: Path) -> tuple[tuple[str, ...], Path, float] | None:
    """(command, JUnit path, timeout) from the config, or None when no command is set."""
    cfg = load_config(root)
    if not cfg.tests_command:
        return None
    if not cfg.tests_junit:
        raise TestRunError("tests.command is set but tests.junit (the JUnit file it writes) is not",
                           path=CONFIG_REL)
    junit = Path(cfg.tests_junit)
    return cfg.tests_command, (junit if junit.is_absolute() else Path(root) / junit), cfg.tests_timeout


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the command and everything it started (its process group)."""
    killpg = getattr(os, "killpg", None)
    for sig, wait in ((signal.SIGTERM, KILL_GRACE_S), (getattr(signal, "SIGKILL", signal.SIGTERM), 5.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            if killpg is not None:
                killpg(proc.pid, sig)
            else:  # no process groups (Windows): the command itself
                proc.kill()
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def run_configured_tests(root: Path, *, on_output: Callable[[str], None] | None = None,
                         cancel: threading.Event | None = None) -> RunOutcome:
    """Run tests.command in the repository root; return where its JUnit file is.

    ``on_output`` gets each line as printed (from a reader thread); ``cancel`` stops it.
    A failing test run (non-zero exit) is normal: its JUnit file is still imported.
    """
    found = configured_command(Path(root))
    if found is None:
        raise TestRunError("no test command configured: set tests.command and tests.junit "
                           "(see docs/tests.md)", path=CONFIG_REL)
    command, junit, timeout = found
    before = _stamp(junit)
    started = time.monotonic()
    try:
        proc = subprocess.Popen(list(command), cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise TestRunError(f"cannot start the test command {command[0]!r}: {reason}", path=CONFIG_REL) from None
    tail: deque[str] = deque()
    size = [0]

    def read() -> None:
        assert proc.stdout is not None
        for raw in iter(proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace")
            tail.append(line)
            size[0] += len(line)
            while size[0] > LIMITS.test_output_chars and len(tail) > 1:
                size[0] -= len(tail.popleft())
            if on_output is not None:
                on_output(line)

    reader = threading.Thread(target=read, name="test-output", daemon=True)
    reader.start()
    stopped = None
    while proc.poll() is None:
        if cancel is not None and cancel.is_set():
            stopped = "cancelled"
        elif time.monotonic() - started > timeout:
            stopped = f"stopped after its timeout of {timeout:g} s"
        if stopped:
            _stop(proc)
            break
        time.sleep(0.05)
    reader.join(timeout=5)
    output = "".join(tail)
    if stopped:
        raise TestRunError(f"the test command was {stopped}; no results were imported", path=CONFIG_REL)
    if _stamp(junit) in (None, before):
        last = output.strip().splitlines()[-1:] or ["no output"]
        raise TestRunError(f"the test command (exit {proc.returncode}) wrote no JUnit file at "
                           f"{junit}: {last[0][:200]}", path=CONFIG_REL)
    return RunOutcome(proc.returncode, junit, output, time.monotonic() - started)
