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
# # Lesson 04: the functional API
#
# **Description:** build models that are not a single stack of layers (an autoencoder, an
# ensemble, shared layers, two inputs and two outputs) with `keras.Input` and `keras.Model`.
#
# A learner reading the Keras docs asked: *"What is the functional model? How do you build more
# complex models? What is a more complex model?"* This lesson answers with examples. A
# `Sequential` model is one chain: one input, each layer feeding the next, one output. The
# tutorial lists what it cannot express:
#
# 1. a model with several inputs or several outputs;
# 2. a layer with several inputs (averaging or joining tensors);
# 3. a layer used more than once (**shared** layers);
# 4. a graph that is not a chain, such as the skip connections of residual networks.
#
# The **functional API** can: you call layers on tensors like functions, and then tell
# `keras.Model` which tensors are the inputs and which the outputs. Keras works out the graph in
# between. We build each case on MNIST digits.
#
# *Quick mode* (`KTEACH_QUICK=1`, what the tests run) uses the 2,000 + 1,000 MNIST digits shipped
# with kteach and trains the autoencoder for fewer epochs; unset, it uses the full-size data it
# finds and 15 autoencoder epochs.
#
# *New words are explained where they first appear; the [glossary](glossary.md) collects them.*
#
# *中文版 (Chinese version): [zh/04_functional_api.ipynb](zh/04_functional_api.ipynb)*

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
import numpy as np
import keras
import kteach

kteach.set_language("en")  # "zh": kteach's messages and plot labels in Chinese
SEED = 2024
kteach.seed_everything(SEED)
QUICK = kteach.quick_mode()

N_CLASSES = 10
N_HIDDEN = 128  # lesson 01's hidden layers
MLP_EPOCHS = 20  # lesson 01's setting
AUTOENCODER_EPOCHS = 8 if QUICK else 15
AUTOENCODER_BATCH_SIZE = 32  # smaller batches: more weight updates per epoch
N_MEMBERS = 3  # models in the ensemble
BATCH_SIZE = 128

print(kteach.versions(), "| quick mode:", QUICK)

# %%
(x_train, y_train), (x_test, y_test) = kteach.load_mnist()

flat_train = x_train.reshape(-1, 784).astype("float32") / 255  # for Dense layers
flat_test = x_test.reshape(-1, 784).astype("float32") / 255
img_train = x_train[..., np.newaxis].astype("float32") / 255  # (N, 28, 28, 1) for Conv2D
img_test = x_test[..., np.newaxis].astype("float32") / 255
Y_train = keras.utils.to_categorical(y_train, N_CLASSES)
Y_test = keras.utils.to_categorical(y_test, N_CLASSES)
print("flat:", flat_train.shape, "| images:", img_train.shape, "| test:", img_test.shape)

# %% [markdown]
# ## Three steps: an input, layers called like functions, a model
#
# `keras.Input` makes a symbolic tensor: no data yet, only a shape (the batch size is left open,
# shown as `None`) and a type: Keras's default float type, `float32`, or `float64` in quick mode
# (lesson 01 explains why).

# %%
inputs = keras.Input(shape=(784,), name="pixels")
print(inputs.shape, inputs.dtype)

# %% [markdown]
# Calling a layer on a tensor returns a new tensor, so the model is written as a chain of
# assignments. `keras.Model(inputs, outputs)` then collects every layer between them. This is
# lesson 01's network again, layer for layer:

# %%
x = keras.layers.Dense(N_HIDDEN, activation="relu")(inputs)
x = keras.layers.Dense(N_HIDDEN, activation="relu")(x)
outputs = keras.layers.Dense(N_CLASSES, activation="softmax")(x)
functional_mlp = keras.Model(inputs=inputs, outputs=outputs, name="functional_mlp")
functional_mlp.summary()

# %% [markdown]
# The same network with `Sequential`, as in lesson 01: same layers, same number of parameters.
# A `Sequential` model *is* a `keras.Model` (a special case of it), so `compile`, `fit`,
# `evaluate` and `predict` work the same on both. (One of the tutorials says functional models
# "compile slowly". Not in Keras 3: a `Sequential` model that starts with `keras.Input` is run as
# a functional graph inside, so both kinds do the same work.)

