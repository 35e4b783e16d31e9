"""``load_imdb`` and the word helpers: Keras's IMDB arrays from whichever source is available.

Introduced in lesson 03. ``load_imdb`` takes the options of ``keras.datasets.imdb.load_data``
and applies them exactly as Keras does, quirks included (Keras keeps them so word indices stay
stable, keras-team/keras#6114): ``num_words`` keeps indices below it, ``skip_top`` compares
with the shifted index (so it can also hide ``start_char``), ``maxlen`` keeps reviews *shorter*
than it, start mark included, and with ``num_words=None`` the largest index becomes ``oov_char``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np

from kteach.checks import is_int
from kteach.datasets.aclimdb import load_aclimdb, read_reviews, read_vocabulary, tokenize_reviews
from kteach.datasets.corpus import Split, gc_paused, offsets_from_lengths, split_from_lengths
from kteach.datasets.idx import Splits
from kteach.datasets.keras_imdb import read_keras_imdb, read_word_index, require_word_index
from kteach.datasets.shipped import verify_sample
from kteach.datasets.sources import DataSource, obtain, report
from kteach.datasets.tokens import tokenize
from kteach.i18n import tr

MARKERS = {"pad": "[PAD]", "start": "[START]", "oov": "[OOV]"}


def load_imdb(
    num_words: int | None = None,
    skip_top: int = 0,
    maxlen: int | None = None,
    seed: int | None = 113,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
) -> Splits:
    """Load IMDB reviews like ``keras.datasets.imdb.load_data(...)``, offline too; prints its source.

    Returns:
        ``((x_train, y_train), (x_test, y_test))``: x are object arrays of int lists (1 = start,
        2 = out of vocabulary, word of rank r = r + index_from), y int labels (1 = positive).
    """
    options = {
        "num_words": num_words,
        "skip_top": skip_top,
        "maxlen": maxlen,
        "seed": seed,
        "start_char": start_char,
        "oov_char": oov_char,
        "index_from": index_from,
    }
    _check_options(**options)
    source = obtain("imdb")
    train, test = _read_splits(source)
    report(replace(source, n_train=len(train), n_test=len(test)))
    return keras_arrays(train, test, **options)


def keras_arrays(
    train: Split,
    test: Split,
    *,
    num_words: int | None,
    skip_top: int,
    maxlen: int | None,
    seed: int | None,
    start_char: int | None,
    oov_char: int | None,
    index_from: int,
) -> Splits:
    """Apply ``keras.datasets.imdb.load_data``'s options to word ranks, with Keras's results.

    Keras shuffles, shifts, filters by length and then caps the vocabulary; the shift and the
    cap act word by word, so here they run once on the unshuffled arrays and only the final
    lists are cut in shuffled order: far less memory traffic, the same output.
    """
    rng = np.random.RandomState(seed)
    orders = []
    for split in (train, test):
        order = np.arange(len(split))
        rng.shuffle(order)
        orders.append(order)
    has_start = start_char is not None
    if maxlen:
        orders = [order[split.lengths[order] + has_start < maxlen] for split, order in zip((train, test), orders)]
        if not all(len(order) for order in orders):
            raise ValueError(
                tr(
                    "After filtering for sequences shorter than maxlen={maxlen}, no sequence was kept. Increase maxlen.",
                    maxlen=maxlen,
                )
            )
    if not num_words:
        largest = [_largest_rank(split, order) for split, order in zip((train, test), orders)]
        num_words = max(
            [rank + index_from for rank in largest if rank] + ([start_char] if has_start else []), default=0
        )
    train_xy, test_xy = (
        _sequences(split, order, num_words, skip_top, start_char, oov_char, index_from)
        for split, order in zip((train, test), orders)
    )
    return train_xy, test_xy


def _largest_rank(split: Split, order: np.ndarray) -> int:
    """The largest rank in the reviews at ``order`` (0 if they hold no words)."""
    kept = np.zeros(len(split), dtype=bool)
    kept[order] = True
    nonempty = split.lengths > 0
    if not (kept & nonempty).any():
        return 0
    review_max = np.maximum.reduceat(split.ids, split.offsets[:-1][nonempty])
    return int(review_max[kept[nonempty]].max())


def _sequences(
    split: Split,
    order: np.ndarray,
    num_words: int,
    skip_top: int,
    start_char: int | None,
    oov_char: int | None,
    index_from: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Shift ranks by ``index_from``, cap them to ``skip_top <= i < num_words``, prepend ``start_char``.

    Returns the reviews at ``order`` as a 1-D object array of int lists, and their labels.
    The shift and cap are worked out once per rank, into ``values``: the Python int each rank
    becomes (and, last, the start mark's), so the reviews are a single lookup into it.
    """
    ranks = np.arange(int(split.ids.max(initial=0)) + 1, dtype=np.int64) + index_from
    inside = (ranks >= skip_top) & (ranks < num_words)
    ids, offsets = split.ids, split.offsets
    if oov_char is None:  # Keras drops the words outside
        review = np.repeat(np.arange(len(split)), split.lengths)
        keep = inside[ids]
        ids, offsets = ids[keep], offsets_from_lengths(np.bincount(review[keep], minlength=len(split)))
    values = np.where(inside, ranks, -1 if oov_char is None else oov_char).astype(object)  # -1: dropped above
    start_id = None
    if start_char is not None:
        start = start_char if skip_top <= start_char < num_words else oov_char  # Keras caps the start mark too
        if start is not None:
            values, start_id = np.append(values, start), len(values)
    return _int_lists(values, ids, offsets, order, start_id), split.labels[order]


