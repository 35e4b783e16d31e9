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
# # Lesson 07: a tour of the Keras toolbox
#
# **Description:** a short tour of the tools the tutorials mention in passing: callbacks, a
# custom metric, class and sample weights, a hand-written training loop, initializers,
# constraints, batch normalization, momentum, and the recurrent, convolutional and merge layers.
#
# Each part is short and runs a real experiment on MNIST or IMDB, so you see what a tool
# **does**, not only how to call it. Along the way we answer the questions a learner wrote in red
# in the margin of the "30 seconds to Keras" tutorial: what `compile` does, what epochs and batch
# size mean, when to use `train_on_batch`, and why `predict` takes a batch size.
#
# *Quick mode* (`KTEACH_QUICK=1`, what the tests run) uses the real MNIST and IMDB samples shipped
# with kteach and fewer epochs; unset, the lesson uses the full data it finds and more epochs.
# The tour's points hold in both; the printed lines check them.
#
# *New words are explained where they first appear; the [glossary](glossary.md) collects them.*
#
# *中文版 (Chinese version): [zh/07_keras_tour.ipynb](zh/07_keras_tour.ipynb)*

# %% [markdown]
# *On Colab?* The next cell installs kteach when it is missing; anywhere else it does nothing.

# %%
# On Colab: install kteach if it is missing. Where kteach is installed (your machine, Binder)
# this cell does nothing. (The panel turns on Colab's widget support itself.)
import importlib.util, subprocess, sys

if importlib.util.find_spec("kteach") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "kteach @ git+https://github.com/kteach/kteach"], check=True)

# %% [markdown]
# ## Setup: lesson 01's MNIST data

# %%
import csv
import os
import tempfile

import numpy as np
import keras
import kteach

kteach.set_language("en")  # "zh": kteach's messages and plot labels in Chinese
SEED = 1671
kteach.seed_everything(SEED)
QUICK = kteach.quick_mode()

EPOCHS = 5 if QUICK else 20  # for the MLP comparisons
BATCH_SIZE = 128
N_HIDDEN = 128
IMDB_WORDS = 5000  # as in lesson 03
MAXLEN = 200
IMDB_EPOCHS = 2 if QUICK else 3

(X_train, y_train), (X_test, y_test) = kteach.load_mnist()
X_train = X_train.reshape(-1, 784).astype("float32") / 255
X_test = X_test.reshape(-1, 784).astype("float32") / 255
Y_train = keras.utils.to_categorical(y_train, 10)
Y_test = keras.utils.to_categorical(y_test, 10)
folder = tempfile.mkdtemp(prefix="lesson07_")  # every file this lesson writes goes here

print(kteach.versions(), "| quick mode:", QUICK, "| train", X_train.shape, "| test", X_test.shape)

# %% [markdown]
# Lesson 01's network, built by a function so each experiment can change one thing:
# `dense_options` go to both hidden `Dense` layers (an initializer, a constraint), and
# `batch_norm=True` puts a `BatchNormalization` layer between each `Dense` and its activation.
# `build(params)` turns one run's settings into a compiled model, and lesson 02's
# `kteach.Trainer` runs it: it re-seeds, builds, fits for `EPOCHS` with `validation_split=0.2`,
# tests, and records the run, so the experiments below differ only in what they change.

# %%
def mlp(batch_norm: bool = False, **dense_options) -> keras.Sequential:
    """Lesson 01's MLP (Dense 128 ReLU x2, softmax), optionally with batch normalization."""
    layers = [keras.Input(shape=(784,))]
    for _ in range(2):
        layers.append(keras.layers.Dense(N_HIDDEN, **dense_options))
        if batch_norm:
            layers.append(keras.layers.BatchNormalization())
        layers.append(keras.layers.Activation("relu"))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers)


def build(params: dict) -> keras.Sequential:
    """Lesson 01's MLP changed by a run's params, compiled with SGD at learning rate 0.01 (no momentum unless given)."""
    max_norm = params.get("max_norm")
    model = mlp(
        params.get("batch_norm", False),
        kernel_initializer=params.get("initializer", "glorot_uniform"),
        kernel_constraint=keras.constraints.MaxNorm(max_norm) if max_norm else None,
    )
    optimizer = keras.optimizers.SGD(learning_rate=0.01, momentum=params.get("momentum", 0.0), nesterov=params.get("nesterov", False))
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model


