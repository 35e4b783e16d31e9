"""Helpers shared by the tests/test_training_*.py files: fast settings, data, a run check, a callback hook."""

from __future__ import annotations

import keras
import numpy as np
import pytest

FAST = {"epochs": 3, "batch_size": 32, "hidden_units": 16}


def one_hot(data: tuple) -> tuple:
    (x, y), (xt, yt) = data
    return (x, keras.utils.to_categorical(y, 10)), (xt, keras.utils.to_categorical(yt, 10))


def assert_curves_and_test_accuracy(run, data: tuple, epochs: int) -> None:
    """A finished run kept Keras's four curves for every epoch, its best val_accuracy, and its model's test accuracy."""
    assert sorted(run.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert all(len(values) == epochs for values in run.history.values())
    assert run.best_val_accuracy == max(run.history["val_accuracy"])
    _, (x_test, y_test) = one_hot(data)
    assert run.test_accuracy == pytest.approx(run.model.evaluate(x_test, y_test, verbose=0)[1])


class AtEpochEnd(keras.callbacks.Callback):
    """Calls ``action(epoch)`` at the end of every epoch."""

    def __init__(self, action) -> None:
        super().__init__()
        self.action = action

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        self.action(epoch)


def learnable_data() -> tuple:
    """Test fixture, not a dataset: 10 classes that the first 10 features give away."""
    rng = np.random.default_rng(3)
    x = rng.random((600, 784), dtype=np.float32)
    y = rng.integers(0, 10, 600)
    x[np.arange(600), y] += 10.0
    return (x[:500], y[:500]), (x[500:], y[500:])
