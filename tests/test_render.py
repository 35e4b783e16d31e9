"""Tests for kteach.render: text and notebook renderers, renderer choice."""

from __future__ import annotations

import io
import math
import sys
import types

import numpy as np
import pytest

from kteach.history import HistoryLog
from kteach.notebook import in_notebook
from kteach.render import NotebookRenderer, TextRenderer, auto_renderer, format_epoch

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def make_log(epochs: int, *, validation: bool = True, planned: int | None = None) -> HistoryLog:
    log = HistoryLog(planned_epochs=planned)
    for epoch in range(epochs):
        values = {"accuracy": 0.5 + epoch / 100, "loss": 1.0 / (epoch + 1)}
        if validation:
            values.update(val_accuracy=0.4 + epoch / 100, val_loss=1.2 / (epoch + 1))
        log.add_epoch(epoch, values)
    return log


class FakeHandle:
    def __init__(self, shown: object) -> None:
        self.frames = [shown]

    def update(self, obj: object) -> None:
        self.frames.append(obj)


class FakeDisplay:
    """Stands in for IPython's display(obj, display_id=True) -> DisplayHandle."""

    def __init__(self) -> None:
        self.handles: list[FakeHandle] = []

    def __call__(self, obj: object, *, display_id: bool = False) -> FakeHandle:
        assert display_id is True, "the notebook renderer must ask for a display handle"
        self.handles.append(FakeHandle(obj))
        return self.handles[-1]


# --- Text renderer ----------------------------------------------------------------


def test_text_renderer_prints_one_compact_line_per_epoch():
    stream = io.StringIO()
    renderer = TextRenderer(stream=stream)
    renderer.close(make_log(2, planned=20))
    assert stream.getvalue().splitlines() == [
        "epoch 1/20  loss 1.0000  accuracy 0.5000  val_loss 1.2000  val_accuracy 0.4000",
        "epoch 2/20  loss 0.5000  accuracy 0.5100  val_loss 0.6000  val_accuracy 0.4100",
    ]


def test_text_renderer_catches_up_on_throttled_epochs_exactly_once():
    stream = io.StringIO()
    renderer = TextRenderer(metrics=["loss"], stream=stream)
    log = make_log(1)
    renderer.draw(log)
    log.add_epoch(1, {"loss": 0.25})
    log.add_epoch(2, {"loss": 0.125})
    renderer.draw(log)
    renderer.close(log)
    assert stream.getvalue().splitlines() == [
        "epoch 1  loss 1.0000  val_loss 1.2000",
        "epoch 2  loss 0.2500",
        "epoch 3  loss 0.1250",
    ]


def test_text_renderer_starts_over_for_the_next_log_after_close():
    stream = io.StringIO()
    renderer = TextRenderer(metrics="accuracy", stream=stream)
    renderer.close(make_log(1, validation=False))
    renderer.close(make_log(1, validation=False))
    assert stream.getvalue().splitlines() == ["epoch 1  accuracy 0.5000"] * 2


def test_text_renderer_defaults_to_current_stdout(capsys):
    TextRenderer().close(make_log(1, validation=False, planned=3))
    assert capsys.readouterr().out == "epoch 1/3  loss 1.0000  accuracy 0.5000\n"


def test_format_epoch_skips_keys_missing_from_the_epoch():
    assert format_epoch(4, {"loss": 0.123456}, ["loss", "val_loss"], None) == "epoch 5  loss 0.1235"


@pytest.mark.parametrize("metrics", [[], [1], 3])
def test_renderers_reject_bad_metric_lists(metrics):
    with pytest.raises(TypeError, match="metrics must be None or a non-empty list"):
        TextRenderer(metrics=metrics)


# --- Notebook renderer --------------------------------------------------------------


@pytest.fixture
def no_clear_output(monkeypatch):
    """Fail if anything calls IPython's clear_output (nbval would see every frame)."""
    import IPython.display

    def forbidden(*args, **kwargs):
        raise AssertionError("clear_output must not be used")

    monkeypatch.setattr(IPython.display, "clear_output", forbidden)


