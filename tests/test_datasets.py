"""kteach.datasets: real data from the right source, Keras's arrays, and clear errors.

Fixtures are cut from the real samples shipped with kteach; no test touches the network
(the download probe and the download itself are replaced in every test).
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import re
import shutil
import socket
import tarfile
import time
import warnings
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import kteach
from kteach.datasets import (
    DataFileError,
    aclimdb,
    corpus,
    decode_review,
    describe,
    encode_review,
    imdb as imdb_arrays,
    imdb_word_index,
    last_source,
    shipped,
    sources,
    specs,
    where,
)
from kteach.datasets.aclimdb import (
    Review,
    read_reviews,
    read_vocabulary,
    tokenize_reviews,
)
from kteach.files import sha256_of
from kteach.datasets.idx import IdxSet, read_idx, read_idx_set, write_idx
from kteach.datasets import tarball
from kteach.datasets.tarball import TarFormatError, read_tar_gz, regular_files
from kteach.datasets.tokens import tokenize, tokenize_texts

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("KTEACH_DATA_DIR") or ROOT.parent / "shared" / "data")
REAL_PROBE = sources.probe.__wrapped__  # the probe itself, before the fixture replaces it and without its cache
REAL_FETCH = sources.fetch_into_keras_cache
IDX_NAMES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """Full mode, empty Keras cache and kteach cache, no Debian folder, offline unless a test says otherwise."""
    for name in ("KTEACH_QUICK", "KTEACH_DATA_DIR", "KTEACH_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    monkeypatch.setenv("KTEACH_CACHE_DIR", str(tmp_path / "kteach-cache"))
    spec = specs.SPECS["fashion_mnist"]
    monkeypatch.setitem(specs.SPECS, "fashion_mnist", replace(spec, system_dirs=(tmp_path / "debian-fashion",)))
    calls: dict[str, list] = {"probe": [], "fetch": []}

    def offline(host: str) -> bool:
        calls["probe"].append(host)
        return False

    def no_fetch(spec: specs.DatasetSpec) -> None:
        raise AssertionError("a test tried to download")

    monkeypatch.setattr(sources, "probe", offline)
    monkeypatch.setattr(sources, "fetch_into_keras_cache", no_fetch)
    return calls


def shipped_images(name: str):
    return read_idx_set(IdxSet(*specs.SPECS[name].sample[1]))


def write_idx_dir(directory: Path, name: str = "mnist", n_train: int = 50, n_test: int = 20, suffix: str = ".gz"):
    """Write the first images of a shipped sample as an IDX set; return the arrays written."""
    (x_train, y_train), (x_test, y_test) = shipped_images(name)
    arrays = (x_train[:n_train], y_train[:n_train], x_test[:n_test], y_test[:n_test])
    directory.mkdir(parents=True, exist_ok=True)
    for stem, array in zip(IDX_NAMES, arrays):
        write_idx(directory / f"{stem}{suffix}", array)
    return arrays


def keras_datasets(tmp_path: Path) -> Path:
    return tmp_path / "keras-home" / "datasets"


def write_mnist_npz(path: Path, n_train: int = 30, n_test: int = 10):
    (x_train, y_train), (x_test, y_test) = shipped_images("mnist")
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = dict(x_train=x_train[:n_train], y_train=y_train[:n_train], x_test=x_test[:n_test], y_test=y_test[:n_test])
    np.savez(path, **arrays)
    return arrays


def sample_reviews() -> list[Review]:
    return read_reviews(specs.SPECS["imdb"].sample[1][0])


def write_acl_archive(path: Path, per_split: int = 40) -> list[Review]:
    """Write a small aclImdb .tar.gz from the first reviews of each shipped split (both labels)."""
    reviews = sample_reviews()
    chosen = []
    for split in ("train", "test"):
        for label in (0, 1):
            chosen += [r for r in reviews if r.split == split and r.label == label][: per_split // 2]
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as tar:
        for review in chosen:
            info = tarfile.TarInfo(f"aclImdb/{review.name}")
            info.size = len(review.text)
            tar.addfile(info, io.BytesIO(review.text))
    return chosen


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# --- the shipped samples -------------------------------------------------------------------


def test_every_shipped_file_is_in_the_manifest_and_matches_it() -> None:
    manifest = shipped.read_manifest()
    data_files = {p.name for p in shipped.SAMPLES_DIR.iterdir()} - {"SHA256SUMS", "PROVENANCE.md"}
    assert set(manifest) == data_files
    for name in manifest:
        assert shipped.verify_sample(shipped.sample_path(name)).name == name
    total = sum(shipped.sample_path(name).stat().st_size for name in manifest)
    assert total < 5_000_000


@pytest.mark.parametrize("loader", [kteach.load_mnist, kteach.load_fashion_mnist])
def test_image_samples_are_balanced_uint8_like_keras(loader, monkeypatch, capsys) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    (x_train, y_train), (x_test, y_test) = loader()
    assert x_train.shape == (2000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == y_train.dtype == x_test.dtype == np.uint8
    assert np.bincount(y_train).tolist() == [200] * 10
    assert np.bincount(y_test).tolist() == [100] * 10
    assert 0 < x_train.mean() < 255 and x_train.max() == 255
    line = one_line(capsys)
    assert "quick mode: shipped sample (2,000 train / 1,000 test images; the full set has 60,000 / 10,000)" in line
    assert str(shipped.SAMPLES_DIR) not in line  # stored in notebooks: the same on every machine


def test_imdb_sample_follows_keras_conventions(monkeypatch, capsys) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    (x_train, y_train), (x_test, y_test) = kteach.load_imdb()
    assert len(x_train) == len(x_test) == 1000
    assert x_train.dtype == object and x_train.ndim == 1 and isinstance(x_train[0], list)
    assert np.bincount(y_train).tolist() == [500, 500] and np.bincount(y_test).tolist() == [500, 500]
    assert all(review[0] == 1 for review in x_train)
    words = Counter(i for review in x_train for i in review[1:])
    assert min(words) >= 2 and 3 not in words  # 0 pad, 1 start, 2 oov; rank 1 is index 4
    assert words.most_common(1)[0][0] == 4 and imdb_word_index()["the"] == 1
    assert "IMDB: quick mode: shipped sample (1,000 train / 1,000 test reviews" in one_line(capsys)


def test_quick_mode_uses_the_sample_even_when_local_data_exists(tmp_path, monkeypatch) -> None:
    write_idx_dir(tmp_path / "data")
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "data"))
    assert where("mnist").kind == "local"
    assert describe(where("mnist")) == f"MNIST: local copy {tmp_path / 'data'} (sizes known once loaded)"
    monkeypatch.setenv("KTEACH_QUICK", "1")
    source = where("mnist")
    assert (source.kind, source.quick) == ("sample", True)
    (x_train, _), _ = kteach.load_mnist()
    assert len(x_train) == 2000 and last_source("mnist").n_train == 2000


def test_corrupted_sample_names_the_file_and_the_fix(tmp_path, monkeypatch) -> None:
    copy = tmp_path / "samples"
    shutil.copytree(shipped.SAMPLES_DIR, copy)
    spec = specs.SPECS["mnist"]
    files = tuple(copy / path.name for path in spec.sample[1])
    monkeypatch.setitem(specs.SPECS, "mnist", replace(spec, sample=("idx", files)))
    monkeypatch.setenv("KTEACH_QUICK", "1")
    kteach.load_mnist()  # the intact copy loads
    damaged = bytearray(files[2].read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    files[2].write_bytes(bytes(damaged))
    with pytest.raises(DataFileError, match=r"mnist-t10k-images-idx3-ubyte\.gz.*SHA-256.*reinstall kteach"):
        kteach.load_mnist()
    files[2].unlink()
    with pytest.raises(FileNotFoundError, match=r"mnist-t10k-images-idx3-ubyte\.gz is missing.*KTEACH_DATA_DIR"):
        kteach.load_mnist()


# --- local copies (KTEACH_DATA_DIR, Debian) --------------------------------------------------


@pytest.mark.parametrize("subfolder", ["", "mnist", "mnist-sample"])
def test_local_idx_files_are_read_exactly(subfolder, tmp_path, monkeypatch, capsys) -> None:
    written = write_idx_dir(tmp_path / "data" / subfolder)
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "data"))
    (x_train, y_train), (x_test, y_test) = kteach.load_mnist()
    for got, expected in zip((x_train, y_train, x_test, y_test), written):
        np.testing.assert_array_equal(got, expected)
    assert x_train.dtype == np.uint8 and x_train.flags.writeable
    source = last_source("mnist")
    assert (source.kind, source.format, source.n_train, source.n_test) == ("local", "idx", 50, 20)
    location = tmp_path / "data" / subfolder
    assert (
        one_line(capsys)
        == f"MNIST: local copy {location} (50 train / 20 test images; the full set has 60,000 / 10,000)"
    )


def test_local_mnist_npz_and_plain_idx(tmp_path, monkeypatch) -> None:
    arrays = write_mnist_npz(tmp_path / "npz" / "mnist.npz")
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "npz"))
    (x_train, y_train), _ = kteach.load_mnist()
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    assert last_source("mnist").format == "npz"
    written = write_idx_dir(tmp_path / "plain", suffix="")
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "plain"))
    (x_train, y_train), _ = kteach.load_mnist()
    np.testing.assert_array_equal(y_train, written[1])


def test_fashion_mnist_is_read_from_its_subfolder_only(tmp_path, monkeypatch) -> None:
    write_idx_dir(tmp_path / "data", "mnist")  # MNIST files at top level: never Fashion-MNIST
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "data"))
    assert where("fashion_mnist").kind == "sample"
    assert "has no Fashion-MNIST files" in where("fashion_mnist").note
    written = write_idx_dir(tmp_path / "data" / "fashion-mnist", "fashion_mnist", n_train=12, n_test=8)
    (x_train, y_train), (x_test, _) = kteach.load_fashion_mnist()
    assert where("fashion-mnist").kind == "local" and len(x_test) == 8
    np.testing.assert_array_equal(y_train, written[1])


def test_debian_fashion_folder_counts_as_local(tmp_path) -> None:
    write_idx_dir(tmp_path / "debian-fashion", "fashion_mnist", n_train=10, n_test=5)
    source = where("fashion_mnist")
    assert (source.kind, source.location) == ("local", tmp_path / "debian-fashion")


def test_missing_data_dir_is_an_error_naming_the_variable(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="KTEACH_DATA_DIR=.*nowhere.*not an existing folder"):
        kteach.load_mnist()


def test_empty_data_dir_falls_through_and_says_so(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "empty"))
    kteach.load_mnist()
    line = one_line(capsys)
    assert line.startswith("MNIST: shipped sample (2,000 train / 1,000 test images")
    assert (
        f"because KTEACH_DATA_DIR={tmp_path / 'empty'} has no MNIST files; storage.googleapis.com is unreachable"
        in line
    )
    assert "To get the full data, set KTEACH_DATA_DIR" in line and "ossci-datasets.s3.amazonaws.com" in line


def test_partial_idx_set_is_an_error_listing_what_is_missing(tmp_path, monkeypatch) -> None:
    write_idx_dir(tmp_path / "data")
    (tmp_path / "data" / "t10k-labels-idx1-ubyte.gz").unlink()
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(FileNotFoundError, match=r"missing t10k-labels-idx1-ubyte\.gz"):
        kteach.load_mnist()


def test_truncated_or_corrupted_files_name_the_file(tmp_path, monkeypatch) -> None:
    write_idx_dir(tmp_path / "idx")
    images = tmp_path / "idx" / "train-images-idx3-ubyte.gz"
    images.write_bytes(images.read_bytes()[:-200])
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "idx"))
    with pytest.raises(DataFileError, match=r"train-images-idx3-ubyte\.gz: cannot be read.*Copy the file again"):
        kteach.load_mnist()
    write_mnist_npz(tmp_path / "npz" / "mnist.npz")
    npz = tmp_path / "npz" / "mnist.npz"
    npz.write_bytes(npz.read_bytes()[:1000])
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "npz"))
    with pytest.raises(DataFileError, match=r"mnist\.npz: is not a readable \.npz archive"):
        kteach.load_mnist()
    archive = tmp_path / "imdb" / "aclImdb_v1.tar.gz"
    write_acl_archive(archive)
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "imdb"))
    with pytest.raises(DataFileError, match=r"aclImdb_v1\.tar\.gz: is truncated or not a \.tar\.gz archive"):
        kteach.load_imdb()


def test_idx_reader_checks_the_header(tmp_path) -> None:
    write_idx(tmp_path / "ok.gz", np.arange(24, dtype=np.uint8).reshape(2, 3, 4))
    assert read_idx(tmp_path / "ok.gz").shape == (2, 3, 4)
    (tmp_path / "bad").write_bytes(b"\x00\x00\x0d\x01" + (3).to_bytes(4, "big") + b"abc")
    with pytest.raises(DataFileError, match="bad magic number"):
        read_idx(tmp_path / "bad")
    (tmp_path / "short").write_bytes(b"\x00\x00\x08\x01" + (9).to_bytes(4, "big") + b"abc")
    with pytest.raises(DataFileError, match=r"holds 3 bytes of data but its header announces shape \(9,\)"):
        read_idx(tmp_path / "short")
    with pytest.raises(TypeError, match="uint8"):
        write_idx(tmp_path / "x", np.zeros(3, dtype=np.float32))


# --- the order of sources --------------------------------------------------------------------


def test_local_beats_cache_beats_download_beats_sample(tmp_path, monkeypatch, isolated, capsys) -> None:
    write_idx_dir(tmp_path / "data")
    write_mnist_npz(keras_datasets(tmp_path) / "mnist.npz", n_train=30)
    monkeypatch.setattr(sources, "probe", lambda host: True)
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "data"))
    assert where("mnist").kind == "local"

    monkeypatch.delenv("KTEACH_DATA_DIR")
    (x_train, _), _ = kteach.load_mnist()
    assert last_source("mnist").kind == "keras-cache" and len(x_train) == 30
    assert one_line(capsys).startswith(
        f"MNIST: Keras cache {keras_datasets(tmp_path) / 'mnist.npz'} (30 train / 10 test"
    )

    (keras_datasets(tmp_path) / "mnist.npz").unlink()
    source = where("mnist")
    assert (source.kind, source.files) == ("download", (keras_datasets(tmp_path) / "mnist.npz",))
    monkeypatch.setattr(sources, "fetch_into_keras_cache", lambda spec: write_mnist_npz(source.files[0], n_train=40))
    (x_train, _), _ = kteach.load_mnist()
    assert last_source("mnist").kind == "download" and len(x_train) == 40
    assert one_line(capsys).startswith("MNIST: downloaded by Keras into")

    (keras_datasets(tmp_path) / "mnist.npz").unlink()
    monkeypatch.setattr(sources, "probe", lambda host: False)
    assert where("mnist").kind == "sample" and where("mnist").note == "storage.googleapis.com is unreachable"


def test_failed_download_falls_back_to_the_sample(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sources, "probe", lambda host: True)

    def refused(spec: specs.DatasetSpec) -> None:
        raise OSError("URL fetch failure")

    monkeypatch.setattr(sources, "fetch_into_keras_cache", refused)
    (x_train, _), _ = kteach.load_fashion_mnist()
    assert len(x_train) == 2000
    assert "because the download from storage.googleapis.com failed (OSError)" in one_line(capsys)


def test_offline_variable_skips_the_probe(monkeypatch, isolated) -> None:
    monkeypatch.setenv("KTEACH_OFFLINE", "1")
    assert where("imdb").note == "KTEACH_OFFLINE is set" and isolated["probe"] == []


def test_probe_gives_up_within_its_timeout(monkeypatch) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        assert REAL_PROBE("127.0.0.1", server.getsockname()[1], 1.0) is True

    def hanging_connect(*args: object, **kwargs: object) -> None:
        time.sleep(2)  # like a DNS lookup that hangs longer than the probe's timeout
        raise OSError("timed out")

    monkeypatch.setattr(socket, "create_connection", hanging_connect)
    started = time.monotonic()
    assert REAL_PROBE("unreachable.invalid", 443, 0.3) is False
    assert time.monotonic() - started < 1.5


def download_origin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, wrong_hash: str = "") -> Path:
    """A file:// origin serving ``name``'s files, and its spec hashed to match them (``wrong_hash``: that file's hash is wrong).

    The real ``keras.utils.get_file`` downloads from it, checking the hashes as it does on the internet.
    """
    origin = tmp_path / "origin"
    if name == "fashion_mnist":
        origin.mkdir()
        for stem, path in zip(IDX_NAMES, specs.SPECS[name].sample[1]):
            shutil.copy(path, origin / f"{stem}.gz")
    else:
        write_keras_imdb(origin)
    spec = specs.SPECS[name]
    downloads = tuple(
        (file_name, "0" * 64 if file_name == wrong_hash else sha256_of(origin / file_name))
        for file_name, _ in spec.downloads
    )
    monkeypatch.setitem(specs.SPECS, name, replace(spec, downloads=downloads))
    monkeypatch.setattr(sources, "KERAS_ORIGIN", origin.as_uri() + "/")
    return origin


def cache_contents(tmp_path: Path) -> list[str]:
    """Every file and folder under Keras's dataset cache, hidden ones included."""
    return sorted(str(path.relative_to(keras_datasets(tmp_path))) for path in keras_datasets(tmp_path).rglob("*"))


