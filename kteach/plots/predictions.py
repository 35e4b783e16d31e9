"""Pictures of predictions: an image grid titled with predicted labels, and the confusion matrix.

Introduced in lesson 01 (``show_predictions``) and used from lesson 05 on
(``confusion_matrix``). These use pyplot, so a notebook shows the figure at
the end of the cell; they return the matplotlib objects so learners can
restyle them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from kteach.checks import check_int, numeric_array
from kteach.fonts import plot_text
from kteach.i18n import tr
from kteach.plots.labels import check_lengths, class_ids, namer

ERROR_COLOR = "red"
PREDICTION_COLUMNS = 6


def show_predictions(
    images: Any,
    labels: Any,
    predictions: Any,
    n: int = 12,
    class_names: Sequence[str] | None = None,
) -> Any:
    """Show the first ``n`` images with their predicted label; errors in red.

    Args:
        images: ``(N, H, W)``, ``(N, H, W, 1 or 3)``, or flat ``(N, H*W)`` square pictures.
        labels: True class ids ``(N,)`` or one-hot rows ``(N, C)``.
        predictions: ``model.predict`` output (probabilities ``(N, C)`` or a sigmoid's
            ``(N, 1)``) or class ids ``(N,)``.
        n: How many images to show.
        class_names: Names of the classes, indexed by class id.

    Returns:
        The figure; a wrong prediction has a red title ("pred (true: ...)") and red frame.
    """
    pictures = as_pictures(images)
    true, _ = class_ids(labels, "labels", truth=True)
    predicted, confidence = class_ids(predictions, "predictions")
    check_lengths(images=len(pictures), labels=len(true), predictions=len(predicted))
    count = min(check_int("n", n, minimum=1), len(pictures))
    name = namer(class_names, true[:count], predicted[:count])
    rows, columns = math.ceil(count / PREDICTION_COLUMNS), min(count, PREDICTION_COLUMNS)
    figure, grid = plt.subplots(rows, columns, squeeze=False, figsize=(1.7 * columns, 2.0 * rows))
    for index, ax in enumerate(grid.ravel()):
        if index >= count:
            figure.delaxes(ax)
            continue
        wrong = bool(true[index] != predicted[index])
        title = name(predicted[index]) + _percent(confidence, index)
        if wrong:
            title += "\n" + plot_text("(true: {name})", name=name(true[index]))
        _show_one(ax, pictures[index], title, wrong)
    figure.tight_layout()
    return figure


def _show_one(ax: Any, picture: np.ndarray, title: str, wrong: bool) -> None:
    """Draw one picture titled with its prediction; red title and frame when wrong."""
    ax.imshow(picture, cmap="gray" if picture.ndim == 2 else None)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize="small", color=ERROR_COLOR if wrong else "black")
    if wrong:
        for spine in ax.spines.values():
            spine.set_color(ERROR_COLOR)
            spine.set_linewidth(2)


def _percent(confidence: np.ndarray | None, index: int) -> str:
    """`` 97%`` for a prediction given as probabilities, empty for class ids."""
    return "" if confidence is None else f" {confidence[index]:.0%}"


def as_pictures(images: Any) -> np.ndarray:
    """Images as ``(N, H, W)`` or ``(N, H, W, 3)``, unflattening square ``(N, H*W)`` rows."""
    array = numeric_array("images", images)
    if array.ndim == 2 and math.isqrt(array.shape[1]) ** 2 == array.shape[1]:
        side = math.isqrt(array.shape[1])
        return array.reshape(len(array), side, side)
    if array.ndim == 4 and array.shape[-1] == 1:
        return array[..., 0]
    if array.ndim == 3 or (array.ndim == 4 and array.shape[-1] == 3):
        return array
    raise ValueError(
        tr(
            "images must be shaped (N, H, W), (N, H, W, 1), (N, H, W, 3) or (N, H*W) "
            "for square pictures; got shape {shape}",
            shape=array.shape,
        )
    )


def confusion_matrix(
    y_true: Any, y_pred: Any, class_names: Sequence[str] | None = None
) -> tuple[np.ndarray, Any]:
    """Count (true class, predicted class) pairs and plot the counts.

    Args:
        y_true: True class ids or one-hot rows.
        y_pred: Predicted class ids, or ``model.predict`` probabilities.
        class_names: Names for the classes; their count sets the matrix size.

    Returns:
        ``matrix[i, j]`` = how many samples of class ``i`` were predicted as ``j``
        (rows true, columns predicted), and the figure.
    """
    true, _ = class_ids(y_true, "y_true", truth=True)
    predicted, _ = class_ids(y_pred, "y_pred")
    check_lengths(y_true=len(true), y_pred=len(predicted))
    name = namer(class_names, true, predicted)
    size = len(class_names) if class_names is not None else int(max(true.max(), predicted.max())) + 1
    matrix = np.zeros((size, size), dtype=int)
    np.add.at(matrix, (true, predicted), 1)
    return matrix, _plot_matrix(matrix, [name(i) for i in range(size)])


def _plot_matrix(matrix: np.ndarray, names: list[str]) -> Any:
    """Draw ``matrix`` as a heat map with each count written in its cell."""
    size = len(names)
    figure, ax = plt.subplots(figsize=(2.5 + 0.45 * size, 2.0 + 0.45 * size), layout="constrained")
    ax.imshow(matrix, cmap="Blues")
    for (row, column), count in np.ndenumerate(matrix):
        dark = count > matrix.max() / 2
        ax.text(column, row, str(count), ha="center", va="center", color="white" if dark else "black")
    rotate = max(len(name) for name in names) > 3
    ax.set_xticks(range(size), names, rotation=45 if rotate else 0, ha="right" if rotate else "center")
    ax.set_yticks(range(size), names)
    ax.set_xlabel(plot_text("predicted"))
    ax.set_ylabel(plot_text("true"))
    return figure
