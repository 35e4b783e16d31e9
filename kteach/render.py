"""Renderers that show a :class:`~kteach.history.HistoryLog` while a model trains.

Introduced in lesson 01 through :class:`kteach.LiveHistory`. In a notebook the
figure lives in ONE output area that is updated in place through an IPython
display handle, never ``clear_output``: other prints in the cell survive and
nbval stores (and compares) only the final frame. In a script or terminal one
compact text line per epoch is printed and no window ever opens.

Figures are built with the object API (``matplotlib.figure.Figure`` on an Agg
canvas), not pyplot, so the inline backend never shows them a second time at
the end of the cell. A frame is cheap because most frames redraw only the
lines: the axes, ticks and titles are drawn once and kept as a background
until a point leaves the axes' limits (see :class:`NotebookRenderer`).
"""

from __future__ import annotations

import io
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from kteach.curve_style import PANEL_INCHES, SCREEN_DPI, Curve, draw_groups, grid_shape, style_axes
from kteach.fonts import plot_text
from kteach.history import HistoryLog, MetricGroup
from kteach.i18n import tr
from kteach.notebook import in_notebook

HEADROOM = 0.25  # share of a y range added above and below, so new points rarely force a full redraw
LEAD = 0.5  # share added instead on a side the curves just crossed: they are heading that way
LEAST_RANGE = 0.5  # a range of at least this share of the values: early epochs move the curves far
PNG_COMPRESSION = 1  # fast over small: a frame is encoded while training waits

DisplayFunction = Callable[..., Any]
CostHook = Callable[[float], None]


