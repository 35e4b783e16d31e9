"""Static plots for after training: curves, predictions, confusion matrix, run comparison.

Introduced in lesson 01 (``plot_history``, ``show_predictions``) and used again
when lessons compare runs. These use pyplot, so a notebook shows the figure at
the end of the cell even when the learner assigns the result; they return the
matplotlib objects so learners can restyle them.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Protocol

import matplotlib.pyplot as plt
import numpy as np

from kteach.checks import check_int, numeric_array
from kteach.fonts import plot_text
from kteach.formatting import display_width, format_accuracy, format_seconds, format_value, status_text
from kteach.history import HistoryLog, MetricGroup, as_history, is_history, metric_groups, select_groups
from kteach.i18n import tr
from kteach.render import PANEL_INCHES, TRAIN_STYLE, VAL_STYLE, grid_shape, style_axes

ERROR_COLOR = "red"
PROBABILITY_TOLERANCE = 1e-3  # float32 softmax rows sum to 1 within about 1e-6
PREDICTION_COLUMNS = 6


def plot_history(
    history_or_runs: Any, metrics: Sequence[str] | str | None = None
) -> tuple[Any, list[Any]]:
    """Plot loss and each metric in its own subplot, training vs validation.

    Args:
        history_or_runs: A Keras ``History``, a ``history.history`` dict or a
            ``HistoryLog``; or a mapping ``{run name: history}`` to overlay runs
            (one colour per run, validation dashed).
        metrics: Names to plot, e.g. ``["loss", "val_accuracy"]``; None plots all.

    Returns:
        The figure and its list of axes, one per metric.

    Raises:
        KeyError: A name in ``metrics`` was not recorded (the message lists what was).
        ValueError: Nothing was recorded.
    """
    logs = {name: HistoryLog.from_history(history) for name, history in _as_runs(history_or_runs).items()}
    keys = dict.fromkeys(key for log in logs.values() for key in log.keys)
    groups = select_groups(metric_groups(keys), metrics)
    if metrics is not None and not groups:
        raise ValueError(
            tr(
                "metrics must name at least one metric, e.g. ['loss'] (None plots them all); got {metrics!r}",
                metrics=metrics,
            )
        )
    if not groups:
        raise ValueError(tr("history_or_runs has no recorded epochs to plot; train with fit() first"))
    figure, axes = _figure_grid(len(groups))
    colours = _run_colours(len(logs))
    for colour, (name, log) in zip(colours, logs.items()):
        for ax, group in zip(axes, groups):
            _plot_group(ax, log, group, name, colour)
    for ax, group in zip(axes, groups):
        style_axes(ax, group.name)
        ax.set_xlabel(plot_text("epoch"))
        if len(logs) == 1:
            ax.legend(fontsize="small")
    if len(logs) > 1:
        _runs_legend(figure, dict(zip(logs, colours)))
    return figure, axes


def _run_colours(count: int) -> list[str | None]:
    """One colour per run (None keeps the train/validation colours of a single run)."""
    if count == 1:
        return [None]
    palette = plt.get_cmap("tab10" if count <= 10 else "tab20")
    return [palette(index % palette.N) for index in range(count)]


def _runs_legend(figure: Any, colours: dict[str, Any]) -> None:
    """One legend beside the plots: a colour per run, then the train/validation line styles.

    A legend per axes with two entries per run would squeeze the plots to nothing after a few runs.
    """
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=colour, linewidth=2, label=name) for name, colour in colours.items()]
    handles += [
        Line2D([], [], color="grey", linestyle=TRAIN_STYLE["linestyle"], label=plot_text("train")),
        Line2D([], [], color="grey", linestyle=VAL_STYLE["linestyle"], label=plot_text("validation")),
    ]
    figure.legend(handles=handles, loc="outside right upper", fontsize="small")


def _as_runs(history_or_runs: Any) -> dict[str, dict[str, list[float]]]:
    """Normalise one history or a ``{name: history}`` mapping to ``{name: history dict}``."""
    if is_history(history_or_runs):
        return {"": as_history(history_or_runs)}
    if isinstance(history_or_runs, Mapping) and history_or_runs:
        return {
            str(name): as_history(history, name=f"history_or_runs[{name!r}]")
            for name, history in history_or_runs.items()
        }
    raise TypeError(
        tr(
            "history_or_runs must be a keras History, a HistoryLog, a history dict, "
            "or a dict of run name -> history; got {kind}",
            kind=type(history_or_runs).__name__,
        )
    )


def _figure_grid(count: int) -> tuple[Any, list[Any]]:
    """A pyplot figure with ``count`` axes laid out on the shared grid."""
    rows, columns = grid_shape(count)
    figure, grid = plt.subplots(
        rows, columns, squeeze=False, layout="constrained",
        figsize=(PANEL_INCHES[0] * columns, PANEL_INCHES[1] * rows),
    )
    axes = list(grid.ravel())
    for spare in axes[count:]:
        figure.delaxes(spare)
    return figure, axes[:count]


def _plot_group(ax: Any, log: HistoryLog, group: MetricGroup, run: str, colour: str | None) -> None:
    """Draw one run's training and validation curves of ``group`` on ``ax``."""
    sides = ((group.train, plot_text("train"), TRAIN_STYLE), (group.val, plot_text("validation"), VAL_STYLE))
    for key, side, style in sides:
        if key is None or key not in log.keys:
            continue
        look = dict(style, color=colour) if colour else style
        ax.plot(*log.series(key), label=f"{run} {side}".strip(), **look)


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
    _check_lengths(images=len(pictures), labels=len(true), predictions=len(predicted))
    count = min(check_int("n", n, minimum=1), len(pictures))
    name = _namer(class_names, true[:count], predicted[:count])
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