# %%
sequential_mlp = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(N_HIDDEN, activation="relu"),
        keras.layers.Dense(N_HIDDEN, activation="relu"),
        keras.layers.Dense(N_CLASSES, activation="softmax"),
    ],
    name="sequential_mlp",
)
print("Sequential parameters:", f"{sequential_mlp.count_params():,}")
print("functional parameters:", f"{functional_mlp.count_params():,}")
print("a Sequential model is a keras.Model:", isinstance(sequential_mlp, keras.Model))

# %% [markdown]
# > **Keras 2 → Keras 3.** Old code imports `from keras.models import Model` and
# > `from keras.layers import Input`; both still work, but `keras.Model` and `keras.Input` are
# > the short forms. Keras 1 wrote `Model(input=a, output=b)`: a `ValueError` now
# > ("Unrecognized keyword arguments"); the arguments are `inputs=` and `outputs=` (or give them
# > by position).
#
# ## 1. An autoencoder: two models inside a third
#
# An **autoencoder** squeezes each image through a narrow middle (here 16 numbers) and learns to
# rebuild the image from them. Its target is its own input: no labels needed. The tutorial builds
# it from two models, exactly as below:
#
# - the **encoder** turns a 28×28 image into 16 numbers (convolutions, then the largest value of
#   each of 16 feature maps);
# - the **decoder** turns 16 numbers back into a 28×28 image (transposed convolutions grow the
#   picture back);
# - the **autoencoder** calls the encoder and then the decoder: a model can be called like a layer.
#
# These image layers come before lesson 05 explains them properly; one line each for now:
#
# - `Conv2D(16, 3)`: a **convolution**: 16 small 3×3 filters of weights slide over the image, each
#   computing one weighted sum per position, which gives 16 **feature maps** (2 pixels smaller);
# - `MaxPooling2D(3)`: **pooling** keeps the largest value of every 3×3 patch, shrinking each map
#   3 times; `GlobalMaxPooling2D` keeps only the largest value of each whole map;
# - `Reshape((4, 4, 1))`: the same 16 numbers arranged as a 4×4 picture with one channel;
# - `Conv2DTranspose(16, 3)`: a **transposed convolution**, a convolution run backwards: each input
#   pixel spreads through a 3×3 filter, so the maps grow by 2 pixels; `UpSampling2D(3)` repeats
#   each pixel 3×3 times.

# %%
encoder_input = keras.Input(shape=(28, 28, 1), name="original_img")
x = keras.layers.Conv2D(16, 3, activation="relu")(encoder_input)
x = keras.layers.Conv2D(32, 3, activation="relu")(x)
x = keras.layers.MaxPooling2D(3)(x)
x = keras.layers.Conv2D(32, 3, activation="relu")(x)
x = keras.layers.Conv2D(16, 3, activation="relu")(x)
encoder_output = keras.layers.GlobalMaxPooling2D()(x)
encoder = keras.Model(encoder_input, encoder_output, name="encoder")

decoder_input = keras.Input(shape=(16,), name="encoded_img")
x = keras.layers.Reshape((4, 4, 1))(decoder_input)
x = keras.layers.Conv2DTranspose(16, 3, activation="relu")(x)
x = keras.layers.Conv2DTranspose(32, 3, activation="relu")(x)
x = keras.layers.UpSampling2D(3)(x)
x = keras.layers.Conv2DTranspose(16, 3, activation="relu")(x)
decoder_output = keras.layers.Conv2DTranspose(1, 3, activation="relu")(x)
decoder = keras.Model(decoder_input, decoder_output, name="decoder")

autoencoder_input = keras.Input(shape=(28, 28, 1), name="img")
encoded_img = encoder(autoencoder_input)
decoded_img = decoder(encoded_img)
autoencoder = keras.Model(autoencoder_input, decoded_img, name="autoencoder")
autoencoder.summary()

# %% [markdown]
# The summary lists `encoder` and `decoder` as single layers. `expand_nested=True` draws what is
# inside them (the tutorial's `plot_model` option, misspelt there as `expand_dim`):

