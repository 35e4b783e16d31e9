"""The error for a data file that exists but cannot be read (the file helpers are in ``kteach.files``)."""

from __future__ import annotations

from pathlib import Path

from kteach.i18n import tr


class DataFileError(OSError):
    """A data file exists but cannot be read: truncated, corrupted, or not the expected format."""

    def __init__(self, path: Path, problem: str, fix: str) -> None:
        """Say which file, what is wrong with it (``problem``, already translated) and ``fix``."""
        self.path = Path(path)
        super().__init__(tr("{path}: {problem}. {fix}", path=self.path, problem=problem, fix=fix))
