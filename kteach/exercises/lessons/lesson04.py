"""Lesson 04's exercises: a shared layer's parameters, a functional MLP, a skip connection, two outputs.

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

image = keras.Input(shape=(784,), name="image")
k = keras.Input(shape=(1,), name="k")
features = keras.layers.Dense(128, activation="relu")(image)
digit = keras.layers.Dense(10, activation="softmax", name="digit")(features)
total = keras.layers.Dense(1, name="total")(keras.layers.Concatenate()([features, k]))
two_heads = keras.Model(inputs=[image, k], outputs=[digit, total], name="two_heads")
"""

SHARED_PARAMETERS = 784 * 64 + 64  # 50,240


def check_shared_parameters(answer: object) -> str:
    """04.1: the parameters of one Dense(64) layer called on two 784-pixel inputs."""
    value = answers.number(answer)
    if value == SHARED_PARAMETERS:
        return tr("{count:,}: a layer called twice is one layer, with one set of weights.", count=SHARED_PARAMETERS)
    if value == 2 * SHARED_PARAMETERS:
        raise NotYet(tr("{value:,.0f} counts the layer twice; called on two inputs it is still one layer, with one set of weights", value=value))
    if value == 784 * 64:
        raise NotYet(tr("{value:,.0f} counts the weights but not the biases: every neuron adds one bias", value=value))
    raise NotYet(tr("{value:,.0f} is not it: a Dense layer has inputs x units weights plus units biases", value=value))


def check_functional_mlp(answer: object) -> str:
    """04.2: lesson 01's MLP written with keras.Input, layers called on tensors, and keras.Model."""
    import keras

    model = answers.model(answer)
    if isinstance(model, keras.Sequential):
        raise NotYet(tr("you built a Sequential model; the exercise asks for the functional API: keras.Input, layers called on tensors, keras.Model(inputs, outputs)"))
    shape = answers.input_shape(model)
    if shape != (None, 784):
        raise NotYet(tr("the model takes inputs shaped {shape}; the flattened images are (None, 784): keras.Input(shape=(784,))", shape=answers.shape_text(shape)))
    plan = answers.expect_dense(model, [128, 128, 10])
    if plan[-1][1] != "softmax":
        raise NotYet(tr("the last Dense layer has activation {activation}: its 10 outputs need softmax to become probabilities", activation=plan[-1][1]))
    return tr("a functional model with lesson 01's layers: {count:,} parameters, as in the Sequential version.", count=model.count_params())


def check_residual(answer: object) -> str:
    """04.3: a model whose hidden layer's input is added to its output (a skip connection)."""
    import keras

    model = answers.model(answer)
    if not answers.layers_of(model, keras.layers.Add):
        if answers.layers_of(model, keras.layers.Concatenate):
            raise NotYet(tr("you joined the two paths with Concatenate, which puts them side by side; a skip connection adds them: keras.layers.Add()"))
        raise NotYet(tr("the model has no Add layer: nothing skips past a layer; add the block's input to its output with keras.layers.Add()([x, correction])"))
    output = answers.output_shape(model)
    if output != (None, 10):
        raise NotYet(tr("the output is shaped {shape}; the exercise asks for 10 digit probabilities, (None, 10)", shape=answers.shape_text(output)))
    return tr("the Add layer makes a skip connection: the block only has to learn a correction.")


def check_two_outputs(answer: object) -> str:
    """04.4: two_heads compiled with one loss and one list of metrics per named output."""
    model = answers.model(answer)
    names = list(getattr(model, "output_names", []) or [])
    if sorted(names) != ["digit", "total"]:
        raise NotYet(tr("the model's outputs are named {names}; compile a model with the lesson's two outputs, digit and total", names=names))
    answers.compiled(model)
    losses = model.loss
    if not isinstance(losses, dict):
        raise NotYet(tr("one loss ({loss}) for two outputs: give a dict, one loss per output name", loss=answers.loss_name(losses)))
    digit, total = answers.loss_name(losses.get("digit")), answers.loss_name(losses.get("total"))
    if digit == "categorical_crossentropy":
        raise NotYet(tr("y_train holds the digits 0-9, not one-hot vectors: the digit loss is sparse_categorical_crossentropy"))
    if digit != "sparse_categorical_crossentropy":
        raise NotYet(tr("the digit output's loss is {loss}; a softmax over 10 digits given as 0-9 needs sparse_categorical_crossentropy", loss=digit))
    if total != "mean_squared_error":
        raise NotYet(tr("the total output's loss is {loss}; the sum is a number, a regression: mse", loss=total))
    metrics = model.get_compile_config().get("metrics")
    if not isinstance(metrics, dict):
        raise NotYet(tr("metrics is a list; with two outputs Keras 3 refuses it when training starts: give a dict such as {{\"digit\": [\"accuracy\"], \"total\": [\"mae\"]}}"))
    return tr("one loss and one list of metrics per output, keyed by the output names.")


