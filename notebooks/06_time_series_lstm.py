# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext,-jupytext.text_representation
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 06: forecasting a time series with an LSTM
#
# **Description:** forecast next year's sunspot number from the 30 years before it with an LSTM,
# split in time order and scaled without peeking at the future, and compare it honestly with the
# naive forecast "same as last year".
#
# Lesson 03 read a sequence of words and gave one label. A time series is a sequence too, and an
# LSTM can read the last 30 values and output the next one: a **regression**, trained with the
# mean squared error. This lesson follows section 4.2 of the tutorial: windows of 30 steps,
# `LSTM(64)` + `Dense(1)`, Adam, `EarlyStopping(patience=5)` on the validation loss, a test loss
# and a plot of the forecast.
#
# The tutorial never says which series it forecasts, and its code has bugs that make it either
# fail or measure the wrong thing (listed at the end). We use a real series that ships with the
# `statsmodels` package: the yearly mean number of **sunspots** from 1700 to 2008, a classic of
# forecasting with its famous cycle of about 11 years.
#
# *Quick mode* (`KTEACH_QUICK=1`, what the tests run) changes only the number type here (64-bit
# floats, see lesson 01): the series is small, so even quick mode trains for up to the tutorial's
# 100 epochs, in seconds, and EarlyStopping ends it in both modes.
#
# *New words are explained where they first appear; the [glossary](glossary.md) collects them.*
#
# *中文版 (Chinese version): [zh/06_time_series_lstm.ipynb](zh/06_time_series_lstm.ipynb)*

# %% [markdown]
# *On Colab?* The next cell installs kteach when it is missing; anywhere else it does nothing.

# %%
# On Colab: install kteach if it is missing. Where kteach is installed (your machine, Binder)
# this cell does nothing. (The panel turns on Colab's widget support itself.)
import importlib.util, subprocess, sys

if importlib.util.find_spec("kteach") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "kteach @ git+https://github.com/kteach/kteach"], check=True)

# %% [markdown]
# ## Setup

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from statsmodels.datasets import sunspots

import kteach
from kteach.series import Standardizer, forecast_errors, last_value_forecast, plot_forecast, time_split, windows

kteach.set_language("en")  # "zh": kteach's messages and plot labels in Chinese
kteach.seed_everything(42)
QUICK = kteach.quick_mode()

WINDOW = 30  # years the model reads to forecast the next one (the tutorial's window_size)
LSTM_UNITS = 64
BATCH_SIZE = 32  # windows per weight update (the tutorial's batch(1) made 187 updates per epoch)
EPOCHS = 100  # an upper bound: EarlyStopping usually stops sooner
PATIENCE = 5  # epochs without a lower validation loss before stopping
VALIDATION = 0.15  # share of the series, in time order, after the training part
TEST = 0.15  # the last share of the series

print(kteach.versions(), "| quick mode:", QUICK)

# %% [markdown]
# ## Load the series
#
# `statsmodels` ships the data inside the package, so it loads offline. One value per year.

# %%
data = sunspots.load_pandas().data
years = data["YEAR"].to_numpy().astype(int)
spots = data["SUNACTIVITY"].to_numpy()

print(len(spots), "years,", years[0], "to", years[-1])
print("sunspots per year: min", spots.min(), "| mean", round(spots.mean(), 1), "| max", spots.max())

# %% [markdown]
# ## Split in time order
#
# A forecaster is used on the future, so it must be tested on the future: the **first** 70% of
# the years train the model, the next 15% validate it (early stopping watches them) and the
# **last** 15% test it. Never shuffle a series before splitting it: the test years would sit
# between training years, and the model would "forecast" by interpolating between known
# neighbours.

# %%
train_end, val_end = time_split(len(spots), validation=VALIDATION, test=TEST)

for name, part in (("train", slice(0, train_end)), ("validation", slice(train_end, val_end)), ("test", slice(val_end, None))):
    print(f"{name:10} {years[part][0]}-{years[part][-1]} ({len(years[part])} years)")

# %%
fig, ax = plt.subplots(figsize=(9, 3))
ax.plot(years, spots, color="black", linewidth=1)
ax.axvspan(years[train_end], years[val_end - 1], color="C1", alpha=0.2, label="validation")
ax.axvspan(years[val_end], years[-1], color="C2", alpha=0.2, label="test")
ax.set_ylabel("sunspots")
legend = ax.legend(loc="upper left")
print(f"yearly mean {spots.mean():.1f}, highest {spots.max():.1f} in {years[spots.argmax()]}")

