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
# # Lesson 02: improving the model
#
# **Description:** start from lesson 01's network and change one thing at a time (dropout, L2
# regularization, the optimizer, hidden units, batch size), recording every run to compare them.
#
# The tutorial improves its MNIST network step by step along the 8-step workflow: dropout and
# regularization when **building** the model, another optimizer when **compiling** it, more
# hidden units and another batch size when **fitting** it. We do the same, and keep every
# experiment as a recorded run so the conclusions come from numbers, not from memory.
#
# `kteach.Trainer` builds lesson 01's network (Dense 128 ReLU ×2 + softmax) from a set of
# hyperparameters, trains it with `validation_split=0.2`, evaluates it on the test set, and
# records the run. It re-seeds before every run, so two runs differ **only** in the settings
# we changed. Every run can print the plain Keras code that repeats it.
#
# *Quick mode* (`KTEACH_QUICK=1`) trains on the 2,000-image MNIST sample shipped with kteach and
# caps the long dropout run at 100 epochs; unset, it uses the full data it finds and the
# tutorial's 250 epochs. With little data every model is weaker and small differences are within
# chance; the conclusions at the end say where the two modes differ.
#
# *New words are explained where they first appear; the [glossary](glossary.md) collects them.*
#
# *中文版 (Chinese version): [zh/02_improving_the_model.ipynb](zh/02_improving_the_model.ipynb)*

# %% [markdown]
# *On Colab?* The next cell installs kteach when it is missing; anywhere else it does nothing.

# %%
# On Colab: install kteach if it is missing. Where kteach is installed (your machine, Binder)
# this cell does nothing. (The panel turns on Colab's widget support itself.)
import importlib.util, subprocess, sys

if importlib.util.find_spec("kteach") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "kteach @ git+https://github.com/kteach/kteach"], check=True)

# %% [markdown]
# ## Setup: the data, as in lesson 01

# %%
import numpy as np
import keras
import kteach

kteach.set_language("en")  # "zh": kteach's messages and plot labels in Chinese
QUICK = kteach.quick_mode()
N_EPOCH = 20  # lesson 01's setting
LONG_EPOCHS = 100 if QUICK else 250  # the tutorial's dropout run
SEED = 1671

(X_train, y_train), (X_test, y_test) = kteach.load_mnist()
X_train = X_train.reshape(-1, 784).astype("float32") / 255
X_test = X_test.reshape(-1, 784).astype("float32") / 255
Y_train = keras.utils.to_categorical(y_train, 10)
Y_test = keras.utils.to_categorical(y_test, 10)
print(kteach.versions(), "| quick mode:", QUICK, "| train", X_train.shape, "| test", X_test.shape)

# %% [markdown]
# ## The baseline: lesson 01's model
#
# `kteach.Hyperparameters` holds the settings; its defaults are lesson 01's: 20 epochs, batch
# size 128, 128 hidden units, no dropout, no L2, SGD with learning rate 0.01. Each run prints one
# line: the settings, the epochs trained, the best validation accuracy and the test accuracy.

# %%
trainer = kteach.Trainer(((X_train, Y_train), (X_test, Y_test)), seed=SEED)
print(trainer.params)
baseline = trainer.train(name="baseline")

# %% [markdown]
# ## 1. Dropout
#
# **Dropout** randomly switches off a share of a layer's outputs at every training step (here 30%),
# so no neuron can rely on a few others: the network has to spread what it learns, which often
# makes it generalise better. It is a **regularization** method: it fights overfitting.
#
# > **A mistake in the tutorial.** One of the tutorials (seed 001) says dropout achieves "the
# > effect of simulated annealing" (模拟退火). It does not: simulated annealing is a search method
# > that sometimes accepts worse solutions, less and less often as a "temperature" falls. Dropout
# > adds random noise to training, at the same rate all the time, as a regularizer.
#
# *What happens at test time?* Nothing is dropped: `evaluate` and `predict` use every neuron.
# Keras scales the kept outputs up during training (by 1 / 0.7) so that their sum has the same
# size in training and in testing.
#
# The tutorial found that with dropout, 20 epochs were not enough: the accuracy did not increase,
# so it trained for 250 epochs. Dropout makes each step noisier, so learning is slower.
#
# > **Keras 2 → Keras 3.** `from keras.layers.core import Dropout` fails
# > (`ModuleNotFoundError`); it is `keras.layers.Dropout`.

