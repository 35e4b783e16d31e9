"""Bad input across kteach's public API: each case checks the error type and that the message
names the problem and the fix (or, where kteach deliberately does not raise, what it tells the learner).
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import math
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import keras
import numpy as np
import pytest

import kteach
from kteach.datasets import DataFileError, specs, where
from kteach.datasets import corpus as corpus_module
from kteach.datasets.idx import IDX_STEMS
from kteach.datasets.shipped import sample_path
from kteach.series import Standardizer, forecast_errors, last_value_forecast, plot_forecast, time_split, windows

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def full_mode_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Full mode, no data folder, empty Keras and kteach caches, no network, no Debian datasets."""
    monkeypatch.setenv("KTEACH_QUICK", "0")
    monkeypatch.setenv("KTEACH_OFFLINE", "1")
    monkeypatch.delenv("KTEACH_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    monkeypatch.setenv("KTEACH_CACHE_DIR", str(tmp_path / "kteach-cache"))
    for name, spec in specs.SPECS.items():
        monkeypatch.setitem(specs.SPECS, name, dataclasses.replace(spec, system_dirs=()))


def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that KTEACH_DATA_DIR points at."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("KTEACH_DATA_DIR", str(folder))
    return folder


def mnist_idx_copy(folder: Path) -> None:
    """The shipped MNIST sample under the four standard IDX names, as a teacher would copy them."""
    for stem in IDX_STEMS:
        shutil.copy(sample_path(f"mnist-{stem}.gz"), folder / f"{stem}.gz")


# --- hyperparameters: types and ranges --------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"epochs": "10"}, TypeError, r"epochs must be an int >= 1; got str '10'"),
        ({"epochs": 0}, ValueError, r"epochs must be an int >= 1; got 0"),
        ({"batch_size": 32.5}, TypeError, r"batch_size must be an int >= 1; got float 32\.5"),
        ({"hidden_units": True}, TypeError, r"hidden_units must be an int >= 1; got bool True"),
        ({"dropout": 1.0}, ValueError, r"dropout must be >= 0 and < 1 \(the share of units dropped, e\.g\. 0\.3\)"),
        ({"l2": -1e-4}, ValueError, r"l2 must be >= 0 \(0 turns the penalty off; try 1e-4\)"),
        ({"learning_rate": 0}, ValueError, r"learning_rate must be > 0 \(e\.g\. 0\.01 for sgd, 0\.001 for adam\)"),
        ({"learning_rate": math.nan}, ValueError, r"learning_rate must be a finite number; got nan"),
        ({"learning_rate": "0.01"}, TypeError, r"learning_rate must be a number; got str '0\.01'"),
        ({"optimizer": "adamw"}, ValueError, r"optimizer must be one of \['adam', 'rmsprop', 'sgd'\]; got 'adamw'"),
    ],
)
def test_invalid_hyperparameters_name_the_field_and_the_allowed_values(
    changes: dict, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        kteach.Hyperparameters(**changes)


def test_keras_2_name_lr_is_refused_with_the_list_of_names(tiny_data: tuple) -> None:
    trainer = kteach.Trainer(tiny_data)
    with pytest.raises(
        TypeError, match=r"unknown hyperparameter\(s\) \['lr'\]; the hyperparameters are .*'learning_rate'"
    ):
        trainer.set(lr=0.1)
    assert trainer.params.learning_rate == 0.01  # the refused change left the settings alone


def test_data_that_is_not_two_pairs_says_what_shape_is_expected() -> None:
    with pytest.raises(TypeError, match=r"data must be \(\(x_train, y_train\), \(x_test, y_test\)\), as load_mnist"):
        kteach.Trainer(np.zeros((10, 784)))


def test_data_with_mismatched_lengths_names_the_split_and_shapes(tiny_data: tuple) -> None:
    (x_train, y_train), test = tiny_data
    with pytest.raises(
        ValueError,
        match=r"x_train must hold one row per sample and match y_train; got shapes \(256, 784\) and \(255,\)",
    ):
        kteach.Trainer(((x_train, y_train[:-1]), test))


# --- datasets: names, KTEACH_DATA_DIR, damaged files, the cache -------------------------------


def test_unknown_dataset_name_lists_the_known_ones() -> None:
    with pytest.raises(
        ValueError, match=r"dataset name must be one of 'mnist', 'fashion_mnist', 'imdb'; got 'cifar10'"
    ):
        where("cifar10")


def test_data_dir_pointing_at_nothing_says_how_to_fix_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KTEACH_DATA_DIR", str(tmp_path / "missing"))
    with pytest.raises(
        FileNotFoundError,
        match=r"KTEACH_DATA_DIR=.*missing.* is not an existing folder\. Point it at the folder holding the data, or unset it",
    ):
        kteach.load_mnist()


def test_empty_data_dir_falls_back_and_says_why_and_how_to_get_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    folder = data_dir(tmp_path, monkeypatch)
    (x_train, _), _ = kteach.load_mnist()
    line = capsys.readouterr().out.strip()
    assert len(x_train) == 2000  # the shipped sample
    assert f"because KTEACH_DATA_DIR={folder} has no MNIST files" in line
    assert "To get the full data, set KTEACH_DATA_DIR to a folder holding mnist.npz" in line


def test_partial_idx_set_names_the_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = data_dir(tmp_path, monkeypatch)
    mnist_idx_copy(folder)
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match=r"missing t10k-labels-idx1-ubyte\.gz"):
        kteach.load_mnist()


