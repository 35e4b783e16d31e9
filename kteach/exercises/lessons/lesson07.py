"""Lesson 07's exercises: updates per epoch, a Keras 3 custom metric, class weights, batch normalization.

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

(X_train, y_train), _ = kteach.load_mnist()
is_five = y_train == 5
keep = ~is_five | (np.cumsum(is_five) % 5 == 1)
y_rare = is_five[keep].astype("float32")
"""


def check_updates(answer: object) -> str:
    """07.1: weight updates per epoch for 4,000 samples in batches of 128."""
    value = answers.number(answer)
    if value == 32:
        return tr("32: 31 full batches of 128 and a last one of 32 samples, each one update.")
    if value == 31:
        raise NotYet(tr("31 leaves out the last, smaller batch of 32 samples: it is an update too, so round up"))
    if value == 4000:
        raise NotYet(tr("4,000 would be one update per sample (batch size 1); with batches of 128 there is one update per batch"))
    raise NotYet(tr("{value:g} is not it: one update per batch, ceil(4000 / 128)", value=value))


def check_mean_pred(answer: object) -> str:
    """07.2: the tutorial's mean_pred metric written with keras.ops."""
    import keras

    if not callable(answer):
        raise NotYet(tr("the exercise asks for a function of (y_true, y_pred); got {kind}", kind=answers.kind_of(answer)))
    y_pred = keras.ops.convert_to_tensor(np.array([[0.2], [0.4], [0.6], [0.8]], dtype="float32"))
    try:
        value = answer(keras.ops.zeros((4, 1)), y_pred)
    except AttributeError as error:
        if "backend" in str(error):
            raise NotYet(tr("keras.backend has no math functions in Keras 3 ({error}): use keras.ops.mean", error=answers.first_line(error))) from None
        raise NotYet(tr("calling your metric failed: {error}", error=answers.first_line(error))) from None
    except Exception as error:
        raise NotYet(tr("calling your metric failed: {error}", error=answers.first_line(error))) from None
    if value is None:
        raise NotYet(tr("your metric returns nothing (None): end it with a return statement"))
    result = answers.number(np.asarray(value))
    if not math.isclose(result, 0.5, rel_tol=1e-5):
        raise NotYet(tr("for predictions 0.2, 0.4, 0.6 and 0.8 your metric returns {value:g}; their mean is 0.5", value=result))
    return tr("keras.ops.mean works with every backend: the metric returns 0.5 for 0.2, 0.4, 0.6 and 0.8.")


def check_class_weight(answer: object, labels: object) -> str:
    """07.3: class_weight giving the rare class the negatives-to-positives ratio."""
    if not isinstance(answer, dict):
        raise NotYet(tr("class_weight is a dict {{class: weight}}; got {kind}", kind=answers.kind_of(answer)))
    values = answers.array(labels, tr("y_rare"))
    ratio = float((values == 0).sum() / max((values == 1).sum(), 1))
    weights = {key: answers.number(value) for key, value in answer.items()}
    if set(weights) != {0, 1}:
        raise NotYet(tr("your dict has the keys {keys}; the classes are 0 and 1", keys=sorted(weights, key=str)))
    if math.isclose(weights[0], ratio, rel_tol=1e-3) and math.isclose(weights[1], 1.0):
        raise NotYet(tr("the weights are the wrong way round: the rare class, 1 (a five), gets the large weight"))
    if not (math.isclose(weights[0], 1.0) and math.isclose(weights[1], ratio, rel_tol=1e-3)):
        raise NotYet(tr("class 1 weighs {got:.2f}; with {ratio:.2f} negatives per positive the two classes weigh the same in total", got=weights[1], ratio=ratio))
    return tr("a five now weighs {ratio:.1f} times an other digit: both classes count the same in the loss.", ratio=ratio)


