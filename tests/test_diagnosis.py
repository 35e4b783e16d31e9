"""kteach.diagnosis: the verdict printed beside a lesson's curves follows the numbers."""

from __future__ import annotations

import pytest

import kteach
from kteach.diagnosis import LEVELLED_OFF, OVERFITTING, STILL_LEARNING, diagnose_fit

# Lesson 07's callbacks run as stored: validation loss lowest at epoch 11, training still falling.
OVERFIT = {
    "loss": [1.99, 1.04, 0.52, 0.35, 0.26, 0.21, 0.17, 0.14, 0.11, 0.094, 0.078, 0.064, 0.053],
    "val_loss": [1.47, 0.72, 0.49, 0.40, 0.37, 0.36, 0.34, 0.33, 0.32, 0.308, 0.3041, 0.3082, 0.3106],
    "accuracy": [0.5, 0.7, 0.85, 0.9, 0.93, 0.95, 0.96, 0.97, 0.98, 0.985, 0.99, 0.991, 0.9925],
    "val_accuracy": [0.6, 0.8, 0.86, 0.88, 0.9, 0.9, 0.91, 0.91, 0.912, 0.914, 0.915, 0.915, 0.915],
}


def test_overfitting_names_the_best_epoch_and_both_losses():
    result = diagnose_fit(OVERFIT)
    assert result.verdict == OVERFITTING
    assert result.best_epoch == 11 and result.epochs == 13
    assert result.val == (0.3041, 0.3106) and result.train == (0.078, 0.053)
    text = str(result)
    assert text.startswith("overfitting: val_loss was lowest at epoch 11 (0.3041) and is 0.3106 at epoch 13")
    assert "(0.0780 -> 0.0530)" in text
    assert text.endswith("Last epoch: accuracy 0.9925, val_accuracy 0.9150 (gap +0.0775).")


def test_a_small_rise_within_the_tolerance_is_not_overfitting():
    history = {"loss": [1.0, 0.5, 0.45, 0.449], "val_loss": [1.0, 0.6, 0.59, 0.595]}  # +0.8%
    assert diagnose_fit(history).verdict == LEVELLED_OFF
    assert diagnose_fit(history, rise=0.005).verdict == OVERFITTING


def test_steeply_falling_loss_is_still_learning_with_the_fall_over_the_last_quarter():
    history = {"loss": [2.3, 2.0, 1.8, 1.6, 1.5, 1.4, 1.3, 1.2], "val_loss": [2.3, 2.0, 1.8, 1.6, 1.5, 1.4, 1.3, 1.25]}
    result = diagnose_fit(history)
    assert result.verdict == STILL_LEARNING
    assert result.recent == 2 and result.recent_fall == pytest.approx((1.4 - 1.2) / 1.4)
    assert str(result) == (
        "still learning: the training loss fell 14% over the last 2 epochs, so more epochs would lower it "
        "further. val_loss is lowest at the last epoch."
    )


def test_flat_loss_is_levelled_off_and_names_the_best_validation_epoch():
    history = {"loss": [1.0, 0.50, 0.40, 0.399, 0.398, 0.398, 0.397, 0.397], "val_loss": [1.0, 0.6, 0.5, 0.49, 0.495, 0.496, 0.494, 0.494]}
    result = diagnose_fit(history)
    assert result.verdict == LEVELLED_OFF
    assert str(result) == "levelled off: the training loss fell only 0.3% over the last 2 epochs. val_loss was lowest at epoch 4 of 8."


def test_without_validation_it_reads_the_training_curve_only():
    result = diagnose_fit({"loss": [1.0, 0.5]})
    assert result.verdict == STILL_LEARNING and result.best_epoch is None and result.val is None
    assert str(result) == "still learning: the training loss fell 50% over the last epoch, so more epochs would lower it further."


def test_keras2_accuracy_names_and_a_keras_history_object():
    class History:  # what model.fit returns: an object with a .history dict
        history = {"loss": [1.0, 0.9], "val_loss": [1.0, 0.95], "acc": [0.5, 0.6], "val_acc": [0.4, 0.55]}

    assert diagnose_fit(History()).accuracy == (0.6, 0.55)


def test_chinese_verdict():
    kteach.set_language("zh")
    try:
        text = str(diagnose_fit(OVERFIT))
    finally:
        kteach.set_language("en")
    assert text.startswith("过拟合")
    assert "0.3041" in text and "11" in text


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"history": {"loss": [1.0]}}, ValueError, "at least 2 epochs"),
        ({"history": [1.0, 0.5]}, TypeError, "history must be a keras History"),
        ({"history": OVERFIT, "monitor": "mae"}, KeyError, "'loss'"),
        ({"history": OVERFIT, "rise": 1.5}, ValueError, "rise must be between 0 and 1"),
        ({"history": OVERFIT, "still_learning": "5%"}, TypeError, "still_learning must be a number"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(")):
        diagnose_fit(**kwargs)


def test_early_stopping_two_epochs_past_the_best_reads_as_overfitting():
    # Lesson 07's callbacks run in full mode: EarlyStopping(patience=2) ended it 1.5% above the best.
    history = {
        "loss": [1.2601, 0.4107, 0.2864, 0.2264, 0.1811, 0.1483, 0.1228, 0.1008, 0.0811],
        "val_loss": [0.5903, 0.4001, 0.3427, 0.3181, 0.2944, 0.2785, 0.2771, 0.2881, 0.2813],
    }
    result = diagnose_fit(history)
    assert result.verdict == OVERFITTING and result.best_epoch == 7
