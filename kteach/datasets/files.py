"""File helpers for the datasets: atomic writes, checksums, and the error for a bad data file.

Nothing kteach writes is ever left half-written: every write goes to a temporary file in the
same directory and is renamed into place only once it is complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kteach.i18n import tr

_CHUNK = 1 << 20
_FILE_MODE = 0o644  # temp files start private (0600); the finished file is readable like any other


class DataFileError(OSError):
    """A data file exists but cannot be read: truncated, corrupted, or not the expected format."""

    def __init__(self, path: Path, problem: str, fix: str) -> None:
        """Say which file, what is wrong with it (``problem``, already translated) and ``fix``."""
        self.path = Path(path)
        super().__init__(tr("{path}: {problem}. {fix}", path=self.path, problem=problem, fix=fix))


@contextlib.contextmanager
def atomic_open(path: Path) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``path`` for binary writing; rename it onto ``path`` on success.

    If the body raises, the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, _FILE_MODE)
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in chunks so large archives do not fill memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
