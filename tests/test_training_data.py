"""kteach.training.data: the data check and label encoding every Trainer starts with."""

from __future__ import annotations

import numpy as np
import pytest
from training_helpers import one_hot

from kteach.training import Trainer, prepare_data


def test_int_and_one_hot_labels_are_the_same(tiny_data: tuple) -> None:
    (train, test), classes = prepare_data(tiny_data)
    (train_1h, test_1h), classes_1h = prepare_data(one_hot(tiny_data))
    assert classes == classes_1h == 10
    np.testing.assert_array_equal(train[1], train_1h[1])
    np.testing.assert_array_equal(test[1], test_1h[1])


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ("mnist", TypeError, r"data must be \(\(x_train, y_train\), \(x_test, y_test\)\)"),
        (((np.zeros((4, 3)), np.zeros(4, int)),), TypeError, r"data must be"),
        (
            ((np.zeros((4, 3)), np.zeros(5, int)), (np.zeros((2, 3)), np.zeros(2, int))),
            ValueError,
            "must hold one row per sample",
        ),
        (((np.zeros(4), np.zeros(4, int)), (np.zeros((2, 3)), np.zeros(2, int))), ValueError, "x_train must hold"),
        (
            ((np.zeros((4, 3)), np.zeros(4)), (np.zeros((2, 3)), np.zeros(2))),
            ValueError,
            r"labels must be class ids 0, 1, 2\.\.\. \(ints",
        ),
        (
            ((np.zeros((4, 3)), np.array([0, 1, -1, 2])), (np.zeros((2, 3)), np.zeros(2, int))),
            ValueError,
            "labels must be class ids 0, 1, 2",
        ),
        (
            ((np.zeros((4, 3)), np.eye(4)), (np.zeros((2, 3)), np.eye(2))),
            ValueError,
            "y_test must be one-hot with 4 columns",
        ),
    ],
)
def test_invalid_data(data: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        Trainer(data)