# %% [markdown]
# ## Scale with the training years only
#
# Neural networks learn best from values around 0 with a spread of about 1, so we standardise:
# subtract a mean, divide by a standard deviation. Both are computed from the **training years
# only**. Fitting them on the whole series would tell the model about the future's level and
# spread, a leak that makes the test error look better than it would be in real use. The
# validation and test years are scaled with the training statistics, whatever they are.
#
# In plain NumPy that is two lines: the statistics of the training years, applied to every year.

# %%
train_mean, train_std = spots[:train_end].mean(), spots[:train_end].std()
scaled_by_hand = (spots - train_mean) / train_std

# %% [markdown]
# `kteach.series.Standardizer` does the same and keeps the two numbers to undo the scaling later
# (`inverse`), which we need to read forecasts in sunspots again.

# %%
scaler = Standardizer.fit(spots[:train_end])
scaled = scaler.transform(spots)

print(f"training mean {scaler.mean:.2f}, standard deviation {scaler.std:.2f}")
print(f"test years once scaled: mean {scaled[val_end:].mean():.2f}, std {scaled[val_end:].std():.2f} (not 0 and 1: the future differs)")
print("the same as the NumPy lines:", np.allclose(scaled, scaled_by_hand))

# %% [markdown]
# ## Cut the series into windows
#
# Each example is a **window**: 30 consecutive years as input, the year after them as target.
# A window belongs to the split of its **target**: validation windows forecast validation years,
# and their inputs may reach back into training years, which is fair, because when forecasting
# 1963 you know 1933-1962. So no target is ever seen in training and then tested.
#
# The LSTM wants inputs shaped `(windows, time steps, features)`: here `(count, 30, 1)`, one
# feature per step.
#
# In plain NumPy, the training windows are one slice per target year `t`: inputs
# `scaled[t - 30 : t]`, target `scaled[t]`. `kteach.series.windows` does exactly this for any
# range of target years, and checks its arguments.

# %%
targets = range(WINDOW, train_end)  # the positions of the training targets
x_by_hand = np.stack([scaled[t - WINDOW : t] for t in targets])[..., np.newaxis]
y_by_hand = scaled[WINDOW:train_end]
print("inputs", x_by_hand.shape, "| targets", y_by_hand.shape)

# %%
x_train, y_train = windows(scaled, WINDOW, start=WINDOW, stop=train_end)
x_val, y_val = windows(scaled, WINDOW, start=train_end, stop=val_end)
x_test, y_test = windows(scaled, WINDOW, start=val_end, stop=len(scaled))

for name, x, y in (("train", x_train, y_train), ("validation", x_val, y_val), ("test", x_test, y_test)):
    print(f"{name:10} inputs {x.shape}, targets {y.shape}")
print("training windows as in NumPy:", np.allclose(x_train, x_by_hand), np.allclose(y_train, y_by_hand))

# %% [markdown]
# The first test window, back in sunspots: 30 years of input, then the year to forecast.

# %%
first = scaler.inverse(x_test[0, :, 0])
print("inputs", years[val_end - WINDOW], "-", years[val_end - 1], ":", np.round(first).astype(int))
print("target", years[val_end], ":", round(float(scaler.inverse(y_test[0])), 1))

# %% [markdown]
# Keras has this built in too: `keras.utils.timeseries_dataset_from_array` cuts the same windows
# into a `tf.data.Dataset` (useful when the series does not fit in memory). Because it returns a
# `tf.data` dataset, this one cell needs TensorFlow installed, whatever Keras backend is active
# (lesson 07 shows the backends). The windows match:

# %%
dataset = keras.utils.timeseries_dataset_from_array(
    scaled[:-1], targets=scaled[WINDOW:], sequence_length=WINDOW, batch_size=len(scaled)
)
all_inputs, all_targets = next(iter(dataset))
print("same training windows:", np.allclose(all_inputs[: len(x_train)], x_train[..., 0]), "| same targets:", np.allclose(all_targets[: len(y_train)], y_train))