trainer = kteach.Trainer(((X_train, Y_train), (X_test, Y_test)), build=build, params={"epochs": EPOCHS, "batch_size": BATCH_SIZE}, seed=SEED)

# %% [markdown]
# ## 1. What does `compile` do?
#
# *Red question: 模型的编译过程是在做什么? (what is compiling doing?)*
#
# `compile` does not train anything and does not touch the weights. It **configures learning**:
# it attaches the loss to minimise, the optimizer that will update the weights, and the metrics
# to report. `fit`, `evaluate` and `train_on_batch` need them, so they refuse an uncompiled model.
# (Keras then turns the training step into a fast TensorFlow graph the first time `fit` runs.)

# %%
model = mlp()
before = [w.copy() for w in model.get_weights()]
try:
    model.fit(X_train, Y_train, epochs=1, verbose=0)
except ValueError as error:
    print("fit before compile:", error)

model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
print("weights unchanged by compile:", all(np.array_equal(a, b) for a, b in zip(before, model.get_weights())))
print("optimizer now:", type(model.optimizer).__name__, "| learning rate", round(float(model.optimizer.learning_rate), 4))

# %% [markdown]
# ## 2. Callbacks, and what epochs and batch size mean
#
# A **callback** is an object `fit` calls at fixed moments: at the start and end of training, of
# each epoch, of each batch. Four of the built-in ones:
#
# - `LambdaCallback`: run your own small function, here a one-line report per epoch and a
#   counter of weight updates;
# - `ModelCheckpoint`: save the model (or its weights) during training, here the best one so far
#   and the weights after every epoch;
# - `EarlyStopping`: stop when the validation loss stops improving (lessons 03 and 06);
# - `CSVLogger`: write the history to a CSV file, one row per epoch, as it goes.
#
# *Red question: epochs and batch_size.* The **batch size** is how many samples the model sees
# before each weight update; one **epoch** is one pass over all training samples. So an epoch
# makes `ceil(samples / batch_size)` updates. The counter checks it.
#
# > **Keras 2 → Keras 3.** `ModelCheckpoint('weights.h5', save_weights_only=True)` is an error now (`ValueError`):
# > a weights file must end in `.weights.h5`, a whole model in `.keras` (`.h5` still works, as a
# > legacy format). `period=5` is a `TypeError`: it became `save_freq` (in batches, or `"epoch"`).

# %%
updates = []
callbacks = [
    keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: print(f"epoch {epoch + 1}: loss {logs['loss']:.4f}, val_loss {logs['val_loss']:.4f}"),
        on_train_batch_end=lambda batch, logs: updates.append(batch),
    ),
    keras.callbacks.ModelCheckpoint(os.path.join(folder, "best.keras"), monitor="val_loss", save_best_only=True),
    keras.callbacks.ModelCheckpoint(os.path.join(folder, "epoch{epoch:02d}.weights.h5"), save_weights_only=True),
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True),
    keras.callbacks.CSVLogger(os.path.join(folder, "history.csv")),
]
kteach.seed_everything(SEED)
model = mlp()
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(
    X_train, Y_train, epochs=4 * EPOCHS, batch_size=BATCH_SIZE, validation_split=0.2, callbacks=callbacks, verbose=0
)

# %%
train_samples = int(len(X_train) * 0.8)
per_epoch = int(np.ceil(train_samples / BATCH_SIZE))
print(f"{train_samples} training samples / batch size {BATCH_SIZE} -> {per_epoch} updates per epoch")
print(f"{len(history.epoch)} epochs -> {len(updates)} updates counted (expected {per_epoch * len(history.epoch)})")
print(kteach.diagnose_fit(history))

# %% [markdown]
# The verdict line (lesson 01's `kteach.diagnose_fit`) reads this run's curves: with Adam the
# training loss keeps falling, but the validation loss turns up after its lowest epoch, and the
# training accuracy pulls away from the validation accuracy. The model has begun to learn its
# training images by heart (overfitting), which is exactly what `EarlyStopping(patience=2)` waits
# for: two epochs without a lower validation loss, then it stops and puts back the best weights.
#
# What the callbacks left in the folder. `EarlyStopping` restored the best epoch's weights, so the
# model in memory and the checkpoint `best.keras` must predict exactly the same:

# %%
files = sorted(os.listdir(folder))
print([name for name in files if not name.startswith("epoch")], "and", sum(name.startswith("epoch") for name in files), "epochNN.weights.h5 files")
best = keras.models.load_model(os.path.join(folder, "best.keras"))
print("best.keras predicts like the restored model:", np.allclose(best.predict(X_test, verbose=0), model.predict(X_test, verbose=0)))

