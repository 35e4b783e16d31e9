"""Rules for imports and modules that moved or left in Keras 3.

Keras 3 flattened its package: layers come from ``keras.layers``, helpers from
``keras.utils``; the Keras 2 submodules (``keras.layers.core``,
``keras.utils.np_utils``) are gone, so the first cell of most old tutorials
fails with ModuleNotFoundError. Introduced with ``kteach.migrate`` (issue 6).
"""

from __future__ import annotations

from collections.abc import Iterator

from kteach.i18n import N_, tr
from kteach.migrate.edits import drop_import_item, remove_statement, replace
from kteach.migrate.findings import Hit, Rule
from kteach.migrate.rules.common import keras_rest, via_tf_keras
from kteach.migrate.source import Source

_OLD_LAYER_MODULES = (
    "advanced_activations",
    "convolutional",
    "convolutional_recurrent",
    "core",
    "cudnn_recurrent",
    "embeddings",
    "local",
    "merge",
    "noise",
    "normalization",
    "pooling",
    "recurrent",
    "wrappers",
)
# old module (relative to keras) -> where its contents are in Keras 3
MOVED_MODULES = {
    **{f"layers.{name}": "layers" for name in _OLD_LAYER_MODULES},
    **{f"utils.{name}": "utils" for name in ("np_utils", "vis_utils", "generic_utils", "data_utils")},
    "engine.topology": "layers",
    "engine.base_layer": "layers",
    "engine.training": "models",
    "engine": "layers",
}
# module -> (conventional alias, Keras 3 home, names that moved there)
LEGACY_ALIASES = {
    "keras.utils.np_utils": ("np_utils", "keras.utils", frozenset({"to_categorical", "normalize"})),
    "keras.preprocessing.sequence": ("sequence", "keras.utils", frozenset({"pad_sequences"})),
}
# removed API (relative to keras) -> why (translated where it is shown)
_REMOVED_WHY = {
    "preprocessing.text": N_(
        "`keras.preprocessing.text` (Tokenizer, one_hot, text_to_word_sequence) was removed in Keras 3: "
        "use the `keras.layers.TextVectorization` layer, which learns its vocabulary with `adapt()`."
    ),
    "preprocessing.image.ImageDataGenerator": N_(
        "`ImageDataGenerator` was removed in Keras 3: load images with "
        "`keras.utils.image_dataset_from_directory` and augment them with layers such as `keras.layers.RandomFlip`."
    ),
    "preprocessing.sequence.TimeseriesGenerator": N_(
        "`TimeseriesGenerator` was removed in Keras 3: use `keras.utils.timeseries_dataset_from_array`."
    ),
    "preprocessing.sequence.skipgrams": N_("`skipgrams` was removed in Keras 3 (no replacement in Keras)."),
    "preprocessing.sequence.make_sampling_table": N_(
        "`make_sampling_table` was removed in Keras 3 (no replacement in Keras)."
    ),
}
_PYTHON2_FUTURES = frozenset(
    {
        "print_function",
        "division",
        "absolute_import",
        "unicode_literals",
        "with_statement",
        "generators",
        "nested_scopes",
    }
)


def _dotted_occurrences(source: Source) -> Iterator[tuple[tuple[str, ...], int]]:
    """Every dotted name with the index of its first token: imported modules and names, and expressions."""
    for stmt in source.imports:
        if stmt.module is not None and stmt.module_tokens is not None:
            yield tuple(stmt.module.split(".")), stmt.module_tokens[0]
        else:
            for item in stmt.names:
                yield tuple(item.name.split(".")), item.first
    for parts, first, _ in source.dotted_names:
        yield parts, first


def _moved_module(rest: tuple[str, ...]) -> tuple[str, str] | None:
    """The longest old module that ``rest`` starts with, and its Keras 3 home."""
    for size in (2, 1):
        old = ".".join(rest[:size])
        if len(rest) >= size and old in MOVED_MODULES:
            return old, MOVED_MODULES[old]
    return None


