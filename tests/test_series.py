"""Tests for kteach.series: time-ordered splits, windows, train-only scaling, baseline, errors, plot."""

from __future__ import annotations

import numpy as np
import pytest

from kteach.series import (
    Standardizer,
    forecast_errors,
    last_value_forecast,
    plot_forecast,
    time_split,
    windows,
)


def test_time_split_keeps_order_and_sizes() -> None:
    assert time_split(100, validation=0.15, test=0.15) == (70, 85)
    assert time_split(309) == (217, 263)


@pytest.mark.parametrize(
    ("length", "validation", "test", "message"),
    [
        (2, 0.15, 0.15, "length"),
        (100, 0.0, 0.15, "validation"),
        (100, 0.15, 1.0, "test"),
        (100, 0.6, 0.5, "validation \\+ test"),
        (4, 0.1, 0.1, "too short"),
    ],
)
def test_time_split_rejects_bad_input(length: int, validation: float, test: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        time_split(length, validation, test)


def test_windows_targets_lie_in_the_split_and_inputs_are_the_past() -> None:
    series = np.arange(10.0)
    inputs, targets = windows(series, window=3, start=5, stop=8)
    assert inputs.shape == (3, 3, 1) and inputs.dtype == np.float32
    np.testing.assert_array_equal(targets, [5, 6, 7])
    np.testing.assert_array_equal(inputs[..., 0], [[2, 3, 4], [3, 4, 5], [4, 5, 6]])


def test_windows_from_the_first_possible_target() -> None:
    inputs, targets = windows([1.0, 2.0, 3.0], window=2, start=2, stop=3)
    np.testing.assert_array_equal(inputs[..., 0], [[1, 2]])
    np.testing.assert_array_equal(targets, [3])


@pytest.mark.parametrize(
    ("window", "start", "stop", "message"),
    [(0, 1, 5, "window must be"), (3, 2, 5, "window <= start"), (3, 5, 5, "start < stop"), (3, 5, 11, "len\\(series\\)")],
)
def test_windows_rejects_bad_bounds(window: int, start: int, stop: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        windows(np.arange(10.0), window, start, stop)


@pytest.mark.parametrize(("series", "message"), [(np.ones((4, 2)), "one-dimensional"), ([1.0, np.nan, 2.0], "NaN")])
def test_windows_rejects_bad_series(series, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        windows(series, 1, 1, 2)


def test_standardizer_uses_training_statistics_only() -> None:
    scaler = Standardizer.fit([1.0, 3.0])
    assert (scaler.mean, scaler.std) == (2.0, 1.0)
    np.testing.assert_allclose(scaler.transform([1.0, 3.0, 10.0]), [-1.0, 1.0, 8.0])
    np.testing.assert_allclose(scaler.inverse(scaler.transform([5.0, -7.5])), [5.0, -7.5])


@pytest.mark.parametrize("train", [[4.0], [2.0, 2.0, 2.0]])
def test_standardizer_refuses_what_it_cannot_scale(train: list[float]) -> None:
    with pytest.raises(ValueError, match="train must hold"):
        Standardizer.fit(train)


def test_last_value_forecast_takes_each_windows_last_value() -> None:
    inputs, _ = windows(np.arange(6.0), window=2, start=2, stop=6)
    np.testing.assert_array_equal(last_value_forecast(inputs), [1, 2, 3, 4])
    np.testing.assert_array_equal(last_value_forecast([[1, 9], [2, 8]]), [9, 8])


def test_last_value_forecast_rejects_other_shapes() -> None:
    with pytest.raises(ValueError, match="inputs must be windows"):
        last_value_forecast(np.zeros(5))


def test_forecast_errors_are_mae_and_rmse() -> None:
    errors = forecast_errors([0.0, 0.0, 0.0, 0.0], {"a": [1.0, -1.0, 1.0, -1.0], "b": [0.0, 0.0, 0.0, 4.0]})
    assert errors == {"a": {"mae": 1.0, "rmse": 1.0}, "b": {"mae": 1.0, "rmse": 2.0}}


def test_forecast_errors_rejects_mismatches() -> None:
    with pytest.raises(ValueError, match="forecasts must name"):
        forecast_errors([1.0], {})
    with pytest.raises(ValueError, match="has 2 values but truth has 1"):
        forecast_errors([1.0], {"model": [1.0, 2.0]})


def test_plot_forecast_draws_truth_and_each_forecast() -> None:
    figure, ax = plot_forecast([2000, 2001, 2002], [1.0, 2.0, 3.0], {"model": [1.0, 2.5, 2.5], "last": [0.5, 1.0, 2.0]})
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["truth", "model", "last"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), [1.0, 2.5, 2.5])
    assert figure is ax.figure


def test_plot_forecast_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="time has 2 values"):
        plot_forecast([1, 2], [1.0, 2.0, 3.0], {})
    with pytest.raises(ValueError, match="forecasts\\['m'\\] has 1 values"):
        plot_forecast([1, 2], [1.0, 2.0], {"m": [1.0]})


def test_errors_and_plot_labels_read_in_chinese(chinese) -> None:
    with pytest.raises(ValueError, match=r"^validation 必须是 0 到 1 之间的比例；收到的是 1\.5$"):
        time_split(100, validation=1.5)
    with pytest.raises(ValueError, match=r"^forecasts\['m'\] 有 1 个值，但 truth 有 2 个$"):
        forecast_errors([1.0, 2.0], {"m": [1.0]})
    _, ax = plot_forecast([1, 2], [1.0, 2.0], {"LSTM": [1.0, 1.5]})
    assert (ax.get_title(), ax.get_ylabel()) == ("预测", "数值")
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["真实值", "LSTM"]
    _, ax = plot_forecast([1, 2], [1.0, 2.0], {}, title="太阳黑子", ylabel="个数")  # the learner's own words stay
    assert (ax.get_title(), ax.get_ylabel()) == ("太阳黑子", "个数")