class Renderer(ABC):
    """Shows a training log; :class:`kteach.LiveHistory` calls ``draw`` then ``close``."""

    @abstractmethod
    def draw(self, log: HistoryLog) -> None:
        """Show the current state of ``log`` (called at most once per throttle slot)."""

    def close(self, log: HistoryLog) -> None:
        """Show the final state of ``log`` and end this run's output; by default one last draw."""
        self.draw(log)

    def report_costs_to(self, note_cost: CostHook) -> bool:
        """Offered a hook for what each draw costs; True if this renderer calls it itself.

        A renderer that draws on another thread returns from ``draw`` at once, so it
        must time its draws itself; by default the caller times ``draw``.
        """
        return False


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

    Each frame costs little while training waits for it: the figure and its
    lines are built once and then only given new points; the x axis spans the
    planned epochs and the y axis has some headroom, so the axes, ticks and
    legend usually stay as they are and are restored from a kept background
    while only the lines are drawn again (a full redraw happens when a point
    leaves the limits); and the PNG is encoded once per frame from Agg's buffer.

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
        dpi: int = SCREEN_DPI,
    ) -> None:
        self.metrics = _metric_names(metrics)
        self.dpi = dpi
        self.figure: Any = None  # matplotlib.figure.Figure once something was drawn
        self._display = display
        self._handle: Any = None
        self._layout: tuple[tuple[MetricGroup, ...], bool] | None = None
        self._curves: list[Curve] = []
        self._background: Any = None  # the axes without their lines, while the limits hold
        self._legends: list[Any] = []  # the legends' pictures, drawn over the lines
        self._drawn_revision: int | None = None

    def draw(self, log: HistoryLog) -> None:
        """Update the curves from ``log`` and refresh this run's output area."""
        groups = tuple(log.groups(self.metrics, strict=False))
        if not groups:
            return
        layout = (groups, bool(log.batch_records))
        if layout != self._layout:
            self._build(log, *layout)
        else:
            for curve in self._curves:
                curve.refresh(log)
        if self._background is None or not self._limits_hold():
            self._set_limits(log.planned_epochs)
        self._render()
        self._publish(self.snapshot())
        self._drawn_revision = log.revision

    def close(self, log: HistoryLog) -> None:
        """Draw the final state unless it is already shown; the next fit gets a new output area."""
        if log.revision != self._drawn_revision:
            self.draw(log)
        self._handle = None
        self._background = None  # the next fit sets its own limits
        self._drawn_revision = None

    def snapshot(self) -> FigureSnapshot:
        """The frame last drawn, as PNG encoded straight from Agg's buffer."""
        from PIL import Image

        pixels = self.figure.canvas.buffer_rgba()
        image = Image.frombuffer("RGBA", (pixels.shape[1], pixels.shape[0]), pixels, "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()  # the figure is opaque: RGB encodes faster and smaller than RGBA
        image.convert("RGB").save(buffer, format="png", compress_level=PNG_COMPRESSION)
        return FigureSnapshot(png=buffer.getvalue(), text=repr(self.figure))

    def _limits_hold(self) -> bool:
        """True if every line's points lie within its axes' current limits."""
        for ax in self.figure.axes:
            ax.relim()
            data, view = ax.dataLim, ax.viewLim
            if not (view.x0 <= data.x0 and data.x1 <= view.x1 and view.y0 <= data.y0 and data.y1 <= view.y1):
                return False
        return True

    def _set_limits(self, planned_epochs: int | None) -> None:
        """Fit each axes to its points and the planned epochs, with room above and below for new points.

        The room is ``HEADROOM`` of the points' range (at least ``LEAST_RANGE`` of their size). A loss
        falls towards 0, so its axis starts at 0. A side the points crossed since the last limits is
        where the curves are heading: non-negative points falling get room down to 0, points within
        [0, 1] rising (an accuracy) up to 1, others ``LEAD`` of the room.
        """
        groups = self._layout[0] if self._layout else ()
        for ax, group in zip(self.figure.axes, groups):
            before = ax.viewLim.frozen() if self._background is not None else None
            ax.relim()
            if planned_epochs:
                ax.dataLim.update_from_data_x([1, planned_epochs], ignore=False)
            ax.autoscale_view()
            low, high = ax.get_ylim()
            data = ax.dataLim
            room = max(high - low, LEAST_RANGE * max(abs(low), abs(high)))
            bottom, top = low - HEADROOM * room, high + HEADROOM * room
            if (before is not None and data.y0 < before.y0) or group.name.endswith("loss"):
                bottom = min(0.0, low) if data.y0 >= 0 else low - LEAD * room
            if before is not None and data.y1 > before.y1:
                top = max(1.0, high) if 0 <= data.y0 and data.y1 <= 1 else high + LEAD * room
            if data.y0 >= 0 > bottom:  # a loss or an accuracy: no room below zero
                bottom = min(0.0, low)
            ax.set_ylim(bottom, top, auto=None)
        self._background = None

    def _render(self) -> None:
        """Draw the frame into Agg's buffer: the kept background (or a fresh one), the lines, then the legends.

        A legend is restored as a kept picture over the lines, as a full draw puts it above them.
        """
        canvas = self.figure.canvas
        lines = [curve.line for curve in self._curves]
        if self._background is None:
            for line in lines:
                line.set_animated(True)  # left out of the background
            try:
                canvas.draw()
            finally:
                for line in lines:
                    line.set_animated(False)  # a learner saving the figure gets everything
            legends = [ax.get_legend() for ax in self.figure.axes if ax.get_legend() is not None]
            self._legends = [canvas.copy_from_bbox(legend.get_window_extent().padded(1)) for legend in legends]
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for line in lines:
            self.figure.draw_artist(line)
        for legend in self._legends:
            canvas.restore_region(legend)

    def _publish(self, snapshot: FigureSnapshot) -> None:
        """Show the first frame of a run, then replace it in place."""
        if self._handle is None:
            display = self._display or _ipython_display()
            self._handle = display(snapshot, display_id=True)
        else:
            self._handle.update(snapshot)

    def _build(self, log: HistoryLog, groups: tuple[MetricGroup, ...], with_batches: bool) -> None:
        """Create the figure, its axes and the lines of ``groups``, with the points of ``log``."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        rows, columns = grid_shape(len(groups))
        width, height = PANEL_INCHES[0] * columns, PANEL_INCHES[1] * rows
        figure = Figure(figsize=(width, height), dpi=self.dpi)
        FigureCanvasAgg(figure)
        axes = list(figure.subplots(rows, columns, squeeze=False).ravel())
        for spare in axes[len(groups) :]:
            figure.delaxes(spare)
        for ax, group in zip(axes, groups):
            style_axes(ax, group.name)
            # Fixed (empty) axis-label positions spare matplotlib a tick-label layout pass per redraw.
            ax.xaxis.set_label_coords(0.5, -0.1)
            ax.yaxis.set_label_coords(-0.1, 0.5)
        self._curves = draw_groups(axes, groups, log, batches=with_batches)
        axes[0].legend(loc="best", fontsize="small")
        figure.supxlabel(plot_text("epoch"))
        figure.subplots_adjust(
            left=0.6 / width, right=1 - 0.15 / width, bottom=0.5 / height, top=1 - 0.35 / height,
            wspace=0.25, hspace=0.45,
        )
        self.figure = figure
        self._layout = (groups, with_batches)
        self._background = None


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


def auto_renderer(metrics: Sequence[str] | None = None) -> Renderer:
    """The notebook renderer inside a notebook kernel, the text renderer anywhere else."""
    return NotebookRenderer(metrics) if in_notebook() else TextRenderer(metrics)
