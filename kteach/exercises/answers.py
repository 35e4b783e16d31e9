"""Reading a learner's answer: numbers, arrays, Keras models, compile settings, histories, callbacks.

Each helper either returns the fact a check needs or raises :class:`NotYet` with one sentence
about the learner's own object ("the model has no input shape yet ..."), so checks stay short
and every check words the same problem the same way.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from kteach.checks import is_real
from kteach.exercises.exercise import NotYet
from kteach.history import as_history
from kteach.i18n import tr


def kind_of(answer: object) -> str:
    """A short name of what the learner passed, e.g. ``str 'abc'`` or ``Dense layer``."""
    if isinstance(answer, str):
        return tr("the text {text!r}", text=answer[:40])
    return type(answer).__name__


def number(answer: object) -> float:
    """Return ``answer`` as a float (a one-value array or tensor too), or say what it is instead."""
    if not isinstance(answer, (numbers.Real, str)) and hasattr(answer, "__array__"):
        answer = np.asarray(answer)
    if isinstance(answer, np.ndarray) and answer.size == 1 and np.issubdtype(answer.dtype, np.number):
        answer = answer.item()
    if not is_real(answer):
        raise NotYet(tr("the exercise asks for a number; got {kind}", kind=kind_of(answer)))
    value = float(answer)
    if math.isnan(value):
        raise NotYet(tr("your answer is NaN (not a number): a computation went wrong before the check"))
    return value


def array(answer: object, what: str) -> np.ndarray:
    """Return ``answer`` as a numeric NumPy array, or say why it is not ``what``."""
    if isinstance(answer, (str, bytes)) or answer is None:
        raise NotYet(tr("the exercise asks for {what}; got {kind}", what=what, kind=kind_of(answer)))
    try:
        values = np.asarray(answer)
    except Exception as error:  # a ragged list and the like
        raise NotYet(tr("{what} could not become an array: {error}", what=what, error=first_line(error))) from None
    if values.dtype == object or not np.issubdtype(values.dtype, np.number):
        raise NotYet(tr("the exercise asks for {what} of numbers; got an array of {dtype}", what=what, dtype=values.dtype))
    return values


def shape_text(shape: tuple) -> str:
    """A shape as Keras prints it: ``(None, 10)``."""
    return "(" + ", ".join(str(size) for size in shape) + ("," if len(shape) == 1 else "") + ")"


def model(answer: object) -> Any:
    """Return ``answer`` when it is a Keras model with an input shape, else say what is missing."""
    import keras

    if isinstance(answer, keras.layers.Layer) and not isinstance(answer, keras.Model):
        raise NotYet(
            tr("this is one {kind} layer, not a model: put the layers in keras.Sequential([...]) or keras.Model(inputs, outputs)", kind=type(answer).__name__)
        )
    if not isinstance(answer, keras.Model):
        raise NotYet(tr("the exercise asks for a Keras model; got {kind}", kind=kind_of(answer)))
    if not _has_outputs(answer):
        raise NotYet(tr("the model has no input shape yet, so it has no weights: start it with keras.Input(shape=...)"))
    return answer


def _has_outputs(candidate: Any) -> bool:
    """Whether a model knows its output tensors (a Sequential model started with keras.Input does)."""
    try:
        return bool(candidate.outputs)
    except (AttributeError, ValueError):
        return False


def output_shape(candidate: Any) -> tuple:
    """The shape of the model's (first) output, e.g. ``(None, 10)``."""
    return tuple(candidate.outputs[0].shape)


def input_shape(candidate: Any) -> tuple:
    """The shape of the model's (first) input, e.g. ``(None, 784)``."""
    return tuple(candidate.inputs[0].shape)


def layers_of(candidate: Any, kind: type) -> list:
    """The model's layers of type ``kind``, in order."""
    return [layer for layer in candidate.layers if isinstance(layer, kind)]