# %%
trainer.set(dropout=0.3)
dropout_20 = trainer.train(name="dropout 0.3")

# %% [markdown]
# Now the tutorial's long run. Training longer changes two things at once, dropout's effect and
# simply more training, so we also train the model **without** dropout for as long: the gap
# between the two long runs is what dropout itself adds. Last, the dropout run with
# **EarlyStopping**: it watches the validation accuracy, stops when it has not improved for 10
# epochs, and restores the weights of its best epoch.
#
# How large must a difference be to mean something? A test set measures an accuracy `p` only up
# to chance: which images happen to be in it. One standard error is `sqrt(p (1 - p) / n)` for `n`
# test images, about 1 point for `p = 0.88` on the 1,000 images of quick mode and 0.3 points on
# 10,000. As a rough rule, `gain` below calls a difference smaller than two standard errors
# "within chance": it could flip with another test set.

# %%
trainer.set(epochs=LONG_EPOCHS, dropout=0.0)
plain_long = trainer.train(name=f"no dropout, {LONG_EPOCHS} epochs")
trainer.set(dropout=0.3)
dropout_long = trainer.train(name=f"dropout 0.3, {LONG_EPOCHS} epochs")

early_stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=10, restore_best_weights=True)
dropout_early = trainer.train(name="dropout 0.3, early stop", callbacks=[early_stop])

# %%
def gain(run, reference):
    """Test accuracy of ``run`` minus that of ``reference`` in points, and whether it is beyond chance."""
    points = 100 * (run.test_accuracy - reference.test_accuracy)
    p = reference.test_accuracy
    noise = 2 * 100 * np.sqrt(p * (1 - p) / len(X_test))  # two standard errors, in points
    return f"{points:+.1f} points ({'beyond' if abs(points) > noise else 'within'} chance, ±{noise:.1f})"


for run in (baseline, dropout_20, plain_long, dropout_long, dropout_early):
    print(f"{run.name:28} epochs {run.epochs_done:3}  test accuracy {run.test_accuracy:.4f}")
print(f"what {LONG_EPOCHS} epochs add without dropout:", gain(plain_long, baseline))
print(f"what dropout adds at {LONG_EPOCHS} epochs:      ", gain(dropout_long, plain_long))
best_epoch = int(np.argmax(dropout_early.history["val_accuracy"])) + 1
stopped = "stopped" if dropout_early.epochs_done < LONG_EPOCHS else "never stopped, still improving"
print(f"early stopping: {stopped} after {dropout_early.epochs_done} epochs, best epoch {best_epoch};",
      "test accuracy vs the full run:", gain(dropout_early, dropout_long))

# %% [markdown]
# ## 2. L2 weight regularization
#
# L2 regularization adds `factor × (sum of the squared weights)` to the loss, so the optimizer
# also pushes every weight towards zero; large weights, which let a network memorise single
# training images, become expensive. The tutorial's `l2(0.01)` is a strong penalty for a network
# this size; we compare it with a 10 times smaller one.
#
# > **Keras 2 → Keras 3.** `from keras import regularizers` and
# > `Dense(64, kernel_regularizer=regularizers.l2(0.01))` still work; `W_regularizer=` (Keras 1)
# > is a `ValueError` ("Unrecognized keyword arguments"). The tutorial's `input_dim=64` still works
# > on a first layer but warns: start with `keras.Input(shape=(64,))` instead.

# %%
trainer.set(epochs=N_EPOCH, dropout=0.0, l2=0.01)
l2_strong = trainer.train(name="L2 0.01")
trainer.set(l2=0.001)
l2_mild = trainer.train(name="L2 0.001")

# %% [markdown]
# The trainer saves typing, but there is nothing hidden in it. Here is, in plain Keras, the model
# it builds with dropout 0.3 and L2 0.001: a `Dropout` layer after each hidden layer, and
# `kernel_regularizer` on each hidden `Dense`. Keras collects the L2 penalties in `model.losses`
# and adds them to the loss at every step.

# %%
l2 = keras.regularizers.L2(0.001)
by_hand = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(128, activation="relu", kernel_regularizer=l2),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(128, activation="relu", kernel_regularizer=l2),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation="softmax"),
    ],
    name="dropout_and_l2_by_hand",
)
by_hand.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01), metrics=["accuracy"])
by_hand.summary()
print("L2 penalties added to the loss:", len(by_hand.losses))