def test_download_checks_each_hash_and_moves_the_set_into_the_cache_at_once(tmp_path, monkeypatch) -> None:
    origin = download_origin(tmp_path, monkeypatch, "fashion_mnist")
    REAL_FETCH(specs.SPECS["fashion_mnist"])
    assert cache_contents(tmp_path) == ["fashion-mnist", *sorted(f"fashion-mnist/{stem}.gz" for stem in IDX_NAMES)]
    for stem in IDX_NAMES:
        assert (keras_datasets(tmp_path) / "fashion-mnist" / f"{stem}.gz").read_bytes() == (origin / f"{stem}.gz").read_bytes()
    assert where("fashion_mnist").kind == "keras-cache"


@pytest.mark.parametrize(
    ("name", "failing"),
    [
        ("fashion_mnist", "t10k-images-idx3-ubyte.gz"),  # the third of four files
        ("imdb", "imdb_word_index.json"),  # the npz arrived, its word index did not
        ("imdb", "imdb.npz"),
    ],
)
def test_a_download_failing_its_hash_leaves_nothing_behind(tmp_path, monkeypatch, name: str, failing: str) -> None:
    download_origin(tmp_path, monkeypatch, name, wrong_hash=failing)
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected"):
        REAL_FETCH(specs.SPECS[name])
    assert cache_contents(tmp_path) == []  # Keras itself leaves the bad file where it downloaded it


