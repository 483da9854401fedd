"""Consent for the test command: a command the repository names runs only once the user
has read and trusted it (docs/tests.md, "Trusting the test command").

The model is VS Code's Workspace Trust. ``tests.command`` in ``.specaudit/config.yaml``
was written by whoever wrote the repository, so ``specaudit tests --run`` and the
window's Run button refuse it until ``specaudit trust`` (or the window's dialog) shows
the user every argument and the user agrees. Trust lives in the user's own config
directory (``$XDG_CONFIG_HOME/specaudit/trust.yaml``, never the repository), keyed by
the repository's real path and a SHA-256 over every setting that changes what runs, so
a changed command needs trust again.

A command the user sets in their own ``$XDG_CONFIG_HOME/specaudit/config.yaml``
(``repositories: {/real/path: {tests: {...}}}``) takes the repository's place and runs
without asking: the user wrote it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from specaudit.app.store.config import CONFIG_REL, ConfigError, load_config, tests_settings
from specaudit.app.store.safe_write import exclusive_lock, write_atomic
from specaudit.app.store.side_files import PlainFile
from specaudit.core.errors import SpecauditError
from specaudit.core.escape import terminal_safe

TRUST_FILE = "trust.yaml"
USER_CONFIG_FILE = "config.yaml"
SCHEMA = 1


class TrustError(SpecauditError):
    """The trust file or the user's own configuration cannot be read or written."""


class UntrustedCommand(SpecauditError):
    """The repository's test command has not been trusted (or changed since)."""


def user_config_dir() -> Path:
    """``$XDG_CONFIG_HOME/specaudit`` (default ``~/.config/specaudit``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "specaudit"


@dataclass(frozen=True)
class TestCommand:
    """What would run: the arguments, where, for how long, and where results appear."""

    __test__ = False  # not a pytest test class

    argv: tuple[str, ...]
    cwd: Path  # the repository root, real path
    junit_setting: str  # as configured (relative to cwd unless absolute)
    timeout: float
    source: str  # the file that set it: CONFIG_REL, or the user's own config file
    from_user: bool  # set in the user's own configuration: runs without asking

    @property
    def junit(self) -> Path:
        junit = Path(self.junit_setting)
        return junit if junit.is_absolute() else self.cwd / junit

    def fingerprint(self) -> str:
        """SHA-256 of a canonical JSON of every setting that changes what runs. ``env`` is
        the variables the configuration adds to the user's environment (none today)."""
        doc = {"argv": list(self.argv), "cwd": str(self.cwd), "env": {}, "junit": self.junit_setting,
               "timeout": self.timeout}
        blob = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def show_arg(text: str) -> str:
    """One argument as the user must see it: in double quotes (so spaces, an empty
    argument and the boundaries show), with quotes, backslashes, control characters and
    bidi overrides escaped (``"\\u001b[31m"``, ``"\\u202e"``)."""
    return terminal_safe(json.dumps(text, ensure_ascii=False))


def describe(command: TestCommand) -> list[str]:
    """The command as rows of plain text, one argument per row (CLI and dialog alike)."""
    rows = [f"argv[{i}]  {show_arg(arg)}" for i, arg in enumerate(command.argv)]
    rows += [f"cwd      {show_arg(str(command.cwd))}",
             f"timeout  {command.timeout:g} s",
             f"junit    {show_arg(command.junit_setting)}",
             f"sha256   {command.fingerprint()}"]
    return rows


def _user_command(root: Path) -> TestCommand | None:
    folder = user_config_dir()
    data = _read_yaml(folder, USER_CONFIG_FILE, "your specaudit configuration", ConfigError)
    if data is None:
        return None
    where = str(folder / USER_CONFIG_FILE)
    repos = data.get("repositories") if isinstance(data, dict) else None
    if repos is None:
        return None
    if not isinstance(repos, dict):
        raise ConfigError("repositories must map repository paths to settings", path=where)
    for key, settings in repos.items():
        if not isinstance(key, str) or Path(key).expanduser().resolve() != root:
            continue
        tests = settings.get("tests") if isinstance(settings, dict) else None
        if not isinstance(tests, dict):
            raise ConfigError(f"repositories.{key}.tests must be a mapping", path=where)
        argv, junit, timeout = tests_settings(tests, lambda _key: None, where)
        if not argv or not junit:
            raise ConfigError(f"repositories.{key}.tests needs command and junit", path=where)
        return TestCommand(argv, root, junit, timeout, where, True)
    return None


