"""kteach.training: hyperparameter validation, the lesson-01 MLP, runs, stop, interrupt, NaN, code()."""

from __future__ import annotations

import re
import threading

import keras
import numpy as np
import pytest

from kteach.training import (
    Hyperparameters,
    RunCallback,
    RunRecord,
    Trainer,
    build_mlp,
    prepare_data,
)

FAST = {"epochs": 3, "batch_size": 32, "hidden_units": 16}


@pytest.fixture
def trainer(tiny_data: tuple) -> Trainer:
    return Trainer(tiny_data, params=FAST)


def one_hot(data: tuple) -> tuple:
    (x, y), (xt, yt) = data
    return (x, keras.utils.to_categorical(y, 10)), (xt, keras.utils.to_categorical(yt, 10))


class AtEpochEnd(keras.callbacks.Callback):
    """Calls ``action(epoch)`` at the end of every epoch."""

    def __init__(self, action) -> None:
        super().__init__()
        self.action = action

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        self.action(epoch)


class WeightsSpy(keras.callbacks.Callback):
    """Keeps the weights at the start and at the end of training."""

    def on_train_begin(self, logs=None) -> None:
        self.initial = self.model.get_weights()

    def on_train_end(self, logs=None) -> None:
        self.final = self.model.get_weights()


# ---- Hyperparameters -----------------------------------------------------------------


def test_defaults_are_lesson_01() -> None:
    assert Hyperparameters().as_dict() == {
        "epochs": 20,
        "batch_size": 128,
        "hidden_units": 128,
        "dropout": 0.0,
        "l2": 0.0,
        "optimizer": "sgd",
        "learning_rate": 0.01,
    }


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"dropout": -0.1}, ValueError, r"dropout must be >= 0 and < 1"),
        ({"dropout": 1.0}, ValueError, r"dropout must be >= 0 and < 1"),
        ({"optimizer": "adagrad"}, ValueError, r"optimizer must be one of \['adam', 'rmsprop', 'sgd'\]"),
        ({"optimizer": 3}, TypeError, r"optimizer must be one of"),
        ({"batch_size": 0}, ValueError, r"batch_size must be an int >= 1; got 0"),
        ({"batch_size": -32}, ValueError, r"batch_size must be an int >= 1"),
        ({"epochs": 0}, ValueError, r"epochs must be an int >= 1; got 0"),
        ({"hidden_units": 0}, ValueError, r"hidden_units must be an int >= 1"),
        ({"l2": -1e-4}, ValueError, r"l2 must be >= 0"),
        ({"learning_rate": 0.0}, ValueError, r"learning_rate must be > 0"),
        ({"learning_rate": -0.01}, ValueError, r"learning_rate must be > 0"),
        ({"learning_rate": float("nan")}, ValueError, r"learning_rate must be a finite number"),
        ({"l2": float("inf")}, ValueError, r"l2 must be a finite number"),
        ({"epochs": 2.5}, TypeError, r"epochs must be an int >= 1; got float"),
        ({"batch_size": "128"}, TypeError, r"batch_size must be an int >= 1; got str"),
        ({"hidden_units": True}, TypeError, r"hidden_units must be an int >= 1; got bool"),
        ({"dropout": "0.3"}, TypeError, r"dropout must be a number; got str"),
        ({"learning_rate": None}, TypeError, r"learning_rate must be a number; got NoneType"),
    ],
)
def test_invalid_hyperparameters(changes: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        Hyperparameters(**changes)
    with pytest.raises(error, match=message):
        Hyperparameters().replace(**changes)


def test_replace_normalises_and_rejects_unknown_names() -> None:
    params = Hyperparameters().replace(optimizer="Adam", learning_rate=1, epochs=np.int64(5))
    assert (params.optimizer, params.learning_rate, params.epochs) == ("adam", 1.0, 5)
    assert type(params.learning_rate) is float and type(params.epochs) is int
    with pytest.raises(TypeError, match=r"unknown hyperparameter\(s\) \['lr'\].*'learning_rate'"):
        params.replace(lr=0.1)


# ---- build_mlp -----------------------------------------------------------------------


def test_build_mlp_is_the_lesson_01_family() -> None:
    plain = build_mlp(Hyperparameters(hidden_units=32), 784, 10)
    assert [type(layer).__name__ for layer in plain.layers] == ["Dense", "Dense", "Dense"]
    assert [layer.units for layer in plain.layers] == [32, 32, 10]
    assert [layer.activation.__name__ for layer in plain.layers] == ["relu", "relu", "softmax"]
    assert plain.layers[0].kernel_regularizer is None
    assert isinstance(plain.optimizer, keras.optimizers.SGD)
    assert float(plain.optimizer.learning_rate) == pytest.approx(0.01)
    assert plain.loss == "categorical_crossentropy"
    assert plain.count_params() == 784 * 32 + 32 + 32 * 32 + 32 + 32 * 10 + 10


def test_build_mlp_with_dropout_l2_and_adam() -> None:
    model = build_mlp(Hyperparameters(dropout=0.3, l2=1e-3, optimizer="adam", learning_rate=0.002), 20, 3)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert [layer.rate for layer in model.layers if kinds[model.layers.index(layer)] == "Dropout"] == [0.3, 0.3]
    assert model.layers[0].kernel_regularizer.l2 == pytest.approx(1e-3)
    assert model.layers[2].kernel_regularizer.l2 == pytest.approx(1e-3)
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.002)
    assert model.output_shape == (None, 3)