def activation_of(candidate: Any, layer: Any) -> str:
    """A layer's activation: its own, or that of an ``Activation`` layer right after it (lesson 01's form)."""
    import keras

    name = getattr(getattr(layer, "activation", None), "__name__", "linear")
    following = candidate.layers[candidate.layers.index(layer) + 1 :]
    if name == "linear" and following and isinstance(following[0], keras.layers.Activation):
        name = following[0].activation.__name__
    return name


def dense_plan(candidate: Any) -> list[tuple[int, str]]:
    """``[(units, activation), ...]`` of the model's Dense layers, in order."""
    import keras

    return [(layer.units, activation_of(candidate, layer)) for layer in layers_of(candidate, keras.layers.Dense)]


def expect_dense(candidate: Any, units: list[int]) -> list[tuple[int, str]]:
    """Return the Dense plan when its units are ``units``; else name the first difference."""
    plan = dense_plan(candidate)
    if len(plan) != len(units):
        raise NotYet(tr("the model has {count} Dense layers; the exercise asks for {expected}", count=len(plan), expected=len(units)))
    for position, ((got, _), wanted) in enumerate(zip(plan, units), start=1):
        if got != wanted:
            raise NotYet(tr("Dense layer {n} has {got} units; the exercise asks for {wanted}", n=position, got=got, wanted=wanted))
    return plan


def compiled(candidate: Any) -> None:
    """Say so when the model was never compiled."""
    if not getattr(candidate, "compiled", False) or getattr(candidate, "optimizer", None) is None:
        raise NotYet(tr("the model was never compiled: call model.compile(loss=..., optimizer=..., metrics=[...]) first"))


def loss_name(loss: object) -> str:
    """The name of a loss given as a string, a Loss object or a function: ``categorical_crossentropy``."""
    if isinstance(loss, str):
        return {"mse": "mean_squared_error", "mae": "mean_absolute_error"}.get(loss, loss)
    return str(getattr(loss, "name", None) or getattr(loss, "__name__", type(loss).__name__))


def metric_names(candidate: Any) -> list[str]:
    """The metrics given to ``compile`` by name (``["accuracy"]``); a dict's values are joined."""
    metrics = candidate.get_compile_config().get("metrics") or []
    if isinstance(metrics, dict):
        metrics = [metric for values in metrics.values() for metric in (values if isinstance(values, list) else [values])]
    return [_metric_name(metric) for metric in metrics]


def _metric_name(metric: object) -> str:
    """A compile metric's name: as given, from its serialized config, or like a loss."""
    if isinstance(metric, dict):
        return str(metric.get("config", {}).get("name", metric))
    return loss_name(metric)


def optimizer(answer: object) -> Any:
    """Return ``answer`` when it is a Keras optimizer, else say what it is."""
    import keras

    if isinstance(answer, type) and issubclass(answer, keras.optimizers.Optimizer):
        raise NotYet(tr("this is the class {name}, not an optimizer: call it, {name}(learning_rate=...)", name=answer.__name__))
    if not isinstance(answer, keras.optimizers.Optimizer):
        raise NotYet(tr("the exercise asks for a Keras optimizer such as keras.optimizers.Adam(...); got {kind}", kind=kind_of(answer)))
    return answer


def learning_rate(chosen: Any) -> float | None:
    """The optimizer's learning rate as a float, or None when it is a schedule."""
    try:
        return float(chosen.learning_rate)
    except (TypeError, ValueError):
        return None


def expect_optimizer(chosen: Any, name: str, rate: float) -> None:
    """Say which optimizer or learning rate differs from ``name`` at ``rate``."""
    got = type(chosen).__name__
    if got != name:
        raise NotYet(tr("you chose {got}; the exercise asks for {name}", got=got, name=name))
    got_rate = learning_rate(chosen)
    if got_rate is None or not math.isclose(got_rate, rate, rel_tol=1e-4):
        raise NotYet(
            tr("your {name} has learning rate {got}; the exercise asks for {rate} (learning_rate=, not Keras 2's lr=)", name=name, got=_short(got_rate), rate=_short(rate))
        )