def test_notebook_renderer_updates_one_display_in_place(no_clear_output):
    display = FakeDisplay()
    renderer = NotebookRenderer(display=display)
    log = make_log(1)
    renderer.draw(log)
    log.add_epoch(1, {"loss": 0.4, "accuracy": 0.6, "val_loss": 0.5, "val_accuracy": 0.55})
    renderer.draw(log)
    renderer.close(log)  # final state already shown: no third frame

    assert len(display.handles) == 1
    frames = display.handles[0].frames
    assert len(frames) == 2
    assert frames[-1]._repr_png_().startswith(PNG_SIGNATURE)
    assert repr(frames[-1]) == "<Figure size 648x216 with 2 Axes>"


def test_notebook_renderer_close_draws_an_undrawn_final_state():
    display = FakeDisplay()
    renderer = NotebookRenderer(display=display)
    log = make_log(1)
    renderer.draw(log)
    log.add_epoch(1, {"loss": 0.4})
    renderer.close(log)
    frames = display.handles[0].frames
    assert len(frames) == 2
    loss_axes = renderer.figure.axes[0]
    train_line = next(line for line in loss_axes.get_lines() if line.get_label() == "train")
    assert list(train_line.get_xdata()) == [1, 2]
    assert list(train_line.get_ydata()) == [1.0, 0.4]


def test_notebook_renderer_next_fit_gets_a_new_output_area():
    display = FakeDisplay()
    renderer = NotebookRenderer(display=display)
    renderer.close(make_log(2))
    renderer.close(make_log(1))
    assert len(display.handles) == 2
    assert [len(handle.frames) for handle in display.handles] == [1, 1]


def test_notebook_renderer_draws_nothing_before_the_first_epoch():
    display = FakeDisplay()
    renderer = NotebookRenderer(display=display)
    renderer.close(HistoryLog())
    assert display.handles == [] and renderer.figure is None


def test_notebook_renderer_one_subplot_per_metric_with_titles_and_legend():
    renderer = NotebookRenderer(display=FakeDisplay())
    log = HistoryLog()
    log.add_epoch(0, {"loss": 1.0, "accuracy": 0.5, "auc": 0.6, "val_loss": 1.1, "val_accuracy": 0.4, "val_auc": 0.5})
    renderer.draw(log)
    axes = renderer.figure.axes
    assert [ax.get_title() for ax in axes] == ["loss", "accuracy", "auc"]
    assert [line.get_label() for line in axes[0].get_lines()] == ["train", "validation"]
    assert [text.get_text() for text in axes[0].get_legend().get_texts()] == ["train", "validation"]
    assert renderer.figure.get_supxlabel() == "epoch"


def test_notebook_renderer_rebuilds_when_validation_appears():
    renderer = NotebookRenderer(metrics=["loss"], display=FakeDisplay())
    log = HistoryLog()
    log.add_epoch(0, {"loss": 1.0})
    renderer.draw(log)
    first = renderer.figure
    assert [line.get_label() for line in first.axes[0].get_lines()] == ["train"]
    log.add_epoch(1, {"loss": 0.8, "val_loss": 0.9})
    renderer.draw(log)
    assert renderer.figure is not first
    validation = renderer.figure.axes[0].get_lines()[1]
    assert (list(validation.get_xdata()), list(validation.get_ydata())) == ([2], [0.9])


def test_notebook_renderer_draws_batch_points_thinly():
    renderer = NotebookRenderer(display=FakeDisplay())
    log = HistoryLog()
    log.add_batch(0.5, {"loss": 2.0})
    renderer.draw(log)  # a long first epoch is visible before it ends
    assert [line.get_label() for line in renderer.figure.axes[0].get_lines()] == ["train (batches)", "train"]
    assert list(renderer.figure.axes[0].get_lines()[0].get_xdata()) == [0.5]


def test_notebook_renderer_survives_nan_and_inf():
    renderer = NotebookRenderer(display=FakeDisplay())
    log = HistoryLog()
    for epoch, loss in enumerate([1.0, math.nan, math.inf, 0.5]):
        log.add_epoch(epoch, {"loss": loss})
    renderer.close(log)
    assert renderer.snapshot().png.startswith(PNG_SIGNATURE)


def test_notebook_renderer_leaves_pyplot_alone():
    import matplotlib.pyplot as plt

    plt.close("all")
    NotebookRenderer(display=FakeDisplay()).close(make_log(3))
    assert plt.get_fignums() == []


# --- choosing a renderer ------------------------------------------------------------


