"""Read the Large Movie Review Dataset (Maas et al., 2011) in Stanford's ``aclImdb`` layout.

Introduced in lesson 03. Works on the ``aclImdb/`` folder or the ``.tar.gz`` (streamed once,
never unpacked to disk). Words are ranked by how often they occur in the 25,000 training
reviews (ties in alphabetical order), as Keras ranks ``imdb.npz``; test words never seen in
training are dropped, as in Keras's data. Reviews are ordered neg then pos, by review id.
"""

from __future__ import annotations

import gzip
import os
import re
import tarfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from kteach.datasets.corpus import Corpus, Split, cache_key, cached, split_from_lengths
from kteach.datasets.files import DataFileError, atomic_open
from kteach.datasets.tokens import TOKEN_PATTERN, normalize
from kteach.i18n import tr

SPLITS = ("train", "test")
LABELS = ("neg", "pos")  # label 0, label 1
_MEMBER = re.compile(r"(?:^|/)((train|test)/(neg|pos)/(\d+)_\d+\.txt)$")
_SEPARATOR = "\x00"  # ends every review when a chunk of reviews is tokenized in one regex pass
_CORPUS_TOKEN = re.compile(f"{TOKEN_PATTERN}|{_SEPARATOR}")
_CHUNK = 2_000  # reviews tokenized per regex pass: fast, and memory stays small


def _fix() -> str:
    """How to replace a damaged aclImdb copy, in the current language."""
    return tr(
        "Copy it again (https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz), "
        "or remove it from KTEACH_DATA_DIR."
    )


class Review(NamedTuple):
    """One labelled review as stored: ``name`` is its path inside aclImdb, e.g. ``train/pos/0_9.txt``."""

    split: str
    label: int
    id: int
    name: str
    text: bytes


def load_aclimdb(path: Path) -> Corpus:
    """Return the tokenized corpus of an aclImdb folder or archive, from the cache when it is current."""
    path = Path(path).resolve()
    return cached(cache_key([str(path), *_fingerprint(path)]), lambda: tokenize_reviews(read_reviews(path)))


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
        with tarfile.open(archive, mode="r|gz") as tar:
            for member in tar:
                match = _MEMBER.search(member.name)
                if match and member.isfile():
                    yield _review(match, tar.extractfile(member).read())
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        problem = tr("is truncated or not a .tar.gz archive ({error})", error=error)
        raise DataFileError(archive, problem, _fix()) from error


def _review(match: re.Match[str], text: bytes) -> Review:
    name, split, label, number = match.groups()
    return Review(split, LABELS.index(label), int(number), name, text)


def tokenize_reviews(reviews: Sequence[Review], words: Sequence[str] | None = None) -> Corpus:
    """Tokenize reviews and rank their words (or use ``words``, a ranking made on the full data).

    Each distinct word gets a provisional id the first time it is seen, so counting and ranking
    are NumPy operations on integer arrays rather than Python work per word.
    """
    ids: dict[str, int] = _FirstSeenIds({_SEPARATOR: 0})
    provisional = {}
    for split in SPLITS:
        chosen = sorted((r for r in reviews if r.split == split), key=lambda r: (r.label, r.id))
        texts = [r.text.replace(b"\x00", b" ").decode("utf-8", errors="replace") for r in chosen]
        labels = np.array([r.label for r in chosen], dtype=np.int64)
        provisional[split] = (_provisional_ids(texts, ids), labels)
    vocabulary = list(ids)  # dicts keep insertion order: vocabulary[i] has provisional id i
    if words is None:
        counts = np.bincount(provisional["train"][0], minlength=len(vocabulary))
        seen = [i for i in range(1, len(vocabulary)) if counts[i]]
        words = [vocabulary[i] for i in sorted(seen, key=lambda i: (-counts[i], vocabulary[i]))]
    rank_of = {word: rank for rank, word in enumerate(words, start=1)}
    rank_of_id = np.array([rank_of.get(word, 0) for word in vocabulary], dtype=np.int32)
    train, test = (_to_split(*provisional[split], rank_of_id) for split in SPLITS)
    return Corpus(train, test, tuple(words))


class _FirstSeenIds(dict):
    """A dict that numbers a new key on first lookup, so ``map(ids.__getitem__, tokens)`` runs in C."""

    def __missing__(self, key: str) -> int:
        self[key] = value = len(self)
        return value


def _provisional_ids(texts: list[str], ids: dict[str, int]) -> np.ndarray:
    chunks = []
    for start in range(0, len(texts), _CHUNK):
        joined = normalize(_SEPARATOR.join(texts[start : start + _CHUNK]) + _SEPARATOR)
        tokens = _CORPUS_TOKEN.findall(joined)
        chunks.append(np.fromiter(map(ids.__getitem__, tokens), dtype=np.int32, count=len(tokens)))
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32)


def _to_split(token_ids: np.ndarray, labels: np.ndarray, rank_of_id: np.ndarray) -> Split:
    """Turn provisional ids (0 ends a review) into ranks, dropping words outside the vocabulary."""
    is_end = token_ids == 0
    review = np.cumsum(is_end) - is_end
    ranks = rank_of_id[token_ids]
    keep = ranks > 0
    lengths = np.bincount(review[keep], minlength=len(labels))
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