_REVIEWS_PER_CHUNK = 256  # reviews gathered at a time in _int_lists: their values stay in the CPU cache


def _int_lists(
    values: np.ndarray, ids: np.ndarray, offsets: np.ndarray, order: np.ndarray, start_id: int | None
) -> np.ndarray:
    """The reviews at ``order`` as a 1-D object array of lists: ``values[ids[offsets[i]:offsets[i + 1]]]``.

    ``values[start_id]`` (if given) starts every list. Reviews are gathered a chunk at a time, in
    stored order, so the gathered values are still in the CPU cache when they are copied into
    lists; each review's list then goes to its place in ``order`` (-1: not kept).
    """
    position = np.full(len(offsets) - 1, -1, dtype=np.int64)
    position[order] = np.arange(len(order))
    positions = position.tolist()
    sequences = np.empty(len(order), dtype=object)
    with gc_paused():
        for first in range(0, len(positions), _REVIEWS_PER_CHUNK):
            last = first + _REVIEWS_PER_CHUNK
            chunk, bounds = _gather(values, ids, offsets[first : last + 1], start_id)
            for at, start, end in zip(positions[first:last], bounds, bounds[1:]):
                if at >= 0:
                    sequences[at] = chunk[start:end].tolist()
    return sequences


def _gather(
    values: np.ndarray, ids: np.ndarray, offsets: np.ndarray, start_id: int | None
) -> tuple[np.ndarray, list[int]]:
    """The ``values`` of the reviews between ``offsets``, each after ``values[start_id]`` if given; their starts."""
    chunk_ids, local = ids[offsets[0] : offsets[-1]], offsets - offsets[0]
    if start_id is not None:
        chunk_ids = np.insert(chunk_ids, local[:-1], start_id)
        local = local + np.arange(len(local))
    return values[chunk_ids], local.tolist()


_AT_LEAST_ONE = {"num_words", "maxlen"}  # Keras reads 0 as "no limit": a silent surprise, so refused


def _check_options(**options: int | None) -> None:
    """Refuse option values Keras would misread silently (wrong type, negative numbers, a 0 limit)."""
    required = {"skip_top", "index_from"}
    for name, value in options.items():
        if value is None and name not in required:
            continue
        if not is_int(value):
            if name in required:
                raise TypeError(tr("{name} must be an int, got {value!r}", name=name, value=value))
            raise TypeError(tr("{name} must be an int or None, got {value!r}", name=name, value=value))
        minimum = 1 if name in _AT_LEAST_ONE else 0
        if value < minimum:
            if minimum:
                raise ValueError(
                    tr("{name} must be >= 1, or None for no limit; got {value}", name=name, value=value)
                )
            raise ValueError(tr("{name} must be >= 0, got {value}", name=name, value=value))


def _read_splits(source: DataSource) -> tuple[Split, Split]:
    """Read a source's train and test reviews as word ranks, whatever its format."""
    if source.format == "aclimdb":
        corpus = load_aclimdb(source.files[0])
        return corpus.train, corpus.test
    if source.format == "aclimdb+vocab":
        archive, vocabulary = (verify_sample(path) for path in source.files)
        corpus = tokenize_reviews(read_reviews(archive), read_vocabulary(vocabulary))
        return corpus.train, corpus.test
    if source.format == "keras-imdb":
        require_word_index(source.files[1])  # decode_review needs it: refuse half a dataset now, not later
        return read_keras_imdb(source.files[0])
    raise ValueError(
        tr("source.format must be 'aclimdb', 'aclimdb+vocab' or 'keras-imdb', got {format!r}", format=source.format)
    )


def imdb_word_index() -> dict[str, int]:
    """Return word -> rank (1 = most frequent) for the IMDB data ``load_imdb()`` reads now.

    Like ``keras.datasets.imdb.get_word_index()``: the word of rank r has index ``r + index_from``.
    Returns a fresh dict each time, so changing it changes nothing else.
    """
    return dict(_word_index(*_source_key(obtain("imdb"))))


def _source_key(source: DataSource) -> tuple[str, tuple[Path, ...], tuple[int, ...]]:
    """The source's format, files and their modification times: the memo key of its vocabulary."""
    stamps = tuple(path.stat().st_mtime_ns if path.exists() else -1 for path in source.files)
    return source.format, source.files, stamps


