"""Run-wide settings the lessons share: quick mode and seeding.

Quick mode (``KTEACH_QUICK=1``) shrinks epochs and data so CI can re-run every
lesson; leaving it unset runs the lessons at the tutorials' full settings.
"""

from __future__ import annotations

import os

QUICK_ENV = "KTEACH_QUICK"
_TRUE = {"1", "true", "yes", "on"}


def quick_mode() -> bool:
    """Return True when ``KTEACH_QUICK`` asks for the small, fast CI version of a lesson."""
    return os.environ.get(QUICK_ENV, "").strip().lower() in _TRUE


def seed_everything(seed: int = 0) -> None:
    """Seed Python, NumPy and TensorFlow so stored notebook outputs reproduce (lesson 01)."""
    import keras

    from kteach.checks import check_int

    keras.utils.set_random_seed(check_int("seed", seed, minimum=0))