def test_truncated_gz_names_the_file_and_says_copy_it_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = data_dir(tmp_path, monkeypatch)
    mnist_idx_copy(folder)
    images = folder / "train-images-idx3-ubyte.gz"
    images.write_bytes(images.read_bytes()[: images.stat().st_size // 2])
    with pytest.raises(
        DataFileError, match=r"train-images-idx3-ubyte\.gz: cannot be read .*Copy the file again \(or delete it"
    ):
        kteach.load_mnist()


def test_gz_whose_header_lies_about_its_size_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = data_dir(tmp_path, monkeypatch)
    mnist_idx_copy(folder)
    labels = folder / "t10k-labels-idx1-ubyte.gz"
    labels.write_bytes(gzip.compress(gzip.decompress(labels.read_bytes())[:-10]))  # valid gzip, short content
    with pytest.raises(
        DataFileError, match=r"holds 990 bytes of data but its header announces shape \(1000,\)\. Copy the file again"
    ):
        kteach.load_mnist()


def test_corrupted_npz_names_the_file_and_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = data_dir(tmp_path, monkeypatch)
    (folder / "mnist.npz").write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(
        DataFileError, match=r"mnist\.npz: is not a readable \.npz archive .*Copy it again, or delete it"
    ):
        kteach.load_mnist()


@pytest.mark.parametrize(
    ("y_train", "problem"),
    [
        (np.array([0, 10, 3], np.uint8), r"holds label 10, outside 0\.\.9"),
        (np.array([0, -1, 3], np.int64), r"holds label -1, outside 0\.\.9"),
        (np.array([0.0, 1.5, 3.0]), r"holds labels of type float64, not integers 0\.\.9"),
    ],
)
def test_mnist_npz_with_labels_outside_the_ten_digits_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, y_train: np.ndarray, problem: str
) -> None:
    folder = data_dir(tmp_path, monkeypatch)
    images = np.zeros((3, 28, 28), np.uint8)
    np.savez(folder / "mnist.npz", x_train=images, y_train=y_train, x_test=images, y_test=np.array([1, 2, 3], np.uint8))
    with pytest.raises(DataFileError, match=r"mnist\.npz: " + problem + r"\. Copy it again, or delete it"):
        kteach.load_mnist()


def test_truncated_tar_gz_names_the_archive_and_where_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = data_dir(tmp_path, monkeypatch)
    buffer = io.BytesIO()
    rng = np.random.default_rng(0)
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for index in range(4):
            text = " ".join(f"w{n}" for n in rng.integers(0, 10**6, 4000)).encode()
            info = tarfile.TarInfo(f"aclImdb/train/pos/{index}_9.txt")
            info.size = len(text)
            tar.addfile(info, io.BytesIO(text))
    (folder / "aclImdb_v1.tar.gz").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(
        DataFileError,
        match=r"aclImdb_v1\.tar\.gz: is truncated or not a \.tar\.gz archive .*Copy it again \(https://ai\.stanford\.edu",
    ):
        kteach.load_imdb()


class RunsCode:
    """Pickles as a call to print: a tampered dataset file would run it when unpickled."""

    def __reduce__(self) -> tuple:
        return (print, ("CODE RAN",))


def test_imdb_npz_with_code_in_it_is_refused_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    folder = data_dir(tmp_path, monkeypatch)
    evil = np.array([RunsCode(), RunsCode()], dtype=object)
    np.savez(folder / "imdb.npz", x_train=evil, y_train=np.array([0, 1]), x_test=evil, y_test=np.array([0, 1]))
    (folder / "imdb_word_index.json").write_text(json.dumps({"the": 1}))
    with pytest.raises(
        DataFileError,
        match=r"imdb\.npz: is not Keras's imdb\.npz \(UnpicklingError: refusing to load builtins\.print.*Delete it so Keras downloads a fresh copy",
    ):
        kteach.load_imdb()
    assert "CODE RAN" not in capsys.readouterr().out


def test_unwritable_cache_warns_once_with_the_variable_to_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KTEACH_CACHE_DIR", str(blocker / "cache"))  # unwritable even for root
    monkeypatch.setattr(corpus_module, "_unwritable_warned", set())
    split = corpus_module.split_from_lengths(np.array([5, 6]), np.array([2]), np.array([1]))
    built = corpus_module.Corpus(split, split, ("a",))
    with pytest.warns(
        UserWarning, match=r"cannot write the IMDB cache in .*a-file/cache .*Set KTEACH_CACHE_DIR to a writable folder"
    ):
        assert corpus_module.cached("key", lambda: built) is built
    assert not blocker.with_name("cache").exists()


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"num_words": -5}, ValueError, r"num_words must be >= 1, or None for no limit; got -5"),
        ({"maxlen": "100"}, TypeError, r"maxlen must be .*, got '100'"),
    ],
)
def test_imdb_options_name_the_option(options: dict, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        kteach.load_imdb(**options)


def test_decode_review_of_text_says_to_encode_first() -> None:
    with pytest.raises(
        TypeError, match=r"sequence must be a sequence of word indices, not text: use encode_review\(text\) first"
    ):
        kteach.decode_review("a great film")


# --- diagrams -------------------------------------------------------------------------------


def test_show_model_without_input_shape_says_how_to_give_one() -> None:
    model = keras.Sequential([keras.layers.Dense(3)])
    with pytest.raises(
        ValueError, match=r"is not built yet, so its shapes are unknown: start it with keras\.Input\(shape=\.\.\.\)"
    ):
        kteach.show_model(model)


def test_show_model_of_something_else_names_the_type() -> None:
    with pytest.raises(TypeError, match=r"model must be a keras\.Model \(e\.g\. keras\.Sequential\); got dict"):
        kteach.show_model({"layers": 2})


def test_show_model_format_lists_the_formats() -> None:
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match=r"fmt must be one of \('png', 'svg'\); got 'jpg'"):
        kteach.show_model(model, fmt="jpg")


