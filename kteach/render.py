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

    def _update(self, log: HistoryLog) -> None:
        """Give every line the log's current points and rescale the axes."""
        for curve in self._curves:
            curve.refresh(log)
        for ax in self.figure.axes:
            ax.relim()
            ax.autoscale_view()


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