def check_batch_norm(answer: object) -> str:
    """07.4: lesson 01's MLP with BatchNormalization between each hidden Dense and its ReLU."""
    import keras

    model = answers.model(answer)
    answers.expect_dense(model, [128, 128, 10])
    if not answers.layers_of(model, keras.layers.BatchNormalization):
        raise NotYet(tr("the model has no BatchNormalization layer"))
    for position, layer in enumerate(answers.layers_of(model, keras.layers.Dense)[:2], start=1):
        own = layer.activation.__name__
        following = model.layers[model.layers.index(layer) + 1]
        if own != "linear":
            raise NotYet(tr("Dense layer {n} applies {activation} itself, so the normalization comes after the activation: leave the Dense without one and add Activation(\"relu\") after BatchNormalization", n=position, activation=own))
        if not isinstance(following, keras.layers.BatchNormalization):
            raise NotYet(tr("Dense layer {n} is followed by {kind}; the exercise puts BatchNormalization right after it", n=position, kind=type(following).__name__))
    return tr("Dense, BatchNormalization, ReLU, twice: each layer gets inputs of a stable size.")


def exercises() -> list[Exercise]:
    """Lesson 07's exercises, easy to hard."""
    bn = 'bn_model = keras.Sequential([keras.Input(shape=(784,)), {block}{block}keras.layers.Dense(10, activation="softmax")])\nkteach.check("07.4", bn_model)'
    return [
        Exercise(
            id="07.1",
            difficulty=EASY,
            check=check_updates,
            hints=(
                tr("One weight update per batch; the last batch may be smaller."),
                tr("int(np.ceil(4000 / 128))"),
            ),
            solution='updates = int(np.ceil(4000 / 128))\nkteach.check("07.1", updates)',
            mistakes=(
                Mistake('kteach.check("07.1", 4000 // 128)', "round up"),
                Mistake('kteach.check("07.1", 4000)', "one update per batch"),
            ),
        ),
        Exercise(
            id="07.2",
            difficulty=EASY,
            check=check_mean_pred,
            hints=(
                tr("Keras 3 moved the math functions from keras.backend to keras.ops."),
                tr("def mean_pred(y_true, y_pred): return keras.ops.mean(y_pred)"),
            ),
            solution='def mean_pred(y_true, y_pred):\n    return keras.ops.mean(y_pred)\n\n\nkteach.check("07.2", mean_pred)',
            mistakes=(
                Mistake('kteach.check("07.2", lambda y_true, y_pred: keras.backend.mean(y_pred))', "use keras.ops.mean"),
                Mistake('kteach.check("07.2", lambda y_true, y_pred: keras.ops.sum(y_pred))', "their mean is 0.5"),
            ),
        ),
        Exercise(
            id="07.3",
            difficulty=MEDIUM,
            check=check_class_weight,
            context=("y_rare",),
            hints=(
                tr("The weight of class 1 is the number of negatives divided by the number of positives."),
                tr("{0: 1.0, 1: float((y_rare == 0).sum() / (y_rare == 1).sum())}"),
            ),
            solution='ratio = float((y_rare == 0).sum() / (y_rare == 1).sum())\nclass_weight = {0: 1.0, 1: ratio}\nkteach.check("07.3", class_weight, y_rare)',
            mistakes=(
                Mistake('ratio = float((y_rare == 0).sum() / (y_rare == 1).sum())\nkteach.check("07.3", {0: ratio, 1: 1.0}, y_rare)', "the wrong way round"),
                Mistake('kteach.check("07.3", [1.0, 5.0], y_rare)', "class_weight is a dict"),
            ),
        ),
        Exercise(
            id="07.4",
            difficulty=HARD,
            check=check_batch_norm,
            hints=(
                tr("Lesson 07's mlp(batch_norm=True) puts BatchNormalization between each Dense and its activation."),
                tr("Dense(128) with no activation, BatchNormalization(), Activation(\"relu\"), twice, then Dense(10, softmax)."),
            ),
            solution=bn.format(block='keras.layers.Dense(128), keras.layers.BatchNormalization(), keras.layers.Activation("relu"), '),
            mistakes=(
                Mistake(bn.format(block='keras.layers.Dense(128, activation="relu"), keras.layers.BatchNormalization(), '), "so the normalization comes after the activation"),
                Mistake(bn.format(block='keras.layers.Dense(128), keras.layers.Activation("relu"), '), "no BatchNormalization layer"),
            ),
        ),
    ]
