"""Lesson 01's MLP family: :func:`build_mlp` builds it from :class:`Hyperparameters`, and
:func:`mlp_code` writes the plain Keras code that builds and trains the same model.
"""

from __future__ import annotations

from typing import Any

import keras

from kteach.checks import is_int
from kteach.i18n import tr
from kteach.training.hyperparameters import OPTIMIZERS, VALIDATION_SPLIT, Hyperparameters


def make_optimizer(params: Hyperparameters) -> Any:
    """The Keras optimizer named by ``params.optimizer``, at ``params.learning_rate``."""
    return getattr(keras.optimizers, OPTIMIZERS[params.optimizer])(learning_rate=params.learning_rate)


def build_mlp(params: Hyperparameters, input_dim: int, n_classes: int) -> Any:
    """Lesson 01's MLP (two ReLU hidden layers, softmax output), compiled, with optional dropout and L2.

    Args:
        params: Hidden units, dropout, L2 and optimizer settings.
        input_dim: Number of input features per sample (784 for flattened MNIST).
        n_classes: Number of classes (10 for digits).

    Raises:
        ValueError: If ``input_dim`` or ``n_classes`` is not a positive int.
    """
    if not is_int(input_dim) or input_dim < 1:
        raise ValueError(
            tr(
                "input_dim must be a positive int (features per sample); got {input_dim!r}: "
                "flatten images first, e.g. x.reshape(len(x), -1)",
                input_dim=input_dim,
            )
        )
    if not is_int(n_classes) or n_classes < 2:
        raise ValueError(tr("n_classes must be an int >= 2; got {n_classes!r}", n_classes=n_classes))
    regularizer = keras.regularizers.L2(params.l2) if params.l2 else None
    layers: list[Any] = [keras.Input(shape=(int(input_dim),))]
    for _ in range(2):
        layers.append(keras.layers.Dense(params.hidden_units, activation="relu", kernel_regularizer=regularizer))
        if params.dropout:
            layers.append(keras.layers.Dropout(params.dropout))
    layers.append(keras.layers.Dense(int(n_classes), activation="softmax"))
    model = keras.Sequential(layers)
    model.compile(loss="categorical_crossentropy", optimizer=make_optimizer(params), metrics=["accuracy"])
    return model


def mlp_code(params: Hyperparameters, input_dim: int, n_classes: int, seed: int | None) -> str:
    """Plain Keras 3 code that builds, trains and evaluates :func:`build_mlp`'s model like the Trainer does."""
    regularizer = f", kernel_regularizer=keras.regularizers.L2({params.l2!r})" if params.l2 else ""
    hidden = [f'    keras.layers.Dense({params.hidden_units}, activation="relu"{regularizer}),']
    if params.dropout:
        hidden.append(f"    keras.layers.Dropout({params.dropout!r}),")
    lines = [
        "import keras",
        "",
        "# X_train, Y_train, X_test, Y_test: flat inputs and one-hot labels, as in lesson 01",
        *([f"keras.utils.set_random_seed({seed})", ""] if seed is not None else [""]),
        "model = keras.Sequential([",
        f"    keras.Input(shape=({input_dim},)),",
        *hidden,
        *hidden,
        f'    keras.layers.Dense({n_classes}, activation="softmax"),',
        "])",
        "model.compile(",
        '    loss="categorical_crossentropy",',
        f"    optimizer=keras.optimizers.{OPTIMIZERS[params.optimizer]}(learning_rate={params.learning_rate!r}),",
        '    metrics=["accuracy"],',
        ")",
        "history = model.fit(",
        "    X_train,",
        "    Y_train,",
        f"    batch_size={params.batch_size},",
        f"    epochs={params.epochs},",
        f"    validation_split={VALIDATION_SPLIT},",
        "    verbose=0,",
        ")",
        "score = model.evaluate(X_test, Y_test, verbose=0)",
        'print(f"Test accuracy: {score[1]:.4f}")',
    ]
    return "\n".join(lines) + "\n"
