"""Tests for kteach.plots: history curves, predictions grid, confusion matrix, run comparison."""

from __future__ import annotations

import re
import unicodedata

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from kteach.history import HistoryLog
from kteach.plots import (
    as_run,
    class_ids,
    compare_runs,
    confusion_matrix,
    plot_history,
    run_table,
    show_predictions,
)

HISTORY = {
    "loss": [1.0, 0.8, 0.6],
    "accuracy": [0.5, 0.6, 0.7],
    "val_loss": [1.1, 0.9, 0.8],
    "val_accuracy": [0.4, 0.5, 0.6],
}
RED = to_rgba("red")


def lines_by_label(ax) -> dict[str, matplotlib.lines.Line2D]:
    return {line.get_label(): line for line in ax.get_lines()}


# --- plot_history -------------------------------------------------------------


def test_plot_history_one_subplot_per_metric_train_vs_validation():
    figure, axes = plot_history(HISTORY)
    assert len(axes) == 2 and figure.axes == axes
    assert [ax.get_title() for ax in axes] == ["loss", "accuracy"]
    assert [ax.get_xlabel() for ax in axes] == ["epoch", "epoch"]
    lines = lines_by_label(axes[1])
    assert set(lines) == {"train", "validation"}
    assert list(lines["validation"].get_xdata()) == [1, 2, 3]
    assert list(lines["validation"].get_ydata()) == HISTORY["val_accuracy"]
    assert lines["validation"].get_linestyle() == "--"
    assert lines["train"].get_color() != lines["validation"].get_color()


def test_plot_history_accepts_a_log_and_keras_names():
    log = HistoryLog.from_history(HISTORY)
    _, axes = plot_history(log, metrics=["val_acc"])
    assert [ax.get_title() for ax in axes] == ["accuracy"]


def test_plot_history_unknown_metric_lists_recorded_keys():
    with pytest.raises(KeyError, match="'auc'.*recorded keys: 'loss', 'val_loss', 'accuracy', 'val_accuracy'"):
        plot_history(HISTORY, metrics=["auc"])


def test_plot_history_overlays_runs_one_colour_each():
    slower = {key: [value * 0.9 for value in values] for key, values in HISTORY.items()}
    _, axes = plot_history({"lr 0.1": HISTORY, "lr 0.01": slower}, metrics="loss")
    lines = lines_by_label(axes[0])
    assert set(lines) == {"lr 0.1 train", "lr 0.1 validation", "lr 0.01 train", "lr 0.01 validation"}
    assert lines["lr 0.1 train"].get_color() == lines["lr 0.1 validation"].get_color()
    assert lines["lr 0.1 train"].get_color() != lines["lr 0.01 train"].get_color()


def test_plot_history_lays_out_many_metrics_on_a_grid():
    history = {f"m{i}": [float(i)] for i in range(4)}
    figure, axes = plot_history(history)
    assert len(axes) == 4 and len(figure.axes) == 4  # the 2x3 grid's spare axes are removed


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ([1, 2], TypeError, "history_or_runs must be"),
        ({"a": [1.0], "b": "x"}, TypeError, r"history_or_runs\['a'\] must be a keras History"),
        ({}, ValueError, "no recorded epochs"),
    ],
)
def test_plot_history_rejects_bad_input(value, error, message):
    with pytest.raises(error, match=message):
        plot_history(value)


# --- show_predictions -------------------------------------------------------------


def test_show_predictions_highlights_errors_in_red():
    images = np.random.default_rng(0).random((5, 784))  # flat MNIST-like rows
    labels = np.array([0, 1, 2, 3, 4])
    probabilities = np.eye(5)[[0, 1, 2, 3, 1]] * 0.8 + 0.04
    figure = show_predictions(images, labels, probabilities, n=5, class_names=list("abcde"))
    axes = figure.axes
    assert len(axes) == 5
    assert axes[0].get_images()[0].get_array().shape == (28, 28)
    assert axes[0].get_title() == "a 84%"
    assert to_rgba(axes[0].title.get_color()) != RED
    assert axes[4].get_title() == "b 84%\n(true: e)"
    assert to_rgba(axes[4].title.get_color()) == RED
    assert to_rgba(axes[4].spines["left"].get_edgecolor()) == RED


def test_show_predictions_accepts_class_ids_and_limits_to_n():
    images = np.zeros((10, 8, 8, 1))
    figure = show_predictions(images, np.arange(10), np.arange(10), n=3)
    assert [ax.get_title() for ax in figure.axes] == ["0", "1", "2"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"labels": [0, 1]}, "images, labels, predictions must have the same length; got images=3, labels=2"),
        ({"n": 0}, r"n must be an int >= 1; got 0"),
        ({"class_names": ["only"]}, "class_names must be a list with a name for each class id 0..2"),
        ({"images": np.zeros((3, 10))}, r"images must be shaped .* got shape \(3, 10\)"),
    ],
)
def test_show_predictions_rejects_bad_input(kwargs, message):
    arguments = {"images": np.zeros((3, 4, 4)), "labels": [0, 1, 2], "predictions": [0, 1, 2], **kwargs}
    with pytest.raises(ValueError, match=message):
        show_predictions(**arguments)


