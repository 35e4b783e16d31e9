"""Train the lesson-01 network with chosen hyperparameters, run after run, and keep every run.

The plain-Python layer under :class:`kteach.HyperparameterPanel` (no widgets
here): :class:`Hyperparameters` validates a setting, :func:`build_mlp` builds
the lesson-01 model family from it, and :class:`Trainer` trains, can be stopped
from another thread, and records each run as a :class:`RunRecord` that can
print the plain Keras code reproducing it. Introduced in lesson 02, where the
learner changes one hyperparameter at a time.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np

from kteach.checks import check_bool, check_float, check_int, is_int, numeric_array
from kteach.formatting import format_accuracy, format_value, status_text
from kteach.history import HistoryLog
from kteach.i18n import tr
from kteach.settings import seed_everything


OPTIMIZERS = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam"}  # name -> keras.optimizers class
VALIDATION_SPLIT = 0.2

Data = tuple[tuple[Any, Any], tuple[Any, Any]]
BuildFunction = Callable[["Hyperparameters", Any, int], Any]


@dataclass(frozen=True)
class Hyperparameters:
    """One setting of the lesson-01 MLP; the defaults are lesson 01's.

    Every field is checked when the object is made, so an invalid setting never
    reaches ``fit``. Change fields with :meth:`replace`.
    """

    epochs: int = 20
    batch_size: int = 128
    hidden_units: int = 128
    dropout: float = 0.0
    l2: float = 0.0
    optimizer: str = "sgd"
    learning_rate: float = 0.01

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Check every field; normalise numbers to int/float and the optimizer name to lower case.

        Raises:
            TypeError: A field has the wrong type (the message names field and type).
            ValueError: A field is out of range (the message names the allowed range).
        """
        for name in ("epochs", "batch_size", "hidden_units"):
            object.__setattr__(self, name, check_int(name, getattr(self, name), minimum=1))
        dropout = check_float("dropout", self.dropout)
        if not 0.0 <= dropout < 1.0:
            raise ValueError(
                tr(
                    "dropout must be >= 0 and < 1 (the share of units dropped, e.g. 0.3); got {dropout}",
                    dropout=dropout,
                )
            )
        l2 = check_float("l2", self.l2)
        if l2 < 0.0:
            raise ValueError(tr("l2 must be >= 0 (0 turns the penalty off; try 1e-4); got {l2}", l2=l2))
        learning_rate = check_float("learning_rate", self.learning_rate)
        if learning_rate <= 0.0:
            raise ValueError(
                tr(
                    "learning_rate must be > 0 (e.g. 0.01 for sgd, 0.001 for adam); got {learning_rate}",
                    learning_rate=learning_rate,
                )
            )
        if not isinstance(self.optimizer, str) or self.optimizer.lower() not in OPTIMIZERS:
            error = ValueError if isinstance(self.optimizer, str) else TypeError
            raise error(
                tr(
                    "optimizer must be one of {names}; got {optimizer!r}",
                    names=sorted(OPTIMIZERS),
                    optimizer=self.optimizer,
                )
            )
        for name, value in (("dropout", dropout), ("l2", l2), ("learning_rate", learning_rate)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "optimizer", self.optimizer.lower())

    def replace(self, **changes: Any) -> Hyperparameters:
        """Return a validated copy with ``changes`` applied.

        Raises:
            TypeError: A name is not a hyperparameter (the message lists them), or a value's type is wrong.
            ValueError: A value is out of range.
        """
        unknown = sorted(set(changes) - set(self.as_dict()))
        if unknown:
            raise TypeError(
                tr(
                    "unknown hyperparameter(s) {unknown}; the hyperparameters are {names}",
                    unknown=unknown,
                    names=list(self.as_dict()),
                )
            )
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The fields as a plain dict, in declaration order."""
        return dataclasses.asdict(self)

    def describe(self) -> str:
        """One line ``epochs=20 batch_size=128 ...`` with floats in short form."""
        return " ".join(f"{key}={format_value(value)}" for key, value in self.as_dict().items())


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


@dataclass(repr=False)
class RunRecord:
    """One training run: its settings, curves, results, and the trained model.

    Its repr is :meth:`summary`: short, and free of timings, so a notebook cell
    that ends with ``trainer.train()`` stores the same text on every run.

    Attributes:
        name: ``"run 1"``, ``"run 2"``... in training order.
        params: The hyperparameters as a dict.
        history: ``{metric: [value per epoch]}``, like Keras's ``History.history``;
            a run stopped mid-epoch includes that partial epoch.
        test_accuracy: Accuracy on the test data, or None (NaN loss, or interrupted).
        best_val_accuracy: The highest validation accuracy of any epoch, or None.
        seconds: Wall time of ``fit``.
        status: ``"finished"``, ``"stopped"`` (Stop button, ``stop()`` or a kernel
            interrupt) or ``"nan"`` (the loss diverged).
        message: Why the run ended early, or ``""``.
        model: The trained Keras model.
        code_recipe: What :meth:`code` needs (input size, classes, seed), or None
            when the model came from a custom ``build``.
    """

    name: str
    params: dict[str, Any]
    history: dict[str, list[float]]
    test_accuracy: float | None
    best_val_accuracy: float | None
    seconds: float
    status: str
    message: str = ""
    model: Any = field(default=None, compare=False)
    code_recipe: tuple[int, int, int | None] | None = None

    def __repr__(self) -> str:
        return f"<RunRecord {self.summary()}>"

    @property
    def epochs_done(self) -> int:
        """Epochs recorded (a stopped run's partial last epoch counts)."""
        return max((len(values) for values in self.history.values()), default=0)

    def summary(self) -> str:
        """One deterministic line (no timings): settings, epochs done, accuracies, status."""
        params = Hyperparameters(**self.params)
        fields = {
            "name": self.name,
            "params": params.describe(),
            "done": self.epochs_done,
            "epochs": params.epochs,
            "best": format_accuracy(self.best_val_accuracy),
            "test": format_accuracy(self.test_accuracy),
            "status": status_text(self.status),
        }
        if self.message:
            return tr(
                "{name}: {params} -> {done}/{epochs} epochs, best val_accuracy {best}, test accuracy {test}, "
                "{status} ({message})",
                message=self.message,
                **fields,
            )
        return tr(
            "{name}: {params} -> {done}/{epochs} epochs, best val_accuracy {best}, test accuracy {test}, {status}",
            **fields,
        )

    def code(self) -> str:
        """Plain Keras 3 code, ready to paste into a cell, that repeats this run.

        Raises:
            ValueError: If the run's model came from a custom ``build`` function.
        """
        if self.code_recipe is None:
            raise ValueError(
                tr(
                    "{name} was built by a custom build function; code() can only write out build_mlp's model",
                    name=self.name,
                )
            )
        input_dim, n_classes, seed = self.code_recipe
        code = mlp_code(Hyperparameters(**self.params), input_dim, n_classes, seed)
        if self.status != "finished":
            code = f"# {self.name} ended early ({self.status}) after {self.epochs_done} epochs\n" + code
        return code


class RunCallback(keras.callbacks.Callback):
    """Records each epoch, stops at the next batch end when ``stop_event`` is set, and stops on a NaN loss.

    The batch hook only reads a flag and one number, so training keeps the speed
    of a plain ``fit``: with TensorFlow, Keras turns the batch logs into Python
    numbers after every batch anyway; on backends that run batch hooks off the
    training thread (JAX, torch), ``async_safe`` keeps them there.

    Attributes:
        log: The epochs recorded so far (kept when ``fit`` is interrupted).
        nan_epoch: The 0-based epoch whose loss became NaN, or None.
        stopped: True once a stop request has ended training.
    """

    async_safe = True

    def __init__(self, stop_event: threading.Event) -> None:
        super().__init__()
        self.stop_event = stop_event
        self.log = HistoryLog()
        self.nan_epoch: int | None = None
        self.stopped = False
        self._epoch = 0

    def on_train_begin(self, logs: Mapping[str, Any] | None = None) -> None:
        self._check_stop()

    def on_epoch_begin(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
        self._epoch = epoch
        self._check_stop()

    def on_train_batch_end(self, batch: int, logs: Mapping[str, Any] | None = None) -> None:
        self._watch_nan(self._epoch, logs)
        self._check_stop()

    def on_epoch_end(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
        self.log.add_epoch(epoch, logs)
        self._watch_nan(epoch, logs)
        self._check_stop()

    def _watch_nan(self, epoch: int, logs: Mapping[str, Any] | None) -> None:
        if self.nan_epoch is None and _has_nan(logs):
            self.nan_epoch = epoch

    def _check_stop(self) -> None:
        if self.stop_event.is_set():
            self.stopped = True
        if self.stopped or self.nan_epoch is not None:
            self.model.stop_training = True


def _has_nan(logs: Mapping[str, Any] | None) -> bool:
    """True if any loss in ``logs`` is NaN or infinite."""
    for key, value in (logs or {}).items():
        if key.endswith("loss"):
            try:
                if not math.isfinite(float(value)):
                    return True
            except (TypeError, ValueError):
                continue
    return False


def prepare_data(data: Data) -> tuple[Data, int]:
    """Check ``((x_train, y_train), (x_test, y_test))`` and one-hot encode integer labels.

    Returns:
        The data with one-hot labels, and the number of classes.

    Raises:
        TypeError: If ``data`` is not two ``(x, y)`` pairs.
        ValueError: If lengths or label shapes do not fit.
    """
    try:
        (x_train, y_train), (x_test, y_test) = data
    except (TypeError, ValueError):
        raise TypeError(
            tr(
                "data must be ((x_train, y_train), (x_test, y_test)), as load_mnist() returns; got {kind}",
                kind=type(data).__name__,
            )
        ) from None
    arrays = {
        name: numeric_array(name, value)
        for name, value in (("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test))
    }
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim < 2 or len(x) != len(y) or len(x) == 0:
            raise ValueError(
                tr(
                    "data: x_{split} must hold one row per sample and match y_{split}; "
                    "got shapes {x_shape} and {y_shape}",
                    split=split,
                    x_shape=x.shape,
                    y_shape=y.shape,
                )
            )
    if arrays["x_test"].shape[1:] != arrays["x_train"].shape[1:]:
        raise ValueError(
            tr(
                "data: x_test samples must have the shape of x_train's, {train_shape}; got {test_shape}",
                train_shape=arrays["x_train"].shape[1:],
                test_shape=arrays["x_test"].shape[1:],
            )
        )
    one_hot = arrays["y_train"].ndim == 2 and arrays["y_train"].shape[1] > 1
    if one_hot:
        n_classes = arrays["y_train"].shape[1]
        if arrays["y_test"].shape[1:] != (n_classes,):
            raise ValueError(
                tr(
                    "data: y_test must be one-hot with {n_classes} columns like y_train; got {shape}",
                    n_classes=n_classes,
                    shape=arrays["y_test"].shape,
                )
            )
        return ((arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])), n_classes
    labels = [arrays[name].reshape(len(arrays[name]), -1) for name in ("y_train", "y_test")]
    if any(label.shape[1] != 1 or not np.issubdtype(label.dtype, np.integer) or label.min() < 0 for label in labels):
        raise ValueError(
            tr("data: labels must be class ids 0, 1, 2... (ints, shape (n,)) or one-hot rows (shape (n, classes))")
        )
    n_classes = int(max(label.max() for label in labels)) + 1
    if n_classes < 2:
        raise ValueError(tr("data: labels must hold at least 2 classes to classify; every label is 0"))
    encoded = [keras.utils.to_categorical(label.ravel(), n_classes) for label in labels]
    return ((arrays["x_train"], encoded[0]), (arrays["x_test"], encoded[1])), n_classes


class Trainer:
    """Trains a fresh model per run with the current hyperparameters and keeps every run.

    Introduced in lesson 02 (and used by :class:`kteach.HyperparameterPanel`)::

        trainer = kteach.Trainer(((X_train, Y_train), (X_test, Y_test)))
        trainer.set(dropout=0.3, optimizer="adam", learning_rate=0.001)
        run = trainer.train()
        print(run.code())

    Args:
        data: ``((x_train, y_train), (x_test, y_test))``, labels one-hot or integer ids.
        build: Makes a compiled model from ``(params, input_dim, n_classes)``;
            ``input_dim`` is the feature count for flat data, else the sample shape.
        params: Starting hyperparameters (a :class:`Hyperparameters` or a dict); None uses lesson 01's.
        seed: Seed set before every run, so runs differ only by their settings; None leaves
            the random state alone.

    Attributes:
        runs: Every :class:`RunRecord`, oldest first.
    """

    def __init__(
        self,
        data: Data,
        build: BuildFunction = build_mlp,
        params: Hyperparameters | Mapping[str, Any] | None = None,
        seed: int | None = 0,
    ) -> None:
        if not callable(build):
            raise TypeError(
                tr(
                    "build must be a function (params, input_dim, n_classes) -> compiled model; got {build!r}",
                    build=build,
                )
            )
        if seed is not None:
            seed = check_int("seed", seed, minimum=0)
        (self._train, self._test), self.n_classes = prepare_data(data)
        shape = self._train[0].shape[1:]
        self.input_dim: int | tuple[int, ...] = int(shape[0]) if len(shape) == 1 else tuple(shape)
        self.build = build
        self.seed = seed
        self.params = _as_params(params)
        self.runs: list[RunRecord] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._running = False

    @property
    def running(self) -> bool:
        """True while :meth:`train` is training a model."""
        return self._running

    def set(self, **changes: Any) -> Hyperparameters:
        """Change hyperparameters for the next run, e.g. ``set(epochs=5, optimizer="adam")``.

        Raises:
            TypeError: Unknown name or wrong type (named in the message).
            ValueError: Value out of range (the allowed range is in the message).
        """
        self.params = self.params.replace(**changes)
        return self.params

    def stop(self) -> bool:
        """Ask the current run to stop at the end of its current batch; safe from any thread.

        Returns:
            True if a run was training (and will stop), False if there was nothing to stop.
        """
        if not self._running:
            return False
        self._stop.set()
        return True

    def train(
        self, callbacks: Sequence[Any] | None = None, verbose: bool = True, name: str | None = None
    ) -> RunRecord:
        """Build a fresh model with the current settings, fit it, evaluate it, and record the run.

        Stopping (:meth:`stop`, or a kernel interrupt / Ctrl-C) ends the run
        early without an error: the model and the epochs so far are kept, and
        the run's status is ``"stopped"``. A NaN loss ends it with status ``"nan"``.

        Args:
            callbacks: Extra Keras callbacks for ``fit`` (live plots, progress).
            verbose: Print the run's one-line summary when it ends.
            name: What tables and plots call the run (lesson 02 names them "baseline",
                "dropout 0.3", ...); None gives "run 1", "run 2", ...

        Raises:
            RuntimeError: If another run is training on this trainer.
            ValueError: If ``name`` is empty or already names a run.
        """
        name = self._run_name(name)
        verbose = check_bool("verbose", verbose)
        if callbacks is not None and (isinstance(callbacks, (str, Mapping)) or not isinstance(callbacks, Sequence)):
            raise TypeError(
                tr(
                    "callbacks must be a list of Keras callbacks (e.g. [kteach.LiveHistory()]) or None; got {kind}",
                    kind=type(callbacks).__name__,
                )
            )
        with self._lock:
            if self._running:
                raise RuntimeError(tr("a run is already training; stop it (trainer.stop()) or wait for it to end"))
            self._running = True
            self._stop.clear()
        try:
            record = self._run(list(callbacks or []), name)
        finally:
            self._running = False
        self.runs.append(record)
        if verbose:
            print(record.summary())
        return record

    def _run_name(self, name: str | None) -> str:
        """``name``, checked to be new and non-empty, or the next ``"run N"``."""
        if name is None:
            return f"run {len(self.runs) + 1}"
        if not isinstance(name, str):
            raise TypeError(tr("name must be a non-empty string, got {name!r}", name=name))
        if not name.strip():
            raise ValueError(tr("name must be a non-empty string, got {name!r}", name=name))
        if any(run.name == name for run in self.runs):
            raise ValueError(tr("name {name!r} already names a run; names must be unique to compare runs", name=name))
        return name

    def _run(self, callbacks: list[Any], name: str) -> RunRecord:
        """Seed, build, fit and evaluate one model; turn interrupts and NaN into a status."""
        params = self.params
        if self.seed is not None:
            seed_everything(self.seed)  # and float64 in quick mode, as in every lesson
        model = self.build(params, self.input_dim, self.n_classes)
        control = RunCallback(self._stop)
        interrupted = False
        start = time.perf_counter()
        try:
            model.fit(
                *self._train,
                batch_size=params.batch_size,
                epochs=params.epochs,
                validation_split=VALIDATION_SPLIT,
                verbose=0,
                callbacks=[control, *callbacks],
            )
        except KeyboardInterrupt:
            interrupted = True
        seconds = time.perf_counter() - start
        history = control.log.history
        status, message = _outcome(params, control, interrupted)
        if status == "finished":
            message = _guessing_warning(params, history, self.n_classes)
        test_accuracy = None if status == "nan" or interrupted else _test_accuracy(model, self._test)
        return RunRecord(
            name=name,
            params=params.as_dict(),
            history=history,
            test_accuracy=test_accuracy,
            best_val_accuracy=_best(history.get("val_accuracy")),
            seconds=seconds,
            status=status,
            message=message,
            model=model,
            code_recipe=(self.input_dim, self.n_classes, self.seed)
            if self.build is build_mlp and isinstance(self.input_dim, int)
            else None,
        )


def _outcome(params: Hyperparameters, control: RunCallback, interrupted: bool) -> tuple[str, str]:
    """The run's status and the message that explains an early end."""
    epochs = len(control.log)
    if control.nan_epoch is not None:
        return "nan", tr(
            "the loss became NaN in epoch {epoch}: learning_rate={learning_rate:g} is "
            "likely too high for {optimizer}; try {smaller:g}",
            epoch=control.nan_epoch + 1,
            learning_rate=params.learning_rate,
            optimizer=params.optimizer,
            smaller=params.learning_rate / 10,
        )
    if interrupted:
        return "stopped", tr(
            "interrupted after {epochs} epochs; the model and its history so far are kept",
            epochs=epochs,
        )
    if control.stopped:
        return "stopped", tr(
            "stopped after {done} of {epochs} epochs; the model and its history so far are kept",
            done=epochs,
            epochs=params.epochs,
        )
    return "finished", ""


def _guessing_warning(params: Hyperparameters, history: Mapping[str, list[float]], n_classes: int) -> str:
    """A hint when a finished run diverged without a NaN loss, or ``""``.

    A learning rate far too high throws the loss far above where it starts (about
    ln(classes)) and leaves the accuracy at guessing level, often without any NaN:
    the learner should still hear why.
    """
    accuracy, loss = history.get("accuracy"), history.get("loss")
    chance = 1 / n_classes
    if not accuracy or not loss or accuracy[-1] > chance + 0.05 or max(loss) <= 2 * math.log(n_classes):
        return ""
    return tr(
        "accuracy {accuracy:.2f} is no better than guessing ({chance:.2f}) and the loss jumped to "
        "{loss:.3g}: learning_rate={learning_rate:g} is likely too high for {optimizer}; "
        "try {smaller:g}",
        accuracy=accuracy[-1],
        chance=chance,
        loss=max(loss),
        learning_rate=params.learning_rate,
        optimizer=params.optimizer,
        smaller=params.learning_rate / 10,
    )


def _as_params(params: Hyperparameters | Mapping[str, Any] | None) -> Hyperparameters:
    """Accept a Hyperparameters, a dict of its fields, or None (lesson 01's defaults)."""
    if params is None:
        return Hyperparameters()
    if isinstance(params, Hyperparameters):
        return params
    if isinstance(params, Mapping):
        return Hyperparameters().replace(**params)
    raise TypeError(
        tr("params must be a kteach.Hyperparameters, a dict or None; got {kind}", kind=type(params).__name__)
    )


def _test_accuracy(model: Any, test: tuple[Any, Any]) -> float | None:
    """The model's ``accuracy`` on ``test``, or None if it was compiled without that metric."""
    value = model.evaluate(*test, verbose=0, return_dict=True).get("accuracy")
    return None if value is None else float(value)


def _best(values: Sequence[float] | None) -> float | None:
    """The largest finite value, or None."""
    finite = [value for value in values or [] if math.isfinite(value)]
    return max(finite) if finite else None
