"""Lesson 06's exercises: counting windows, scaling without a leak, the naive forecast, a forecaster.

Each exercise below holds its id, difficulty, hints, reference solution and the mistakes learners
make; its check is the function just above it.
"""

from __future__ import annotations

import math

import numpy as np

from kteach.exercises import answers
from kteach.exercises.exercise import EASY, HARD, MEDIUM, Exercise, Mistake, NotYet
from kteach.i18n import tr

SETUP = """
import numpy as np
import keras
import kteach
from statsmodels.datasets import sunspots
from kteach.series import Standardizer, time_split, windows

spots = sunspots.load_pandas().data["SUNACTIVITY"].to_numpy()
train_end, val_end = time_split(len(spots), validation=0.15, test=0.15)
scaler = Standardizer.fit(spots[:train_end])
x_test, y_test = windows(scaler.transform(spots), 30, start=val_end, stop=len(spots))
"""


def check_window_count(answer: object) -> str:
    """06.1: how many (30 inputs, next value) windows a series of 100 values gives."""
    value = answers.number(answer)
    if value == 70:
        return tr("70: the first target is value 31 (after 30 inputs), the last is value 100.")
    if value == 71:
        raise NotYet(tr("71 counts a window starting at value 71, but its target would be value 101, which does not exist"))
    if value == 100:
        raise NotYet(tr("the first 30 values are only inputs: no window can forecast them"))
    raise NotYet(tr("{value:g} is not it: every target needs the 30 values before it", value=value))


def check_train_scaler(answer: object, series: object, train_end: object) -> str:
    """06.2: a Standardizer fitted on the training years only."""
    mean, std = getattr(answer, "mean", None), getattr(answer, "std", None)
    if not isinstance(mean, float) or not isinstance(std, float):
        raise NotYet(tr("the exercise asks for the Standardizer that Standardizer.fit(...) returns; got {kind}", kind=answers.kind_of(answer)))
    values = answers.array(series, tr("the series"))
    end = int(answers.number(train_end))
    if math.isclose(mean, float(values.mean())):
        raise NotYet(tr("your mean {mean:.2f} is the whole series' mean: fitted on every year, the scaler tells the model about the future", mean=mean))
    if not math.isclose(mean, float(values[:end].mean())) or not math.isclose(std, float(values[:end].std())):
        raise NotYet(tr("your mean {mean:.2f} is not the training years' {wanted:.2f}: fit on spots[:train_end]", mean=mean, wanted=float(values[:end].mean())))
    return tr("mean {mean:.2f} and standard deviation {std:.2f} from the training years only: no peek at the future.", mean=mean, std=std)


def check_last_value(answer: object, inputs: object) -> str:
    """06.3: the naive forecast "next year = this year" for every test window, with NumPy."""
    forecast = answers.array(answer, tr("an array of forecasts")).ravel()
    windows = answers.array(inputs, tr("x_test"))
    if windows.ndim == 3:
        windows = windows[..., 0]
    if len(forecast) != len(windows):
        raise NotYet(tr("your forecast has {count} values; there are {windows} test windows, one forecast each", count=len(forecast), windows=len(windows)))
    if np.allclose(forecast, windows[:, 0]):
        raise NotYet(tr("that is the first year of each window; the last value seen is the last year, x_test[:, -1, 0]"))
    if np.allclose(forecast, windows.mean(axis=1)):
        raise NotYet(tr("that is the mean of each window, another baseline; the exercise asks for the last value seen"))
    if not np.allclose(forecast, windows[:, -1]):
        raise NotYet(tr("your forecast differs from the last value of each window: take x_test[:, -1, 0]"))
    return tr("the last value of each of the {count} windows: the baseline any forecaster must beat.", count=len(forecast))


