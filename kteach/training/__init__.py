"""Train a model with chosen settings, run after run, and keep every run.

The plain-Python layer under :class:`kteach.HyperparameterPanel` (no widgets
here), one job per module:

- :mod:`~kteach.training.hyperparameters`: a run's settings, lesson 01's typed
  :class:`Hyperparameters` or free-form :class:`FreeParams`;
- :mod:`~kteach.training.mlp`: :func:`build_mlp` builds the lesson-01 model family,
  :func:`mlp_code` writes it out as plain Keras code;
- :mod:`~kteach.training.data`: :func:`prepare_data` checks the data and one-hot encodes labels;
- :mod:`~kteach.training.records`: :class:`RunRecord`, one run's settings, curves and results,
  and :class:`RunCallback`, which records them during ``fit``;
- :mod:`~kteach.training.trainer`: the :class:`Trainer`, which trains, can be stopped from
  another thread, and records each run.

Introduced in lesson 02, where the learner changes one hyperparameter at a time; lesson 07
trains its own models through the same :class:`Trainer`.
"""

from kteach.training.data import Data, prepare_data
from kteach.training.hyperparameters import (
    OPTIMIZERS,
    VALIDATION_SPLIT,
    FreeParams,
    Hyperparameters,
    describe_params,
)
from kteach.training.mlp import build_mlp, make_optimizer, mlp_code
from kteach.training.records import RunCallback, RunRecord
from kteach.training.trainer import BuildFunction, Trainer

__all__ = [
    "OPTIMIZERS",
    "VALIDATION_SPLIT",
    "BuildFunction",
    "Data",
    "FreeParams",
    "Hyperparameters",
    "RunCallback",
    "RunRecord",
    "Trainer",
    "build_mlp",
    "describe_params",
    "make_optimizer",
    "mlp_code",
    "prepare_data",
]
