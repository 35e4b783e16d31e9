"""Real datasets for the lessons, online or not: the same arrays as ``keras.datasets``.

Introduced in lesson 01. Each loader prints one line saying where its data came from:
a local copy (``KTEACH_DATA_DIR``), Keras's cache, Keras's download, or the small real
sample shipped with kteach (always in quick mode, ``KTEACH_QUICK=1``). ``where(name)``
tells the same without loading; ``last_source(name)`` returns what the last load used.
"""

from kteach.datasets.errors import DataFileError
from kteach.datasets.images import load_fashion_mnist, load_mnist
from kteach.datasets.labels import class_names
from kteach.datasets.imdb import (
    decode_review,
    encode_review,
    imdb_word_index,
    load_imdb,
    review_words,
)
from kteach.datasets.sources import DataSource, describe, last_source, where
from kteach.datasets.specs import DATASETS

__all__ = [
    "DATASETS",
    "DataFileError",
    "DataSource",
    "class_names",
    "decode_review",
    "describe",
    "encode_review",
    "imdb_word_index",
    "last_source",
    "load_fashion_mnist",
    "load_imdb",
    "load_mnist",
    "review_words",
    "where",
]
