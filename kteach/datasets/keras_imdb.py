"""Read Keras's own IMDB files, ``imdb.npz`` and ``imdb_word_index.json``, without Keras.

Introduced in lesson 03. ``imdb.npz`` stores the reviews as pickled object arrays; they are
read with an unpickler that can only rebuild NumPy arrays, so a tampered file cannot run code.
"""

from __future__ import annotations

import io
import itertools
import json
import pickle
import zipfile
from pathlib import Path
from typing import BinaryIO

import numpy as np

from kteach.datasets.corpus import Split, split_from_lengths
from kteach.datasets.errors import DataFileError
from kteach.i18n import tr

_ARRAY_GLOBALS = frozenset(
    {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
    }
)


def _fix() -> str:
    """How to replace a damaged Keras IMDB file, in the current language."""
    return tr("Delete it so Keras downloads a fresh copy, or copy it again.")


class _ArraysOnlyUnpickler(pickle.Unpickler):
    """Unpickles NumPy arrays of Python objects and refuses every other global."""

    def find_class(self, module: str, name: str) -> object:
        if (module, name) not in _ARRAY_GLOBALS:
            raise pickle.UnpicklingError(
                tr("refusing to load {module}.{name} from a dataset file", module=module, name=name)
            )
        return super().find_class(module, name)


def read_npz_safely(path: Path) -> dict[str, np.ndarray]:
    """Read every array of an .npz, allowing pickled object arrays but nothing executable."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                with archive.open(member) as raw:
                    arrays[member[: -len(".npy")]] = _read_npy(io.BytesIO(raw.read()))
    return arrays


def read_npy_header(stream: BinaryIO) -> tuple[tuple[int, ...], np.dtype]:
    """Read the magic and header of one .npy member: the array's shape and dtype, and no data."""
    version = np.lib.format.read_magic(stream)
    read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, _, dtype = read_header(stream)
    return shape, dtype


def _read_npy(stream: BinaryIO) -> np.ndarray:
    _, dtype = read_npy_header(stream)
    if dtype.hasobject:
        return _ArraysOnlyUnpickler(stream).load()
    stream.seek(0)
    return np.lib.format.read_array(stream, allow_pickle=False)


def read_keras_imdb(path: Path) -> tuple[Split, Split]:
    """Read ``imdb.npz`` into train and test splits of word ranks (1 = most frequent), unshuffled."""
    try:
        arrays = read_npz_safely(path)
        splits = tuple(_split(arrays[f"x_{name}"], arrays[f"y_{name}"]) for name in ("train", "test"))
    except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile, pickle.UnpicklingError) as error:
        raise DataFileError(
            path, tr("is not Keras's imdb.npz ({kind}: {error})", kind=type(error).__name__, error=error), _fix()
        ) from error
    return splits


def _split(sequences: np.ndarray, labels: np.ndarray) -> Split:
    lengths = np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))
    ranks = np.fromiter(itertools.chain.from_iterable(sequences), dtype=np.int32, count=int(lengths.sum()))
    return split_from_lengths(ranks, lengths, labels)


def require_word_index(path: Path) -> Path:
    """Return ``path`` if the word index beside ``imdb.npz`` exists: the pair is one dataset, all or nothing.

    Raises:
        FileNotFoundError: it is missing (Keras downloads it separately from imdb.npz).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            tr(
                "{path} is missing: the words of Keras's imdb.npz are in that file. Run "
                "keras.datasets.imdb.get_word_index() once online, or copy imdb_word_index.json next to imdb.npz.",
                path=path,
            )
        )
    return path


def read_word_index(path: Path) -> dict[str, int]:
    """Read ``imdb_word_index.json``: word -> rank (1 = most frequent), as Keras's ``get_word_index()``.

    Raises:
        FileNotFoundError: the file is missing (Keras downloads it separately from imdb.npz).
        DataFileError: it is not a JSON object of distinct positive integer ranks.
    """
    path = require_word_index(path)
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataFileError(path, tr("is not a JSON word index ({error})", error=error), _fix()) from error
    ranks = list(index.values()) if isinstance(index, dict) else []
    if not ranks or not all(type(rank) is int and rank > 0 for rank in ranks) or len(set(ranks)) != len(ranks):
        raise DataFileError(path, tr("is not a JSON object of words with distinct positive ranks"), _fix())
    return index
