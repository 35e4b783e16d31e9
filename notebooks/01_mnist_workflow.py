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
# # Lesson 01: the Keras workflow on MNIST, in 8 steps
#
# **Description:** train your first neural network, a small multi-layer perceptron that
# reads handwritten digits, following the 8-step workflow of the classic tutorial, in Keras 3.
#
# A **multi-layer perceptron** (MLP) is the simplest kind of network: layers of neurons stacked
# one after another, each neuron connected to every value of the layer before.
#
# The 8 steps are the same for almost every deep-learning problem:
#
# 1. **load** the data
# 2. **preprocess** it (reshape, scale, one-hot encode the labels)
# 3. **build** the model
# 4. **compile** it (loss, optimizer, metrics)
# 5. **fit** (train) it
# 6. **evaluate** it on data it has never seen
# 7. **predict** with it
# 8. **save** it and load it back
#
# The tutorial this lesson follows was written for Keras 2. Its code no longer runs
# in Keras 3, so wherever they differ a folded box **Keras 2 → Keras 3** shows the old line,
# what Keras 3 does with it, and the new one. Click a box to open it; if you have never used
# Keras 2, you can skip them all: the lesson reads without them.
#
# *Quick mode.* When the environment variable `KTEACH_QUICK=1` is set (the tests set it),
# the lesson trains on the small real MNIST sample shipped with kteach so it finishes in
# seconds. Unset, it uses the full-size data it can find. Nothing else changes.
#
# *New words are explained where they first appear; the [glossary](glossary.md) collects them.*
#
# *中文版 (Chinese version): [zh/01_mnist_workflow.ipynb](zh/01_mnist_workflow.ipynb)*

# %% [markdown]
# *Two words before the code.* The constants at the top of the setup cell are
# **hyperparameters**: settings we choose before training (how many passes, how many images per
# step, how many neurons), as opposed to the weights the network learns. Some training images are
# kept aside to check for **overfitting**: a model that learns its training images by heart
# rather than what a digit looks like, so it does well on them and worse on images it has not seen.
#
# *On Colab?* The next cell installs kteach when it is missing; anywhere else it does nothing.

# %%
# On Colab: install kteach if it is missing. Where kteach is installed (your machine, Binder)
# this cell does nothing. (The panel turns on Colab's widget support itself.)
import importlib.util, subprocess, sys

if importlib.util.find_spec("kteach") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "kteach @ git+https://github.com/kteach/kteach"], check=True)

# %% [markdown]
# ## Setup: imports and hyperparameters
#
# Constants live at the top, as in the tutorial, so you can change one and re-run.
# `kteach.seed_everything` seeds Python, NumPy and TensorFlow at once (the tutorial's
# `np.random.seed(1671)` seeded NumPy only, so its Keras results still varied run to run).
# In quick mode it also makes Keras compute in 64-bit floats (`float64`) instead of the usual
# 32-bit `float32`: different CPUs round the last bits of a `float32` sum differently, training
# magnifies those bits into the printed digits, and in `float64` they stay far too small to
# show. So the quick-mode numbers stored in these notebooks are the ones every computer prints.
#
# `kteach.set_language("en")` chooses the language of kteach's own messages, errors and plot
# labels; `"zh"` switches them to Chinese, as the Chinese version of every lesson does.
# `kteach.versions()` names the Keras, backend and NumPy versions: the numbers stored in these
# notebooks were made with them (`constraints.txt` pins them), and other versions may print
# other digits.

# %%
import numpy as np
import keras
import kteach

kteach.set_language("en")  # "zh": kteach's messages and plot labels in Chinese
kteach.seed_everything(1671)

N_EPOCH = 20  # passes over the training data
BATCH_SIZE = 128  # images per weight update
N_CLASSES = 10  # digits 0-9
N_HIDDEN = 128  # neurons in each hidden layer
VALIDATION_SPLIT = 0.2  # the last 20% of the training set checks for overfitting
RESHAPED = 28 * 28  # 784 pixels per image

print(kteach.versions(), "| quick mode:", kteach.quick_mode())

