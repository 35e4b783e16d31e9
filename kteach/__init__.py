"""kteach: helpers for the Keras 3 lessons in ``notebooks/``.

Public names are imported lazily, so ``import kteach`` stays fast and loading a
dataset does not pull in TensorFlow.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "quick_mode": "settings",
    "seed_everything": "settings",
    "versions": "settings",
    "set_language": "fonts",
    "get_language": "i18n",
    "load_mnist": "datasets",
    "load_fashion_mnist": "datasets",
    "load_imdb": "datasets",
    "class_names": "datasets",
    "imdb_word_index": "datasets",
    "decode_review": "datasets",
    "review_words": "datasets",
    "encode_review": "datasets",
    "LiveHistory": "live",
    "live_history": "live",
    "plot_history": "plots",
    "diagnose_fit": "diagnosis",
    "show_predictions": "plots",
    "confusion_matrix": "plots",
    "compare_runs": "plots",
    "run_table": "plots",
    "show_model": "diagram",
    "Hyperparameters": "training",
    "Trainer": "training",
    "HyperparameterPanel": "panel",
    "show_image_rows": "images",
    "conv_filters": "images",
    "show_filters": "images",
    "feature_maps": "images",
    "show_feature_maps": "images",
    "doctor": "doctor",
    "compare_backends": "backends",
    "check": "exercises",
    "hint": "exercises",
    "solution": "exercises",
    "progress": "exercises",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kteach' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"kteach.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
