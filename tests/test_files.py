"""kteach.files: atomic writes (never a half file, never a stray temporary file) and checksums."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from kteach.files import atomic_open, sha256_of, write_atomic


def test_atomic_open_leaves_nothing_half_written(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write(b"partial")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["out.bin"]
    with atomic_open(target) as handle:
        handle.write(b"new")
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["out.bin"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_write_atomic_writes_text_as_utf8_and_bytes_as_they_are(tmp_path: Path) -> None:
    write_atomic(tmp_path / "text.md", "过拟合 (overfitting)\n")
    write_atomic(tmp_path / "image.png", b"\x89PNG\r\n")
    assert (tmp_path / "text.md").read_bytes() == "过拟合 (overfitting)\n".encode("utf-8")
    assert (tmp_path / "image.png").read_bytes() == b"\x89PNG\r\n"
    assert sorted(os.listdir(tmp_path)) == ["image.png", "text.md"]


def test_write_atomic_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "out.txt"
    write_atomic(target, "x")
    assert target.read_text(encoding="utf-8") == "x"


def test_write_atomic_of_text_that_cannot_be_encoded_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_text("whole", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "a lone surrogate \ud800")
    assert target.read_text(encoding="utf-8") == "whole" and os.listdir(tmp_path) == ["README.md"]


def test_sha256_of_reads_large_files_in_chunks(tmp_path: Path) -> None:
    data = os.urandom(3 * (1 << 20) + 17)  # more than two chunks
    (tmp_path / "blob").write_bytes(data)
    assert sha256_of(tmp_path / "blob") == hashlib.sha256(data).hexdigest()