with open(os.path.join(folder, "history.csv"), newline="") as handle:
    rows = list(csv.DictReader(handle))
print("history.csv columns:", list(rows[0]))
print("last row:", {key: round(float(value), 4) for key, value in rows[-1].items()})

# %% [markdown]
# ## 3. Why does `predict` take a batch size?
#
# *Red question: predict 的时候, 还有 batch_size 的吗? (predict has a batch size too?)*
#
# Yes, for memory, not for results: the model computes its outputs a batch at a time, so that a
# million images do not have to fit in memory at once. Nothing is learned during `predict`, so the
# batch size changes the speed and the memory used, never the answers (up to float rounding):

# %%
small_batches = model.predict(X_test, batch_size=8, verbose=0)
one_batch = model.predict(X_test, batch_size=len(X_test), verbose=0)
print("same predictions with batch_size=8 and one batch:", np.allclose(small_batches, one_batch, atol=1e-6))

# %% [markdown]
# ## 4. `train_on_batch`: your own training loop
#
# *Red question: 什么时候会要用到这个? (when would you use it?)*
#
# `fit` runs the loop for you. `train_on_batch(x, y)` makes exactly **one** weight update on the
# batch you give it and returns its loss and metrics. Use it when you need to control the loop
# yourself: data that arrives in a stream, two models trained in turn (a GAN's generator and
# discriminator), or a schedule `fit` cannot express. Here is the loop `fit` runs, written out:

# %%
kteach.seed_everything(SEED)
model = mlp()
model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
rng = np.random.default_rng(SEED)

for epoch in range(3):
    order = rng.permutation(len(X_train))  # shuffle each epoch, as fit does
    losses = []
    for start in range(0, len(order), BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        loss, accuracy = model.train_on_batch(X_train[batch], Y_train[batch])
        losses.append(loss)
    test_loss, test_accuracy = model.evaluate(X_test, Y_test, verbose=0)
    print(f"epoch {epoch + 1}: {len(losses)} updates, mean batch loss {np.mean(losses):.4f}, test accuracy {test_accuracy:.4f}")

# %% [markdown]
# ## 5. A custom metric: `mean_pred`
#
# *Red question: metrics 是什么? (what are metrics?)* A metric is a number Keras reports during
# training and evaluation for **you**; unlike the loss, it is not minimised. Any function of
# `(y_true, y_pred)` can be one. The tutorial's `mean_pred` reports the mean predicted
# probability: for a binary classifier, how strongly on average it leans towards "yes". That is
# not the share of "yes" answers: a detector that gives every image 0.6 has a `mean_pred` of 0.6
# but answers "yes" (above 0.5) every time. (A custom **loss** is
# written the same way, and passed as `loss=`.)
#
# > **Keras 2 → Keras 3.** `import keras.backend as K` still works, but `K.mean(y_pred)` fails
# > (`AttributeError`): `keras.backend` no longer holds the math functions. They live in `keras.ops`, which works with every backend.

# %%
def mean_pred(y_true, y_pred):
    """The mean predicted probability of the batch (the tutorial's custom metric)."""
    return keras.ops.mean(y_pred)

# %% [markdown]
# A custom **loss** has the same form, one number per sample, and is passed as `loss=`. Here is
# mean squared error written by hand, checked against Keras's own, and a model compiled with it:

# %%
def my_mse(y_true, y_pred):
    """Mean squared error per sample, written by hand (what loss="mse" computes)."""
    return keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)


y_true = np.array([[0.0, 1.0], [1.0, 1.0]], dtype="float32")
y_pred = np.array([[0.1, 0.8], [0.7, 1.0]], dtype="float32")
print("by hand:", round(float(keras.ops.mean(my_mse(y_true, y_pred))), 4), "| Keras:", round(float(keras.losses.MeanSquaredError()(y_true, y_pred)), 4))
regression = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2)])
regression.compile(optimizer="sgd", loss=my_mse)
print("loss of the untrained model with my_mse:", np.isfinite(regression.evaluate(y_pred, y_true, verbose=0)))

