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
# # Lesson 05: a convolutional network for Fashion-MNIST
#
# **Description:** classify pictures of clothes with the tutorial's VGG-like network of `Conv2D`
# and `MaxPooling2D` layers, compare it with lesson 01's MLP, and look at what its filters see.
#
# The MLP of lesson 01 flattens an image into 784 numbers before it looks at it: it would learn
# just as well if the pixels were shuffled (the same way for every image), so it cannot use the
# fact that neighbouring pixels belong together. A **convolutional** network (CNN) keeps the image
# as an image. Each `Conv2D` layer slides small 3×3 filters over it, looking for the same local
# pattern (an edge, a corner, a stripe) everywhere; `MaxPooling2D` then halves the picture,
# keeping the strongest response of each 2×2 patch, so the next filters see a wider area.
#
# We use the CNN of the tutorial's Sequential-model notes (a small VGG-like network: two
# convolutions, pooling, two more, pooling, then `Dense` layers), on **Fashion-MNIST**: 70,000
# greyscale 28×28 pictures of 10 kinds of clothes, in the same format as MNIST but harder.
#
# *Quick mode* (`KTEACH_QUICK=1`, what the tests run) trains on the 2,000 + 1,000 pictures shipped
# with kteach for the tutorial's 10 epochs of batches of 32. Unset, it uses the full 60,000 + 10,000
# pictures and stops the CNN at 5 epochs, so the lesson takes about 4 minutes on 2 CPU cores (10
# epochs take twice as long). With 30 times more pictures, those 5 epochs still make 15 times as
# many weight updates as quick mode's 10.
#
# *New words are explained where they first appear; the [glossary](glossary.md) collects them.*
#
# *中文版 (Chinese version): [zh/05_cnn.ipynb](zh/05_cnn.ipynb)*

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
import time

import numpy as np
import keras
import kteach

kteach.set_language("en")  # "zh": kteach's messages and plot labels in Chinese
SEED = 1671
kteach.seed_everything(SEED)
QUICK = kteach.quick_mode()

# the tutorial's CNN settings
EPOCHS = 10 if QUICK else 5  # the tutorial's 10; 5 keeps the full run to minutes on a CPU
BATCH_SIZE = 32
LEARNING_RATE = 0.01
MOMENTUM = 0.9
# lesson 01's MLP settings
MLP_EPOCHS = 20
MLP_BATCH_SIZE = 128
N_CLASSES = 10
VALIDATION_SPLIT = 0.2

CLASS_NAMES = kteach.class_names("fashion_mnist")  # "T-shirt/top", "Trouser", ... in class-id order

print(kteach.versions(), "| quick mode:", QUICK)

# %% [markdown]
# ## The data
#
# `kteach.load_fashion_mnist()` returns what `keras.datasets.fashion_mnist.load_data()` returns,
# offline too. The labels are class ids 0-9. Keras does not name them; `kteach.class_names`
# gives their names (in the language chosen with `kteach.set_language`).

# %%
(x_train, y_train), (x_test, y_test) = kteach.load_fashion_mnist()
print(x_train.shape, x_test.shape, "| images per class in train:", np.bincount(y_train))

# %%
fig = kteach.show_image_rows({"": x_train[:10]}, n=10, titles=[CLASS_NAMES[i] for i in y_train[:10]])

# %% [markdown]
# A `Conv2D` layer takes images shaped (height, width, channels): greyscale pictures have one
# channel (colour ones have 3, as the tutorial's 100×100×3 dummy data). So the CNN gets
# (28, 28, 1); the MLP gets the same pixels flattened to 784 numbers.

# %%
img_train = x_train[..., np.newaxis].astype("float32") / 255
img_test = x_test[..., np.newaxis].astype("float32") / 255
flat_train = img_train.reshape(len(img_train), -1)
flat_test = img_test.reshape(len(img_test), -1)
Y_train = keras.utils.to_categorical(y_train, N_CLASSES)
Y_test = keras.utils.to_categorical(y_test, N_CLASSES)
print("CNN input:", img_train.shape, "| MLP input:", flat_train.shape)

