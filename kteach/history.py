"""Training-history state: what was measured at each epoch, with no plotting.

Introduced in lesson 01, where a learner first watches ``loss`` and ``accuracy``
change during ``fit``. :class:`HistoryLog` is filled by the live callback and
read by the renderers and static plots, so it imports neither matplotlib nor
IPython. Anything that takes a history also takes a Keras ``History``, a plain
``dict`` (``history.history``) or a :class:`HistoryLog`, through
:func:`as_history`.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from kteach.i18n import tr

VAL_PREFIX = "val_"
# Keras 2 spelled accuracy "acc"; old tutorials still index history with it.
_KERAS2_SPELLINGS = (("acc", "accuracy"),)


@dataclass(frozen=True)
class MetricGroup:
    """One quantity measured on training and/or validation data (one subplot).

    Attributes:
        name: The training-side name, e.g. ``"loss"`` or ``"out_a_accuracy"``.
        train: The key of the training values, or None if only validation has it.
        val: The key of the validation values (``"val_" + name``), or None.
    """

    name: str
    train: str | None
    val: str | None

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys of this group that were recorded, training first."""
        return tuple(key for key in (self.train, self.val) if key is not None)


def keras2_spellings(name: str) -> list[str]:
    """Return the other Keras spelling of ``name`` (``val_acc`` <-> ``val_accuracy``)."""
    for old, new in _KERAS2_SPELLINGS:
        for this, other in ((old, new), (new, old)):
            if name == this or name.endswith("_" + this):
                return [name[: -len(this)] + other]
    return []


def resolve_key(name: str, keys: Sequence[str]) -> str:
    """Find ``name`` among ``keys``, accepting Keras 2 names such as ``acc``.

    Raises:
        TypeError: If ``name`` is not a string.
        KeyError: If neither ``name`` nor its Keras 2/3 spelling was recorded;
            the message lists the keys that exist.
    """
    if not isinstance(name, str):
        raise TypeError(tr("metric name must be a str such as 'loss'; got {kind}", kind=type(name).__name__))
    for candidate in [name, *keras2_spellings(name)]:
        if candidate in keys:
            return candidate
    recorded = ", ".join(repr(key) for key in keys) or tr("nothing recorded yet")
    raise KeyError(
        tr(
            "no metric {name!r} in this history; recorded keys: {recorded}. {fix}",
            name=name,
            recorded=recorded,
            fix=_missing_metric_fix(name, keys),
        )
    )


def _missing_metric_fix(name: str, keys: Sequence[str]) -> str:
    """How to get ``name`` recorded: validation data for ``val_`` names, else the compile metrics."""
    if name.startswith("val_") and not any(key.startswith("val_") for key in keys):
        return tr("Validation metrics are recorded only when fit() gets validation_split= or validation_data=.")
    return tr(
        "Plot one of those, or compile with metrics=[...] including {metric!r} and train again.",
        metric=name.removeprefix("val_"),
    )


def _group_rank(name: str) -> int:
    """Sort the total loss first, then per-output losses, then the metrics."""
    if name == "loss":
        return 0
    return 1 if name.endswith("loss") else 2


def metric_groups(keys: Iterable[str]) -> list[MetricGroup]:
    """Pair each training key with its ``val_`` twin, losses first.

    Multi-output names (``out_a_loss``, ``val_out_a_loss``) pair the same way.
    """
    keys = list(keys)
    names: list[str] = []
    for key in keys:
        base = key.removeprefix(VAL_PREFIX)
        if base and base not in names:
            names.append(base)
    names.sort(key=_group_rank)
    present = set(keys)
    return [
        MetricGroup(
            name=base,
            train=base if base in present else None,
            val=VAL_PREFIX + base if VAL_PREFIX + base in present else None,
        )
        for base in names
    ]