# %% [markdown]
# > **The tutorial's data pipeline, fixed.** Its `create_dataset` had four problems:
# >
# > - `series = scaled_series[:training_split]` keeps the training years only, then
# >   `series[training_split:]` takes the years after `training_split` *of that truncated series*,
# >   which is empty: the validation set has no windows at all. We cut every split from the full
# >   scaled series, by the position of its targets.
# > - `scaled_series` and `scaler` are never defined; a scaler fitted on the whole series leaks the
# >   future. Ours is fitted on the training years only.
# > - `ds.shuffle(1000)` ran inside `create_dataset`, so it shuffled the validation windows too
# >   (harmless but pointless). We only shuffle training windows, and only after the split:
# >   `fit` does that each epoch (`shuffle=True` is its default); validation and test stay in order.
# > - `batch(1)` updated the weights after every single window: slow and noisy. We use batches of 32.

# %% [markdown]
# ## Build the model
#
# `LSTM(64)` reads the 30 values one by one and outputs its 64-number memory after the last;
# `Dense(1)` with no activation turns it into one number, the forecast (a regression can output
# any value, so no sigmoid or softmax). The loss is the **mean squared error** (`mse`).
#
# > **Keras 2 → Keras 3.** `LSTM(64, input_shape=[None, 1])` still runs but warns: put
# > `keras.Input(shape=(None, 1))` before the layer instead. `None` time steps means the model accepts windows of any length.

# %%
model = keras.Sequential(
    [keras.Input(shape=(None, 1)), keras.layers.LSTM(units=LSTM_UNITS), keras.layers.Dense(units=1)],
    name="sunspot_lstm",
)
model.compile(loss="mse", optimizer="adam")
model.summary()

# %% [markdown]
# ## Train, stopping early
#
# `EarlyStopping` watches the validation loss and stops after 5 epochs without improvement;
# `restore_best_weights=True` puts back the best epoch's weights (the tutorial kept the last
# epoch's, 5 epochs past the best).

# %%
early_stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=PATIENCE, restore_best_weights=True)

history = model.fit(
    x_train,
    y_train,
    epochs=EPOCHS,
    batch_size=BATCH_SIZE,
    validation_data=(x_val, y_val),
    callbacks=[early_stop, kteach.LiveHistory()],
    verbose=0,
)
best_epoch = int(np.argmin(history.history["val_loss"])) + 1
print("trained", len(history.epoch), "epochs; best val_loss", round(min(history.history["val_loss"]), 4), "at epoch", best_epoch)

# %% [markdown]
# ## Test loss
#
# > **Keras 2 → Keras 3 (and a bug in the tutorial).** `model.evaluate(ds_val)[0]` assumes a list
# > (loss, metrics...). A model compiled with a loss and no metrics returns a single number, so
# > `[0]` fails (`TypeError`: "'float' object is not subscriptable"). Take the number itself. The tutorial also
# > evaluated on the validation set, which early stopping has already used to choose the epoch:
# > report the **test** loss.

# %%
test_loss = model.evaluate(x_test, y_test, verbose=0)
print(f"test loss (mse, scaled units): {test_loss:.4f}")

# %% [markdown]
# ## Forecast, and compare with the naive baseline
#
# One `predict` call forecasts all the test windows at once (the tutorial called `predict` once
# per year, with a window of the wrong shape `(1, 30)` instead of `(1, 30, 1)`).
#
# Is the model any good? A loss alone cannot tell. Compare it with the simplest forecast there
# is: **next year = this year** (`last_value_forecast`). It costs nothing, and on slowly changing
# series it is hard to beat. Both errors are in sunspots, on the same test years: MAE is the mean
# absolute error, RMSE the root mean squared error (it punishes big misses more).

# %%
lstm_forecast = scaler.inverse(model.predict(x_test, verbose=0).ravel())
naive_forecast = scaler.inverse(last_value_forecast(x_test))
truth = scaler.inverse(y_test)

errors = forecast_errors(truth, {"LSTM": lstm_forecast, "last value": naive_forecast})
for name, error in errors.items():
    print(f"{name:10} MAE {error['mae']:6.2f} | RMSE {error['rmse']:6.2f} sunspots")
gain = 1 - errors["LSTM"]["mae"] / errors["last value"]["mae"]
print(f"LSTM beats the baseline: {gain > 0} (its MAE is {abs(gain):.0%} {'lower' if gain > 0 else 'higher'})")