def test_graphviz_missing_prints_how_to_install_and_shows_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import kteach.diagram

    monkeypatch.setattr(kteach.diagram.shutil, "which", lambda program: None)
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2, name="out")])
    diagram = kteach.show_model(model)
    printed = capsys.readouterr().out
    assert "Graphviz (dot) not found" in printed and "apt-get install graphviz" in printed
    assert diagram.fmt == "text" and diagram.image is None and "out (Dense)" in diagram.text


# --- plots: histories and metric names --------------------------------------------------------


def test_history_without_validation_says_how_to_record_it() -> None:
    with pytest.raises(
        KeyError,
        match=r"no metric 'val_loss'.*recorded keys: 'loss'\. Validation metrics are recorded only when fit\(\) gets validation_split=",
    ):
        kteach.plot_history({"loss": [1.0, 0.5]}, metrics=["val_loss"])


def test_custom_metric_name_not_recorded_says_to_compile_with_it() -> None:
    with pytest.raises(
        KeyError,
        match=r"no metric 'mean_pred'.*Plot one of those, or compile with metrics=\[\.\.\.\] including 'mean_pred'",
    ):
        kteach.plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]}, metrics=["mean_pred"])


def test_custom_and_keras_2_metric_names_that_were_recorded_plot() -> None:
    history = {"loss": [1.0, 0.5], "mean_pred": [0.4, 0.5], "val_mean_pred": [0.3, 0.4], "accuracy": [0.5, 0.7]}
    figure, axes = kteach.plot_history(history, metrics=["mean_pred", "acc"])
    assert [ax.get_title() for ax in axes] == ["mean_pred", "accuracy"]
    assert len(axes[0].get_lines()) == 2  # train and validation
    import matplotlib.pyplot as plt

    plt.close(figure)