def test_an_interrupted_download_leaves_no_partial_file(tmp_path, monkeypatch) -> None:
    import keras

    origin = download_origin(tmp_path, monkeypatch, "fashion_mnist")
    real_get_file = keras.utils.get_file

    def killed_midway(fname: str, **kwargs: object) -> str:
        if fname.startswith("t10k-images"):  # half the bytes written, then Ctrl-C
            data = (origin / fname).read_bytes()
            (Path(str(kwargs["cache_subdir"])) / fname).write_bytes(data[: len(data) // 2])
            raise KeyboardInterrupt
        return real_get_file(fname, **kwargs)

    monkeypatch.setattr(keras.utils, "get_file", killed_midway)
    with pytest.raises(KeyboardInterrupt):
        REAL_FETCH(specs.SPECS["fashion_mnist"])
    assert cache_contents(tmp_path) == []


def test_a_download_removes_what_a_killed_kernel_left_a_day_ago(tmp_path, monkeypatch) -> None:
    download_origin(tmp_path, monkeypatch, "fashion_mnist")
    old, recent = (keras_datasets(tmp_path) / f"{sources.STAGING_PREFIX}{name}" for name in ("old", "recent"))
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "train-images-idx3-ubyte.gz").write_bytes(b"half a download")
    os.utime(old, (time.time() - 2 * 24 * 3600,) * 2)
    REAL_FETCH(specs.SPECS["fashion_mnist"])
    assert not old.exists() and recent.exists()  # the recent one may be another kernel's download in progress


def test_a_file_missing_at_the_origin_leaves_no_half_dataset(tmp_path, monkeypatch) -> None:
    origin = download_origin(tmp_path, monkeypatch, "imdb")
    (origin / "imdb_word_index.json").unlink()
    with pytest.raises(Exception, match="URL fetch failure"):
        REAL_FETCH(specs.SPECS["imdb"])
    assert cache_contents(tmp_path) == []  # no imdb.npz without its word index


def test_a_download_kteach_cannot_read_is_refused_before_it_reaches_the_cache(tmp_path, monkeypatch) -> None:
    origin = download_origin(tmp_path, monkeypatch, "fashion_mnist")
    labels = origin / "train-labels-idx1-ubyte.gz"
    labels.write_bytes(labels.read_bytes()[:-100])  # the origin itself serves a cut file, and hashes match it
    download_origin_hashes = tuple((n, sha256_of(origin / n)) for n, _ in specs.SPECS["fashion_mnist"].downloads)
    monkeypatch.setitem(specs.SPECS, "fashion_mnist", replace(specs.SPECS["fashion_mnist"], downloads=download_origin_hashes))
    with pytest.raises(DataFileError, match=r"train-labels-idx1-ubyte\.gz: is truncated or padded"):
        REAL_FETCH(specs.SPECS["fashion_mnist"])
    assert cache_contents(tmp_path) == []


def test_a_failed_download_falls_back_and_the_next_load_tries_again(tmp_path, monkeypatch, capsys) -> None:
    download_origin(tmp_path, monkeypatch, "fashion_mnist", wrong_hash="train-labels-idx1-ubyte.gz")
    monkeypatch.setattr(sources, "probe", lambda host: True)
    monkeypatch.setattr(sources, "fetch_into_keras_cache", REAL_FETCH)
    (x_train, _), _ = kteach.load_fashion_mnist()
    assert len(x_train) == 2000  # the shipped sample
    assert "because the download from storage.googleapis.com failed (ValueError)" in capsys.readouterr().out
    assert cache_contents(tmp_path) == [] and where("fashion_mnist").kind == "download"


def test_fashion_mnist_downloads_are_checked_against_the_published_md5s() -> None:
    hashes = dict(specs.SPECS["fashion_mnist"].downloads)
    assert hashes == {
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    }
    assert all(file_hash for _, spec in specs.SPECS.items() for _, file_hash in spec.downloads)


def test_where_refuses_unknown_names() -> None:
    with pytest.raises(ValueError, match="'mnist', 'fashion_mnist', 'imdb'.*'cifar10'"):
        where("cifar10")


# --- IMDB: Keras's semantics ------------------------------------------------------------------


def write_keras_imdb(directory: Path, with_index: bool = True) -> None:
    """Write the shipped review sample in Keras's own imdb.npz / imdb_word_index.json format."""
    reviews = sample_reviews()
    words = read_vocabulary(specs.SPECS["imdb"].sample[1][1])
    data = tokenize_reviews(reviews, words)
    arrays = {}
    for name, split in (("train", data.train), ("test", data.test)):
        sequences = np.empty(len(split), dtype=object)
        for i in range(len(split)):
            sequences[i] = split.ids[split.offsets[i] : split.offsets[i + 1]].tolist()
        arrays[f"x_{name}"], arrays[f"y_{name}"] = sequences, split.labels
    directory.mkdir(parents=True, exist_ok=True)
    np.savez(directory / "imdb.npz", **arrays)
    if with_index:
        (directory / "imdb_word_index.json").write_text(json.dumps({w: r for r, w in enumerate(words, 1)}))


@pytest.fixture(scope="module")
def keras_imdb_module():
    """Keras's public IMDB module, imported before ``isolated`` points KERAS_HOME at a temporary folder."""
    import keras.datasets.imdb  # a dependency of kteach: missing is a failure, not a skip

    return keras.datasets.imdb


def documented_load_data(path: Path, num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3):
    """``keras.datasets.imdb.load_data`` step by step, as Keras documents and does it, on the npz at ``path``.

    Train and test are shuffled by one ``np.random.RandomState(seed)``, train first; every word
    index is shifted by ``index_from`` and ``start_char`` put first; reviews not shorter than
    ``maxlen`` are dropped (not truncated); then words outside ``[skip_top, num_words)`` become
    ``oov_char``, or are dropped when it is None (``num_words`` defaults to the largest index).
    """
    with np.load(path, allow_pickle=True) as data:
        splits = [(data[f"x_{name}"], data[f"y_{name}"]) for name in ("train", "test")]
    rng = np.random.RandomState(seed)
    shuffled = []
    for x, y in splits:
        order = np.arange(len(x))
        rng.shuffle(order)
        start = [] if start_char is None else [start_char]
        shuffled.append(([start + [w + index_from for w in x[i]] for i in order], y[order]))
    if maxlen:
        shuffled = [([s for s in x if len(s) < maxlen], y[[len(s) < maxlen for s in x]]) for x, y in shuffled]
    top = num_words or max(max(s) for x, _ in shuffled for s in x)
    result = []
    for x, y in shuffled:
        if oov_char is None:
            words = [[w for w in s if skip_top <= w < top] for s in x]
        else:
            words = [[w if skip_top <= w < top else oov_char for w in s] for s in x]
        result.append((np.array(words, dtype="object"), y))
    return tuple(result)


IMDB_OPTIONS = [
    {},
    {"num_words": 1000, "skip_top": 20},
    {"maxlen": 150, "seed": 7},
    {"num_words": 500, "oov_char": None},
    {"start_char": None, "index_from": 0},
    {"skip_top": 5, "index_from": 1, "oov_char": 9},
]


@pytest.fixture(scope="module")
def imdb_npz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keras's imdb.npz layout, written once from the shipped sample (with its word index)."""
    folder = tmp_path_factory.mktemp("keras-imdb")
    write_keras_imdb(folder)
    return folder / "imdb.npz"


def assert_same_imdb(got, expected) -> None:
    for (x_got, y_got), (x_expected, y_expected) in zip(got, expected, strict=True):
        assert x_got.dtype == object and x_got.shape == x_expected.shape
        assert [list(x) for x in x_got] == [list(x) for x in x_expected]
        np.testing.assert_array_equal(y_got, y_expected)
        assert y_got.dtype == y_expected.dtype


@pytest.mark.parametrize("options", IMDB_OPTIONS)
def test_load_imdb_matches_keras_load_data_option_for_option(options, imdb_npz, tmp_path) -> None:
    shutil.copytree(imdb_npz.parent, keras_datasets(tmp_path))
    got = kteach.load_imdb(**options)
    assert last_source("imdb").kind == "keras-cache"
    assert_same_imdb(got, documented_load_data(imdb_npz, **options))


@pytest.mark.parametrize("options", IMDB_OPTIONS)
def test_the_reference_is_what_keras_load_data_returns(options, keras_imdb_module, imdb_npz, monkeypatch) -> None:
    # keras.datasets.imdb.load_data hash-checks its file, so it is handed the test file through
    # the get_file it calls; if Keras stops fetching that way, this fails and says so, never skips.
    namespace = keras_imdb_module.load_data.__globals__
    assert "get_file" in namespace, "keras.datasets.imdb.load_data no longer fetches with get_file: update this test"
    monkeypatch.setitem(namespace, "get_file", lambda *args, **kwargs: str(imdb_npz))
    assert_same_imdb(keras_imdb_module.load_data(**options), documented_load_data(imdb_npz, **options))


@pytest.mark.parametrize("options", IMDB_OPTIONS)
def test_reviews_split_across_chunks_come_out_the_same(options, imdb_npz, tmp_path, monkeypatch) -> None:
    shutil.copytree(imdb_npz.parent, keras_datasets(tmp_path))
    monkeypatch.setattr(imdb_arrays, "_REVIEWS_PER_CHUNK", 3)
    assert_same_imdb(kteach.load_imdb(**options), documented_load_data(imdb_npz, **options))


@pytest.mark.parametrize("chunk", [1, 2, 100])
def test_int_lists_places_reviews_by_order_with_the_start_mark(chunk, monkeypatch) -> None:
    monkeypatch.setattr(imdb_arrays, "_REVIEWS_PER_CHUNK", chunk)
    values = np.array([10, 11, 12, 99], dtype=object)
    ids, offsets = np.array([0, 1, 2, 2, 0], dtype=np.int32), np.array([0, 2, 2, 5])  # review 1 is empty
    order = np.array([2, 0])  # review 1 is not kept
    with_start = imdb_arrays._int_lists(values, ids, offsets, order, 3)
    assert with_start.dtype == object and with_start.shape == (2,)
    assert list(with_start) == [[99, 12, 12, 10], [99, 10, 11]]
    assert all(type(i) is int for review in with_start for i in review)
    assert list(imdb_arrays._int_lists(values, ids, offsets, np.array([1, 2]), None)) == [[], [12, 12, 10]]


@pytest.mark.parametrize("enabled", [True, False])
def test_building_lists_leaves_the_garbage_collector_as_it_was(enabled) -> None:
    was_enabled = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with corpus.gc_paused():
            assert not gc.isenabled()
            kept = [[1, 2]] * 3
        assert gc.isenabled() == enabled and kept == [[1, 2]] * 3
        gc.freeze()  # a program that froze its objects (say, before forking) keeps them frozen
        frozen = gc.get_freeze_count()
        with corpus.gc_paused():
            pass
        assert gc.get_freeze_count() == frozen > 0
    finally:
        gc.unfreeze()
        (gc.enable if was_enabled else gc.disable)()


def test_keras_word_index_serves_decoding_and_its_absence_is_explained(tmp_path) -> None:
    write_keras_imdb(keras_datasets(tmp_path))
    (x_train, _), _ = kteach.load_imdb(num_words=50)
    assert imdb_word_index()["the"] == 1
    assert decode_review(x_train[0]).startswith("[START] ")
    (keras_datasets(tmp_path) / "imdb_word_index.json").unlink()
    with pytest.raises(FileNotFoundError, match="imdb_word_index.json is missing.*get_word_index"):
        kteach.load_imdb()  # half a dataset is refused at load, not at the first decode_review
    with pytest.raises(FileNotFoundError, match="imdb_word_index.json is missing.*get_word_index"):
        imdb_word_index()


def test_num_words_maxlen_and_index_from(monkeypatch) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    (x_train, _), (x_test, _) = kteach.load_imdb(num_words=100)
    values = {i for review in [*x_train, *x_test] for i in review}
    assert max(values) == 99 and 2 in values and 3 not in values
    (x_train, y_train), _ = kteach.load_imdb(maxlen=100)
    assert 0 < len(x_train) < 1000 and len(x_train) == len(y_train)
    assert max(map(len, x_train)) < 100
    (x_train, _), _ = kteach.load_imdb(index_from=10, start_char=None)
    values = {i for review in x_train for i in review}
    assert min(values - {2}) == 11 and 1 not in values  # 2: Keras turns the largest index into oov_char
    with pytest.raises(ValueError, match="maxlen=2, no sequence was kept"):
        kteach.load_imdb(maxlen=2)
    with pytest.raises(ValueError, match=r"num_words must be >= 1, or None for no limit; got -5"):
        kteach.load_imdb(num_words=-5)
    with pytest.raises(TypeError, match="skip_top must be an int"):
        kteach.load_imdb(skip_top=None)


def test_the_seed_shuffles_reproducibly(monkeypatch) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    (a, ya), _ = kteach.load_imdb(seed=113)
    (b, yb), _ = kteach.load_imdb(seed=113)
    (c, yc), _ = kteach.load_imdb(seed=1)
    assert list(a) == list(b) and list(a) != list(c)
    assert sorted(map(tuple, a)) == sorted(map(tuple, c)) and sorted(ya) == sorted(yc)


# --- IMDB: words -------------------------------------------------------------------------------


def test_tokenize_matches_the_dataset_vocabulary_rules() -> None:
    assert tokenize("Don't <br />STOP!! It's a sci-fi_fan's 10/10 -- café?") == [
        "don't",
        "stop",
        "!",
        "!",
        "it's",
        "a",
        "sci-fi",
        "fan's",
        "10",
        "10",
        "café",
        "?",
    ]
    with pytest.raises(TypeError, match="text must be a str"):
        tokenize(b"bytes")


TRICKY_TEXTS = [
    "Don't <br />STOP!! It's a sci-fi_fan's 10/10 -- café?",
    "<BR />Upper<Br />mixed<br/>no-space <br  />two spaces",
    "ΑΣ.Α ΟΔΟΣ: ΣΑΣ^Σ`Σ'Σ ΑΣ, ΑΣ!ΑΣ",  # Greek capital sigma: lowercasing looks past . : ^ ` '
    "İstanbul KELVIN \u212a \u00c9T\u00c9 stra\u00dfe \ufb01ne",  # lowercasing that changes length or script
    "a--b 'quoted' end- -start rock'n'roll o'-k don''t x-'y",
    "tabs\tand\nnew\x0blines\x1cfs \u00a0nbsp\u2003em\u3000ideographic",
    "ellipsis\u2026joined \u201csmart\u201d don\u00b4t \u2013dash\u2014 under_score",
    "",
    "!?!? ??? ..., ;;; ()",
    "digits 1,000.50 3rd \u0663\u0664 \u00bd",
]


def test_bulk_tokenizing_gives_every_text_the_words_of_tokenize() -> None:
    raw = [text.encode("utf-8") for text in TRICKY_TEXTS]
    raw += [b"bad \xff\xfe utf-8 \xc3", b"spaced \x00 nul", b"\xc3(trunc \xe2\x82 x\x00in\x00side"]
    raw += [b"nul\x00<br />\x00end"]
    expected = [tokenize(text.decode("utf-8", errors="replace").replace("\x00", " ")) for text in raw]
    words, (first, second) = tokenize_texts([raw[:4], raw[4:]])
    assert words[0] == "" and len(set(words)) == len(words)
    got = [words[i] for i in np.concatenate([first, second])]
    flat = [word for text in expected for word in [*text, ""]]  # "" (id 0) ends each text
    assert got == flat
    assert tokenize_texts([[], []])[1][0].tolist() == []
    joined = memoryview(b"".join(raw))  # archive members are views into the decompressed archive
    views = [joined[sum(map(len, raw[:i])) :][: len(text)] for i, text in enumerate(raw)]
    view_words, view_ids = tokenize_texts([views[:4], views[4:]])  # the NUL fallback included
    assert view_words == words and all(np.array_equal(a, b) for a, b in zip(view_ids, (first, second)))


# What tokenize_reviews gave for the shipped sample before it was made fast (recorded 2026-12-02
# from the regex-per-review implementation): its own ranking, then the full data's ranking.
SAMPLE_CORPUS_SHA256 = (
    "09bf9c3bc1d7ff936071ec63ce19189d8e5060feac9a354746e892e4c8cea8ae",
    "cba72d886007d3c3b8f1b63f4c86c57cf40e27cf2632ac0abd32055ad60c82cb",
)


def corpus_digest(data: corpus.Corpus) -> str:
    """SHA-256 of a corpus's arrays (dtype, shape and bytes) and its words."""
    digest = hashlib.sha256()
    for split in (data.train, data.test):
        for array in (split.ids, split.offsets, split.labels):
            digest.update(f"{array.dtype}{array.shape}".encode())
            digest.update(array.tobytes())
    digest.update("\n".join(data.words).encode())
    return digest.hexdigest()


def test_the_shipped_sample_tokenizes_to_the_same_arrays_as_before() -> None:
    archive, vocabulary = specs.SPECS["imdb"].sample[1]
    reviews = read_reviews(archive)
    own = tokenize_reviews(reviews)
    assert (len(own.words), own.train.ids.dtype, own.train.offsets.dtype) == (19_838, np.int32, np.int64)
    assert corpus_digest(own) == SAMPLE_CORPUS_SHA256[0]
    assert corpus_digest(tokenize_reviews(reviews, read_vocabulary(vocabulary))) == SAMPLE_CORPUS_SHA256[1]


def test_tar_reader_matches_tarfile_on_ustar_gnu_and_pax_archives(tmp_path) -> None:
    members = {
        "aclImdb/train/pos/0_9.txt": b"short",
        "aclImdb/" + "long-folder-name/" * 8 + "train/neg/1_2.txt": b"x" * 1000,  # over 100 characters: prefix,
        "aclImdb/test/neg/caf\u00e9_\u03a3.txt": b"non-ASCII name",
        "aclImdb/empty.txt": b"",
    }
    for form in (tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT, tarfile.PAX_FORMAT):
        path = tmp_path / f"{form}.tar.gz"
        with tarfile.open(path, "w:gz", format=form) as tar:
            folder = tarfile.TarInfo("aclImdb/train")
            folder.type = tarfile.DIRTYPE
            tar.addfile(folder)
            for name, text in members.items():  # ... GNU long name or pax path
                info = tarfile.TarInfo(name)
                info.size = len(text)
                tar.addfile(info, io.BytesIO(text))
        with tarfile.open(path) as tar:
            expected = [(m.name, tar.extractfile(m).read()) for m in tar if m.isfile()]
        assert [(name, bytes(content)) for name, content in read_tar_gz(path)] == expected
        assert len(expected) == 4


def test_tar_header_numbers_in_every_terminated_form() -> None:
    forms = {b"0000644\x00": 0o644, b"012345\x00 ": 0o12345, b" 1234 \x00": 0o1234, b"17\x00garbage": 0o17}
    forms |= {b"00000001234 ": 0o1234, b"\x00\x00\x00": 0, b"": 0, b"   ": 0}
    assert {field: tarball._number(field) for field in forms} == forms
    with pytest.raises(TarFormatError, match="base-256"):
        tarball._number(b"\x80\x00\x00\x01")
    for bad in (b"12 34\x00", b"9\x00", b"1\t2"):
        with pytest.raises(TarFormatError, match="not an octal header number"):
            tarball._number(bad)


def test_tar_reader_refuses_damaged_headers() -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for index in range(3):
            info = tarfile.TarInfo(f"aclImdb/train/pos/{index}_9.txt")
            info.size = 600
            tar.addfile(info, io.BytesIO(b"w" * 600))
    data = bytearray(buffer.getvalue())
    assert len(regular_files(bytes(data))) == 3
    flipped = bytearray(data)
    flipped[2 * 1536 + 20] ^= 1  # a letter of the third name
    with pytest.raises(TarFormatError, match="header at byte 3072 fails its checksum"):
        regular_files(bytes(flipped))
    with pytest.raises(TarFormatError, match="member at byte 1536 is cut short"):
        regular_files(bytes(data[: 1536 + 512 + 100]))
    with pytest.raises(TarFormatError, match="not an octal header number"):
        regular_files(b"not a tar archive at all".ljust(512, b"!"))
    assert regular_files(b"") == [] and regular_files(bytes(1024)) == []


def test_ranks_follow_training_frequency_and_unseen_test_words_are_dropped() -> None:
    reviews = [
        Review("train", 1, 0, "train/pos/0_9.txt", b"good good film"),
        Review("train", 0, 1, "train/neg/1_2.txt", b"bad film film"),
        Review("test", 0, 2, "test/neg/2_1.txt", b"awful film"),
    ]
    data = tokenize_reviews(reviews)
    assert data.words == ("film", "good", "bad")  # 3, 2, 1 uses; neg sorts first
    assert data.train.ids.tolist() == [3, 1, 1, 2, 2, 1] and data.train.labels.tolist() == [0, 1]
    assert data.test.ids.tolist() == [1] and data.test.lengths.tolist() == [1]


def test_equal_counts_rank_by_code_point_and_wordless_reviews_stay_empty() -> None:
    reviews = [
        Review("train", 0, 0, "train/neg/0_1.txt", "été zoo b a".encode()),
        Review("train", 0, 1, "train/neg/1_1.txt", b"... ,,, "),
        Review("train", 1, 2, "train/pos/2_9.txt", "a b zoo été b".encode()),
        Review("test", 1, 3, "test/pos/3_9.txt", b"--"),
        Review("test", 1, 4, "test/pos/4_9.txt", b"unseen ZOO"),
    ]
    data = tokenize_reviews(reviews)
    assert data.words == ("b", "a", "zoo", "été")  # 3 uses, then 2 each in code point order ("z" < "é")
    assert data.train.lengths.tolist() == [4, 0, 5] and data.train.ids.tolist() == [4, 3, 1, 2, 2, 1, 3, 4, 1]
    assert data.test.lengths.tolist() == [0, 1] and data.test.ids.tolist() == [3]
    assert data.train.ids.dtype == np.int32 and data.train.offsets.dtype == np.int64


def test_encode_and_decode_round_trip(monkeypatch) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    text = "This movie was GREAT!<br />I loved it, a must-see. Qwzxvbnm"
    encoded = encode_review(text)
    assert encoded[0] == 1 and all(isinstance(i, int) for i in encoded)
    assert decode_review(encoded) == "[START] this movie was great ! i loved it a must-see"
    assert encode_review(text, num_words=20) == [i if i < 20 else 2 for i in encoded]
    (x_train, _), _ = kteach.load_imdb()
    for review in [r for r in x_train if 2 not in r][:50]:
        assert encode_review(decode_review(review).removeprefix("[START] ")) == review


def test_review_words_explains_each_word_like_encode_review(monkeypatch) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    text = "The plot was Qwzxvbnm, but the acting!"
    words = kteach.review_words(text, num_words=50)
    assert [word for word, _ in words] == ["the", "plot", "was", "qwzxvbnm", "but", "the", "acting", "!"]
    assert words[0] == ("the", "index 4")  # the most frequent word has rank 1, index 1 + index_from
    assert words[3][1].startswith("dropped")
    encoded = encode_review(text, num_words=50)[1:]
    kept = [note for _, note in words if not note.startswith("dropped")]
    assert len(kept) == len(encoded)
    assert 2 in encoded and len(set(encoded)) > 2  # both kinds of note are checked below
    for note, index in zip(kept, encoded):
        expected = r"\[OOV\]: rank [\d,]+ is beyond num_words=50" if index == 2 else re.escape(f"index {index}")
        assert re.fullmatch(expected, note), (note, index)
    with pytest.raises(ValueError, match="num_words"):
        kteach.review_words(text, num_words=-1)


def test_decode_marks_reserved_indices_and_refuses_bad_input(monkeypatch) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    assert decode_review(np.array([1, 2, 0, 4, 5])) == "[START] [OOV] [PAD] the and"
    assert decode_review([5], index_from=4) == "the"
    with pytest.raises(ValueError, match="holds 10000000, .*index_from=3"):
        decode_review([1, 10_000_000])
    with pytest.raises(TypeError, match="encode_review"):
        decode_review("the movie")
    with pytest.raises(TypeError, match="one review, not a batch"):
        decode_review([[1, 4], [1, 5]])


def test_word_index_is_a_fresh_dict_of_ranks(monkeypatch) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    index = imdb_word_index()
    assert sorted(index.values()) == list(range(1, len(index) + 1)) and len(index) > 50_000
    index["the"] = 999
    assert imdb_word_index()["the"] == 1 and decode_review([4]) == "the"


# --- IMDB: aclImdb and the cache ---------------------------------------------------------------


def test_acl_archive_is_tokenized_once_then_read_from_the_cache(tmp_path, monkeypatch, capsys) -> None:
    write_acl_archive(tmp_path / "data" / "aclImdb_v1.tar.gz")
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "data"))
    (first, labels), _ = kteach.load_imdb(num_words=200)
    assert len(first) == 40 and labels.sum() == 20
    line = one_line(capsys)
    archive = tmp_path / "data" / "aclImdb_v1.tar.gz"
    assert line == f"IMDB: local copy {archive} (40 train / 40 test reviews; the full set has 25,000 / 25,000)"
    assert [p.suffix for p in (tmp_path / "kteach-cache").iterdir()] == [".npz"]  # no temporary file left beside it

    def no_tokenizing(*args: object) -> None:
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(aclimdb, "tokenize_reviews", no_tokenizing)
    (again, _), _ = kteach.load_imdb(num_words=200)
    assert list(again) == list(first)


