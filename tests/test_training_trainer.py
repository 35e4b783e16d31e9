"""kteach.training.trainer: runs of the lesson-01 MLP, stop, interrupt, NaN, names, and messages in Chinese."""

from __future__ import annotations

import re
import threading

import keras
import numpy as np
import pytest
from training_helpers import FAST, AtEpochEnd, assert_curves_and_test_accuracy, learnable_data

from kteach.training import Hyperparameters, RunRecord, Trainer, build_mlp


@pytest.fixture
def trainer(tiny_data: tuple) -> Trainer:
    return Trainer(tiny_data, params=FAST)



class WeightsSpy(keras.callbacks.Callback):
    """Keeps the weights at the start and at the end of training."""

    def on_train_begin(self, logs=None) -> None:
        self.initial = self.model.get_weights()

    def on_train_end(self, logs=None) -> None:
        self.final = self.model.get_weights()



def test_train_records_a_finished_run(trainer: Trainer, tiny_data: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    run = trainer.train()
    assert isinstance(run, RunRecord) and trainer.runs == [run]
    # tiny_data's labels are random: accuracy stays near guessing, but nothing diverged, so no hint
    assert (run.name, run.status, run.message, run.epochs_done) == ("run 1", "finished", "", 3)
    assert_curves_and_test_accuracy(run, tiny_data, epochs=3)
    assert run.params == Hyperparameters(**FAST).as_dict() and run.seconds > 0
    assert repr(run) == f"<RunRecord {run.summary()}>"  # no timings, no model, no raw floats
    printed = capsys.readouterr().out
    assert printed == run.summary() + "\n"
    assert printed.startswith("run 1: epochs=3 batch_size=32 hidden_units=16 dropout=0 l2=0 optimizer=sgd")
    assert f"-> 3/3 epochs, best val_accuracy {run.best_val_accuracy:.4f}" in printed
    assert printed.rstrip().endswith("finished") and not re.search(r"\d ?(s|ms)\b", printed)  # no timings


def test_runs_are_seeded_and_numbered(trainer: Trainer) -> None:
    first, second = trainer.train(verbose=False), trainer.train(verbose=False)
    assert [run.name for run in trainer.runs] == ["run 1", "run 2"]
    assert first.history == second.history  # same seed: runs differ only by their settings
    trainer.set(hidden_units=8)
    assert trainer.train(verbose=False).history != first.history


def test_set_validates_and_keeps_old_params(trainer: Trainer) -> None:
    with pytest.raises(ValueError, match="dropout must be >= 0 and < 1"):
        trainer.set(dropout=1.5)
    assert trainer.params == Hyperparameters(**FAST)
    assert trainer.set(epochs=7).epochs == 7 and trainer.params.epochs == 7


def test_stop_keeps_the_model_and_history(trainer: Trainer) -> None:
    trainer.set(epochs=50)
    spy = WeightsSpy()
    run = trainer.train(callbacks=[spy, AtEpochEnd(lambda epoch: epoch == 1 and trainer.stop())], verbose=False)
    assert run.status == "stopped" and "stopped after" in run.message
    assert 2 <= run.epochs_done < 50
    assert all(len(values) == run.epochs_done for values in run.history.values())
    final = run.model.get_weights()
    assert any(not np.array_equal(a, b) for a, b in zip(spy.initial, final, strict=True))  # it learnt something
    assert all(np.array_equal(a, b) for a, b in zip(spy.final, final, strict=True))  # exactly the weights at the stop
    assert run.test_accuracy is not None and not trainer.running


def test_stop_when_idle_does_nothing(trainer: Trainer) -> None:
    assert trainer.stop() is False
    run = trainer.train(verbose=False)
    assert run.status == "finished" and run.epochs_done == 3


def test_stop_from_another_thread(trainer: Trainer) -> None:
    trainer.set(epochs=500)
    started = threading.Event()
    stopper = threading.Thread(target=lambda: started.wait(30) and trainer.stop())
    stopper.start()
    run = trainer.train(callbacks=[AtEpochEnd(lambda epoch: started.set())], verbose=False)
    stopper.join()
    assert run.status == "stopped" and 1 <= run.epochs_done < 500


def test_keyboard_interrupt_is_swallowed(trainer: Trainer, capsys: pytest.CaptureFixture[str]) -> None:
    trainer.set(epochs=10)

    def interrupt(epoch: int) -> None:
        if epoch == 1:
            raise KeyboardInterrupt

    run = trainer.train(callbacks=[AtEpochEnd(interrupt)])
    assert run.status == "stopped" and run.message.startswith("interrupted after 2 epochs")
    assert run.epochs_done == 2 and run.model is not None and run.test_accuracy is None
    assert trainer.runs == [run] and not trainer.running
    assert capsys.readouterr().out.count("\n") == 1  # one line, no traceback
    assert trainer.train(verbose=False).status == "finished"  # usable again


def test_nan_loss_stops_with_a_hint(trainer: Trainer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "0")  # float32, as a learner trains: float64 overflows much later
    trainer.set(learning_rate=1e8, epochs=20)
    run = trainer.train(verbose=False)
    assert run.status == "nan" and run.epochs_done < 20
    assert "learning_rate=1e+08 is likely too high for sgd; try 1e+07" in run.message
    assert run.test_accuracy is None
    assert "(the loss became NaN in epoch" in run.summary()


def test_only_one_run_at_a_time(trainer: Trainer) -> None:
    errors = []

    def train_again(epoch: int) -> None:
        try:
            trainer.train()
        except RuntimeError as error:
            errors.append(str(error))

    trainer.train(callbacks=[AtEpochEnd(train_again)], verbose=False)
    assert len(errors) == 3 and "already training" in errors[0]
    assert len(trainer.runs) == 1


@pytest.mark.parametrize("params", ["fast", 3])
def test_invalid_trainer_arguments(tiny_data: tuple, params: object) -> None:
    with pytest.raises(TypeError, match="params must be a kteach.Hyperparameters, a dict or None"):
        Trainer(tiny_data, params=params)
    with pytest.raises(TypeError, match="build must be a function"):
        Trainer(tiny_data, build="mlp")
    with pytest.raises(ValueError, match="seed must be an int >= 0"):
        Trainer(tiny_data, seed=-1)


def test_runs_can_be_named_and_names_stay_unique(trainer: Trainer) -> None:
    trainer.set(epochs=1)
    assert trainer.train(name="baseline", verbose=False).name == "baseline"
    assert trainer.train(verbose=False).name == "run 2"
    with pytest.raises(ValueError, match="'baseline' already names a run"):
        trainer.train(name="baseline")
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        trainer.train(name="  ")
    assert [run.name for run in trainer.runs] == ["baseline", "run 2"]
    assert not trainer.running


def test_a_far_too_high_learning_rate_is_named_even_without_nan() -> None:
    trainer = Trainer(learnable_data(), params={"epochs": 3, "batch_size": 32, "optimizer": "adam", "learning_rate": 10.0})
    run = trainer.train(verbose=False)
    assert run.status == "finished" and run.history["accuracy"][-1] <= 0.15
    assert "no better than guessing (0.10) and the loss jumped to" in run.message
    assert run.message.endswith("learning_rate=10 is likely too high for adam; try 1")
    trainer.set(learning_rate=0.001, epochs=10)
    good = trainer.train(verbose=False)
    assert good.history["accuracy"][-1] > 0.5 and good.message == ""


# ---- in Chinese ----------------------------------------------------------------------------


def test_errors_read_in_chinese_and_keep_names_and_values(chinese, trainer: Trainer) -> None:
    with pytest.raises(ValueError, match=r"^learning_rate（学习率）必须 > 0.*收到的是 -1\.0$"):
        Hyperparameters(learning_rate=-1)
    with pytest.raises(TypeError, match=r"^未知的超参数 \['lr'\]；可用的超参数有 \['epochs'"):
        trainer.set(lr=0.1)
    with pytest.raises(ValueError, match=r"^n_classes 必须是 >= 2 的整数；收到的是 1$"):
        build_mlp(Hyperparameters(), 784, 1)


def test_a_run_summary_reads_in_chinese_but_its_code_stays_english(chinese, trainer: Trainer, capsys) -> None:
    trainer.set(epochs=1)
    record = trainer.train()
    printed = capsys.readouterr().out
    assert printed.startswith("run 1：epochs=1 batch_size=32 hidden_units=16") and "-> 训练了 1/1 个轮次，最佳验证准确率 " in printed
    assert printed.rstrip().endswith("，已完成")
    assert record.status == "finished" and "keras.Sequential([" in record.code() and "训练" not in record.code()


def test_quick_mode_runs_train_in_float64_like_the_lessons(trainer: Trainer) -> None:
    # conftest sets KTEACH_QUICK=1: the Trainer seeds through seed_everything, as every lesson does
    run = trainer.train(verbose=False)
    assert {weight.dtype for weight in run.model.get_weights()} == {np.dtype("float64")}
