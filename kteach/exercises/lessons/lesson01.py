"""Lesson 01's exercises: counting parameters, the Keras 3 optimizer, a deeper MLP, training it.

Each exercise below holds its statement's id, difficulty, hints, reference solution (the cell a
learner would write) and the mistakes learners make; its check is the function just above it.
"""

from __future__ import annotations

from kteach.exercises import answers
from kteach.exercises.exercise import EASY, HARD, MEDIUM, Exercise, Mistake, NotYet
from kteach.i18n import tr
from kteach.settings import quick_mode

# The lesson's variables the solutions use (check-solutions and the tests run this first).
SETUP = """
import numpy as np
import keras
import kteach

(X_train, y_train), (X_test, y_test) = kteach.load_mnist()
X_train = X_train.reshape(-1, 784).astype("float32") / 255
X_test = X_test.reshape(-1, 784).astype("float32") / 255
Y_train = keras.utils.to_categorical(y_train, 10)
Y_test = keras.utils.to_categorical(y_test, 10)
"""

LESSON_PARAMETERS = 784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10  # 118,282
WIDE_PARAMETERS = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10  # 269,322
WIDE_WEIGHTS_ONLY = 784 * 256 + 256 * 256 + 256 * 10


def check_wider_parameters(answer: object) -> str:
    """01.1: the parameters of lesson 01's network with 256 hidden units instead of 128."""
    value = answers.number(answer)
    if value == WIDE_PARAMETERS:
        return tr("{count:,} parameters: more than twice lesson 01's, because the layer between the two hidden layers grows 4 times.", count=WIDE_PARAMETERS)
    if value == WIDE_WEIGHTS_ONLY:
        raise NotYet(tr("{value:,.0f} counts the weights but not the biases: every neuron adds one bias", value=value))
    if value == 2 * LESSON_PARAMETERS:
        raise NotYet(tr("{value:,.0f} is lesson 01's count doubled, but the 256 x 256 layer between the hidden layers has 4 times the weights of the 128 x 128 one", value=value))
    raise NotYet(tr("{value:,.0f} is not it: for each of the three Dense layers add inputs x units + units", value=value))


def check_sgd(answer: object) -> str:
    """01.2: the tutorial's SGD(lr=0.05), written for Keras 3."""
    chosen = answers.optimizer(answer)
    answers.expect_optimizer(chosen, "SGD", 0.05)
    return tr("SGD at learning rate 0.05, written the Keras 3 way.")


def check_deeper_model(answer: object) -> str:
    """01.3: an MLP with three hidden layers of 256 ReLU units and a softmax output."""
    model = answers.model(answer)
    shape = answers.input_shape(model)
    if shape != (None, 784):
        raise NotYet(tr("the model takes inputs shaped {shape}; the flattened images are (None, 784): keras.Input(shape=(784,))", shape=answers.shape_text(shape)))
    plan = answers.expect_dense(model, [256, 256, 256, 10])
    for position, (_, activation) in enumerate(plan[:-1], start=1):
        if activation != "relu":
            raise NotYet(tr("hidden Dense layer {n} has activation {activation}; the exercise asks for relu", n=position, activation=activation))
    if plan[-1][1] != "softmax":
        raise NotYet(tr("the last Dense layer has activation {activation}: its 10 outputs need softmax to become probabilities", activation=plan[-1][1]))
    return tr("three hidden layers of 256 ReLU units and a softmax output: {count:,} parameters.", count=model.count_params())


def target_accuracy() -> float:
    """01.4's threshold: the shipped sample (quick mode) is smaller, so a little less is asked."""
    return 0.85 if quick_mode() else 0.9


def check_trained(answer: object, x_test: object, y_test: object) -> str:
    """01.4: the deeper model compiled for one-hot labels with Adam, trained past the target accuracy."""
    model = answers.model(answer)
    answers.compiled(model)
    loss = answers.loss_name(model.loss)
    if loss == "sparse_categorical_crossentropy":
        raise NotYet(tr("sparse_categorical_crossentropy expects labels 0-9, but Y_train is one-hot (10 columns per label): use categorical_crossentropy"))
    if loss != "categorical_crossentropy":
        raise NotYet(tr("you compiled with loss {loss}; one-hot labels and a softmax output need categorical_crossentropy", loss=loss))
    answers.expect_optimizer(model.optimizer, "Adam", 0.001)
    if "accuracy" not in answers.metric_names(model):
        raise NotYet(tr("compile has no accuracy metric: add metrics=[\"accuracy\"]"))
    images = answers.array(x_test, tr("the test images"))
    if images.max() > 1:
        raise NotYet(tr("your X_test goes up to {top:g}: scale the pixels to [0, 1] with / 255, as in step 2", top=float(images.max())))
    labels = answers.array(y_test, tr("the test labels"))
    truth = labels.argmax(axis=1) if labels.ndim == 2 else labels
    predicted = answers.predictions(model, images, "X_test").argmax(axis=1)
    if len(predicted) != len(truth):
        raise NotYet(tr("X_test has {images} images but Y_test has {labels} labels: pass the two test arrays of the lesson", images=len(predicted), labels=len(truth)))
    accuracy = float((predicted == truth).mean())
    target = target_accuracy()
    if accuracy < target:
        raise NotYet(tr("test accuracy {accuracy:.2f} is below the {target:.2f} asked for: has the model been trained (model.fit(X_train, Y_train, epochs=10))?", accuracy=accuracy, target=target))
    return tr("test accuracy {accuracy:.4f}, above the {target:.2f} asked for: Adam and a deeper network beat lesson 01's SGD.", accuracy=accuracy, target=target)


