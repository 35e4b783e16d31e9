"""Read the Large Movie Review Dataset (Maas et al., 2011) in Stanford's ``aclImdb`` layout.

Introduced in lesson 03. Works on the ``aclImdb/`` folder or the ``.tar.gz`` (read in one pass,
never unpacked to disk). Words are ranked by how often they occur in the 25,000 training
reviews (ties in alphabetical order), as Keras ranks ``imdb.npz``; test words never seen in
training are dropped, as in Keras's data. Reviews are ordered neg then pos, by review id.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from kteach.datasets.corpus import Corpus, Split, cache_key, cached, gc_paused, split_from_lengths
from kteach.datasets.errors import DataFileError
from kteach.files import atomic_open
from kteach.datasets.tarball import TarFormatError, read_tar_gz
from kteach.datasets.tokens import tokenize_texts
from kteach.i18n import tr

SPLITS = ("train", "test")
LABELS = ("neg", "pos")  # label 0, label 1
_MEMBER = re.compile(r"(?:^|/)((train|test)/(neg|pos)/(\d+)_\d+\.txt)$")


def _fix() -> str:
    """How to replace a damaged aclImdb copy, in the current language."""
    return tr(
        "Copy it again (https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz), "
        "or remove it from KTEACH_DATA_DIR."
    )


class Review(NamedTuple):
    """One labelled review as stored: ``name`` is its path inside aclImdb, e.g. ``train/pos/0_9.txt``.

    ``text`` is the file's bytes; from an archive, a view into the decompressed archive (no copy).
    """

    split: str
    label: int
    id: int
    name: str
    text: bytes | memoryview


def load_aclimdb(path: Path) -> Corpus:
    """Return the tokenized corpus of an aclImdb folder or archive, from the cache when it is current."""
    path = Path(path).resolve()
    return cached(cache_key([str(path), *_fingerprint(path)]), lambda: _tokenized(path))


def _tokenized(path: Path) -> Corpus:
    """Read and tokenize the reviews with the garbage collector paused: their tuples hold no cycles."""
    with gc_paused():
        return tokenize_reviews(read_reviews(path))


def _fingerprint(path: Path) -> list[str]:
    """Size and modification time of the archive, or of every review file in the folder."""
    if path.is_file():
        stat = path.stat()
        return [f"{stat.st_size}:{stat.st_mtime_ns}"]
    stamps = []
    for split in SPLITS:
        for label in LABELS:
            folder = path / split / label
            if folder.is_dir():
                with os.scandir(folder) as entries:
                    stamps += sorted(
                        f"{split}/{label}/{e.name}:{e.stat().st_size}:{e.stat().st_mtime_ns}" for e in entries
                    )
    return stamps


def read_reviews(path: Path) -> list[Review]:
    """Read every labelled train and test review of an aclImdb folder or ``.tar.gz``.

    Raises:
        DataFileError: the archive is truncated or not a tar.gz, or a split has no reviews.
    """
    path = Path(path)
    reviews = list(_folder_reviews(path) if path.is_dir() else _archive_reviews(path))
    for split in SPLITS:
        if not any(review.split == split for review in reviews):
            raise DataFileError(path, tr("holds no {split}/neg or {split}/pos reviews", split=split), _fix())
    return reviews


def _folder_reviews(folder: Path) -> Iterator[Review]:
    for split in SPLITS:
        for name in LABELS:
            for file in sorted((folder / split / name).glob("*_*.txt")):
                match = _MEMBER.search(file.relative_to(folder).as_posix())
                if match:
                    yield _review(match, file.read_bytes())


def _archive_reviews(archive: Path) -> Iterator[Review]:
    try:
        files = read_tar_gz(archive)
    except (OSError, EOFError, zlib.error, TarFormatError) as error:
        problem = tr("is truncated or not a .tar.gz archive ({error})", error=error)
        raise DataFileError(archive, problem, _fix()) from error
    for name, content in files:
        match = _MEMBER.search(name)
        if match:
            yield _review(match, content)


def _review(match: re.Match[str], text: bytes | memoryview) -> Review:
    name, split, label, number = match.groups()
    return Review(split, LABELS.index(label), int(number), name, text)


def tokenize_reviews(reviews: Sequence[Review], words: Sequence[str] | None = None) -> Corpus:
    """Tokenize reviews and rank their words (or use ``words``, a ranking made on the full data).

    Words get provisional ids from ``tokenize_texts``, so counting and ranking are NumPy
    operations on integer arrays rather than Python work per word.
    """
    chosen = [sorted((r for r in reviews if r.split == split), key=lambda r: (r.label, r.id)) for split in SPLITS]
    vocabulary, token_ids = tokenize_texts([[r.text for r in split] for split in chosen])
    provisional = {
        name: (ids, np.array([r.label for r in split], dtype=np.int64))
        for name, split, ids in zip(SPLITS, chosen, token_ids)
    }
    if words is None:
        ranked = _ranked_ids(provisional["train"][0], vocabulary)
        words = [vocabulary[i] for i in ranked.tolist()]
        rank_of_id = np.zeros(len(vocabulary), dtype=np.int32)
        rank_of_id[ranked] = np.arange(1, len(ranked) + 1)
    else:
        rank_of = {word: rank for rank, word in enumerate(words, start=1)}
        rank_of_id = np.array([rank_of.get(word, 0) for word in vocabulary], dtype=np.int32)
    train, test = (_to_split(*provisional[split], rank_of_id) for split in SPLITS)
    return Corpus(train, test, tuple(words))


def _ranked_ids(token_ids: np.ndarray, vocabulary: Sequence[str]) -> np.ndarray:
    """The ids of the words in ``token_ids``, most frequent first, ties in alphabetical order.

    Sorted alphabetically by Python (a C-level key), then stably by count with NumPy:
    no Python function call per word.
    """
    counts = np.bincount(token_ids, minlength=len(vocabulary))
    seen = (np.flatnonzero(counts[1:]) + 1).tolist()  # id 0 ends a review: no word
    alphabetical = np.array(sorted(seen, key=vocabulary.__getitem__), dtype=np.int64)
    return alphabetical[np.argsort(-counts[alphabetical], kind="stable")]


def _to_split(token_ids: np.ndarray, labels: np.ndarray, rank_of_id: np.ndarray) -> Split:
    """Turn provisional ids (0 ends a review) into ranks, dropping words outside the vocabulary."""
    ranks = rank_of_id[token_ids]
    keep = ranks > 0
    ends = np.flatnonzero(token_ids == 0)
    starts = np.concatenate([[0], ends[:-1] + 1]).astype(np.intp)[: len(ends)]  # each review, with its end
    lengths = np.add.reduceat(keep, starts, dtype=np.int64)
    return split_from_lengths(ranks[keep], lengths, labels)


def read_vocabulary(path: Path) -> tuple[str, ...]:
    """Read a ranking written by ``write_vocabulary``: one word per line, most frequent first."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return tuple(handle.read().split("\n"))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
        raise DataFileError(path, tr("cannot be read ({error})", error=error), tr("Reinstall kteach.")) from error


def write_vocabulary(path: Path, words: Sequence[str]) -> None:
    """Write a word ranking, gzipped with a fixed timestamp so the bytes are reproducible."""
    with atomic_open(path) as handle, gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) as packed:
        packed.write("\n".join(words).encode("utf-8"))
