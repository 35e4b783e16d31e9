"""Cheap checks that a source's files are whole and of the expected form, reading headers only.

Used by ``kteach.doctor()`` (which must not load the data, yet must not pass a file the load
would then refuse) and after a download, before its files are moved into Keras's cache.
What they cannot see without reading everything (a flipped byte inside the images), the
loaders still catch.
"""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kteach.datasets.errors import DataFileError
from kteach.datasets.idx import IdxSet, READ_ERRORS, UBYTE
from kteach.datasets.keras_imdb import read_npy_header, read_word_index
from kteach.datasets.shipped import verify_sample
from kteach.datasets.sources import DataSource
from kteach.i18n import tr

_NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")
_GZIP_MAGIC = b"\x1f\x8b"


def replace_fix() -> str:
    """How to replace a bad data file, in the current language."""
    return tr("Copy it again, or delete it so kteach (or Keras) fetches a fresh one.")


def check_files(source: DataSource) -> None:
    """Raise if a source's files are missing, truncated or not what its loader reads; a download is not checked.

    Raises:
        FileNotFoundError: a file of a multi-file dataset is missing (e.g. imdb_word_index.json).
        DataFileError: a file is damaged or of another format (the message names it and the fix).
    """
    if source.kind == "download":
        return
    if source.kind == "sample":
        for path in source.files:
            verify_sample(path)
        return
    if source.format == "npz":
        check_mnist_npz(source.files[0])
    elif source.format == "idx":
        _check_idx_set(IdxSet(*source.files))
    elif source.format == "keras-imdb":
        _npz_headers(source.files[0], _NPZ_KEYS)
        read_word_index(source.files[1])
    elif source.format == "aclimdb" and source.files[0].is_file():
        _check_gzip_magic(source.files[0])


def _npz_headers(path: Path, keys: Sequence[str]) -> dict[str, tuple[tuple[int, ...], np.dtype]]:
    """Return ``{key: (shape, dtype)}`` of the arrays ``keys`` of an .npz, read from their headers only."""
    headers = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for key in keys:
                if f"{key}.npy" in names:
                    with archive.open(f"{key}.npy") as stream:
                        headers[key] = read_npy_header(stream)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise DataFileError(path, tr("is not a readable .npz archive ({error})", error=error), replace_fix()) from error
    missing = [key for key in keys if key not in headers]
    if missing:
        raise DataFileError(path, tr("lacks the arrays {missing}", missing=", ".join(missing)), replace_fix())
    return headers


def check_mnist_npz(path: Path) -> None:
    """Keras's ``mnist.npz``: four arrays, (N, 28, 28) uint8 images and (N,) integer labels."""
    headers = _npz_headers(path, _NPZ_KEYS)
    for split in ("train", "test"):
        (x_shape, x_dtype), (y_shape, y_dtype) = headers[f"x_{split}"], headers[f"y_{split}"]
        if x_dtype != np.uint8 or x_shape[1:] != (28, 28) or len(x_shape) != 3 or y_shape != x_shape[:1]:
            raise DataFileError(
                path,
                tr(
                    "holds arrays of shapes {x_shape} and {y_shape}, not (N, 28, 28) uint8 and (N,)",
                    x_shape=x_shape,
                    y_shape=y_shape,
                ),
                replace_fix(),
            )
        if not np.issubdtype(y_dtype, np.integer):
            problem = tr("holds labels of type {dtype}, not integers 0..9", dtype=y_dtype)
            raise DataFileError(path, problem, replace_fix())


def _check_idx_set(files: IdxSet) -> None:
    """The four IDX files: 28x28 images, one label each, and every file as long as its header says."""
    for images_path, labels_path in ((files.train_images, files.train_labels), (files.test_images, files.test_labels)):
        images, labels = _idx_shape(images_path), _idx_shape(labels_path)
        if len(images) != 3 or images[1:] != (28, 28):
            raise DataFileError(
                images_path, tr("holds images of shape {shape}, not 28x28", shape=images[1:]), replace_fix()
            )
        if labels != images[:1]:
            raise DataFileError(
                labels_path,
                tr(
                    "holds {labels:,} labels for {images:,} images in {file}",
                    labels=int(np.prod(labels)),
                    images=images[0],
                    file=images_path.name,
                ),
                replace_fix(),
            )


def _idx_shape(path: Path) -> tuple[int, ...]:
    """The shape an IDX file's header announces, after checking the file holds exactly that much data.

    A gzipped file's size is read from its last four bytes (gzip's ISIZE), so a truncated
    download is caught without decompressing it.
    """
    gzipped = path.suffix == ".gz"
    try:
        with (gzip.open if gzipped else open)(path, "rb") as handle:
            magic = handle.read(4)
            dims = handle.read(4 * magic[3]) if len(magic) == 4 else b""
    except READ_ERRORS as error:
        raise DataFileError(path, tr("cannot be read ({error})", error=error), replace_fix()) from error
    if len(magic) < 4 or magic[:3] != bytes([0, 0, UBYTE]) or magic[3] == 0:
        raise DataFileError(path, tr("is not an IDX file of unsigned bytes (bad magic number)"), replace_fix())
    if len(dims) < 4 * magic[3]:
        raise DataFileError(path, tr("is truncated inside its header"), replace_fix())
    with open(path, "rb") as raw:  # a gzip file this far has its 4-byte trailer
        raw.seek(-4 if gzipped else 0, 2)
        size = int.from_bytes(raw.read(4), "little") if gzipped else raw.tell()
    shape = tuple(int.from_bytes(dims[i : i + 4], "big") for i in range(0, len(dims), 4))
    expected = 4 + len(dims) + int(np.prod(shape))
    if size != (expected % (1 << 32) if gzipped else expected):
        raise DataFileError(
            path, tr("is truncated or padded: its header announces shape {shape}", shape=shape), replace_fix()
        )
    return shape


def _check_gzip_magic(path: Path) -> None:
    """An ``aclImdb_v1.tar.gz`` must at least start like a gzip file."""
    with open(path, "rb") as handle:
        if handle.read(2) != _GZIP_MAGIC:
            raise DataFileError(path, tr("is not a .tar.gz archive"), replace_fix())