# %% [markdown]
# ## 6. An imbalanced task: `class_weight` and `sample_weight`
#
# A rare class is easy to ignore. We make one: "is this digit a 5?", keeping only one training 5
# in five, so about 2% of the training images are positive. The test set keeps its natural share,
# about 10%.
# A model that always says "no" is already about 98% accurate on the training data, so accuracy
# tells us little: watch the **recall** of the 5s (the share of real 5s the model finds) and the
# **precision** (the share of its "5" answers that are right).

# %%
is_five = y_train == 5
keep = ~is_five | (np.cumsum(is_five) % 5 == 1)  # every fifth 5, all other digits
x_rare, y_rare = X_train[keep], is_five[keep].astype("float32")
y_rare_test = (y_test == 5).astype("float32")
print(f"training: {int(y_rare.sum())} fives in {len(y_rare)} images ({y_rare.mean():.1%}) | test: {y_rare_test.mean():.1%} fives")


def fit_detector(**weights) -> keras.Sequential:
    """Train a logistic-regression '5 detector' with `weights` (class_weight or sample_weight) passed to fit."""
    kteach.seed_everything(SEED)
    detector = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(1, activation="sigmoid")])
    detector.compile(
        loss="binary_crossentropy",
        optimizer="adam",
        metrics=[keras.metrics.Recall(name="recall"), keras.metrics.Precision(name="precision"), mean_pred],
    )
    detector.fit(x_rare, y_rare, epochs=EPOCHS, batch_size=32, verbose=0, **weights)
    return detector

# %% [markdown]
# `class_weight={0: 1, 1: w}` multiplies the loss of every positive sample by `w`; with `w` equal to
# the ratio of negatives to positives, the two classes weigh the same in total.
# `sample_weight` gives **each sample** its own weight: more general (weigh recent data more,
# or doubtful labels less), and here, with the same per-class numbers, the same training.

# %%
ratio = float((y_rare == 0).sum() / (y_rare == 1).sum())
detectors = {
    "no weights": fit_detector(),
    f"class_weight 1:{ratio:.0f}": fit_detector(class_weight={0: 1.0, 1: ratio}),
    "sample_weight": fit_detector(sample_weight=np.where(y_rare == 1, ratio, 1.0)),
}
scores = {}
for name, detector in detectors.items():
    scores[name] = detector.evaluate(X_test, y_rare_test, verbose=0, return_dict=True)
    print(f"{name:18} recall {scores[name]['recall']:.4f} | precision {scores[name]['precision']:.4f} | mean_pred {scores[name]['mean_pred']:.4f}")

unweighted, weighted = scores["no weights"], scores[f"class_weight 1:{ratio:.0f}"]
print("weights raise recall:", weighted["recall"] > unweighted["recall"], "| same result with sample_weight:", scores["sample_weight"] == weighted)
print(f"mean_pred with weights / without: {weighted['mean_pred'] / unweighted['mean_pred']:.1f} times")

# %% [markdown]
# Without weights the detector misses many of the 5s (with the few epochs of quick mode, all of
# them: it never says "5", and Keras reports the precision of no answers as 0): saying "no" is
# right so often that it pays to say it. With the weights it finds most of them, at the price of
# false alarms: its precision is well below 1. `mean_pred` shows the shift: the weighted
# detector's average "5" probability is at least twice the unweighted one's, because it was
# trained as if 5s were as common as all other digits together. Which trade-off is right depends
# on what a miss costs: a missed tumour costs more than a false alarm.
#
# ## 7. Initializers
#
# Weights start random. How random matters: too large and signals explode through the layers,
# too small and they vanish. `Dense` uses `glorot_uniform` by default: uniform in
# `±sqrt(6 / (inputs + outputs))`, chosen so that the signal keeps about the same size from layer
# to layer. `he_normal` is tuned for ReLU. All **zeros** is the classic mistake: every neuron of a
# layer computes the same thing and gets the same update, so they never become different, and
# here they stay at zero.
#
# > **Keras 2 → Keras 3.** `from keras.initializers import glorot_uniform` still works; the
# > classes are `keras.initializers.GlorotUniform()`, and the strings `"glorot_uniform"`,
# > `"he_normal"`, `"zeros"` name them.

# %%
first = keras.layers.Dense(N_HIDDEN, kernel_initializer="glorot_uniform")
first.build((None, 784))
kernel = first.kernel.numpy()
print(f"glorot_uniform limit sqrt(6 / (784 + 128)) = {np.sqrt(6 / (784 + 128)):.4f}; drawn weights in [{kernel.min():.4f}, {kernel.max():.4f}]")