# %% [markdown]
# ## 3. The optimizer
#
# SGD takes a step of fixed size (the learning rate) down the gradient. **RMSprop** and **Adam**
# adapt the step for every weight from the recent gradients, so they usually learn much faster
# from the same number of epochs. Their usual learning rate is 0.001.
#
# Adam's other arguments, as one tutorial (seed 001) writes them all out:
# `Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)`, the defaults.
# Adam keeps two running averages for every weight: of its gradients (`beta_1` is how much of
# the old average each step keeps, a momentum) and of their squares (`beta_2`, the same for the
# typical size of the gradient). Each step moves along the first, divided by the square root of
# the second, so weights with large gradients take smaller steps. `epsilon` is a tiny number
# added to that divisor so it is never 0; `amsgrad=True` divides by the largest average seen
# so far, so steps cannot grow again.
#
# > **Keras 2 → Keras 3.** `Adam(lr=0.001)` is an error (`ValueError`): write
# > `Adam(learning_rate=0.001)`. The tutorial's `epsilon=None` (Keras 2 read it as 1e-7) is
# > accepted but makes the first training step fail (`ValueError`: "None values not supported"):
# > leave `epsilon` out. Its `decay=0.` only warns that `decay` is ignored.
#
# > **A mistake in the tutorial.** One of the tutorials (seed 001) says Adam "also clips the
# > model's weights" (对模型的权重进行裁剪). It does not: Adam changes only the size of each
# > step, from running averages of the gradients and of their squares. Nothing limits the weights
# > unless you ask for it (a constraint such as `MaxNorm`, lesson 07) or clip the gradients
# > (`clipnorm=`).

# %%
trainer.set(l2=0.0, optimizer="rmsprop", learning_rate=0.001)
rmsprop = trainer.train(name="RMSprop")
trainer.set(optimizer="adam")
adam = trainer.train(name="Adam")

# %% [markdown]
# ## 4. More hidden units
#
# A wider layer can learn more patterns, but it has more parameters: more computation per
# step and more capacity to overfit. We keep Adam and try 512 units instead of 128.

# %%
trainer.set(hidden_units=512)
wide = trainer.train(name="Adam, 512 units")

for run in (adam, wide):
    print(f"{run.name:16} parameters {run.model.count_params():,}  training time {run.seconds:.1f}s")

# %% [markdown]
# ## 5. Batch size
#
# The batch size is how many images the model sees before each weight update. Small batches
# give many small, noisy updates per epoch (slower per epoch, often better in the end); large
# batches give few, smooth updates (fast per epoch, but fewer steps to learn from).

# %%
trainer.set(hidden_units=128, batch_size=32)
batch_32 = trainer.train(name="Adam, batch 32")
trainer.set(batch_size=512)
batch_512 = trainer.train(name="Adam, batch 512")

# %% [markdown]
# ## Compare every run
#
# Twelve runs are too many curves for one plot. First every run in one table, the best test
# accuracy first (`kteach.run_table`; the time column varies from machine to machine).

# %%
ranked = sorted(trainer.runs, key=lambda run: run.test_accuracy, reverse=True)
kteach.run_table(ranked)

# %% [markdown]
# Then the curves of the runs that answer one question each: `kteach.compare_runs` overlays their
# training (solid) and validation (dashed) accuracy. Which optimizer learns fastest?

# %%
optimizers = kteach.compare_runs([baseline, rmsprop, adam], metrics=["accuracy"])

# %% [markdown]
# What do a long training budget, dropout and early stopping do?

# %%
long_runs = kteach.compare_runs([baseline, plain_long, dropout_long, dropout_early], metrics=["accuracy"])

# %%
best = max(trainer.runs, key=lambda run: run.test_accuracy)
print("best run:", best.name, round(best.test_accuracy, 4))
print("Adam instead of SGD:            ", gain(adam, baseline))
print("dropout, 20 epochs:             ", gain(dropout_20, baseline))
print(f"dropout, {LONG_EPOCHS} epochs vs none:   ", gain(dropout_long, plain_long))
print("L2 0.01 / L2 0.001:             ", gain(l2_strong, baseline), "/", gain(l2_mild, baseline))
print("512 hidden units:               ", gain(wide, adam))
print("batch 32 / batch 512:           ", gain(batch_32, adam), "/", gain(batch_512, adam))

