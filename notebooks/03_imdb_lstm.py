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
# # Lesson 03: IMDB sentiment with an LSTM
#
# **Description:** read movie reviews as sequences of words and classify them as positive or
# negative with an Embedding and an LSTM, stopping early when validation accuracy stops improving.
#
# Lessons 01 and 02 classified images, where every input has the same size. Text is different:
# a review is a sequence of words of any length, and word order matters ("not good" is not
# "good"). This lesson follows section 4.1 of the tutorial: the IMDB reviews, `num_words=5000`,
# `maxlen=200`, Embedding + LSTM(100) + a sigmoid output, Adam, and `EarlyStopping`.
#
# *Quick mode* (`KTEACH_QUICK=1`, what the tests run) trains on the 1,000 + 1,000 real reviews
# shipped with kteach for 3 epochs: enough to see every step work, not enough to learn English.
# The full-size lesson (unset it) trains on all 25,000 reviews and reaches about 0.86 test
# accuracy; the README records the exact figures.
#
# *New words are explained where they first appear; the [glossary](glossary.md) collects them.*
#
# *中文版 (Chinese version): [zh/03_imdb_lstm.ipynb](zh/03_imdb_lstm.ipynb)*

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
kteach.seed_everything(42)
QUICK = kteach.quick_mode()

MAX_FEATURES = 5000  # keep the 5,000 most frequent words
MAXLEN = 200  # cut or pad every review to 200 words
EMBEDDING_DIM = 128  # length of each word vector
LSTM_UNITS = 100
BATCH_SIZE = 64
EPOCHS = 3 if QUICK else 10  # an upper bound: EarlyStopping usually stops sooner
PATIENCE = 3  # epochs without improvement before stopping

print(kteach.versions(), "| quick mode:", QUICK)

# %% [markdown]
# ## Load the reviews
#
# Each review comes as a list of word **indices**: every word is replaced by its frequency rank
# (the most frequent word, "the", is rank 1), shifted by 3 because indices 0-2 are reserved:
# 0 pads, 1 marks the start of a review, 2 stands for any word outside the vocabulary.
# `num_words=5000` keeps the most frequent words and turns the rarer ones into 2.
# Labels are 1 for a positive review and 0 for a negative one.

# %%
(x_train, y_train), (x_test, y_test) = kteach.load_imdb(num_words=MAX_FEATURES)

print(len(x_train), "train reviews,", len(x_test), "test reviews")
print("positive share: train", round(y_train.mean(), 3), "| test", round(y_test.mean(), 3))
lengths = [len(review) for review in x_train]
print("words per review: median", int(np.median(lengths)), "| longest", max(lengths))

# %% [markdown]
# A review as the model sees it, and decoded back into words (`[START]` and `[OOV]` are the
# reserved indices 1 and 2):

# %%
print(x_train[0][:20])
print(kteach.decode_review(x_train[0])[:400], "...")
print("label:", y_train[0])

# %% [markdown]
# ## Pad and truncate to one length
#
# A batch must be a rectangle, so every review becomes exactly 200 indices long.
# `pad_sequences` puts zeros **in front of** short reviews and cuts long ones **from the front**
# too (`padding="pre"`, `truncating="pre"` by default), so the model always sees the end of a
# review, where reviewers often sum up.
#
# > **Keras 2 → Keras 3.** The tutorial's `from keras.preprocessing import sequence` and
# > `sequence.pad_sequences(...)` still work in Keras 3, but the function's documented home is now
# > `keras.utils.pad_sequences`, which is what we use.

# %%
short = [[11, 12, 13], list(range(1, 9))]
print(keras.utils.pad_sequences(short, maxlen=5))

x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
x_test = keras.utils.pad_sequences(x_test, maxlen=MAXLEN)
print("x_train:", x_train.shape, "| x_test:", x_test.shape)

