"""Rules for layer arguments and layer names from Keras 1 and 2.

Lesson 01 starts its model with ``keras.Input(shape=(784,))`` where the
tutorials passed ``input_shape=`` to the first Dense layer. Introduced with
``kteach.migrate`` (issue 6).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kteach.i18n import N_, tr
from kteach.migrate.edits import Edit, arg_text, drop_import_item, insert_before, remove_arg, rename_keyword, replace
from kteach.migrate.findings import Hit, Rule
from kteach.migrate.rules.common import from_keras_module
from kteach.migrate.source import Call, Source

KERAS1_LAYER_ARGUMENTS = {
    "init": "kernel_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "border_mode": "padding",
    "subsample": "strides",
    "nb_filter": "filters",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "inner_init": "recurrent_initializer",
    "U_regularizer": "recurrent_regularizer",
    "U_constraint": "recurrent_constraint",
}
KERAS1_FIT_ARGUMENTS = {"nb_epoch": "epochs"}
# Keras 1 arguments counted samples where Keras 3 counts batches: no mechanical rename
KERAS1_COUNTS = {"samples_per_epoch": "steps_per_epoch", "nb_val_samples": "validation_steps"}
SIZE_ARGUMENT = {
    **dict.fromkeys(("Dense", "LSTM", "GRU", "SimpleRNN"), "units"),
    **dict.fromkeys(("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D"), "filters"),
}
# old layer name -> (Keras 3 name or None, severity)
RENAMED_LAYERS = {
    "Convolution1D": ("Conv1D", "warning"),
    "Convolution2D": ("Conv2D", "warning"),
    "Convolution3D": ("Conv3D", "warning"),
    "CuDNNLSTM": ("LSTM", "error"),
    "CuDNNGRU": ("GRU", "error"),
    "Deconvolution2D": (None, "error"),
    "AtrousConvolution2D": (None, "error"),
}
# Keras 1 convolution signatures: kernel given as separate numbers
KERNEL_DIMENSIONS = {"Convolution2D": 2, "Convolution3D": 3}
MERGE_MODES = {"concat": "concatenate", "sum": "add", "mul": "multiply", "ave": "average", "max": "maximum"}


# why ``input_shape=``/``input_dim=`` on the first layer becomes ``keras.Input``
WHY_INPUT_FIRST = N_(
    "Keras 3 wants the input shape as its own `keras.Input(shape=...)` at the start of the model; "
    "`{kw}=` on a layer still works but warns, and is ignored on any layer but the first."
)
# why ``InputLayer(input_shape=)`` becomes ``shape=``
WHY_INPUT_LAYER = N_("Keras 3's `InputLayer` takes `shape=`; `input_shape=` still works but is deprecated.")
# why an input shape on a later layer is dropped
WHY_INPUT_LATER = N_("Only the first layer of a Sequential model reads `{kw}=`; on this one Keras ignores it (and warns).")
# why ``Embedding(input_length=)`` is dropped
WHY_INPUT_LENGTH = N_(
    "Keras 3 deprecates `input_length` ('Just remove it'): the sequence length comes from the data, "
    "or from `keras.Input(shape=(maxlen,))` at the start of the model."
)
# why a Keras 1 argument name is renamed
WHY_KERAS1_ARGUMENT = N_("`{old}=` is a Keras 1 name that Keras 3 rejects; it is `{new}=` now.")
# why a Keras 1 sample count has no mechanical fix
WHY_KERAS1_COUNT = N_("`{old}=` is Keras 1; Keras 3 has `{new}=`, which counts batches, not samples (divide by the batch size).")
# why an old layer alias is renamed
WHY_ALIAS = N_("`{old}` is an old alias that Keras 3 keeps only for compatibility; the layer is `{new}`.")
# why ``CuDNNLSTM``/``CuDNNGRU`` become ``LSTM``/``GRU``
WHY_CUDNN = N_("Keras 3 has no `{old}`: `{new}` uses the fast cuDNN kernel by itself on a GPU (with its default arguments).")
# why a Keras 1 kernel given as separate numbers becomes a tuple
WHY_KERNEL = N_(
    "Keras 1 took the kernel as separate numbers; Keras 3 reads `{name}(32, 3, 3)` as kernel_size=3, "
    "strides=3 and silently shrinks the output. Pass the kernel size as one tuple."
)
# why the ``Merge`` layer has no line-level fix
WHY_MERGE_LAYER = N_(
    "The `Merge` layer (which joined Sequential branches) is gone: build the model with the functional API and "
    "join tensors with `keras.layers.Concatenate()`, `Add()`, `Multiply()`, `Average()` or `Maximum()`."
)
# why ``merge(..., mode=...)`` becomes ``keras.layers.concatenate(...)`` & co.
WHY_MERGE_FUNCTION = N_(
    "Keras 3 has no `merge(..., mode=...)`: each mode is its own function, e.g. "
    "`keras.layers.concatenate([...], axis=-1)`, `add`, `multiply`, `average`, `maximum`."
)
# why a layer size given twice fails
WHY_UNITS_TWICE = N_(
    "`{kw}` is given twice, as the first argument and as `{kw}={value}`: Python raises TypeError. Keep one; "
    "if {value} was meant as the input size, start the model with `keras.Input(shape=({value},))`."
)
# why ``input_shape(784,)`` needs an ``=``
WHY_SHAPE_CALL = N_("`{name}(...)` calls a function named {name} (NameError): the argument needs an `=`, as in `{name}=(784,)`.")
# why each layer of ``RENAMED_LAYERS`` with no Keras 3 name is gone, and what replaces it
WHY_GONE_LAYER = {
    "Deconvolution2D": N_("Keras 3 has no `Deconvolution2D`: use `Conv2DTranspose(filters, kernel_size, strides=...)`."),
    "AtrousConvolution2D": N_("Keras 3 has no `AtrousConvolution2D`: use `Conv2D(..., dilation_rate=...)`."),
}


@dataclass(frozen=True)
class Placement:
    """Where a layer is added: in ``Sequential([...])`` or ``model.add(...)``, and whether it comes first.

    Attributes:
        container: The ``Sequential(...)`` or ``.add(...)`` call that holds the layer.
        first: True/False when known from this code, None when the model was
            built elsewhere (an earlier cell).
    """

    container: Call
    first: bool | None


def _sequential_layers(source: Source, call: Call) -> list[Call]:
    """The layer calls listed in ``Sequential([...])`` (empty if none or not a literal list)."""
    arg = call.keyword("layers") or next(iter(call.positional), None)
    if arg is None or not source.tokens[arg.value].is_op("[") or source.matching.get(arg.value) != arg.last:
        return []
    return [layer for item in source.items(arg.value) if (layer := source.value_call(item)) is not None]


def placements(source: Source) -> dict[int, Placement]:
    """Layer call (by first token) -> its placement in a Sequential model."""
    found: dict[int, Placement] = {}
    has_layers: dict[str, bool] = {}  # model name -> whether it already has a layer
    for call in source.calls:
        if call.name == "Sequential":
            layers = _sequential_layers(source, call)
            for position, layer in enumerate(layers):
                found[layer.first] = Placement(call, position == 0)
            target = source.assignment_target(call)
            if target is not None:
                has_layers[target] = bool(layers)
        elif call.name == "add" and len(call.receiver) == 1 and call.positional:
            layer = source.value_call(call.positional[0])
            name = call.receiver[0]
            if layer is None:
                continue
            found[layer.first] = Placement(call, not has_layers[name] if name in has_layers else None)
            if name in has_layers:
                has_layers[name] = True
    return found


def _insert_input(source: Source, placement: Placement | None, layer: Call, shape: str) -> Edit | None:
    """An edit putting ``keras.Input(shape=...)`` before ``layer``, or None if there is no clean place."""
    if placement is None:
        return None
    container = placement.container
    if container.name == "Sequential":
        if source.starts_line(layer.first):
            indent = source.line_indent(source.tokens[layer.first].start[0])
            return insert_before(source, layer.first, f"keras.Input(shape={shape}),\n{indent}")
        return insert_before(source, layer.first, f"keras.Input(shape={shape}), ")
    if not source.starts_line(container.first):
        return None
    indent = source.line_indent(source.tokens[container.first].start[0])
    return insert_before(
        source, container.first, f"{'.'.join(container.receiver)}.add(keras.Input(shape={shape}))\n{indent}"
    )


def find_input_arguments(source: Source) -> Iterator[Hit]:
    """``Dense(64, input_shape=(784,))`` -> ``keras.Input(shape=(784,))`` before the first layer."""
    places = placements(source)
    for call in source.calls:
        # a layer: added to a Sequential model, or known to come from keras.layers (not keras.applications)
        known = call.name == "InputLayer" or call.first in places or from_keras_module(source, call, "layers")
        if not known:
            continue
        for kw in ("input_shape", "input_dim"):
            arg = call.keyword(kw)
            if arg is None or (kw == "input_dim" and call.name == "Embedding"):
                continue
            if call.name == "InputLayer":
                yield Hit(arg.first, tr(WHY_INPUT_LAYER), (rename_keyword(source, arg, "shape"),))
                continue
            placement = places.get(call.first)
            remove = remove_arg(source, call, arg)
            if placement is not None and placement.first is False:
                yield Hit(arg.first, tr(WHY_INPUT_LATER, kw=kw), (remove,))
                continue
            shape = arg_text(source, arg) if kw == "input_shape" else f"({arg_text(source, arg)},)"
            insert = _insert_input(source, placement, call, shape)
            edits = (insert, remove) if insert is not None else ()
            first = placement is not None and placement.first is True
            yield Hit(arg.first, tr(WHY_INPUT_FIRST, kw=kw), edits, auto=first, needs=("keras",))


def find_embedding_input_length(source: Source) -> Iterator[Hit]:
    """``Embedding(..., input_length=maxlen)``: drop it (and start the model with ``keras.Input``)."""
    places = placements(source)
    for call in source.calls:
        arg = call.keyword("input_length") if call.name == "Embedding" else None
        if arg is None:
            continue
        placement = places.get(call.first)
        insert = None
        if placement is not None and placement.first and call.keyword("input_shape") is None:
            insert = _insert_input(source, placement, call, f"({arg_text(source, arg)},)")
        edits = (remove_arg(source, call, arg),) + ((insert,) if insert is not None else ())
        yield Hit(arg.first, tr(WHY_INPUT_LENGTH), edits, needs=("keras",) if insert is not None else ())


def find_keras1_arguments(source: Source) -> Iterator[Hit]:
    """Keras 1 argument names: ``init=``, ``W_regularizer=``, ``nb_epoch=``, ``output_dim=`` & co."""
    for call in source.calls:
        for arg in call.args:
            if arg.keyword is None:
                continue
            new = None
            if call.name[:1].isupper():
                new = KERAS1_LAYER_ARGUMENTS.get(arg.keyword)
                if arg.keyword == "output_dim" and SIZE_ARGUMENT.get(call.name) == "units":
                    new = "units"
            elif call.name in ("fit", "fit_generator"):
                new = KERAS1_FIT_ARGUMENTS.get(arg.keyword)
            if new is not None:
                yield Hit(
                    arg.first,
                    tr(WHY_KERAS1_ARGUMENT, old=arg.keyword, new=new),
                    (rename_keyword(source, arg, new),),
                )
            elif arg.keyword in KERAS1_COUNTS and call.name in ("fit", "fit_generator"):
                yield Hit(arg.first, tr(WHY_KERAS1_COUNT, old=arg.keyword, new=KERAS1_COUNTS[arg.keyword]))


def find_renamed_layers(source: Source) -> Iterator[Hit]:
    """``Convolution2D`` -> ``Conv2D``, ``CuDNNLSTM`` -> ``LSTM``; ``Deconvolution2D`` & co. are gone."""
    for index, tok in enumerate(source.tokens):
        if not tok.is_name or tok.text not in RENAMED_LAYERS:
            continue
        new, severity = RENAMED_LAYERS[tok.text]
        if new is None:
            yield Hit(index, tr(WHY_GONE_LAYER[tok.text]))
            continue
        message = WHY_ALIAS if severity == "warning" else WHY_CUDNN
        why = tr(message, old=tok.text, new=new)
        yield Hit(index, why, (replace(source, index, index, new),), severity=severity)


def find_keras1_kernel(source: Source) -> Iterator[Hit]:
    """``Convolution2D(32, 3, 3)`` -> ``Conv2D(32, (3, 3))``."""
    for call in source.calls:
        dimensions = KERNEL_DIMENSIONS.get(call.name)
        positional = call.positional
        if dimensions is None or len(positional) < dimensions + 1:
            continue
        sizes = positional[1 : dimensions + 1]
        if any(arg.value != arg.last for arg in sizes):
            continue  # ``Convolution2D(32, (3, 3), (2, 2))`` is the Keras 2 signature
        kernel = "(" + ", ".join(arg_text(source, arg) for arg in sizes) + ")"
        edit = replace(source, sizes[0].first, sizes[-1].last, kernel)
        yield Hit(sizes[0].first, tr(WHY_KERNEL, name=call.name), (edit,))


def _merge_edits(source: Source, call: Call) -> tuple[Edit, ...]:
    """The rewrite of ``merge([a, b], mode='concat', concat_axis=1)``, or () if not mechanical."""
    mode = call.keyword("mode")
    function = MERGE_MODES.get(source.value_literal(mode)) if mode is not None else None
    known = {None, "mode", "concat_axis", "name"}
    if function is None or len(call.positional) != 1 or any(arg.keyword not in known for arg in call.args):
        return ()
    edits = [replace(source, call.first, call.open - 1, f"keras.layers.{function}"), remove_arg(source, call, mode)]
    axis = call.keyword("concat_axis")
    if axis is not None:
        edits.append(rename_keyword(source, axis, "axis"))
    return tuple(edits)


def find_merge(source: Source) -> Iterator[Hit]:
    """``Merge`` (gone) and ``merge(..., mode=...)`` -> ``keras.layers.concatenate(...)`` & co."""
    merge_calls = [call for call in source.calls if call.name == "merge" and call.keyword("mode") is not None]
    fixes = [_merge_edits(source, call) for call in merge_calls]
    for call, edits in zip(merge_calls, fixes, strict=True):
        yield Hit(call.open - 1, tr(WHY_MERGE_FUNCTION), edits, needs=("keras",))
    for call in source.calls:
        if call.name == "Merge":
            yield Hit(call.open - 1, tr(WHY_MERGE_LAYER))
    for stmt in source.imports:
        for item in stmt.names:
            if "keras.layers" not in (stmt.module or "") or item.name not in ("merge", "Merge"):
                continue
            if item.name == "merge" and all(fixes):
                yield Hit(item.first, tr(WHY_MERGE_FUNCTION), drop_import_item(source, stmt, item), needs=("keras",))
            else:
                yield Hit(item.first, tr(WHY_MERGE_LAYER) if item.name == "Merge" else tr(WHY_MERGE_FUNCTION))


def find_size_given_twice(source: Source) -> Iterator[Hit]:
    """``Dense(32, units=784)``: the size passed twice (no mechanical fix: which one was meant?)."""
    for call in source.calls:
        kw = SIZE_ARGUMENT.get(call.name)
        arg = call.keyword(kw) if kw else None
        if arg is not None and call.positional:
            yield Hit(arg.first, tr(WHY_UNITS_TWICE, kw=kw, value=arg_text(source, arg)))


def find_shape_called(source: Source) -> Iterator[Hit]:
    """``Dense(32, input_shape(784,))`` -> ``input_shape=(784,)``."""
    for call in source.calls:
        if call.callee not in (("input_shape",), ("input_dim",)) or call.first == 0:
            continue
        if source.tokens[call.first - 1].is_op(",") or source.tokens[call.first - 1].is_op("("):
            name = call.name
            yield Hit(
                call.first, tr(WHY_SHAPE_CALL, name=name), (replace(source, call.first, call.first, f"{name}="),)
            )


RULES = (
    Rule("input-argument", "warning", "input shape on a layer", (), find_input_arguments),
    Rule("embedding-input-length", "warning", "Embedding(input_length=) deprecated", (), find_embedding_input_length),
    Rule("keras1-argument", "error", "Keras 1 argument name", ("TypeError", "ValueError"), find_keras1_arguments),
    Rule(
        "renamed-layer",
        "error",
        "layer renamed or removed",
        ("AttributeError", "ImportError", "NameError"),
        find_renamed_layers,
    ),
    Rule("keras1-kernel", "error", "Keras 1 kernel size", (), find_keras1_kernel),
    Rule("merge-layer", "error", "Merge/merge removed", ("AttributeError", "ImportError", "NameError"), find_merge),
    Rule("size-given-twice", "error", "layer size given twice", ("TypeError",), find_size_given_twice),
    Rule("shape-called", "error", "input_shape( missing =", ("NameError",), find_shape_called),
)
