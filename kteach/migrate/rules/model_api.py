"""Rules for Model methods that Keras 3 removed, renamed or made stricter.

Lesson 01 predicts with ``np.argmax(model.predict(x), axis=-1)`` and saves to
``.keras`` / ``.weights.h5`` files where the tutorials used ``predict_classes``
and ``.h5``. Introduced with ``kteach.migrate`` (issue 6).
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterator

from kteach.i18n import N_, tr
from kteach.migrate.edits import Edit, replace, with_tail
from kteach.migrate.findings import Hit, Rule
from kteach.migrate.rules.common import model_like
from kteach.migrate.source import Arg, Call, Source

GENERATOR_METHODS = {"fit_generator": "fit", "evaluate_generator": "evaluate", "predict_generator": "predict"}
_QUEUE_OPTIONS = frozenset({"workers", "use_multiprocessing", "max_queue_size"})
_MULTI_CLASS = frozenset({"softmax", "categorical_crossentropy", "sparse_categorical_crossentropy"})
_BINARY = frozenset({"sigmoid", "binary_crossentropy"})
WEIGHTS_SUFFIX = ".weights.h5"
_LEGACY_SUFFIXES = (".h5", ".hdf5")


# why ``predict_classes`` becomes ``np.argmax(predict(...))``
WHY_PREDICT_CLASSES = N_(
    "Keras 3 models have no `predict_classes` (removed in TF 2.6): `predict` returns probabilities, so take "
    "`np.argmax(..., axis=-1)` for a softmax output, or `(... > 0.5)` for a single sigmoid output."
)
# why ``predict_proba`` is ``predict``
WHY_PREDICT_PROBA = N_("Keras 3 models have no `predict_proba`: `predict` already returns the probabilities.")
# why ``to_jason`` & co. are ``to_json``
WHY_TO_JSON = N_("`{name}` is a typo of `to_json`; Keras raises AttributeError: the model has no attribute `{name}`.")
# why ``to_yaml``/``model_from_yaml`` have no line-level fix
WHY_YAML = N_("Keras 3 removed YAML (`to_yaml`, `model_from_yaml`) for safety: save the architecture with `to_json()`.")
# why saving a model to ``.h5`` is legacy
WHY_SAVE_H5 = N_(
    "Keras 3 still writes `.h5` files but calls HDF5 legacy; its own format is a single `.keras` file "
    "(read back with `keras.models.load_model`)."
)
# why saving a model under a name with no suffix fails
WHY_SAVE_NO_SUFFIX = N_(
    "Keras 2 wrote a TensorFlow SavedModel folder for this name; Keras 3's `save` raises ValueError unless the "
    "name ends in `.keras` (use `model.export(...)` for a SavedModel)."
)
# why a weights file name must end in ``.weights.h5``
WHY_SAVE_WEIGHTS = N_(
    "Keras 3 saves weights only to a file whose name ends in `.weights.h5` and raises ValueError otherwise; "
    "load them back under the same name."
)
# why a weights-only checkpoint name must end in ``.weights.h5``
WHY_CHECKPOINT_WEIGHTS = N_(
    "With `save_weights_only=True`, Keras 3's ModelCheckpoint needs a name ending in `.weights.h5` "
    "(ValueError otherwise)."
)
# why a whole-model checkpoint name must end in ``.keras``
WHY_CHECKPOINT_MODEL = N_(
    "Keras 3's ModelCheckpoint saves whole models only to `.keras` (or legacy `.h5`) files and raises "
    "ValueError for others."
)


# why ``fit_generator`` & co. are ``fit`` & co.; the second sentence when renaming the method is not enough
WHY_GENERATOR = N_("Keras 3 removed `{old}`: `{new}` takes generators, tf.data datasets and `keras.utils.PyDataset` directly.")
WHY_GENERATOR_BY_HAND = N_(
    " Here it needs a hand: pass arguments after the first by name, and move `workers`/`use_multiprocessing`/"
    "`max_queue_size` into a `keras.utils.PyDataset`."
)


def _why_load_weights(value: str, target: str) -> str:
    """Why ``load_weights(value)`` fails when the weights are saved as ``target``: a Keras 3 name, another case."""
    renamed, recased = weights_name(value) != value, weights_name(value) != target
    if renamed and recased:
        return tr(
            "This loads {value!r}, but the weights are saved as {target!r} (Keras 3 adds `.weights.h5`) and file "
            "names are case-sensitive on Linux (Colab, most servers): it would fail with FileNotFoundError.",
            value=value,
            target=target,
        )
    if renamed:
        return tr(
            "This loads {value!r}, but the weights are saved as {target!r} (Keras 3 adds `.weights.h5`): "
            "it would fail with FileNotFoundError.",
            value=value,
            target=target,
        )
    return tr(
        "This loads {value!r}, but file names are case-sensitive on Linux (Colab, most servers): "
        "it would fail with FileNotFoundError.",
        value=value,
    )


def _output_kind(source: Source) -> str | None:
    """``"multi"`` for a softmax model, ``"binary"`` for a sigmoid one, None when unclear."""
    used = source.string_values | source.names
    multi, binary = bool(used & _MULTI_CLASS), bool(used & _BINARY)
    return None if multi == binary else ("multi" if multi else "binary")


def _method_calls(source: Source, name: str) -> Iterator[Call]:
    """Calls of method ``name`` on some object (``x.name(...)``)."""
    return (call for call in source.calls if call.name == name and (call.receiver or call.on_expression))


def find_predict_classes(source: Source) -> Iterator[Hit]:
    """``model.predict_classes(x)`` -> ``np.argmax(model.predict(x), axis=-1)`` (or ``> 0.5``)."""
    kind = _output_kind(source)
    for call in _method_calls(source, "predict_classes"):
        if call.on_expression or call.close is None:
            yield Hit(call.open - 1, tr(WHY_PREDICT_CLASSES))
            continue
        receiver = ".".join(call.receiver)
        args = source.text(call.open + 1, call.close - 1) if call.close > call.open + 1 else ""
        if kind == "binary":
            fixed = f'({receiver}.predict({args}) > 0.5).astype("int32")'
        else:
            fixed = f"np.argmax({receiver}.predict({args}), axis=-1)"
        edit = replace(source, call.first, call.close, fixed)
        yield Hit(call.first, tr(WHY_PREDICT_CLASSES), (edit,), auto=kind is not None, needs=("np",))


def _rename_method(source: Source, call: Call, new: str) -> tuple[Edit, ...]:
    """The edit renaming a method call's name token."""
    return (replace(source, call.open - 1, call.open - 1, new),)