def test_acl_folder_gives_the_same_arrays_as_the_archive(tmp_path, monkeypatch) -> None:
    chosen = write_acl_archive(tmp_path / "tar" / "aclImdb_v1.tar.gz")
    for review in chosen:
        path = tmp_path / "folder" / "aclImdb" / review.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(review.text)
    results = []
    for folder in ("tar", "folder"):
        monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / folder))
        results.append(kteach.load_imdb(num_words=200, maxlen=300))
    assert last_source("imdb").location == tmp_path / "folder" / "aclImdb"
    for (x_archive, y_archive), (x_folder, y_folder) in zip(*results):
        assert list(x_archive) == list(x_folder)
        np.testing.assert_array_equal(y_archive, y_folder)


def test_unwritable_cache_warns_once_and_still_loads(tmp_path, monkeypatch) -> None:
    write_acl_archive(tmp_path / "data" / "aclImdb_v1.tar.gz")
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("KTEACH_CACHE_DIR", str(tmp_path / "a-file" / "cache"))
    monkeypatch.setattr(corpus, "_unwritable_warned", set())
    with pytest.warns(UserWarning, match="cannot write the IMDB cache.*KTEACH_CACHE_DIR"):
        (x_train, _), _ = kteach.load_imdb()
    assert len(x_train) == 40
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kteach.load_imdb()


