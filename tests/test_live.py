"""Tests for kteach.live: the LiveHistory Keras callback."""

from __future__ import annotations

import types

import keras
import numpy as np
import pytest

import kteach
from kteach.history import HistoryLog
from kteach.live import LiveHistory, live_history
from kteach.render import NotebookRenderer, Renderer, TextRenderer

EPOCH_LOGS = {"loss": 1.0, "accuracy": 0.5, "val_loss": 1.1, "val_accuracy": 0.4}


class RecordingRenderer(Renderer):
    """Remembers how many epochs the log had at each draw and at close."""

    def __init__(self) -> None:
        self.draws: list[int] = []
        self.closes: list[int] = []
        self.final_history: dict[str, list[float]] = {}

    def draw(self, log: HistoryLog) -> None:
        self.draws.append(len(log))

    def close(self, log: HistoryLog) -> None:
        self.closes.append(len(log))
        self.final_history = log.history


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class StopAt(keras.callbacks.Callback):
    """Raises KeyboardInterrupt at the end of one epoch, like a learner's Ctrl-C."""

    def __init__(self, epoch: int) -> None:
        super().__init__()
        self.epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        if epoch == self.epoch:
            raise KeyboardInterrupt


def tiny_model() -> keras.Model:
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def tiny_data(samples: int = 40) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.random((samples, 4), dtype=np.float32), rng.integers(0, 3, samples)


def run_hooks(callback: LiveHistory, epochs: int, clock: FakeClock | None = None, step: float = 0.0) -> None:
    """Call the hooks as fit would, with fake logs and no model."""
    callback.set_params({"epochs": epochs, "steps": 2, "verbose": 0})
    callback.on_train_begin()
    for epoch in range(epochs):
        callback.on_epoch_begin(epoch)
        for batch in range(2):
            callback.on_train_batch_end(batch, {"loss": 2.0 - batch})
        callback.on_epoch_end(epoch, dict(EPOCH_LOGS))
        if clock is not None:
            clock.now += step
    callback.on_train_end()


def test_recorded_history_equals_keras_history_after_a_real_fit():
    keras.utils.set_random_seed(0)
    x, y = tiny_data()
    live = LiveHistory(renderer=RecordingRenderer())
    history = tiny_model().fit(x, y, epochs=3, batch_size=8, validation_split=0.25, verbose=0, callbacks=[live])
    assert live.log.history == history.history
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert live.renderer.closes == [3]


def test_throttle_limits_draws_and_the_final_state_is_always_drawn():
    clock = FakeClock()
    renderer = RecordingRenderer()
    live = LiveHistory(renderer=renderer, min_interval=1.0, clock=clock)
    run_hooks(live, epochs=20, clock=clock, step=0.375)  # 7.5 s of training: one draw per 1 s slot
    assert renderer.draws == [1, 4, 6, 9, 12, 14, 17, 20]
    assert renderer.closes == [20]
    assert renderer.final_history["loss"] == [1.0] * 20


def test_a_new_fit_starts_a_new_log_and_draws_its_first_epoch():
    clock = FakeClock()
    renderer = RecordingRenderer()
    live = LiveHistory(renderer=renderer, min_interval=60, clock=clock)
    run_hooks(live, epochs=3)
    first_log = live.log
    run_hooks(live, epochs=2)
    assert live.log is not first_log and len(live.log) == 2
    assert renderer.draws == [1, 1] and renderer.closes == [3, 2]


def test_text_fallback_prints_every_epoch_of_a_real_fit(capsys):
    keras.utils.set_random_seed(0)
    x, y = tiny_data()
    live = LiveHistory()
    assert isinstance(live.renderer, TextRenderer)  # pytest runs outside a notebook kernel
    tiny_model().fit(x, y, epochs=3, batch_size=8, validation_split=0.25, verbose=0, callbacks=[live])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["epoch 1/3", "epoch 2/3", "epoch 3/3"]
    for line, loss in zip(lines, live.log.history["loss"]):
        assert f"loss {loss:.4f}" in line and "val_accuracy" in line


def test_unknown_and_non_numeric_keys_are_skipped():
    renderer = RecordingRenderer()
    live = LiveHistory(renderer=renderer)
    live.set_params({"epochs": 1})
    live.on_train_begin()
    live.on_epoch_end(0, {"loss": 0.5, "compile_metrics": {"accuracy": 0.3}, "note": "x", "weights": np.ones(2)})
    live.on_train_end()
    assert renderer.final_history == {"loss": [0.5]}


def test_metrics_never_logged_are_skipped_with_a_warning(capsys):
    live = LiveHistory(metrics=["loss", "auc"])
    with pytest.warns(UserWarning, match=r"\['auc'\] were never logged; recorded keys: \['loss'"):
        run_hooks(live, epochs=1)
    assert capsys.readouterr().out == "epoch 1/1  loss 1.0000  val_loss 1.1000\n"


def test_keyboard_interrupt_mid_fit_keeps_the_epochs_so_far():
    x, y = tiny_data()
    renderer = RecordingRenderer()
    live = LiveHistory(renderer=renderer)
    model = tiny_model()
    with pytest.raises(KeyboardInterrupt):
        model.fit(x, y, epochs=10, batch_size=8, verbose=0, callbacks=[live, StopAt(epoch=2)])
    assert len(live.log) == 3  # epochs 0, 1 and 2 finished before the interrupt
    assert renderer.closes == []  # Keras skips on_train_end on an exception
    live.finish()
    live.finish()  # idempotent
    assert renderer.closes == [3]
    assert len(renderer.final_history["loss"]) == 3
    assert model.predict(x[:2], verbose=0).shape == (2, 3)  # the model is still usable