# %%
kteach.show_model(autoencoder, expand_nested=True)

# %% [markdown]
# The tutorial stops at building it; we train it. The loss is the mean squared difference
# between each pixel and its rebuilt value, and `fit` gets the images as both input and target.
# For comparison we compute the loss of a model that knows nothing: it draws the average training
# image whatever it is shown.

# %%
autoencoder.compile(optimizer="adam", loss="mse")
history = autoencoder.fit(
    img_train,
    img_train,
    epochs=AUTOENCODER_EPOCHS,
    batch_size=AUTOENCODER_BATCH_SIZE,
    validation_split=0.2,
    verbose=0,
)
test_mse = autoencoder.evaluate(img_test, img_test, verbose=0)
mean_image_mse = float(np.mean((img_test - img_train.mean(axis=0)) ** 2))
print(f"reconstruction error (test mse): {test_mse:.4f}")
print(f"always drawing the mean image:  {mean_image_mse:.4f}")
print("the autoencoder beats the mean image:", test_mse < mean_image_mse)

# %% [markdown]
# Originals above, reconstructions below. Sixteen numbers per digit are enough to keep its rough
# shape; fine strokes are lost, and with a short training the pictures come out blurred.

# %%
reconstructions = autoencoder.predict(img_test[:10], verbose=0)
fig = kteach.show_image_rows({"original": img_test, "reconstruction": reconstructions}, n=10)

# %% [markdown]
# The encoder is a model of its own, sharing its (now trained) layers with the autoencoder: it
# turns any digit into its 16-number code.

# %%
codes = encoder.predict(img_test[:3], verbose=0)
print("codes:", codes.shape)
print(np.round(codes[0], 2))

# %% [markdown]
# ## 2. An ensemble: average the predictions of several models
#
# Models trained from different random starts make partly different mistakes. An **ensemble**
# averages their predicted probabilities, so one model's mistake can be outvoted by the others.
# The tutorial's recipe: a function that builds one model, several calls to it, and a model whose
# output is `Average` of theirs. Our members are lesson 01's network, each trained from its own seed.

# %%
def get_model(name):
    """Lesson 01's MLP, functional, compiled with lesson 01's SGD."""
    member_inputs = keras.Input(shape=(784,))
    x = keras.layers.Dense(N_HIDDEN, activation="relu")(member_inputs)
    x = keras.layers.Dense(N_HIDDEN, activation="relu")(x)
    member_outputs = keras.layers.Dense(N_CLASSES, activation="softmax")(x)
    model = keras.Model(member_inputs, member_outputs, name=name)
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01), metrics=["accuracy"])
    return model


members = []
for index in range(N_MEMBERS):
    kteach.seed_everything(SEED + index)
    member = get_model(f"member_{index + 1}")
    member.fit(flat_train, Y_train, epochs=MLP_EPOCHS, batch_size=BATCH_SIZE, verbose=0)
    members.append(member)

# %% [markdown]
# The ensemble itself has no weights of its own: `Average` just adds the members' outputs and
# divides by their number. So it needs no training, only a `compile` to tell `evaluate` which
# metric to report.

# %%
ensemble_input = keras.Input(shape=(784,), name="pixels")
averaged = keras.layers.Average()([member(ensemble_input) for member in members])
ensemble = keras.Model(ensemble_input, averaged, name="ensemble")
ensemble.compile(loss="categorical_crossentropy", metrics=["accuracy"])
print("ensemble parameters:", f"{ensemble.count_params():,}", "=", N_MEMBERS, "x", f"{members[0].count_params():,}")

kteach.show_model(ensemble, expand_nested=True)

# %%
member_losses, member_accuracies = zip(*(member.evaluate(flat_test, Y_test, verbose=0) for member in members))
ensemble_loss, ensemble_accuracy = ensemble.evaluate(flat_test, Y_test, verbose=0)
for member, loss, accuracy in zip(members, member_losses, member_accuracies):
    print(f"{member.name:10} test loss {loss:.4f} | test accuracy {accuracy:.4f}")