@functools.lru_cache(maxsize=4)
def _word_index(fmt: str, files: tuple[Path, ...], stamps: tuple[int, ...]) -> dict[str, int]:
    """Read the vocabulary of a source once per session (``stamps`` only invalidates the memo)."""
    if fmt == "keras-imdb":
        return read_word_index(files[1])
    if fmt == "aclimdb+vocab":
        words = read_vocabulary(verify_sample(files[1]))
    else:
        words = load_aclimdb(files[0]).words
    return {word: rank for rank, word in enumerate(words, start=1)}


@functools.lru_cache(maxsize=4)
def _words_by_index(key: tuple[str, tuple[Path, ...], tuple[int, ...]], index_from: int) -> dict[int, str]:
    """Index -> word for decoding, built once per source and ``index_from``."""
    return {rank + index_from: word for word, rank in _word_index(*key).items()}


def decode_review(
    sequence: Iterable[int], index_from: int = 3, start_char: int | None = 1, oov_char: int | None = 2
) -> str:
    """Turn a sequence of indices back into words, with ``[START]``, ``[OOV]`` and ``[PAD]`` (0) marked.

    Raises:
        TypeError: ``sequence`` is not a flat sequence of ints (pass one review, not a batch).
        ValueError: an index is no word of the current vocabulary (another ``index_from`` or source?).
    """
    _check_options(index_from=index_from, start_char=start_char, oov_char=oov_char)
    words = _words_by_index(_source_key(obtain("imdb")), index_from)
    markers = {0: MARKERS["pad"], oov_char: MARKERS["oov"], start_char: MARKERS["start"]}
    decoded = []
    for value in _as_ints(sequence):
        word = markers.get(value) or words.get(value)
        if word is None:
            raise ValueError(
                tr(
                    "sequence holds {value}, which is no word index of the current IMDB vocabulary "
                    "({first}..{last} with index_from={index_from}), nor start_char, "
                    "oov_char or 0 (padding): was it encoded with another index_from or from other data?",
                    value=value,
                    first=index_from + 1,
                    last=index_from + len(words),
                    index_from=index_from,
                )
            )
        decoded.append(word)
    return " ".join(decoded)


def _as_ints(sequence: Iterable[int]) -> list[int]:
    """Check that ``sequence`` is one review of ints (a list, or a row of a NumPy array)."""
    if isinstance(sequence, (str, bytes)):
        raise TypeError(tr("sequence must be a sequence of word indices, not text: use encode_review(text) first"))
    try:
        items = list(sequence)
    except TypeError:
        raise TypeError(
            tr("sequence must be a list or 1-D array of ints, got {kind}", kind=type(sequence).__name__)
        ) from None
    for item in items:
        if not is_int(item):
            raise TypeError(tr("sequence must hold ints (one review, not a batch), found {item!r}", item=item))
    return [int(item) for item in items]


def encode_review(
    text: str,
    num_words: int | None = None,
    skip_top: int = 0,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
) -> list[int]:
    """Encode your own text exactly as ``load_imdb`` encodes a review, for a trained model to read.

    Words the training reviews never contain are dropped, as in the dataset; words beyond
    ``num_words`` become ``oov_char``. ``num_words=None`` keeps every known word.
    ``decode_review(encode_review(text))`` gives back the known words, after ``[START]``.
    """
    _check_options(
        num_words=num_words, skip_top=skip_top, start_char=start_char, oov_char=oov_char, index_from=index_from
    )
    index = _word_index(*_source_key(obtain("imdb")))
    ranks = [index[word] for word in tokenize(text) if word in index]
    review = split_from_lengths(np.array(ranks, dtype=np.int32), np.array([len(ranks)]), np.zeros(1, dtype=np.int64))
    limit = num_words or np.iinfo(np.int32).max
    sequences, _ = _sequences(review, np.zeros(1, dtype=np.int64), limit, skip_top, start_char, oov_char, index_from)
    return sequences[0]


def review_words(text: str, num_words: int | None = None, index_from: int = 3) -> list[tuple[str, str]]:
    """Show how each word of ``text`` reaches the model: its index, ``[OOV]``, or dropped.

    Introduced in lesson 03, next to ``encode_review``: a learner sees which of their words the
    model knows, which are too rare for ``num_words`` (out of vocabulary) and which the training
    reviews never contain (dropped, as the dataset drops them).
    """
    _check_options(num_words=num_words, skip_top=0, start_char=1, oov_char=2, index_from=index_from)
    index = _word_index(*_source_key(obtain("imdb")))
    words = []
    for word in tokenize(text):
        rank = index.get(word)
        if rank is None:
            words.append((word, tr("dropped: never in a training review")))
        elif num_words is not None and rank + index_from >= num_words:
            note = tr("[OOV]: rank {rank:,} is beyond num_words={num_words:,}", rank=rank, num_words=num_words)
            words.append((word, note))
        else:
            words.append((word, tr("index {index}", index=rank + index_from)))
    return words
