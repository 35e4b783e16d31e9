"""Lesson 03's exercises: padding, EarlyStopping in Keras 3, the best epoch, a sentiment model.

Each exercise below holds its id, difficulty, hints, reference solution and the mistakes learners
make; its check is the function just above it.
"""

from __future__ import annotations

from kteach.exercises import answers
from kteach.exercises.exercise import EASY, HARD, MEDIUM, Exercise, Mistake, NotYet
from kteach.i18n import tr

SETUP = """
import numpy as np
import keras
import kteach

history = keras.callbacks.History()
history.history = {
    "accuracy": [0.62, 0.81, 0.88, 0.92, 0.95, 0.97],
    "val_accuracy": [0.71, 0.80, 0.84, 0.83, 0.82, 0.81],
    "loss": [0.64, 0.43, 0.30, 0.21, 0.14, 0.09],
    "val_loss": [0.57, 0.44, 0.38, 0.41, 0.47, 0.55],
}
history.epoch = list(range(6))
"""


def check_padding(answer: object) -> str:
    """03.1: what pad_sequences([[5, 6, 7]], maxlen=5) returns."""
    values = answers.array(answer, tr("a list of numbers")).ravel()
    if len(values) != 5:
        raise NotYet(tr("your answer has {count} values: maxlen=5 makes every review exactly 5 long", count=len(values)))
    if values.tolist() == [5, 6, 7, 0, 0]:
        raise NotYet(tr("padding is \"pre\" by default: the zeros go in front, so the review's end stays in place"))
    if values.tolist() != [0, 0, 5, 6, 7]:
        raise NotYet(tr("{values} is not it: the review keeps its 3 words in order, and zeros fill the rest", values=values.tolist()))
    return tr("[0, 0, 5, 6, 7]: zeros in front, the review's words at the end.")


def check_early_stopping(answer: object) -> str:
    """03.2: the tutorial's EarlyStopping(monitor='val_acc', patience=3), fixed for Keras 3 and keeping the best weights."""
    import keras

    stop = answers.callback(answer, keras.callbacks.EarlyStopping)
    if stop.monitor == "val_acc":
        raise NotYet(tr("Keras 3 names the metric val_accuracy, not val_acc: with val_acc training stops with an error"))
    if stop.monitor != "val_accuracy":
        raise NotYet(tr("your EarlyStopping watches {monitor}; the exercise asks for val_accuracy", monitor=stop.monitor))
    if stop.patience != 3:
        raise NotYet(tr("patience is {patience}; the exercise asks for 3 epochs without improvement", patience=stop.patience))
    if not stop.restore_best_weights:
        raise NotYet(tr("restore_best_weights is False: the model would keep the last epoch's weights, not the best ones"))
    return tr("it watches val_accuracy, waits 3 epochs and puts the best weights back.")


def check_sentiment_model(answer: object) -> str:
    """03.4: Embedding, LSTM and one sigmoid output, compiled for labels 0 and 1."""
    import keras

    model = answers.model(answer)
    shape = answers.input_shape(model)
    if shape != (None, 200):
        raise NotYet(tr("the model takes inputs shaped {shape}; the padded reviews are (None, 200): keras.Input(shape=(200,))", shape=answers.shape_text(shape)))
    embeddings = answers.layers_of(model, keras.layers.Embedding)
    if not embeddings:
        raise NotYet(tr("the model has no Embedding layer to turn word indices into vectors"))
    if embeddings[0].input_dim != 5000:
        raise NotYet(tr("the Embedding's input_dim is {got}; it is the vocabulary size, 5000 (num_words), not the review length", got=embeddings[0].input_dim))
    if not answers.layers_of(model, keras.layers.LSTM):
        raise NotYet(tr("the model has no LSTM layer to read the review in order"))
    output = answers.output_shape(model)
    plan = answers.dense_plan(model)
    if output != (None, 1) or plan[-1][1] != "sigmoid":
        raise NotYet(tr("the output is {shape} with activation {activation}; labels 0 and 1 need one unit with a sigmoid: Dense(1, activation=\"sigmoid\")", shape=answers.shape_text(output), activation=plan[-1][1] if plan else "-"))
    answers.compiled(model)
    loss = answers.loss_name(model.loss)
    if loss != "binary_crossentropy":
        raise NotYet(tr("you compiled with loss {loss}; one sigmoid output and labels 0/1 need binary_crossentropy", loss=loss))
    return tr("Embedding, LSTM and one sigmoid output with binary_crossentropy: {count:,} parameters.", count=model.count_params())


