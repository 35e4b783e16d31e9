"""The :class:`Trainer`: trains a fresh model per run, can be stopped from another thread, keeps every run.

A run's model comes from lesson 01's :func:`build_mlp` and typed :class:`Hyperparameters`
(lesson 02 and the panel), or from any ``build(params)`` with free-form params (lesson 07);
either way each run is recorded as a :class:`RunRecord`.
"""

from __future__ import annotations

import inspect
import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import keras

from kteach.checks import check_bool, check_int
from kteach.i18n import tr
from kteach.settings import seed_everything
from kteach.training.data import Data, prepare_data
from kteach.training.hyperparameters import VALIDATION_SPLIT, FreeParams, Hyperparameters
from kteach.training.mlp import build_mlp
from kteach.training.records import RunCallback, RunRecord


BuildFunction = Callable[[Hyperparameters, Any, int], Any] | Callable[[dict[str, Any]], Any]
Params = Hyperparameters | FreeParams


class Trainer:
    """Trains a fresh model per run with the current settings and keeps every run.

    Introduced in lesson 02 (and used by :class:`kteach.HyperparameterPanel`)::

        trainer = kteach.Trainer(((X_train, Y_train), (X_test, Y_test)))
        trainer.set(dropout=0.3, optimizer="adam", learning_rate=0.001)
        run = trainer.train()
        print(run.code())

    Any model can be trained and recorded the same way (lesson 07): give a ``build(params)``
    that returns a compiled model, and free-form params::

        trainer = kteach.Trainer(data, build=build, params={"epochs": 5, "batch_size": 128})
        run = trainer.train(name="he_normal", initializer="he_normal")

    Args:
        data: ``((x_train, y_train), (x_test, y_test))``, labels one-hot or integer ids.
        build: Makes a compiled model. ``build(params, input_dim, n_classes)`` (like
            :func:`build_mlp`) gets :class:`Hyperparameters`; ``input_dim`` is the feature
            count for flat data, else the sample shape. ``build(params)`` gets a dict of
            free-form params, checked by ``build`` itself.
        params: Starting settings: a :class:`Hyperparameters` or a dict of its fields
            (None: lesson 01's), or for ``build(params)`` a dict of any names. ``epochs`` and
            ``batch_size`` are what ``fit`` uses (lesson 01's 20 and 128 when left out).
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
        self._typed = _takes_hyperparameters(build)
        if seed is not None:
            seed = check_int("seed", seed, minimum=0)
        (self._train, self._test), self.n_classes = prepare_data(data)
        shape = self._train[0].shape[1:]
        self.input_dim: int | tuple[int, ...] = int(shape[0]) if len(shape) == 1 else tuple(shape)
        self.build = build
        self.seed = seed
        self.params: Params = _as_params(params, self._typed)
        self.runs: list[RunRecord] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._running = False

    @property
    def running(self) -> bool:
        """True while :meth:`train` is training a model."""
        return self._running

    def set(self, **changes: Any) -> Params:
        """Change settings for the next runs, e.g. ``set(epochs=5, optimizer="adam")``.

        Raises:
            TypeError: Unknown hyperparameter or wrong type (named in the message).
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
        self, callbacks: Sequence[Any] | None = None, verbose: bool = True, name: str | None = None, **changes: Any
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
            **changes: Settings for this run only, e.g. ``train(initializer="zeros")``,
                checked like :meth:`set`'s; the trainer's own settings stay as they are.

        Raises:
            RuntimeError: If another run is training on this trainer.
            ValueError: If ``name`` is empty or already names a run, or ``build`` returned an uncompiled model.
            TypeError: If ``build`` does not return a Keras model.
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
        params = self.params.replace(**changes) if changes else self.params
        with self._lock:
            if self._running:
                raise RuntimeError(tr("a run is already training; stop it (trainer.stop()) or wait for it to end"))
            self._running = True
            self._stop.clear()
        try:
            record = self._run(params, list(callbacks or []), name)
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

    def _build(self, params: Params) -> Any:
        """A fresh compiled model from ``build``, called in the form it takes."""
        if self._typed:
            model = self.build(params, self.input_dim, self.n_classes)
        else:
            model = self.build(params.as_dict())
        _check_compiled(model)
        return model

    def _run(self, params: Params, callbacks: list[Any], name: str) -> RunRecord:
        """Seed, build, fit and evaluate one model; turn interrupts and NaN into a status."""
        if self.seed is not None:
            seed_everything(self.seed)  # and float64 in quick mode, as in every lesson
        model = self._build(params)
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


