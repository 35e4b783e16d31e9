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


@pytest.fixture
def keras_home(monkeypatch: pytest.MonkeyPatch, tmp_path) -> object:
    """An empty Keras folder and no KERAS_BACKEND: what a fresh machine has."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.delenv(settings.BACKEND_ENV, raising=False)
    return tmp_path


def test_keras_home_follows_keras_home_variable(keras_home) -> None:
    assert settings.keras_home() == keras_home


def test_without_a_choice_the_backend_is_tensorflow(keras_home) -> None:
    assert settings.configured_backend() == ("tensorflow", "default")


def test_keras_json_names_the_backend_and_the_variable_overrides_it(keras_home, monkeypatch: pytest.MonkeyPatch) -> None:
    config = keras_home / "keras.json"
    config.write_text('{"floatx": "float32", "backend": "jax"}', encoding="utf-8")
    assert settings.configured_backend() == ("jax", str(config))
    monkeypatch.setenv(settings.BACKEND_ENV, "torch")
    assert settings.configured_backend() == ("torch", "KERAS_BACKEND")


@pytest.mark.parametrize("text", ["{not json", '{"floatx": "float32"}', "[1, 2]"])
def test_a_keras_json_without_a_backend_leaves_the_default(keras_home, text: str) -> None:
    (keras_home / "keras.json").write_text(text, encoding="utf-8")
    assert settings.configured_backend() == ("tensorflow", "default")


def test_active_backend_is_the_imported_keras_s() -> None:
    assert settings.active_backend() == keras.backend.backend()
