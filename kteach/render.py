"""Renderers that show a :class:`~kteach.history.HistoryLog` while a model trains.

Introduced in lesson 01 through :class:`kteach.LiveHistory`. In a notebook the
figure lives in ONE output area that is updated in place through an IPython
display handle, never ``clear_output``: other prints in the cell survive and
nbval stores (and compares) only the final frame. In a script or terminal one
compact text line per epoch is printed and no window ever opens.

Figures are built with the object API (``matplotlib.figure.Figure`` on an Agg
canvas), not pyplot, so the inline backend never shows them a second time at
the end of the cell.
"""

from __future__ import annotations

import io
import math
import numbers
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from kteach.fonts import plot_text
from kteach.history import HistoryLog, MetricGroup
from kteach.i18n import tr

MAX_COLUMNS = 3
PANEL_INCHES = (4.5, 3.0)  # width, height of one subplot
TRAIN_STYLE = {"color": "C0", "linestyle": "-", "marker": "o", "markersize": 3}
VAL_STYLE = {"color": "C1", "linestyle": "--", "marker": "o", "markersize": 3}
BATCH_STYLE = {"color": "C0", "linestyle": "-", "linewidth": 0.8, "alpha": 0.4}
NOTEBOOK_SHELLS = ("ZMQInteractiveShell",)  # Jupyter, JupyterLab, VS Code
NOTEBOOK_SHELL_MODULES = ("google.colab",)  # Colab's own shell class

DisplayFunction = Callable[..., Any]


class Renderer(ABC):
    """Shows a training log; :class:`kteach.LiveHistory` calls ``draw`` then ``close``."""

    @abstractmethod
    def draw(self, log: HistoryLog) -> None:
        """Show the current state of ``log`` (called at most once per throttle slot)."""

    def close(self, log: HistoryLog) -> None:
        """Show the final state of ``log`` and end this run's output; by default one last draw."""
        self.draw(log)

    #: Seconds the last draw took when it ran off the caller's thread (see
    #: ``kteach.panel.BackgroundRenderer``); None means the caller can time ``draw`` itself.
    draw_seconds: float | None = None


class Throttle:
    """Lets at most one redraw through per time slot, and keeps drawing a small share of the time.

    Drawing a figure costs tens of milliseconds, so redrawing after every epoch of
    a fast fit would slow training down; the final state is drawn regardless.
    Slots are counted from the first draw, and each slot's redraw goes to the
    call nearest the slot's start (judged by the time between calls). So there is
    on average at most one redraw per slot, and epochs about as long as a slot are
    each drawn, not every other one.

    A slot is ``min_interval`` long until :meth:`note_cost` reports what a draw
    costs: then it stretches so that drawing takes about ``budget`` of the wall
    time (30 ms per draw and a 2% budget give 1.5 s slots), but never so far that
    the gap between redraws could pass ``max_gap`` seconds.

    Args:
        min_interval: Shortest slot in seconds; 0 lets every draw through.
        clock: Returns the current time in seconds (injectable for tests).
        budget: Share of the wall time that drawing may take, from 0 (exclusive) to 1.
        max_gap: Longest wait between redraws that stretching may cause, in seconds.
    """

    def __init__(
        self,
        min_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        budget: float = 0.02,
        max_gap: float = 2.0,
    ) -> None:
        self.min_interval = _seconds("min_interval", min_interval)
        self.max_gap = _seconds("max_gap", max_gap)
        if isinstance(budget, bool) or not isinstance(budget, numbers.Real) or not 0 < budget <= 1:
            raise ValueError(tr("budget must be a share of the time, > 0 and <= 1; got {budget!r}", budget=budget))
        self.budget = float(budget)
        self._clock = clock
        self.reset()

    def due(self) -> bool:
        """Return True (and use up the current slot) if a draw may happen now."""
        now = self._clock()
        self._period = 0.0 if self._last_call is None else now - self._last_call
        self._last_call = now
        if self._start is None or self.interval == 0:
            self._start = now
            return True
        # Half a period ahead: the call nearest the slot start wins, not the first one after it.
        slot = math.floor((now + self._period / 2 - self._start) / self.interval)
        if slot <= self._slot:
            return False
        self._slot = slot
        return True

    def note_cost(self, seconds: float) -> None:
        """Report what the last draw took; the slots stretch (or shrink back) to keep within the budget."""
        if self.min_interval == 0:
            return
        # a redraw can come up to a slot plus half an epoch late: keep that within max_gap
        longest = max(self.min_interval, self.max_gap - 1.5 * self._period)
        interval = min(max(self.min_interval, seconds / self.budget), longest)
        if interval != self.interval and self._last_call is not None:
            # count the new slots from the draw that just happened
            self.interval, self._start, self._slot = interval, self._last_call, 0

    def reset(self) -> None:
        """Start counting slots afresh at the next draw, e.g. at the start of a new fit."""
        self.interval = self.min_interval
        self._start: float | None = None
        self._last_call: float | None = None
        self._period = 0.0
        self._slot = 0


