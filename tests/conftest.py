"""Fixtures shared by the unit tests."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="session")
def tiny_data() -> tuple:
    """Test fixture, not a dataset: 256 + 64 random MNIST-shaped (flat 784) samples with random labels."""
    rng = np.random.default_rng(1)
    x = rng.random((320, 784), dtype=np.float32)
    y = rng.integers(0, 10, 320)
    return (x[:256], y[:256]), (x[256:], y[256:])