def exercises() -> list[Exercise]:
    """Lesson 04's exercises, easy to hard."""
    chain = 'x = keras.layers.Dense(128, activation="relu")(inputs)\ncorrection = keras.layers.Dense(128, activation="relu")(x)\n'
    return [
        Exercise(
            id="04.1",
            difficulty=EASY,
            check=check_shared_parameters,
            hints=(
                tr("A layer called on two inputs is one layer: its weights are counted once."),
                tr("784 inputs x 64 units, plus 64 biases."),
            ),
            solution='shared_parameters = 784 * 64 + 64\nkteach.check("04.1", shared_parameters)',
            mistakes=(
                Mistake('kteach.check("04.1", 2 * (784 * 64 + 64))', "counts the layer twice"),
                Mistake('kteach.check("04.1", 784 * 64)', "not the biases"),
            ),
        ),
        Exercise(
            id="04.2",
            difficulty=MEDIUM,
            check=check_functional_mlp,
            hints=(
                tr("Start with inputs = keras.Input(shape=(784,)) and call each layer on the tensor before it."),
                tr("x = Dense(128, relu)(inputs); x = Dense(128, relu)(x); outputs = Dense(10, softmax)(x); keras.Model(inputs, outputs)"),
            ),
            solution="""inputs = keras.Input(shape=(784,))
x = keras.layers.Dense(128, activation="relu")(inputs)
x = keras.layers.Dense(128, activation="relu")(x)
outputs = keras.layers.Dense(10, activation="softmax")(x)
mlp = keras.Model(inputs, outputs)
kteach.check("04.2", mlp)""",
            mistakes=(
                Mistake(
                    'mlp = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])\nkteach.check("04.2", mlp)',
                    "you built a Sequential model",
                ),
                Mistake(
                    'inputs = keras.Input(shape=(784,))\nx = keras.layers.Dense(64, activation="relu")(inputs)\nx = keras.layers.Dense(128, activation="relu")(x)\nmlp = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))\nkteach.check("04.2", mlp)',
                    "Dense layer 1 has 64 units; the exercise asks for 128",
                ),
            ),
        ),
        Exercise(
            id="04.3",
            difficulty=MEDIUM,
            check=check_residual,
            hints=(
                tr("A skip connection adds a block's input to the block's output: keras.layers.Add()."),
                tr("Add needs two tensors of the same shape: x and correction, both 128 wide."),
            ),
            solution="inputs = keras.Input(shape=(784,))\n" + chain + 'x = keras.layers.Add()([x, correction])\nresidual = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))\nkteach.check("04.3", residual)',
            mistakes=(
                Mistake(
                    "inputs = keras.Input(shape=(784,))\n" + chain + 'x = keras.layers.Concatenate()([x, correction])\nresidual = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))\nkteach.check("04.3", residual)',
                    "a skip connection adds them",
                ),
                Mistake(
                    "inputs = keras.Input(shape=(784,))\n" + chain + 'residual = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(correction))\nkteach.check("04.3", residual)',
                    "the model has no Add layer",
                ),
            ),
        ),
        Exercise(
            id="04.4",
            difficulty=HARD,
            check=check_two_outputs,
            hints=(
                tr("loss, and metrics too, become dicts keyed by the output names \"digit\" and \"total\"."),
                tr("The digits are labels 0-9 (not one-hot) and the sum is a number."),
                tr("loss={\"digit\": \"sparse_categorical_crossentropy\", \"total\": \"mse\"}, metrics={\"digit\": [\"accuracy\"], \"total\": [\"mae\"]}"),
            ),
            solution="""two_heads_again = keras.Model(two_heads.inputs, two_heads.outputs)
two_heads_again.compile(
    optimizer="adam",
    loss={"digit": "sparse_categorical_crossentropy", "total": "mse"},
    metrics={"digit": ["accuracy"], "total": ["mae"]},
)
kteach.check("04.4", two_heads_again)""",
            mistakes=(
                Mistake(
                    'two_heads_again = keras.Model(two_heads.inputs, two_heads.outputs)\ntwo_heads_again.compile(optimizer="adam", loss={"digit": "sparse_categorical_crossentropy", "total": "mse"}, metrics=["accuracy"])\nkteach.check("04.4", two_heads_again)',
                    "metrics is a list",
                ),
                Mistake(
                    'two_heads_again = keras.Model(two_heads.inputs, two_heads.outputs)\ntwo_heads_again.compile(optimizer="adam", loss={"digit": "categorical_crossentropy", "total": "mse"}, metrics={"digit": ["accuracy"], "total": ["mae"]})\nkteach.check("04.4", two_heads_again)',
                    "not one-hot vectors",
                ),
            ),
        ),
    ]
