"""kteach and the lessons on Keras backends other than TensorFlow (JAX; PyTorch on request).

The backend is chosen once per process, at ``import keras``, so everything here runs in a fresh
process with ``KERAS_BACKEND`` set: the unit checks run this file as a script (``probe``), the
lessons run in a Jupyter kernel. The lessons' stored outputs are TensorFlow's numbers, so a
lesson on another backend is checked for running to the end and for key results within bands
that a broken lesson misses (far wider than the backends' differences in the last digits).

``KTEACH_BACKENDS`` lists the backends to test (default ``jax``; ``jax,torch`` adds PyTorch,
which must then be installed: ``pip install torch==2.13.0``, the CPU build). A lesson that a
backend's own bug stops is listed in ``BACKEND_BUGS``, as an expected failure.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = [name.strip() for name in os.environ.get("KTEACH_BACKENDS", "jax").split(",") if name.strip()]
LESSON_TIMEOUT_S = 1800


def _backend_env(backend: str, **extra: str) -> dict[str, str]:
    """This process's environment with ``backend`` chosen, quick mode on and plots off-screen."""
    env = {**os.environ, "KERAS_BACKEND": backend, "KTEACH_QUICK": "1", "MPLBACKEND": "Agg", **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return env


# ---------------------------------------------------------------- kteach's functions, in a subprocess


def probe() -> dict[str, Any]:
    """Use kteach's functions once under the backend this process imported Keras with; return what they gave."""
    import numpy as np

    import keras
    import kteach

    found: dict[str, Any] = {"backend": keras.backend.backend(), "versions": kteach.versions()}
    kteach.seed_everything(0)
    found["floatx"] = keras.config.floatx()
    found["dense_dtype"] = str(keras.ops.convert_to_numpy(keras.layers.Dense(2)(np.ones((1, 3), "float32"))).dtype)
    (x_train, y_train), (x_test, y_test) = kteach.load_mnist()
    found["mnist"] = [list(x_train.shape), list(x_test.shape)]
    x_train, x_test = x_train[:600].reshape(600, 784) / 255, x_test[:300].reshape(300, 784) / 255
    y_train, y_test = y_train[:600], y_test[:300]

    trainer = kteach.Trainer(((x_train, y_train), (x_test, y_test)), params={"epochs": 3, "optimizer": "adam", "learning_rate": 0.003})
    live = kteach.LiveHistory()  # one text line per epoch outside a notebook
    run = trainer.train(callbacks=[live], verbose=False, name="adam")
    found["run"] = {"status": run.status, "epochs": run.epochs_done, "test_accuracy": run.test_accuracy}
    found["live_matches_fit"] = live.log.history == run.history

    class StopAtFirstBatch(keras.callbacks.Callback):
        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            trainer.stop()

    stopped = trainer.train(callbacks=[StopAtFirstBatch()], verbose=False, name="stopped")
    found["stopped"] = {"status": stopped.status, "epochs": stopped.epochs_done}

    probabilities = run.model.predict(x_test, verbose=0)
    matrix, _ = kteach.confusion_matrix(y_test, probabilities)
    _, axes = kteach.plot_history(run.history)
    kteach.show_predictions(x_test, y_test, probabilities, n=6)
    found["plots"] = {"matrix_total": int(matrix.sum()), "history_axes": len(axes), "table_rows": len(kteach.run_table(trainer.runs).rows)}
    found["compare_runs"] = type(kteach.compare_runs(trainer.runs)).__name__

    cnn = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3, name="conv"), keras.layers.MaxPooling2D(name="pool")])
    maps = kteach.feature_maps(cnn, x_test[:2].reshape(2, 28, 28, 1))
    found["images"] = {"filters": list(kteach.conv_filters(cnn.layers[0]).shape), "maps": {k: list(v.shape) for k, v in maps.items()}}
    verdict = kteach.check("07.2", lambda y_true, y_pred: keras.ops.mean(y_pred))
    found["exercise_07_2"] = bool(verdict)
    return found