# %% [markdown]
# ## Build the model
#
# - **Embedding**: a lookup table that turns each word index into a vector of 128 numbers. The
#   vectors start random and are learned, so words used alike ("great", "excellent") end up with
#   similar vectors. It is a learned, dense version of one-hot encoding.
# - **LSTM(100)**: reads the 200 vectors in order, keeping a memory of 100 numbers that it
#   updates at each word, and outputs its memory after the last one: a summary of the review.
# - **Dense(1, sigmoid)**: turns that summary into one probability that the review is positive.
#
# > **Keras 2 → Keras 3 (and two bugs in the tutorial).** `Embedding(..., input_length=maxlen)`
# > still runs but warns that `input_length` is deprecated: give the length with
# > `keras.Input(shape=(MAXLEN,))`. The tutorial never defines `embedding_dim`; we use 128. It
# > also one-hot encodes the labels into 2 columns while the model has one sigmoid output, which
# > fails (`ValueError`: target and output "must have the same shape"): with
# > `Dense(1, activation="sigmoid")` and `binary_crossentropy`, keep the labels as 0 and 1.

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(MAXLEN,)),
        keras.layers.Embedding(input_dim=MAX_FEATURES, output_dim=EMBEDDING_DIM),
        keras.layers.LSTM(units=LSTM_UNITS),
        keras.layers.Dense(units=1, activation="sigmoid"),
    ],
    name="imdb_lstm",
)
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.summary()

# %%
kteach.show_model(model)

# %% [markdown]
# ## Train, stopping early
#
# `EarlyStopping` checks the validation accuracy after each epoch and stops when it has not
# improved (by at least `min_delta`) for `PATIENCE` epochs; `restore_best_weights=True` then puts
# back the weights of the best epoch, not the last one. On all 25,000 reviews (full mode) the
# validation loss is lowest after the first epoch or two and rises after, while the training
# loss keeps falling: the model starts to memorise its training reviews (overfitting). It grows
# more confident on them, and more confidently wrong on reviews it has not seen. That is why the
# best epoch comes early, and why stopping matters. Quick mode's 3 epochs on 800 reviews are too
# few to get there: the line `kteach.diagnose_fit` prints under the plot says what this run shows.
#
# > **Keras 2 → Keras 3.** The tutorial monitors `'val_acc'`. Keras 3 names it `val_accuracy`,
# > and `EarlyStopping(monitor='val_acc')` now fails at the end of the first epoch, after a whole
# > epoch of training (`ValueError`: it "isn't able to automatically determine whether that metric
# > should be maximized"); with `mode='max'` it only warns at the end of every epoch, and never
# > stops. The tutorial also uses an `X_val` it never builds:
# > `validation_split=0.2` keeps the last 20% of the training reviews aside instead.

# %%
early_stop = keras.callbacks.EarlyStopping(
    monitor="val_accuracy", min_delta=0.0001, patience=PATIENCE, restore_best_weights=True
)

history = model.fit(
    x_train,
    y_train,
    epochs=EPOCHS,
    batch_size=BATCH_SIZE,
    validation_split=0.2,
    callbacks=[early_stop, kteach.LiveHistory()],
    verbose=0,
)
best_epoch = int(np.argmax(history.history["val_accuracy"])) + 1
print("trained", len(history.epoch), "epochs; best val_accuracy", round(max(history.history["val_accuracy"]), 4), "at epoch", best_epoch)
print(kteach.diagnose_fit(history))

# %% [markdown]
# ## Evaluate

# %%
score, acc = model.evaluate(x_test, y_test, verbose=0)
print(f"Test score (loss): {score:.4f}")
print(f"Test accuracy:     {acc:.4f}")

# %% [markdown]
# The history, accuracy and loss for training and validation (the tutorial's two plots, in one
# figure; `kteach.plot_history` also accepts the Keras 2 names `acc` and `val_acc`):

# %%
fig, axes = kteach.plot_history(history)

# %% [markdown]
# ## Predict
#
# `predict` returns one probability per review; above 0.5 means positive.
# (The tutorial's `model.predict(X_test) > 0.5` is right; `predict_classes` no longer exists.)

# %%
probabilities = model.predict(x_test, verbose=0).ravel()
predicted = (probabilities > 0.5).astype(int)
print("test accuracy from predict:", round(float((predicted == y_test).mean()), 4))

# %% [markdown]
# ### Your own reviews
#
# To read your text, the model needs it encoded exactly like the dataset: same words, same
# indices, same `num_words`. `kteach.encode_review` does that; `kteach.review_words` shows what
# happens to each word: the index it gets, `[OOV]` when it is too rare for `num_words`, or dropped
# when no training review ever used it (the model has no vector for it).

# %%
for word, fate in kteach.review_words("A zorblaxian masterpiece: unforgettable, moving acting!", num_words=MAX_FEATURES):
    print(f"{word:15} {fate}")