def test_damaged_cache_is_rebuilt(tmp_path, monkeypatch) -> None:
    write_acl_archive(tmp_path / "data" / "aclImdb_v1.tar.gz")
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "data"))
    (expected, _), _ = kteach.load_imdb()
    [cache_file] = (tmp_path / "kteach-cache").iterdir()
    cache_file.write_bytes(b"garbage")
    with pytest.warns(UserWarning, match="ignoring the damaged IMDB cache"):
        (x_train, _), _ = kteach.load_imdb()
    assert list(x_train) == list(expected)
    assert corpus.load_corpus(cache_file).train.ids.size > 0


# --- the real data of the project (../shared/data) ---------------------------------------------


@pytest.fixture(scope="module")
def shared_data() -> Path:
    if not (SHARED_DATA / "mnist-sample").is_dir() or not (SHARED_DATA / "aclImdb_v1_reviews.tar.gz").is_file():
        pytest.skip(f"the project's shared data is not at {SHARED_DATA} (set KTEACH_DATA_DIR to check real data)")
    return SHARED_DATA


@pytest.mark.shared_data
def test_real_mnist_from_shared_data(shared_data, monkeypatch) -> None:
    monkeypatch.setenv("KTEACH_DATA_DIR", str(shared_data))
    (x_train, y_train), (x_test, y_test) = kteach.load_mnist()
    assert x_test.shape == (10_000, 28, 28) and y_test.shape == (10_000,)
    assert len(x_train) == 5_000 and np.bincount(y_train).tolist() == [500] * 10
    assert last_source("mnist").location == shared_data.resolve() / "mnist-sample"


