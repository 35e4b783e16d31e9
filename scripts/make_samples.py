"""Cut the small real samples shipped in ``kteach/datasets/samples/`` from the full data.

Run from the repository root; the output is byte-for-byte reproducible (fixed seed, fixed
timestamps), so ``--check`` can prove that the shipped files are exactly what this script cuts:

    python -m scripts.make_samples            # write the samples, SHA256SUMS and PROVENANCE.md
    python -m scripts.make_samples --check    # rebuild in a temporary folder and compare checksums

Sources: the project's shared data (``../shared/data``: MNIST IDX files and the aclImdb
archive) and Debian's ``dataset-fashion-mnist`` (``/usr/share/datasets/fashion-mnist``).
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

from kteach.datasets.aclimdb import (
    LABELS,
    SPLITS,
    Review,
    read_reviews,
    tokenize_reviews,
    write_vocabulary,
)
from kteach.datasets.idx import IDX_STEMS, find_idx_set, read_idx_set, write_idx
from kteach.datasets.shipped import MANIFEST_NAME, SAMPLES_DIR, read_manifest
from kteach.files import atomic_open, sha256_of, write_atomic

ROOT = Path(__file__).resolve().parent.parent

SEED = 0
IMAGES_PER_CLASS = {"train": 200, "test": 100}  # 2,000 train + 1,000 test images
REVIEWS_PER_LABEL = 500  # per split: 1,000 train + 1,000 test reviews
IMDB_ARCHIVE = "imdb-aclImdb-sample.tar.gz"
IMDB_VOCABULARY = "imdb-vocab.txt.gz"


def pick_per_class(labels: np.ndarray, per_class: int) -> np.ndarray:
    """Pick ``per_class`` indices of each label at random (seed ``SEED``), returned in file order."""
    rng = np.random.RandomState(SEED)
    chosen = [rng.choice(np.flatnonzero(labels == label), per_class, replace=False) for label in range(10)]
    return np.sort(np.concatenate(chosen))


def cut_images(source_dir: Path, prefix: str, out: Path) -> list[str]:
    """Write a class-balanced IDX sample of an MNIST-like set; return provenance lines."""
    files = find_idx_set(source_dir)
    if files is None:
        raise SystemExit(f"no IDX files in {source_dir}")
    splits = dict(zip(("train", "test"), read_idx_set(files)))
    lines = [f"- source: `{_shown(source_dir)}`"]
    lines += [f"  - `{path.name}`: sha256 `{sha256_of(path)}`" for path in files.paths]
    stems = iter(IDX_STEMS)
    for split, (images, labels) in splits.items():
        chosen = pick_per_class(labels, IMAGES_PER_CLASS[split])
        write_idx(out / f"{prefix}-{next(stems)}.gz", images[chosen])
        write_idx(out / f"{prefix}-{next(stems)}.gz", labels[chosen])
        lines.append(
            f"- {split}: {len(chosen):,} of the source's {len(labels):,} images, {IMAGES_PER_CLASS[split]} per class, "
            f"indices (0-based, in file order) {_first_indices(chosen)}"
        )
    return lines


def _shown(path: Path) -> str:
    """A source path as the repository sees it (``../shared/data/...``) when it lies beside the checkout."""
    try:
        return "../" + path.resolve().relative_to(ROOT.parent).as_posix()
    except ValueError:
        return str(path)


def _first_indices(indices: np.ndarray) -> str:
    """Compact text for a sorted index list: the first few and the count (the full list is reproducible)."""
    head = ", ".join(str(i) for i in indices[:8])
    return f"{head}, ... ({len(indices):,} in all)"


def cut_reviews(archive: Path, out: Path) -> list[str]:
    """Write a balanced aclImdb sample and the full training vocabulary; return provenance lines."""
    reviews = read_reviews(archive)
    words = tokenize_reviews(reviews).words
    readme = _archive_member(archive, "aclImdb/README")
    chosen = []
    for split in SPLITS:
        for label in range(len(LABELS)):
            group = sorted((r for r in reviews if r.split == split and r.label == label), key=lambda r: r.id)
            picks = np.sort(np.random.RandomState(SEED).choice(len(group), REVIEWS_PER_LABEL, replace=False))
            chosen += [group[i] for i in picks]
    _write_tar(out / IMDB_ARCHIVE, chosen, readme)
    write_vocabulary(out / IMDB_VOCABULARY, words)
    return [
        f"- source: `{_shown(archive)}`, sha256 `{sha256_of(archive)}`",
        f"- `{IMDB_ARCHIVE}`: {REVIEWS_PER_LABEL} reviews from each of train/neg, train/pos, test/neg and test/pos "
        "(picked at random, seed 0, among that folder's reviews sorted by id), unchanged, with their original "
        "names `<id>_<rating>.txt`, plus the dataset's README (citation)",
        f"- `{IMDB_VOCABULARY}`: the {len(words):,} words of the full 25,000 training reviews, most frequent first "
        "(ties alphabetical), tokenized by `kteach.datasets.tokens`: so the sample is encoded exactly like "
        "the full data",
    ]


def _archive_member(archive: Path, name: str) -> bytes:
    with tarfile.open(archive, "r:gz") as tar:
        return tar.extractfile(name).read()


def _write_tar(path: Path, reviews: list[Review], readme: bytes) -> None:
    """Write a reproducible aclImdb-layout .tar.gz (fixed order, owner and timestamps)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in [("aclImdb/README", readme), *((f"aclImdb/{r.name}", r.text) for r in reviews)]:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    with atomic_open(path) as handle, gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) as packed:
        packed.write(buffer.getvalue())