def check_best_epoch(answer: object, log: object) -> str:
    """03.3: the epoch EarlyStopping(restore_best_weights=True) puts back, read from a History."""
    return answers.expect_best_epoch(answer, answers.history(log), "val_accuracy")


def exercises() -> list[Exercise]:
    """Lesson 03's exercises, easy to hard."""
    compiled_sentiment = (
        "sentiment = keras.Sequential([keras.Input(shape=(200,)), keras.layers.Embedding(5000, 32), keras.layers.LSTM(32), keras.layers.Dense({dense})])\n"
        'sentiment.compile(loss="{loss}", optimizer="adam", metrics=["accuracy"])\n'
        'kteach.check("03.4", sentiment)'
    )
    return [
        Exercise(
            id="03.1",
            difficulty=EASY,
            check=check_padding,
            hints=(
                tr("Every review becomes exactly maxlen numbers long; 0 is the padding index."),
                tr("By default padding=\"pre\": the zeros go before the words."),
            ),
            solution='padded = [0, 0, 5, 6, 7]\nkteach.check("03.1", padded)',
            mistakes=(
                Mistake('kteach.check("03.1", [5, 6, 7, 0, 0])', "the zeros go in front"),
                Mistake('kteach.check("03.1", [0, 0, 0, 5, 6, 7])', "has 6 values"),
            ),
        ),
        Exercise(
            id="03.2",
            difficulty=EASY,
            check=check_early_stopping,
            hints=(
                tr("With metrics=[\"accuracy\"], Keras 3 records val_accuracy."),
                tr("keras.callbacks.EarlyStopping(monitor=\"val_accuracy\", patience=3, restore_best_weights=True)"),
            ),
            solution='stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=3, restore_best_weights=True)\nkteach.check("03.2", stop)',
            mistakes=(
                Mistake('kteach.check("03.2", keras.callbacks.EarlyStopping(monitor="val_acc", patience=3, restore_best_weights=True))', "not val_acc"),
                Mistake('kteach.check("03.2", keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=3))', "restore_best_weights is False"),
            ),
        ),
        Exercise(
            id="03.3",
            difficulty=MEDIUM,
            check=check_best_epoch,
            context=("history",),
            hints=(
                tr("restore_best_weights=True keeps the epoch with the best val_accuracy: the highest one."),
                tr("int(np.argmax(history.history[\"val_accuracy\"])) + 1: epochs count from 1."),
            ),
            solution='best_epoch = int(np.argmax(history.history["val_accuracy"])) + 1\nkteach.check("03.3", best_epoch, history)',
            mistakes=(
                Mistake('kteach.check("03.3", len(history.epoch), history)', "is the last one trained, not the best"),
                Mistake('kteach.check("03.3", int(np.argmax(history.history["val_accuracy"])), history)', "epochs count from 1"),
            ),
        ),
        Exercise(
            id="03.4",
            difficulty=HARD,
            check=check_sentiment_model,
            hints=(
                tr("Three layers after keras.Input(shape=(200,)): Embedding(5000, 32), LSTM(32), and one output unit."),
                tr("Labels are 0 or 1: one unit with a sigmoid, and the loss binary_crossentropy."),
                tr("Dense(1, activation=\"sigmoid\"), then sentiment.compile(loss=\"binary_crossentropy\", optimizer=\"adam\", metrics=[\"accuracy\"])"),
            ),
            solution=compiled_sentiment.format(dense='1, activation="sigmoid"', loss="binary_crossentropy"),
            mistakes=(
                Mistake(compiled_sentiment.format(dense='2, activation="softmax"', loss="categorical_crossentropy"), "one unit with a sigmoid"),
                Mistake(compiled_sentiment.format(dense='1, activation="sigmoid"', loss="categorical_crossentropy"), "need binary_crossentropy"),
                Mistake(
                    'sentiment = keras.Sequential([keras.Input(shape=(200,)), keras.layers.Embedding(200, 32), keras.layers.LSTM(32), keras.layers.Dense(1, activation="sigmoid")])\nkteach.check("03.4", sentiment)',
                    "it is the vocabulary size, 5000",
                ),
            ),
        ),
    ]