def _check_lengths(**lengths: int) -> None:
    """Raise ValueError naming the arguments if they do not hold the same number of samples."""
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{key}={value}" for key, value in lengths.items())
        raise ValueError(
            tr("{names} must have the same length; got {described}", names=", ".join(lengths), described=described)
        )


def _namer(class_names: Sequence[str] | None, *ids: np.ndarray) -> Any:
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
    _check_lengths(y_true=len(true), y_pred=len(predicted))
    name = _namer(class_names, true, predicted)
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


class RunLike(Protocol):
    """What ``compare_runs`` reads from a run; :class:`kteach.training.RunRecord` has all of it."""

    name: str
    params: dict[str, Any]
    history: dict[str, list[float]]
    test_accuracy: float | None
    seconds: float
    status: str


RUN_FIELDS = ("name", "params", "history", "test_accuracy", "seconds", "status")


def as_run(run: Any, index: int = 0) -> RunLike:
    """Accept a run object (e.g. the panel's ``RunRecord``), or a dict with its keys.

    A dict needs ``name``; missing keys mean no params, no history, no test
    accuracy, 0 seconds, status ``"finished"``.
    """
    if isinstance(run, Mapping):
        unknown = sorted(set(run) - set(RUN_FIELDS))
        if unknown or "name" not in run:
            raise TypeError(
                tr(
                    "runs[{index}] must be a dict with 'name' and optionally {fields}; got keys {keys}",
                    index=index,
                    fields=list(RUN_FIELDS[1:]),
                    keys=sorted(run),
                )
            )
        defaults = {"params": {}, "history": {}, "test_accuracy": None, "seconds": 0.0, "status": "finished"}
        run = SimpleNamespace(**{**defaults, **run})
    missing = [attribute for attribute in RUN_FIELDS if not hasattr(run, attribute)]
    if missing:
        raise TypeError(
            tr(
                "runs[{index}] lacks {missing}; give objects or dicts with {fields}",
                index=index,
                missing=missing,
                fields=list(RUN_FIELDS),
            )
        )
    _check_run_fields(run, index)
    return run


