"""Read a training history the way a teacher reads its curves: still learning, overfitting or levelled off.

Introduced in lesson 01. A lesson prints ``kteach.diagnose_fit(history)`` beside its plot,
so the sentence that interprets a run is computed from that run's numbers and holds in quick
and in full mode alike, instead of prose written for one run that another run contradicts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from kteach.checks import check_float
from kteach.history import as_history, resolve_key
from kteach.i18n import tr

STILL_LEARNING = "still learning"
OVERFITTING = "overfitting"
LEVELLED_OFF = "levelled off"


@dataclass(frozen=True)
class FitDiagnosis:
    """What a history shows, with the numbers the verdict rests on (epochs count from 1)."""

    verdict: str  #: STILL_LEARNING, OVERFITTING or LEVELLED_OFF
    epochs: int
    monitor: str
    recent_fall: float  #: relative fall of the training value over the last ``recent`` epochs
    recent: int
    train: tuple[float, float]  #: training value at the best validation epoch, and at the end
    best_epoch: int | None = None  #: epoch of the lowest validation value, None without validation
    val: tuple[float, float] | None = None  #: lowest validation value, and the last one
    accuracy: tuple[float, float] | None = None  #: last training and validation accuracy

    def __str__(self) -> str:
        return " ".join(part for part in (self._verdict_text(), self._accuracy_text()) if part)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _verdict_text(self) -> str:
        """The verdict and the numbers behind it, in the current language."""
        fields = {
            "monitor": self.monitor,
            "fall": self.recent_fall,
            "span": tr("the last epoch") if self.recent == 1 else tr("the last {recent} epochs", recent=self.recent),
            "epochs": self.epochs,
            "best": self.best_epoch,
        }
        if self.verdict == OVERFITTING:
            assert self.val is not None
            return tr(
                "overfitting: val_{monitor} was lowest at epoch {best} ({low:.4f}) and is {last:.4f} at epoch "
                "{epochs}, while the training {monitor} kept falling ({then:.4f} -> {now:.4f}).",
                low=self.val[0], last=self.val[1], then=self.train[0], now=self.train[1], **fields,
            )
        if self.val is None:
            clause = ""
        elif self.best_epoch == self.epochs:
            clause = tr("val_{monitor} is lowest at the last epoch.", **fields)
        else:
            clause = tr("val_{monitor} was lowest at epoch {best} of {epochs}.", **fields)
        if self.verdict == STILL_LEARNING:
            trend = tr(
                "still learning: the training {monitor} fell {fall:.0%} over {span}, "
                "so more epochs would lower it further.",
                **fields,
            )
        else:
            trend = tr("levelled off: the training {monitor} fell only {fall:.1%} over {span}.", **fields)
        return f"{trend} {clause}".strip()

    def _accuracy_text(self) -> str:
        """The last epoch's training and validation accuracy and their gap, if both were recorded."""
        if self.accuracy is None:
            return ""
        train, val = self.accuracy
        return tr(
            "Last epoch: accuracy {train:.4f}, val_accuracy {val:.4f} (gap {gap:+.4f}).",
            train=train, val=val, gap=train - val,
        )


def diagnose_fit(
    history: Any, monitor: str = "loss", *, still_learning: float = 0.05, rise: float = 0.01
) -> FitDiagnosis:
    """Tell whether a run was still learning, overfitting or levelled off when it ended.

    Overfitting: the validation value was lowest before the last epoch and has since risen by
    more than ``rise`` (relative), while the training value kept falling. Otherwise still
    learning: the training value fell by more than ``still_learning`` (relative) over the last
    quarter of the epochs (at least one). Otherwise levelled off.

    Args:
        history: A Keras History, a kteach HistoryLog or a dict of metric -> values per epoch.
        monitor: The value to read, lower is better: ``"loss"`` (the default) or another loss.
        still_learning: Relative fall over the last epochs above which training is still learning.
        rise: Relative rise of the validation value above its lowest that counts as overfitting.

    Raises:
        TypeError: ``history`` is not a history, or a threshold is not a number.
        ValueError: a threshold is not between 0 and 1, or the history has fewer than 2 epochs.
        KeyError: ``monitor`` was not recorded (the message lists what was).
    """
    values = as_history(history)
    thresholds = {name: _share(name, value) for name, value in (("still_learning", still_learning), ("rise", rise))}
    train = values[resolve_key(monitor, list(values))]
    if len(train) < 2:
        raise ValueError(tr("history must hold at least 2 epochs to be read; got {count}", count=len(train)))
    recent = max(1, len(train) // 4)
    fall = (train[-1 - recent] - train[-1]) / abs(train[-1 - recent]) if train[-1 - recent] else 0.0
    val = values.get(f"val_{monitor}")
    best = None if not val else min(range(len(val)), key=val.__getitem__)
    overfit = best is not None and best < len(val) - 1 and val[-1] > val[best] * (1 + thresholds["rise"]) and train[-1] < train[best]
    verdict = OVERFITTING if overfit else STILL_LEARNING if fall > thresholds["still_learning"] else LEVELLED_OFF
    return FitDiagnosis(
        verdict=verdict,
        epochs=len(train),
        monitor=monitor,
        recent_fall=fall,
        recent=recent,
        train=(train[best if best is not None else -1], train[-1]),
        best_epoch=None if best is None else best + 1,
        val=None if best is None else (val[best], val[-1]),
        accuracy=_last_accuracy(values),
    )


def _share(name: str, value: Any) -> float:
    """Return ``value`` as a float strictly between 0 and 1, or raise naming ``name``."""
    share = check_float(name, value)
    if not 0 < share < 1:
        raise ValueError(tr("{name} must be between 0 and 1 (exclusive); got {value}", name=name, value=value))
    return share


def _last_accuracy(values: dict[str, list[float]]) -> tuple[float, float] | None:
    """The last training and validation accuracy (Keras 2's ``acc`` too), or None if either is missing."""
    try:
        train, val = (values[resolve_key(name, list(values))] for name in ("accuracy", "val_accuracy"))
    except KeyError:
        return None
    if not (train and val) or not all(math.isfinite(v) for v in (train[-1], val[-1])):
        return None
    return train[-1], val[-1]
