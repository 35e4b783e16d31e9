"""Time-series forecasting without leaks: time-ordered splits, windows, scaling, a baseline.

Introduced in lesson 06. A forecaster may only learn from the past: the series is
split in time order, the scaler is fitted on the training part alone, and every
window's target lies in the split it is used for (its inputs may reach back into the
previous split, which is the past the model would know when forecasting).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from kteach.checks import check_float, check_int, numeric_array
from kteach.fonts import plot_text
from kteach.i18n import tr


def _as_series(series: Any, name: str = "series") -> np.ndarray:
    """Return ``series`` as a 1-D float array, or raise a TypeError/ValueError that says what is wrong."""
    values = numeric_array(name, series).astype("float64")
    if values.ndim != 1:
        raise ValueError(
            tr(
                "{name} must be one-dimensional (one value per time step), got shape {shape}",
                name=name,
                shape=values.shape,
            )
        )
    return values


def time_split(length: int, validation: float = 0.15, test: float = 0.15) -> tuple[int, int]:
    """Return ``(train_end, val_end)``: train is ``[:train_end]``, then validation, then test.

    The split keeps time order, never shuffling, so validation and test are the
    future of what the model trained on (lesson 06).

    Raises:
        ValueError: ``length`` is below 3, or the fractions are not in (0, 1) with a sum
            below 1, or a part would be empty.
    """
    length = check_int("length", length, minimum=3)
    for name, fraction in (("validation", validation), ("test", test)):
        if not 0 < check_float(name, fraction) < 1:
            raise ValueError(
                tr("{name} must be a fraction between 0 and 1, got {fraction}", name=name, fraction=fraction)
            )
    if validation + test >= 1:
        raise ValueError(
            tr("validation + test must be below 1 to leave a training part, got {total}", total=validation + test)
        )
    val_end = length - round(length * test)
    train_end = val_end - round(length * validation)
    if not 0 < train_end < val_end < length:
        raise ValueError(
            tr(
                "length {length} is too short for validation={validation} and test={test}: a part is empty",
                length=length,
                validation=validation,
                test=test,
            )
        )
    return train_end, val_end


def windows(series: Any, window: int, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut inputs/targets whose targets are ``series[start:stop]``, each with the ``window`` values before it.

    Introduced in lesson 06 (the tutorial's ``create_dataset``, in NumPy and without
    its leaks). Inputs come shaped ``(count, window, 1)`` for a recurrent layer.

    Raises:
        ValueError: ``window`` is below 1, or ``start``/``stop`` do not satisfy
            ``window <= start < stop <= len(series)``.
    """
    values = _as_series(series)
    window = check_int("window", window, minimum=1)
    start, stop = check_int("start", start, minimum=0), check_int("stop", stop, minimum=0)
    if not window <= start < stop <= len(values):
        raise ValueError(
            tr(
                "need window <= start < stop <= len(series) ({window} <= {start} < {stop} <= {length}): "
                "the first target needs `window` earlier values",
                window=window,
                start=start,
                stop=stop,
                length=len(values),
            )
        )
    targets = np.arange(start, stop)
    inputs = values[targets[:, None] - np.arange(window, 0, -1)]
    return inputs[..., None].astype("float32"), values[targets].astype("float32")


@dataclass(frozen=True)
class Standardizer:
    """Scales a series to mean 0 and standard deviation 1 with statistics of the training part only.

    Introduced in lesson 06: fitting on the whole series would let the model see the
    future's level and spread, a leak that flatters the test error.
    """

    mean: float
    std: float

    @classmethod
    def fit(cls, train: Any) -> Standardizer:
        """Learn mean and standard deviation from ``train`` (never from validation or test data).

        Raises:
            ValueError: ``train`` has fewer than 2 values or is constant.
        """
        values = _as_series(train, "train")
        if len(values) < 2 or values.std() == 0:
            raise ValueError(
                tr("train must hold at least 2 values that are not all equal, to have a spread to scale by")
            )
        return cls(mean=float(values.mean()), std=float(values.std()))

    def transform(self, values: Any) -> np.ndarray:
        """Return ``values`` scaled with the training statistics."""
        return (numeric_array("values", values).astype("float64") - self.mean) / self.std

    def inverse(self, values: Any) -> np.ndarray:
        """Return scaled ``values`` (e.g. forecasts) in the series' own units."""
        return numeric_array("values", values).astype("float64") * self.std + self.mean