def command_for(root: Path) -> TestCommand | None:
    """The test command for the repository at ``root``: the user's own if their config
    sets one for it, else ``tests.command`` from the repository; None when neither does."""
    root = Path(root).resolve()
    mine = _user_command(root)
    if mine is not None:
        return mine
    cfg = load_config(root)
    if not cfg.tests_command:
        return None
    if not cfg.tests_junit:
        raise ConfigError("tests.command is set but tests.junit (the JUnit file it writes) is not",
                          path=CONFIG_REL)
    return TestCommand(cfg.tests_command, root, cfg.tests_junit, cfg.tests_timeout, CONFIG_REL, False)


# -- the trust file -----------------------------------------------------------------------

def _read_yaml(folder: Path, name: str, what: str, error: type[SpecauditError]) -> object:
    try:
        return PlainFile(folder, name, what=what, error=error).load()
    except SpecauditError as exc:  # name the file by its full path: it is not in a repository
        exc.path = str(folder / name)
        raise


def _entries() -> list[dict]:
    folder = user_config_dir()
    where = str(folder / TRUST_FILE)
    data = _read_yaml(folder, TRUST_FILE, "trust file", TrustError)
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("trusted", []), list):
        raise TrustError("not a specaudit trust file (expected schema and trusted)", path=where)
    if data.get("schema") != SCHEMA:
        raise TrustError(f"unknown schema {data.get('schema')!r} (this specaudit reads {SCHEMA}); "
                         "upgrade specaudit or move the file away", path=where)
    entries = data.get("trusted") or []
    if not all(isinstance(e, dict) and isinstance(e.get("repository"), str) and isinstance(e.get("sha256"), str)
               for e in entries):
        raise TrustError("every trusted entry needs repository and sha256", path=where)
    return entries


def _save(entries: list[dict]) -> None:
    path = user_config_dir() / TRUST_FILE
    head = ("# Test commands you trusted, per repository (specaudit trust). Written by specaudit;\n"
            "# remove an entry with: specaudit trust --revoke --repo PATH\n")
    body = yaml.safe_dump({"schema": SCHEMA, "trusted": entries}, sort_keys=False)  # non-ASCII escaped
    write_atomic(path, (head + body).encode("utf-8"), mode=0o600)


def is_trusted(command: TestCommand) -> bool:
    """True for the user's own command, or a repository command trusted exactly as it is."""
    if command.from_user:
        return True
    sha = command.fingerprint()
    return any(e["repository"] == str(command.cwd) and e["sha256"] == sha for e in _entries())


def require_trust(command: TestCommand) -> None:
    """Raise UntrustedCommand (one line saying how to trust it) unless it may run."""
    if is_trusted(command):
        return
    import shlex

    changed = any(e["repository"] == str(command.cwd) for e in _entries())
    state = "changed since you trusted it" if changed else "is not trusted yet"
    raise UntrustedCommand(f"the test command {state}: read it and trust it with: "
                           f"specaudit trust --repo {shlex.quote(str(command.cwd))}", path=command.source)


def record_trust(command: TestCommand) -> None:
    """Trust ``command`` for its repository (replacing trust in an earlier version of it)."""
    path = user_config_dir() / TRUST_FILE
    with exclusive_lock(path):
        entries = [e for e in _entries() if e["repository"] != str(command.cwd)]
        entries.append({"repository": str(command.cwd), "sha256": command.fingerprint(),
                        "command": list(command.argv),
                        "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")})
        _save(entries)


def revoke(root: Path) -> int:
    """Forget every trusted command of the repository at ``root``; how many there were."""
    root = Path(root).resolve()
    path = user_config_dir() / TRUST_FILE
    with exclusive_lock(path):
        entries = _entries()
        kept = [e for e in entries if e["repository"] != str(root)]
        if len(kept) != len(entries):
            _save(kept)
    return len(entries) - len(kept)
