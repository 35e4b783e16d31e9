"""Exercises with instant, deep-learning-aware feedback, at the end of every lesson.

``kteach.check("01.3", model)`` prints one sentence about the learner's own object ("the model
has 3 Dense layers; the exercise asks for 4") and returns a verdict that is true when solved;
``kteach.hint`` climbs a ladder of hints, ``kteach.solution`` shows the reference cell, and
``kteach.progress`` tabulates what was tried and solved. Everything ships inside the package
(no test folder to download), so it works offline, on Colab and on Binder.

For teachers: each lesson's exercises, hints, solutions and checks are in
``kteach/exercises/lessons/lessonNN.py``; ``python -m kteach.exercises check-solutions`` proves
every reference solution passes its own check and every recorded mistake is turned down.
"""

from kteach.exercises.runner import Verdict, check, hint, progress, solution

__all__ = ["Verdict", "check", "hint", "progress", "solution"]
