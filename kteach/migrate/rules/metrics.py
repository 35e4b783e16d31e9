"""Rules for metric names: Keras 2's ``acc`` is Keras 3's ``accuracy``.

Lesson 01 plots ``history.history['accuracy']`` where the tutorials wrote
``['acc']``. Introduced with ``kteach.migrate`` (issue 6).
"""

from __future__ import annotations

from collections.abc import Iterator

from kteach.i18n import N_, tr
from kteach.migrate.edits import replace, with_tail
from kteach.migrate.findings import Hit, Rule
from kteach.migrate.rules.common import history_like
from kteach.migrate.source import Source
from kteach.migrate.tokens import literal

OLD_KEYS = {"acc": "accuracy", "val_acc": "val_accuracy"}
# callbacks that take the monitored name positionally, and at which position
_MONITOR_POSITION = {"EarlyStopping": 0, "ReduceLROnPlateau": 0, "ModelCheckpoint": 1}


# why ``history.history['acc']`` is ``['accuracy']`` now
WHY_KEY = N_(
    "Keras 3 logs a metric under the name it was compiled with: `metrics=['accuracy']` gives "
    "`{new!r}`. Keras 2 (before 2.3) shortened it to `{old!r}`, which now raises KeyError."
)
# why a callback's ``monitor='val_acc'`` is ``'val_accuracy'`` now
WHY_MONITOR = N_(
    "With `metrics=['accuracy']` Keras 3 logs `{new!r}`, never `{old!r}`: the callback fails after the first "
    "epoch (it cannot tell whether to maximize the name) or, with mode='max', silently never acts."
)


def compiled_with_acc(source: Source) -> bool:
    """True if the code compiles with ``metrics=['acc']``, which Keras 3 still logs as ``acc``."""
    for call in source.calls:
        arg = call.keyword("metrics") if call.name == "compile" else None
        if arg is not None and any(literal(source.tokens[i]) == "acc" for i in range(arg.value, arg.last + 1)):
            return True
    return False


def find_history_keys(source: Source) -> Iterator[Hit]:
    """``history.history['acc']`` -> ``history.history['accuracy']`` (and ``val_acc``)."""
    if compiled_with_acc(source):
        return
    tokens = source.tokens
    for index in range(2, len(tokens) - 1):
        key = literal(tokens[index])
        if not isinstance(key, str) or key not in OLD_KEYS:
            continue
        if not (tokens[index - 1].is_op("[") and tokens[index + 1].is_op("]") and tokens[index - 2].is_name):
            continue
        parts, _, _ = source.dotted_before(index - 2)
        new = OLD_KEYS[key]
        text = with_tail(tokens[index].text, key, new)
        if history_like(source, parts) and text is not None:
            yield Hit(index, tr(WHY_KEY, old=key, new=new), (replace(source, index, index, text),))


def find_monitor(source: Source) -> Iterator[Hit]:
    """``EarlyStopping(monitor='val_acc')`` -> ``monitor='val_accuracy'``."""
    if compiled_with_acc(source):
        return
    for call in source.calls:
        arg = call.keyword("monitor")
        position = _MONITOR_POSITION.get(call.name)
        if arg is None and position is not None and len(call.positional) > position:
            arg = call.positional[position]
        key = source.value_literal(arg) if arg is not None else None
        if not isinstance(key, str) or key not in OLD_KEYS:
            continue
        text = with_tail(source.tokens[arg.value].text, key, OLD_KEYS[key])
        edits = (replace(source, arg.value, arg.value, text),) if text is not None else ()
        yield Hit(arg.value, tr(WHY_MONITOR, old=key, new=OLD_KEYS[key]), edits)


RULES = (
    Rule("history-acc-key", "error", "'acc' is 'accuracy'", ("KeyError",), find_history_keys),
    Rule("monitor-acc", "error", "monitor='val_acc' is never logged", ("ValueError",), find_monitor),
)
