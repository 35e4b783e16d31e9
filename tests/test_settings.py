"""kteach.settings: quick mode, seeding, and float64 in quick mode so stored lessons match on every CPU."""

from __future__ import annotations

import re

import keras
import numpy as np
import pytest

from kteach import settings


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), (" On ", True), ("0", False), ("", False), ("no", False)])
def test_quick_mode_reads_the_environment(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv(settings.QUICK_ENV, value)
    assert settings.quick_mode() is expected


def test_quick_mode_computes_in_float64(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.QUICK_ENV, "1")
    keras.config.set_floatx("float32")
    keras.config.set_dtype_policy("float32")  # a policy made before seeding, as in a kernel that built a model
    settings.seed_everything(3)
    assert keras.config.floatx() == "float64"
    dense = keras.layers.Dense(2)
    assert keras.ops.convert_to_numpy(dense(np.ones((1, 3), dtype="float32"))).dtype == np.float64


def test_full_mode_keeps_the_float_type_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.QUICK_ENV, "0")
    keras.config.set_floatx("float16")
    keras.config.set_dtype_policy("mixed_float16")
    settings.seed_everything(3)
    assert keras.config.floatx() == "float16" and keras.config.dtype_policy().name == "mixed_float16"


def test_same_seed_gives_the_same_numpy_and_keras_draws() -> None:
    draws = []
    for _ in range(2):
        settings.seed_everything(11)
        draws.append((np.random.rand(3), keras.ops.convert_to_numpy(keras.random.uniform((2,)))))
    assert np.array_equal(draws[0][0], draws[1][0])
    assert np.array_equal(draws[0][1], draws[1][1])
    settings.seed_everything(12)
    assert not np.array_equal(np.random.rand(3), draws[0][0])


@pytest.mark.parametrize(
    "seed, error, message",
    [
        (True, TypeError, "seed must be an int >= 0; got bool True"),
        (1.5, TypeError, "seed must be an int >= 0; got float 1.5"),
        ("7", TypeError, "seed must be an int >= 0; got str '7'"),
        (None, TypeError, "seed must be an int >= 0; got NoneType None"),
        (-1, ValueError, "seed must be an int >= 0; got -1"),
        (2**32, ValueError, "seed must be an int from 0 to 4294967295; got 4294967296"),
    ],
)
def test_bad_seed_is_refused_with_the_allowed_range(seed: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        settings.seed_everything(seed)


def test_numpy_integer_seed_is_accepted() -> None:
    settings.seed_everything(np.int64(5))
    first = np.random.rand()
    settings.seed_everything(5)
    assert np.random.rand() == first


def test_versions_names_the_installed_keras_backend_and_numpy() -> None:
    import importlib.metadata

    line = settings.versions()
    backend = keras.backend.backend()
    assert line == (
        f"Keras {keras.__version__} on {backend} {importlib.metadata.version(backend)}, "
        f"NumPy {importlib.metadata.version('numpy')}"
    )


def test_versions_says_so_when_the_backend_package_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    real = importlib.metadata.version

    def version(name: str) -> str:
        if name == keras.backend.backend():
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    assert f"on {keras.backend.backend()} (version unknown), NumPy " in settings.versions()