def test_empty_history_says_to_train_first() -> None:
    with pytest.raises(ValueError, match=r"no recorded epochs to plot; train with fit\(\) first"):
        kteach.plot_history({})


def test_compare_runs_of_nothing_says_what_it_needs() -> None:
    with pytest.raises(ValueError, match=r"runs must be a non-empty list of run records"):
        kteach.compare_runs([])


# --- training faults --------------------------------------------------------------------------


def test_nan_loss_stops_cleanly_and_blames_the_learning_rate(tiny_data: tuple, capsys: pytest.CaptureFixture) -> None:
    trainer = kteach.Trainer(
        tiny_data, params={"epochs": 5, "batch_size": 64, "hidden_units": 8, "learning_rate": 1e20}
    )
    run = trainer.train()
    assert run.status == "nan" and run.test_accuracy is None and run.model is not None
    assert run.epochs_done < 5
    assert re.search(
        r"the loss became NaN in epoch \d: learning_rate=1e\+20 is likely too high for sgd; try 1e\+19", run.message
    )
    assert "nan (the loss became NaN" in capsys.readouterr().out
    assert not trainer.running


def test_second_run_while_training_says_stop_or_wait(tiny_data: tuple) -> None:
    trainer = kteach.Trainer(tiny_data)
    trainer._running = True  # as if a Train click were training in the background
    with pytest.raises(RuntimeError, match=r"a run is already training; stop it \(trainer\.stop\(\)\) or wait"):
        trainer.train()


# --- nothing is loaded with pickle or unsafe deserialization ----------------------------------


def test_no_pickle_loading_and_no_unsafe_model_loading_in_kteach_or_the_lessons() -> None:
    unsafe = re.compile(r"allow_pickle\s*=\s*True|safe_mode\s*=\s*False|pickle\.loads?\(|joblib\.load|torch\.load")
    sources_ = [*ROOT.joinpath("kteach").rglob("*.py"), *ROOT.joinpath("notebooks").glob("[0-9][0-9]_*.py")]
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources_
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if unsafe.search(line.split("#", 1)[0])
    ]
    assert len(sources_) > 10 and offenders == []


# --- the probe walk: plausible wrong inputs to every public function ----------------------------
# Each row: what a learner or a teacher's data might pass, the error it must get, and the words of
# its message (the parameter and what is allowed). NumPy scalars must be accepted as numbers.

SERIES = np.arange(10.0)
IMAGES = np.zeros((3, 4, 4))
IDS = [0, 1, 2]
X, Y = np.zeros((4, 3)), np.array([0, 1, 0, 1])
TINY = ((X, Y), (X[:2], Y[:2]))


def dense_model() -> keras.Model:
    """A built two-layer model for the diagram probes."""
    return keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])


def feature_maps_of(batch: int) -> dict:
    """What kteach.feature_maps returns for a batch of ``batch`` images of one layer."""
    return {"conv": np.ones((batch, 4, 4, 2))}


