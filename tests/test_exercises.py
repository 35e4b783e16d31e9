"""kteach.exercises: every solution passes, every recorded mistake is turned down, garbage never raises.

The lessons' exercise data is run exactly as a learner's cells would be: a lesson's ``SETUP``
once (in quick mode, on the shipped samples), then each cell in a copy of its namespace.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import keras
import numpy as np
import pytest

import kteach
from kteach.exercises import store
from kteach.exercises.exercise import DIFFICULTIES, Exercise, Mistake, run_cell
from kteach.exercises.registry import all_exercises, find, lesson_modules
from kteach.exercises.runner import Verdict, check, hint, progress, solution
from kteach.exercises.solutions import lesson_namespace, problems, run

EXERCISES = all_exercises()
IDS = [exercise.id for exercise in EXERCISES]
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.fixture(autouse=True)
def progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its progress in its own file, never in the user's ~/.kteach."""
    path = tmp_path / "kteach" / "progress.json"
    monkeypatch.setenv(store.PROGRESS_ENV, str(path))
    monkeypatch.setitem(store._state, "warned", False)
    return path


@pytest.fixture(scope="module")
def namespaces() -> dict[str, dict]:
    """Each lesson's SETUP variables, made once for the whole module (the data loads are the slow part)."""
    keras.utils.set_random_seed(0)
    return {number: lesson_namespace(module) for number, module in lesson_modules().items()}


def test_every_lesson_has_four_to_six_exercises_from_easy_to_hard():
    for number, module in lesson_modules().items():
        exercises = module.exercises()
        assert 4 <= len(exercises) <= 6, number
        assert [exercise.id for exercise in exercises] == [f"{number}.{k}" for k in range(1, len(exercises) + 1)]
        ranks = [DIFFICULTIES.index(exercise.difficulty) for exercise in exercises]
        assert ranks == sorted(ranks) and ranks[0] == 0 and ranks[-1] >= 1, number
        for exercise in exercises:
            assert 2 <= len(exercise.hints) <= 3, exercise.id
            assert f'kteach.check("{exercise.id}", ' in exercise.solution, exercise.id


@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_solution_passes_and_mistakes_get_their_message(exercise_id: str, namespaces: dict):
    exercise = find(exercise_id)
    outcome = run(exercise.solution, namespaces[exercise.lesson])
    assert outcome.verdict == True and outcome.printed.startswith(f"[{exercise_id}] solved: "), outcome.printed  # noqa: E712
    assert len(exercise.mistakes) >= 2
    for mistake in exercise.mistakes:
        outcome = run(mistake.code, namespaces[exercise.lesson])
        assert outcome.verdict == False, mistake.code  # noqa: E712 - a Verdict compares with bools
        assert outcome.printed.startswith(f"[{exercise_id}] not yet: ") and mistake.says in outcome.printed


def test_problems_reports_a_failing_solution_and_a_mistake_that_passes(namespaces: dict):
    good = find("02.1")
    broken = Exercise("02.1", "easy", good.check, good.hints, 'kteach.check("02.1", 0.3)', mistakes=(Mistake('kteach.check("02.1", 0)', "x"),))
    found = problems(broken, namespaces["02"])
    assert any("the reference solution fails" in problem for problem in found)
    assert any("should say 'x'" in problem for problem in found)
    assert any("records 1 mistakes; each exercise needs at least 2" in problem for problem in found)


def _garbage() -> list[object]:
    """What a learner may pass by accident: nothing, a placeholder, text, a number, broken models."""
    unbuilt = keras.Sequential([keras.layers.Dense(3)])
    untrained = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")])
    wrong_shape = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(2)])
    wrong_shape.compile(loss="mse", optimizer="sgd")
    nan_history = {"loss": [0.5, float("nan")], "val_loss": [0.6, float("nan")]}
    return [None, ..., "abc", 3.7, [], {"a": 1}, unbuilt, untrained, wrong_shape, nan_history, keras.layers.Dense(4), keras.optimizers.Adam, np.array(["x"])]


@pytest.mark.parametrize("exercise_id", IDS)
def test_no_check_raises_on_garbage(exercise_id: str, namespaces: dict, capsys: pytest.CaptureFixture):
    exercise = find(exercise_id)
    context = [namespaces[exercise.lesson][name] for name in exercise.context]
    for answer in _garbage():
        for extra in (context, [], ["wrong", "context", "values"]):
            verdict = check(exercise_id, answer, *extra)
            printed = capsys.readouterr().out
            assert verdict == False and not verdict, (answer, extra)  # noqa: E712
            assert printed.startswith(f"[{exercise_id}] not yet: ") and printed.count("\n") == 1, printed


