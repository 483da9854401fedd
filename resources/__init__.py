"""Bundled resources: icons and the demo story. Installed as ``specaudit.resources``."""
