"""Entry script for the PyInstaller bundle: the same `main` the console script runs."""

from specaudit.cli import main

raise SystemExit(main())