def last_value_forecast(inputs: Any) -> np.ndarray:
    """Forecast each step as the last value seen: the naive baseline a model must beat (lesson 06).

    Raises:
        ValueError: ``inputs`` is not shaped ``(count, window)`` or ``(count, window, 1)``.
    """
    values = numeric_array("inputs", inputs)
    if values.ndim == 3 and values.shape[-1] == 1:
        values = values[..., 0]
    if values.ndim != 2 or values.shape[1] < 1:
        raise ValueError(
            tr(
                "inputs must be windows shaped (count, window) or (count, window, 1), got {shape}",
                shape=np.shape(inputs),
            )
        )
    return values[:, -1]


def forecast_errors(truth: Any, forecasts: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """Return the mean absolute and root mean squared error of each named forecast against ``truth``.

    Introduced in lesson 06 to compare a model with the baseline on the same steps.

    Raises:
        ValueError: ``forecasts`` is empty or a forecast's length differs from ``truth``'s.
    """
    actual = _as_series(truth, "truth")
    _check_forecasts(forecasts)
    if not forecasts:
        raise ValueError(tr("forecasts must name at least one forecast, e.g. {'LSTM': predicted}"))
    if not len(actual):
        raise ValueError(tr("truth must hold at least one value to measure errors on"))
    errors = {}
    for name, forecast in forecasts.items():
        predicted = _as_series(forecast, f"forecasts[{name!r}]")
        if predicted.shape != actual.shape:
            raise ValueError(_length_mismatch(f"forecasts[{name!r}]", len(predicted), len(actual)))
        difference = predicted - actual
        errors[name] = {"mae": float(np.abs(difference).mean()), "rmse": float(np.sqrt((difference**2).mean()))}
    return errors


def _check_forecasts(forecasts: Any) -> None:
    """Raise a TypeError unless ``forecasts`` is a ``{label: values}`` mapping."""
    if not isinstance(forecasts, Mapping):
        raise TypeError(
            tr(
                "forecasts must be a dict of label -> forecast values, e.g. {example}; got {kind}",
                example="{'LSTM': predicted}",
                kind=type(forecasts).__name__,
            )
        )


def _length_mismatch(name: str, count: int, truth_count: int) -> str:
    """The message for a series ``name`` whose length differs from the truth's."""
    return tr("{name} has {count} values but truth has {truth_count}", name=name, count=count, truth_count=truth_count)


def plot_forecast(
    time: Any, truth: Any, forecasts: Mapping[str, Any], title: str | None = None, ylabel: str | None = None
) -> tuple[Any, Any]:
    """Plot the true series and each forecast over ``time``, the truth in black (lesson 06).

    Args:
        time: The time step of each value, for the x axis.
        truth: The true values.
        forecasts: ``{label: forecast values}``, each as long as ``truth``.
        title: The plot's title; None writes "Forecast" in the current language.
        ylabel: The y axis label; None writes "value" in the current language.

    Returns:
        The figure and its axes.

    Raises:
        ValueError: ``time``, ``truth`` and a forecast differ in length.
    """
    steps = np.asarray(time)
    if steps.ndim != 1:
        raise ValueError(
            tr(
                "{name} must be one-dimensional (one value per time step), got shape {shape}",
                name="time",
                shape=steps.shape,
            )
        )
    actual = _as_series(truth, "truth")
    if len(steps) != len(actual):
        raise ValueError(_length_mismatch("time", len(steps), len(actual)))
    _check_forecasts(forecasts)
    figure, ax = plt.subplots(figsize=(9, 3.5))
    ax.plot(steps, actual, color="black", linewidth=2, label=plot_text("truth"))
    for name, forecast in forecasts.items():
        predicted = _as_series(forecast, f"forecasts[{name!r}]")
        if len(predicted) != len(actual):
            raise ValueError(_length_mismatch(f"forecasts[{name!r}]", len(predicted), len(actual)))
        ax.plot(steps, predicted, linestyle="--", marker=".", label=name)
    ax.set_title(plot_text("Forecast") if title is None else title)
    ax.set_ylabel(plot_text("value") if ylabel is None else ylabel)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return figure, ax