models = {}
for initializer in ("glorot_uniform", "he_normal", "zeros"):
    models[initializer] = trainer.train(name=f"init {initializer}", initializer=initializer).model

# %% [markdown]
# ## 8. Constraints: `MaxNorm`
#
# `kernel_constraint=MaxNorm(2.0)` (the tutorial's) rescales, after every update, each neuron's
# incoming weight vector whose length exceeds 2 back to length 2. Like L2 regularization
# (lesson 02) it keeps weights small, but as a hard limit instead of a penalty; it is often paired
# with dropout. A `glorot_uniform` start already gives these vectors a length of about 1.3, and a
# few epochs of SGD do not stretch them to 2, so here the limit would never act: we use
# `MaxNorm(1.0)` to see it work.
#
# > **A mistake in the tutorial.** It says `MaxNorm` limits the *gradients* (梯度裁剪, gradient
# > clipping). It limits the *weights*. Gradient clipping is an optimizer option:
# > `keras.optimizers.SGD(learning_rate=0.01, clipnorm=1.0)`.

# %%
models["MaxNorm(1.0)"] = trainer.train(name="MaxNorm(1.0)", max_norm=1.0).model
for name, trained in (("no constraint", models["glorot_uniform"]), ("MaxNorm(1.0)", models["MaxNorm(1.0)"])):
    norms = np.linalg.norm(trained.layers[0].kernel.numpy(), axis=0)
    print(f"{name:14} longest incoming weight vector in layer 1: {norms.max():.4f}")

# %% [markdown]
# ## 9. Batch normalization and SGD with momentum
#
# `BatchNormalization` standardises each neuron's output over the batch (mean 0, standard deviation
# 1, then a learned scale and shift). Each layer then receives inputs of a stable size, which lets
# plain SGD learn faster. At test time it uses running averages collected during training, so a
# prediction does not depend on the rest of the batch.
#
# > **A mistake in the tutorial.** One of the tutorials (seed 001) says batch normalization makes
# > every layer's outputs "independent" of each other and "normally distributed with mean 0 and
# > standard deviation 1". It does neither: it shifts and scales each neuron's outputs to mean 0 and
# > standard deviation 1 over the batch (then applies a learned scale and shift), which changes
# > neither their shape (they need not be normal) nor how the neurons depend on one another.
#
# **Momentum** makes SGD remember its previous steps: each update adds 0.9 of the last one, so the
# optimizer speeds up along directions that keep pointing the same way and damps zig-zags.
# **Nesterov** momentum looks at the gradient one step ahead, a small refinement.
#
# > **Keras 2 → Keras 3.** `SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)`: `lr` is an
# > error (`ValueError`), write `learning_rate=0.01`. `decay` is accepted with a warning and then
# > ignored, so the rate stays constant: for a decaying rate pass
# > a schedule, `learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1,
# > decay_rate=1e-6)`.

# %%
batch_norm = trainer.train(name="BatchNormalization", batch_norm=True)
momentum = trainer.train(name="SGD momentum 0.9 Nesterov", momentum=0.9, nesterov=True)

# %% [markdown]
# All runs side by side (plain SGD with learning rate 0.01 unless named otherwise, the same seed,
# the same epochs). These are short runs on purpose: `EPOCHS` epochs of 13 batches in quick mode
# (32 with the 5,000-image sample), a few hundred small SGD steps at most, so plain SGD is far
# from done, most of all in quick mode, and the `glorot_uniform` baseline stays well below what
# the same network reaches with Adam (lesson 02). The comparison shows how fast each tool gets
# learning going, not where it ends (the next cell prints the number of updates):

# %%
comparison = kteach.compare_runs(trainer.runs, metrics=["val_accuracy"])
comparison

# %%
print("weight updates per run:", EPOCHS * per_epoch)
accuracy = {run.name: run.test_accuracy for run in trainer.runs}
baseline = accuracy["init glorot_uniform"]
for name in ("init zeros", "BatchNormalization", "SGD momentum 0.9 Nesterov"):
    print(f"{name:26} {'above' if accuracy[name] > baseline else 'not above'} the glorot_uniform baseline ({accuracy[name]:.4f} vs {baseline:.4f})")

