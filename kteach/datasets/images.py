"""``load_mnist`` and ``load_fashion_mnist``: Keras's arrays, from whichever source is available.

Introduced in lesson 01. Both return ``((x_train, y_train), (x_test, y_test))`` exactly as
``keras.datasets.mnist.load_data()`` does: uint8 images (N, 28, 28) and uint8 labels 0..9.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from kteach.datasets.check import check_mnist_npz, replace_fix
from kteach.datasets.errors import DataFileError
from kteach.datasets.idx import IdxSet, Splits, read_idx_set
from kteach.datasets.shipped import verify_sample
from kteach.datasets.sources import DataSource, obtain, report
from kteach.i18n import tr

_NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")


def load_mnist() -> Splits:
    """Load MNIST digits like ``keras.datasets.mnist.load_data()``, offline too; prints its source."""
    return _load("mnist")


def load_fashion_mnist() -> Splits:
    """Load Fashion-MNIST like ``keras.datasets.fashion_mnist.load_data()``, offline too; prints its source."""
    return _load("fashion_mnist")


def _load(name: str) -> Splits:
    source = obtain(name)
    (x_train, y_train), (x_test, y_test) = read_images(source)
    report(replace(source, n_train=len(x_train), n_test=len(x_test)))
    return (x_train, y_train), (x_test, y_test)


def read_images(source: DataSource) -> Splits:
    """Read the arrays of an image-dataset source ("npz" or "idx" format)."""
    if source.kind == "sample":
        for path in source.files:
            verify_sample(path)
    if source.format == "npz":
        return read_mnist_npz(source.files[0])
    if source.format == "idx":
        return read_idx_set(IdxSet(*source.files))
    raise ValueError(
        tr("source.format must be 'npz' or 'idx' for an image dataset, got {format!r}", format=source.format)
    )


def read_mnist_npz(path: Path) -> Splits:
    """Read Keras's ``mnist.npz`` (no pickles allowed), checking the four arrays it must hold and its labels."""
    check_mnist_npz(path)
    fix = replace_fix()
    try:
        with np.load(path, allow_pickle=False) as archive:
            x_train, y_train, x_test, y_test = (archive[key] for key in _NPZ_KEYS)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise DataFileError(path, tr("is not a readable .npz archive ({error})", error=error), fix) from error
    for labels in (y_train, y_test):
        if labels.size and (labels.min() < 0 or labels.max() > 9):
            label = labels.min() if labels.min() < 0 else labels.max()
            raise DataFileError(path, tr("holds label {label}, outside 0..9", label=label), fix)
    return (x_train, y_train), (x_test, y_test)