def _check_run_fields(run: Any, index: int) -> None:
    """Raise a TypeError naming the field of ``runs[index]`` whose value the table could not show."""
    fields = {
        "name": (isinstance(run.name, str) and bool(run.name), tr("a non-empty str")),
        "params": (isinstance(run.params, Mapping), tr("a dict of hyperparameters")),
        "test_accuracy": (run.test_accuracy is None or _is_number(run.test_accuracy), tr("a number or None")),
        "seconds": (_is_number(run.seconds), tr("a number")),
        "status": (isinstance(run.status, str), tr("a str such as 'finished'")),
    }
    for field, (ok, expected) in fields.items():
        if not ok:
            raise TypeError(
                tr(
                    "runs[{index}].{field} must be {expected}; got {value!r}",
                    index=index,
                    field=field,
                    expected=expected,
                    value=getattr(run, field),
                )
            )


def _is_number(value: Any) -> bool:
    """True for a real number that is not a bool (NumPy scalars included)."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


@dataclass(frozen=True)
class RunTable:
    """A plain table (no pandas) with a stable text repr and an HTML repr for notebooks."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __repr__(self) -> str:
        widths = [max(display_width(cell) for cell in column) for column in zip(self.columns, *self.rows)]
        lines = [self.columns, *self.rows]
        return "\n".join(
            "  ".join(c + " " * (w - display_width(c)) for c, w in zip(line, widths)).rstrip() for line in lines
        )

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in self.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def run_table(runs: Sequence[RunLike]) -> RunTable:
    """One row per run: name, each hyperparameter, epochs done, best validation and test accuracy, status, time.

    Time comes last and reads like ``12.3s``, so a notebook sanitizer can mask it without
    changing the width of any other column.
    """
    params = list(dict.fromkeys(key for run in runs for key in run.params))
    results = (tr("epochs done"), tr("best val accuracy"), tr("test accuracy"), tr("status"), tr("time"))
    columns = (tr("run"), *params, *results)
    rows = []
    for run in runs:
        history = as_history(run.history)
        val_accuracy = history.get("val_accuracy") or history.get("val_acc")
        rows.append(
            (
                run.name,
                *(format_value(run.params.get(key, "")) for key in params),
                str(max((len(values) for values in history.values()), default=0)),
                format_accuracy(max(val_accuracy) if val_accuracy else None),
                format_accuracy(run.test_accuracy),
                status_text(run.status),
                format_seconds(run.seconds),
            )
        )
    return RunTable(columns, tuple(rows))


@dataclass(frozen=True)
class RunComparison:
    """What ``compare_runs`` returns: the table (shown as the cell's value) and the figure."""

    table: RunTable
    figure: Any
    axes: list[Any]

    def __repr__(self) -> str:
        return repr(self.table)

    def _repr_html_(self) -> str:
        return self.table._repr_html_()


def compare_runs(runs: Sequence[Any], metrics: Sequence[str] | str | None = None) -> RunComparison:
    """Overlay the runs' curves and tabulate their settings and results.

    Args:
        runs: Run records (the panel's ``kteach.training.RunRecord``), or dicts with
            the keys name, params, history, test_accuracy, seconds, status.
        metrics: Curves to plot, as in :func:`plot_history`; None plots all.

    Raises:
        ValueError: If ``runs`` is empty, names repeat, or no run recorded an epoch.
    """
    if isinstance(runs, (str, Mapping)) or not isinstance(runs, Sequence) or not runs:
        raise ValueError(tr("runs must be a non-empty list of run records; got {runs!r}", runs=runs))
    records = [as_run(run, index) for index, run in enumerate(runs)]
    names = [record.name for record in records]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(
            tr("run names must be unique to tell the curves apart; repeated: {repeated}", repeated=repeated)
        )
    histories = {r.name: as_history(r.history, name=tr("history of run {name!r}", name=r.name)) for r in records}
    trained = {name: history for name, history in histories.items() if any(history.values())}
    if not trained:
        raise ValueError(tr("no run has a recorded epoch yet; compare runs after training them"))
    figure, axes = plot_history(trained, metrics)
    return RunComparison(run_table(records), figure, axes)
