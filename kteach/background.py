"""Live curves for widgets: a renderer that draws on a worker thread, into an ``Image`` widget.

Used by the hyperparameter panel (lesson 02): its Train button trains in a
background thread, and drawing there too would slow short runs by several
percent, so each redraw goes to a worker thread and lands in an
``ipywidgets.Image`` instead of an output area.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from kteach.history import HistoryLog
from kteach.render import CostHook, Renderer


class ImageSink:
    """Stands in for IPython's ``display`` so a renderer's frames land in an ``Image`` widget.

    :class:`kteach.render.NotebookRenderer` calls ``display(frame, display_id=True)``
    once and then ``handle.update(frame)``; both set the widget's PNG.
    """

    def __init__(self, image: Any) -> None:
        self.image = image

    def __call__(self, frame: Any, display_id: bool = True) -> ImageSink:
        self.update(frame)
        return self

    def update(self, frame: Any) -> None:
        """Show ``frame`` (anything with ``_repr_png_``)."""
        self.image.value = frame._repr_png_()


class BackgroundRenderer(Renderer):
    """Hands each redraw to a worker thread, so the training thread never waits for matplotlib.

    A redraw costs tens of milliseconds; drawn on the training thread it would
    slow short runs by several percent. Requests that arrive while a frame is
    being drawn collapse into one; ``close`` waits for the worker, then lets
    the wrapped renderer draw the final state. What each draw cost goes to the
    hook given to :meth:`report_costs_to` (the live plot's throttle).

    Args:
        inner: The renderer that does the drawing.
    """

    def __init__(self, inner: Renderer) -> None:
        self.inner = inner
        self.error: Exception | None = None
        self._note_cost: CostHook | None = None
        self._wake = threading.Condition()
        self._pending: HistoryLog | None = None
        self._closing = False
        self._thread: threading.Thread | None = None

    def report_costs_to(self, note_cost: CostHook) -> bool:
        """Time each draw on the worker and report it to ``note_cost``; the caller cannot time it."""
        self._note_cost = note_cost
        return True

    def draw(self, log: HistoryLog) -> None:
        """Ask the worker to draw ``log`` (starting the worker on the first call)."""
        with self._wake:
            self._pending = log
            self._wake.notify()
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="kteach-live-plot", daemon=True)
            self._thread.start()

    def close(self, log: HistoryLog) -> None:
        """Stop the worker, then draw the final state on this thread."""
        if self._thread is not None:
            with self._wake:
                self._closing = True
                self._wake.notify()
            self._thread.join()
            self._thread, self._closing, self._pending = None, False, None
        self.inner.close(log)

    def _work(self) -> None:
        """Draw the latest requested log until ``close``; a drawing error ends the live plot only."""
        while True:
            with self._wake:
                while self._pending is None and not self._closing:
                    self._wake.wait()
                if self._closing:
                    return
                log, self._pending = self._pending, None
            start = time.perf_counter()
            try:
                self.inner.draw(log)
            except Exception as error:  # keep training; the error is kept for inspection
                self.error = error
                return
            if self._note_cost is not None:
                self._note_cost(time.perf_counter() - start)