def _moved_why(module: str, old: str, home: str) -> str:
    """Why ``module`` (the Keras 2 module ``old`` under its root, e.g. ``keras.layers.core``) is gone."""
    if old.startswith("engine") and home == "layers":
        return tr(
            "`{old}` was Keras 2 internals and is gone; `Layer` and `InputSpec` are in `keras.layers`.", old=module
        )
    if home == "layers":
        return tr("Keras 3 has no `{old}` module: every layer is imported from `keras.layers` directly.", old=module)
    if home == "utils":
        return tr(
            "Keras 3 removed `{old}`; its helpers (to_categorical, plot_model, ...) are in `keras.utils`.", old=module
        )
    return tr("`{old}` was Keras 2 internals and is gone; `Model` is `keras.Model`.", old=module)


def find_moved_modules(source: Source) -> Iterator[Hit]:
    """``keras.layers.core`` & co. in imports or code -> ``keras.layers``."""
    for parts, first in _dotted_occurrences(source):
        split = keras_rest(parts)
        moved = _moved_module(split[0]) if split else None
        if split is None or moved is None:
            continue
        old, new = moved
        start = first + 2 * split[1]  # tokens alternate name, dot
        end = start + 2 * (old.count(".") + 1) - 2
        root = ".".join(parts[: split[1]])
        why = _moved_why(f"{root}.{old}", old, new)
        yield Hit(start, why, (replace(source, start, end, new),))


def _is_module(origin: str, module: str) -> bool:
    """Whether an import origin is ``module``, reached through ``keras`` or ``tensorflow.keras``."""
    return origin.removeprefix("tensorflow.") == module


def _legacy_alias_hits(source: Source, module: str, why: str) -> Iterator[Hit]:
    """Imports of a legacy module as a name, and its ``alias.function(...)`` uses, for one module.

    A fragment may use the conventional alias (``np_utils``) imported in an
    earlier cell; it counts only if every use is a function that moved.
    """
    alias, home, moved = LEGACY_ALIASES[module]
    imported = {name for name, origin in source.bindings.items() if _is_module(origin, module)}
    names = imported or ({alias} if alias not in source.bindings else set())
    uses = [(parts, first) for parts, first, _ in source.dotted_names if len(parts) >= 2 and parts[0] in names]
    if any(parts[1] not in moved for parts, _ in uses):
        return  # something else of the module is used (or ``sequence`` is the learner's own variable)
    for stmt in source.imports:
        for item in stmt.names:
            if item.bound in imported and _is_module(stmt.origin(item), module):
                yield Hit(item.first, why, drop_import_item(source, stmt, item), needs=("keras",))
    for _, first in uses:
        yield Hit(first, why, (replace(source, first, first, home),), needs=("keras",))


def find_np_utils(source: Source) -> Iterator[Hit]:
    """``from keras.utils import np_utils`` and ``np_utils.to_categorical`` -> ``keras.utils``."""
    why = tr(
        "Keras 3 removed `keras.utils.np_utils`: call `keras.utils.to_categorical(...)` directly "
        "(it takes the same arguments)."
    )
    yield from _legacy_alias_hits(source, "keras.utils.np_utils", why)


def find_preprocessing_sequence(source: Source) -> Iterator[Hit]:
    """``keras.preprocessing.sequence.pad_sequences`` -> ``keras.utils.pad_sequences``."""
    why = tr(
        "`pad_sequences` lives in `keras.utils` in Keras 3; `keras.preprocessing.sequence` is kept only "
        "for old code and lost everything else it had."
    )
    yield from _legacy_alias_hits(source, "keras.preprocessing.sequence", why)
    for stmt in source.imports:
        split = keras_rest(tuple((stmt.module or "").split(".")))
        if split is None or split[0] != ("preprocessing", "sequence"):
            continue
        if [item.name for item in stmt.names] == ["pad_sequences"]:
            yield Hit(stmt.first, why, (replace(source, stmt.first, stmt.module_tokens[1], "from keras.utils"),))