# %% [markdown]
# ## The CNN
#
# Layer by layer (the tutorial's notes explain each argument):
#
# - `Conv2D(32, (3, 3), activation="relu")`: 32 **filters** (the number of output channels) of
#   3×3 weights each. With the default `padding="valid"` a filter is only applied where it fits
#   entirely, so each convolution trims one pixel off every border (28 → 26); `padding="same"`
#   would keep the size. `strides` (default 1) is how far the filter moves at each step.
# - `MaxPooling2D(pool_size=(2, 2))`: keeps the largest value of each 2×2 patch, halving height
#   and width.
# - `Dropout(0.25)`: lesson 02's regularization, here between the blocks.
# - `Flatten()`: turns the last feature maps into one vector for the `Dense` layers; like the
#   MLP, the network ends with `Dense` layers and a softmax.
#
# > **Keras 2 → Keras 3.** `Conv2D(32, (3, 3), activation='relu', input_shape=(100, 100, 3))`
# > on the first layer still runs but warns: start with `keras.Input(shape=(28, 28, 1))`. Import
# > the layers from `keras.layers`, not `keras.layers.core` or `keras.layers.convolutional`
# > (both are a `ModuleNotFoundError` now).

# %%
cnn = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(32, (3, 3), activation="relu"),
        keras.layers.Conv2D(32, (3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Dropout(0.25),
        keras.layers.Conv2D(64, (3, 3), activation="relu"),
        keras.layers.Conv2D(64, (3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Dropout(0.25),
        keras.layers.Flatten(),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(N_CLASSES, activation="softmax"),
    ],
    name="vgg_like_cnn",
)
cnn.summary()

# %% [markdown]
# Follow the output shapes: 28×28 → 26 → 24, pooled to 12, → 10 → 8, pooled to 4: the last
# feature maps are 4×4×64 = 1,024 numbers. A filter's weights are shared across the whole image,
# so a convolution has few parameters: the first one has 3 × 3 × 1 × 32 weights + 32 biases = 320.
# Most of the parameters sit in the first `Dense` layer (1,024 × 256 + 256):

# %%
for layer in cnn.layers:
    if layer.count_params():
        print(f"{layer.name:10} {layer.count_params():8,}")
print(f"{'total':10} {cnn.count_params():8,}")
conv_params = sum(layer.count_params() for layer in cnn.layers if isinstance(layer, keras.layers.Conv2D))
print(f"of which the 4 convolutions: {conv_params:,}")

# %%
kteach.show_model(cnn)

# %% [markdown]
# ## Compile and train
#
# The tutorial trains with SGD plus **momentum** (each step keeps 90% of the previous one, so the
# weights keep moving in a consistent direction) in its **Nesterov** form (the gradient is taken
# where the momentum is about to carry the weights, which corrects overshooting sooner).
#
# > **Keras 2 → Keras 3.** `SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)` fails because
# > of `lr=` (`ValueError`: "Argument(s) not recognized"): write `learning_rate=`. `decay=` does
# > not fail: Keras 3 accepts it with a warning ("no longer supported and will be ignored") and
# > then ignores it, so fixing only `lr` silently drops the decay. Its effect here was tiny (the
# > rate shrank as `0.01 / (1 + 1e-6 × step)`, by about 1.5% over 10 epochs of 1,500 steps), so we
# > leave it out. To keep it, pass a schedule:
# > `learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6)`.
# > The tutorial compiles without `metrics`; we add `"accuracy"` to follow it during training.

# %%
optimizer = keras.optimizers.SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM, nesterov=True)
cnn.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])

start = time.perf_counter()
cnn_history = cnn.fit(
    img_train,
    Y_train,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    validation_split=VALIDATION_SPLIT,
    verbose=0,
    callbacks=[kteach.LiveHistory()],
)
cnn_seconds = time.perf_counter() - start
cnn_loss, cnn_accuracy = cnn.evaluate(img_test, Y_test, batch_size=BATCH_SIZE, verbose=0)
print(f"CNN test accuracy {cnn_accuracy:.4f} | loss {cnn_loss:.4f} | training time {cnn_seconds:.1f}s")