# %%
fig, ax = plot_forecast(
    years[val_end:], truth, {"LSTM": lstm_forecast, "last value": naive_forecast},
    title="One year ahead on the test years", ylabel="sunspots",
)

# %% [markdown]
# The last-value forecast is the truth shifted one year to the right: it is always late, worst
# where the cycle turns or climbs steeply. The training years 1700-1916 hold about 20 cycles of
# 11 years, and every 30-year window shows two or three of them: the LSTM turns down sooner
# after a peak, because it has learned that peaks do not last. So its MAE is lower than the
# baseline's (the lines above print by how much). It is no oracle: with under 200 training windows it cannot
# learn much, it still lags on the steep rises, it misses how high a peak will go, and it
# forecasts only one year ahead. Forecasting several years ahead, by feeding
# forecasts back in as inputs, lets errors grow at every step.
#
# Had the baseline won, that would be a result to report, not to hide: it would mean the model
# learned nothing beyond "stay near the last value". On a series such as the weekly CO₂ level
# (`statsmodels.datasets.co2`), which changes very little from one week to the next, the last
# value is very hard to beat: try it.
#
# The training curves, and the epoch with the lowest validation loss: its weights are the ones
# `restore_best_weights=True` put back at the end of training, whether or not EarlyStopping
# stopped it early.

# %%
fig, axes = kteach.plot_history(history)
best = int(np.argmin(history.history["val_loss"]))
print(f"{len(history.history['loss'])} epochs; lowest val_loss {history.history['val_loss'][best]:.4f} in epoch {best + 1}")

# %% [markdown]
# ## What changed from the tutorial
#
# | tutorial (Keras 2) | here (Keras 3) |
# | --- | --- |
# | `scaled_series`, `scaler` undefined (a scaler on the whole series leaks the future) | `Standardizer.fit(spots[:train_end])`: training years only |
# | validation windows from `series[training_split:]` of the truncated training series: empty | every split's windows cut from the full series by the position of their targets |
# | `ds.shuffle(1000)` on every split, `batch(1)` | `fit` shuffles the training windows only; batches of 32 |
# | `LSTM(64, input_shape=[None, 1])` | `keras.Input(shape=(None, 1))`, then `LSTM(64)` |
# | `EarlyStopping(patience=5, monitor='val_loss')` | the same, plus `restore_best_weights=True` |
# | `model.evaluate(ds_val)[0]` on a single loss | `model.evaluate(x_test, y_test)` is the loss itself; report the test set |
# | one `model.predict(window.reshape(1, 30))` per year | one `model.predict(x_test)` for all windows, shaped `(count, 30, 1)` |
# | a forecast plotted alone, misaligned with the truth | forecast, truth and a naive baseline on the same years, with their errors |
#
# **Next:** lesson 07 tours the rest of the Keras toolbox: callbacks, custom metrics, class
# weights, initializers, constraints, more layers and the optimizer's momentum.

# %% [markdown]
# ## Exercises
#
# Four exercises, from easy to hard: edit each code cell and run it, and `kteach.check` answers
# in one sentence. `kteach.hint("06.1")` gives a hint, `kteach.solution("06.1")` a solution
# once the hints are used, and `kteach.progress()` lists what you have solved.

# %% [markdown]
# ### 06.1 · easy: count the windows
#
# A series has 100 values. How many windows of 30 inputs followed by their target can it give?

# %%
count = ...
kteach.check("06.1", count)

# %% [markdown]
# ### 06.2 · medium: scale without peeking
#
# Make a `Standardizer` for the sunspots that tells the model nothing about the future.

# %%
train_scaler = ...
kteach.check("06.2", train_scaler, spots, train_end)

# %% [markdown]
# ### 06.3 · medium: the naive forecast by hand
#
# Compute the forecast "next year = this year" for every test window from `x_test`, with NumPy
# alone (in scaled units, like `x_test`).

# %%
naive = ...
kteach.check("06.3", naive, x_test)

# %% [markdown]
# ### 06.4 · hard: a forecaster of your own
#
# Build and compile a forecaster: windows of any length with one value per step, an `LSTM` of 32
# units, and the output layer and loss that forecasting a number needs (with Adam).

# %%
lstm_forecaster = ...
kteach.check("06.4", lstm_forecaster)