@pytest.mark.parametrize("input_dim", [0, (28, 28), 7.5])
def test_build_mlp_needs_flat_input(input_dim: object) -> None:
    with pytest.raises(ValueError, match="input_dim must be a positive int"):
        build_mlp(Hyperparameters(), input_dim, 10)


# ---- data ------------------------------------------------------------------------------


def test_int_and_one_hot_labels_are_the_same(tiny_data: tuple) -> None:
    (train, test), classes = prepare_data(tiny_data)
    (train_1h, test_1h), classes_1h = prepare_data(one_hot(tiny_data))
    assert classes == classes_1h == 10
    np.testing.assert_array_equal(train[1], train_1h[1])
    np.testing.assert_array_equal(test[1], test_1h[1])


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ("mnist", TypeError, r"data must be \(\(x_train, y_train\), \(x_test, y_test\)\)"),
        (((np.zeros((4, 3)), np.zeros(4, int)),), TypeError, r"data must be"),
        (
            ((np.zeros((4, 3)), np.zeros(5, int)), (np.zeros((2, 3)), np.zeros(2, int))),
            ValueError,
            "must hold one row per sample",
        ),
        (((np.zeros(4), np.zeros(4, int)), (np.zeros((2, 3)), np.zeros(2, int))), ValueError, "x_train must hold"),
        (
            ((np.zeros((4, 3)), np.zeros(4)), (np.zeros((2, 3)), np.zeros(2))),
            ValueError,
            r"labels must be class ids 0, 1, 2\.\.\. \(ints",
        ),
        (
            ((np.zeros((4, 3)), np.array([0, 1, -1, 2])), (np.zeros((2, 3)), np.zeros(2, int))),
            ValueError,
            "labels must be class ids 0, 1, 2",
        ),
        (
            ((np.zeros((4, 3)), np.eye(4)), (np.zeros((2, 3)), np.eye(2))),
            ValueError,
            "y_test must be one-hot with 4 columns",
        ),
    ],
)
def test_invalid_data(data: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        Trainer(data)


# ---- training runs ---------------------------------------------------------------------


def test_train_records_a_finished_run(trainer: Trainer, tiny_data: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    run = trainer.train()
    assert isinstance(run, RunRecord) and trainer.runs == [run]
    # tiny_data's labels are random: accuracy stays near guessing, but nothing diverged, so no hint
    assert (run.name, run.status, run.message, run.epochs_done) == ("run 1", "finished", "", 3)
    assert sorted(run.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert all(len(values) == 3 for values in run.history.values())
    assert run.best_val_accuracy == max(run.history["val_accuracy"])
    _, (x_test, y_test) = one_hot(tiny_data)
    assert run.test_accuracy == pytest.approx(run.model.evaluate(x_test, y_test, verbose=0)[1])
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


def test_code_reproduces_the_run_exactly(tiny_data: tuple) -> None:
    trainer = Trainer(
        tiny_data, params={**FAST, "dropout": 0.25, "l2": 1e-3, "optimizer": "adam", "learning_rate": 0.003}
    )
    run = trainer.train(verbose=False)
    code = run.code()
    for expected in (
        "import keras",
        "keras.utils.set_random_seed(0)",
        "keras.Input(shape=(784,))",
        "keras.layers.Dropout(0.25)",
        "keras.regularizers.L2(0.001)",
        "keras.optimizers.Adam(learning_rate=0.003)",
        "batch_size=32",
        "epochs=3",
        "validation_split=0.2",
    ):
        assert expected in code
    (x, y), (xt, yt) = one_hot(tiny_data)
    namespace = {"X_train": x, "Y_train": y, "X_test": xt, "Y_test": yt}
    exec(compile(code, "<run.code()>", "exec"), namespace)
    assert namespace["history"].history == run.history
    assert namespace["score"][1] == pytest.approx(run.test_accuracy)


def test_code_of_a_custom_build_is_refused(tiny_data: tuple) -> None:
    seen = {}

    def build(params: Hyperparameters, input_dim: int, n_classes: int) -> keras.Model:
        seen.update(input_dim=input_dim, n_classes=n_classes)
        return build_mlp(params, input_dim, n_classes)

    run = Trainer(tiny_data, build=build, params={**FAST, "epochs": 1}).train(verbose=False)
    assert seen == {"input_dim": 784, "n_classes": 10}
    with pytest.raises(ValueError, match="custom build function"):
        run.code()


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


def test_run_callback_keeps_keras_async_dispatch(monkeypatch: pytest.MonkeyPatch) -> None:
    # On backends that run batch hooks off the training thread (JAX, torch), a hook that
    # is not async_safe would force a device sync after every batch and slow fit down.
    from keras.src.callbacks import callback_list

    monkeypatch.setattr(callback_list.backend, "IS_THREAD_SAFE", True)
    plain = keras.callbacks.CallbackList([keras.callbacks.History()])
    ours = keras.callbacks.CallbackList([keras.callbacks.History(), RunCallback(threading.Event())])
    assert plain._async_train is True and ours._async_train is True


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


def learnable_data() -> tuple:
    """Test fixture, not a dataset: 10 classes that the first 10 features give away."""
    rng = np.random.default_rng(3)
    x = rng.random((600, 784), dtype=np.float32)
    y = rng.integers(0, 10, 600)
    x[np.arange(600), y] += 10.0
    return (x[:500], y[:500]), (x[500:], y[500:])


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
