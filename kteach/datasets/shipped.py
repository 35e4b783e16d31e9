"""The small real samples shipped inside kteach, checked against their SHA-256 manifest.

Introduced in lesson 01: quick mode (``KTEACH_QUICK=1``) and offline machines without any
copy of the data use these files. ``samples/PROVENANCE.md`` says where each was cut from.
"""

from __future__ import annotations

from pathlib import Path

from kteach.datasets.errors import DataFileError
from kteach.files import sha256_of
from kteach.i18n import tr

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
MANIFEST_NAME = "SHA256SUMS"


def reinstall_fix() -> str:
    """How to repair a damaged shipped sample, in the current language."""
    return tr(
        "The shipped sample is damaged: reinstall kteach (pip install --force-reinstall kteach, "
        "or `git checkout -- kteach/datasets/samples` in a clone), or set KTEACH_DATA_DIR to a folder with the full data."
    )


def sample_path(name: str) -> Path:
    """Return where the shipped sample file ``name`` lives (without checking it)."""
    return SAMPLES_DIR / name


def read_manifest(samples_dir: Path = SAMPLES_DIR) -> dict[str, str]:
    """Return ``{file name: sha256}`` from the manifest (``sha256sum`` format: ``HASH  NAME``)."""
    manifest = samples_dir / MANIFEST_NAME
    if not manifest.is_file():
        raise FileNotFoundError(tr("{manifest} is missing. {fix}", manifest=manifest, fix=reinstall_fix()))
    entries = {}
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise DataFileError(manifest, tr("line {number} is not 'SHA256  NAME'", number=number), reinstall_fix())
        entries[name] = digest
    return entries


def verify_sample(path: Path) -> Path:
    """Check a shipped file against the manifest and return its path.

    Raises:
        FileNotFoundError: the file is missing.
        DataFileError: it is not in the manifest or its checksum differs (corrupted or edited).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(tr("shipped sample file {path} is missing. {fix}", path=path, fix=reinstall_fix()))
    expected = read_manifest(path.parent).get(path.name)
    if expected is None:
        raise DataFileError(path, tr("is not listed in {manifest}", manifest=MANIFEST_NAME), reinstall_fix())
    if sha256_of(path) != expected:
        problem = tr("does not match its SHA-256 in {manifest}", manifest=MANIFEST_NAME)
        raise DataFileError(path, problem, reinstall_fix())
    return path