# %% [markdown]
# With all-zero weights the network learns nothing beyond guessing, about one digit in ten.
# Batch normalization and momentum both let the same plain SGD go further in the same number of
# epochs; the lines above check it on this run. With more epochs or Adam (lesson 02), the gaps
# shrink: these tools mostly buy speed and stability.
#
# ## 10. Layers for sequences: `Conv1D`, `GRU`, `Bidirectional`, `TimeDistributed`
#
# Back to the IMDB reviews of lesson 03. Two readers of the same embedded review:
#
# - `Conv1D(32, 5)` slides 32 filters over every run of 5 words, a detector of short phrases
#   ("not good at all"); `GlobalMaxPooling1D` keeps each filter's strongest match anywhere;
# - `Bidirectional(GRU(16))` reads the review forwards and backwards with a `GRU` (a lighter LSTM)
#   and joins both final states: 2 × 16 = 32 numbers.
#
# **Merging** (`Concatenate`) joins the two summaries side by side, which needs the functional API
# (lesson 04): a `Sequential` model has one path only.
#
# > **Keras 2 → Keras 3.** The old `Merge` layer (`Merge([a, b], mode='concat')`) is gone: use
# > `keras.layers.Concatenate()`, `Add()`, `Multiply()`, `Dot(axes=...)` or `Average()`, called on
# > a list of tensors. `from keras.layers.embeddings import Embedding` fails (`ModuleNotFoundError`):
# > it is `keras.layers.Embedding`.

# %%
(x_imdb, y_imdb), (x_imdb_test, y_imdb_test) = kteach.load_imdb(num_words=IMDB_WORDS)
x_imdb = keras.utils.pad_sequences(x_imdb, maxlen=MAXLEN)
x_imdb_test = keras.utils.pad_sequences(x_imdb_test, maxlen=MAXLEN)

kteach.seed_everything(SEED)
review = keras.Input(shape=(MAXLEN,), name="review")
embedded = keras.layers.Embedding(IMDB_WORDS, 64)(review)
phrases = keras.layers.GlobalMaxPooling1D()(keras.layers.Conv1D(32, 5, activation="relu")(embedded))
reading = keras.layers.Bidirectional(keras.layers.GRU(16))(embedded)
merged = keras.layers.Concatenate()([phrases, reading])
sentiment = keras.layers.Dense(1, activation="sigmoid")(merged)
imdb_model = keras.Model(review, sentiment, name="conv_and_bigru")
imdb_model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
print("Conv1D summary", phrases.shape, "+ Bidirectional(GRU(16))", reading.shape, "->", merged.shape)

# %%
kteach.show_model(imdb_model)

# %%
imdb_history = imdb_model.fit(x_imdb, y_imdb, epochs=IMDB_EPOCHS, batch_size=64, validation_split=0.2, verbose=0)
imdb_loss, imdb_accuracy = imdb_model.evaluate(x_imdb_test, y_imdb_test, verbose=0)
print(f"{len(imdb_history.epoch)} epochs on {len(x_imdb)} reviews: test accuracy {imdb_accuracy:.4f}")

# %% [markdown]
# On the shipped sample (quick mode) 1,000 reviews are too few to learn much; on all 25,000 the
# same model comes close to lesson 03's LSTM (about 0.85 test accuracy) in 3 epochs.
#
# `Add` is the other common merge: it sums tensors of the **same** shape. A residual connection
# adds a block's input to its output, so the block only has to learn a correction; very deep
# networks (ResNet) are built from them. `TimeDistributed(layer)` applies one layer, with the
# same weights, to every time step of a sequence, e.g. a `Dense` to each word vector, or a
# `Conv2D` to each frame of a video. (On 3-D input a plain `Dense` already acts on the last axis
# at each step; `TimeDistributed` is needed for layers that do not, such as `Conv2D`.)

# %%
vectors = keras.ops.convert_to_tensor(np.random.default_rng(SEED).random((2, MAXLEN, 64), dtype="float32"))
residual = keras.layers.Add()([vectors, keras.layers.Dense(64)(vectors)])
per_step = keras.layers.TimeDistributed(keras.layers.Dense(8))(vectors)
frames = keras.ops.zeros((2, 5, 28, 28, 1))  # 2 clips of 5 frames of 28x28 pixels
per_frame = keras.layers.TimeDistributed(keras.layers.Conv2D(4, 3))(frames)
print("Add:", tuple(vectors.shape), "+", tuple(vectors.shape), "->", tuple(residual.shape))
print("TimeDistributed(Dense(8)):", tuple(vectors.shape), "->", tuple(per_step.shape))
print("TimeDistributed(Conv2D(4, 3)):", tuple(frames.shape), "->", tuple(per_frame.shape))