def check_forecaster(answer: object) -> str:
    """06.4: an LSTM forecaster with a linear Dense(1) output, compiled with mse."""
    import keras

    model = answers.model(answer)
    shape = answers.input_shape(model)
    if len(shape) != 3 or shape[-1] != 1:
        raise NotYet(tr("the model takes inputs shaped {shape}; windows are (count, time steps, 1): keras.Input(shape=(None, 1))", shape=answers.shape_text(shape)))
    if not answers.layers_of(model, keras.layers.LSTM):
        raise NotYet(tr("the model has no LSTM layer to read the window in order"))
    plan = answers.dense_plan(model)
    if answers.output_shape(model) != (None, 1):
        raise NotYet(tr("the output is {shape}; one forecast per window needs Dense(1)", shape=answers.shape_text(answers.output_shape(model))))
    if plan[-1][1] != "linear":
        raise NotYet(tr("the output has activation {activation}, which bounds the forecast; scaled sunspots go below 0 and above 1: no activation", activation=plan[-1][1]))
    answers.compiled(model)
    loss = answers.loss_name(model.loss)
    if loss != "mean_squared_error":
        raise NotYet(tr("you compiled with loss {loss}; a forecast is a number, a regression: loss=\"mse\"", loss=loss))
    return tr("an LSTM, a linear Dense(1) and the mean squared error: a forecaster.")


def exercises() -> list[Exercise]:
    """Lesson 06's exercises, easy to hard."""
    forecaster = 'lstm_forecaster = keras.Sequential([keras.Input(shape=(None, 1)), keras.layers.LSTM(32), keras.layers.Dense({dense})])\nlstm_forecaster.compile(loss="{loss}", optimizer="adam")\nkteach.check("06.4", lstm_forecaster)'
    return [
        Exercise(
            id="06.1",
            difficulty=EASY,
            check=check_window_count,
            hints=(
                tr("A window needs 30 inputs and one more value as its target."),
                tr("The first target is value 31, the last is value 100."),
            ),
            solution='count = 100 - 30\nkteach.check("06.1", count)',
            mistakes=(
                Mistake('kteach.check("06.1", 71)', "value 101, which does not exist"),
                Mistake('kteach.check("06.1", 100)', "the first 30 values are only inputs"),
            ),
        ),
        Exercise(
            id="06.2",
            difficulty=MEDIUM,
            check=check_train_scaler,
            context=("spots", "train_end"),
            hints=(
                tr("The training years are spots[:train_end]; the validation and test years must not shape the scaler."),
                tr("Standardizer.fit(spots[:train_end])"),
            ),
            solution='train_scaler = Standardizer.fit(spots[:train_end])\nkteach.check("06.2", train_scaler, spots, train_end)',
            mistakes=(
                Mistake('kteach.check("06.2", Standardizer.fit(spots), spots, train_end)', "the whole series' mean"),
                Mistake('kteach.check("06.2", Standardizer.fit(spots[val_end:]), spots, train_end)', "is not the training years'"),
            ),
        ),
        Exercise(
            id="06.3",
            difficulty=MEDIUM,
            check=check_last_value,
            context=("x_test",),
            hints=(
                tr("x_test is shaped (windows, 30, 1): the last year of every window is at position -1 of axis 1."),
                tr("x_test[:, -1, 0]"),
            ),
            solution='naive = x_test[:, -1, 0]\nkteach.check("06.3", naive, x_test)',
            mistakes=(
                Mistake('kteach.check("06.3", x_test[:, 0, 0], x_test)', "the first year of each window"),
                Mistake('kteach.check("06.3", x_test.mean(axis=1), x_test)', "the mean of each window"),
            ),
        ),
        Exercise(
            id="06.4",
            difficulty=HARD,
            check=check_forecaster,
            hints=(
                tr("keras.Input(shape=(None, 1)): any number of time steps, one value each."),
                tr("A forecast can be any number: Dense(1) with no activation, and the loss mse."),
            ),
            solution=forecaster.format(dense="1", loss="mse"),
            mistakes=(
                Mistake(forecaster.format(dense='1, activation="sigmoid"', loss="mse"), "which bounds the forecast"),
                Mistake(forecaster.format(dense="1", loss="binary_crossentropy"), "a regression"),
            ),
        ),
    ]
