"""How fast are the lessons on each installed Keras backend (TensorFlow, JAX, PyTorch), on this machine?

The backend is chosen once per process, at ``import keras``, so every measurement runs in a
fresh process with ``KERAS_BACKEND`` set. Each one times three things a learner waits for:

* ``import keras`` (the start of every lesson);
* lesson 01's fit: its MLP (Dense 128 relu x2 + softmax, SGD 0.01, batch 128,
  ``validation_split=0.2``) for 20 epochs on the MNIST that ``kteach.load_mnist`` finds;
* short fits: three fresh copies of that model, one epoch each, the pattern of lessons 02 and 07
  (many small runs), where compiling each new model weighs most.

Backends are interleaved over several rounds (each round runs every backend once, in a rotating
order), so a busy machine slows them alike; each round's ratios compare it to that round's
TensorFlow. The report gives each backend's median seconds and range, and the median and range
of its per-round ratio to TensorFlow (below 1: faster). Float32, as in full mode.

Run from the repository root (full mode data: ``KTEACH_DATA_DIR``, else the shipped sample)::

    KTEACH_DATA_DIR=../shared/data .venv/bin/python benchmarks/backends.py [--rounds 3] [--backends tensorflow,jax]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

from kteach.backends import BASELINE, KNOWN, installed_backends, time_backend

MEASURES = {"import keras": "import", "lesson 01 fit": "fit", "short fits": "short fits"}  # label: key
EPOCHS = 20
SHORT_FITS = 3


def measure_once(backend: str) -> dict[str, float]:
    """Lesson 01's fit and the short fits on ``backend``, in a fresh process, on the full data found."""
    return time_backend(backend, EPOCHS, SHORT_FITS, quick=False)


def measure(backends: list[str], rounds: int) -> tuple[dict[str, list[dict[str, float]]], int]:
    """Every backend once per round, the order rotating each round; also the training set's size."""
    results: dict[str, list[dict[str, float]]] = {name: [] for name in backends}
    images = 0
    for round_ in range(rounds):
        shift = round_ % len(backends)
        for backend in backends[shift:] + backends[:shift]:
            result = measure_once(backend)
            images = result["images"]
            results[backend].append(result)
    return results, images


def _spread(values: list[float], unit: str) -> str:
    """``median (range low-high)`` of ``values``."""
    return f"{statistics.median(values):6.2f}{unit} ({min(values):.2f}-{max(values):.2f})"


def report(results: dict[str, list[dict[str, float]]]) -> str:
    """One block per measure: each backend's seconds and its per-round ratio to TensorFlow."""
    lines = []
    for label, key in MEASURES.items():
        lines.append(f"{label}:")
        base = [result[key] for result in results[BASELINE]]
        for backend, runs in results.items():
            seconds = [result[key] for result in runs]
            line = f"  {backend:11s} {_spread(seconds, ' s')}"
            if backend != BASELINE:
                ratios = [value / reference for value, reference in zip(seconds, base)]
                line += f"   x TensorFlow: {_spread(ratios, 'x')}"
            lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each running every backend once (default 3)")
    parser.add_argument("--backends", help=f"comma-separated, from {', '.join(KNOWN)} (default: every installed one)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    backends = args.backends.split(",") if args.backends else installed_backends()
    unknown = [name for name in backends if name not in KNOWN]
    if unknown or BASELINE not in backends or len(backends) < 2:
        parser.error(f"--backends must list tensorflow and at least one of jax, torch; got {backends}")
    os.environ["KTEACH_OFFLINE"] = "1"  # the data found locally; no download inside a timing
    print(f"backends: {', '.join(backends)}; {args.rounds} rounds")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    results, images = measure(backends, args.rounds)
    print(f"lesson 01's MLP on {images:,} MNIST images: {EPOCHS} epochs; short fits: {SHORT_FITS} new models x 1 epoch")
    print(report(results))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