# %% [markdown]
# ## Step 1: load the data
#
# MNIST holds 70,000 greyscale images of handwritten digits, 28×28 pixels each:
# 60,000 for training and 10,000 for testing. `kteach.load_mnist()` returns exactly what
# `keras.datasets.mnist.load_data()` returns, but also works offline: it looks for a local
# copy first, then Keras's cache, then the download, and finally a small real sample shipped
# with kteach. It prints which one it used.

# %%
(X_train, y_train), (X_test, y_test) = kteach.load_mnist()

print(X_train.shape[0], "train samples")
print(X_test.shape[0], "test samples")
print("image shape:", X_train.shape[1:], "| pixel type:", X_train.dtype, "| labels:", np.unique(y_train))

# %% [markdown]
# ## Step 2: preprocess
#
# A `Dense` layer takes a flat vector, so each 28×28 image becomes a row of 784 numbers.
# Pixels are integers from 0 to 255; dividing by 255 scales them to [0, 1], which keeps the
# first weight updates small and training stable.
#
# Keras calls such arrays **tensors**: arrays of numbers with any number of dimensions (a NumPy
# array is one). `X_train` was a 3-dimensional tensor (images × rows × columns) and becomes a
# 2-dimensional one (images × pixels).

# %%
X_train = X_train.reshape(-1, RESHAPED).astype("float32") / 255
X_test = X_test.reshape(-1, RESHAPED).astype("float32") / 255

print("X_train:", X_train.shape, "min", X_train.min(), "max", X_train.max())

# %% [markdown]
# The labels are the digits 0-9. The network will output 10 probabilities, one per digit,
# so each label becomes a **one-hot** vector of length 10: a 1 at the digit's position,
# 0 elsewhere.
#
# <details><summary><b>Keras 2 → Keras 3:</b> <code>np_utils</code></summary>
#
# > **Keras 2 → Keras 3.** `from keras.utils import np_utils` and `np_utils.to_categorical(...)`
# > fail in Keras 3 (`ImportError`): the `np_utils` module is gone. Call `keras.utils.to_categorical(...)`.
#
# </details>

# %%
Y_train = keras.utils.to_categorical(y_train, N_CLASSES)
Y_test = keras.utils.to_categorical(y_test, N_CLASSES)

print("label", y_train[0], "->", Y_train[0])

# %% [markdown]
# ## Step 3: build the model
#
# A `Sequential` model is a stack of layers, each feeding the next. Each neuron of a `Dense`
# layer computes a weighted sum of all its inputs plus a **bias** (a learned constant, so the
# neuron can shift its output), then applies an **activation function**. Ours has two hidden
# layers of 128 neurons with the **ReLU** activation, `max(0, x)`, and an output layer of 10
# neurons whose **softmax** turns 10 scores into 10 probabilities that sum to 1.
#
# <details><summary><b>Keras 2 → Keras 3:</b> imports and the input shape</summary>
#
# > **Keras 2 → Keras 3.** `from keras.layers.core import Dense, Activation` fails
# > (`ModuleNotFoundError`): import layers from `keras.layers`. `Dense(128, input_shape=(784,))`
# > as the first layer still works but warns: Keras 3 wants a `keras.Input(shape=...)` first.
# > `Dense(N_HIDDEN, activation="relu")` does the same as the tutorial's `Dense` followed by
# > `Activation("relu")`; we keep the tutorial's form.
#
# </details>

# %%
model = keras.Sequential(name="mnist_mlp")
model.add(keras.Input(shape=(RESHAPED,)))
model.add(keras.layers.Dense(N_HIDDEN))
model.add(keras.layers.Activation("relu"))
model.add(keras.layers.Dense(N_HIDDEN))
model.add(keras.layers.Activation("relu"))
model.add(keras.layers.Dense(N_CLASSES))
model.add(keras.layers.Activation("softmax"))
model.summary()

# %% [markdown]
# The first `Dense` layer has 784 × 128 weights plus 128 biases = 100,480 parameters; all
# three together have about 118,000. The same model as a diagram:

# %%
kteach.show_model(model)

