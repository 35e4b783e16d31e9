"""kteach.training.records: RunRecord.code() repeats a run exactly, and RunCallback keeps fit fast."""

from __future__ import annotations

import threading

import keras
import pytest
from training_helpers import FAST, one_hot

from kteach.training import Hyperparameters, RunCallback, Trainer, build_mlp


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


def test_run_callback_keeps_keras_async_dispatch(monkeypatch: pytest.MonkeyPatch) -> None:
    # On backends that run batch hooks off the training thread (JAX, torch), a hook that
    # is not async_safe would force a device sync after every batch and slow fit down.
    from keras.src.callbacks import callback_list

    monkeypatch.setattr(callback_list.backend, "IS_THREAD_SAFE", True)
    plain = keras.callbacks.CallbackList([keras.callbacks.History()])
    ours = keras.callbacks.CallbackList([keras.callbacks.History(), RunCallback(threading.Event())])
    assert plain._async_train is True and ours._async_train is True