def select_groups(
    groups: Sequence[MetricGroup], metrics: Sequence[str] | str | None, *, strict: bool = True
) -> list[MetricGroup]:
    """Keep the groups named in ``metrics`` (in that order); None keeps them all.

    A name may be either side of a group (``"val_loss"`` selects the loss group).

    Raises:
        KeyError: For a name not recorded, when ``strict``; otherwise it is skipped.
    """
    if metrics is None:
        return list(groups)
    if isinstance(metrics, str):
        metrics = [metrics]
    if not isinstance(metrics, Sequence):
        raise TypeError(
            tr(
                "metrics must be a metric name or a list of them, e.g. ['loss', 'accuracy']; got {kind}",
                kind=type(metrics).__name__,
            )
        )
    keys = [key for group in groups for key in group.keys]
    chosen: list[MetricGroup] = []
    for name in metrics:
        try:
            key = resolve_key(name, keys)
        except KeyError:
            if strict:
                raise
            continue
        group = next(group for group in groups if key in group.keys)
        if group not in chosen:
            chosen.append(group)
    return chosen


def as_scalar(value: object) -> float | None:
    """Return ``value`` as a float if it is a single number (not a bool), else None (so it is skipped)."""
    if isinstance(value, (bool, np.bool_)) or getattr(value, "dtype", None) == bool:
        return None
    if isinstance(value, numbers.Real):
        return float(value)
    if getattr(value, "shape", None) == ():
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
    return None


class HistoryLog:
    """Per-epoch (and optional per-batch) metric values of one training run.

    ``history`` equals Keras's ``History.history`` for the same fit. Values that
    are not single numbers are skipped rather than fatal.

    Attributes:
        planned_epochs: The ``epochs`` the fit was asked for, if known.
        records: ``(epoch, {key: value})`` per finished epoch; epoch is Keras's 0-based index.
        batch_records: ``(position, {key: value})`` per recorded batch, where
            position is in epochs on the plot's axis (epoch 2 ends at 2, so 2.5 = half of epoch 3).
        partial: ``(position, {key: value})``: the running logs of the epoch in progress, if a
            live plot asked for them; the next finished epoch replaces them.
        revision: Bumped on every change, so renderers can skip redrawing an unchanged log.
    """

    def __init__(self, planned_epochs: int | None = None) -> None:
        self.planned_epochs = planned_epochs
        self.records: list[tuple[int, dict[str, float]]] = []
        self.batch_records: list[tuple[float, dict[str, float]]] = []
        self.partial: tuple[float, dict[str, float]] | None = None
        self.revision = 0

    @classmethod
    def from_history(cls, history: object) -> HistoryLog:
        """Build a log from a finished history (assumes every key has one value per epoch)."""
        values = as_history(history)
        log = cls()
        for epoch in range(max((len(series) for series in values.values()), default=0)):
            log.add_epoch(epoch, {k: v[epoch] for k, v in values.items() if epoch < len(v)})
        return log

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        return f"HistoryLog({len(self)} epochs, keys={self.keys})"

    def add_epoch(self, epoch: int, logs: Mapping[str, object] | None) -> list[str]:
        """Record the logs Keras passes to ``on_epoch_end``; return the keys skipped."""
        values, skipped = _numeric(logs)
        self.records.append((int(epoch), values))
        self.partial = None
        self.revision += 1
        return skipped

    def set_partial(self, position: float | None, logs: Mapping[str, object] | None = None) -> None:
        """Show the epoch in progress at ``position`` epochs with its running ``logs``; None forgets it."""
        self.partial = None if position is None else (float(position), _numeric(logs)[0])
        self.revision += 1

    def add_batch(self, position: float, logs: Mapping[str, object] | None) -> list[str]:
        """Record one batch's running logs at ``position`` epochs; return the keys skipped."""
        values, skipped = _numeric(logs)
        self.batch_records.append((float(position), values))
        self.revision += 1
        return skipped

    @property
    def keys(self) -> list[str]:
        """Every epoch-level key recorded so far, in first-seen order."""
        return _first_seen(self.records)

    @property
    def batch_keys(self) -> list[str]:
        """Every batch-level key recorded so far, in first-seen order."""
        return _first_seen(self.batch_records)

    @property
    def plotted_keys(self) -> list[str]:
        """Every key a plot of this log can show: epoch, batch and epoch-in-progress keys."""
        partial = list(self.partial[1]) if self.partial is not None else []
        return list(dict.fromkeys([*self.keys, *self.batch_keys, *partial]))

    @property
    def history(self) -> dict[str, list[float]]:
        """The values per key, the same dict as Keras's ``History.history``."""
        result: dict[str, list[float]] = {}
        for _, values in self.records:
            for key, value in values.items():
                result.setdefault(key, []).append(value)
        return result

    def resolve_key(self, name: str) -> str:
        """Return the recorded key for ``name`` (``acc`` finds ``accuracy``); see :func:`resolve_key`."""
        return resolve_key(name, self.keys)

    def groups(
        self, metrics: Sequence[str] | str | None = None, *, strict: bool = True
    ) -> list[MetricGroup]:
        """The metric groups to show (epoch and batch keys), optionally only ``metrics``.

        See :func:`select_groups` for how names are matched.
        """
        return select_groups(metric_groups(dict.fromkeys(self.plotted_keys)), metrics, strict=strict)

    def series(self, key: str) -> tuple[list[float], list[float]]:
        """Epoch numbers (1-based, for plotting) and values of the epochs that logged ``key``.

        The epoch in progress comes last, at its fractional position, while :attr:`partial` holds it.
        """
        points: list[tuple[float, float]] = [(epoch + 1, values[key]) for epoch, values in self.records if key in values]
        if self.partial is not None and key in self.partial[1]:
            points.append((self.partial[0], self.partial[1][key]))
        return [x for x, _ in points], [y for _, y in points]

    def batch_series(self, key: str) -> tuple[list[float], list[float]]:
        """Positions (in epochs) and values of the batches that logged ``key``."""
        points = [(x, values[key]) for x, values in self.batch_records if key in values]
        return [x for x, _ in points], [y for _, y in points]


