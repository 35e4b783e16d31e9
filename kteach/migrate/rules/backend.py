"""Rule for ``keras.backend`` math (``K.mean``), which Keras 3 moved to ``keras.ops``.

The tutorials' custom metric ``mean_pred`` returns ``K.mean(y_pred)``; in
Keras 3 ``keras.backend`` keeps only a few settings functions and the math is
in ``keras.ops``. Introduced with ``kteach.migrate`` (issue 6).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kteach.i18n import N_, tr
from kteach.migrate.edits import Edit, insert_before, rename_keyword, replace
from kteach.migrate.findings import Hit, Rule
from kteach.migrate.rules.common import keras_rest, resolve, via_tf_keras
from kteach.migrate.source import Call, Source

# What ``keras.backend`` still has in Keras 3.15 (tests compare with the real module).
KERAS3_BACKEND = frozenset(
    {
        "backend",
        "clear_session",
        "epsilon",
        "floatx",
        "get_uid",
        "image_data_format",
        "is_float_dtype",
        "is_int_dtype",
        "is_keras_tensor",
        "result_type",
        "set_epsilon",
        "set_floatx",
        "set_image_data_format",
        "standardize_dtype",
    }
)


@dataclass(frozen=True)
class OpsEquivalent:
    """The ``keras.ops`` function for a Keras 2 backend function, and how its call differs.

    Attributes:
        name: The ``keras.ops`` name.
        keywords: Keyword renames (``min_value`` -> ``x_min`` for ``clip``).
        axis: Keras 2's default axis where ``keras.ops`` has another default;
            added when the call gives no axis (by keyword, or second as in Keras 2).
    """

    name: str
    keywords: dict[str, str] = field(default_factory=dict)
    axis: str | None = None


_SAME = (
    "abs all any binary_crossentropy cast categorical_crossentropy cos dot elu equal exp greater greater_equal "
    "less less_equal log max maximum mean min minimum not_equal ones ones_like prod relu round shape sigmoid sign "
    "sin softmax softplus sqrt square squeeze stack std sum tanh transpose var zeros zeros_like"
)
OPS_EQUIVALENTS = {
    **{name: OpsEquivalent(name) for name in _SAME.split()},
    "argmax": OpsEquivalent("argmax", axis="-1"),
    "argmin": OpsEquivalent("argmin", axis="-1"),
    "clip": OpsEquivalent("clip", {"min_value": "x_min", "max_value": "x_max"}),
    "concatenate": OpsEquivalent("concatenate", {"tensors": "xs"}, axis="-1"),
    "cumsum": OpsEquivalent("cumsum", axis="0"),
    "expand_dims": OpsEquivalent("expand_dims", axis="-1"),
    "flatten": OpsEquivalent("ravel"),
    "one_hot": OpsEquivalent("one_hot", {"indices": "x"}),
    "pow": OpsEquivalent("power", {"a": "x2"}),
    "reshape": OpsEquivalent("reshape", {"shape": "newshape"}),
    "tile": OpsEquivalent("tile", {"n": "repeats"}),
}
# removed backend function without a keras.ops twin -> what to do instead (translated where it is shown)
_HINTS = {
    "set_value": N_("call `variable.assign(value)` instead"),
    "get_value": N_("use `keras.ops.convert_to_numpy(variable)` instead"),
    "int_shape": N_("use `x.shape` instead"),
    "variable": N_("use `keras.Variable(...)` instead"),
    "function": N_("call the model or layer directly instead"),
    "learning_phase": N_("pass `training=True/False` when calling a layer instead"),
}

_KNOWN = frozenset(OPS_EQUIVALENTS) | frozenset(_HINTS) | KERAS3_BACKEND  # backend functions we recognise


def _why_ops(name: str, equivalent: OpsEquivalent) -> str:
    """Why ``K.{name}`` becomes its ``keras.ops`` twin, and why the axis is written out if it is."""
    why = tr(
        "`keras.backend.{name}` no longer exists in Keras 3 (AttributeError): the tensor math is in `keras.ops`, "
        "as `keras.ops.{new}`.",
        name=name,
        new=equivalent.name,
    )
    if equivalent.axis is None:
        return why
    return why + tr(
        " Keras 2 worked along the last axis by default; `keras.ops.{new}` does not, so the axis is written out.",
        new=equivalent.name,
    )


def _why_gone(name: str) -> str:
    """Why ``K.{name}``, which has no ``keras.ops`` twin, fails, and what to do instead."""
    hint = tr(_HINTS[name]) if name in _HINTS else tr("see `keras.ops` for the tensor math, or keep the value in NumPy")
    return tr("`keras.backend.{name}` no longer exists in Keras 3 (AttributeError); {hint}.", name=name, hint=hint)


# the sentence added when the backend is reached through ``tf.keras``, where it still runs
TF_KERAS_NOTE = N_(" Here it still runs, through the `tf.keras` compatibility layer that new code should not use.")


def _backend_uses(source: Source) -> Iterator[tuple[str, int, int, bool]]:
    """``K.mean``-style uses: function name, first and last token, and whether via ``tf.keras``.

    ``K`` counts as ``keras.backend`` when imported so, or when a fragment
    uses ``K`` without importing it (the tutorials' convention) for a
    function the backend had, such as ``K.mean``.
    """
    for parts, first, last in source.dotted_names:
        full = resolve(source, parts)
        if parts[0] == "K" and source.origin("K") is None and parts[1:2] and parts[1] in _KNOWN:
            full = ("keras", "backend", *parts[1:])
        split = keras_rest(full)
        if split is not None and len(split[0]) == 2 and split[0][0] == "backend":
            yield split[0][1], first, last, via_tf_keras(".".join(full))


def _call_at(source: Source, last: int) -> Call | None:
    """The call whose callee ends at token ``last``, if the name is called."""
    return next((call for call in source.calls if call.open == last + 1), None)


def _ops_edits(source: Source, first: int, last: int, equivalent: OpsEquivalent) -> tuple[Edit, ...]:
    """Rewrite ``K.fn(...)`` as ``keras.ops.fn(...)`` with renamed keywords and Keras 2's default axis."""
    call = _call_at(source, last)
    edits = [replace(source, first, last, f"keras.ops.{equivalent.name}")]
    if call is None:
        return tuple(edits) if equivalent.axis is None and not equivalent.keywords else ()
    for arg in call.args:
        if arg.keyword in equivalent.keywords:
            edits.append(rename_keyword(source, arg, equivalent.keywords[arg.keyword]))
    has_axis = call.keyword("axis") is not None or len(call.positional) > 1
    if equivalent.axis is not None and not has_axis:
        if call.close is None or not call.args:
            return ()
        edits.append(insert_before(source, call.close, f", axis={equivalent.axis}"))
    return tuple(edits)


def find_backend_functions(source: Source) -> Iterator[Hit]:
    """``K.mean(x)`` -> ``keras.ops.mean(x)``; other removed backend functions explained."""
    for function, first, last, legacy in _backend_uses(source):
        if function in KERAS3_BACKEND:
            continue
        note = tr(TF_KERAS_NOTE) if legacy else ""
        severity = "warning" if legacy else None
        equivalent = OPS_EQUIVALENTS.get(function)
        if equivalent is None:
            yield Hit(first, _why_gone(function) + note, severity=severity)
            continue
        edits = _ops_edits(source, first, last, equivalent)
        yield Hit(first, _why_ops(function, equivalent) + note, edits, needs=("keras",), severity=severity)


RULES = (
    Rule(
        "backend-function",
        "error",
        "keras.backend math moved to keras.ops",
        ("AttributeError",),
        find_backend_functions,
    ),
)
