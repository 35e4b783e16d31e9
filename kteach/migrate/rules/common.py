"""Facts several rules share: where Keras lives and what looks like a Keras model.

Introduced with ``kteach.migrate`` (issue 6).
"""

from __future__ import annotations

from kteach.migrate.source import Call, Source

# ``tf.keras``/``tensorflow.keras`` is Keras 3 too, behind a shim that still
# carries some Keras 2 APIs (keras.backend.mean, preprocessing.text).
KERAS_ROOTS: tuple[tuple[str, ...], ...] = (("tensorflow", "keras"), ("tf", "keras"), ("keras",))
MODEL_FACTORIES = frozenset({"Sequential", "Model", "load_model", "model_from_json", "clone_model"})
FIT_METHODS = frozenset({"fit", "fit_generator"})


def keras_rest(parts: tuple[str, ...]) -> tuple[tuple[str, ...], int] | None:
    """Split ``tensorflow.keras.layers.core`` into ``(("layers", "core"), 2)``; None if not Keras."""
    for root in KERAS_ROOTS:
        if parts[: len(root)] == root:
            return parts[len(root) :], len(root)
    return None


def via_tf_keras(dotted: str) -> bool:
    """True for names reached through ``tensorflow.keras``/``tf.keras`` (the legacy shim)."""
    return dotted.startswith(("tensorflow.keras", "tf.keras"))


def resolve(source: Source, parts: tuple[str, ...]) -> tuple[str, ...]:
    """Expand an imported first name: ``K.mean`` -> ``keras.backend.mean`` when ``import keras.backend as K``."""
    origin = source.origin(parts[0])
    return tuple(origin.split(".")) + parts[1:] if origin else parts


def is_keras_callee(source: Source, call: Call, names: frozenset[str], module: str) -> bool:
    """Whether ``call`` calls one of ``names`` from Keras module ``module`` (e.g. ``"optimizers"``).

    ``SGD(...)`` counts if ``SGD`` is imported from Keras or not imported here
    (a fragment); ``optimizers.SGD(...)`` counts; ``torch.optim.SGD`` does not.
    """
    if call.name not in names or call.on_expression:
        return False
    parts = resolve(source, call.callee)
    if len(parts) == 1:
        return True
    rest = keras_rest(parts)
    return (rest is not None and rest[0][:-1] == (module,)) or call.receiver == (module,)


def from_keras_module(source: Source, call: Call, module: str) -> bool:
    """Whether ``call`` is known to call something from Keras module ``module`` (``layers.Dense(...)``).

    Unlike :func:`is_keras_callee`, a bare name that this code does not import
    does not count: its origin is unknown.
    """
    parts = resolve(source, call.callee)
    rest = keras_rest(parts)
    return (rest is not None and rest[0][:-1] == (module,)) or (len(parts) == 2 and parts[0] == module)


def model_like(source: Source, receiver: tuple[str, ...]) -> bool:
    """Whether ``receiver`` is probably a Keras model (named ``*model*`` or made by Sequential & co.)."""
    if not receiver:
        return False
    name = receiver[-1]
    if "model" in name.lower():
        return True
    return len(receiver) == 1 and any(call.name in MODEL_FACTORIES for call in source.assigned_from.get(name, ()))


def history_like(source: Source, parts: tuple[str, ...]) -> bool:
    """Whether ``parts`` names a training history (``history.history``, ``hist = model.fit(...)``)."""
    name = parts[-1]
    if name in ("history", "hist"):
        return True
    return len(parts) == 1 and any(call.name in FIT_METHODS for call in source.assigned_from.get(name, ()))