def _takes_hyperparameters(build: Any) -> bool:
    """True for ``build(params, input_dim, n_classes)``, False for ``build(params)``.

    A function that can be called both ways is called the first way, as before ``build(params)``
    existed; one whose signature Python cannot read, too.

    Raises:
        TypeError: If ``build`` is not a function, or takes neither one nor three arguments.
    """
    if callable(build):
        try:
            signature = inspect.signature(build)
        except (TypeError, ValueError):
            return True
        for typed, arguments in ((True, (None, None, None)), (False, (None,))):
            try:
                signature.bind(*arguments)
            except TypeError:
                continue
            return typed
    raise TypeError(
        tr(
            "build must be a function build(params) -> compiled model, or build(params, input_dim, n_classes) "
            "-> compiled model like kteach.training.build_mlp; got {build!r}",
            build=build,
        )
    )


def _check_compiled(model: Any) -> None:
    """Refuse what ``build`` returned unless it is a compiled Keras model, naming the fix.

    Raises:
        TypeError: If it is not a Keras model.
        ValueError: If it was not compiled.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(tr("build must return a compiled Keras model; got {kind}", kind=type(model).__name__))
    if not getattr(model, "compiled", False):
        raise ValueError(
            tr(
                "build returned a model that is not compiled: call model.compile(loss=..., optimizer=..., "
                'metrics=["accuracy"]) in build and return the model'
            )
        )


def _outcome(params: Params, control: RunCallback, interrupted: bool) -> tuple[str, str]:
    """The run's status and the message that explains an early end."""
    epochs = len(control.log)
    if control.nan_epoch is not None:
        if isinstance(params, Hyperparameters):
            return "nan", tr(
                "the loss became NaN in epoch {epoch}: learning_rate={learning_rate:g} is "
                "likely too high for {optimizer}; try {smaller:g}",
                epoch=control.nan_epoch + 1,
                learning_rate=params.learning_rate,
                optimizer=params.optimizer,
                smaller=params.learning_rate / 10,
            )
        return "nan", tr(
            "the loss became NaN in epoch {epoch}: the learning rate is likely too high; try one 10 times smaller",
            epoch=control.nan_epoch + 1,
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


def _guessing_warning(params: Params, history: Mapping[str, list[float]], n_classes: int) -> str:
    """A hint when a finished run diverged without a NaN loss, or ``""``.

    A learning rate far too high throws the loss far above where it starts (about
    ln(classes)) and leaves the accuracy at guessing level, often without any NaN:
    the learner should still hear why.
    """
    accuracy, loss = history.get("accuracy"), history.get("loss")
    chance = 1 / n_classes
    if not accuracy or not loss or accuracy[-1] > chance + 0.05 or max(loss) <= 2 * math.log(n_classes):
        return ""
    if not isinstance(params, Hyperparameters):
        return tr(
            "accuracy {accuracy:.2f} is no better than guessing ({chance:.2f}) and the loss jumped to "
            "{loss:.3g}: the learning rate is likely too high; try one 10 times smaller",
            accuracy=accuracy[-1],
            chance=chance,
            loss=max(loss),
        )
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


def _as_params(params: Hyperparameters | Mapping[str, Any] | None, typed: bool) -> Params:
    """The starting settings: Hyperparameters (filled from lesson 01's) for a typed build, else FreeParams."""
    if isinstance(params, Hyperparameters):
        return params if typed else FreeParams(params.as_dict())
    if params is None or isinstance(params, Mapping):
        if not typed:
            return FreeParams(params)
        return Hyperparameters().replace(**(params or {}))
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