PROBES = [
    # kteach.plots
    pytest.param(lambda: kteach.show_predictions(IMAGES, IDS, [[4.0, -1.0, 0.5]] * 3), ValueError,
                 r"^predictions rows do not look like probabilities \(values -1 to 4, row sums 3\.5 to 3\.5; .*"
                 r"pass keras\.ops\.softmax\(predictions\) or the class ids predictions\.argmax\(axis=1\)$",
                 id="show_predictions-logits"),
    pytest.param(lambda: kteach.show_predictions(IMAGES, IDS, IDS, n="3"), TypeError,
                 r"^n must be an int >= 1; got str '3'$", id="show_predictions-n-text"),
    pytest.param(lambda: kteach.show_predictions(IMAGES, IDS, IDS, n=2.0), TypeError,
                 r"^n must be an int >= 1; got float 2\.0$", id="show_predictions-n-float"),
    pytest.param(lambda: kteach.show_predictions(np.full((3, 4, 4), np.nan), IDS, IDS), ValueError,
                 r"^images holds NaN or infinite values \(48 of 48\)", id="show_predictions-nan-images"),
    pytest.param(lambda: kteach.show_predictions(IMAGES, IDS, IDS, class_names=5), TypeError,
                 r"^class_names must be a list with a name for each class id 0\.\.2; got 5$", id="show_predictions-class_names-int"),
    pytest.param(lambda: kteach.show_predictions(IMAGES, [[0.2, 0.8]] * 3, [[0, 1]] * 3), ValueError,
                 r"^labels must be the true class ids \(N,\) or one-hot rows \(N, C\), not probabilities; got values such as 0\.2: "
                 r"were the labels and the predictions swapped\?$", id="show_predictions-swapped"),
    pytest.param(lambda: kteach.show_predictions(np.zeros((0, 4, 4)), [], []), ValueError,
                 r"^labels holds no samples; got shape \(0,\)$", id="show_predictions-empty"),
    pytest.param(lambda: kteach.confusion_matrix([0, 1], [[0.9, 0.1], [np.nan, np.nan]]), ValueError,
                 r"^y_pred holds NaN or infinite values \(2 of 4\); a diverged model or a gap in the data\? Fix or drop them first$",
                 id="confusion_matrix-nan"),
    pytest.param(lambda: kteach.confusion_matrix([0, 1], [np.inf, 0.0]), ValueError,
                 r"^y_pred holds NaN or infinite values \(1 of 2\)", id="confusion_matrix-inf"),
    pytest.param(lambda: kteach.confusion_matrix(["cat", "dog"], [0, 1]), TypeError,
                 r"^y_true must hold numbers; got an array of <U3$", id="confusion_matrix-text-labels"),
    pytest.param(lambda: kteach.confusion_matrix([0.3, 0.6], [0, 1]), ValueError,
                 r"^y_true must be the true class ids .*not probabilities; got values such as 0\.3", id="confusion_matrix-probability-truth"),
    pytest.param(lambda: kteach.confusion_matrix([0, 1], [0, 1], class_names="ab"), TypeError,
                 r"^class_names must be a list with a name for each class id 0\.\.1; got 'ab'$", id="confusion_matrix-class_names-text"),
    pytest.param(lambda: kteach.plot_history({"accuracy": [True, False, True]}), TypeError,
                 r"^history_or_runs\['accuracy'\] must be a keras History, a kteach HistoryLog or a dict of metric name -> list of numbers; got list$",
                 id="plot_history-booleans"),
    pytest.param(lambda: kteach.plot_history({"loss": [1.0, 0.5]}, metrics=[]), ValueError,
                 r"^metrics must name at least one metric, e.g\. \['loss'\] \(None plots them all\); got \[\]$", id="plot_history-metrics-empty"),
    pytest.param(lambda: kteach.plot_history({"loss": [1.0, 0.5]}, metrics=5), TypeError,
                 r"^metrics must be a metric name or a list of them, e\.g\. \['loss', 'accuracy'\]; got int$", id="plot_history-metrics-int"),
    pytest.param(lambda: kteach.plot_history({"loss": [1.0, 0.5]}, metrics=[1]), TypeError,
                 r"^metric name must be a str such as 'loss'; got int$", id="plot_history-metric-int"),
    pytest.param(lambda: kteach.plot_history({"loss": ["1.0", "0.5"]}), TypeError,
                 r"must be a keras History, a kteach HistoryLog or a dict of metric name -> list of numbers", id="plot_history-text-values"),
    pytest.param(lambda: kteach.plot_history([1.0, 0.5]), TypeError,
                 r"^history_or_runs must be a keras History, a HistoryLog, a history dict, or a dict of run name -> history; got list$",
                 id="plot_history-list"),
    pytest.param(lambda: kteach.compare_runs([{"name": "a", "history": {"loss": [1.0]}, "test_accuracy": "0.9"}]), TypeError,
                 r"^runs\[0\]\.test_accuracy must be a number or None; got '0\.9'$", id="compare_runs-accuracy-text"),
    pytest.param(lambda: kteach.compare_runs([{"name": "a", "history": {"loss": [1.0]}, "seconds": "3"}]), TypeError,
                 r"^runs\[0\]\.seconds must be a number; got '3'$", id="compare_runs-seconds-text"),
    pytest.param(lambda: kteach.compare_runs([{"name": 1, "history": {"loss": [1.0]}}]), TypeError,
                 r"^runs\[0\]\.name must be a non-empty str; got 1$", id="compare_runs-name-int"),
    pytest.param(lambda: kteach.compare_runs([{"name": "a", "params": [0.1], "history": {"loss": [1.0]}}]), TypeError,
                 r"^runs\[0\]\.params must be a dict of hyperparameters; got \[0\.1\]$", id="compare_runs-params-list"),
    # kteach.series
    pytest.param(lambda: time_split(10.5), TypeError, r"^length must be an int >= 3; got float 10\.5$", id="time_split-float"),
    pytest.param(lambda: time_split("100"), TypeError, r"^length must be an int >= 3; got str '100'$", id="time_split-text"),
    pytest.param(lambda: time_split(True), TypeError, r"^length must be an int >= 3; got bool True$", id="time_split-bool"),
    pytest.param(lambda: time_split(2), ValueError, r"^length must be an int >= 3; got 2$", id="time_split-short"),
    pytest.param(lambda: time_split(100, validation="0.1"), TypeError,
                 r"^validation must be a number; got str '0\.1'$", id="time_split-fraction-text"),
    pytest.param(lambda: time_split(100, test=math.nan), ValueError, r"^test must be a finite number; got nan$", id="time_split-nan"),
    pytest.param(lambda: windows(SERIES, window=2.5, start=3, stop=5), TypeError,
                 r"^window must be an int >= 1; got float 2\.5$", id="windows-window-float"),
    pytest.param(lambda: windows(SERIES, window="3", start=3, stop=5), TypeError,
                 r"^window must be an int >= 1; got str '3'$", id="windows-window-text"),
    pytest.param(lambda: windows(SERIES, window=0, start=3, stop=5), ValueError,
                 r"^window must be an int >= 1; got 0$", id="windows-window-zero"),
    pytest.param(lambda: windows(SERIES, window=2, start=3.0, stop=5), TypeError,
                 r"^start must be an int >= 0; got float 3\.0$", id="windows-start-float"),
    pytest.param(lambda: windows(SERIES, window=2, start=3, stop=None), TypeError,
                 r"^stop must be an int >= 0; got NoneType None$", id="windows-stop-none"),
    pytest.param(lambda: windows(["1", "2", "3"], 1, 1, 2), TypeError,
                 r"^series must hold numbers; got an array of <U1$", id="windows-text-series"),
    pytest.param(lambda: windows([1.0, np.nan, 3.0], 1, 1, 2), ValueError,
                 r"^series holds NaN or infinite values \(1 of 3\)", id="windows-nan-series"),
    pytest.param(lambda: Standardizer.fit([1.0, np.inf]), ValueError,
                 r"^train holds NaN or infinite values \(1 of 2\)", id="Standardizer-inf"),
    pytest.param(lambda: Standardizer(0.0, 1.0).transform(["a"]), TypeError,
                 r"^values must hold numbers; got an array of <U1$", id="Standardizer-transform-text"),
    pytest.param(lambda: last_value_forecast([[1.0, np.nan]]), ValueError,
                 r"^inputs holds NaN or infinite values \(1 of 2\)", id="last_value_forecast-nan"),
    pytest.param(lambda: forecast_errors([1.0, 2.0], [1.0, 2.0]), TypeError,
                 r"^forecasts must be a dict of label -> forecast values, e\.g\. \{'LSTM': predicted\}; got list$", id="forecast_errors-list"),
    pytest.param(lambda: forecast_errors([], {"m": []}), ValueError,
                 r"^truth must hold at least one value to measure errors on$", id="forecast_errors-empty"),
    pytest.param(lambda: plot_forecast("ab", [1.0, 2.0], {}), ValueError,
                 r"^time must be one-dimensional \(one value per time step\), got shape \(\)$", id="plot_forecast-time-text"),
    # kteach.images
    pytest.param(lambda: kteach.show_image_rows({"a": IMAGES}, n=2.5), TypeError,
                 r"^n must be an int >= 1; got float 2\.5$", id="show_image_rows-n-float"),
    pytest.param(lambda: kteach.show_image_rows({"a": np.full((2, 4, 4), np.inf)}), ValueError,
                 r"^images holds NaN or infinite values \(32 of 32\)", id="show_image_rows-inf"),
    pytest.param(lambda: kteach.show_image_rows({"a": IMAGES}, titles=5), TypeError,
                 r"^titles must be a list naming each of the 3 columns shown; got 5$", id="show_image_rows-titles-int"),
    pytest.param(lambda: kteach.show_feature_maps(feature_maps_of(2), index=0.0), TypeError,
                 r"^index must be an int >= 0; got float 0\.0$", id="show_feature_maps-index-float"),
    pytest.param(lambda: kteach.show_feature_maps(feature_maps_of(2), index=-1), ValueError,
                 r"^index must be an int >= 0; got -1$", id="show_feature_maps-index-negative"),
    pytest.param(lambda: kteach.show_feature_maps(feature_maps_of(2), channels="2"), TypeError,
                 r"^channels must be an int >= 1; got str '2'$", id="show_feature_maps-channels-text"),
    pytest.param(lambda: kteach.show_feature_maps(feature_maps_of(0)), ValueError,
                 r"^maps must hold at least one image; an entry has an empty batch$", id="show_feature_maps-empty-batch"),
    # kteach.diagram
    pytest.param(lambda: kteach.show_model(dense_model(), show_shapes="no"), TypeError,
                 r"^show_shapes must be True or False; got str 'no'$", id="show_model-flag-text"),
    pytest.param(lambda: kteach.show_model(dense_model(), to_file=5), TypeError,
                 r"^to_file must be a file path \(str or Path\) or None; got int$", id="show_model-to_file-int"),
    pytest.param(lambda: kteach.show_model(dense_model(), dpi=96.0), TypeError,
                 r"^dpi must be an int from 24 to 600; got float$", id="show_model-dpi-float"),
    # kteach.training
    pytest.param(lambda: kteach.Hyperparameters(epochs=1e3), TypeError,
                 r"^epochs must be an int >= 1; got float 1000\.0$", id="Hyperparameters-epochs-float"),
    pytest.param(lambda: kteach.Hyperparameters(optimizer=3), TypeError,
                 r"^optimizer must be one of \['adam', 'rmsprop', 'sgd'\]; got 3$", id="Hyperparameters-optimizer-int"),
    pytest.param(lambda: kteach.Hyperparameters(learning_rate=math.inf), ValueError,
                 r"^learning_rate must be a finite number; got inf$", id="Hyperparameters-inf"),
    pytest.param(lambda: kteach.Trainer(TINY, seed=1.5), TypeError, r"^seed must be an int >= 0; got float 1\.5$", id="Trainer-seed-float"),
    pytest.param(lambda: kteach.Trainer(((np.full((4, 3), np.nan), Y), (X[:2], Y[:2]))), ValueError,
                 r"^x_train holds NaN or infinite values \(12 of 12\)", id="Trainer-nan-inputs"),
    pytest.param(lambda: kteach.Trainer(((X, Y), (np.zeros((2, 5)), Y[:2]))), ValueError,
                 r"^data: x_test samples must have the shape of x_train's, \(3,\); got \(5,\)$", id="Trainer-x_test-shape"),
    pytest.param(lambda: kteach.Trainer(((X, np.zeros(4, int)), (X[:2], np.zeros(2, int)))), ValueError,
                 r"^data: labels must hold at least 2 classes to classify; every label is 0$", id="Trainer-one-class"),
    pytest.param(lambda: kteach.Trainer(TINY).train(callbacks=5), TypeError,
                 r"^callbacks must be a list of Keras callbacks \(e\.g\. \[kteach\.LiveHistory\(\)\]\) or None; got int$",
                 id="Trainer-callbacks-int"),
    pytest.param(lambda: kteach.Trainer(TINY).train(verbose="no"), TypeError,
                 r"^verbose must be True or False; got str 'no'$", id="Trainer-verbose-text"),
    pytest.param(lambda: kteach.Trainer(TINY).train(name=5), TypeError,
                 r"^name must be a non-empty string, got 5$", id="Trainer-name-int"),
    pytest.param(lambda: kteach.HyperparameterPanel(TINY, live="no"), TypeError,
                 r"^live must be True or False; got str 'no'$", id="HyperparameterPanel-live-text"),
    pytest.param(lambda: kteach.HyperparameterPanel(TINY, live=False).wait(timeout=-1), ValueError,
                 r"^timeout must be >= 0 seconds, or None to wait as long as it takes; got -1$", id="HyperparameterPanel-wait-negative"),
    pytest.param(lambda: kteach.HyperparameterPanel(TINY, live=False).wait(timeout="1"), TypeError,
                 r"^timeout must be a number; got str '1'$", id="HyperparameterPanel-wait-text"),
    # kteach.settings, kteach.i18n
    pytest.param(lambda: kteach.seed_everything(True), TypeError, r"^seed must be an int >= 0; got bool True$", id="seed_everything-bool"),
    pytest.param(lambda: kteach.seed_everything("1"), TypeError, r"^seed must be an int >= 0; got str '1'$", id="seed_everything-text"),
    pytest.param(lambda: kteach.set_language(["zh"]), TypeError,
                 r"^language must be one of \['en', 'zh'\] \(English, 中文（简体）\); got \['zh'\]$", id="set_language-list"),
    # kteach.datasets
    pytest.param(lambda: kteach.load_imdb(maxlen=0), ValueError,
                 r"^maxlen must be >= 1, or None for no limit; got 0$", id="load_imdb-maxlen-zero"),
    pytest.param(lambda: kteach.load_imdb(num_words=0), ValueError,
                 r"^num_words must be >= 1, or None for no limit; got 0$", id="load_imdb-num_words-zero"),
    pytest.param(lambda: kteach.load_imdb(num_words=100.0), TypeError,
                 r"^num_words must be an int or None, got 100\.0$", id="load_imdb-num_words-float"),
    pytest.param(lambda: kteach.load_imdb(skip_top=True), TypeError, r"^skip_top must be an int, got True$", id="load_imdb-skip_top-bool"),
    pytest.param(lambda: kteach.encode_review("a film", num_words=0), ValueError,
                 r"^num_words must be >= 1, or None for no limit; got 0$", id="encode_review-num_words-zero"),
    pytest.param(lambda: kteach.decode_review([[1, 2]]), TypeError,
                 r"^sequence must hold ints \(one review, not a batch\), found \[1, 2\]$", id="decode_review-batch"),
]


