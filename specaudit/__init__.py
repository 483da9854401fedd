"""specaudit: review machine-authored diffs against the spec they came from."""

__version__ = "0.1.0"