def write_manifest(out: Path) -> None:
    """Write SHA256SUMS for every sample file (not the manifest or PROVENANCE.md)."""
    names = sorted(p.name for p in out.iterdir() if p.is_file() and p.name not in {MANIFEST_NAME, "PROVENANCE.md"})
    write_atomic(out / MANIFEST_NAME, "".join(f"{sha256_of(out / name)}  {name}\n" for name in names))


def write_provenance(out: Path, sections: dict[str, list[str]]) -> None:
    """Write PROVENANCE.md: what each file is, where it was cut from, how, and under which licence."""
    text = [
        "# Provenance of the shipped samples",
        "",
        "Real data only, cut by `scripts/make_samples.py` (seed 0, reproducible byte for byte: "
        "`python -m scripts.make_samples --check` rebuilds them and compares with `SHA256SUMS`, which "
        "kteach also checks every time it reads a sample).",
        "",
    ]
    for title, lines in sections.items():
        text += [f"## {title}", "", *lines, ""]
    text += [
        "## Licences",
        "",
        "- MNIST: Yann LeCun and Corinna Cortes; Creative Commons Attribution-Share Alike 3.0 "
        "(as stated by `keras.datasets.mnist`).",
        "- Fashion-MNIST: Zalando SE, MIT licence (Debian's `dataset-fashion-mnist`, "
        "/usr/share/doc/dataset-fashion-mnist/copyright).",
        "- IMDB: Large Movie Review Dataset v1.0, Maas et al. (ACL 2011), "
        "https://ai.stanford.edu/~amaas/data/sentiment/ ; "
        "the archive carries no licence file, its README (included) asks to cite the paper.",
        "",
    ]
    write_atomic(out / "PROVENANCE.md", "\n".join(text))


def build(shared: Path, fashion: Path, out: Path) -> None:
    """Cut every sample into ``out`` and write the manifest and provenance."""
    out.mkdir(parents=True, exist_ok=True)
    sections = {
        "MNIST (`mnist-*.gz`)": cut_images(shared / "mnist-sample", "mnist", out),
        "Fashion-MNIST (`fashion-mnist-*.gz`)": cut_images(fashion, "fashion-mnist", out),
        "IMDB (`imdb-*`)": cut_reviews(shared / "aclImdb_v1_reviews.tar.gz", out),
    }
    write_manifest(out)
    write_provenance(out, sections)


def main() -> int:
    """Build the samples (or, with --check, compare a rebuild with the shipped manifest)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared-data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--fashion-dir", type=Path, default=Path("/usr/share/datasets/fashion-mnist"))
    parser.add_argument(
        "--check", action="store_true", help="rebuild in a temporary folder and compare with SHA256SUMS"
    )
    args = parser.parse_args()
    if not args.check:
        build(args.shared_data, args.fashion_dir, SAMPLES_DIR)
        print(f"wrote {SAMPLES_DIR}")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        build(args.shared_data, args.fashion_dir, Path(scratch))
        rebuilt, shipped = read_manifest(Path(scratch)), read_manifest(SAMPLES_DIR)
    if rebuilt != shipped:
        print(f"the shipped samples differ from a rebuild: {sorted(set(rebuilt.items()) ^ set(shipped.items()))}")
        return 1
    print(f"the {len(shipped)} shipped sample files match a rebuild")
    return 0


if __name__ == "__main__":
    sys.exit(main())
