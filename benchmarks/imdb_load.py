"""How long does ``kteach.load_imdb`` take on the full raw aclImdb reviews, next to reading the archive?

Lesson 03 loads all 25,000 + 25,000 reviews. The baseline is what any reader pays:
``tarfile`` streaming the archive and reading every member. Targets: the first
``load_imdb(num_words=5000)`` (read, tokenize, rank words, write the cache) at most
2x the baseline, a cached load at most 0.15x. The three are timed in one process,
interleaved over several rounds (the order rotates each round), so a busy machine
slows them alike; each round's ratios use that round's baseline. A "first" load
gets a new empty cache folder; "cached" loads share one filled before timing.

Run from the repository root, with the data beside the checkout::

    KTEACH_DATA_DIR=../shared/data .venv/bin/python benchmarks/imdb_load.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import statistics
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGETS = {"first load": 2.0, "cached load": 0.15}  # times the archive read
BASELINE = "archive read"


def read_archive(archive: Path) -> None:
    """The baseline: stream the tar.gz once with ``tarfile`` and read every member."""
    with tarfile.open(archive, mode="r|gz") as tar:
        for member in tar:
            if member.isfile():
                tar.extractfile(member).read()


def load(cache: str) -> object:
    """``load_imdb(num_words=5000)`` with ``cache`` as the cache folder (its source line is not printed)."""
    import kteach

    os.environ["KTEACH_CACHE_DIR"] = cache
    with contextlib.redirect_stdout(io.StringIO()):
        return kteach.load_imdb(num_words=5000)


def timed(run: Callable[[], object]) -> float:
    """Seconds one call of ``run`` takes; freeing what it returns is not timed, as a learner keeps it."""
    gc.collect()
    start = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def measure(archive: Path, rounds: int) -> dict[str, list[float]]:
    """Time the baseline, a first load and a cached load, interleaved, ``rounds`` times."""
    times: dict[str, list[float]] = {BASELINE: [], "first load": [], "cached load": []}
    with tempfile.TemporaryDirectory(prefix="kteach-bench-") as scratch:
        warm = str(Path(scratch) / "warm")
        load(warm)  # fills the shared cache; also warms imports and the page cache
        for round_ in range(rounds):
            runs = {
                BASELINE: lambda: read_archive(archive),
                "first load": lambda: load(str(Path(scratch) / f"empty-{round_}")),
                "cached load": lambda: load(warm),
            }
            names = list(runs)
            for name in names[round_ % 3 :] + names[: round_ % 3]:
                times[name].append(timed(runs[name]))
    return times


def report(times: dict[str, list[float]]) -> tuple[str, bool]:
    """Median and spread of each column, and of each load's per-round ratio to the baseline."""
    base = times[BASELINE]
    lines = [f"{BASELINE + ' (baseline)':24s} median {statistics.median(base):5.2f} s  "
             f"range {min(base):.2f}-{max(base):.2f} s"]
    ok = True
    for name, target in TARGETS.items():
        ratios = [t / b for t, b in zip(times[name], base)]
        median = statistics.median(ratios)
        ok &= median <= target
        lines.append(
            f"{name:24s} median {statistics.median(times[name]):5.2f} s  range {min(times[name]):.2f}-"
            f"{max(times[name]):.2f} s  ratio {median:.3f}x (range {min(ratios):.3f}-{max(ratios):.3f}x)  "
            f"target <= {target}x"
        )
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the three timings (default 5)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    data = os.environ.get("KTEACH_DATA_DIR")
    archives = sorted(Path(data).glob("aclImdb_v1*.tar.gz")) if data else []
    if not archives:
        parser.error("set KTEACH_DATA_DIR to a folder with aclImdb_v1*.tar.gz (e.g. ../shared/data)")
    os.environ.update(KTEACH_QUICK="0", KTEACH_OFFLINE="1")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    times = measure(archives[0], args.rounds)
    text, ok = report(times)
    print(f"{archives[0]}, {args.rounds} rounds\n{text}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
