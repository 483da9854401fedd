"""Errors that reach the user as one clear line (CLI exit 2, a dialog in the app)."""

from __future__ import annotations


class SpecauditError(Exception):
    """A problem with the user's input or environment, worded for the user.

    ``path`` and ``line`` (1-based) point at the offending place when there is one;
    ``str(err)`` renders ``path:line: message``.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class UsageError(SpecauditError):
    """Wrong arguments or options."""


class SpecError(SpecauditError):
    """A spec file that cannot be read or parsed at all."""


class AuditFileError(SpecauditError):
    """A corrupt, unreadable or too-new audit file. The file is never rewritten."""


class GitError(SpecauditError):
    """A git operation failed: not a repository, unknown revision, push rejected..."""

    stderr: str = ""  # git's whole output, for callers that classify failures