def _seconds(name: str, value: float) -> float:
    """``value`` as a finite number of seconds >= 0, or an error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(tr("{name} must be a number of seconds; got {kind}", name=name, kind=type(value).__name__))
    if not math.isfinite(value) or value < 0:
        raise ValueError(tr("{name} must be a finite number of seconds >= 0; got {value!r}", name=name, value=value))
    return float(value)


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
class FigureSnapshot:
    """One rendered frame: PNG bytes, and the figure's repr as its stable text/plain.

    Shipping our own PNG (rather than the Figure) shows a picture even where no
    matplotlib display formatter is registered, and skips the inline backend's
    second, ``bbox_inches="tight"`` draw.
    """

    png: bytes
    text: str

    def _repr_png_(self) -> bytes:
        return self.png

    def __repr__(self) -> str:
        return self.text


class NotebookRenderer(Renderer):
    """One figure, one subplot per metric (train vs validation), updated in place.

    Args:
        metrics: Names of the metrics to show (``"loss"``, ``"accuracy"``...); None shows all.
            Names not recorded (yet) are skipped.
        display: IPython's ``display`` or a stand-in with the same
            ``display(obj, display_id=True) -> handle`` contract (injectable for tests).
        dpi: Resolution of the frames; low keeps each redraw cheap.
    """

    def __init__(
        self,
        metrics: Sequence[str] | None = None,
        *,
        display: DisplayFunction | None = None,
        dpi: int = 72,
    ) -> None:
        self.metrics = _metric_names(metrics)
        self.dpi = dpi
        self.figure: Any = None  # matplotlib.figure.Figure once something was drawn
        self._display = display
        self._handle: Any = None
        self._layout: tuple[tuple[MetricGroup, ...], bool] | None = None
        self._curves: list[tuple[Any, list[tuple[Any, str, bool]]]] = []
        self._drawn_revision: int | None = None

    def draw(self, log: HistoryLog) -> None:
        """Update the curves from ``log`` and refresh this run's output area."""
        groups = tuple(log.groups(self.metrics, strict=False))
        if not groups:
            return
        layout = (groups, bool(log.batch_records))
        if layout != self._layout:
            self._build(*layout)
        self._update(log)
        self._publish(self.snapshot())
        self._drawn_revision = log.revision

    def close(self, log: HistoryLog) -> None:
        """Draw the final state unless it is already shown; the next fit gets a new output area."""
        if log.revision != self._drawn_revision:
            self.draw(log)
        self._handle = None
        self._drawn_revision = None

    def snapshot(self) -> FigureSnapshot:
        """Render the current figure to PNG."""
        buffer = io.BytesIO()
        self.figure.canvas.print_png(buffer, pil_kwargs={"compress_level": 1})  # fast over small
        return FigureSnapshot(png=buffer.getvalue(), text=repr(self.figure))

    def _publish(self, snapshot: FigureSnapshot) -> None:
        """Show the first frame of a run, then replace it in place."""
        if self._handle is None:
            display = self._display or _ipython_display()
            self._handle = display(snapshot, display_id=True)
        else:
            self._handle.update(snapshot)

    def _build(self, groups: tuple[MetricGroup, ...], with_batches: bool) -> None:
        """Create the figure, its axes and empty lines for ``groups``."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        rows, columns = grid_shape(len(groups))
        width, height = PANEL_INCHES[0] * columns, PANEL_INCHES[1] * rows
        figure = Figure(figsize=(width, height), dpi=self.dpi)
        FigureCanvasAgg(figure)
        axes = list(figure.subplots(rows, columns, squeeze=False).ravel())
        for spare in axes[len(groups) :]:
            figure.delaxes(spare)
        self._curves = [(ax, _empty_curves(ax, group, with_batches)) for ax, group in zip(axes, groups)]
        axes[0].legend(loc="best", fontsize="small")
        figure.supxlabel(plot_text("epoch"))
        figure.subplots_adjust(
            left=0.6 / width, right=1 - 0.15 / width, bottom=0.5 / height, top=1 - 0.35 / height,
            wspace=0.25, hspace=0.45,
        )
        self.figure = figure
        self._layout = (groups, with_batches)

    def _update(self, log: HistoryLog) -> None:
        """Give every line the log's current points and rescale its axes."""
        for ax, curves in self._curves:
            for line, key, batch in curves:
                line.set_data(*(log.batch_series(key) if batch else log.series(key)))
            ax.relim()
            ax.autoscale_view()


