"""What an exercise is: its id, difficulty, check, hint ladder, reference solution and known mistakes.

A lesson's exercises are plain data (``kteach/exercises/lessons/lessonNN.py``); this module holds
only their shape, so a teacher adds an exercise by adding one ``Exercise(...)`` to a list.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kteach.i18n import tr

EASY, MEDIUM, HARD = "easy", "medium", "hard"
DIFFICULTIES = (EASY, MEDIUM, HARD)


class NotYet(Exception):
    """Raised by a check when the learner's answer is not right yet; the message says what to change."""


@dataclass(frozen=True)
class Mistake:
    """A wrong answer learners really give: a cell producing it, and words its verdict must contain.

    ``code`` runs after the lesson's ``SETUP`` and ends with ``kteach.check(...)``, like a learner's
    cell; ``says`` is part of the English "not yet" message the check must answer with.
    """

    code: str
    says: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: what ``kteach.check``, ``kteach.hint`` and ``kteach.solution`` need to know.

    Attributes:
        id: ``"NN.k"``, the lesson number and the exercise's place in that lesson.
        difficulty: ``"easy"``, ``"medium"`` or ``"hard"``.
        check: ``check(answer, *context) -> str``: returns what is right (one sentence) or raises
            :class:`NotYet` with the first thing that is wrong, in words about the learner's object.
        hints: 2-3 hints, each more direct than the one before; the last is nearly the answer.
        solution: the reference cell, ending with the same ``kteach.check(...)`` call as the starter.
        context: names of the lesson variables the check needs after the answer (``"X_test"``).
        mistakes: at least two wrong answers the check must reject, for the tests.
    """

    id: str
    difficulty: str
    check: Callable[..., str]
    hints: tuple[str, ...]
    solution: str
    context: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()

    @property
    def lesson(self) -> str:
        """The lesson number, ``"01"`` for ``"01.3"``."""
        return self.id.split(".")[0]


def difficulty_text(difficulty: str) -> str:
    """The difficulty as the learner reads it, in the current language."""
    texts = {EASY: tr("easy"), MEDIUM: tr("medium"), HARD: tr("hard")}
    return texts.get(difficulty, difficulty)


def run_cell(code: str, namespace: dict[str, Any]) -> Any:
    """Execute ``code`` as a notebook cell in ``namespace`` and return its last expression's value.

    check-solutions and the tests run reference solutions and recorded mistakes this way, so a
    solution is checked exactly as a learner would run it.
    """
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<exercise cell>", "exec"), namespace)  # noqa: S102 - the package's own cells
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), "<exercise cell>", "eval"), namespace)  # noqa: S307
