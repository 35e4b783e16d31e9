"""Read and write LeCun's IDX format, the original MNIST and Fashion-MNIST files.

Introduced in lesson 01 (``kteach.load_mnist``). The four files of a set are
``{train,t10k}-{images-idx3,labels-idx1}-ubyte``, gzipped (``.gz``) or not.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kteach.datasets.errors import DataFileError
from kteach.files import atomic_open
from kteach.i18n import tr

IDX_STEMS = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
UBYTE = 0x08
READ_ERRORS = (OSError, EOFError, zlib.error)
Splits = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class IdxSet:
    """The four IDX files of an MNIST-like set, in Keras's order of use."""

    train_images: Path
    train_labels: Path
    test_images: Path
    test_labels: Path

    @property
    def paths(self) -> tuple[Path, ...]:
        """The four paths, train images first."""
        return (self.train_images, self.train_labels, self.test_images, self.test_labels)


def find_idx_set(directory: Path, prefix: str = "") -> IdxSet | None:
    """Return the IDX set in ``directory`` (``prefix`` + standard names, ``.gz`` or plain), or None.

    Raises:
        FileNotFoundError: some but not all four files are there: a half-copied set is a mistake
            to report, not a reason to silently use another source.
    """
    found = [_existing(directory / f"{prefix}{stem}") for stem in IDX_STEMS]
    if not any(found):
        return None
    missing = [f"{prefix}{stem}.gz" for stem, path in zip(IDX_STEMS, found) if path is None]
    if missing:
        raise FileNotFoundError(
            tr(
                "{directory} holds only part of an IDX set: missing {missing}. "
                "Copy all four files there (gzipped or not), or remove the others.",
                directory=directory,
                missing=", ".join(missing),
            )
        )
    return IdxSet(*found)


def _existing(stem: Path) -> Path | None:
    for candidate in (stem.with_name(stem.name + ".gz"), stem):
        if candidate.is_file():
            return candidate
    return None


def read_idx(path: Path) -> np.ndarray:
    """Read one IDX file of unsigned bytes into a writable uint8 array of the shape its header gives.

    Raises:
        DataFileError: the file is truncated, not gzip when named ``.gz``, or not IDX.
    """
    path = Path(path)
    fix = tr("Copy the file again (or delete it so kteach uses the next source).")
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as handle:
            data = bytearray(handle.read())
    except READ_ERRORS as error:
        raise DataFileError(path, tr("cannot be read ({error})", error=error), fix) from error
    if len(data) < 4 or data[0] or data[1] or data[2] != UBYTE or data[3] == 0:
        raise DataFileError(path, tr("is not an IDX file of unsigned bytes (bad magic number)"), fix)
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataFileError(path, tr("is truncated inside its header"), fix)
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    if len(data) - header != int(np.prod(shape)):
        raise DataFileError(
            path,
            tr(
                "holds {size:,} bytes of data but its header announces shape {shape}",
                size=len(data) - header,
                shape=shape,
            ),
            fix,
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def read_idx_set(files: IdxSet) -> Splits:
    """Read the four files as ``((x_train, y_train), (x_test, y_test))``, checked like MNIST.

    Images must be (N, 28, 28), labels (N,) with values 0..9, as ``keras.datasets`` returns them.
    """
    splits = []
    for images_path, labels_path in ((files.train_images, files.train_labels), (files.test_images, files.test_labels)):
        images, labels = read_idx(images_path), read_idx(labels_path)
        if images.ndim != 3 or images.shape[1:] != (28, 28):
            raise DataFileError(
                images_path,
                tr("holds images of shape {shape}, not 28x28", shape=images.shape[1:]),
                tr("Use the MNIST-format files."),
            )
        if labels.shape != images.shape[:1]:
            raise DataFileError(
                labels_path,
                tr(
                    "holds {labels:,} labels for {images:,} images in {file}",
                    labels=labels.size,
                    images=len(images),
                    file=images_path.name,
                ),
                tr("Use files of the same set."),
            )
        if labels.size and labels.max() > 9:
            raise DataFileError(
                labels_path,
                tr("holds label {label}, outside 0..9", label=labels.max()),
                tr("Use the MNIST-format files."),
            )
        splits.append((images, labels))
    return splits[0], splits[1]


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write a uint8 array as an IDX file (gzipped, with a fixed timestamp, when ``path`` ends in .gz).

    Used by ``scripts.make_samples`` to cut the shipped samples and by the tests to build fixtures.
    """
    if not isinstance(array, np.ndarray) or array.dtype != np.uint8 or array.ndim == 0:
        raise TypeError(
            tr(
                "array must be a uint8 numpy array with at least one axis, got {kind}",
                kind=getattr(array, "dtype", type(array)),
            )
        )
    path = Path(path)
    header = bytes([0, 0, UBYTE, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    payload = header + np.ascontiguousarray(array).tobytes()
    with atomic_open(path) as handle:
        if path.suffix == ".gz":
            with gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) as packed:
                packed.write(payload)
        else:
            handle.write(payload)
