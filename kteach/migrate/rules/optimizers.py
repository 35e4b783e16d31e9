"""Rules for optimizer arguments that Keras 3 renamed, ignores or rejects.

Introduced with ``kteach.migrate`` (issue 6); lesson 01 compiles with
``SGD(learning_rate=...)`` where the tutorials wrote ``SGD(lr=...)``.
"""

from __future__ import annotations

from collections.abc import Iterator

from kteach.i18n import N_, tr
from kteach.migrate.edits import arg_text, remove_arg, rename_keyword, replace
from kteach.migrate.findings import Hit, Rule
from kteach.migrate.rules.common import is_keras_callee, resolve
from kteach.migrate.source import Call, Source

OPTIMIZERS = frozenset({"SGD", "Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Ftrl", "AdamW", "Lion"})
# Keras 2 also spelled them in lower case (keras.optimizers.adam)
LOWERCASE_ALIASES = {
    name.lower(): name for name in ("SGD", "Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam")
}
# Keras 2 default learning rates, to keep a ``decay=`` without ``lr=`` exact
KERAS2_DEFAULT_LR = {
    "SGD": "0.01",
    "RMSprop": "0.001",
    "Adagrad": "0.01",
    "Adadelta": "1.0",
    "Adam": "0.001",
    "Adamax": "0.002",
    "Nadam": "0.002",
}


# why ``lr=`` is ``learning_rate=``
WHY_LR = N_(
    "Keras 3 optimizers only accept `learning_rate=`; `lr=` raises ValueError "
    "(TF 2.11's tf.keras silently ignored it and trained at the default rate)."
)
# why ``optimizer.lr`` is ``optimizer.learning_rate``
WHY_LR_ATTRIBUTE = N_("Keras 3 optimizers have no `.lr` attribute (AttributeError): it is `.learning_rate`.")
# why ``decay=`` becomes an ``InverseTimeDecay`` schedule
WHY_DECAY = N_(
    "Keras 3 ignores `decay=` (it only prints a warning), so the learning rate would stay constant. "
    "The same 1/(1 + decay * step) decay is the `InverseTimeDecay` schedule with `decay_steps=1`."
)
# why ``decay=0`` is dropped
WHY_DECAY_ZERO = N_("`decay=0` was the Keras 2 default and means no decay; Keras 3 no longer takes the argument.")
# why ``epsilon=None`` is dropped
WHY_EPSILON = N_(
    "`epsilon=None` meant 'the default' in Keras 2; Keras 3 uses the None, and `fit` fails with "
    "'None values not supported'. Leave it out: the default is the same 1e-7."
)
# why ``optimizers.adam`` is ``optimizers.Adam``
WHY_ALIAS = N_("Keras 3 only has the class names (`{new}`); the lower-case alias `{old}` is gone.")


def optimizer_calls(source: Source) -> Iterator[tuple[Call, str]]:
    """Calls that create a Keras optimizer, with the optimizer's class name."""
    for call in source.calls:
        name = LOWERCASE_ALIASES.get(call.name, call.name)
        if name not in OPTIMIZERS or not is_keras_callee(source, call, frozenset({call.name}), "optimizers"):
            continue
        if call.name in LOWERCASE_ALIASES and len(resolve(source, call.callee)) == 1:
            continue  # a lower-case name that is not known to come from Keras
        yield call, name


def find_lr(source: Source) -> Iterator[Hit]:
    """``SGD(lr=0.01)`` -> ``SGD(learning_rate=0.01)``; ``optimizer.lr`` -> ``optimizer.learning_rate``."""
    optimizers = {name for name, calls in source.assigned_from.items() if any(c.name in OPTIMIZERS for c in calls)}
    for call, _ in optimizer_calls(source):
        arg = call.keyword("lr")
        if arg is not None:
            yield Hit(arg.first, tr(WHY_LR), (rename_keyword(source, arg, "learning_rate"),))
    for parts, _, last in source.dotted_names:
        owner = parts[-2] if len(parts) >= 2 else None
        if parts[-1] == "lr" and (owner == "optimizer" or (len(parts) == 2 and owner in optimizers)):
            yield Hit(last, tr(WHY_LR_ATTRIBUTE), (replace(source, last, last, "learning_rate"),))


def find_decay(source: Source) -> Iterator[Hit]:
    """``SGD(lr=0.01, decay=1e-6)`` -> an ``InverseTimeDecay`` learning-rate schedule."""
    for call, name in optimizer_calls(source):
        decay = call.keyword("decay")
        if decay is None:
            continue
        if source.value_literal(decay) == 0:
            yield Hit(decay.first, tr(WHY_DECAY_ZERO), (remove_arg(source, call, decay),))
            continue
        rate_arg = call.keyword("lr") or call.keyword("learning_rate") or next(iter(call.positional), None)
        rate = arg_text(source, rate_arg) if rate_arg is not None else KERAS2_DEFAULT_LR.get(name)
        if rate is None:
            yield Hit(decay.first, tr(WHY_DECAY))
            continue
        schedule = (
            f"keras.optimizers.schedules.InverseTimeDecay({rate}, decay_steps=1, decay_rate={arg_text(source, decay)})"
        )
        if rate_arg is None:
            edits = (replace(source, decay.first, decay.last, f"learning_rate={schedule}"),)
        else:
            edits = (replace(source, rate_arg.value, rate_arg.last, schedule), remove_arg(source, call, decay))
        yield Hit(decay.first, tr(WHY_DECAY), edits, needs=("keras",))


def find_epsilon_none(source: Source) -> Iterator[Hit]:
    """``Adam(epsilon=None)`` -> leave ``epsilon`` out."""
    for call, _ in optimizer_calls(source):
        arg = call.keyword("epsilon")
        if arg is not None and arg.value == arg.last and source.tokens[arg.value].text == "None":
            yield Hit(arg.first, tr(WHY_EPSILON), (remove_arg(source, call, arg),))


def find_lowercase_alias(source: Source) -> Iterator[Hit]:
    """``optimizers.adam(...)`` and ``from keras.optimizers import adam`` -> ``Adam``."""
    imported = set()
    for stmt in source.imports:
        for item in stmt.names:
            new = LOWERCASE_ALIASES.get(item.name)
            if new and item.alias is None and (stmt.module or "").endswith("keras.optimizers"):
                imported.add(item.name)
                yield Hit(
                    item.first,
                    tr(WHY_ALIAS, old=item.name, new=new),
                    (replace(source, item.first, item.first, new),),
                )
    for call, new in optimizer_calls(source):
        if call.name in LOWERCASE_ALIASES and (call.receiver or call.name in imported):
            index = call.open - 1
            yield Hit(index, tr(WHY_ALIAS, old=call.name, new=new), (replace(source, index, index, new),))


RULES = (
    Rule("optimizer-lr", "error", "lr= is learning_rate=", ("ValueError", "AttributeError"), find_lr),
    Rule("optimizer-decay", "warning", "decay= is ignored", (), find_decay),
    Rule("optimizer-epsilon-none", "error", "epsilon=None fails", ("ValueError",), find_epsilon_none),
    Rule(
        "optimizer-alias",
        "error",
        "lower-case optimizer alias",
        ("AttributeError", "ImportError"),
        find_lowercase_alias,
    ),
)
