"""kteach.backends: lesson 07's side-by-side timing of the installed Keras backends."""

from __future__ import annotations

import pytest

import kteach
from kteach import backends


def test_time_backend_measures_tensorflow_in_a_fresh_process():
    found = backends.time_backend("tensorflow", epochs=1, short_fits=1, quick=True)
    assert found["backend"] == "tensorflow" and found["images"] == 2000
    assert all(found[key] > 0 for key in ("import", "fit", "short fits"))


def test_compare_backends_prints_each_known_backend_or_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setattr(backends, "installed_backends", lambda: ["tensorflow", "jax"])
    timings = {"tensorflow": (9.81, 4.25), "jax": (4.5, 3.0)}
    monkeypatch.setattr(
        backends, "time_backend",
        lambda backend, epochs: {"backend": backend, "images": 2000, "import": timings[backend][0], "fit": timings[backend][1]},
    )
    results = kteach.compare_backends(epochs=3)
    assert list(results) == ["tensorflow", "jax"]
    assert capsys.readouterr().out.splitlines() == [
        "lesson 01's network, 3 epochs on 2,000 MNIST images, each backend in a fresh process:",
        "  tensorflow import keras 9.8 s | fit 4.2 s",
        "  jax        import keras 4.5 s | fit 3.0 s",
        "  torch      not installed (pip install torch==2.13.0)",
    ]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: backends.time_backend("theano"), ValueError, "backend must be one of tensorflow, jax, torch; got 'theano'"),
        (lambda: backends.time_backend("jax", epochs=0), ValueError, "epochs must be an int >= 1"),
        (lambda: backends.time_backend("jax", short_fits=1.5), TypeError, "short_fits must be an int"),
        (lambda: kteach.compare_backends(epochs="20"), TypeError, "epochs must be an int"),
    ],
)
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()
