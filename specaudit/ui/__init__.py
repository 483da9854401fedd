"""The Qt front end. PySide6 is imported only under this package."""
