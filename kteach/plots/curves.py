"""``plot_history``: training curves after training, one subplot per metric, runs overlaid.

Introduced in lesson 01 and used again when lessons compare runs. Drawn by
:func:`kteach.curve_style.draw_groups`, like the live plot, so a curve looks the
same during and after training. Uses pyplot, so a notebook shows the figure
at the end of the cell even when the learner assigns the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt

from kteach.curve_style import PANEL_INCHES, TRAIN_STYLE, VAL_STYLE, draw_groups, grid_shape, style_axes
from kteach.fonts import plot_text
from kteach.history import HistoryLog, as_history, is_history, metric_groups, select_groups
from kteach.i18n import tr


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
        draw_groups(axes, groups, log, run=name, colour=colour)
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
