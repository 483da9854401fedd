"""What a push may run: the user's programs only, never ones the repository names.

A repository's own configuration (``.git/config``, its includes, ``config.worktree``)
is as untrusted as its content, yet git reads it on every push, and many keys there name
a program git starts: the ssh command, the credential helpers, the askpass prompt, the
git:// proxy, the signing program, the remote's receive-pack. ``transport_for`` reads the
whole configuration once (``git config --show-scope --list``), and for every key of
``GUARDS`` the repository sets, puts back the user's own value (system and global
scope, or the user's environment) or git's default. The table of keys is documented in
docs/tightening.md (section 4, Push); tests/integration/test_push_key_list_doc.py keeps the two equal.

Three kinds of key, because git reads them three ways:

- last value wins (``core.sshCommand``, ``core.askPass``, ``gpg.program``...): the
  override is a verbatim ``GIT_CONFIG_COUNT`` pair, which git reads after the repository's;
- many values (``credential.helper``, ``credential.<url>.helper``): an empty value
  clears the list, then the user's helpers are added back in their order;
- first value wins (``remote.<name>.receivepack``, ``core.gitProxy``): a later pair
  cannot win, so ``--receive-pack`` and the ``GIT_PROXY_COMMAND`` variable are used.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from specaudit.core.errors import GitError
from specaudit.vcs.runner import SafeGit

USER_SCOPES = frozenset({"system", "global"})
REPO_SCOPES = frozenset({"local", "worktree"})  # "command" is specaudit's own overrides


@dataclass(frozen=True)
class ConfigEntry:
    scope: str
    key: str  # git's form: section and name lower case, subsection as written
    value: str | None  # None: a bare boolean key ("[core] bare")


@dataclass(frozen=True)
class Transport:
    """What to add to ``git push``: options, verbatim config pairs, environment."""

    flags: tuple[str, ...] = ()
    config: tuple[tuple[str, str], ...] = ()
    env: dict[str, str] = field(default_factory=dict)


def _ssh_default() -> str:
    # git: GIT_SSH_COMMAND > core.sshCommand > GIT_SSH > ssh (GIT_SSH_COMMAND needs no override).
    return shlex.quote(os.environ["GIT_SSH"]) if os.environ.get("GIT_SSH") else "ssh"


# Last-wins keys that name a program (or make git start one), with the value used when
# the user set none. Patterns match git's normalised key; ``(?:\.[^.]*)*`` is a URL
# subsection (``http.https://host.cookiefile``), whose user value falls back to the
# user's plain key.
GUARDS: tuple[tuple[str, Callable[[], str]], ...] = (
    (r"core\.sshcommand", _ssh_default),
    # Empty would also silence the SSH_ASKPASS fallback, so that is kept.
    (r"core\.askpass", lambda: os.environ.get("SSH_ASKPASS", "")),
    (r"gpg\.program", lambda: "gpg"),
    (r"gpg\.openpgp\.program", lambda: "gpg"),
    (r"gpg\.x509\.program", lambda: "gpgsm"),
    (r"gpg\.ssh\.program", lambda: "ssh-keygen"),
    (r"gpg\.ssh\.defaultkeycommand", lambda: ""),
    (r"push\.gpgsign", lambda: "false"),  # would start gpg.program for a push certificate
    (r"http(?:\..*)?\.cookiefile", lambda: ""),  # with saveCookies, git writes this file
    (r"http(?:\..*)?\.savecookies", lambda: "false"),
)
CREDENTIAL_HELPER = re.compile(r"credential(?:\..*)?\.helper")
# Always set for a push, whatever either configuration says.
PUSH_FIXED: tuple[tuple[str, str], ...] = (
    ("push.recurseSubmodules", "no"),  # a submodule push runs with that repository's config
)  # (protocol.ext.allow=never, against ext:: URLs and insteadOf rewrites, is in runner.SAFE_CONFIG)
_GUARDS = [(re.compile(p), default) for p, default in GUARDS]


def config_entries(repo: SafeGit) -> list[ConfigEntry]:
    """Every configuration entry git sees here, with its scope, in the order git reads them."""
    raw = repo.run("config", "--show-scope", "--null", "--list", ok_codes=(0, 1))
    fields = raw.decode("utf-8", "surrogateescape").split("\0")
    out = []
    for scope, entry in zip(fields[0::2], fields[1::2], strict=False):
        key, nl, value = entry.partition("\n")
        out.append(ConfigEntry(scope, key, value if nl else None))
    return out


def _generic(key: str) -> str:
    """``http.https://h.cookiefile`` -> ``http.cookiefile``."""
    section, _, rest = key.partition(".")
    return f"{section}.{rest.rpartition('.')[2]}"


