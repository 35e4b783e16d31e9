"""Tests for kteach.curve_style: the subplot grid and the one function that draws training curves."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from kteach.curve_style import BATCH_STYLE, TRAIN_STYLE, VAL_STYLE, draw_groups, grid_shape
from kteach.history import HistoryLog


def test_grid_shape():
    assert [grid_shape(n) for n in (1, 2, 3, 4, 7)] == [(1, 1), (1, 2), (1, 3), (2, 3), (3, 3)]
    with pytest.raises(ValueError, match="count must be at least 1"):
        grid_shape(0)


def test_draw_groups_draws_each_recorded_side_with_its_style_and_returns_the_lines():
    log = HistoryLog()
    log.add_batch(0.5, {"loss": 2.0})
    log.add_epoch(0, {"loss": 1.0, "val_loss": 1.2, "accuracy": 0.5})
    groups = log.groups()
    axes = Figure().subplots(1, 2).ravel()
    curves = draw_groups(axes, groups, log, batches=True)
    assert [(curve.key, curve.batches) for curve in curves] == [
        ("loss", True), ("loss", False), ("val_loss", False), ("accuracy", True), ("accuracy", False)
    ]
    loss_lines = axes[0].get_lines()
    assert [line.get_label() for line in loss_lines] == ["train (batches)", "train", "validation"]
    assert [line.get_linestyle() for line in loss_lines] == [
        BATCH_STYLE["linestyle"], TRAIN_STYLE["linestyle"], VAL_STYLE["linestyle"]
    ]
    assert list(loss_lines[0].get_xdata()) == [0.5] and list(loss_lines[2].get_ydata()) == [1.2]
    log.add_epoch(1, {"loss": 0.5, "val_loss": 0.7, "accuracy": 0.6})
    curves[1].refresh(log)
    assert list(loss_lines[1].get_xdata()) == [1, 2] and list(loss_lines[1].get_ydata()) == [1.0, 0.5]


def test_draw_groups_labels_and_colours_a_run_and_skips_keys_it_never_recorded():
    log = HistoryLog.from_history({"loss": [1.0, 0.8]})
    groups = HistoryLog.from_history({"loss": [1.0], "val_loss": [1.1]}).groups()
    ax = Figure().subplots()
    curves = draw_groups([ax], groups, log, run="run 2", colour="green")
    assert [line.get_label() for line in ax.get_lines()] == ["run 2 train"]
    assert ax.get_lines()[0].get_color() == "green" and len(curves) == 1