def _removed_why(dotted: str, names: tuple[str, ...]) -> str | None:
    """Why the Keras 2 API ``dotted`` (or one of ``names`` imported from it) is gone, if it is."""
    split = keras_rest(tuple(dotted.split(".")))
    if split is None:
        return None
    rest = ".".join(split[0])
    for key, why in _REMOVED_WHY.items():
        if rest == key or rest.startswith(key + ".") or any(f"{rest}.{name}" == key for name in names):
            return tr(why)
    return None


def find_removed_preprocessing(source: Source) -> Iterator[Hit]:
    """Imports of Tokenizer, ImageDataGenerator, TimeseriesGenerator & co., which Keras 3 dropped."""
    for stmt in source.imports:
        if stmt.module is not None:
            candidates = [(stmt.module, tuple(item.name for item in stmt.names))]
        else:
            candidates = [(item.name, ()) for item in stmt.names]
        for module, names in candidates:
            why = _removed_why(module, names)
            if why is not None:
                legacy = via_tf_keras(module)
                if legacy:
                    why += tr(
                        " Through `tensorflow.keras` it still imports, from a compatibility layer that new code "
                        "should not use."
                    )
                yield Hit(stmt.first, why, severity="warning" if legacy else None)


def find_scikit_learn_wrapper(source: Source) -> Iterator[Hit]:
    """``keras.wrappers.scikit_learn`` -> the separate ``scikeras`` package."""
    why = tr(
        "The scikit-learn wrappers left Keras: `pip install scikeras`, then "
        "`from scikeras.wrappers import KerasClassifier, KerasRegressor`."
    )
    for stmt in source.imports:
        split = keras_rest(tuple((stmt.module or "").split(".")))
        if split is not None and split[0] == ("wrappers", "scikit_learn"):
            edit = replace(source, stmt.module_tokens[0], stmt.module_tokens[1], "scikeras.wrappers")
            yield Hit(stmt.first, why, (edit,), auto=False)


def find_future_imports(source: Source) -> Iterator[Hit]:
    """``from __future__ import print_function`` is a no-op in Python 3: drop it."""
    why = tr(
        "Python 2 compatibility: Python 3 (which Keras 3 needs) always behaves this way, so the import does nothing."
    )
    for stmt in source.imports:
        if stmt.module != "__future__":
            continue
        old = [item for item in stmt.names if item.name in _PYTHON2_FUTURES]
        if not old:
            continue
        if len(old) == len(stmt.names):
            yield Hit(stmt.first, why, (remove_statement(source, stmt.first, stmt.last),))
        else:
            kept = ", ".join(item.name for item in stmt.names if item not in old)
            yield Hit(stmt.first, why, (replace(source, stmt.first, stmt.last, f"from __future__ import {kept}"),))


RULES = (
    Rule(
        "moved-module",
        "error",
        "module moved",
        ("ModuleNotFoundError", "ImportError", "AttributeError"),
        find_moved_modules,
    ),
    Rule(
        "np-utils",
        "error",
        "keras.utils.np_utils removed",
        ("ImportError", "NameError", "AttributeError"),
        find_np_utils,
    ),
    Rule("preprocessing-sequence", "warning", "pad_sequences moved to keras.utils", (), find_preprocessing_sequence),
    Rule(
        "removed-preprocessing",
        "error",
        "preprocessing API removed",
        ("ModuleNotFoundError", "ImportError"),
        find_removed_preprocessing,
    ),
    Rule(
        "scikit-learn-wrapper",
        "error",
        "scikit-learn wrappers moved to scikeras",
        ("ModuleNotFoundError",),
        find_scikit_learn_wrapper,
    ),
    Rule("future-import", "warning", "Python 2 __future__ import", (), find_future_imports),
)