def find_predict_proba(source: Source) -> Iterator[Hit]:
    """``model.predict_proba(x)`` -> ``model.predict(x)``."""
    for call in _method_calls(source, "predict_proba"):
        if model_like(source, call.receiver):
            yield Hit(call.open - 1, tr(WHY_PREDICT_PROBA), _rename_method(source, call, "predict"))


def find_generator_methods(source: Source) -> Iterator[Hit]:
    """``fit_generator``/``evaluate_generator``/``predict_generator`` -> ``fit``/``evaluate``/``predict``."""
    for old, new in GENERATOR_METHODS.items():
        for call in _method_calls(source, old):
            simple = len(call.positional) <= 1 and not any(arg.keyword in _QUEUE_OPTIONS for arg in call.args)
            why = tr(WHY_GENERATOR, old=old, new=new) + ("" if simple else tr(WHY_GENERATOR_BY_HAND))
            yield Hit(call.open - 1, why, _rename_method(source, call, new), auto=simple)


def find_to_json_typo(source: Source) -> Iterator[Hit]:
    """``model.to_jason()`` -> ``model.to_json()``."""
    for call in source.calls:
        name = call.name
        close = difflib.SequenceMatcher(None, name.lower(), "to_json").ratio() >= 0.8
        if name != "to_json" and close and model_like(source, call.receiver):
            yield Hit(call.open - 1, tr(WHY_TO_JSON, name=name), _rename_method(source, call, "to_json"))


def find_yaml(source: Source) -> Iterator[Hit]:
    """``model.to_yaml()`` / ``model_from_yaml(...)``: gone, no line-level fix."""
    for call in source.calls:
        if call.name == "model_from_yaml" or (call.name == "to_yaml" and model_like(source, call.receiver)):
            yield Hit(call.open - 1, tr(WHY_YAML))


def _path_arg(call: Call, position: int) -> Arg | None:
    """The file-path argument of ``call``: ``filepath=`` or the positional one at ``position``."""
    arg = call.keyword("filepath")
    if arg is None and len(call.positional) > position:
        arg = call.positional[position]
    return arg


def _string_path(source: Source, call: Call, position: int) -> tuple[Arg, str] | tuple[None, None]:
    """The path argument and its value, when it is a plain string literal."""
    arg = _path_arg(call, position)
    value = source.value_literal(arg) if arg is not None else None
    return (arg, value) if isinstance(value, str) else (None, None)


def _retail(source: Source, arg: Arg, old: str, new: str) -> tuple[Edit, ...]:
    """The edit changing the end of a path literal from ``old`` to ``new`` (none if it cannot)."""
    text = with_tail(source.tokens[arg.value].text, old, new)
    return (replace(source, arg.value, arg.value, text),) if text is not None else ()


def _model_path(source: Source, arg: Arg, value: str) -> tuple[Edit, ...]:
    """The edit making a path literal end in ``.keras``: its suffix replaced, or one added."""
    if value.endswith("/"):
        return ()  # a folder: no file name to suggest
    return _retail(source, arg, posixpath.splitext(value)[1], ".keras")


