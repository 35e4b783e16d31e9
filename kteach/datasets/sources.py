"""Where each dataset comes from, in a fixed order, and the one line that says so.

Introduced in lesson 01. Order: a local copy (``KTEACH_DATA_DIR``, or Debian's
``/usr/share/datasets``), Keras's cache (``~/.keras/datasets`` or ``$KERAS_HOME/datasets``),
Keras's download when its host answers, and last the small real sample shipped with kteach.
Quick mode (``KTEACH_QUICK=1``) always uses the shipped sample, so stored lesson outputs are
the same on every machine. ``where(name)`` answers without reading the data.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kteach.datasets.specs import KERAS_ORIGIN, DatasetSpec, Found, spec_for
from kteach.i18n import tr
from kteach.settings import env_flag, keras_home, quick_mode

DATA_DIR_ENV = "KTEACH_DATA_DIR"
OFFLINE_ENV = "KTEACH_OFFLINE"
DOWNLOAD_HOST = "storage.googleapis.com"
PROBE_TIMEOUT_S = 3.0
KINDS = ("local", "keras-cache", "download", "sample")
STAGING_PREFIX = ".kteach-download-"  # a download in progress, hidden inside Keras's datasets folder
STALE_STAGING_S = 24 * 3600

@dataclass(frozen=True)
class DataSource:
    """Where one dataset is read from: state only; ``describe`` renders it.

    Attributes:
        dataset: "mnist", "fashion_mnist" or "imdb".
        kind: one of ``KINDS``.
        format: how ``files`` are read: "npz" (Keras's mnist.npz), "idx", "keras-imdb"
            (imdb.npz + imdb_word_index.json), "aclimdb" (the Stanford folder or tar.gz) or
            "aclimdb+vocab" (the shipped review sample plus the full data's vocabulary).
        files: the files (or aclImdb folder) to read; for "download", where they will land.
        quick: True when quick mode chose the shipped sample.
        note: why earlier sources were passed over, when that is worth telling.
        url: the download origin, for kind "download".
        n_train, n_test: sizes, filled in once the data has been read.
    """

    dataset: str
    kind: str
    format: str
    files: tuple[Path, ...]
    quick: bool = False
    note: str = ""
    url: str = ""
    n_train: int | None = None
    n_test: int | None = None

    @property
    def location(self) -> Path:
        """The single file or folder read, or the folder holding several files."""
        return self.files[0] if len(self.files) == 1 else self.files[0].parent


def data_dir_from_env() -> Path | None:
    """Return the folder named by ``KTEACH_DATA_DIR``, or None when it is unset or empty.

    Raises:
        FileNotFoundError: the variable names a folder that does not exist: the user asked for
            it, so it is an error rather than a silent fall-back.
    """
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    if not value:
        return None
    path = Path(value).expanduser().resolve()
    if not path.is_dir():
        raise FileNotFoundError(
            tr(
                "{env}={value!r} is not an existing folder. Point it at the folder holding the data, "
                "or unset it (`del os.environ['{env}']` / `unset {env}`).",
                env=DATA_DIR_ENV,
                value=value,
            )
        )
    return path


def keras_datasets_dir() -> Path:
    """Return Keras's dataset cache: ``$KERAS_HOME/datasets``, else ``~/.keras/datasets`` as Keras picks it."""
    return keras_home() / "datasets"


@functools.cache
def probe(host: str, port: int = 443, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Return True if ``host:port`` accepts a TCP connection within ``timeout`` seconds in all.

    The connect runs in a daemon thread so a slow DNS lookup cannot stretch the wait: an
    offline machine answers in ``timeout`` seconds at most. Cached for the session.
    """
    answered: list[bool] = []

    def connect() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            answered.append(True)
        except OSError:
            pass

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(answered)


def where(name: str) -> DataSource:
    """Say which source ``load_<name>()`` would use now, reading no data (may probe the network).

    Raises:
        ValueError: unknown dataset name.
        FileNotFoundError: ``KTEACH_DATA_DIR`` names a missing folder, or a folder holds a partial IDX set.
    """
    spec = spec_for(name)
    if quick_mode():
        return _sample_source(spec, quick=True)
    notes = []
    data_dir = data_dir_from_env()
    local_dirs = [data_dir / sub for sub in spec.local_subdirs] if data_dir else []
    found = _first_found(spec, [*local_dirs, *spec.system_dirs])
    if found:
        return DataSource(spec.name, "local", *found)
    if data_dir:
        notes.append(tr("{env}={folder} has no {title} files", env=DATA_DIR_ENV, folder=data_dir, title=spec.title))
    found = _first_found(spec, [keras_datasets_dir() / spec.cache_subdir])
    if found:
        return DataSource(spec.name, "keras-cache", *found, note=_joined(*notes))
    if env_flag(OFFLINE_ENV):
        notes.append(tr("{env} is set", env=OFFLINE_ENV))
    elif probe(DOWNLOAD_HOST):
        target = keras_datasets_dir() / spec.cache_subdir
        files = tuple(target / file_name for file_name, _ in spec.downloads)
        return DataSource(spec.name, "download", spec.download_format, files, note=_joined(*notes), url=KERAS_ORIGIN)
    else:
        notes.append(tr("{host} is unreachable", host=DOWNLOAD_HOST))
    return _sample_source(spec, note=_joined(*notes))


def _joined(*notes: str) -> str:
    """The non-empty ``notes`` as one text, separated as the current language separates clauses."""
    text = ""
    for note in filter(None, notes):
        text = tr("{first}; {second}", first=text, second=note) if text else note
    return text


def _first_found(spec: DatasetSpec, directories: Sequence[Path]) -> Found | None:
    """The dataset's files in the first of ``directories`` that holds them."""
    for directory in directories:
        found = spec.find(directory)
        if found:
            return found
    return None


def _sample_source(spec: DatasetSpec, quick: bool = False, note: str = "") -> DataSource:
    """The shipped sample as a source, with why it was chosen."""
    return DataSource(spec.name, "sample", *spec.sample, quick=quick, note=note)


def obtain(name: str) -> DataSource:
    """Return ``where(name)``, first downloading into Keras's cache when that is the source.

    A failed download falls back to the shipped sample, and the returned source says why.
    """
    source = where(name)
    if source.kind != "download":
        return source
    spec = spec_for(name)
    try:
        fetch_into_keras_cache(spec)
    except Exception as error:  # noqa: BLE001 - any failure to fetch (HTTP, proxy, hash) means: use the sample
        reason = tr("the download from {host} failed ({error})", host=DOWNLOAD_HOST, error=type(error).__name__)
        return _sample_source(spec, note=_joined(source.note, reason))
    return source


def fetch_into_keras_cache(spec: DatasetSpec) -> None:
    """Download the dataset's files into Keras's cache, all or nothing.

    ``keras.utils.get_file`` fetches each file, checking its hash, into a hidden temporary
    folder; only when every file has arrived and passed kteach's own checks are they moved into
    ``~/.keras/datasets``. An interrupted download (even Ctrl-C), a failed hash or a bad file
    leaves nothing there for the next load to trip over: the temporary folder is removed.
    """
    import keras  # only here: downloading is the one path that needs Keras (and TensorFlow) loaded

    from kteach.datasets.check import check_files

    datasets = keras_datasets_dir()
    datasets.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(datasets)
    staging = Path(tempfile.mkdtemp(dir=datasets, prefix=STAGING_PREFIX))
    try:
        for file_name, file_hash in spec.downloads:
            keras.utils.get_file(
                file_name,
                origin=KERAS_ORIGIN + file_name,
                file_hash=file_hash,
                cache_dir=str(staging),
                cache_subdir=str(staging),  # an absolute path: Keras writes there, not under ~/.keras
            )
        names = [file_name for file_name, _ in spec.downloads]
        check_files(DataSource(spec.name, "keras-cache", spec.download_format, tuple(staging / name for name in names)))
        _move_into_place(staging, datasets / spec.cache_subdir, names)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_stale_staging(datasets: Path) -> None:
    """Remove temporary download folders left by a killed kernel (no ``finally`` ran), once they are old.

    A folder touched within ``STALE_STAGING_S`` may belong to a download running in another kernel.
    """
    now = time.time()
    for folder in datasets.glob(STAGING_PREFIX + "*"):
        with contextlib.suppress(OSError):
            if now - folder.stat().st_mtime > STALE_STAGING_S:
                shutil.rmtree(folder)


def _move_into_place(staging: Path, target: Path, names: Sequence[str]) -> None:
    """Move the downloaded ``names`` from ``staging`` into ``target`` so a load finds the whole set or none of it.

    A dataset with a folder of its own (Fashion-MNIST's four files) arrives in one rename of
    the folder; files that share Keras's folder arrive one by one, the file a load looks for
    (``mnist.npz``, ``imdb.npz``) last.
    """
    if target != staging.parent and (not target.exists() or not any(target.iterdir())):
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
        return
    target.mkdir(exist_ok=True)
    for name in reversed(names):
        os.replace(staging / name, target / name)


def describe(source: DataSource) -> str:
    """Render the one line a loader prints: the source, the sizes, and for a sample how to get the rest.

    Deterministic (no timings), because lessons store it and nbval compares it; in the
    language ``kteach.set_language`` chose.
    """
    spec = spec_for(source.dataset)
    fields = {"title": spec.title, "counts": _counts(spec, source), "location": source.location}
    if source.kind == "sample":
        if source.quick:
            return tr("{title}: quick mode: shipped sample ({counts}); unset KTEACH_QUICK for the full data.", **fields)
        if source.note:
            return tr(
                "{title}: shipped sample ({counts}) because {note}. To get the full data, {how}.",
                note=source.note,
                how=spec.how_to_get(),
                **fields,
            )
        return tr("{title}: shipped sample ({counts}). To get the full data, {how}.", how=spec.how_to_get(), **fields)
    if source.kind == "local":
        line = tr("{title}: local copy {location} ({counts})", **fields)
    elif source.kind == "keras-cache":
        line = tr("{title}: Keras cache {location} ({counts})", **fields)
    else:
        line = tr("{title}: downloaded by Keras into {location} ({counts})", **fields)
    return _joined(line, source.note)


def _counts(spec: DatasetSpec, source: DataSource) -> str:
    """``"N train / M test <unit>"`` and how that compares with the full set."""
    if source.n_train is None or source.n_test is None:
        return tr("sizes known once loaded")
    sizes = {"n_train": source.n_train, "n_test": source.n_test}
    if spec.unit == "reviews":
        text = tr("{n_train:,} train / {n_test:,} test reviews", **sizes)
    else:
        text = tr("{n_train:,} train / {n_test:,} test images", **sizes)
    if (source.n_train, source.n_test) == spec.full_sizes:
        return tr("{sizes}, the full set", sizes=text)
    full_train, full_test = spec.full_sizes
    return tr(
        "{sizes}; the full set has {full_train:,} / {full_test:,}",
        sizes=text,
        full_train=full_train,
        full_test=full_test,
    )


_LAST: dict[str, DataSource] = {}


def report(source: DataSource) -> None:
    """Record ``source`` for ``last_source`` and print its line."""
    _LAST[source.dataset] = source
    print(describe(source))


def last_source(name: str) -> DataSource | None:
    """Return the source the last load of ``name`` used in this session (with sizes), or None."""
    return _LAST.get(spec_for(name).name)
