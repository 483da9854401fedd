"""Package discovery that pyproject.toml alone cannot express.

resources/ sits at the top of the repository (icons, demo content) and ships inside
the wheel as ``specaudit.resources``; see ``package-dir`` in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(packages=find_packages(include=["specaudit", "specaudit.*"]) + ["specaudit.resources"])
