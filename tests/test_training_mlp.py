"""kteach.training.mlp: build_mlp builds lesson 01's MLP family and refuses what it cannot build."""

from __future__ import annotations

import keras
import pytest

from kteach.training import Hyperparameters, build_mlp


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

