"""What a run leaves behind: :class:`RunRecord`, and :class:`RunCallback`, which records it during ``fit``.

A record's repr is one deterministic line, and :meth:`RunRecord.code` writes the plain Keras
code that repeats a run of lesson 01's MLP.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import keras

from kteach.formatting import format_accuracy, status_text
from kteach.history import HistoryLog
from kteach.i18n import tr
from kteach.training.hyperparameters import Hyperparameters, describe_params
from kteach.training.mlp import mlp_code


@dataclass(repr=False)
class RunRecord:
    """One training run: its settings, curves, results, and the trained model.

    Its repr is :meth:`summary`: short, and free of timings, so a notebook cell
    that ends with ``trainer.train()`` stores the same text on every run.

    Attributes:
        name: ``"run 1"``, ``"run 2"``... in training order.
        params: The run's settings as a dict (the hyperparameters, or a ``build(params)``'s params).
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
        fields = {
            "name": self.name,
            "params": describe_params(self.params),
            "done": self.epochs_done,
            "epochs": self.params["epochs"],
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