@pytest.mark.shared_data
def test_real_imdb_from_shared_data_is_encoded_like_the_shipped_sample(shared_data, monkeypatch, capsys) -> None:
    monkeypatch.setenv("KTEACH_DATA_DIR", str(shared_data))
    (x_train, y_train), (x_test, y_test) = kteach.load_imdb(num_words=10_000)
    assert len(x_train) == len(x_test) == 25_000 and y_train.sum() == y_test.sum() == 12_500
    assert "(25,000 train / 25,000 test reviews, the full set)" in one_line(capsys)
    assert max(max(review) for review in x_train) == 9_999
    archive = shared_data / "aclImdb_v1_reviews.tar.gz"
    full = aclimdb.load_aclimdb(archive)  # read back from the cache the load just wrote
    sample_archive, sample_vocabulary = specs.SPECS["imdb"].sample[1]
    assert read_vocabulary(sample_vocabulary) == full.words
    sample = tokenize_reviews(read_reviews(sample_archive), full.words)
    full_reviews, sample_reviews_ = read_reviews(archive), read_reviews(sample_archive)
    key = lambda review: (review.label, review.id)  # noqa: E731 - the order both corpora are stored in
    for split in ("train", "test"):
        position = {key(r): i for i, r in enumerate(sorted((r for r in full_reviews if r.split == split), key=key))}
        picked = sorted((r for r in sample_reviews_ if r.split == split), key=key)
        full_split, sample_split = getattr(full, split), getattr(sample, split)
        for i, review in enumerate(picked):
            j = position[key(review)]
            expected = full_split.ids[full_split.offsets[j] : full_split.offsets[j + 1]]
            np.testing.assert_array_equal(
                sample_split.ids[sample_split.offsets[i] : sample_split.offsets[i + 1]], expected
            )