def _user_value(entries: list[ConfigEntry], key: str) -> str | None:
    for wanted in dict.fromkeys((key, _generic(key))):
        mine = [e.value for e in entries if e.scope in USER_SCOPES and e.key == wanted]
        if mine:
            return "true" if mine[-1] is None else mine[-1]
    return None


def last_wins_overrides(entries: list[ConfigEntry], hooks_dir: Callable[[], str]) -> list[tuple[str, str]]:
    """The user's value (or git's default) for every guarded key the repository sets."""
    set_by_repo = list(dict.fromkeys(e.key for e in entries if e.scope in REPO_SCOPES))
    out: list[tuple[str, str]] = []
    for key in set_by_repo:
        guard = next((default for pattern, default in _GUARDS if pattern.fullmatch(key)), None)
        if key == "core.hookspath":
            guard = hooks_dir  # the repository's own hooks directory, never one in the work tree
        if guard is not None:
            mine = _user_value(entries, key)
            out.append((key, mine if mine is not None else guard()))
    if any(CREDENTIAL_HELPER.fullmatch(e.key) for e in entries if e.scope in REPO_SCOPES):
        out.append(("credential.helper", ""))  # clears every helper read so far
        out += [(e.key, e.value or "") for e in entries if e.scope in USER_SCOPES and CREDENTIAL_HELPER.fullmatch(e.key)]
    return out


def git_proxy_for(values: list[str], host_and_port: str) -> str:
    """The ``core.gitProxy`` command git picks for a host, from ``values`` in order
    (git's rule: the first that matches; "CMD for DOMAIN" matches DOMAIN and its
    subdomains; "none" means no proxy)."""
    for value in values:
        command, sep, domain = value.partition(" for ")
        if sep and not (host_and_port == domain or host_and_port.endswith("." + domain)):
            continue
        return "" if command == "none" else command
    return ""


def _git_hosts(urls: list[str]) -> list[str]:
    return [u.removeprefix("git://").split("/", 1)[0] for u in urls if u.startswith("git://")]


def refuse_local_remote_in_tree(repo: SafeGit, remote: str, urls: list[str]) -> None:
    """A remote that is a path inside the working tree is a repository the change itself
    may have added: pushing there runs its hooks (pre-receive, post-receive...)."""
    git_dir = repo.git_dir.resolve()
    for url in urls:
        if "://" in url and not url.startswith("file://"):
            continue
        path = url.removeprefix("file://")
        if ":" in path.split("/", 1)[0]:  # scp-like host:path
            continue
        target = (repo.root / path).resolve()
        if target == repo.root or target == git_dir or git_dir in target.parents:
            continue
        if repo.root in target.parents:
            raise GitError(f"remote {remote!r} is a repository inside the working tree ({url}): pushing there "
                           "would run its hooks, which the change itself may have written; push to a "
                           "repository outside it")


def transport_for(repo: SafeGit, remote: str) -> Transport:
    """Flags, config pairs and environment that make a push to ``remote`` run only the
    user's programs (see the module docstring and docs/tightening.md, section 4, Push)."""
    entries = config_entries(repo)
    found = repo.run("remote", "get-url", "--push", "--all", "--", remote, ok_codes=(0, 2))
    urls = [u for u in found.decode("utf-8", "surrogateescape").splitlines() if u]
    refuse_local_remote_in_tree(repo, remote, urls)

    def hooks_dir() -> str:
        common = repo.text("rev-parse", "--path-format=absolute", "--git-common-dir").strip()
        return str(Path(common) / "hooks")

    config = [*PUSH_FIXED, *last_wins_overrides(entries, hooks_dir)]
    flags: list[str] = []
    receive = [e for e in entries if e.key == f"remote.{remote}.receivepack"]
    if receive and receive[0].scope not in USER_SCOPES:  # git takes the first one it reads
        flags.append("--receive-pack=git-receive-pack")
    env: dict[str, str] = {}
    repo_proxy = any(e.key == "core.gitproxy" and e.scope in REPO_SCOPES for e in entries)
    if repo_proxy and "GIT_PROXY_COMMAND" not in os.environ:  # git reads the variable first
        mine = [e.value or "" for e in entries if e.key == "core.gitproxy" and e.scope in USER_SCOPES]
        chosen = {git_proxy_for(mine, host) for host in _git_hosts(urls)} or {""}
        if len(chosen) > 1:
            raise GitError(f"remote {remote!r} has git:// push URLs that need different proxies "
                           "(core.gitProxy); push it with git itself")
        env["GIT_PROXY_COMMAND"] = chosen.pop()  # empty: git then skips core.gitProxy
    return Transport(tuple(flags), tuple(config), env)