def weights_name(value: str) -> str:
    """The Keras 3 weights file for a Keras 2 name (``w.h5`` -> ``w.weights.h5``)."""
    for suffix in _LEGACY_SUFFIXES:
        if value.endswith(suffix) and not value.endswith(WEIGHTS_SUFFIX):
            return value[: -len(suffix)] + WEIGHTS_SUFFIX
    return value if value.endswith(WEIGHTS_SUFFIX) else value + WEIGHTS_SUFFIX


def _weights_edit(source: Source, arg: Arg, value: str, target: str) -> tuple[Edit, ...]:
    """The edit turning the path literal ``value`` into ``target``."""
    common = len(posixpath.commonprefix([value, target]))
    return _retail(source, arg, value[common:], target[common:])


def _save_calls(source: Source) -> Iterator[tuple[Call, int]]:
    """Calls that save a whole model, with the position of their path argument."""
    for call in source.calls:
        if call.name == "save" and model_like(source, call.receiver):
            yield call, 0
        elif call.name == "save_model" and call.receiver[-1:] in ((), ("models",), ("saving",)):
            yield call, 1


def find_save_format(source: Source) -> Iterator[Hit]:
    """``model.save('m.h5')`` (legacy) and ``model.save('m')`` (error) -> ``'m.keras'``."""
    for call, position in _save_calls(source):
        arg, value = _string_path(source, call, position)
        if arg is None or value.endswith(".keras"):
            continue
        if value.endswith(_LEGACY_SUFFIXES):
            yield Hit(arg.value, tr(WHY_SAVE_H5), _model_path(source, arg, value), auto=False, severity="warning")
        else:
            yield Hit(arg.value, tr(WHY_SAVE_NO_SUFFIX), _model_path(source, arg, value))


def _saved_weights(source: Source) -> Iterator[tuple[Arg, str]]:
    """The string paths given to ``save_weights``."""
    for call in _method_calls(source, "save_weights"):
        arg, value = _string_path(source, call, 0)
        if arg is not None:
            yield arg, value


def find_save_weights_name(source: Source) -> Iterator[Hit]:
    """``model.save_weights('w.h5')`` -> ``'w.weights.h5'``."""
    for arg, value in _saved_weights(source):
        if not value.endswith(WEIGHTS_SUFFIX):
            yield Hit(arg.value, tr(WHY_SAVE_WEIGHTS), _weights_edit(source, arg, value, weights_name(value)))


def find_load_weights_name(source: Source) -> Iterator[Hit]:
    """``load_weights`` of a file this code saved under another (Keras 3 or case-fixed) name."""
    saved = {weights_name(value).lower(): weights_name(value) for _, value in _saved_weights(source)}
    for call in _method_calls(source, "load_weights"):
        arg, value = _string_path(source, call, 0)
        target = saved.get(weights_name(value).lower()) if arg is not None else None
        if target is None or target == value:
            continue
        yield Hit(arg.value, _why_load_weights(value, target), _weights_edit(source, arg, value, target))


def find_checkpoint_path(source: Source) -> Iterator[Hit]:
    """``ModelCheckpoint('w.hdf5')`` -> ``.keras``, or ``.weights.h5`` with ``save_weights_only=True``."""
    for call in source.calls:
        if call.name != "ModelCheckpoint":
            continue
        arg, value = _string_path(source, call, 0)
        weights_only = call.keyword("save_weights_only")
        if arg is None:
            continue
        if weights_only is not None and source.text(weights_only.value, weights_only.last) == "True":
            if not value.endswith(WEIGHTS_SUFFIX):
                yield Hit(arg.value, tr(WHY_CHECKPOINT_WEIGHTS), _weights_edit(source, arg, value, weights_name(value)))
        elif not value.endswith((".keras", ".h5")):
            yield Hit(arg.value, tr(WHY_CHECKPOINT_MODEL), _model_path(source, arg, value))


RULES = (
    Rule("predict-classes", "error", "predict_classes removed", ("AttributeError",), find_predict_classes),
    Rule("predict-proba", "error", "predict_proba removed", ("AttributeError",), find_predict_proba),
    Rule("generator-methods", "error", "*_generator methods removed", ("AttributeError",), find_generator_methods),
    Rule("to-json-typo", "error", "typo of to_json", ("AttributeError",), find_to_json_typo),
    Rule("yaml-removed", "error", "YAML support removed", ("AttributeError", "ImportError", "RuntimeError"), find_yaml),
    Rule("save-format", "error", "model file format", ("ValueError",), find_save_format),
    Rule("save-weights-name", "error", "weights need .weights.h5", ("ValueError",), find_save_weights_name),
    Rule(
        "load-weights-name",
        "error",
        "weights file name differs",
        ("FileNotFoundError", "OSError", "ValueError"),
        find_load_weights_name,
    ),
    Rule("checkpoint-path", "error", "ModelCheckpoint file name", ("ValueError",), find_checkpoint_path),
)