# --- messages in Chinese -----------------------------------------------------------------------


def test_the_data_source_line_reads_in_chinese(monkeypatch, capsys, chinese) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    kteach.load_mnist()
    assert one_line(capsys) == (
        "MNIST：快速模式，使用 kteach 自带的样本（2,000 张训练图像 / 1,000 张测试图像；完整数据集为 60,000 / 10,000）；"
        "取消设置 KTEACH_QUICK 即可使用完整数据。"
    )


def test_the_fallback_line_says_why_and_how_to_get_the_data_in_chinese(monkeypatch, chinese) -> None:
    monkeypatch.setenv("KTEACH_OFFLINE", "1")
    line = describe(where("imdb"))
    assert line.startswith(
        "IMDB：使用 kteach 自带的样本（加载后才知道数据量），因为已设置 KTEACH_OFFLINE。如需完整数据，请将 KTEACH_DATA_DIR 设为"
    )
    assert line.endswith("~/.keras/datasets/。") and "aclImdb_v1.tar.gz" in line


def test_a_local_copy_line_keeps_its_note_in_chinese(tmp_path, monkeypatch, chinese) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "empty"))
    write_mnist_npz(keras_datasets(tmp_path) / "mnist.npz")
    assert describe(where("mnist")) == (
        f"MNIST：读取 Keras 缓存 {keras_datasets(tmp_path) / 'mnist.npz'}（加载后才知道数据量）；"
        f"在 KTEACH_DATA_DIR={tmp_path / 'empty'} 中没有找到 MNIST 文件"
    )


def test_a_damaged_data_file_is_explained_in_chinese(tmp_path, chinese) -> None:
    (tmp_path / "short").write_bytes(bytes([0, 0, 8, 3, 0, 0]))
    with pytest.raises(DataFileError) as raised:
        read_idx(tmp_path / "short")
    assert str(raised.value) == (
        f"{tmp_path / 'short'}：文件不完整，在文件头处就被截断了。请重新复制该文件（或删除它，让 kteach 改用下一个数据来源）。"
    )


def test_review_words_and_option_errors_read_in_chinese(monkeypatch, chinese) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    notes = dict(kteach.review_words("the film qwertyuiop", num_words=5))
    assert notes["the"] == "索引 4" and notes["qwertyuiop"] == "丢弃：训练集的评论中从未出现"
    assert notes["film"].startswith("[OOV]：词频排名 ") and notes["film"].endswith("超出了 num_words=5")
    with pytest.raises(ValueError, match=r"^num_words 必须 >= 1，或为 None（不设上限）；收到的是 -1$"):
        kteach.review_words("the", num_words=-1)