@pytest.mark.parametrize(("call", "error", "message"), PROBES)
def test_plausible_wrong_input_gets_a_clear_error(call, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(lambda: time_split(np.int64(100), validation=np.float32(0.1)), (75, 85), id="time_split"),
        pytest.param(lambda: windows(SERIES, np.int64(2), np.int32(2), np.int64(4))[1].tolist(), [2.0, 3.0], id="windows"),
        pytest.param(lambda: kteach.Hyperparameters(epochs=np.int64(3), dropout=np.float32(0.25)).describe(),
                     "epochs=3 batch_size=128 hidden_units=128 dropout=0.25 l2=0 optimizer=sgd learning_rate=0.01", id="Hyperparameters"),
        pytest.param(lambda: len(kteach.show_predictions(IMAGES, IDS, IDS, n=np.int64(2)).axes), 2, id="show_predictions"),
        pytest.param(lambda: len(kteach.show_image_rows({"a": IMAGES}, n=np.int64(2)).axes), 2, id="show_image_rows"),
        pytest.param(lambda: kteach.confusion_matrix(np.array([0, 1], np.int8), np.float32([[0.9, 0.1], [0.2, 0.8]]))[0].tolist(),
                     [[1, 0], [0, 1]], id="confusion_matrix"),
    ],
)
def test_numpy_scalars_and_dtypes_are_accepted_as_numbers(call, expected) -> None:
    assert call() == expected


def test_readme_states_the_number_of_bad_input_tests() -> None:
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", str(Path(__file__))],
        capture_output=True, text=True, cwd=ROOT,
    ).stdout
    count = len([line for line in collected.splitlines() if "::" in line])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"`tests/test_bad_input\.py` feeds ([\d,]+) plausible wrong inputs", readme)
    assert stated is not None and int(stated.group(1).replace(",", "")) == count > 100
