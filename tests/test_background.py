"""kteach.background: live curves drawn on a worker thread, frames into an Image widget."""

from __future__ import annotations

import threading
import time

import ipywidgets as widgets

from kteach.background import BackgroundRenderer, ImageSink
from kteach.history import HistoryLog
from kteach.render import NotebookRenderer, Renderer

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class SlowRenderer(Renderer):
    """Records which thread drew which revision; each draw takes 50 ms."""

    def __init__(self) -> None:
        self.draws: list[tuple[str, int]] = []
        self.closed: list[tuple[str, int]] = []

    def draw(self, log: HistoryLog) -> None:
        time.sleep(0.05)
        self.draws.append((threading.current_thread().name, log.revision))

    def close(self, log: HistoryLog) -> None:
        self.closed.append((threading.current_thread().name, log.revision))


def test_background_renderer_keeps_drawing_off_the_training_thread() -> None:
    inner = SlowRenderer()
    renderer = BackgroundRenderer(inner)
    log = HistoryLog()
    start = time.perf_counter()
    for epoch in range(10):
        log.add_epoch(epoch, {"loss": 1.0})
        renderer.draw(log)
    assert time.perf_counter() - start < 0.05  # ten draws of 50 ms each did not block the caller
    renderer.close(log)
    assert 1 <= len(inner.draws) < 10  # requests made during a draw collapse into one
    assert all(name == "kteach-live-plot" for name, _ in inner.draws)
    assert inner.closed == [(threading.current_thread().name, 10)]  # the final state, drawn by close
    renderer.draw(log)  # a renderer can serve the next run
    renderer.close(log)
    assert len(inner.closed) == 2


def test_the_worker_reports_each_draws_cost_to_the_hook() -> None:
    costs: list[float] = []
    renderer = BackgroundRenderer(SlowRenderer())
    assert renderer.report_costs_to(costs.append) is True  # so LiveHistory does not time draw() itself
    log = HistoryLog()
    log.add_epoch(0, {"loss": 1.0})
    renderer.draw(log)
    deadline = time.monotonic() + 5
    while not costs and time.monotonic() < deadline:
        time.sleep(0.01)
    renderer.close(log)
    assert len(costs) == 1 and 0.05 <= costs[0] < 5


def test_image_sink_puts_a_notebook_renderers_frames_into_the_widget() -> None:
    image = widgets.Image(format="png")
    renderer = NotebookRenderer(display=ImageSink(image))
    log = HistoryLog()
    log.add_epoch(0, {"loss": 1.0})
    renderer.draw(log)
    first = bytes(image.value)
    log.add_epoch(1, {"loss": 0.5})
    renderer.close(log)
    final = bytes(image.value)
    assert first.startswith(PNG_MAGIC) and final.startswith(PNG_MAGIC) and final != first