# %% [markdown]
# `kteach.show_model` wraps Keras's own `keras.utils.plot_model`, which writes the diagram to a
# file: `show_shapes` adds each layer's input and output shapes, `show_layer_names` its name, and
# `dpi` the resolution. It needs the Graphviz program and the `pydot` package. Without them, in a
# notebook it prints "You must install graphviz (see instructions at
# https://graphviz.gitlab.io/download/) for `plot_model` to work." and draws nothing (in a script
# it raises `ImportError` with that text). The fix: install Graphviz itself
# (`sudo apt-get install graphviz`, `conda install graphviz`, or the installer from graphviz.org
# on Windows), then `pip install pydot`, and restart the kernel. (`kteach.show_model` falls back to
# a text diagram instead.)

# %%
import os
import tempfile
from IPython.display import Image

diagram_file = os.path.join(tempfile.mkdtemp(prefix="lesson01_"), "mnist_mlp.png")
keras.utils.plot_model(model, to_file=diagram_file, show_shapes=True, show_layer_names=True, dpi=60)
Image(diagram_file) if os.path.exists(diagram_file) else print("no diagram: see the fix above")

# %% [markdown]
# ReLU and softmax are two of the activations Keras knows by name. The tutorials list others:
# **sigmoid** (an S-curve from 0 to 1, for one yes/no probability), **tanh** (an S-curve from -1
# to 1), **elu** (ReLU with a smooth negative part down to -1), **selu** (elu scaled so that deep
# stacks keep their outputs' mean and spread) and **softplus** (a smooth ReLU, `log(1 + exp(x))`).
# Here is what each does to five numbers; `softmax` takes the five together, so its outputs sum to 1.

# %%
examples = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]], dtype="float32")
for name in ["relu", "sigmoid", "tanh", "elu", "selu", "softplus", "softmax"]:
    values = keras.ops.convert_to_numpy(keras.activations.get(name)(examples))[0]
    print(f"{name:8}", np.round(values, 3))

# %% [markdown]
# ## Step 4: compile
#
# `compile` chooses how the model learns:
#
# - the **loss** it minimises: `categorical_crossentropy`, for one-hot labels. **Cross-entropy**
#   is minus the logarithm of the probability the model gave the right digit: 0 when it is sure
#   and right, large when it is sure and wrong;
# - the **optimizer** that updates the weights: plain stochastic gradient descent (SGD). The
#   **gradient** of the loss says, for every weight, how much the loss grows when that weight
#   grows a little; **gradient descent** moves every weight a small step the other way, again and
#   again. *Stochastic*: each step estimates the gradient on a small random batch of images
#   rather than on all of them. The size of the step is the **learning rate**;
# - the **metrics** it reports: accuracy, the share of digits it gets right.
#
# The loss follows from the task and the labels. A recipe for the usual cases:
#
# | task | last layer | loss | labels |
# | --- | --- | --- | --- |
# | one of several classes | `Dense(n, activation="softmax")` | `categorical_crossentropy` | one-hot rows, as here |
# | one of several classes | `Dense(n, activation="softmax")` | `sparse_categorical_crossentropy` | integers 0 ... n-1 (no `to_categorical`) |
# | yes or no | `Dense(1, activation="sigmoid")` | `binary_crossentropy` | 0 and 1 (lesson 03) |
# | a number (regression) | `Dense(1)`, no activation | `mse` (mean squared error) | numbers (lesson 06) |
#
# A string such as `"categorical_crossentropy"`, `"sgd"` or `"relu"` names an object Keras builds
# with its default settings. Write the object yourself to change a setting:
# `keras.losses.CategoricalCrossentropy(label_smoothing=0.1)`,
# `keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)`, `keras.activations.relu`; below, the
# optimizer is an object so that its learning rate is in view.
#
# <details><summary><b>Keras 2 → Keras 3:</b> <code>lr=</code></summary>
#
# > **Keras 2 → Keras 3.** `SGD(lr=0.01)` is an error in Keras 3 (`ValueError`: "Argument(s) not
# > recognized"). TensorFlow 2.11 to 2.15 accepted it with a logged warning and ignored the value,
# > training at the default rate. The argument is `learning_rate=`. The default is 0.01, as the
# > tutorial used.
#
# </details>