def _short(value: float | None) -> str:
    """A learning rate as short text: ``0.01``, or ``a schedule``."""
    return tr("a schedule") if value is None else f"{value:.6g}"


def history(answer: object) -> dict[str, list[float]]:
    """Return ``{metric: values}`` of a History, HistoryLog or dict, or say why it is not one."""
    try:
        log = as_history(answer, "history")
    except TypeError:
        raise NotYet(tr("the exercise asks for the History that fit() returns; got {kind}", kind=kind_of(answer))) from None
    if not log or not any(log.values()):
        raise NotYet(tr("the history is empty: no epoch was recorded"))
    for name, values in log.items():
        bad = next((epoch for epoch, value in enumerate(values, start=1) if not math.isfinite(value)), None)
        if bad is not None:
            raise NotYet(tr("{name} is NaN from epoch {epoch}: training diverged; lower the learning rate", name=name, epoch=bad))
    return log


def callback(answer: object, kind: type) -> Any:
    """Return ``answer`` when it is a ``kind`` callback, else say what it is."""
    if not isinstance(answer, kind):
        raise NotYet(tr("the exercise asks for a keras.callbacks.{name}(...); got {got}", name=kind.__name__, got=kind_of(answer)))
    return answer


def predictions(candidate: Any, inputs: Any, what: str) -> np.ndarray:
    """The model's predictions for ``inputs``; a call that fails becomes a sentence, not a traceback."""
    try:
        return np.asarray(candidate.predict(inputs, verbose=0))
    except Exception as error:
        raise NotYet(tr("calling your model on {what} failed: {error}", what=what, error=first_line(error))) from None


def first_line(error: BaseException) -> str:
    """The first line of an error, with its type: enough to act on, shorter than a traceback."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:160]}" if text else type(error).__name__


def best_epoch(log: dict[str, list[float]], key: str) -> int:
    """The epoch (counting from 1) with the lowest ``key``, or the highest for an accuracy."""
    if key not in log:
        raise NotYet(tr("the history has no {key!r}; it recorded {keys}: train with validation_split= or validation_data=", key=key, keys=", ".join(sorted(log))))
    values = log[key]
    best = max(values) if "accuracy" in key else min(values)
    return values.index(best) + 1


def overfits_after(log: dict[str, list[float]], key: str, best: int) -> bool:
    """Whether, after epoch ``best``, validation ``key`` got worse while its training twin kept improving."""
    train, val = log.get(key.removeprefix("val_")), log[key]
    if not train or len(train) != len(val) or best >= len(val):
        return False
    sign = -1 if "accuracy" in key else 1  # lower is better for a loss, higher for an accuracy
    return sign * (train[-1] - train[best - 1]) < 0 and sign * (val[-1] - val[best - 1]) > 0


def expect_best_epoch(answer: object, log: dict[str, list[float]], key: str) -> str:
    """Check an epoch number read from a history: the best epoch of ``key``, counting from 1."""
    epoch = number(answer)
    best = best_epoch(log, key)
    values = log[key]
    if epoch == best:
        if overfits_after(log, key, best):
            return tr(
                "epoch {epoch}: {key} is best there ({value:.4f}); after it {key} gets worse while {train} keeps improving: the model overfits.",
                epoch=best, key=key, value=values[best - 1], train=key.removeprefix("val_"),
            )  # fmt: skip
        return tr("epoch {epoch}: {key} is best there ({value:.4f}).", epoch=best, key=key, value=values[best - 1])
    if epoch == best - 1:
        raise NotYet(tr("epochs count from 1: index {index} of the list (what np.argmin or np.argmax gives) is epoch {index_plus}", index=best - 1, index_plus=best))
    if epoch == len(values):
        raise NotYet(
            tr("epoch {epoch} is the last one trained, not the best: {key} is {last:.4f} there, worse than {best_value:.4f} earlier", epoch=len(values), key=key, last=values[-1], best_value=values[best - 1])
        )
    raise NotYet(tr("at epoch {epoch:g} {key} is not at its best: look for its lowest loss (or highest accuracy) in the list", epoch=epoch, key=key))
