"""Lesson 02's exercises: dropout at test time, an L2 penalty, a dropout network, reading overfitting.

Each exercise below holds its id, difficulty, hints, reference solution and the mistakes learners
make; its check is the function just above it.
"""

from __future__ import annotations

import math

from kteach.exercises import answers
from kteach.exercises.exercise import EASY, MEDIUM, Exercise, Mistake, NotYet
from kteach.i18n import tr

SETUP = """
import numpy as np
import keras
import kteach

history = {
    "loss": [0.92, 0.51, 0.38, 0.31, 0.26, 0.22, 0.19, 0.16, 0.14, 0.12],
    "val_loss": [0.61, 0.45, 0.39, 0.36, 0.37, 0.39, 0.42, 0.46, 0.49, 0.53],
}
"""


def check_dropout_at_test(answer: object) -> str:
    """02.1: the share of outputs Dropout(0.3) switches off during evaluate and predict."""
    value = answers.number(answer)
    if value == 0:
        return tr("0: at test time nothing is dropped; Keras scaled the kept outputs by 1 / 0.7 during training instead.")
    if math.isclose(value, 0.3):
        raise NotYet(tr("0.3 is the share switched off at each training step; evaluate and predict use every neuron"))
    if math.isclose(value, 0.7):
        raise NotYet(tr("0.7 is the share kept during training; at test time the question is what is switched off"))
    raise NotYet(tr("{value:g} is not it: read again what the lesson says happens at test time", value=value))


def check_l2_layer(answer: object) -> str:
    """02.2: a Dense(64) layer with an L2 penalty of 0.001 on its weights."""
    import keras

    if not isinstance(answer, keras.layers.Dense):
        raise NotYet(tr("the exercise asks for one keras.layers.Dense layer; got {kind}", kind=answers.kind_of(answer)))
    if answer.units != 64:
        raise NotYet(tr("the layer has {units} units; the exercise asks for 64", units=answer.units))
    penalty = answer.kernel_regularizer
    if penalty is None:
        where = tr(" (you put it on the biases: bias_regularizer)") if answer.bias_regularizer is not None else ""
        raise NotYet(tr("the layer has no kernel_regularizer{where}: the penalty goes on the weights", where=where))
    factor = penalty.get_config().get("l2")
    if factor is None or not math.isclose(factor, 0.001, rel_tol=1e-4):
        raise NotYet(tr("your penalty is {penalty}; the exercise asks for keras.regularizers.l2(0.001)", penalty=penalty.get_config()))
    return tr("Dense(64) with an L2 penalty of 0.001: its large weights now cost loss.")


def check_dropout_model(answer: object) -> str:
    """02.3: lesson 01's MLP with Dropout(0.3) after each hidden layer."""
    import keras

    model = answers.model(answer)
    plan = answers.expect_dense(model, [128, 128, 10])
    dropouts = answers.layers_of(model, keras.layers.Dropout)
    if len(dropouts) != 2:
        raise NotYet(tr("the model has {count} Dropout layers; the exercise asks for 2, one after each hidden layer", count=len(dropouts)))
    for position, layer in enumerate(dropouts, start=1):
        if not math.isclose(layer.rate, 0.3):
            raise NotYet(tr("Dropout layer {n} drops {rate:g} of the outputs; the exercise asks for 0.3", n=position, rate=layer.rate))
    if isinstance(model.layers[-1], keras.layers.Dropout):
        raise NotYet(tr("the last layer is a Dropout: it would drop some of the 10 output probabilities; dropout goes after the hidden layers"))
    if plan[-1][1] != "softmax":
        raise NotYet(tr("the last Dense layer has activation {activation}: its 10 outputs need softmax to become probabilities", activation=plan[-1][1]))
    return tr("two hidden layers, each followed by Dropout(0.3): the same {count:,} parameters, since dropout has none.", count=model.count_params())


def check_best_epoch(answer: object, log: object) -> str:
    """02.4: the epoch to keep, read from a history whose validation loss turns up."""
    return answers.expect_best_epoch(answer, answers.history(log), "val_loss")


def exercises() -> list[Exercise]:
    """Lesson 02's exercises, easy to hard."""
    return [
        Exercise(
            id="02.1",
            difficulty=EASY,
            check=check_dropout_at_test,
            hints=(
                tr("Dropout is active only while the model trains."),
                tr("During evaluate and predict every neuron works: what share is switched off then?"),
            ),
            solution='share_dropped_at_test = 0\nkteach.check("02.1", share_dropped_at_test)',
            mistakes=(
                Mistake('kteach.check("02.1", 0.3)', "0.3 is the share switched off at each training step"),
                Mistake('kteach.check("02.1", 0.7)', "0.7 is the share kept during training"),
            ),
        ),
        Exercise(
            id="02.2",
            difficulty=EASY,
            check=check_l2_layer,
            hints=(
                tr("The penalty is an argument of the layer: kernel_regularizer=."),
                tr("keras.layers.Dense(64, kernel_regularizer=keras.regularizers.l2(...))"),
            ),
            solution='layer = keras.layers.Dense(64, kernel_regularizer=keras.regularizers.l2(0.001))\nkteach.check("02.2", layer)',
            mistakes=(
                Mistake('kteach.check("02.2", keras.layers.Dense(64, kernel_regularizer=keras.regularizers.l2(0.01)))', "keras.regularizers.l2(0.001)"),
                Mistake('kteach.check("02.2", keras.layers.Dense(64, bias_regularizer=keras.regularizers.l2(0.001)))', "you put it on the biases"),
            ),
        ),
        Exercise(
            id="02.3",
            difficulty=MEDIUM,
            check=check_dropout_model,
            hints=(
                tr("Dropout is a layer of its own: keras.layers.Dropout(0.3), placed right after a hidden Dense layer."),
                tr("Input, Dense(128, relu), Dropout(0.3), Dense(128, relu), Dropout(0.3), Dense(10, softmax)."),
            ),
            solution="""dropout_model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
kteach.check("02.3", dropout_model)""",
            mistakes=(
                Mistake(
                    'dropout_model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dropout(0.3), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])\nkteach.check("02.3", dropout_model)',
                    "the model has 1 Dropout layers",
                ),
                Mistake(
                    'dropout_model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dropout(0.5), keras.layers.Dense(128, activation="relu"), keras.layers.Dropout(0.5), keras.layers.Dense(10, activation="softmax")])\nkteach.check("02.3", dropout_model)',
                    "Dropout layer 1 drops 0.5",
                ),
            ),
        ),
        Exercise(
            id="02.4",
            difficulty=MEDIUM,
            check=check_best_epoch,
            context=("history",),
            hints=(
                tr("Overfitting shows when the training loss keeps falling while the validation loss rises."),
                tr("Find the epoch with the lowest val_loss; epochs count from 1."),
                tr("int(np.argmin(history[\"val_loss\"])) + 1"),
            ),
            solution='best_epoch = int(np.argmin(history["val_loss"])) + 1\nkteach.check("02.4", best_epoch, history)',
            mistakes=(
                Mistake('kteach.check("02.4", 10, history)', "is the last one trained, not the best"),
                Mistake('kteach.check("02.4", int(np.argmin(history["val_loss"])), history)', "epochs count from 1"),
            ),
        ),
    ]