@pytest.mark.parametrize(
    ("values", "ids", "confidence"),
    [
        ([2, 0, 1], [2, 0, 1], None),
        ([[0.1, 0.9], [0.7, 0.3]], [1, 0], [0.9, 0.7]),
        ([[0.2], [0.6]], [0, 1], [0.8, 0.6]),  # a sigmoid output
        ([0.2, 0.6], [0, 1], [0.8, 0.6]),
    ],
)
def test_class_ids_from_ids_probabilities_and_sigmoids(values, ids, confidence):
    found, found_confidence = class_ids(values, "predictions")
    assert found.tolist() == ids
    if confidence is None:
        assert found_confidence is None
    else:
        assert found_confidence.tolist() == pytest.approx(confidence)


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ([-1, 2], ValueError, r"^y_pred must be class ids"),
        ([1.5, 2.0], ValueError, r"^y_pred must be class ids"),
        ([["a"]], TypeError, r"^y_pred must hold numbers; got an array of <U1$"),
        ([True, False], TypeError, r"^y_pred must hold numbers; got an array of bool$"),
        ([], ValueError, r"^y_pred holds no samples; got shape \(0,\)$"),
        ([[0.2, 0.8], [np.nan, 0.5]], ValueError, r"^y_pred holds NaN or infinite values \(1 of 4\)"),
        ([[2.0, -1.0], [0.5, 3.0]], ValueError, r"^y_pred rows do not look like probabilities \(values -1 to 3, row sums 1 to 3\.5"),
    ],
)
def test_class_ids_rejects_other_values(values, error, message):
    with pytest.raises(error, match=message):
        class_ids(values, "y_pred")


# --- confusion_matrix ----------------------------------------------------------------


