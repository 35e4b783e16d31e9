"""Run-wide settings the lessons share: quick mode, seeding and the precision that makes results portable.

Quick mode (``KTEACH_QUICK=1``) shrinks epochs and data so CI can re-run every
lesson; leaving it unset runs the lessons at the tutorials' full settings.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import sys
from pathlib import Path

from kteach.checks import check_int
from kteach.i18n import tr

QUICK_ENV = "KTEACH_QUICK"
BACKEND_ENV = "KERAS_BACKEND"
DEFAULT_BACKEND = "tensorflow"  # Keras's default, and the backend the stored lessons were made with
_TRUE = {"1", "true", "yes", "on"}
# Float type of quick-mode runs: see seed_everything for why it is not float32.
QUICK_FLOATX = "float64"
_MAX_SEED = 2**32 - 1  # NumPy's seeds are 32-bit


def env_flag(name: str) -> bool:
    """Return True when the environment variable ``name`` says yes (1, true, yes or on, any case)."""
    return os.environ.get(name, "").strip().lower() in _TRUE


def quick_mode() -> bool:
    """Return True when ``KTEACH_QUICK`` asks for the small, fast CI version of a lesson."""
    return env_flag(QUICK_ENV)


def keras_home() -> Path:
    """Keras's own folder (``keras.json``, the dataset cache): ``$KERAS_HOME``, else ``~/.keras``, as Keras picks it.

    Keras falls back to ``/tmp/.keras`` when the home folder is not writable; so does this.
    """
    home = os.environ.get("KERAS_HOME")
    if home:
        return Path(home).expanduser()
    base = Path.home() if os.access(Path.home(), os.W_OK) else Path("/tmp")
    return base / ".keras"


def configured_backend() -> tuple[str, str]:
    """The backend ``import keras`` would pick now, and what picked it, without importing Keras.

    Returns ``(name, origin)``: origin is ``"KERAS_BACKEND"``, the path of the ``keras.json``
    that names it, or ``"default"``, in Keras's order (the variable wins over the file).
    """
    chosen = os.environ.get(BACKEND_ENV, "")
    if chosen:
        return chosen, BACKEND_ENV
    path = keras_home() / "keras.json"
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no file, or one Keras ignores too
        config = {}
    backend = config.get("backend") if isinstance(config, dict) else None
    return (backend, str(path)) if backend else (DEFAULT_BACKEND, "default")


def active_backend() -> str | None:
    """The backend of the Keras already imported in this process (fixed until restart), or None before ``import keras``."""
    keras = sys.modules.get("keras")
    return keras.backend.backend() if keras is not None else None


def versions() -> str:
    """One line naming the versions a lesson's numbers depend on: Keras, its backend and NumPy (lesson 01).

    The stored lessons print it, so a reader sees which versions made a notebook's outputs;
    ``constraints.txt`` pins the same ones, and nbval fails on a line made with others.
    """
    import keras

    backend = keras.backend.backend()  # also the name of its package: tensorflow, jax, torch, numpy
    try:
        backend_version = importlib.metadata.version(backend)
    except importlib.metadata.PackageNotFoundError:
        backend_version = "(version unknown)"
    return f"Keras {keras.__version__} on {backend} {backend_version}, NumPy {importlib.metadata.version('numpy')}"


def seed_everything(seed: int = 0) -> None:
    """Seed Python, NumPy and the Keras backend; in quick mode also compute in float64 (lesson 01).

    Seeds make a re-run on the same machine print the same numbers. Across machines, matrix
    and convolution kernels differ (instruction set, cache sizes, thread count) in the last
    bits of a float32 result, and training amplifies those bits into the printed digits. In
    float64 the same differences stay about a billion times smaller, far below the 4 printed
    decimals, so quick mode (the stored lessons nbval checks) prints the same on every CPU.
    Full mode keeps Keras's float type (float32 unless you chose another): faster, and
    reproducible on one machine. JAX computes in float32 whatever Keras asks unless its
    ``jax_enable_x64`` switch is on, so quick mode turns that on under the JAX backend.

    Raises:
        TypeError: ``seed`` is not a whole number.
        ValueError: ``seed`` is outside 0 .. 2**32 - 1.
    """
    seed = check_int("seed", seed, minimum=0)
    if seed > _MAX_SEED:
        raise ValueError(tr("seed must be an int from 0 to {most}; got {value}", most=_MAX_SEED, value=seed))
    import keras

    keras.utils.set_random_seed(seed)
    if quick_mode():
        _allow_float64(keras.backend.backend())
        keras.config.set_floatx(QUICK_FLOATX)
        keras.config.set_dtype_policy(QUICK_FLOATX)  # layers take their type from the policy, which may already exist


def _allow_float64(backend: str) -> None:
    """Let ``backend`` compute in float64: JAX needs its x64 switch (else it silently truncates to float32); the others need nothing."""
    if backend == "jax":
        import jax

        jax.config.update("jax_enable_x64", True)
