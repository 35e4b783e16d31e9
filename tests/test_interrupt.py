"""Interruptions lose nothing: Stop and Ctrl-C during fit keep the model and the history so far,
and a write interrupted midway leaves no partial file (the old file, if any, stays whole).
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import keras
import numpy as np
import pytest

import kteach
from kteach.datasets import corpus as corpus_module
from kteach.files import atomic_open, write_atomic
from kteach.render import TextRenderer

LONG_RUN = {"epochs": 2000, "batch_size": 64, "hidden_units": 8}  # minutes if nothing stops it
STOP_TIMEOUT_S = 60


class InterruptAfter(keras.callbacks.Callback):
    """Raises KeyboardInterrupt (what Ctrl-C or the kernel's interrupt raises) after ``epochs`` epochs."""

    def __init__(self, epochs: int) -> None:
        super().__init__()
        self.epochs = epochs

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if epoch + 1 == self.epochs:
            raise KeyboardInterrupt


def assert_usable(run: Any, tiny_data: tuple) -> None:
    """The kept model predicts, and the kept history has one value per recorded epoch."""
    (_, _), (x_test, _) = tiny_data
    assert run.model.predict(x_test[:5], verbose=0).shape == (5, 10)
    assert run.history["loss"] and all(len(values) == run.epochs_done for values in run.history.values())


def test_keyboard_interrupt_during_fit_keeps_model_and_history(tiny_data: tuple, capsys: pytest.CaptureFixture) -> None:
    trainer = kteach.Trainer(tiny_data, params=LONG_RUN)
    run = trainer.train(callbacks=[InterruptAfter(3)])
    assert run.status == "stopped" and run.epochs_done == 3
    assert run.message == "interrupted after 3 epochs; the model and its history so far are kept"
    assert sorted(run.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert_usable(run, tiny_data)
    assert trainer.runs == [run] and not trainer.running
    assert "stopped (interrupted after 3 epochs" in capsys.readouterr().out
    assert trainer.train(callbacks=[InterruptAfter(1)]).epochs_done == 1  # the trainer is usable again


def test_keyboard_interrupt_keeps_the_live_plot_and_finish_draws_it(tiny_data: tuple) -> None:
    stream = io.StringIO()
    live = kteach.LiveHistory(renderer=TextRenderer(["loss"], stream=stream), min_interval=0.0)
    trainer = kteach.Trainer(tiny_data, params=LONG_RUN)
    run = trainer.train(callbacks=[live, InterruptAfter(2)], verbose=False)
    live.finish()  # Keras skips on_train_end on an interrupt; the panel (and a lesson) call finish()
    assert len(live.log) == run.epochs_done == 2
    assert [line.split()[:2] for line in stream.getvalue().splitlines()] == [["epoch", "1/2000"], ["epoch", "2/2000"]]


def wait_for(condition: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout} s")
        time.sleep(0.02)


def test_stop_button_during_training_keeps_model_and_history(tiny_data: tuple) -> None:
    panel = kteach.HyperparameterPanel(tiny_data, live=False)
    panel.set(**LONG_RUN)
    panel.train_button.click()  # trains in a background thread, like a click in the browser
    wait_for(lambda: panel.progress.value >= 2, STOP_TIMEOUT_S)
    assert panel.running and panel.stop_button.disabled is False
    panel.stop_button.click()
    run = panel.wait(timeout=STOP_TIMEOUT_S)
    assert run.status == "stopped" and 2 <= run.epochs_done < LONG_RUN["epochs"]
    assert run.message.startswith("stopped after ") and "the model and its history so far are kept" in run.message
    assert_usable(run, tiny_data)
    assert not panel.running and panel.train_button.disabled is False and panel.stop_button.disabled is True
    assert "stopped" in panel.table_html.value


def test_interrupted_write_leaves_no_partial_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "cache.npz"
    target.write_bytes(b"the previous, complete file")
    with pytest.raises(KeyboardInterrupt), atomic_open(target) as handle:
        handle.write(b"half of the new fi")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"the previous, complete file"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cache.npz"]


def test_interrupted_imdb_cache_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KTEACH_CACHE_DIR", str(tmp_path / "cache"))
    real_savez = np.savez

    def savez_then_interrupt(file: Any, **arrays: Any) -> None:
        real_savez(file, **arrays)  # the bytes are written...
        raise KeyboardInterrupt  # ...and Ctrl-C arrives before the rename

    monkeypatch.setattr(corpus_module.np, "savez", savez_then_interrupt)
    split = corpus_module.split_from_lengths(np.arange(6), np.array([2, 4]), np.array([0, 1]))
    with pytest.raises(KeyboardInterrupt):
        corpus_module.cached("key", lambda: corpus_module.Corpus(split, split, ("a", "b")))
    assert list((tmp_path / "cache").iterdir()) == []


def test_interrupted_diagram_save_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kteach.files

    def replace_interrupted(source: str, destination: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kteach.files.os, "replace", replace_interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "model.png", b"\x89PNG not finished")  # how show_model saves to_file
    assert list(tmp_path.iterdir()) == []