# %%
my_reviews = [
    "This movie was wonderful. The acting was brilliant and the story moved me.",
    "A boring, stupid film. The worst two hours I have ever wasted.",
    "Not bad at all, though the ending was a bit slow.",
]
encoded = [kteach.encode_review(text, num_words=MAX_FEATURES) for text in my_reviews]
mine = model.predict(keras.utils.pad_sequences(encoded, maxlen=MAXLEN), verbose=0).ravel()
for text, probability in zip(my_reviews, mine):
    print(f"{probability:.2f} {'positive' if probability > 0.5 else 'negative'}: {text}")

# %% [markdown]
# Read the probability, not only the verdict: 0.5 is a coin toss. A model trained on 800 reviews
# for 3 epochs (quick mode, test accuracy about 0.63) leaves all three close to 0.5, so its
# "positive" and "negative" here mean little; it has barely begun to tell praise from
# complaint. Run the lesson in full mode (25,000 reviews) and the same three get confident
# verdicts, the first two right. The third mixes "not bad" with "a bit slow", and the full model
# calls it negative: a negation such as "not bad" is hard for a model that has learned "bad" as a
# sign of a bad review.
#
# ### The most confident right and wrong answers
#
# Sorting the test reviews by how sure the model was shows what it learned, and where it is
# fooled: sarcasm, a negative word in a positive review ("not bad at all"), or a review whose
# verdict comes before the last 200 words.

# %%
confidence = np.where(predicted == 1, probabilities, 1 - probabilities)
most_sure_first = np.argsort(-confidence, kind="stable")
right = [i for i in most_sure_first if predicted[i] == y_test[i]][:2]
wrong = [i for i in most_sure_first if predicted[i] != y_test[i]][:2]

for title, picks in (("right", right), ("wrong", wrong)):
    for i in picks:
        words = kteach.decode_review(x_test[i]).replace("[PAD] ", "")
        print(f"{title}: true {y_test[i]}, predicted {probabilities[i]:.2f} | ...{words[-300:]}\n")

# %% [markdown]
# ## What changed from Keras 2
#
# | tutorial (Keras 2) | Keras 3 |
# | --- | --- |
# | `from keras.preprocessing import sequence`; `sequence.pad_sequences(...)` | `keras.utils.pad_sequences(...)` |
# | `Embedding(input_dim, output_dim, input_length=maxlen)` | `keras.Input(shape=(maxlen,))`, then `Embedding(input_dim, output_dim)` |
# | `EarlyStopping(monitor='val_acc')` | `EarlyStopping(monitor='val_accuracy')` (`'val_acc'` fails after the first epoch) |
# | `history.history['acc']` | `history.history['accuracy']` |
# | `to_categorical(y, 2)` with one sigmoid output | labels 0/1 with `Dense(1, activation="sigmoid")` |
#
# **Next:** lesson 04 builds models that are not a single stack of layers, with the functional API.

# %% [markdown]
# ## Exercises
#
# Four exercises, from easy to hard: edit each code cell and run it, and `kteach.check` answers
# in one sentence. `kteach.hint("03.1")` gives a hint, `kteach.solution("03.1")` a solution
# once the hints are used, and `kteach.progress()` lists what you have solved.

# %% [markdown]
# ### 03.1 · easy: predict the padding
#
# Without running it: what does `keras.utils.pad_sequences([[5, 6, 7]], maxlen=5)` return? Write
# the five numbers as a list.

# %%
padded = ...  # five numbers
kteach.check("03.1", padded)

# %% [markdown]
# ### 03.2 · easy: the tutorial's EarlyStopping in Keras 3
#
# The tutorial writes `EarlyStopping(monitor='val_acc', patience=3)`. Write it for Keras 3, so
# that it also puts back the best epoch's weights.

# %%
stop = ...
kteach.check("03.2", stop)

# %% [markdown]
# ### 03.3 · medium: the best epoch of your run
#
# `history` holds the run above. Which epoch's weights did `EarlyStopping` put back? Compute it
# from `history` (epochs count from 1).

# %%
best_epoch = ...
kteach.check("03.3", best_epoch, history)

# %% [markdown]
# ### 03.4 · hard: a smaller sentiment model
#
# Build and compile a model for the padded reviews: an `Embedding` of the 5,000 words into
# vectors of 32 numbers, an `LSTM` of 32 units, and the output layer and loss that labels 0 and 1
# need (with Adam and the accuracy metric).

# %%
sentiment = ...
kteach.check("03.4", sentiment)