# %%
optimizer = keras.optimizers.SGD(learning_rate=0.01)
model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])

# %% [markdown]
# ## Step 5: fit (train)
#
# `fit` shows the network the training images in batches of 128, updating the weights after
# each batch; one pass over all of them is an **epoch**. `validation_split=0.2` keeps the last
# 20% of the training images aside: the model never trains on them, so their accuracy tells us
# whether it learns digits in general or only memorises its training images.
#
# `kteach.LiveHistory()` draws the loss and accuracy while training runs (the plot below
# updates in place). We pass `verbose=0` so Keras does not print a progress bar as well.

# %%
history = model.fit(
    X_train,
    Y_train,
    batch_size=BATCH_SIZE,
    epochs=N_EPOCH,
    verbose=0,
    validation_split=VALIDATION_SPLIT,
    callbacks=[kteach.LiveHistory()],
)

# %% [markdown]
# ## Step 6: evaluate
#
# Accuracy on the test set, 10,000 digits the model has never seen, is the number to report.
# `evaluate` returns the loss first, then each metric in the order given to `compile`.

# %%
score = model.evaluate(X_test, Y_test, verbose=0)
print(f"Test score (loss): {score[0]:.4f}")
print(f"Test accuracy:     {score[1]:.4f}")

# %% [markdown]
# The tutorial reports a test accuracy of **0.9462** after 20 epochs on the full 60,000
# training images: 375 batches per epoch, 7,500 weight updates in all. A run on fewer images
# (quick mode, or the 5,000-image sample) has less to learn from, and also fewer batches per
# epoch, so it makes far fewer weight updates in the same 20 epochs. Which of the two holds it
# back? The training history tells. (The README records what the full-size lesson reaches and
# on which data.)
#
# ### The training history
#
# `fit` returned a `History` object; `history.history` is a dictionary of lists, one value per
# epoch.
#
# <details><summary><b>Keras 2 → Keras 3:</b> <code>acc</code> and <code>val_acc</code></summary>
#
# > **Keras 2 → Keras 3.** Keras 2 named the accuracy `acc` and `val_acc`. With
# > `metrics=["accuracy"]` Keras 3 names them `accuracy` and `val_accuracy`, so the tutorial's
# > `history.history['acc']` raises `KeyError`. (`kteach.plot_history` accepts both names.)
#
# </details>

# %%
print(sorted(history.history.keys()))
print("last epoch:", {key: round(values[-1], 4) for key, values in sorted(history.history.items())})

# %%
fig, axes = kteach.plot_history(history)

# %% [markdown]
# `kteach.plot_history` saves typing, nothing more: the same plot in plain matplotlib is a loop
# over the two measures, one line for training and one for validation.

# %%
import matplotlib.pyplot as plt

fig, panels = plt.subplots(1, 2, figsize=(10, 3.5))
for measure, panel in zip(["loss", "accuracy"], panels):
    panel.plot(history.history[measure], label="training")
    panel.plot(history.history["val_" + measure], label="validation")
    panel.set_xlabel("epoch")
    panel.set_ylabel(measure)
    panel.legend()
plt.show()
print("last epoch:", ", ".join(f"{name} {values[-1]:.4f}" for name, values in history.history.items()))

# %% [markdown]
# How to read the curves. `kteach.diagnose_fit` reads them for you, from this run's numbers, and
# the next cell prints its verdict with the weight updates the run made:
#
# - **still learning**: the training loss was still falling steeply when training stopped. The
#   model is **under-trained**: more epochs, a larger learning rate or a faster optimizer
#   (lesson 02) would raise its accuracy, before any new data would.
# - **overfitting**: the validation loss reached its lowest point and has risen since, while the
#   training loss keeps falling: the model learns its training images rather than digits. Lesson
#   02 is about what to do then.
# - **levelled off**: neither loss moves much any more; more of the same training will not help.

# %%
updates_per_epoch = int(np.ceil(len(X_train) * (1 - VALIDATION_SPLIT) / BATCH_SIZE))
print(f"{len(history.epoch)} epochs x {updates_per_epoch} batches = {len(history.epoch) * updates_per_epoch} weight updates")
print(kteach.diagnose_fit(history))