def fake_ipython(shell_class_name: str | None, module: str = "ipykernel.zmqshell") -> types.ModuleType:
    """A stand-in IPython module whose get_ipython() returns a shell of the named class."""
    fake = types.ModuleType("IPython")
    shell = None if shell_class_name is None else type(shell_class_name, (), {"__module__": module})()
    fake.get_ipython = lambda: shell
    return fake


@pytest.mark.parametrize(
    ("ipython", "expected"),
    [
        (None, TextRenderer),
        (fake_ipython(None), TextRenderer),
        (fake_ipython("TerminalInteractiveShell", "IPython.terminal.interactiveshell"), TextRenderer),
        (fake_ipython("ZMQInteractiveShell"), NotebookRenderer),
        (fake_ipython("Shell", "google.colab._shell"), NotebookRenderer),
    ],
)
def test_auto_renderer_picks_notebook_only_inside_a_kernel(monkeypatch, ipython, expected):
    if ipython is None:
        monkeypatch.delitem(sys.modules, "IPython", raising=False)
    else:
        monkeypatch.setitem(sys.modules, "IPython", ipython)
    assert in_notebook() is (expected is NotebookRenderer)
    renderer = auto_renderer(metrics=["loss"])
    assert type(renderer) is expected
    assert renderer.metrics == ("loss",)


# --- Chinese ----------------------------------------------------------------------


def test_text_lines_and_errors_read_in_chinese(chinese):
    assert format_epoch(2, {"loss": 0.25}, ["loss"], 20) == "第 3/20 轮次  loss 0.2500"
    assert format_epoch(2, {"loss": 0.25}, ["loss"], None) == "第 3 轮次  loss 0.2500"


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # the font is only pretended
def test_notebook_figure_labels_read_in_chinese(chinese):
    renderer = NotebookRenderer(display=FakeDisplay())
    log = HistoryLog()
    log.add_batch(0.5, {"loss": 1.2})
    log.add_epoch(0, {"loss": 1.0, "val_loss": 1.1})
    renderer.draw(log)
    ax = renderer.figure.axes[0]
    assert ax.get_title() == "loss"  # metric keys stay as Keras names them
    assert [line.get_label() for line in ax.get_lines()] == ["训练集（逐批）", "训练集", "验证集"]
    assert renderer.figure.get_supxlabel() == "轮次（epoch）"


# --- cheap frames ---------------------------------------------------------------------


def falling_log(epochs: int, planned: int = 20) -> HistoryLog:
    """A log whose loss falls and accuracy rises like a real fit's."""
    log = HistoryLog(planned_epochs=planned)
    for epoch in range(epochs):
        f = math.exp(-epoch / 5)
        log.add_epoch(epoch, {"loss": 0.35 + 0.55 * f, "accuracy": 0.88 - 0.18 * f, "val_loss": 0.4 + 0.5 * f, "val_accuracy": 0.86 - 0.16 * f})
    return log


def pixels(png: bytes):
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_most_frames_redraw_only_the_lines(monkeypatch):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = NotebookRenderer(display=FakeDisplay())
    renderer.draw(falling_log(1))
    assert renderer.figure.axes[0].get_xlim()[1] >= 20  # the x axis spans the planned epochs from the start
    full_draws = []
    real_draw = FigureCanvasAgg.draw
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda canvas: (full_draws.append(1), real_draw(canvas))[1])
    for epochs in range(2, 21):
        renderer.draw(falling_log(epochs))
        for ax in renderer.figure.axes:  # every point stays visible
            ax.relim()
            assert ax.viewLim.x0 <= ax.dataLim.x0 and ax.dataLim.x1 <= ax.viewLim.x1
            assert ax.viewLim.y0 <= ax.dataLim.y0 and ax.dataLim.y1 <= ax.viewLim.y1
    assert len(full_draws) <= 4  # of 19 frames after the first


def test_a_line_only_frame_looks_like_a_full_redraw():
    display = FakeDisplay()
    renderer = NotebookRenderer(display=display)
    renderer.draw(falling_log(8))
    renderer.draw(falling_log(9))  # within the limits: only the lines are drawn again
    frame = pixels(display.handles[0].frames[-1]._repr_png_())
    buffer = io.BytesIO()
    renderer.figure.savefig(buffer, format="png", dpi=renderer.dpi)
    full = pixels(buffer.getvalue())
    assert frame.shape == full.shape == (216, 648, 3)
    differing = np.abs(frame - full).max(axis=2) > 16
    assert differing.mean() < 0.002  # at most the antialiased rim of a line crossing the legend