print(f"{'ensemble':10} test loss {ensemble_loss:.4f} | test accuracy {ensemble_accuracy:.4f}")
print(f"ensemble minus the members' mean: loss {ensemble_loss - np.mean(member_losses):+.4f} | accuracy {ensemble_accuracy - np.mean(member_accuracies):+.4f}")
print(f"ensemble minus the best member:   accuracy {ensemble_accuracy - max(member_accuracies):+.4f}")

# %% [markdown]
# What averaging buys, and what it does not. Its **loss** is never above the members' mean loss:
# the cross-entropy of an average of probabilities is at most the average of the cross-entropies
# (the loss is convex), for every image, so the loss line above is never positive. Its
# **accuracy** has no such guarantee: accuracy counts only which digit gets the highest
# probability, and averaging can turn a right answer of one member into a wrong one as well as the
# reverse. It usually helps when the members make different mistakes; the lines above tell for
# this run, against the members' mean and against the best member. An ensemble costs as many times
# the computation as it has members.
#
# > **Keras 2 → Keras 3.** `keras.layers.average([y1, y2, y3])`, the tutorial's form, still works;
# > `keras.layers.Average()([y1, y2, y3])` is the same layer written as a class. Keras 1's
# > `merge([y1, y2, y3], mode="ave")` is gone (`from keras.layers import merge` is an `ImportError`).
#
# ## 3. Shared layers: one layer, two inputs
#
# A layer called twice is **one** layer: the same weights process both inputs, and training on
# either input updates them. The tutorial's text describes one embedding shared by two texts,
# but its code is a copy of the ensemble example; here is a shared layer for real.
#
# The task: given two digit images, are they the **same digit**? Both images go through the same
# `Dense` layer, so both are described in the same terms, which is what comparing them needs.
# Half of the pairs show the same digit, so guessing scores 0.5.

# %%
def make_pairs(labels, seed):
    """Index pairs (i, j) into ``labels``, half showing the same digit, and 1 where they do."""
    rng = np.random.default_rng(seed)
    first = rng.permutation(len(labels))
    by_digit = [np.flatnonzero(labels == digit) for digit in range(N_CLASSES)]
    same = np.array([rng.choice(by_digit[labels[i]]) for i in first[::2]])
    other = np.array([rng.choice(np.flatnonzero(labels != labels[i])) for i in first[1::2]])
    second = np.empty_like(first)
    second[::2], second[1::2] = same, other
    return first, second, (labels[first] == labels[second]).astype("float32")


train_a, train_b, train_same = make_pairs(y_train, seed=1)
test_a, test_b, test_same = make_pairs(y_test, seed=2)
print("train pairs:", len(train_same), "| share of same-digit pairs:", train_same.mean())

# %%
kteach.seed_everything(SEED)
left = keras.Input(shape=(784,), name="left")
right = keras.Input(shape=(784,), name="right")
shared = keras.layers.Dense(64, activation="relu", name="shared_dense")
joined = keras.layers.Concatenate()([shared(left), shared(right)])
x = keras.layers.Dense(32, activation="relu", name="compare")(joined)
same_digit = keras.layers.Dense(1, activation="sigmoid", name="same_digit")(x)
pair_model = keras.Model([left, right], same_digit, name="pair_model")

parts = {layer.name: layer.count_params() for layer in pair_model.layers if layer.count_params()}
print(parts)
print("total", f"{pair_model.count_params():,}", "= the sum above: the shared layer's weights are counted once")

# %%
kteach.show_model(pair_model)

# %%
pair_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
pair_model.fit(
    [flat_train[train_a], flat_train[train_b]], train_same, epochs=MLP_EPOCHS, batch_size=BATCH_SIZE, verbose=0
)
pair_accuracy = pair_model.evaluate([flat_test[test_a], flat_test[test_b]], test_same, verbose=0)[1]
print(f"same digit? test accuracy {pair_accuracy:.4f} (guessing: 0.5)")

# %% [markdown]
# ## 4. Two inputs, two outputs
#
# Now a model with two inputs and two outputs. Besides the image it gets a number `k` from 0 to 9,
# and it must answer two questions: **which digit** is it (a class, softmax), and **what is the
# digit plus k** (a number, regression). The image goes through layers of its own; for the sum,
# its features are joined (`Concatenate`) with `k`.
#
# Naming the inputs and outputs lets `fit` take dictionaries, so nothing depends on their order.