# %% [markdown]
# ## 11. Small layers that reshape and mask
#
# The tutorial's list of core layers has five that no lesson has used yet. None of them has
# weights; they rearrange what flows through the network:
#
# - `Lambda(function)`: wraps any function of tensors as a layer (saved models store it as Python
#   code, so `load_model` refuses it unless `safe_mode=False`; a small `Layer` subclass is safer);
# - `Reshape(shape)`: the same numbers in another shape (the batch axis is left alone);
# - `Permute((2, 1))`: swaps axes, here time steps and features;
# - `RepeatVector(n)`: repeats a vector `n` times, making a sequence (an encoder's summary fed to
#   every step of a decoder);
# - `Masking(mask_value=0.0)`: marks the steps whose features all equal `mask_value` as padding,
#   and the layers after it (an LSTM, for example) skip them.

# %%
batch = np.arange(24, dtype="float32").reshape(2, 3, 4)  # 2 samples, 3 time steps, 4 features
for name, layer in [
    ("Lambda(lambda t: t * 2)", keras.layers.Lambda(lambda t: t * 2)),
    ("Reshape((4, 3))", keras.layers.Reshape((4, 3))),
    ("Permute((2, 1))", keras.layers.Permute((2, 1))),
    ("RepeatVector(5) on one step", lambda t: keras.layers.RepeatVector(5)(t[:, 0, :])),
]:
    print(f"{name:28} {batch.shape} -> {tuple(layer(batch).shape)}")

short = np.array([[[1.0], [2.0]]], dtype="float32")  # one sequence of 2 steps
padded = np.array([[[1.0], [2.0], [0.0], [0.0]]], dtype="float32")  # the same, padded with zeros to 4
masking, lstm = keras.layers.Masking(mask_value=0.0), keras.layers.LSTM(3)
print("mask:", keras.ops.convert_to_numpy(masking.compute_mask(padded))[0])
numpy = keras.ops.convert_to_numpy  # a layer's output as a NumPy array, whatever the backend
print("LSTM on the padded sequence, masked, equals the LSTM on the short one:", np.allclose(numpy(lstm(masking(padded))), numpy(lstm(short)), atol=1e-6))
print("... and without the mask it does not:", np.allclose(numpy(lstm(padded)), numpy(lstm(short)), atol=1e-6))

# %% [markdown]
# ## 12. Your own data: a CSV file read with pandas
#
# The tutorials load ready-made arrays; your own data more often comes as a table in a CSV file.
# MNIST itself is often shared that way (Kaggle's "Digit Recognizer"): a `label` column, then one
# column per pixel. We write 1,000 of our images in that format, then read the file back as you
# would read your own: pandas reads it, `drop` separates the features from the label,
# `to_numpy` gives Keras its arrays, and a random permutation splits the rows 80/20 into training
# and test sets. (Shuffle before splitting only when the rows are independent; a time series is
# split in time order, as in lesson 06.)

# %%
import pandas as pd

csv_path = os.path.join(folder, "digits.csv")
pixels = pd.DataFrame(np.round(X_train[:1000] * 255).astype(int), columns=[f"pixel{i}" for i in range(784)])
pixels.insert(0, "label", y_train[:1000])
pixels.to_csv(csv_path, index=False)

table = pd.read_csv(csv_path)
print(table.shape, "| first columns:", list(table.columns[:3]))
features = table.drop(columns="label").to_numpy(dtype="float32") / 255
labels = table["label"].to_numpy()
order = np.random.default_rng(SEED).permutation(len(table))
cut = int(0.8 * len(table))
x_csv_train, y_csv_train = features[order[:cut]], labels[order[:cut]]
x_csv_test, y_csv_test = features[order[cut:]], labels[order[cut:]]
print("train", x_csv_train.shape, y_csv_train.shape, "| test", x_csv_test.shape, y_csv_test.shape)