def test_batch_points_are_recorded_on_the_epoch_axis():
    live = LiveHistory(renderer=RecordingRenderer(), batch_points=True, min_interval=0)
    run_hooks(live, epochs=2)
    assert live.log.batch_series("loss") == ([0.5, 1.0, 1.5, 2.0], [2.0, 1.0, 2.0, 1.0])
    assert live.renderer.draws == [0, 0, 1, 1, 1, 2]  # batch draws within the epochs too
    assert live.async_safe is False


def test_without_batch_points_the_batch_hook_stays_async_safe():
    live = LiveHistory(renderer=RecordingRenderer())
    run_hooks(live, epochs=1)
    assert live.log.batch_records == []
    assert live.async_safe is True


class PartialRecorder(RecordingRenderer):
    """Also remembers where the epoch in progress was drawn (None: only finished epochs)."""

    def __init__(self) -> None:
        super().__init__()
        self.positions: list[float | None] = []

    def draw(self, log: HistoryLog) -> None:
        super().draw(log)
        self.positions.append(log.partial[0] if log.partial else None)


def test_a_long_epoch_shows_its_progress_and_the_final_log_is_keras_history():
    clock = FakeClock()
    live = LiveHistory(renderer=PartialRecorder(), clock=clock)
    live.set_params({"epochs": 3, "steps": 10, "verbose": 0})
    live.on_train_begin()
    for epoch in range(3):
        live.on_epoch_begin(epoch)
        for batch in range(10 if epoch < 2 else 5):  # 4 s epochs; the third is stopped half-way (Ctrl-C)
            clock.now += 0.4
            live.on_train_batch_end(batch, {"loss": 3.0 - epoch - batch / 10})
        if epoch < 2:
            live.on_epoch_end(epoch, dict(EPOCH_LOGS))
    # every 1.6 s epoch 1's running loss is drawn part-way; its end replaces it with the epoch's value
    assert live.renderer.positions[:3] == [pytest.approx(0.4), pytest.approx(0.8), None]
    assert live.log.series("loss") == ([1, 2, pytest.approx(2.4)], [1.0, 1.0, pytest.approx(0.7)])
    live.finish()
    assert live.log.partial is None  # a stopped fit shows its finished epochs only
    assert live.log.series("loss") == ([1, 2], [1.0, 1.0])
    assert live.renderer.final_history == live.log.history
    assert live.log.history["loss"] == [1.0, 1.0]


def test_batch_points_need_a_known_step_count():
    live = LiveHistory(renderer=RecordingRenderer(), batch_points=True)
    live.set_params({"epochs": 1, "steps": None})
    live.on_train_begin()
    live.on_train_batch_end(0, {"loss": 1.0})
    assert live.log.batch_records == []


def test_figure_is_the_notebook_renderers_figure():
    renderer = NotebookRenderer(display=lambda frame, display_id: types.SimpleNamespace(update=lambda frame: None))
    live = LiveHistory(renderer=renderer)
    run_hooks(live, epochs=2)
    assert live.figure is renderer.figure
    assert [ax.get_title() for ax in live.figure.axes] == ["loss", "accuracy"]


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="pass metrics to your renderer"):
        LiveHistory(renderer=RecordingRenderer(), metrics=["loss"])
    with pytest.raises(TypeError, match="renderer must be a kteach.render.Renderer"):
        LiveHistory(renderer=print)
    with pytest.raises(ValueError, match="min_interval must be"):
        LiveHistory(min_interval=-1)


def test_errors_warnings_and_lines_read_in_chinese(capsys):
    kteach.set_language("zh")
    try:
        with pytest.raises(ValueError, match=r"^请把 metrics 传给你的渲染器，例如 NotebookRenderer"):
            LiveHistory(renderer=RecordingRenderer(), metrics=["loss"])
        with pytest.raises(TypeError, match=r"^renderer 必须是 kteach.render.Renderer 或 None；收到的是 builtin_function"):
            LiveHistory(renderer=print)
        with pytest.warns(UserWarning, match=r"^LiveHistory：指标 \['auc'\] 从未被记录；已记录的键：\['loss', "):
            run_hooks(LiveHistory(metrics=["loss", "auc"]), epochs=1)
    finally:
        kteach.set_language("en")
    assert capsys.readouterr().out == "第 1/1 轮次  loss 1.0000  val_loss 1.1000\n"


def test_live_history_convenience_and_package_exports():
    live = live_history(min_interval=0.5, metrics=["loss"])
    assert isinstance(live, LiveHistory)
    assert live.throttle.min_interval == 0.5 and live.renderer.metrics == ("loss",)
    assert kteach.LiveHistory is LiveHistory and kteach.live_history is live_history
    assert live.figure is None  # a text renderer has no figure


class SelfTimedRenderer(RecordingRenderer):
    """Reports a 30 ms cost per draw itself, as a renderer drawing off the training thread does."""

    def report_costs_to(self, note_cost):
        self.note_cost = note_cost
        return True

    def draw(self, log: HistoryLog) -> None:
        super().draw(log)
        self.note_cost(0.03)


def test_a_costly_background_draw_spaces_the_redraws_out():
    clock = FakeClock()
    renderer = SelfTimedRenderer()  # LiveHistory must not overwrite its report with its own near-zero timing
    live = LiveHistory(renderer=renderer, min_interval=1.0, clock=clock)
    run_hooks(live, epochs=20, clock=clock, step=0.375)
    assert live.throttle.interval == pytest.approx(min(0.03 / 0.02, 2.0 - 1.5 * 0.375))  # budget, capped by max_gap
    assert len(renderer.draws) < 8  # fewer than the 8 draws of cheap ones (see above)
    assert renderer.closes == [20]
