"""Where the exercises live: one module per lesson in ``kteach/exercises/lessons/``.

A lesson module defines ``SETUP`` (the lesson variables its reference solutions use, as code)
and ``exercises()``, which returns its :class:`Exercise` list. It is a function so hints and
messages are translated when asked for, in the language chosen at that moment.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from kteach.exercises import lessons
from kteach.exercises.exercise import Exercise
from kteach.i18n import tr


def lesson_modules() -> dict[str, ModuleType]:
    """``{"01": module, ...}`` for every ``lessonNN`` module, in lesson order."""
    names = sorted(info.name for info in pkgutil.iter_modules(lessons.__path__) if info.name.startswith("lesson"))
    return {name.removeprefix("lesson"): importlib.import_module(f"{lessons.__name__}.{name}") for name in names}


def all_exercises() -> list[Exercise]:
    """Every exercise of every lesson, in order."""
    return [exercise for module in lesson_modules().values() for exercise in module.exercises()]


def find(exercise_id: object) -> Exercise:
    """Return the exercise called ``exercise_id``.

    Raises:
        TypeError: ``exercise_id`` is not a string.
        ValueError: no exercise has that id; the message lists the lesson's ids.
    """
    if not isinstance(exercise_id, str):
        raise TypeError(tr("exercise_id must be a str such as \"01.3\"; got {kind}", kind=type(exercise_id).__name__))
    module = lesson_modules().get(exercise_id.split(".")[0])
    known = module.exercises() if module else all_exercises()
    for exercise in known:
        if exercise.id == exercise_id:
            return exercise
    raise ValueError(
        tr("no exercise {id!r}; exercise_id must be one of {ids}", id=exercise_id, ids=", ".join(exercise.id for exercise in known))
    )
