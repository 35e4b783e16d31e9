"""kteach.epoch_progress: the progress line and the callback that reports epochs done."""

from __future__ import annotations

import keras
import numpy as np

from kteach.epoch_progress import ProgressCallback, progress_text


def test_progress_text() -> None:
    assert progress_text(0, 20, 0.0) == "epoch 0 of 20"
    assert progress_text(5, 20, 10.0) == "epoch 5 of 20, about 30 s left"


def test_progress_text_reads_in_chinese(chinese) -> None:
    assert progress_text(5, 20, 10.0) == "第 5/20 轮次，大约还剩 30 秒"


def test_progress_callback_reports_the_start_and_every_epoch() -> None:
    reports: list[tuple[int, int, float]] = []
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.zeros((8, 2)), np.zeros(8), epochs=3, verbose=0, callbacks=[ProgressCallback(lambda *r: reports.append(r))])
    assert [(done, total) for done, total, _ in reports] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    seconds = [elapsed for _, _, elapsed in reports]
    assert seconds[0] == 0.0 and seconds == sorted(seconds)
