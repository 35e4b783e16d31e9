"""Comparing runs: a table of settings and results, the runs' curves overlaid, as a value or a PNG.

Introduced in lesson 02, where the hyperparameter panel records one run per
click; ``compare_runs`` also takes plain dicts, so lessons can compare runs
trained by hand.
"""

from __future__ import annotations

import html
import io
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Protocol

import numpy as np

from kteach.curve_style import SCREEN_DPI
from kteach.formatting import display_width, format_accuracy, format_seconds, format_value, status_text
from kteach.history import as_history
from kteach.i18n import tr
from kteach.plots.curves import plot_history


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


def comparison_png(runs: Sequence[Any], dpi: int = SCREEN_DPI) -> bytes | None:
    """The runs' curves overlaid (``compare_runs``) as PNG bytes, or None before any epoch was recorded.

    For widgets, which show pictures rather than figures (the panel's run comparison).
    """
    import matplotlib.pyplot as plt

    if not any(run.epochs_done for run in runs):
        return None
    figure = compare_runs(list(runs)).figure
    try:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
    finally:
        plt.close(figure)  # never left for the inline backend to show at the end of a cell
    return buffer.getvalue()
