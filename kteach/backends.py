"""Time lesson 01's network on each installed Keras backend (TensorFlow, JAX, PyTorch), side by side.

Introduced in lesson 07. Keras picks its backend once per process, at ``import keras``, so each
backend is measured in a fresh Python process with ``KERAS_BACKEND`` set; ``benchmarks/backends.py``
repeats the same measurement over interleaved rounds for the README's figures.

Run ``python -m kteach.backends --epochs N`` to measure the backend of this process once and
print one JSON line (what :func:`time_backend` reads).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from typing import Any

from kteach.checks import check_int
from kteach.i18n import tr

KNOWN = ("tensorflow", "jax", "torch")
BASELINE = "tensorflow"
# What a learner types to get each backend (kteach's extras; torch: the CPU build, see the README).
INSTALL = {"tensorflow": "pip install tensorflow", "jax": 'pip install "kteach[jax]"', "torch": "pip install torch==2.13.0"}


def installed_backends() -> list[str]:
    """The backends whose package this Python can import, TensorFlow (the baseline) first."""
    return [name for name in KNOWN if importlib.util.find_spec(name) is not None]


def time_backend(backend: str, epochs: int = 20, short_fits: int = 0, quick: bool | None = None) -> dict[str, Any]:
    """Measure ``backend`` in a fresh process: seconds of ``import keras``, of a fit, of ``short_fits`` fresh one-epoch fits.

    Args:
        backend: One of ``"tensorflow"``, ``"jax"``, ``"torch"``.
        epochs: Epochs of the fit of lesson 01's MLP (SGD 0.01, batch 128, ``validation_split=0.2``).
        short_fits: Fresh models fitted for one epoch each: the many small runs of lessons 02 and 07,
            where compiling each new model weighs most.
        quick: Quick mode's shipped MNIST sample (True), the full data found (False), or as now (None).

    Raises:
        ValueError: ``backend`` is unknown, or the measurement failed (its error output is included).
    """
    if backend not in KNOWN:
        raise ValueError(tr("backend must be one of {allowed}; got {backend!r}", allowed=", ".join(KNOWN), backend=backend))
    command = [sys.executable, "-m", "kteach.backends", "--epochs", str(check_int("epochs", epochs, 1))]
    command += ["--short-fits", str(check_int("short_fits", short_fits, 0))]
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    if quick is not None:
        env["KTEACH_QUICK"] = "1" if quick else "0"
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise ValueError(tr("the measurement on {backend} failed:\n{error}", backend=backend, error=done.stderr[-3000:]))
    found = json.loads(lines[-1])
    if found["backend"] != backend:
        raise ValueError(tr("asked for the {backend} backend, Keras ran on {found}", backend=backend, found=found["backend"]))
    return found


def compare_backends(epochs: int = 20) -> dict[str, dict[str, Any]]:
    """Print, for every backend Keras knows, the seconds of ``import keras`` and of lesson 01's fit, or how to install it.

    Returns ``{backend: measurement}`` for the installed backends (see :func:`time_backend`).
    """
    check_int("epochs", epochs, 1)
    installed = installed_backends()
    results = {backend: time_backend(backend, epochs) for backend in installed}
    images = next(iter(results.values()))["images"] if results else 0
    print(tr("lesson 01's network, {epochs} epochs on {images:,} MNIST images, each backend in a fresh process:", epochs=epochs, images=images))
    for backend in KNOWN:
        if backend in results:
            found = results[backend]
            print(tr("  {backend:10} import keras {imported:.1f} s | fit {fit:.1f} s", backend=backend, imported=found["import"], fit=found["fit"]))
        else:
            print(tr("  {backend:10} not installed ({install})", backend=backend, install=INSTALL[backend]))
    return results


def _measure(epochs: int, short_fits: int) -> dict[str, Any]:
    """Time ``import keras`` and lesson 01's fits in this process (run by :func:`time_backend` in a child)."""
    import contextlib
    import io

    start = time.perf_counter()
    import keras

    imported = time.perf_counter() - start
    from kteach.datasets import load_mnist

    with contextlib.redirect_stdout(io.StringIO()):  # the loader's source line
        (x_train, y_train), _ = load_mnist()
    x = x_train.reshape(len(x_train), -1).astype("float32") / 255
    y = keras.utils.to_categorical(y_train, 10)

    def fit(count: int) -> float:
        """Seconds to build, compile and fit a fresh lesson-01 MLP for ``count`` epochs."""
        keras.utils.set_random_seed(0)
        began = time.perf_counter()
        model = keras.Sequential(
            [keras.Input((784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")]
        )
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="categorical_crossentropy", metrics=["accuracy"])
        model.fit(x, y, batch_size=128, epochs=count, validation_split=0.2, verbose=0)
        return time.perf_counter() - began

    fitted = fit(epochs)
    short = sum(fit(1) for _ in range(short_fits))
    return {"backend": keras.backend.backend(), "images": len(x), "import": imported, "fit": fitted, "short fits": short}


def main(argv: list[str] | None = None) -> int:
    """``python -m kteach.backends``: one measurement on this process's backend, as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--short-fits", type=int, default=0)
    args = parser.parse_args(argv)
    print(json.dumps(_measure(args.epochs, args.short_fits)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