@pytest.fixture(scope="module", params=BACKENDS)
def probed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What :func:`probe` found in a fresh process on one backend (run once per backend for all the checks)."""
    progress = tmp_path_factory.mktemp("progress") / "progress.json"
    env = _backend_env(request.param, KTEACH_PROGRESS=str(progress), KTEACH_OFFLINE="1")
    done = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, f"the probe failed on {request.param}:\n{done.stderr[-4000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_probe_ran_on_the_chosen_backend(probed: dict[str, Any]) -> None:
    assert probed["versions"].startswith("Keras 3.") and f" on {probed['backend']} " in probed["versions"]
    assert probed["backend"] in BACKENDS


def test_quick_mode_computes_in_float64_on_every_backend(probed: dict[str, Any]) -> None:
    # JAX truncates float64 to float32 unless seed_everything turns its x64 switch on.
    assert probed["floatx"] == "float64" and probed["dense_dtype"] == "float64"


def test_loaders_give_the_shipped_sample(probed: dict[str, Any]) -> None:
    assert probed["mnist"] == [[2000, 28, 28], [1000, 28, 28]]


def test_trainer_and_live_history_train_and_record(probed: dict[str, Any]) -> None:
    run = probed["run"]
    assert run["status"] == "finished" and run["epochs"] == 3
    assert run["test_accuracy"] > 0.6  # 600 images, 3 epochs of Adam: far above the 0.1 of guessing
    assert probed["live_matches_fit"] is True


def test_stopping_a_run_works(probed: dict[str, Any]) -> None:
    assert probed["stopped"] == {"status": "stopped", "epochs": 1}


def test_plots_read_the_backend_s_predictions(probed: dict[str, Any]) -> None:
    assert probed["plots"] == {"matrix_total": 300, "history_axes": 2, "table_rows": 2}
    assert probed["compare_runs"] == "RunComparison"


def test_image_helpers_read_the_backend_s_layers(probed: dict[str, Any]) -> None:
    assert probed["images"] == {"filters": [4, 3, 3], "maps": {"conv": [2, 26, 26, 4], "pool": [2, 13, 13, 4]}}


def test_exercise_checks_run_keras_ops_on_the_backend(probed: dict[str, Any]) -> None:
    assert probed["exercise_07_2"] is True


# ---------------------------------------------------------------- the lessons, in a kernel

_NUMBER = r"([-+]?\d+(?:\.\d+)?)"
# lesson -> (pattern with one number, lowest allowed, highest allowed). TensorFlow's quick-mode
# values in the stored notebooks are in the comments; the bands catch a lesson that stopped learning.
BANDS: dict[str, list[tuple[str, float, float]]] = {
    "01": [(rf"Test accuracy:\s+{_NUMBER}", 0.65, 1), (rf"wrong: {_NUMBER} of 1000", 0, 350)],  # 0.7750, 225
    "02": [
        (rf"baseline\s+epochs\s+20\s+test accuracy {_NUMBER}", 0.65, 1),  # 0.7750
        (rf"best run: .* {_NUMBER}\n", 0.85, 1),  # 0.926
    ],
    "03": [(rf"Test accuracy:\s+{_NUMBER}", 0.55, 1)],  # 0.6320 on 1,000 reviews (guessing: 0.5)
    "04": [
        (rf"reconstruction error \(test mse\): {_NUMBER}", 0, 0.06),  # 0.0391; the mean image: 0.0678
        (rf"ensemble\s+test loss [\d.]+ \| test accuracy {_NUMBER}", 0.7, 1),  # 0.8320
        (rf"same digit\? test accuracy {_NUMBER}", 0.6, 1),  # 0.7880 (guessing: 0.5)
        (rf"'digit_accuracy': {_NUMBER}", 0.75, 1),  # 0.905
    ],
    "05": [(rf"CNN test accuracy {_NUMBER}", 0.6, 1), (rf"MLP test accuracy {_NUMBER}", 0.6, 1)],  # 0.7550, 0.7010
    "06": [(rf"LSTM\s+MAE\s+{_NUMBER}", 0, 30)],  # 18.64; "same as last year": 22.45
    "07": [
        (rf"SGD momentum 0.9 Nesterov: .*test accuracy {_NUMBER}", 0.6, 1),  # 0.8340
        (rf"class_weight 1:45\s+recall {_NUMBER}", 0.3, 1),  # 0.7300 (no weights: 0.0000)
        (r"(\d+) updates counted \(expected \1\)", 1, 10_000),  # 169 = 13 epochs x 13; EarlyStopping sets the epochs
    ],
}
# Lines that must appear as they are: a check a lesson prints as True on every backend.
MUST_PRINT = {
    "01": [".h5 (legacy)       identical predictions: True"],
    "06": ["same training windows: True | same targets: True"],  # timeseries_dataset_from_array: tf.data
    "07": ["same predictions with batch_size=8 and one batch: True"],
}


def lesson_text(notebook: Any) -> str:
    """Everything the executed cells printed or displayed as text, in order, one cell after another.

    One ``print`` can reach nbclient as several stream outputs (ipykernel sends what was written
    every 0.2 s, so a busy machine can cut a line in two), so stream text is joined as it is;
    only a displayed value gets lines of its own.
    """
    cells = []
    for cell in notebook.cells:
        text = ""
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                text += output.get("text", "")
            else:
                text += "\n" + output.get("data", {}).get("text/plain", "") + "\n"
        cells.append(text)
    return "\n".join(cells)


def run_lesson(source: Path, backend: str) -> str:
    """Execute a lesson's jupytext source in quick mode in a fresh kernel on ``backend``; return its text output."""
    import jupytext

    from scripts.kernels import notebook_client

    notebook = jupytext.read(source)
    with tempfile.TemporaryDirectory(prefix="kteach-backend-") as scratch:
        client = notebook_client(notebook, source.parent, LESSON_TIMEOUT_S)
        client.execute(env=_backend_env(backend, KTEACH_PROGRESS=str(Path(scratch) / "progress.json")))
    return lesson_text(notebook)