# %% [markdown]
# ## Lesson 01's MLP on the same clothes
#
# For comparison, lesson 01's network with lesson 01's settings (two `Dense` layers of 128, SGD at
# 0.01, 20 epochs of batches of 128), trained on the same pictures, flattened.

# %%
kteach.seed_everything(SEED)
mlp = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(N_CLASSES, activation="softmax"),
    ],
    name="lesson01_mlp",
)
mlp.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01), metrics=["accuracy"])

start = time.perf_counter()
mlp_history = mlp.fit(
    flat_train, Y_train, batch_size=MLP_BATCH_SIZE, epochs=MLP_EPOCHS, validation_split=VALIDATION_SPLIT, verbose=0
)
mlp_seconds = time.perf_counter() - start
mlp_loss, mlp_accuracy = mlp.evaluate(flat_test, Y_test, verbose=0)
print(f"MLP test accuracy {mlp_accuracy:.4f} | loss {mlp_loss:.4f} | training time {mlp_seconds:.1f}s")

# %% [markdown]
# ## CNN or MLP?
#
# `kteach.compare_runs` overlays the two runs' curves and tabulates them (the time column varies
# from machine to machine).

# %%
runs = [
    {
        "name": "MLP (lesson 01)",
        "params": {"parameters": f"{mlp.count_params():,}", "epochs": MLP_EPOCHS, "batch size": MLP_BATCH_SIZE},
        "history": mlp_history.history,
        "test_accuracy": mlp_accuracy,
        "seconds": mlp_seconds,
    },
    {
        "name": "CNN (VGG-like)",
        "params": {"parameters": f"{cnn.count_params():,}", "epochs": EPOCHS, "batch size": BATCH_SIZE},
        "history": cnn_history.history,
        "test_accuracy": cnn_accuracy,
        "seconds": cnn_seconds,
    },
]
comparison = kteach.compare_runs(runs, metrics=["accuracy"])
comparison

# %%
print(f"test accuracy: CNN {cnn_accuracy:.4f} vs MLP {mlp_accuracy:.4f} ({100 * (cnn_accuracy - mlp_accuracy):+.1f} points)")
print(f"test errors:   CNN {1 - cnn_accuracy:.4f} vs MLP {1 - mlp_accuracy:.4f}")
print(f"parameters:    CNN {cnn.count_params():,} = {cnn.count_params() / mlp.count_params():.1f} x the MLP's")
print(f"training time: CNN {cnn_seconds:.1f}s vs MLP {mlp_seconds:.1f}s")
print("the CNN is more accurate:", cnn_accuracy > mlp_accuracy)
print("the CNN takes longer to train:", cnn_seconds > mlp_seconds)

# %% [markdown]
# The CNN makes fewer mistakes than the MLP: it looks for the same shapes all over the picture
# instead of learning each pixel position separately. It has more parameters, but nearly all of
# them are in its first `Dense` layer; its four convolutions hold only about 65,000. Those are used at
# every position of the image, though, so the CNN needs far more computation per picture, and
# takes much longer to train. (The SGD settings differ too: the MLP is lesson 01's, with no
# momentum. Lesson 02's panel lets you give the MLP a better optimizer and see how far it gets.)
#
# ## Which clothes does it confuse?

# %%
probabilities = cnn.predict(img_test, verbose=0)
fig = kteach.show_predictions(x_test, y_test, probabilities, n=18, class_names=CLASS_NAMES)

# %%
matrix, fig = kteach.confusion_matrix(y_test, probabilities, CLASS_NAMES)
mistakes = matrix - np.diag(np.diag(matrix))
true_class, predicted_class = np.unravel_index(mistakes.argmax(), mistakes.shape)
print("most frequent mistake:", CLASS_NAMES[true_class], "taken for", CLASS_NAMES[predicted_class], f"({mistakes.max()} times)")
per_class = {name: round(float(matrix[i, i] / matrix[i].sum()), 2) for i, name in enumerate(CLASS_NAMES)}
print("accuracy per class:", per_class)
print("hardest class:", min(per_class, key=per_class.get))