def test_answers_say_what_is_wrong_with_the_learners_object(capsys: pytest.CaptureFixture):
    check("01.3", keras.Sequential([keras.layers.Dense(3)]))
    assert "has no input shape yet" in capsys.readouterr().out
    check("02.4", 4, {"loss": [0.5, float("nan")], "val_loss": [0.6, float("nan")]})
    assert "loss is NaN from epoch 2" in capsys.readouterr().out
    check("01.2", keras.optimizers.Adam)
    assert "this is the class Adam, not an optimizer" in capsys.readouterr().out
    check("01.3", None)
    assert "your answer is None" in capsys.readouterr().out
    check("01.4", keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10)]))
    assert 'this check needs 3 values after the id: kteach.check("01.4", answer, X_test, Y_test)' in capsys.readouterr().out


def test_numbers_may_come_as_numpy_values_or_tensors(capsys: pytest.CaptureFixture):
    assert check("07.1", np.int64(32)) == True  # noqa: E712
    assert check("07.1", keras.ops.ceil(4000 / 128)) == True  # noqa: E712
    assert check("07.1", np.array([32, 33])) == False  # noqa: E712
    assert "the exercise asks for a number; got ndarray" in capsys.readouterr().out


def test_a_model_whose_call_fails_gets_a_sentence(namespaces: dict, capsys: pytest.CaptureFixture):
    model = keras.Sequential([keras.Input(shape=(784,))] + [keras.layers.Dense(256, activation="relu") for _ in range(3)] + [keras.layers.Dense(10, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=0.001), metrics=["accuracy"])
    assert check("01.4", model, np.zeros((4, 5), "float32"), np.zeros((4, 10))) == False  # noqa: E712
    assert "calling your model on X_test failed: ValueError" in capsys.readouterr().out


def test_the_verdict_is_a_bool_that_shows_nothing_more_in_a_notebook(capsys: pytest.CaptureFixture):
    verdict = check("01.1", 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10)
    assert isinstance(verdict, Verdict) and verdict == True and bool(verdict) and repr(verdict) == "True"  # noqa: E712
    assert verdict.message == capsys.readouterr().out.strip()
    assert verdict._ipython_display_() is None
    assert kteach.check is check and kteach.hint is hint and kteach.solution is solution and kteach.progress is progress


def test_unknown_exercise_ids_are_errors_that_list_the_ids():
    with pytest.raises(ValueError, match=r"no exercise '01\.9'; exercise_id must be one of 01\.1, 01\.2, 01\.3, 01\.4"):
        check("01.9", 1)
    with pytest.raises(TypeError, match="exercise_id must be a str"):
        hint(1.3)


def test_hints_climb_the_ladder_then_point_to_the_solution(capsys: pytest.CaptureFixture, progress_file: Path):
    exercise = find("01.3")
    for step in range(1, 4):
        hint("01.3")
        assert capsys.readouterr().out.strip() == f"Hint {step} of 3 for 01.3: {exercise.hints[step - 1]}"
    hint("01.3")
    assert capsys.readouterr().out.strip() == 'No more hints for 01.3: kteach.solution("01.3") shows the reference solution.'
    assert json.loads(progress_file.read_text())["exercises"]["01.3"]["hints"] == 3


def test_the_solution_waits_for_the_hints_or_a_second_request(capsys: pytest.CaptureFixture):
    solution("02.2")
    first = capsys.readouterr().out
    assert "2 hints are left" in first and "keras.regularizers.l2(0.001)" not in first
    solution("02.2")
    assert capsys.readouterr().out == "Reference solution of 02.2:\n" + find("02.2").solution + "\n"
    hint("02.1")
    hint("02.1")
    capsys.readouterr()
    solution("02.1")
    assert capsys.readouterr().out.startswith("Reference solution of 02.1:\nshare_dropped_at_test = 0")


def test_progress_is_saved_as_it_happens_and_read_back(capsys: pytest.CaptureFixture, progress_file: Path):
    check("01.1", ...)  # the untouched starter cell is not an attempt
    assert not progress_file.exists()
    check("01.1", 5)
    check("01.1", 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10)
    check("01.1", 6)  # a later wrong answer does not undo the solve
    saved = json.loads(progress_file.read_text())
    assert saved == {"version": 1, "exercises": {"01.1": {"tried": 3, "solved": True, "hints": 0, "solution_asked": 0}}}
    assert [path.name for path in progress_file.parent.iterdir()] == ["progress.json"]  # no temp files left
    capsys.readouterr()
    progress()
    table = capsys.readouterr().out
    assert "Lesson 01: 1 of 4 solved" in table and "Lesson 07: 0 of 4 solved" in table
    assert re.search(r"01\.1\s+easy\s+3\s+yes\s+0/3", table)
    assert f"(saved in {progress_file})" in table


def test_an_interrupted_save_leaves_the_old_file_whole(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, progress_file: Path):
    check("02.1", 0)
    before = progress_file.read_text()

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    assert check("02.1", 0.3) == False  # noqa: E712 - the verdict still comes, only saving failed
    printed = capsys.readouterr().out
    assert "kteach could not save your progress to" in printed and "disk full" in printed and "KTEACH_PROGRESS" in printed
    assert progress_file.read_text() == before
    assert sorted(path.name for path in progress_file.parent.iterdir()) == ["progress.json"]


@pytest.mark.parametrize("damage", ["{not json", '{"exercises": [1, 2]}', '"just text"', '{"exercises": {"02.1": {"tried": "x"}}}'])
def test_a_damaged_progress_file_is_set_aside_with_a_message(damage: str, capsys: pytest.CaptureFixture, progress_file: Path):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(damage)
    check("02.1", 0)
    printed = capsys.readouterr().out
    assert f"Your progress file {progress_file} could not be read" in printed and "it is kept as progress.json.damaged" in printed
    assert (progress_file.parent / "progress.json.damaged").read_text() == damage
    assert json.loads(progress_file.read_text())["exercises"]["02.1"]["solved"] is True
    progress_file.write_text(damage)
    check("02.1", 0)
    assert (progress_file.parent / "progress.json.damaged2").read_text() == damage


def test_verdicts_and_hints_in_chinese(chinese: None, capsys: pytest.CaptureFixture):
    check("01.3", keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")]))
    assert capsys.readouterr().out.strip() == "[01.3] 还没对：模型有 1 个 Dense 层；题目要求 4 个"
    hint("01.2")
    assert capsys.readouterr().out.startswith("01.2 的提示 1/2：")


def test_check_solutions_command(capsys: pytest.CaptureFixture):
    from kteach.exercises.__main__ import main

    assert main(["check-solutions", "02"]) == 0
    assert capsys.readouterr().out.splitlines() == ["02.1 ok", "02.2 ok", "02.3 ok", "02.4 ok", "ok: 0 problems"]


# --- the lessons' Exercises sections ---------------------------------------------------------

CELL = re.compile(r"^# %%\n(.*?)(?=^# %%|\Z)", re.S | re.M)


def starter_cells(lesson: Path) -> list[str]:
    """The code cells after a lesson's "## Exercises" heading."""
    text = lesson.read_text(encoding="utf-8")
    return CELL.findall(text[text.index("# ## Exercises") :])


@pytest.mark.parametrize("number", sorted(lesson_modules()))
def test_every_exercise_has_a_statement_and_an_untouched_starter_that_says_not_yet(number: str, namespaces: dict, capsys: pytest.CaptureFixture):
    lesson = next(NOTEBOOKS.glob(f"{number}_*.py"))
    text = lesson.read_text(encoding="utf-8")
    exercises = lesson_modules()[number].exercises()
    cells = starter_cells(lesson)
    assert len(cells) == len(exercises)
    namespace = dict(namespaces[number])  # one namespace: a starter may use the one before it
    for exercise, cell in zip(exercises, cells):
        assert f"# ### {exercise.id} · {exercise.difficulty}: " in text
        assert cell.rstrip().splitlines()[-1].startswith(f'kteach.check("{exercise.id}", ')
        verdict = run_cell(cell, namespace)
        printed = capsys.readouterr().out
        assert verdict == False and printed.startswith(f"[{exercise.id}] not yet: "), printed  # noqa: E712


def test_the_readme_shows_real_verdicts(capsys: pytest.CaptureFixture):
    readme = (NOTEBOOKS.parent / "README.md").read_text(encoding="utf-8")
    lesson_model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    check("01.3", lesson_model)
    assert capsys.readouterr().out.strip() in readme
    deeper = keras.Sequential([keras.Input(shape=(784,))] + [keras.layers.Dense(256, activation="relu") for _ in range(3)] + [keras.layers.Dense(10, activation="softmax")])
    check("01.3", deeper)
    assert " ".join(readme.split()).count(capsys.readouterr().out.strip()) == 1


def test_a_history_verdict_names_the_overfitting(capsys: pytest.CaptureFixture):
    history = {"loss": [0.9, 0.5, 0.3, 0.2], "val_loss": [0.6, 0.4, 0.45, 0.5]}
    check("02.4", 2, history)
    assert capsys.readouterr().out.strip() == "[02.4] solved: epoch 2: val_loss is best there (0.4000); after it val_loss gets worse while loss keeps improving: the model overfits."
    check("02.4", 4, {"loss": [0.9, 0.5, 0.3, 0.2], "val_loss": [0.6, 0.4, 0.35, 0.3]})
    assert capsys.readouterr().out.strip() == "[02.4] solved: epoch 4: val_loss is best there (0.3000)."
