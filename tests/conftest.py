"""Fixtures shared by the unit tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import numpy as np
import pytest


@pytest.fixture(scope="session")
def tiny_data() -> tuple:
    """Test fixture, not a dataset: 256 + 64 random MNIST-shaped (flat 784) samples with random labels."""
    rng = np.random.default_rng(1)
    x = rng.random((320, 784), dtype=np.float32)
    y = rng.integers(0, 10, 320)
    return (x[:256], y[:256]), (x[256:], y[256:])


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    """Close every pyplot figure a test leaves open, so figures never pile up across tests."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")  # only if the test used pyplot at all
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture(autouse=True)
def keep_float_type() -> Iterator[None]:
    """Put Keras's float type and dtype policy back after each test: quick mode's seed_everything sets float64."""
    keras = sys.modules.get("keras")
    before = (keras.config.floatx(), keras.config.dtype_policy().name) if keras is not None else ("float32", "float32")
    yield
    keras = sys.modules.get("keras")
    if keras is not None:
        keras.config.set_floatx(before[0])
        keras.config.set_dtype_policy(before[1])


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """kteach speaks Chinese for one test; English, and matplotlib's fonts as they were, afterwards.

    Tests with this fixture check the text of labels, not how it looks, so on a machine without
    a CJK font a stand-in family keeps plot labels Chinese (tests/test_fonts.py checks drawing).
    """
    import matplotlib

    from kteach import fonts, i18n

    with matplotlib.rc_context():
        i18n.set_language("zh")
        if fonts.cjk_font() is None:
            monkeypatch.setattr(fonts, "cjk_font", lambda: "a CJK family")
        yield
        i18n.set_language("en")
