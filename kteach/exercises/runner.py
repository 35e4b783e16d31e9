"""What a learner calls: ``check``, ``hint``, ``solution`` and ``progress``.

A check never raises on the learner's answer: whatever it is, the learner gets one sentence
about it, and the progress file records the attempt. Only a wrong ``exercise_id`` (a typo in
the cell, not in the answer) is an error, naming the ids that exist.
"""

from __future__ import annotations

from dataclasses import dataclass

import kteach.exercises.store as saved
from kteach.exercises.answers import first_line
from kteach.exercises.exercise import Exercise, NotYet, difficulty_text
from kteach.exercises.registry import find, lesson_modules
from kteach.formatting import display_width
from kteach.i18n import tr


@dataclass(frozen=True)
class Verdict:
    """The outcome of ``kteach.check``: true when solved, with the sentence that was printed.

    It compares equal to True or False and shows nothing more in a notebook (the sentence is
    already printed), so a cell ending with ``kteach.check(...)`` prints one line only.
    """

    exercise_id: str
    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __eq__(self, other: object) -> bool:
        if isinstance(other, bool):
            return self.passed == other
        return isinstance(other, Verdict) and (self.exercise_id, self.passed, self.message) == (other.exercise_id, other.passed, other.message)

    def __hash__(self) -> int:
        return hash(self.passed)

    def __repr__(self) -> str:
        return repr(self.passed)

    def _ipython_display_(self) -> None:
        """Show nothing: ``check`` has printed the verdict already."""


def check(exercise_id: str, answer: object = ..., *context: object) -> Verdict:
    """Check ``answer`` to exercise ``exercise_id``, print one sentence and return the verdict.

    Args:
        exercise_id: ``"NN.k"`` as written in the lesson, e.g. ``"01.3"``.
        answer: what the exercise asks for (a model, a number, a history, ...); ``...`` means
            not answered yet.
        context: the lesson variables the exercise names after the answer (e.g. ``X_test, Y_test``).

    Raises:
        TypeError, ValueError: ``exercise_id`` is not an exercise (never for the answer).
    """
    exercise = find(exercise_id)
    attempted = answer is not ...
    try:
        passed, message = True, _judge(exercise, answer, context)
    except NotYet as problem:
        passed, message = False, str(problem)
    except Exception as error:  # a learner's object can fail in any way: say how, never raise
        passed, message = False, tr("your answer could not be checked: {error}", error=first_line(error))
    if attempted:
        saved.update(exercise.id, tried=1, solved=passed)
    if passed:
        line = tr("[{id}] solved: {message}", id=exercise.id, message=message)
    else:
        line = tr("[{id}] not yet: {message}", id=exercise.id, message=message)
    print(line)
    return Verdict(exercise.id, passed, line)


def _judge(exercise: Exercise, answer: object, context: tuple) -> str:
    """Run the exercise's check, after the problems every exercise shares: no answer, missing context."""
    if answer is ...:
        raise NotYet(tr("replace the ... with your answer and run the cell again (kteach.hint(\"{id}\") gives a hint)", id=exercise.id))
    if answer is None:
        raise NotYet(
            tr("your answer is None: is the variable assigned? (compile() returns None, so write model.compile(...), not model = model.compile(...))")
        )
    if len(context) != len(exercise.context):
        call = ", ".join(("answer", *exercise.context))
        raise NotYet(tr("this check needs {count} values after the id: kteach.check(\"{id}\", {call})", count=1 + len(exercise.context), id=exercise.id, call=call))
    return exercise.check(answer, *context)


def hint(exercise_id: str) -> None:
    """Print the next hint of the exercise's ladder (each more direct); then point to the solution."""
    exercise = find(exercise_id)
    used = saved.entry(exercise.id)["hints"]
    if used >= len(exercise.hints):
        print(tr("No more hints for {id}: kteach.solution(\"{id}\") shows the reference solution.", id=exercise.id))
        return
    saved.update(exercise.id, hints=1)
    print(tr("Hint {n} of {total} for {id}: {text}", n=used + 1, total=len(exercise.hints), id=exercise.id, text=exercise.hints[used]))


def solution(exercise_id: str) -> None:
    """Print the reference solution once every hint was used, or when asked a second time."""
    exercise = find(exercise_id)
    entry = saved.entry(exercise.id)
    left = len(exercise.hints) - entry["hints"]
    saved.update(exercise.id, solution_asked=1)
    if left > 0 and not entry["solution_asked"]:
        print(
            tr(
                "The solution gives {id} away, and {left} hints are left: try kteach.hint(\"{id}\") first. Run kteach.solution(\"{id}\") again to see it anyway.",
                id=exercise.id,
                left=left,
            )
        )
        return
    print(tr("Reference solution of {id}:", id=exercise.id))
    print(exercise.solution.strip())


def progress() -> None:
    """Print, per lesson, each exercise's difficulty and whether it was tried, solved, and with how many hints."""
    everything = saved.load()
    headers = [tr("exercise"), tr("difficulty"), tr("tried"), tr("solved"), tr("hints")]
    for number, module in lesson_modules().items():
        rows = []
        for exercise in module.exercises():
            entry = everything.get(exercise.id, {})
            solved = tr("yes") if entry.get("solved") else "-"
            rows.append([exercise.id, difficulty_text(exercise.difficulty), str(entry.get("tried", 0)), solved, f"{entry.get('hints', 0)}/{len(exercise.hints)}"])
        done = sum(1 for exercise in module.exercises() if everything.get(exercise.id, {}).get("solved"))
        print(tr("Lesson {lesson}: {done} of {count} solved", lesson=number, done=done, count=len(rows)))
        print(_table([headers, *rows]))
        print()
    print(tr("(saved in {path})", path=saved.progress_path()))


def _table(rows: list[list[str]]) -> str:
    """Rows as left-aligned text columns, Chinese headers included."""
    widths = [max(display_width(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join("  ".join(cell + " " * (width - display_width(cell)) for cell, width in zip(row, widths)).rstrip() for row in rows)