# %%
k_train = np.random.default_rng(3).integers(0, 10, size=(len(y_train), 1)).astype("float32")
k_test = np.random.default_rng(4).integers(0, 10, size=(len(y_test), 1)).astype("float32")

kteach.seed_everything(SEED)
image = keras.Input(shape=(784,), name="image")
k = keras.Input(shape=(1,), name="k")
features = keras.layers.Dense(N_HIDDEN, activation="relu")(image)
features = keras.layers.Dense(N_HIDDEN, activation="relu")(features)
digit = keras.layers.Dense(N_CLASSES, activation="softmax", name="digit")(features)
x = keras.layers.Concatenate()([features, k])
x = keras.layers.Dense(32, activation="relu")(x)
total = keras.layers.Dense(1, name="total")(x)
two_heads = keras.Model(inputs=[image, k], outputs=[digit, total], name="two_heads")

kteach.show_model(two_heads)

# %% [markdown]
# Each output gets its own loss and metrics, as dictionaries keyed by the output names. The
# model minimises one number, the **weighted sum** of the losses. The squared error of the sum
# starts near 100 (the sums average 9, the first predictions are near 0) while the cross-entropy
# starts near 2.3, so `loss_weights` scales the squared error down to keep it from drowning the
# digit loss.
#
# The digit's loss is `sparse_categorical_crossentropy`, not lesson 01's `categorical_crossentropy`:
# the same cross-entropy, but the labels stay integers (`y_train`, the digit 3 is `3`) instead of
# one-hot rows (`Y_train`, a 1 at position 3). Use whichever matches your labels: integers save
# the `to_categorical` step and memory when there are many classes.
#
# > **Keras 2 → Keras 3.** Keras 2 accepted `metrics=["accuracy"]` for a model with several
# > outputs and applied it to each. Keras 3 refuses it when training starts (`ValueError`:
# > "`metrics` should ... be a dict or a list matching the output names"): give a dict such as
# > `{"digit": ["accuracy"], "total": ["mae"]}`.

# %%
LOSS_WEIGHTS = {"digit": 1.0, "total": 0.1}
two_heads.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.003),
    loss={"digit": "sparse_categorical_crossentropy", "total": "mse"},
    loss_weights=LOSS_WEIGHTS,
    metrics={"digit": ["accuracy"], "total": ["mae"]},
)
history = two_heads.fit(
    {"image": flat_train, "k": k_train},
    {"digit": y_train, "total": y_train + k_train[:, 0]},
    epochs=MLP_EPOCHS,
    batch_size=BATCH_SIZE,
    validation_split=0.2,
    verbose=0,
)

# %% [markdown]
# The history names each output's loss and metrics `<output>_<name>`; `loss` is the weighted total,
# and the `val_` keys are the same on the validation data:

# %%
print(sorted(history.history))

# %%
fig, axes = kteach.plot_history(history, metrics=["loss", "digit_accuracy", "total_mae"])

# %% [markdown]
# `evaluate` with `return_dict=True` names its figures the same way. The test set goes in as one
# batch, so that the total and each output's loss are averaged over exactly the same samples and
# the weighted sum can be checked to the last digit:

# %%
results = two_heads.evaluate(
    {"image": flat_test, "k": k_test},
    {"digit": y_test, "total": y_test + k_test[:, 0]},
    batch_size=len(y_test),
    verbose=0,
    return_dict=True,
)
print({name: round(value, 4) for name, value in sorted(results.items())})
weighted = LOSS_WEIGHTS["digit"] * results["digit_loss"] + LOSS_WEIGHTS["total"] * results["total_loss"]
print(f"1.0 x digit_loss + 0.1 x total_loss = {weighted:.4f} | loss = {results['loss']:.4f}")

# %% [markdown]
# `predict` returns one array per output, in the order of `outputs=`:

# %%
digit_probabilities, predicted_totals = two_heads.predict({"image": flat_test[:5], "k": k_test[:5]}, verbose=0)
for i in range(5):
    print(
        f"digit {y_test[i]} (predicted {digit_probabilities[i].argmax()}), k {int(k_test[i, 0])}:"
        f" sum {y_test[i] + int(k_test[i, 0]):2} predicted {predicted_totals[i, 0]:5.2f}"
    )

# %% [markdown]
# The digit is mostly right (`digit_accuracy`); the sum is only roughly right (`total_mae` above
# says by how much on average). To add, the model must learn what *value* each digit has, from
# examples alone, which takes more data and epochs than telling the classes apart.
#
# ## 5. Skip connections
#
# The last item on the list: a graph that is not a chain. In a **residual** block the input skips
# past a layer and is added to its output (`Add`), so the layer only has to learn a correction.
# Deep image networks (ResNets) stack many such blocks. Building one takes two more lines:

# %%
block_input = keras.Input(shape=(784,), name="pixels")
x = keras.layers.Dense(N_HIDDEN, activation="relu")(block_input)
correction = keras.layers.Dense(N_HIDDEN, activation="relu")(x)
x = keras.layers.Add()([x, correction])  # the skip connection
residual_output = keras.layers.Dense(N_CLASSES, activation="softmax")(x)
residual_mlp = keras.Model(block_input, residual_output, name="residual_mlp")

kteach.show_model(residual_mlp)

# %% [markdown]
# ## What changed from Keras 2
#
# | tutorial (Keras 2 or older) | Keras 3 |
# | --- | --- |
# | `from keras.models import Model`; `from keras.layers import Input` | `keras.Model`, `keras.Input` |
# | `Model(input=a, output=b)` (Keras 1) | `keras.Model(inputs=a, outputs=b)` |
# | `merge([y1, y2], mode="ave")` (Keras 1) | `keras.layers.Average()([y1, y2])` or `keras.layers.average([y1, y2])` |
# | `plot_model(model, expand_dim=True)` (a typo in the tutorial) | `keras.utils.plot_model(model, expand_nested=True)`, or `kteach.show_model(model, expand_nested=True)` |
# | `metrics=["accuracy"]` for several outputs | `metrics={"digit": ["accuracy"], "total": ["mae"]}` |
#
# **Next:** lesson 05 puts convolutions, which the autoencoder used, to work on classifying
# Fashion-MNIST clothes.

# %% [markdown]
# ## Exercises
#
# Four exercises, from easy to hard: edit each code cell and run it, and `kteach.check` answers
# in one sentence. `kteach.hint("04.1")` gives a hint, `kteach.solution("04.1")` a solution
# once the hints are used, and `kteach.progress()` lists what you have solved.

# %% [markdown]
# ### 04.1 · easy: the shared layer's parameters
#
# The pair model's `shared_dense` is a `Dense(64)` called on two images of 784 pixels. How many
# parameters does it have?

# %%
shared_parameters = ...
kteach.check("04.1", shared_parameters)

# %% [markdown]
# ### 04.2 · medium: lesson 01's network, functional
#
# Write lesson 01's network (784 inputs, two hidden layers of 128 ReLU units, a softmax output of
# 10) with the functional API: `keras.Input`, layers called on tensors, `keras.Model`.

# %%
mlp = ...
kteach.check("04.2", mlp)

# %% [markdown]
# ### 04.3 · medium: a skip connection
#
# Build a residual network like the one of section 5: 784 inputs, a `Dense(128)` ReLU layer `x`, a
# second `Dense(128)` ReLU layer computing a `correction` from `x`, the two added together, and a
# softmax output of 10.

# %%
residual = ...
kteach.check("04.3", residual)

# %% [markdown]
# ### 04.4 · hard: compile two outputs the Keras 3 way
#
# `two_heads_again` has the layers of `two_heads`, but is not compiled. Compile it with Adam, the
# right loss for each output (`digit`: the labels 0-9; `total`: a number) and the metrics accuracy
# for `digit` and mae for `total`, in the form Keras 3 accepts for two outputs.

# %%
two_heads_again = keras.Model(two_heads.inputs, two_heads.outputs)  # the same layers, not compiled
...  # compile two_heads_again here
kteach.check("04.4", two_heads_again)
