"""All git access, hardened for untrusted repositories (the git command, scrubbed environment).

Nothing outside this package runs git.
"""

from specaudit.vcs.runner import SafeGit, open_repo

__all__ = ["SafeGit", "open_repo"]