# %% [markdown]
# Plain SGD at a learning rate of 0.01 takes small steps: the few hundred updates of 20 epochs on
# 1,600 images (quick mode) or on 4,000 (the 5,000-image sample) leave it still learning, and
# that, more than the number of images, is what keeps it below the tutorial's 0.9462. The
# tutorial's run made 7,500 updates. Lesson 02 shows how far Adam gets with the same data and
# epochs.
#
# ## Step 7: predict
#
# `predict` returns, for every image, 10 probabilities. The predicted digit is the one with
# the highest probability.
#
# <details><summary><b>Keras 2 → Keras 3:</b> <code>predict_classes</code></summary>
#
# > **Keras 2 → Keras 3.** `model.predict_classes(X)` and `model.predict_proba(X)` are gone
# > (since TF 2.6; `AttributeError`). `predict` already returns the probabilities; take
# > `np.argmax(..., axis=1)` for the class.
#
# </details>

# %%
probabilities = model.predict(X_test, verbose=0)
predicted = np.argmax(probabilities, axis=1)

print("first 10 predicted:", predicted[:10])
print("first 10 true:     ", y_test[:10])
print("wrong:", int((predicted != y_test).sum()), "of", len(y_test))

# %% [markdown]
# A model is also a function: `model(x)` runs it directly on a batch and returns a tensor. It is
# the quick way for a few samples; `predict` splits large data into batches and returns NumPy.

# %%
direct = keras.ops.convert_to_numpy(model(X_test[:5]))
print("model(x) agrees with predict:", np.allclose(direct, probabilities[:5], atol=1e-6))

# %% [markdown]
# A grid of the first 24 test digits with the predicted and the true label; mistakes are marked
# in red, and the lines below list them with the probability the model gave its wrong answer (a
# pure guess among ten digits would give 0.10). Look at each one: would a person hesitate over
# it, or is it clearly written? A low probability means the model was unsure; a confident
# mistake (a high probability) on a clear digit is the model being wrong, not the digit being
# hard.

# %%
fig = kteach.show_predictions(X_test.reshape(-1, 28, 28), y_test, probabilities, n=24)
for i in np.flatnonzero(predicted[:24] != y_test[:24]):
    print(f"test digit {i}: predicted {predicted[i]} with probability {probabilities[i].max():.2f}, true {y_test[i]}")

# %% [markdown]
# ## Step 8: save and load
#
# A trained model is worth keeping. Keras can save:
#
# | what | how | holds |
# | --- | --- | --- |
# | the whole model | `model.save("model.keras")` | architecture, weights, optimizer state, compile settings |
# | the whole model, legacy | `model.save("model.h5")` | the same in the older HDF5 format (Keras warns it is legacy) |
# | the architecture only | `model.to_json()` | a JSON string, no weights |
# | the weights only | `model.save_weights("model.weights.h5")` | the numbers, no architecture |
#
# <details><summary><b>Keras 2 → Keras 3:</b> saving</summary>
#
# > **Keras 2 → Keras 3.** The tutorial's `model.to_jason()` is a typo of `to_json()`
# > (`AttributeError`). `save_weights` now requires a file name ending in `.weights.h5`:
# > `save_weights('modelWeight.h5')` is a `ValueError`. `model.save("model.h5")` still works but
# > warns that HDF5 is legacy: `.keras` is the native format. `load_model` refuses to run code
# > stored in a file (a `Lambda` layer's Python function, `ValueError`) unless you pass
# > `safe_mode=False`: only do that for files you trust.
#
# </details>
#
# We save into a temporary folder so the lesson leaves no files behind.

# %%
folder = tempfile.mkdtemp(prefix="lesson01_")
model.save(os.path.join(folder, "model.keras"))
model.save(os.path.join(folder, "model.h5"))
architecture = model.to_json()
model.save_weights(os.path.join(folder, "model.weights.h5"))

print(sorted(os.listdir(folder)))
print("the JSON describes", architecture.count('"class_name": "Dense"'), "Dense layers and holds no weights")

