"""The data a :class:`kteach.Trainer` trains on: checked, with integer labels one-hot encoded."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from kteach.checks import numeric_array
from kteach.i18n import tr


Data = tuple[tuple[Any, Any], tuple[Any, Any]]


def prepare_data(data: Data) -> tuple[Data, int]:
    """Check ``((x_train, y_train), (x_test, y_test))`` and one-hot encode integer labels.

    Returns:
        The data with one-hot labels, and the number of classes.

    Raises:
        TypeError: If ``data`` is not two ``(x, y)`` pairs.
        ValueError: If lengths or label shapes do not fit.
    """
    try:
        (x_train, y_train), (x_test, y_test) = data
    except (TypeError, ValueError):
        raise TypeError(
            tr(
                "data must be ((x_train, y_train), (x_test, y_test)), as load_mnist() returns; got {kind}",
                kind=type(data).__name__,
            )
        ) from None
    arrays = {
        name: numeric_array(name, value)
        for name, value in (("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test))
    }
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim < 2 or len(x) != len(y) or len(x) == 0:
            raise ValueError(
                tr(
                    "data: x_{split} must hold one row per sample and match y_{split}; "
                    "got shapes {x_shape} and {y_shape}",
                    split=split,
                    x_shape=x.shape,
                    y_shape=y.shape,
                )
            )
    if arrays["x_test"].shape[1:] != arrays["x_train"].shape[1:]:
        raise ValueError(
            tr(
                "data: x_test samples must have the shape of x_train's, {train_shape}; got {test_shape}",
                train_shape=arrays["x_train"].shape[1:],
                test_shape=arrays["x_test"].shape[1:],
            )
        )
    one_hot = arrays["y_train"].ndim == 2 and arrays["y_train"].shape[1] > 1
    if one_hot:
        n_classes = arrays["y_train"].shape[1]
        if arrays["y_test"].shape[1:] != (n_classes,):
            raise ValueError(
                tr(
                    "data: y_test must be one-hot with {n_classes} columns like y_train; got {shape}",
                    n_classes=n_classes,
                    shape=arrays["y_test"].shape,
                )
            )
        return ((arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])), n_classes
    labels = [arrays[name].reshape(len(arrays[name]), -1) for name in ("y_train", "y_test")]
    if any(label.shape[1] != 1 or not np.issubdtype(label.dtype, np.integer) or label.min() < 0 for label in labels):
        raise ValueError(
            tr("data: labels must be class ids 0, 1, 2... (ints, shape (n,)) or one-hot rows (shape (n, classes))")
        )
    n_classes = int(max(label.max() for label in labels)) + 1
    if n_classes < 2:
        raise ValueError(tr("data: labels must hold at least 2 classes to classify; every label is 0"))
    encoded = [keras.utils.to_categorical(label.ravel(), n_classes) for label in labels]
    return ((arrays["x_train"], encoded[0]), (arrays["x_test"], encoded[1])), n_classes