def _first_seen(records: Sequence[tuple[float, dict[str, float]]]) -> list[str]:
    """The keys of ``records`` in the order they first appear."""
    seen: dict[str, None] = {}
    for _, values in records:
        seen.update(dict.fromkeys(values))
    return list(seen)


def _numeric(logs: Mapping[str, object] | None) -> tuple[dict[str, float], list[str]]:
    """Split Keras logs into single-number values and the keys that are not."""
    values: dict[str, float] = {}
    skipped: list[str] = []
    for key, raw in (logs or {}).items():
        value = as_scalar(raw)
        if value is None:
            skipped.append(key)
        else:
            values[key] = value
    return values, skipped


def as_history(obj: object, name: str = "history") -> dict[str, list[float]]:
    """Return ``{metric: [value per epoch]}`` from a Keras History, HistoryLog or dict.

    Anything with a ``history`` mapping attribute (a Keras ``History``, a run
    record) is accepted too.

    Args:
        obj: The history to read.
        name: The parameter name to use in error messages.

    Raises:
        TypeError: If ``obj`` is none of these, or a value is not a list of numbers.
    """
    if isinstance(obj, HistoryLog):
        return obj.history
    inner = getattr(obj, "history", None)
    if not isinstance(obj, Mapping) and isinstance(inner, Mapping):
        obj = inner
    if not isinstance(obj, Mapping):
        raise TypeError(
            tr(
                "{name} must be a keras History, a kteach HistoryLog or a dict of "
                "metric name -> list of numbers; got {kind}",
                name=name,
                kind=type(obj).__name__,
            )
        )
    result: dict[str, list[float]] = {}
    for key, values in obj.items():
        parsed = None
        if isinstance(key, str) and isinstance(values, Iterable) and not isinstance(values, (str, bytes)):
            parsed = [as_scalar(value) for value in values]
        if parsed is None or None in parsed:
            raise TypeError(
                tr(
                    "{name}[{key!r}] must be a list of numbers (one per epoch); got {kind}",
                    name=name,
                    key=key,
                    kind=type(values).__name__,
                )
            )
        result[key] = parsed  # type: ignore[assignment]
    return result


def is_history(obj: object) -> bool:
    """Return True if :func:`as_history` accepts ``obj`` (as opposed to a mapping of runs)."""
    try:
        as_history(obj)
    except TypeError:
        return False
    return True