# %% [markdown]
# Load each form back and check that it predicts exactly what the trained model predicts.
# A model rebuilt from JSON has fresh random weights until `load_weights` fills them in, and
# no training settings: compile it the same way first, so the saved optimizer state has a
# place to go. (Loading the `.h5` file, Keras warns that its metrics are built only once you
# train or evaluate again; that is expected.)

# %%
restored = {
    ".keras": keras.models.load_model(os.path.join(folder, "model.keras")),
    ".h5 (legacy)": keras.models.load_model(os.path.join(folder, "model.h5")),
}
from_json = keras.models.model_from_json(architecture)
from_json.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01), metrics=["accuracy"])
from_json.load_weights(os.path.join(folder, "model.weights.h5"))
restored["to_json + weights"] = from_json

for name, loaded in restored.items():
    same = np.array_equal(loaded.predict(X_test, verbose=0), probabilities)
    print(f"{name:18} identical predictions: {same}")

# %% [markdown]
# ## What changed from Keras 2, in one table
#
# | tutorial (Keras 2) | Keras 3 |
# | --- | --- |
# | `from keras.layers.core import Dense, Activation` | `from keras.layers import Dense, Activation` |
# | `from keras.utils import np_utils`; `np_utils.to_categorical(y, 10)` | `keras.utils.to_categorical(y, 10)` |
# | `Dense(128, input_shape=(784,))` as first layer | `keras.Input(shape=(784,))`, then `Dense(128)` |
# | `SGD(lr=0.01)` | `SGD(learning_rate=0.01)` |
# | `history.history['acc']`, `['val_acc']` | `history.history['accuracy']`, `['val_accuracy']` |
# | `model.predict_classes(X)` | `np.argmax(model.predict(X), axis=1)` |
# | `model.to_jason()` | `model.to_json()` |
# | `model.save_weights('modelWeight.h5')` | `model.save_weights('model.weights.h5')` |
# | `model.save('model.h5')` | `model.save('model.keras')` (`.h5` still loads, as legacy) |
#
# **Next:** lesson 02 improves this network one change at a time: dropout, regularization,
# other optimizers, wider layers and other batch sizes.

# %% [markdown]
# ## Exercises
#
# Four exercises, from easy to hard. Each code cell ends with `kteach.check(...)`: edit the
# cell and run it, and the check says in one sentence what is right, or the first thing to
# change; a wrong answer never gets a traceback. Stuck? `kteach.hint("01.1")` gives a hint, a
# more direct one each time you ask; `kteach.solution("01.1")` shows a solution once you have
# used the hints (or when you ask twice). `kteach.progress()` lists what you have tried and
# solved: it is saved in `~/.kteach/progress.json` (`KTEACH_PROGRESS` chooses another file).

# %% [markdown]
# ### 01.1 · easy: predict the parameter count
#
# The network above has 118,282 parameters with `N_HIDDEN = 128`. How many would it have with 256
# neurons in each hidden layer? Predict it without building the model: write the arithmetic.

# %%
parameters = ...  # the arithmetic, e.g. 784 * 256 + ...
kteach.check("01.1", parameters)

# %% [markdown]
# ### 01.2 · easy: fix a Keras 2 line
#
# A Keras 2 tutorial writes `optimizer = SGD(lr=0.05)`. Write it for Keras 3, with the same
# learning rate.

# %%
sgd = ...
kteach.check("01.2", sgd)

# %% [markdown]
# ### 01.3 · medium: build a deeper network
#
# Build a `Sequential` model for the flattened images with **three** hidden layers of 256 neurons
# with the ReLU activation, and the same softmax output of 10.

# %%
deeper = ...  # build the model here
kteach.check("01.3", deeper)

# %% [markdown]
# ### 01.4 · hard: train it past 90%
#
# Compile your model from 01.3 for the one-hot labels, with Adam at learning rate 0.001 and the
# accuracy metric, train it for 10 epochs on `X_train` and `Y_train`, and check it on the test set:
# its test accuracy must reach 0.90 (0.85 in quick mode, on the small sample), where this lesson's
# SGD network stayed below.

# %%
# compile deeper here, then train it with deeper.fit(...)

kteach.check("01.4", deeper, X_test, Y_test)
