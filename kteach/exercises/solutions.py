"""Proving the exercises: every reference solution passes its check, every recorded mistake fails it.

Used by ``python -m kteach.exercises check-solutions`` and by the tests. A lesson's ``SETUP``
runs once, then each cell runs in a copy of that namespace, as a learner's cell would.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from kteach.exercises import store
from kteach.exercises.exercise import Exercise, run_cell
from kteach.exercises.registry import lesson_modules
from kteach.exercises.runner import Verdict


@dataclass(frozen=True)
class Outcome:
    """What one cell did: the verdict it returned and the text it printed."""

    verdict: Any
    printed: str


def lesson_namespace(module: ModuleType) -> dict[str, Any]:
    """Run a lesson's ``SETUP`` and return the variables it defines (its output is discarded)."""
    namespace: dict[str, Any] = {}
    with contextlib.redirect_stdout(io.StringIO()):
        run_cell(module.SETUP, namespace)
    return namespace


def run(code: str, namespace: dict[str, Any]) -> Outcome:
    """Run an exercise cell in a copy of ``namespace`` without recording progress."""
    printed = io.StringIO()
    with store.not_recorded(), contextlib.redirect_stdout(printed):
        try:
            verdict = run_cell(code, dict(namespace))
        except Exception as error:  # the cell itself is wrong: report it with the others
            verdict = None
            print(f"the cell raised {type(error).__name__}: {error}")
    return Outcome(verdict, printed.getvalue())


def problems(exercise: Exercise, namespace: dict[str, Any]) -> list[str]:
    """What is wrong with an exercise's own data: a solution that fails, a mistake that passes."""
    found = []
    outcome = run(exercise.solution, namespace)
    if not (isinstance(outcome.verdict, Verdict) and outcome.verdict.passed):
        found.append(f"{exercise.id}: the reference solution fails: {outcome.printed.strip()}")
    for mistake in exercise.mistakes:
        outcome = run(mistake.code, namespace)
        if not isinstance(outcome.verdict, Verdict) or outcome.verdict.passed or mistake.says not in outcome.printed:
            found.append(f"{exercise.id}: the mistake {mistake.code.splitlines()[0]!r} should say {mistake.says!r}; it printed {outcome.printed.strip()!r}")
    if len(exercise.mistakes) < 2:
        found.append(f"{exercise.id}: records {len(exercise.mistakes)} mistakes; each exercise needs at least 2")
    return found


def check_solutions(lessons: list[str] | None = None) -> list[str]:
    """Check every exercise of ``lessons`` (all by default), printing one line each; return the problems."""
    found = []
    for number, module in lesson_modules().items():
        if lessons and number not in lessons:
            continue
        namespace = lesson_namespace(module)
        for exercise in module.exercises():
            trouble = problems(exercise, namespace)
            print(f"{exercise.id} {'ok' if not trouble else 'FAILED'}")
            found.extend(trouble)
    return found
