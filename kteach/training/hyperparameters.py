"""A run's settings: lesson 01's typed :class:`Hyperparameters`, or free-form :class:`FreeParams`.

Both hold ``epochs`` and ``batch_size`` (what ``fit`` uses) and offer the same small interface
(``replace``, ``as_dict``, ``describe``), so the :class:`kteach.Trainer` treats them alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kteach.checks import check_float, check_int
from kteach.formatting import format_value
from kteach.i18n import tr


OPTIMIZERS = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam"}  # name -> keras.optimizers class
VALIDATION_SPLIT = 0.2  # the share of the training data every run holds out for validation


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
        return describe_params(self.as_dict())


FIT_DEFAULTS = {"epochs": Hyperparameters.epochs, "batch_size": Hyperparameters.batch_size}


class FreeParams(Mapping[str, Any]):
    """Free-form settings for a ``build(params)`` function: any names, checked by that function.

    Only ``epochs`` and ``batch_size``, which ``fit`` uses, are checked here; left out, they are
    lesson 01's (20 and 128). Read it like a dict; change it with :meth:`replace`.
    """

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        merged = {**FIT_DEFAULTS, **(values or {})}
        for name in FIT_DEFAULTS:
            merged[name] = check_int(name, merged[name], minimum=1)
        self._values = merged

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"FreeParams({self._values!r})"

    @property
    def epochs(self) -> int:
        """How many epochs ``fit`` trains."""
        return self._values["epochs"]

    @property
    def batch_size(self) -> int:
        """How many samples ``fit`` takes per weight update."""
        return self._values["batch_size"]

    def replace(self, **changes: Any) -> FreeParams:
        """Return a copy with ``changes`` applied; new names are welcome (the build function checks them)."""
        return FreeParams({**self._values, **changes})

    def as_dict(self) -> dict[str, Any]:
        """The settings as a plain dict, in the order they were first given."""
        return dict(self._values)

    def describe(self) -> str:
        """One line ``epochs=20 batch_size=128 ...`` with floats in short form."""
        return describe_params(self._values)


def describe_params(params: Mapping[str, Any]) -> str:
    """``name=value`` pairs on one line, floats in short form: how run summaries show settings."""
    return " ".join(f"{key}={format_value(value)}" for key, value in params.items())
