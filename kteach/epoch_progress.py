"""Epochs done and time left of a run: a Keras callback and the line the panel shows.

Used by the hyperparameter panel (lesson 02) for its progress bar; it has
epoch hooks only, so training keeps its speed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import keras

from kteach.i18n import tr


def progress_text(done: int, total: int, elapsed: float) -> str:
    """``epoch 3 of 20, about 12 s left``, estimated from the average epoch so far."""
    if done < 1:
        return tr("epoch 0 of {total}", total=total)
    left = elapsed / done * (total - done)
    return tr("epoch {done} of {total}, about {left:.0f} s left", done=done, total=total, left=left)


class ProgressCallback(keras.callbacks.Callback):
    """Reports ``(epochs done, epochs planned, seconds elapsed)`` after each epoch, and once at the start.

    Epoch hooks only, so training keeps its speed.
    """

    def __init__(self, report: Callable[[int, int, float], None]) -> None:
        super().__init__()
        self.report = report
        self._start = 0.0

    def on_train_begin(self, logs: Mapping[str, Any] | None = None) -> None:
        self._start = time.perf_counter()
        self.report(0, self.params.get("epochs", 0), 0.0)

    def on_epoch_end(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
        self.report(epoch + 1, self.params.get("epochs", 0), time.perf_counter() - self._start)
