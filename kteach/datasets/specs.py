"""What kteach knows about each dataset: names, sizes, where copies live, how to get one (the table).

Introduced in lesson 01. ``kteach.datasets.sources`` reads this table to decide where a dataset
comes from; this module only declares it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kteach.datasets.idx import IDX_STEMS, find_idx_set
from kteach.datasets.shipped import sample_path
from kteach.i18n import N_, tr

KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

Found = tuple[str, tuple[Path, ...]]  # (format, files)


@dataclass(frozen=True)
class DatasetSpec:
    """What kteach knows about one dataset: names, sizes, where copies live and how to get one."""

    name: str
    title: str
    unit: str  # "images" or "reviews": picks the wording of the sizes
    full_sizes: tuple[int, int]
    local_subdirs: tuple[str, ...]
    system_dirs: tuple[Path, ...]
    cache_subdir: str
    find: Callable[[Path], Found | None]
    downloads: tuple[tuple[str, str | None], ...]  # (file name, hash Keras checks) from KERAS_ORIGIN
    download_format: str
    sample: Found
    full_data_hint: str  # how to get the full data: English marked N_, with {origin} for KERAS_ORIGIN

    def how_to_get(self) -> str:
        """Return how to get the full data, in the current language (the fallback line and the doctor say it)."""
        return tr(self.full_data_hint, origin=KERAS_ORIGIN)


def _find_mnist(directory: Path) -> Found | None:
    """Keras's ``mnist.npz``, else the four IDX files, in ``directory``."""
    npz = directory / "mnist.npz"
    if npz.is_file():
        return "npz", (npz,)
    return _find_idx(directory)


def _find_idx(directory: Path) -> Found | None:
    """The four IDX files in ``directory`` (Fashion-MNIST has no .npz form in Keras)."""
    found = find_idx_set(directory) if directory.is_dir() else None
    return ("idx", found.paths) if found else None


def _find_imdb(directory: Path) -> Found | None:
    """Keras's ``imdb.npz``, else an ``aclImdb/`` folder, else an ``aclImdb_v1*.tar.gz``, in ``directory``."""
    npz = directory / "imdb.npz"
    if npz.is_file():
        return "keras-imdb", (npz, directory / "imdb_word_index.json")
    folder = directory / "aclImdb"
    if (folder / "train").is_dir() and (folder / "test").is_dir():
        return "aclimdb", (folder,)
    archives = sorted(directory.glob("aclImdb_v1*.tar.gz")) if directory.is_dir() else []
    return ("aclimdb", (archives[0],)) if archives else None


def _sample_idx(prefix: str) -> Found:
    """The shipped IDX sample files named ``<prefix>-<standard name>.gz``."""
    return "idx", tuple(sample_path(f"{prefix}-{stem}.gz") for stem in IDX_STEMS)


# The MD5s Zalando publishes for the original Fashion-MNIST files, which Keras's host serves byte for
# byte (26,421,880 bytes of training images). Debian's dataset-fashion-mnist recompressed them: its .gz
# files differ, but their decompressed IDX data have the published raw MD5s (f4a8712d... for the
# training images, as torchvision lists them), so both hold the same images.
FASHION_MNIST_MD5 = {
    "train-images-idx3-ubyte": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte": "bb300cfdad3c16e7a12a480ee83cd310",
}
_IDX_DOWNLOADS = tuple((f"{stem}.gz", FASHION_MNIST_MD5[stem]) for stem in IDX_STEMS)

SPECS = {
    spec.name: spec
    for spec in (
        DatasetSpec(
            name="mnist",
            title="MNIST",
            unit="images",
            full_sizes=(60_000, 10_000),
            local_subdirs=("", "mnist", "mnist-sample"),
            system_dirs=(),
            cache_subdir="",
            find=_find_mnist,
            downloads=(("mnist.npz", "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),),
            download_format="npz",
            sample=_sample_idx("mnist"),
            full_data_hint=N_(
                "set KTEACH_DATA_DIR to a folder holding mnist.npz or the four IDX .gz files "
                "({origin}mnist.npz; mirror: https://ossci-datasets.s3.amazonaws.com/mnist/), "
                "or copy mnist.npz into Keras's cache ~/.keras/datasets/"
            ),
        ),
        DatasetSpec(
            name="fashion_mnist",
            title="Fashion-MNIST",
            unit="images",
            full_sizes=(60_000, 10_000),
            local_subdirs=("fashion-mnist",),
            system_dirs=(Path("/usr/share/datasets/fashion-mnist"),),
            cache_subdir="fashion-mnist",
            find=_find_idx,
            downloads=_IDX_DOWNLOADS,
            download_format="idx",
            sample=_sample_idx("fashion-mnist"),
            full_data_hint=N_(
                "apt-get install dataset-fashion-mnist (Debian/Ubuntu), or set KTEACH_DATA_DIR to a folder whose "
                "fashion-mnist/ holds the four IDX .gz files ({origin}; mirror: "
                "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/), "
                "or copy them into Keras's cache ~/.keras/datasets/fashion-mnist/"
            ),
        ),
        DatasetSpec(
            name="imdb",
            title="IMDB",
            unit="reviews",
            full_sizes=(25_000, 25_000),
            local_subdirs=("",),
            system_dirs=(),
            cache_subdir="",
            find=_find_imdb,
            downloads=(
                ("imdb.npz", "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"),
                ("imdb_word_index.json", "bfafd718b763782e994055a2d397834f"),
            ),
            download_format="keras-imdb",
            sample=("aclimdb+vocab", (sample_path("imdb-aclImdb-sample.tar.gz"), sample_path("imdb-vocab.txt.gz"))),
            full_data_hint=N_(
                "set KTEACH_DATA_DIR to a folder holding aclImdb/ or aclImdb_v1.tar.gz "
                "(https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz), or copy Keras's imdb.npz and "
                "imdb_word_index.json ({origin}) into Keras's cache ~/.keras/datasets/"
            ),
        ),
    )
}
DATASETS = tuple(SPECS)


def spec_for(name: str) -> DatasetSpec:
    """Return the spec of ``name`` ("mnist", "fashion_mnist" or "imdb"; "fashion-mnist" is accepted)."""
    key = name.replace("-", "_") if isinstance(name, str) else name
    if key not in SPECS:
        raise ValueError(
            tr("dataset name must be one of {names}; got {name!r}", names=", ".join(map(repr, DATASETS)), name=name)
        )
    return SPECS[key]
