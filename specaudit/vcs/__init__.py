"""All git access, through GitPython, hardened for untrusted repositories.

Nothing outside this package runs git.
"""

from specaudit.vcs.runner import SafeGit, open_repo

__all__ = ["SafeGit", "open_repo"]