def key_results(text: str, lesson: str) -> list[re.Match[str] | None]:
    """Where each key result of ``lesson`` (its ``BANDS`` patterns, in order) was printed, or None."""
    return [re.search(pattern, text) for pattern, _, _ in BANDS[lesson]]


def check_bands(text: str, lesson: str) -> list[str]:
    """The key results of ``lesson`` that are missing or outside their band (empty when all are in)."""
    problems = []
    for (pattern, low, high), match in zip(BANDS[lesson], key_results(text, lesson)):
        if match is None:
            problems.append(f"not printed: {pattern}")
        elif not low <= float(match.group(1)) <= high:
            problems.append(f"{match.group(0).strip()!r}: {match.group(1)} is outside {low}..{high}")
    problems += [f"not printed: {line!r}" for line in MUST_PRINT.get(lesson, []) if line not in text]
    return problems


def test_the_bands_pass_tensorflow_s_stored_lessons() -> None:
    """The bands hold for the numbers TensorFlow stored (and so cannot be wrongly tight or mistyped)."""
    import nbformat

    for lesson in BANDS:
        (stored,) = (ROOT / "notebooks").glob(f"{lesson}_*.ipynb")
        assert check_bands(lesson_text(nbformat.read(stored, as_version=4)), lesson) == [], lesson