def test_confusion_matrix_counts_true_rows_predicted_columns():
    y_true = [0, 0, 1, 1, 1, 2]
    y_pred = [0, 1, 1, 1, 2, 2]
    matrix, figure = confusion_matrix(y_true, y_pred, class_names=["cat", "dog", "bird"])
    assert matrix.tolist() == [[1, 1, 0], [0, 2, 1], [0, 0, 1]]
    assert matrix.sum() == len(y_true)
    ax = figure.axes[0]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["cat", "dog", "bird"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted", "true")
    assert [text.get_text() for text in ax.texts] == ["1", "1", "0", "0", "2", "1", "0", "0", "1"]


def test_confusion_matrix_from_probabilities_and_one_hot():
    y_true = np.eye(3)[[2, 0]]
    y_pred = np.array([[0.1, 0.2, 0.7], [0.1, 0.8, 0.1]])
    matrix, _ = confusion_matrix(y_true, y_pred)
    assert matrix.tolist() == [[0, 1, 0], [0, 0, 0], [0, 0, 1]]


def test_confusion_matrix_size_follows_class_names():
    matrix, _ = confusion_matrix([0], [0], class_names=["a", "b", "c", "d"])
    assert matrix.shape == (4, 4)
    with pytest.raises(ValueError, match="y_true, y_pred must have the same length"):
        confusion_matrix([0, 1], [0])


# --- compare_runs -----------------------------------------------------------------


def run(name: str, **fields) -> dict:
    """A run as a dict, the way a learner can write one by hand."""
    return {"name": name, **fields}


def two_runs() -> list:
    fast = run("fast", params={"learning_rate": 0.1, "epochs": 3}, history=HISTORY, test_accuracy=0.8812, seconds=12.34)
    slow = run("slow", params={"learning_rate": 0.01}, history={"loss": [1.0]}, seconds=3, status="stopped")
    return [fast, slow]


def test_compare_runs_table_text_is_stable_and_aligned():
    comparison = compare_runs(two_runs())
    assert repr(comparison) == (
        "run   learning_rate  epochs  epochs done  best val accuracy  test accuracy  status    time\n"
        "fast  0.1            3       3            0.6000             0.8812         finished  12.3s\n"
        "slow  0.01                   1            -                  -              stopped   3.0s"
    )


def test_compare_runs_html_and_figure():
    runs = two_runs()
    runs[0]["name"] = "a<b"
    comparison = compare_runs(runs, metrics=["loss"])
    html = comparison._repr_html_()
    assert html.startswith("<table><thead><tr><th>run</th>") and "<td>a&lt;b</td>" in html
    assert html.count("<tr>") == 3
    assert [ax.get_title() for ax in comparison.axes] == ["loss"]
    assert set(lines_by_label(comparison.axes[0])) == {"a<b train", "a<b validation", "slow train"}
    assert comparison.figure is comparison.axes[0].figure


def test_compare_runs_skips_untrained_runs_in_the_plot():
    runs = [run("done", history={"loss": [1.0, 0.5]}), run("never", status="stopped")]
    comparison = compare_runs(runs)
    assert set(lines_by_label(comparison.axes[0])) == {"done train"}
    assert comparison.table.rows[1][:2] == ("never", "0")


@pytest.mark.parametrize(
    ("runs", "error", "message"),
    [
        ([], ValueError, "runs must be a non-empty list"),
        ([run("a"), run("a")], ValueError, r"repeated: \['a'\]"),
        ([run("a")], ValueError, "no run has a recorded epoch"),
        ([{"name": "a", "lr": 1}], TypeError, r"runs\[0\] must be a dict with 'name'"),
        ([object()], TypeError, r"runs\[0\] lacks \['name'"),
    ],
)
def test_compare_runs_rejects_bad_runs(runs, error, message):
    with pytest.raises(error, match=message):
        compare_runs(runs)


def test_dict_runs_get_fresh_defaults():
    first, second = as_run(run("a")), as_run(run("b"))
    first.params["units"] = 8
    assert second.params == {} and second.history == {}
    assert (second.test_accuracy, second.seconds, second.status) == (None, 0.0, "finished")


def test_run_table_accepts_panel_like_objects():
    class PanelRun:  # what the hyperparameter panel hands over
        name, params, history, test_accuracy, seconds, status = "p", {"units": 64}, {"loss": [1.0]}, None, 1.0, "finished"

    table = run_table([PanelRun()])
    assert table.columns == ("run", "units", "epochs done", "best val accuracy", "test accuracy", "status", "time")
    assert table.rows == (("p", "64", "1", "-", "-", "finished", "1.0s"),)


def test_many_runs_share_one_legend_and_keep_the_plots_readable(recwarn):
    runs = {f"run {i}": {"accuracy": [0.5 + i / 100, 0.6], "val_accuracy": [0.4, 0.5 + i / 100]} for i in range(12)}
    figure, axes = plot_history(runs)
    figure.canvas.draw()  # constrained layout runs here; it warns when the axes collapse
    assert not [w for w in recwarn if "constrained_layout" in str(w.message)]
    assert all(ax.get_legend() is None for ax in axes)
    (legend,) = figure.legends
    labels = [text.get_text() for text in legend.get_texts()]
    assert labels == [*runs, "train", "validation"]
    colours = {tuple(line.get_color()) for line in axes[0].get_lines()}
    assert len(colours) == 12  # every run its own colour, beyond the 10 of the default cycle
    assert axes[0].get_position().width > 0.3


# ---- in Chinese ----------------------------------------------------------------------------


def test_plot_labels_read_in_chinese(chinese) -> None:
    _, axes = plot_history(HISTORY)
    assert axes[0].get_xlabel() == "轮次（epoch）"
    assert [text.get_text() for text in axes[0].get_legend().get_texts()] == ["训练集", "验证集"]
    _, figure = confusion_matrix([0, 1, 1], [0, 1, 0])
    assert (figure.axes[0].get_xlabel(), figure.axes[0].get_ylabel()) == ("预测类别", "真实类别")
    figure = show_predictions(np.zeros((2, 4, 4)), [0, 1], [0, 0])
    assert figure.axes[1].get_title() == "0\n（真实：1）"


def test_run_table_reads_in_chinese_and_stays_aligned(chinese) -> None:
    run = {"name": "baseline", "params": {"epochs": 3}, "history": HISTORY, "test_accuracy": 0.61, "status": "stopped"}
    table = run_table([as_run(run)])
    header, row = repr(table).splitlines()
    assert header.split() == ["运行", "epochs", "完成轮次", "最佳验证准确率", "测试准确率", "状态", "用时"]
    assert row.split() == ["baseline", "3", "3", "0.6000", "0.6100", "已停止", "0.0s"]
    assert display_columns(header) == display_columns(row)  # each cell starts under its header


def display_columns(line: str) -> list[int]:
    """Where each cell of a table line starts on screen: a Chinese character takes two columns."""
    return [sum(2 if unicodedata.east_asian_width(char) == "W" else 1 for char in line[: cell.start()]) for cell in re.finditer(r"\S+", line)]


def test_errors_read_in_chinese(chinese) -> None:
    with pytest.raises(ValueError, match=r"^runs 必须是由运行记录组成的非空列表；收到的是 \[\]$"):
        compare_runs([])