# %% [markdown]
# Trousers, bags and shoes are easy. The hardest class is the shirt, mostly taken for one of the
# other tops (T-shirt/top, pullover, coat): at 28×28 pixels they look alike even to people.
#
# ## What the first layer looks for
#
# The 32 filters of the first convolution are 3×3 pictures themselves: `kteach.show_filters`
# draws them, red for positive weights and blue for negative ones. A filter responds most where
# the image looks like it: a red row above a blue row finds a horizontal edge (bright above,
# dark below), a red column next to a blue one a vertical edge.

# %%
fig = kteach.show_filters(cnn.layers[0])

# %% [markdown]
# **Feature maps** show what each layer passes on for one picture: one small image per filter,
# bright where the filter found its pattern. `kteach.feature_maps` runs the picture through the
# trained network and returns every convolution and pooling layer's output (a dict of arrays);
# `kteach.show_feature_maps` draws the first 8 channels of each. The first layers still look
# like the garment, outlined along different edges; after each pooling the maps are smaller and
# more abstract: they say *whether* a pattern is present more than *where*. A map that stays dark
# belongs to a filter that found nothing of its pattern in this picture.

# %%
maps = kteach.feature_maps(cnn, img_test[:1])
print({name: array.shape for name, array in maps.items()})
print("the picture:", CLASS_NAMES[y_test[0]])

# %%
fig = kteach.show_feature_maps(maps, channels=8)

# %% [markdown]
# ## What changed from Keras 2
#
# | tutorial (Keras 2) | Keras 3 |
# | --- | --- |
# | `from keras.layers import Conv2D, MaxPooling2D` | the same, or `keras.layers.Conv2D` |
# | `Conv2D(32, (3, 3), input_shape=(100, 100, 3))` as first layer | `keras.Input(shape=(100, 100, 3))`, then `Conv2D(32, (3, 3))` |
# | `SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)` | `SGD(learning_rate=0.01, momentum=0.9, nesterov=True)`; for the decay, `learning_rate=InverseTimeDecay(0.01, 1, 1e-6)` |
# | `keras.datasets.fashion_mnist.load_data()` (downloads) | the same; `kteach.load_fashion_mnist()` also works offline |
#
# Convolutions are not only for pictures: `Conv1D` slides its filters along a sequence, such as
# the words of lesson 03's reviews.
#
# **Next:** lesson 06 forecasts a time series with an LSTM, and checks it against a naive baseline.

# %% [markdown]
# ## Exercises
#
# Four exercises, from easy to hard: edit each code cell and run it, and `kteach.check` answers
# in one sentence. `kteach.hint("05.1")` gives a hint, `kteach.solution("05.1")` a solution
# once the hints are used, and `kteach.progress()` lists what you have solved.

# %% [markdown]
# ### 05.1 · easy: predict an output shape
#
# What is the output shape of `Conv2D(32, (3, 3))`, with the default `padding="valid"`, on one
# 28×28 greyscale image? Give (height, width, channels).

# %%
shape = ...
kteach.check("05.1", shape)

# %% [markdown]
# ### 05.2 · easy: count a convolution's parameters
#
# The CNN's third convolution, `Conv2D(64, (3, 3))`, gets feature maps of 32 channels. How many
# parameters does it have? Work it out before you look at the summary.

# %%
conv_parameters = ...
kteach.check("05.2", conv_parameters)

# %% [markdown]
# ### 05.3 · medium: images for Conv2D
#
# Turn the raw test images `x_test` (integers from 0 to 255, shaped (count, 28, 28)) into what the
# CNN takes.

# %%
images = ...
kteach.check("05.3", images, x_test)

# %% [markdown]
# ### 05.4 · hard: a small CNN
#
# Build a small CNN for the 28×28×1 images: a `Conv2D` of 16 filters of 3×3 with ReLU, a 2×2
# `MaxPooling2D`, and a softmax output of 10 classes.

# %%
small_cnn = ...
kteach.check("05.4", small_cnn)