def test_the_bands_catch_a_lesson_that_did_not_learn() -> None:
    text = "Test accuracy:     0.1130\nwrong: 887 of 1000\n.h5 (legacy)       identical predictions: True"
    assert check_bands(text, "01") == [
        "'Test accuracy:     0.1130': 0.1130 is outside 0.65..1",
        "'wrong: 887 of 1000': 887 is outside 0..350",
    ]
    assert check_bands("", "06") == [
        "not printed: LSTM\\s+MAE\\s+([-+]?\\d+(?:\\.\\d+)?)",
        "not printed: 'same training windows: True | same targets: True'",
    ]


def test_a_line_cut_across_stream_outputs_is_read_whole() -> None:
    """A busy kernel sent ``print("best run:", name, accuracy)`` in two pieces; the band still finds it."""
    import nbformat

    cell = nbformat.v4.new_code_cell("", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="baseline                     epochs  20  test accuracy 0.7750\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"}),
        nbformat.v4.new_output("stream", name="stdout", text="best run:"),
        nbformat.v4.new_output("stream", name="stdout", text=" Adam, 512 units 0.926\n"),
    ])
    text = lesson_text(nbformat.v4.new_notebook(cells=[cell]))
    assert check_bands(text, "02") == []
    assert "\n<Figure>\n" in text


# Lessons a backend cannot run, for a bug in that backend: the run must fail with this error
# (reported as xfailed), and the test fails once the bug is fixed, so the entry is not left behind.
BACKEND_BUGS = {
    # PyTorch 2.13 (CPU): Conv2DTranspose after Reshape, in float64 (quick mode), fails its backward pass
    # with "RuntimeError: grad_weight needs to be contiguous"; in float32 (full mode) it trains.
    ("torch", "04"): "grad_weight needs to be contiguous",
}


class _LessonOnBackends:
    """One lesson on each backend: it runs to the end, on that backend, with its key results in their bands."""

    lesson = ""

    @pytest.mark.slow
    @pytest.mark.parametrize("backend", BACKENDS)
    def test_runs_with_its_key_results_in_their_bands(self, backend: str) -> None:
        from nbclient.exceptions import CellExecutionError

        bug = BACKEND_BUGS.get((backend, self.lesson))
        (source,) = (ROOT / "notebooks").glob(f"{self.lesson}_*.py")
        try:
            text = run_lesson(source, backend)
        except CellExecutionError as error:
            if bug and bug in str(error):
                pytest.xfail(f"a bug of {backend}'s: {bug}")
            raise
        assert not bug, f"{backend} now runs lesson {self.lesson}: remove its BACKEND_BUGS entry"
        assert f" on {backend} " in text, "the lesson's versions line names another backend"
        found = [match.group(0).strip() for match in key_results(text, self.lesson) if match]
        print(f"lesson {self.lesson} on {backend}:", found)  # shown with pytest -rP: the numbers to compare
        assert check_bands(text, self.lesson) == []


# The lessons run on the other backends: all seven by default (04's and 05's float64 convolutions
# take 3-4 minutes each on JAX here, two to three times TensorFlow's); KTEACH_BACKEND_LESSONS=02,05
# runs a few, e.g. while working on them.
_CHOSEN = os.environ.get("KTEACH_BACKEND_LESSONS", "all")
LESSONS_ON_BACKENDS = sorted(BANDS) if _CHOSEN == "all" else [name.strip() for name in _CHOSEN.split(",") if name.strip()]
if set(LESSONS_ON_BACKENDS) - set(BANDS):
    raise ValueError(f"KTEACH_BACKEND_LESSONS must be 'all' or lessons among {sorted(BANDS)}; got {_CHOSEN!r}")

# One class per lesson: xdist's --dist=loadscope gives each class (not each module) to a worker,
# so the lessons run in parallel with the rest of the suite.
for _lesson in LESSONS_ON_BACKENDS:
    globals()[f"TestLesson{_lesson}"] = type(f"TestLesson{_lesson}", (_LessonOnBackends,), {"lesson": _lesson})


if __name__ == "__main__":  # the probe's process: one JSON line on stdout
    print(json.dumps(probe()))