def exercises() -> list[Exercise]:
    """Lesson 01's exercises, easy to hard."""
    return [
        Exercise(
            id="01.1",
            difficulty=EASY,
            check=check_wider_parameters,
            hints=(
                tr("A Dense layer with n inputs and u units has n x u weights and u biases."),
                tr("The three layers are 784 -> 256, 256 -> 256 and 256 -> 10."),
                tr("784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10"),
            ),
            solution='parameters = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10\nkteach.check("01.1", parameters)',
            mistakes=(
                Mistake('kteach.check("01.1", 784 * 256 + 256 * 256 + 256 * 10)', "counts the weights but not the biases"),
                Mistake('kteach.check("01.1", 2 * 118282)', "lesson 01's count doubled"),
            ),
        ),
        Exercise(
            id="01.2",
            difficulty=EASY,
            check=check_sgd,
            hints=(
                tr("Keras 3 renamed the argument lr: the optimizers take learning_rate=."),
                tr("keras.optimizers.SGD(learning_rate=...)"),
            ),
            solution='sgd = keras.optimizers.SGD(learning_rate=0.05)\nkteach.check("01.2", sgd)',
            mistakes=(
                Mistake('kteach.check("01.2", keras.optimizers.SGD())', "has learning rate 0.01"),
                Mistake('kteach.check("01.2", keras.optimizers.Adam(learning_rate=0.05))', "you chose Adam"),
                Mistake('kteach.check("01.2", keras.optimizers.SGD)', "not an optimizer"),
            ),
        ),
        Exercise(
            id="01.3",
            difficulty=MEDIUM,
            check=check_deeper_model,
            hints=(
                tr("Start from the lesson's model: keras.Input(shape=(784,)) first, then the Dense layers."),
                tr("Three hidden layers means three Dense(256, activation=\"relu\") before the output layer."),
                tr("keras.Sequential([keras.Input(shape=(784,)), Dense(256, relu) three times, Dense(10, activation=\"softmax\")])"),
            ),
            solution="""deeper = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
kteach.check("01.3", deeper)""",
            mistakes=(
                Mistake(
                    'deeper = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])\nkteach.check("01.3", deeper)',
                    "the model has 3 Dense layers; the exercise asks for 4",
                ),
                Mistake(
                    'deeper = keras.Sequential([keras.Input(shape=(784,))] + [keras.layers.Dense(256, activation="relu") for _ in range(3)] + [keras.layers.Dense(10)])\nkteach.check("01.3", deeper)',
                    "the last Dense layer has activation linear",
                ),
                Mistake(
                    'deeper = keras.Sequential([keras.layers.Dense(256, activation="relu") for _ in range(3)] + [keras.layers.Dense(10, activation="softmax")])\nkteach.check("01.3", deeper)',
                    "has no input shape yet",
                ),
            ),
        ),
        Exercise(
            id="01.4",
            difficulty=HARD,
            check=check_trained,
            context=("X_test", "Y_test"),
            hints=(
                tr("The labels Y_train are one-hot, so the loss is categorical_crossentropy; the optimizer is keras.optimizers.Adam(learning_rate=0.001)."),
                tr("Compile, then deeper.fit(X_train, Y_train, epochs=10, batch_size=128, verbose=0), then check with X_test and Y_test."),
                tr("deeper.compile(loss=\"categorical_crossentropy\", optimizer=keras.optimizers.Adam(learning_rate=0.001), metrics=[\"accuracy\"])"),
            ),
            solution="""deeper = keras.Sequential(
    [keras.Input(shape=(784,))] + [keras.layers.Dense(256, activation="relu") for _ in range(3)] + [keras.layers.Dense(10, activation="softmax")]
)
deeper.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=0.001), metrics=["accuracy"])
deeper.fit(X_train, Y_train, epochs=10, batch_size=128, verbose=0)
kteach.check("01.4", deeper, X_test, Y_test)""",
            mistakes=(
                Mistake(
                    'deeper = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")])\ndeeper.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])\nkteach.check("01.4", deeper, X_test, Y_test)',
                    "sparse_categorical_crossentropy expects labels 0-9",
                ),
                Mistake(
                    'deeper = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")])\ndeeper.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(), metrics=["accuracy"])\nkteach.check("01.4", deeper, X_test, Y_test)',
                    "you chose SGD; the exercise asks for Adam",
                ),
                Mistake(
                    'deeper = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")])\ndeeper.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])\nkteach.check("01.4", deeper, X_test * 255, Y_test)',
                    "scale the pixels to [0, 1]",
                ),
                Mistake(
                    'deeper = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")])\ndeeper.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])\nkteach.check("01.4", deeper, X_test, Y_test)',
                    "has the model been trained",
                ),
            ),
        ),
    ]
