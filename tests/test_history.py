"""Tests for kteach.history: the plotting-free training-history state."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from kteach.history import (
    HistoryLog,
    MetricGroup,
    as_history,
    as_scalar,
    is_history,
    keras2_spellings,
    metric_groups,
    resolve_key,
    select_groups,
)

EPOCH_LOGS = [
    {"accuracy": 0.5, "loss": 1.2, "val_accuracy": 0.4, "val_loss": 1.3},
    {"accuracy": 0.7, "loss": 0.9, "val_accuracy": 0.6, "val_loss": 1.0},
]
EPOCH_LOGS_AS_DICT = {key: [logs[key] for logs in EPOCH_LOGS] for key in EPOCH_LOGS[0]}


def filled_log(logs: list[dict] | None = None) -> HistoryLog:
    """A log fed ``logs`` (default EPOCH_LOGS) as Keras would, one epoch at a time."""
    logs = EPOCH_LOGS if logs is None else logs
    log = HistoryLog(planned_epochs=len(logs))
    for epoch, values in enumerate(logs):
        log.add_epoch(epoch, values)
    return log


def test_history_equals_keras_history_fed_the_same_logs():
    import keras

    keras_history = keras.callbacks.History()
    keras_history.set_model(keras.Sequential())
    keras_history.on_train_begin()
    for epoch, logs in enumerate(EPOCH_LOGS):
        keras_history.on_epoch_end(epoch, dict(logs))

    assert filled_log().history == keras_history.history
    assert list(filled_log().history) == list(keras_history.history)


def test_module_imports_no_plotting_or_ipython():
    code = "import sys, kteach.history; print(sorted(m for m in ('matplotlib', 'IPython') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_non_numeric_values_are_skipped_and_reported():
    log = HistoryLog()
    skipped = log.add_epoch(0, {"loss": np.float32(0.5), "note": "text", "vector": np.ones(3), "lr": None})
    assert skipped == ["note", "vector", "lr"]
    assert log.history == {"loss": [0.5]}
    assert isinstance(log.history["loss"][0], float)


def test_add_epoch_accepts_none_logs_and_bumps_revision():
    log = HistoryLog()
    assert log.add_epoch(0, None) == []
    assert len(log) == 1 and log.revision == 1 and log.history == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1.0), (np.float64(0.25), 0.25), (np.array(2.5), 2.5), (True, None), (np.bool_(False), None), ("1", None), (np.ones(2), None), (None, None)],
)
def test_as_scalar(value, expected):
    assert as_scalar(value) == expected


def test_series_uses_one_based_epochs_and_skips_epochs_without_the_key():
    # validation_freq=2 logs val_loss only every second epoch
    log = filled_log([{"loss": 1.0}, {"loss": 0.8, "val_loss": 0.9}, {"loss": 0.7}, {"loss": 0.6, "val_loss": 0.7}])
    assert log.series("loss") == ([1, 2, 3, 4], [1.0, 0.8, 0.7, 0.6])
    assert log.series("val_loss") == ([2, 4], [0.9, 0.7])
    assert log.series("missing") == ([], [])


def test_batch_points_are_kept_apart_from_epochs():
    log = HistoryLog()
    log.add_batch(0.5, {"loss": 2.0})
    log.add_batch(1.0, {"loss": 1.5})
    assert log.batch_series("loss") == ([0.5, 1.0], [2.0, 1.5])
    assert log.batch_keys == ["loss"] and log.keys == [] and log.history == {}
    assert [group.name for group in log.groups()] == ["loss"]


def test_metric_groups_pair_train_and_validation_losses_first():
    groups = metric_groups(["accuracy", "loss", "val_accuracy", "val_loss", "val_only"])
    assert groups == [
        MetricGroup("loss", "loss", "val_loss"),
        MetricGroup("accuracy", "accuracy", "val_accuracy"),
        MetricGroup("only", None, "val_only"),
    ]
    assert groups[2].keys == ("val_only",)


def test_metric_groups_for_multiple_outputs():
    keys = ["loss", "out_a_accuracy", "out_a_loss", "out_b_loss", "out_b_mae",
            "val_loss", "val_out_a_accuracy", "val_out_a_loss", "val_out_b_loss", "val_out_b_mae"]
    groups = metric_groups(keys)
    assert [g.name for g in groups] == ["loss", "out_a_loss", "out_b_loss", "out_a_accuracy", "out_b_mae"]
    assert all(g.val == "val_" + g.name for g in groups)


@pytest.mark.parametrize(
    ("name", "keys", "expected"),
    [
        ("acc", ["loss", "accuracy"], "accuracy"),
        ("val_acc", ["val_accuracy"], "val_accuracy"),
        ("out_a_acc", ["out_a_accuracy"], "out_a_accuracy"),
        ("accuracy", ["acc", "loss"], "acc"),  # a Keras 2 history read with Keras 3 names
        ("loss", ["loss"], "loss"),
    ],
)
def test_resolve_key_accepts_keras2_names(name, keys, expected):
    assert resolve_key(name, keys) == expected


def test_resolve_key_error_lists_existing_keys():
    with pytest.raises(KeyError) as error:
        filled_log().resolve_key("acuracy")
    message = str(error.value)
    assert "'acuracy'" in message
    for key in ("'accuracy'", "'loss'", "'val_accuracy'", "'val_loss'"):
        assert key in message


def test_resolve_key_on_empty_log_says_nothing_recorded():
    with pytest.raises(KeyError, match="nothing recorded yet"):
        HistoryLog().resolve_key("loss")


def test_resolve_key_rejects_non_strings():
    with pytest.raises(TypeError, match="metric name must be a str"):
        resolve_key(3, ["loss"])


def test_keras2_spellings_only_touch_acc():
    assert keras2_spellings("loss") == []
    assert keras2_spellings("val_acc") == ["val_accuracy"]


def test_select_groups_follows_requested_order_and_either_side():
    groups = metric_groups(["loss", "accuracy", "val_loss", "val_accuracy"])
    chosen = select_groups(groups, ["val_acc", "val_loss", "loss"])
    assert [g.name for g in chosen] == ["accuracy", "loss"]
    assert select_groups(groups, "loss") == [groups[0]]
    assert select_groups(groups, None) == groups


def test_select_groups_strict_raises_lenient_skips():
    groups = metric_groups(["loss"])
    with pytest.raises(KeyError, match="recorded keys: 'loss'"):
        select_groups(groups, ["auc"])
    assert select_groups(groups, ["auc", "loss"], strict=False) == groups


def test_as_history_accepts_dict_log_and_keras_history():
    import keras

    expected = filled_log().history
    keras_history = keras.callbacks.History()
    keras_history.history = {key: list(values) for key, values in expected.items()}
    assert as_history(expected) == expected
    assert as_history(filled_log()) == expected
    assert as_history(keras_history) == expected
    assert as_history({"loss": np.array([1, 2], dtype=np.float32)}) == {"loss": [1.0, 2.0]}


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ([1.0, 2.0], "history must be a keras History"),
        ({"loss": "abc"}, r"history\['loss'\] must be a list of numbers"),
        ({"loss": [1.0, "x"]}, r"history\['loss'\] must be a list of numbers"),
        ({"loss": 1.0}, r"history\['loss'\] must be a list of numbers"),
    ],
)
def test_as_history_rejects_other_things(obj, message):
    with pytest.raises(TypeError, match=message):
        as_history(obj)
    assert not is_history(obj)


def test_as_history_names_the_parameter():
    with pytest.raises(TypeError, match="^runs\\[0\\] must be"):
        as_history(None, name="runs[0]")


def test_from_history_round_trips():
    log = HistoryLog.from_history(EPOCH_LOGS_AS_DICT)
    assert log.history == EPOCH_LOGS_AS_DICT
    assert len(log) == 2
    assert [epoch for epoch, _ in log.records] == [0, 1]



def test_a_missing_metric_is_explained_in_chinese(chinese):
    with pytest.raises(KeyError) as error:
        HistoryLog().resolve_key("val_loss")
    assert error.value.args[0] == (
        "这份训练历史中没有指标 'val_loss'；已记录的键：还没有记录任何指标。"
        "只有给 fit() 传入 validation_split= 或 validation_data= 时，才会记录验证集指标。"
    )
    with pytest.raises(TypeError, match=r"^history\['loss'\] 必须是数值列表（每个轮次一个值）；收到的是 str$"):
        as_history({"loss": "0.5"})
