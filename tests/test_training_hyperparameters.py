"""kteach.training.hyperparameters: lesson 01's typed Hyperparameters, their validation and normalisation."""

from __future__ import annotations

import numpy as np
import pytest

from kteach.training import Hyperparameters


def test_defaults_are_lesson_01() -> None:
    assert Hyperparameters().as_dict() == {
        "epochs": 20,
        "batch_size": 128,
        "hidden_units": 128,
        "dropout": 0.0,
        "l2": 0.0,
        "optimizer": "sgd",
        "learning_rate": 0.01,
    }


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"dropout": -0.1}, ValueError, r"dropout must be >= 0 and < 1"),
        ({"dropout": 1.0}, ValueError, r"dropout must be >= 0 and < 1"),
        ({"optimizer": "adagrad"}, ValueError, r"optimizer must be one of \['adam', 'rmsprop', 'sgd'\]"),
        ({"optimizer": 3}, TypeError, r"optimizer must be one of"),
        ({"batch_size": 0}, ValueError, r"batch_size must be an int >= 1; got 0"),
        ({"batch_size": -32}, ValueError, r"batch_size must be an int >= 1"),
        ({"epochs": 0}, ValueError, r"epochs must be an int >= 1; got 0"),
        ({"hidden_units": 0}, ValueError, r"hidden_units must be an int >= 1"),
        ({"l2": -1e-4}, ValueError, r"l2 must be >= 0"),
        ({"learning_rate": 0.0}, ValueError, r"learning_rate must be > 0"),
        ({"learning_rate": -0.01}, ValueError, r"learning_rate must be > 0"),
        ({"learning_rate": float("nan")}, ValueError, r"learning_rate must be a finite number"),
        ({"l2": float("inf")}, ValueError, r"l2 must be a finite number"),
        ({"epochs": 2.5}, TypeError, r"epochs must be an int >= 1; got float"),
        ({"batch_size": "128"}, TypeError, r"batch_size must be an int >= 1; got str"),
        ({"hidden_units": True}, TypeError, r"hidden_units must be an int >= 1; got bool"),
        ({"dropout": "0.3"}, TypeError, r"dropout must be a number; got str"),
        ({"learning_rate": None}, TypeError, r"learning_rate must be a number; got NoneType"),
    ],
)
def test_invalid_hyperparameters(changes: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        Hyperparameters(**changes)
    with pytest.raises(error, match=message):
        Hyperparameters().replace(**changes)


def test_replace_normalises_and_rejects_unknown_names() -> None:
    params = Hyperparameters().replace(optimizer="Adam", learning_rate=1, epochs=np.int64(5))
    assert (params.optimizer, params.learning_rate, params.epochs) == ("adam", 1.0, 5)
    assert type(params.learning_rate) is float and type(params.epochs) is int
    with pytest.raises(TypeError, match=r"unknown hyperparameter\(s\) \['lr'\].*'learning_rate'"):
        params.replace(lr=0.1)