# %% [markdown]
# What to read in these numbers (they are computed from the runs above; quick mode's small data
# makes every model weaker, so compare differences, not absolute accuracies):
#
# - **The optimizer matters most.** Adam and RMSprop reach in 20 epochs what SGD at 0.01 does not,
#   as the tutorial found. Adam needs no more epochs, only a better step.
# - **Dropout does not help at 20 epochs**: it makes each step noisier, so learning is slower
#   (in the README's full-mode run it costs about 2 points; on the quick sample nothing beyond
#   chance). It
#   needs many more epochs, which is why the tutorial trained for 250. Compare the two long runs,
#   though: more epochs alone explain most of the gain. What dropout adds on top is about one
#   point in full mode (beyond chance on 10,000 test images) and within chance on the quick
#   sample. Dropout pays off when a model would otherwise overfit.
# - **EarlyStopping saves epochs, not accuracy.** It gives up once the validation accuracy has not
#   improved for 10 epochs, and a noisy run (dropout makes it noisy) can pause that long and then
#   improve again. Its line above says whether it stopped and what that cost against the run
#   that went on: in full mode it stops near epoch 107 of 250, about 2 points short of the run
#   that went on; on the quick sample it never stops. A larger `patience` trades time for safety.
# - **L2 barely moves a 20-epoch run.** The penalty matters when training goes on long enough to
#   overfit; in short runs the weights never grow large enough for it to bite.
# - **Width and batch size** change the result by a point or so here. The wider network has 5.7
#   times as many parameters, and takes longer per epoch (the time column above).
#
# Every run can write out the plain Keras code that repeats it, to copy into your own notebook:

# %%
print(adam.code())

# %% [markdown]
# ## Try it yourself: the hyperparameter panel
#
# The panel puts the same trainer behind sliders. Pick values, press **Train** and watch the live
# plot; **Stop** ends a run early and keeps it. Every run joins the table and the comparison plot,
# and the code box shows how to repeat it. (Below, the panel is driven from code, which is how
# these notes were produced: `panel.set(...)`, `panel.train()`.)

# %%
panel = kteach.HyperparameterPanel(trainer)
panel

# %%
panel.set(optimizer="adam", learning_rate=0.001, dropout=0.2, hidden_units=256, batch_size=64, epochs=N_EPOCH)
run = panel.train()

# %% [markdown]
# **Next:** lesson 03 leaves images for text: movie reviews read by an LSTM.

# %% [markdown]
# ## Exercises
#
# Four exercises, from easy to hard: edit each code cell and run it, and `kteach.check` answers
# in one sentence. `kteach.hint("02.1")` gives a hint, `kteach.solution("02.1")` a solution
# once the hints are used, and `kteach.progress()` lists what you have solved.

# %% [markdown]
# ### 02.1 · easy: dropout at test time
#
# A layer is followed by `Dropout(0.3)`. What share of its outputs does dropout switch off while
# `evaluate` or `predict` runs? Give a number from 0 to 1.

# %%
share_dropped_at_test = ...
kteach.check("02.1", share_dropped_at_test)

# %% [markdown]
# ### 02.2 · easy: an L2 penalty
#
# Make one `Dense` layer of 64 units whose weights carry an L2 penalty of 0.001.

# %%
layer = ...
kteach.check("02.2", layer)

# %% [markdown]
# ### 02.3 · medium: dropout in the network
#
# Build lesson 01's network (two hidden layers of 128 ReLU units, a softmax output of 10) with a
# `Dropout(0.3)` layer after each hidden layer.

# %%
dropout_model = ...
kteach.check("02.3", dropout_model)

# %% [markdown]
# ### 02.4 · medium: read overfitting from a history
#
# Below is the history of a 10-epoch run. Where does the model start to overfit, and which epoch's
# weights would `EarlyStopping(monitor="val_loss", restore_best_weights=True)` keep? Compute that
# epoch from `history` (epochs count from 1).

# %%
history = {
    "loss": [0.92, 0.51, 0.38, 0.31, 0.26, 0.22, 0.19, 0.16, 0.14, 0.12],
    "val_loss": [0.61, 0.45, 0.39, 0.36, 0.37, 0.39, 0.42, 0.46, 0.49, 0.53],
}
best_epoch = ...  # the epoch whose weights you would keep
kteach.check("02.4", best_epoch, history)
