"""How long does ``kteach.load_imdb`` take on the full raw aclImdb reviews?

Lesson 03 loads all 25,000 + 25,000 reviews. Loading must not be the slow part:
the first load (read the tar.gz, tokenize, rank words, write the cache) should
take at most 10 s and a cached load at most 1 s on a 2-core machine. Each load
runs in a fresh Python process, so imports and the page cache count as they do
for a learner; a new empty cache folder makes every "first" load a real one.

Run from the repository root, with the data beside the checkout::

    KTEACH_DATA_DIR=../shared/data .venv/bin/python benchmarks/imdb_load.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGETS_S = {"first load": 10.0, "cached load": 1.0}
LOAD = "import kteach; kteach.load_imdb(num_words=5000)"


def timed_load(cache: str) -> float:
    """Seconds for one ``load_imdb(num_words=5000)`` in a fresh process using ``cache``."""
    env = dict(os.environ, KTEACH_CACHE_DIR=cache, KTEACH_QUICK="0", KTEACH_OFFLINE="1")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", LOAD], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="first + cached load pairs to time")
    args = parser.parse_args(argv)
    if not os.environ.get("KTEACH_DATA_DIR"):
        parser.error("set KTEACH_DATA_DIR to a folder with aclImdb_v1*.tar.gz or aclImdb/ (e.g. ../shared/data)")
    times: dict[str, list[float]] = {"first load": [], "cached load": []}
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="kteach-cache-") as cache:
            times["first load"].append(timed_load(cache))
            times["cached load"].append(timed_load(cache))
    ok = True
    for name, values in times.items():
        median = statistics.median(values)
        ok &= median <= TARGETS_S[name]
        print(f"{name:12} median {median:5.2f} s  best {min(values):5.2f} s  target <= {TARGETS_S[name]:.0f} s  "
              f"ratio to target {median / TARGETS_S[name]:.2f}")
    print(f"cached / first: {statistics.median(times['cached load']) / statistics.median(times['first load']):.3f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