# %% [markdown]
# From here the arrays go into `fit` exactly like lesson 01's (with
# `sparse_categorical_crossentropy`, since the labels are integers).
#
# ## 13. Where Keras runs: backends and GPUs
#
# **Backends.** The tutorials mention Theano and CNTK, the engines Keras 2 could run on; both are
# discontinued. Keras 3 runs on **TensorFlow, JAX or PyTorch**: the same model code, with the
# engine chosen by the environment variable `KERAS_BACKEND` (`"tensorflow"`, `"jax"` or
# `"torch"`) before `import keras`, or in `~/.keras/keras.json`. Code that uses only `keras.*`
# and `keras.ops` (as these lessons do) runs on all three; `tf.keras` is the Keras that ships
# inside TensorFlow and runs on TensorFlow only. Since TensorFlow 2.16, `tf.keras` is Keras 3
# too; the old Keras 2 lives on as the separate package `tf_keras`.
#
# **GPUs.** Keras needs no code change for a GPU: when the backend sees one (for TensorFlow, a
# CUDA-enabled install such as `pip install "tensorflow[and-cuda]"` on Linux), every layer runs
# on it. On Colab, choose *Runtime → Change runtime type → GPU*, then re-run the lesson. A GPU
# pays off for convolutions and large batches (lesson 05); tiny MLPs like lesson 01's run about
# as fast on a CPU. `tf.config.list_physical_devices("GPU")` lists the GPUs TensorFlow sees.
#
# **Which backend is faster?** It depends on the work, so measure it. The next cell times lesson
# 01's network on every backend installed here, each in a fresh Python process, since a process
# picks its backend once, at `import keras`. On a CPU, JAX usually imports Keras in about half
# the time and fits a long run faster; but it compiles every new model before its first step, so
# work made of many short fits (lesson 02's runs, this lesson's) gains less, or loses. The times
# differ from machine to machine (the README gives ours, from `benchmarks/backends.py`). To switch
# a lesson to JAX: `pip install "kteach[jax]"`, then `os.environ["KERAS_BACKEND"] = "jax"` in its
# first cell (before `import keras`), and restart the kernel; `kteach.doctor()` says the same.

# %%
print("this lesson runs on the", keras.backend.backend(), "backend")
timings = kteach.compare_backends(epochs=20)

# %% [markdown]
# ## What changed from Keras 2
#
# | tutorials (Keras 2) | Keras 3 |
# | --- | --- |
# | `import keras.backend as K`; `K.mean(y_pred)` | `keras.ops.mean(y_pred)` |
# | `ModelCheckpoint('w.h5', save_weights_only=True)`, `period=5` | `'w.weights.h5'`; `save_freq` |
# | `SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)` | `SGD(learning_rate=0.01, momentum=0.9, nesterov=True)`, decay by a schedule |
# | `Merge([a, b], mode='concat')` | `keras.layers.Concatenate()([a, b])` (also `Add`, `Multiply`, `Dot`) |
# | `from keras.layers.embeddings import Embedding` | `keras.layers.Embedding` |
# | `from keras.preprocessing.sequence import pad_sequences` | `keras.utils.pad_sequences` |
# | `MaxNorm` described as limiting gradients | it limits each neuron's weight vector; gradients are clipped with `clipnorm=` |
#
# The files this lesson wrote are in a temporary folder; delete it when you are done:

# %%
import shutil

shutil.rmtree(folder)
print("removed the lesson's temporary folder:", not os.path.exists(folder))

# %% [markdown]
# ## Exercises
#
# Four exercises, from easy to hard: edit each code cell and run it, and `kteach.check` answers
# in one sentence. `kteach.hint("07.1")` gives a hint, `kteach.solution("07.1")` a solution
# once the hints are used, and `kteach.progress()` lists what you have solved.

# %% [markdown]
# ### 07.1 · easy: updates per epoch
#
# With 4,000 training samples and `batch_size=128`, how many weight updates does one epoch make?

# %%
updates = ...
kteach.check("07.1", updates)

# %% [markdown]
# ### 07.2 · easy: mean_pred in Keras 3
#
# The tutorial's metric is `def mean_pred(y_true, y_pred): return K.mean(y_pred)`, with
# `import keras.backend as K`. Write it for Keras 3.

# %%
def mean_pred(y_true, y_pred):
    ...  # the mean predicted value


kteach.check("07.2", mean_pred)

# %% [markdown]
# ### 07.3 · medium: weights for the rare class
#
# Compute the `class_weight` dict that makes the fives of `y_rare` weigh as much, in total, as all
# the other digits.

# %%
class_weight = ...
kteach.check("07.3", class_weight, y_rare)

# %% [markdown]
# ### 07.4 · hard: batch normalization by hand
#
# Build lesson 01's network with batch normalization as `mlp(batch_norm=True)` does, without
# calling `mlp`: each hidden `Dense(128)` followed by a `BatchNormalization` layer and then the
# ReLU, and a softmax output of 10.

# %%
bn_model = ...
kteach.check("07.4", bn_model)
