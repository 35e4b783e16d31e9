"""Reading labels and predictions: class ids from ids, one-hot rows, probabilities or sigmoids.

Used by :func:`kteach.show_predictions` and :func:`kteach.confusion_matrix`
(lesson 01 onwards), with the checks that turn swapped arguments, logits and
mismatched lengths into clear errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from kteach.checks import numeric_array
from kteach.i18n import tr

PROBABILITY_TOLERANCE = 1e-3  # float32 softmax rows sum to 1 within about 1e-6


def class_ids(values: Any, name: str, truth: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """Class ids from ids, one-hot rows or probabilities, and the confidence if probabilities.

    With ``truth=True`` (true labels) only ids and one-hot rows are accepted: probabilities
    there mean the arguments were swapped.

    ``(N, C)`` rows of probabilities (or one-hot rows) give their argmax; a sigmoid's ``(N, 1)``
    (or 1-D values in [0, 1] that are not all 0/1) gives ``p >= 0.5``; whole numbers are ids.

    Raises:
        TypeError: ``values`` holds text, booleans or objects instead of numbers.
        ValueError: If ``values`` is none of these, holds NaN, no sample, or rows that are not
            probabilities, such as logits (the message names ``name``).
    """
    array = numeric_array(name, values)
    if array.ndim == 0 or len(array) == 0:
        raise ValueError(tr("{name} holds no samples; got shape {shape}", name=name, shape=array.shape))
    if array.ndim == 2 and array.shape[1] > 1:
        _check_probability_rows(array, name)
        if truth and not np.all((array == 0) | (array == 1)):
            raise ValueError(_not_labels(name, array))
        return array.argmax(axis=1), array.max(axis=1)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim == 1 and array.size and np.issubdtype(array.dtype, np.number):
        whole = bool(np.all(array == np.round(array)))
        if whole and array.min() >= 0:
            return array.astype(int), None
        if truth and not whole:
            raise ValueError(_not_labels(name, array))
        if not truth and array.min() >= 0 and array.max() <= 1:
            return (array >= 0.5).astype(int), np.maximum(array, 1 - array)
    raise ValueError(
        tr(
            "{name} must be class ids (N,), one-hot or probability rows (N, C), "
            "or sigmoid outputs (N, 1); got shape {shape} of {dtype}",
            name=name,
            shape=array.shape,
            dtype=array.dtype,
        )
    )


def _not_labels(name: str, array: np.ndarray) -> str:
    """The message for true labels given as probabilities (the labels and predictions swapped?)."""
    return tr(
        "{name} must be the true class ids (N,) or one-hot rows (N, C), not probabilities; got values such as {value}: "
        "were the labels and the predictions swapped?",
        name=name,
        value=float(array[(array != np.round(array))].ravel()[0]),
    )


def _check_probability_rows(array: np.ndarray, name: str) -> None:
    """Raise unless each row of ``array`` is a probability distribution (values in [0, 1] summing to 1).

    Logits (a last layer without softmax) would otherwise give confidences like "400%".
    """
    sums = array.sum(axis=1)
    if array.min() >= 0 and array.max() <= 1 and np.allclose(sums, 1, atol=PROBABILITY_TOLERANCE):
        return
    raise ValueError(
        tr(
            "{name} rows do not look like probabilities (values {low:.3g} to {high:.3g}, row sums {sum_low:.3g} "
            "to {sum_high:.3g}; each row should be in [0, 1] and sum to 1). If the model ends without softmax "
            "(logits), pass keras.ops.softmax({name}) or the class ids {name}.argmax(axis=1)",
            name=name,
            low=float(array.min()),
            high=float(array.max()),
            sum_low=float(sums.min()),
            sum_high=float(sums.max()),
        )
    )


def check_lengths(**lengths: int) -> None:
    """Raise ValueError naming the arguments if they do not hold the same number of samples."""
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{key}={value}" for key, value in lengths.items())
        raise ValueError(
            tr("{names} must have the same length; got {described}", names=", ".join(lengths), described=described)
        )


def namer(class_names: Sequence[str] | None, *ids: np.ndarray) -> Any:
    """A function from class id to display name, after checking ``class_names`` covers the ids."""
    if class_names is None:
        return str
    largest = max(int(array.max()) for array in ids if array.size)
    if isinstance(class_names, str) or not isinstance(class_names, (Sequence, np.ndarray, Mapping)):
        raise TypeError(
            tr(
                "class_names must be a list with a name for each class id 0..{largest}; got {class_names!r}",
                largest=largest,
                class_names=class_names,
            )
        )
    if len(class_names) <= largest:
        raise ValueError(
            tr(
                "class_names must be a list with a name for each class id 0..{largest}; got {class_names!r}",
                largest=largest,
                class_names=class_names,
            )
        )
    return lambda class_id: str(class_names[int(class_id)])