def _empty_curves(ax: Any, group: MetricGroup, with_batches: bool) -> list[tuple[Any, str, bool]]:
    """Style ``ax`` for ``group`` and add its (empty) train, validation and batch lines."""
    style_axes(ax, group.name)
    # Fixed (empty) axis-label positions spare matplotlib a tick-label layout pass per redraw.
    ax.xaxis.set_label_coords(0.5, -0.1)
    ax.yaxis.set_label_coords(-0.1, 0.5)
    curves = []
    if group.train is not None and with_batches:
        (line,) = ax.plot([], [], label=plot_text("train (batches)"), **BATCH_STYLE)
        curves.append((line, group.train, True))
    for key, label, style in (
        (group.train, plot_text("train"), TRAIN_STYLE),
        (group.val, plot_text("validation"), VAL_STYLE),
    ):
        if key is not None:
            (line,) = ax.plot([], [], label=label, **style)
            curves.append((line, key, False))
    return curves


def _ipython_display() -> DisplayFunction:
    """IPython's ``display``, imported only when a notebook renderer first draws."""
    from IPython.display import display

    return display


class TextRenderer(Renderer):
    """One compact line per epoch, e.g. ``epoch 3/20  loss 0.4123  accuracy 0.8812``.

    Lines that the throttle held back are printed at the next draw, so every
    epoch appears exactly once.

    Args:
        metrics: Names of the metrics to print; None prints all. Unknown names are skipped.
        stream: Where to print; None means ``sys.stdout`` at the time of printing.
    """

    def __init__(self, metrics: Sequence[str] | None = None, *, stream: TextIO | None = None) -> None:
        self.metrics = _metric_names(metrics)
        self.stream = stream
        self._printed = 0

    def draw(self, log: HistoryLog) -> None:
        """Print the epochs of ``log`` not printed yet."""
        groups = log.groups(self.metrics, strict=False)
        keys = [g.train for g in groups if g.train] + [g.val for g in groups if g.val]
        for epoch, values in log.records[self._printed :]:
            line = format_epoch(epoch, values, keys, log.planned_epochs)
            print(line, file=self.stream or sys.stdout, flush=True)
        self._printed = len(log.records)

    def close(self, log: HistoryLog) -> None:
        """Print the remaining epochs; the next log starts from its first epoch."""
        self.draw(log)
        self._printed = 0


def format_epoch(epoch: int, values: dict[str, float], keys: Sequence[str], planned: int | None) -> str:
    """Format one epoch (0-based ``epoch``) as ``epoch 3/20  loss 0.4123 ...``."""
    if planned:
        counter = tr("epoch {epoch}/{planned}", epoch=epoch + 1, planned=planned)
    else:
        counter = tr("epoch {epoch}", epoch=epoch + 1)
    parts = [f"{key} {values[key]:.4f}" for key in keys if key in values]
    return "  ".join([counter, *parts])


def _metric_names(metrics: Sequence[str] | str | None) -> tuple[str, ...] | None:
    """Validate a renderer's ``metrics`` argument into a tuple of names."""
    if metrics is None:
        return None
    if isinstance(metrics, str):
        names: tuple[Any, ...] = (metrics,)
    else:
        names = tuple(metrics) if isinstance(metrics, Iterable) else ()
    if not names or not all(isinstance(name, str) for name in names):
        raise TypeError(
            tr(
                "metrics must be None or a non-empty list of metric names such as ['loss']; got {metrics!r}",
                metrics=metrics,
            )
        )
    return names


def in_notebook() -> bool:
    """Return True inside a notebook kernel (Jupyter, JupyterLab, VS Code, Colab)."""
    ipython = sys.modules.get("IPython")  # never imported: certainly no kernel
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    cls = type(shell)
    return cls.__name__ in NOTEBOOK_SHELLS or cls.__module__.startswith(NOTEBOOK_SHELL_MODULES)


def auto_renderer(metrics: Sequence[str] | None = None) -> Renderer:
    """The notebook renderer inside a notebook kernel, the text renderer anywhere else."""
    return NotebookRenderer(metrics) if in_notebook() else TextRenderer(metrics)
