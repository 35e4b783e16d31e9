"""``LiveHistory``: a Keras callback that plots training curves while ``fit`` runs.

Introduced in lesson 01. The callback is a thin adapter: it records each
epoch into a :class:`~kteach.history.HistoryLog` and hands drawing to a
:class:`~kteach.render.Renderer` through a :class:`~kteach.throttle.Throttle`.

Stopping training early with Ctrl-C (or the notebook's stop button) raises
``KeyboardInterrupt`` inside ``fit``, and Keras then skips ``on_train_end``.
Nothing is lost: the model keeps the weights it has learnt so far, and
``live.log`` keeps every finished epoch. Call ``live.finish()`` to draw the
final figure::

    live = kteach.live_history()
    try:
        model.fit(x, y, epochs=20, validation_split=0.1, callbacks=[live])
    except KeyboardInterrupt:
        print(f"stopped after {len(live.log)} epochs")
    live.finish()
    live.log.history  # {"loss": [...], "accuracy": [...], ...}
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import keras

from kteach.history import HistoryLog
from kteach.i18n import tr
from kteach.render import Renderer, auto_renderer
from kteach.throttle import Throttle

Logs = Mapping[str, Any]


class LiveHistory(keras.callbacks.Callback):
    """Record every epoch and redraw the training curves, at most once per ``min_interval``.

    Redraws are spaced so that drawing takes about 2% of the training time, and
    never more than 2 s apart (see :class:`kteach.throttle.Throttle`): an epoch that
    runs longer shows its running training loss part-way along the epoch axis.

    Args:
        renderer: How to show the log; None picks a notebook figure inside a
            notebook kernel and one text line per epoch anywhere else.
        min_interval: Seconds between redraws; the final state is always drawn.
        batch_points: Also record (and draw, within long epochs) each batch's
            running loss and metrics.
        metrics: Metric names to show, e.g. ``["loss", "accuracy"]`` (Keras 2
            names such as ``"acc"`` work); None shows all. Names never logged are
            skipped and reported with a warning at the end. Only for the automatic
            renderer: give your own renderer its metrics directly.
        clock: Returns the time in seconds, for the throttle (injectable for tests).

    Attributes:
        log: The :class:`HistoryLog` of the current (or last) fit. Its ``history``
            equals the ``History.history`` that ``fit`` returns.
        renderer: The renderer in use.
    """

    def __init__(
        self,
        renderer: Renderer | None = None,
        min_interval: float = 1.0,
        batch_points: bool = False,
        metrics: Sequence[str] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        if renderer is not None and metrics is not None:
            raise ValueError(
                tr("pass metrics to your renderer, e.g. NotebookRenderer(metrics=[...]), not to LiveHistory")
            )
        if renderer is not None and not isinstance(renderer, Renderer):
            raise TypeError(
                tr("renderer must be a kteach.render.Renderer or None; got {kind}", kind=type(renderer).__name__)
            )
        self.renderer = renderer if renderer is not None else auto_renderer(metrics)
        self.throttle = Throttle(min_interval, clock=clock)
        # a renderer that draws on another thread reports its costs itself
        self._time_draws = not self.renderer.report_costs_to(self.throttle.note_cost)
        self.batch_points = bool(batch_points)
        self.metrics = metrics
        # Without batch points the batch hook does nothing, so Keras may keep
        # dispatching batch callbacks off the main thread (no per-batch sync).
        self.async_safe = not self.batch_points
        self.log = HistoryLog()
        self._epoch = 0
        self._finished = True

    def on_train_begin(self, logs: Logs | None = None) -> None:
        """Start a fresh log (one per ``fit``, like Keras's ``History``)."""
        self.log = HistoryLog(planned_epochs=self.params.get("epochs") if self.params else None)
        self.throttle.reset()
        self._finished = False

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        """Remember the epoch, to place batch points on the epoch axis."""
        self._epoch = epoch

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Record the running batch logs (with ``batch_points``), or show a long epoch's progress when due.

        Without batch points Keras may call this off the main thread; the throttle lets one
        caller through, and Keras finishes these calls before the epoch's end is recorded.
        """
        position = self._position(batch)
        if position is None:  # a dataset of unknown length: no point can be placed
            return
        if self.batch_points:
            self.log.add_batch(position, logs)
            self._maybe_draw()
        elif self.throttle.overdue():
            self.log.set_partial(position, logs)
            self._draw()

    def _position(self, batch: int) -> float | None:
        """Where the end of ``batch`` lies on the plot's epoch axis, if the epoch's steps are known."""
        steps = self.params.get("steps") if self.params else None
        return self._epoch + (batch + 1) / steps if steps else None

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        """Record the epoch's logs (non-numeric values are skipped) and maybe redraw."""
        self.log.add_epoch(epoch, logs)
        self._maybe_draw()

    def on_train_end(self, logs: Logs | None = None) -> None:
        """Draw the final state."""
        self.finish()

    def finish(self) -> None:
        """Draw the final state and close this run's output; safe to call more than once.

        Keras does not call ``on_train_end`` when ``fit`` is interrupted, so call
        this after catching ``KeyboardInterrupt``.
        """
        if self._finished:
            return
        self._finished = True
        if self.log.partial is not None:  # stopped mid-epoch: show the finished epochs only
            self.log.set_partial(None)
        self.renderer.close(self.log)
        self._warn_unknown_metrics()

    @property
    def figure(self) -> Any:
        """The renderer's matplotlib figure, if it has one (to save or restyle after training)."""
        return getattr(self.renderer, "figure", None)

    def _maybe_draw(self) -> None:
        """Draw when the throttle allows."""
        if self.throttle.due():
            self._draw()

    def _draw(self) -> None:
        """Draw the log, and tell the throttle what that cost (unless the renderer does)."""
        start = time.perf_counter()
        self.renderer.draw(self.log)
        if self._time_draws:
            self.throttle.note_cost(time.perf_counter() - start)

    def _warn_unknown_metrics(self) -> None:
        """Tell the learner about requested metric names that were never logged."""
        if not self.metrics or not len(self.log):
            return
        names = [self.metrics] if isinstance(self.metrics, str) else list(self.metrics)
        missing = [name for name in names if not self.log.groups([name], strict=False)]
        if missing:
            warnings.warn(
                tr(
                    "LiveHistory: metrics {missing} were never logged; recorded keys: {keys}",
                    missing=missing,
                    keys=self.log.keys,
                ),
                stacklevel=2,
            )


def live_history(**kwargs: Any) -> LiveHistory:
    """Create a :class:`LiveHistory` (same arguments); the lessons' one-liner, from lesson 01."""
    return LiveHistory(**kwargs)
