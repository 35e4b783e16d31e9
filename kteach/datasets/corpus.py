"""A tokenized review corpus kept as flat integer arrays, and its on-disk cache.

Introduced in lesson 03. Reviews are stored end to end (``ids``) with ``offsets`` marking
where each starts, so shuffling, filtering and index shifts are single NumPy operations and
the cache needs no pickles. In a Corpus the ids are word ranks (1 = the most frequent word,
as in Keras's ``imdb.npz``); ``load_imdb`` turns them into the dataset's indices.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kteach.files import atomic_open
from kteach.i18n import tr

CACHE_ENV = "KTEACH_CACHE_DIR"
CACHE_VERSION = 1  # bump when tokenizing or the file layout changes: old cache files are then ignored
_unwritable_warned: set[Path] = set()


@dataclass(frozen=True)
class Split:
    """One split's reviews: ``ids[offsets[i]:offsets[i + 1]]`` are review i's word ids, ``labels[i]`` its label."""

    ids: np.ndarray
    offsets: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def lengths(self) -> np.ndarray:
        """Number of words in each review."""
        return np.diff(self.offsets)


def offsets_from_lengths(lengths: np.ndarray) -> np.ndarray:
    """Return where each review starts, plus the total at the end: ``[0, l0, l0 + l1, ...]``."""
    return np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)


def split_from_lengths(ids: np.ndarray, lengths: np.ndarray, labels: np.ndarray) -> Split:
    """Build a Split from the ids of reviews laid end to end and each review's length."""
    return Split(np.asarray(ids), offsets_from_lengths(lengths), np.asarray(labels))


@dataclass(frozen=True)
class Corpus:
    """Train and test reviews plus the vocabulary: ``words[r - 1]`` is the word of rank r."""

    train: Split
    test: Split
    words: tuple[str, ...]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the garbage collector while objects that hold no cycles are built, then file them as old.

    Over the reviews' tuples and lists, millions of entries, its passes would cost more than
    building them. ``freeze`` + ``unfreeze`` then moves every tracked object to the oldest
    generation without a pass (skipped if the program froze objects itself: ``unfreeze`` would
    release those too).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def cache_dir() -> Path:
    """Return the cache folder: ``KTEACH_CACHE_DIR``, else ``~/.cache/kteach``."""
    value = os.environ.get(CACHE_ENV, "").strip()
    return Path(value).expanduser() if value else Path.home() / ".cache" / "kteach"


def cached(key: str, build: Callable[[], Corpus]) -> Corpus:
    """Return the corpus cached under ``key``, building and caching it on first use.

    A damaged cache file is rebuilt; a cache folder that cannot be written is warned about
    once and the corpus is simply rebuilt next time.
    """
    target = cache_dir() / f"imdb-{key}.npz"
    if target.is_file():
        try:
            return load_corpus(target)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
            warnings.warn(
                tr("ignoring the damaged IMDB cache {target} ({error}); rebuilding it", target=target, error=error),
                stacklevel=3,
            )
    corpus = build()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        save_corpus(target, corpus)
    except OSError as error:
        if target.parent not in _unwritable_warned:
            _unwritable_warned.add(target.parent)
            warnings.warn(
                tr(
                    "cannot write the IMDB cache in {folder} ({error}): the reviews will be tokenized "
                    "again next time. Set {env} to a writable folder to keep them.",
                    folder=target.parent,
                    error=error,
                    env=CACHE_ENV,
                ),
                stacklevel=3,
            )
    return corpus


def cache_key(parts: list[str]) -> str:
    """Return a short stable key for a cache entry from strings that identify the source."""
    text = "\n".join([f"v{CACHE_VERSION}", *parts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def save_corpus(path: Path, corpus: Corpus) -> None:
    """Write the corpus as an uncompressed .npz of plain integer arrays (no pickles), atomically."""
    arrays = {"words": np.frombuffer("\n".join(corpus.words).encode("utf-8"), dtype=np.uint8)}
    for name, split in (("train", corpus.train), ("test", corpus.test)):
        arrays.update({f"{name}_ids": split.ids, f"{name}_offsets": split.offsets, f"{name}_labels": split.labels})
    with atomic_open(path) as handle:
        np.savez(handle, **arrays)


def load_corpus(path: Path) -> Corpus:
    """Read a corpus written by ``save_corpus``."""
    with np.load(path, allow_pickle=False) as archive:
        splits = [
            Split(archive[f"{n}_ids"], archive[f"{n}_offsets"], archive[f"{n}_labels"]) for n in ("train", "test")
        ]
        words = tuple(archive["words"].tobytes().decode("utf-8").split("\n"))
    return Corpus(splits[0], splits[1], words)
