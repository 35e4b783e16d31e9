"""How training curves look, and the one function that draws them onto matplotlib axes.

Shared by the live renderer (:class:`kteach.render.NotebookRenderer`, which
draws once and then only moves the lines' points) and the static
:func:`kteach.plot_history`, so a curve looks the same during and after
training. Imports no matplotlib until something is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kteach.fonts import plot_text
from kteach.history import HistoryLog, MetricGroup
from kteach.i18n import tr

MAX_COLUMNS = 3
PANEL_INCHES = (4.5, 3.0)  # width, height of one subplot
SCREEN_DPI = 72  # live frames and the panel's pictures: sharp enough on screen, cheap to draw
TRAIN_STYLE = {"color": "C0", "linestyle": "-", "marker": "o", "markersize": 3}
VAL_STYLE = {"color": "C1", "linestyle": "--", "marker": "o", "markersize": 3}
BATCH_STYLE = {"color": "C0", "linestyle": "-", "linewidth": 0.8, "alpha": 0.4}


def grid_shape(count: int) -> tuple[int, int]:
    """Rows and columns for ``count`` subplots, at most ``MAX_COLUMNS`` wide."""
    if count < 1:
        raise ValueError(tr("count must be at least 1 subplot; got {count}", count=count))
    columns = min(count, MAX_COLUMNS)
    return math.ceil(count / columns), columns


def style_axes(ax: Any, title: str) -> None:
    """Title an axes and give it integer epoch ticks and a light grid.

    The fixed title position and tick counts also spare matplotlib work on every
    redraw, which keeps live plots cheap.
    """
    from matplotlib.ticker import MaxNLocator

    ax.set_title(title, y=1.0, pad=4)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.grid(alpha=0.3)


@dataclass(frozen=True)
class Curve:
    """One drawn line and where its points come from, so a live plot can move them later."""

    line: Any  # matplotlib.lines.Line2D
    key: str
    batches: bool

    def refresh(self, log: HistoryLog) -> None:
        """Give the line the current points of its key in ``log`` (the caller rescales the axes)."""
        self.line.set_data(*_points(log, self.key, self.batches))


def _points(log: HistoryLog, key: str, batches: bool) -> tuple[list[float], list[float]]:
    """The x and y values of ``key`` in ``log``: per batch, or per epoch."""
    return log.batch_series(key) if batches else log.series(key)


def draw_groups(
    axes: Sequence[Any],
    groups: Sequence[MetricGroup],
    log: HistoryLog,
    *,
    run: str = "",
    colour: Any = None,
    batches: bool = False,
) -> list[Curve]:
    """Draw each group's training and validation curves of ``log`` on its axes (``axes[i]`` for ``groups[i]``).

    Args:
        run: Prefix of the line labels (``"run 2 train"``), to tell overlaid runs apart.
        colour: One colour for all of this run's lines; None keeps the train/validation colours.
        batches: Also draw the training key's per-batch points, thin, under the epoch curve.

    Returns:
        The lines drawn; keys ``log`` never recorded get none.
    """
    recorded = set(log.plotted_keys)
    sides = (
        (True, plot_text("train (batches)"), BATCH_STYLE),
        (False, plot_text("train"), TRAIN_STYLE),
        (False, plot_text("validation"), VAL_STYLE),
    )
    curves = []
    for ax, group in zip(axes, groups):
        keys = (group.train if batches else None, group.train, group.val)
        for key, (batch, side, style) in zip(keys, sides):
            if key is None or key not in recorded:
                continue
            look = dict(style, color=colour) if colour else style
            (line,) = ax.plot(*_points(log, key, batch), label=f"{run} {side}".strip(), **look)
            curves.append(Curve(line, key, batch))
    return curves
