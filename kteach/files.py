"""File helpers for all of kteach and its scripts: atomic writes and checksums.

Nothing kteach writes is ever left half-written: every write goes to a temporary file in the
same directory and is renamed into place only once it is complete, so an interrupted kernel, a
full disk or an encoding error leaves the old file (or no file) behind, never a broken one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_CHUNK = 1 << 20
_FILE_MODE = 0o644  # temp files start private (0600); the finished file is readable like any other


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


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text is written as UTF-8) to ``path`` in one piece, creating its folder if needed.

    The text is encoded before anything is written, so text that cannot be encoded leaves ``path`` as it was.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(path) as handle:
        handle.write(payload)


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in chunks so large archives do not fill memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
