"""kteach.training: the Trainer with any build(params) and free-form params (lesson 07), and FreeParams."""

from __future__ import annotations

import keras
import pytest
from training_helpers import FAST, assert_curves_and_test_accuracy, learnable_data, one_hot

import kteach
from kteach.training import FreeParams, Hyperparameters, Trainer, build_mlp

SETTINGS = {"epochs": 2, "batch_size": 32}


def small_mlp(params: dict) -> keras.Sequential:
    """A build(params) in lesson 07's style: plain values in params, Keras objects made here."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(params.get("units", 8), activation="relu", kernel_initializer=params.get("initializer", "glorot_uniform")),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    optimizer = keras.optimizers.SGD(learning_rate=params.get("learning_rate", 0.01), momentum=params.get("momentum", 0.0))
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model


def test_build_gets_the_params_and_the_run_is_recorded(tiny_data: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    seen = []

    def build(params: dict) -> keras.Sequential:
        seen.append(params)
        return small_mlp(params)

    trainer = Trainer(tiny_data, build=build, params={**SETTINGS, "units": 4})
    run = trainer.train(name="four units")
    assert seen == [{"epochs": 2, "batch_size": 32, "units": 4}] and type(seen[0]) is dict
    assert run.model.layers[0].units == 4 and trainer.runs == [run]
    assert (run.name, run.status, run.message, run.epochs_done) == ("four units", "finished", "", 2)
    assert_curves_and_test_accuracy(run, tiny_data, epochs=2)
    assert run.params == {"epochs": 2, "batch_size": 32, "units": 4}
    printed = capsys.readouterr().out
    assert printed == run.summary() + "\n"
    assert printed.startswith("four units: epochs=2 batch_size=32 units=4 -> 2/2 epochs, best val_accuracy ")
    with pytest.raises(ValueError, match="four units was built by a custom build function"):
        run.code()


def test_a_run_is_the_same_as_a_plain_seeded_fit(tiny_data: tuple) -> None:
    # What lesson 07 relies on: the Trainer seeds, builds and fits exactly as a hand-written cell does.
    run = Trainer(tiny_data, build=small_mlp, params=SETTINGS, seed=7).train(verbose=False, momentum=0.9)
    (x, y), (x_test, y_test) = one_hot(tiny_data)
    kteach.seed_everything(7)
    model = small_mlp({"momentum": 0.9})
    history = model.fit(x, y, epochs=2, batch_size=32, validation_split=0.2, verbose=0)
    assert run.history == history.history
    assert run.test_accuracy == model.evaluate(x_test, y_test, verbose=0)[1]


def test_changes_given_to_train_are_for_that_run_only(tiny_data: tuple) -> None:
    trainer = Trainer(tiny_data, build=small_mlp, params=SETTINGS)
    zeros = trainer.train(verbose=False, initializer="zeros", epochs=1)
    plain = trainer.train(verbose=False)
    assert zeros.params == {"epochs": 1, "batch_size": 32, "initializer": "zeros"} and zeros.epochs_done == 1
    assert not zeros.model.layers[0].kernel.numpy().any()  # all-zero weights stay zero
    assert plain.params == SETTINGS == dict(trainer.params) and plain.epochs_done == 2
    assert trainer.set(units=3) == {**SETTINGS, "units": 3}  # set() keeps new names for the next runs
    assert trainer.train(verbose=False).model.layers[0].units == 3


def test_typed_runs_take_changes_for_one_run_too(tiny_data: tuple) -> None:
    trainer = Trainer(tiny_data, params=FAST)
    run = trainer.train(verbose=False, epochs=1, dropout=0.25)
    assert run.params == Hyperparameters(**FAST).replace(epochs=1, dropout=0.25).as_dict()
    assert [type(layer).__name__ for layer in run.model.layers].count("Dropout") == 2
    assert trainer.params == Hyperparameters(**FAST)
    with pytest.raises(ValueError, match="dropout must be >= 0 and < 1"):
        trainer.train(dropout=1.5)
    with pytest.raises(TypeError, match=r"unknown hyperparameter\(s\) \['units'\]"):
        trainer.train(units=3)
    assert trainer.runs == [run] and not trainer.running


def test_the_form_of_build_picks_the_kind_of_params(tiny_data: tuple) -> None:
    assert isinstance(Trainer(tiny_data, build=lambda params: None).params, FreeParams)
    assert isinstance(Trainer(tiny_data, build=lambda params, input_dim, n_classes: None).params, Hyperparameters)
    assert isinstance(Trainer(tiny_data, build=build_mlp, params=SETTINGS).params, Hyperparameters)
    assert Trainer(tiny_data, build=small_mlp).params == {"epochs": 20, "batch_size": 128}  # lesson 01's
    assert Trainer(tiny_data, build=small_mlp, params=Hyperparameters(epochs=3)).params["hidden_units"] == 128


@pytest.mark.parametrize(
    "build",
    ["mlp", None, lambda: None, lambda params, input_dim: None, lambda params, input_dim, n_classes, extra: None],
    ids=["text", "None", "no-arguments", "two-arguments", "four-arguments"],
)
def test_a_build_that_is_not_a_builder_is_named(tiny_data: tuple, build: object) -> None:
    with pytest.raises(TypeError, match=r"^build must be a function build\(params\) -> compiled model, or "
                       r"build\(params, input_dim, n_classes\) -> compiled model like kteach\.training\.build_mlp; got "):
        Trainer(tiny_data, build=build)


@pytest.mark.parametrize(
    ("result", "error", "message"),
    [
        (lambda: keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10)]), ValueError,
         r"^build returned a model that is not compiled: call model\.compile\(loss=\.\.\., optimizer=\.\.\., "
         r"metrics=\[\"accuracy\"\]\) in build and return the model$"),
        (lambda: None, TypeError, r"^build must return a compiled Keras model; got NoneType$"),
        (lambda: "model", TypeError, r"^build must return a compiled Keras model; got str$"),
    ],
    ids=["uncompiled", "None", "text"],
)
def test_what_build_returns_must_be_a_compiled_model(tiny_data: tuple, result, error: type, message: str) -> None:
    trainer = Trainer(tiny_data, build=lambda params: result(), params=SETTINGS)
    with pytest.raises(error, match=message):
        trainer.train()
    assert trainer.runs == [] and not trainer.running


def test_free_params_check_what_fit_uses_and_keep_the_rest() -> None:
    params = FreeParams({"epochs": 5, "initializer": "zeros"})
    assert params.as_dict() == {"epochs": 5, "batch_size": 128, "initializer": "zeros"}
    assert (params.epochs, params.batch_size, params["initializer"], len(params)) == (5, 128, "zeros", 3)
    assert params.describe() == "epochs=5 batch_size=128 initializer=zeros"
    changed = params.replace(momentum=0.9, epochs=2)
    assert changed.describe() == "epochs=2 batch_size=128 initializer=zeros momentum=0.9" and params.epochs == 5
    with pytest.raises(ValueError, match=r"^epochs must be an int >= 1; got 0$"):
        params.replace(epochs=0)
    with pytest.raises(TypeError, match=r"^batch_size must be an int >= 1; got str '32'$"):
        FreeParams({"batch_size": "32"})


@pytest.mark.parametrize("params", ["fast", 3])
def test_free_params_must_be_a_dict(tiny_data: tuple, params: object) -> None:
    with pytest.raises(TypeError, match="params must be a kteach.Hyperparameters, a dict or None"):
        Trainer(tiny_data, build=small_mlp, params=params)


def mlp_at(optimizer: str, learning_rate: float) -> object:
    """A build(params) that builds lesson 01's MLP (16 units) with ``optimizer`` at ``learning_rate``."""
    return lambda params: build_mlp(Hyperparameters(hidden_units=16, optimizer=optimizer, learning_rate=learning_rate), 784, 10)


def test_a_free_form_nan_names_the_learning_rate(tiny_data: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "0")  # float32, as a learner trains: float64 overflows much later
    run = Trainer(tiny_data, build=mlp_at("sgd", 1e8), params={"epochs": 20, "batch_size": 32}).train(verbose=False)
    assert run.status == "nan" and run.epochs_done < 20 and run.test_accuracy is None
    assert run.message.startswith("the loss became NaN in epoch ")
    assert run.message.endswith(": the learning rate is likely too high; try one 10 times smaller")


def test_a_free_form_run_at_guessing_level_names_the_learning_rate() -> None:
    run = Trainer(learnable_data(), build=mlp_at("adam", 10.0), params={"epochs": 3, "batch_size": 32}).train(verbose=False)
    assert run.status == "finished" and run.history["accuracy"][-1] <= 0.15
    assert "no better than guessing (0.10) and the loss jumped to" in run.message
    assert run.message.endswith(": the learning rate is likely too high; try one 10 times smaller")
    good = Trainer(learnable_data(), build=mlp_at("adam", 0.001), params={"epochs": 10, "batch_size": 32}).train(verbose=False)
    assert good.history["accuracy"][-1] > 0.5 and good.message == ""
