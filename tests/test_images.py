"""Tests for kteach.images: image rows, convolution filters, feature maps."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from kteach.images import (
    conv_filters,
    feature_maps,
    show_feature_maps,
    show_filters,
    show_image_rows,
)


@pytest.fixture(scope="module")
def tiny_cnn() -> keras.Model:
    """A built 8x8 greyscale CNN with known first-layer kernels (filter f is all f's)."""
    model = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            keras.layers.Conv2D(3, (3, 3), activation="relu", name="conv_a"),
            keras.layers.MaxPooling2D(2, name="pool"),
            keras.layers.Dropout(0.5, name="drop"),
            keras.layers.Conv2D(2, (2, 2), name="conv_b"),
            keras.layers.Flatten(name="flat"),
            keras.layers.Dense(2, name="out"),
        ]
    )
    kernel = np.stack([np.full((3, 3), f, dtype="float32") for f in range(3)], axis=-1)[:, :, np.newaxis, :]
    model.get_layer("conv_a").set_weights([kernel, np.zeros(3, dtype="float32")])
    return model


# --- show_image_rows ------------------------------------------------------------


def test_show_image_rows_draws_each_row_with_its_label_and_pixels():
    originals = np.arange(4 * 16, dtype=float).reshape(4, 16)  # flat 4x4 pictures
    rebuilt = originals[:, ::-1].reshape(4, 4, 4, 1)
    figure = show_image_rows({"original": originals, "reconstruction": rebuilt}, n=3)
    assert len(figure.axes) == 6
    first, second = figure.axes[:3], figure.axes[3:]
    assert first[0].get_ylabel() == "original" and second[0].get_ylabel() == "reconstruction"
    np.testing.assert_array_equal(first[2].images[0].get_array(), originals[2].reshape(4, 4))
    np.testing.assert_array_equal(second[1].images[0].get_array(), rebuilt[1, :, :, 0])


def test_show_image_rows_titles_columns_and_leaves_short_rows_blank():
    figure = show_image_rows({"a": np.zeros((3, 4, 4)), "b": np.zeros((1, 4, 4))}, n=3, titles=["x", "y", "z"])
    assert [ax.get_title() for ax in figure.axes[:3]] == ["x", "y", "z"]
    assert [len(ax.images) for ax in figure.axes[3:]] == [1, 0, 0]


@pytest.mark.parametrize(
    ("rows", "kwargs", "message"),
    [
        ({}, {}, "rows must be a non-empty dict"),
        ({"a": np.zeros((2, 4, 4))}, {"n": 0}, r"n must be an int >= 1; got 0"),
        ({"a": np.zeros((2, 4, 4))}, {"titles": ["only one"]}, "titles must be a list naming each of the 2 columns"),
        ({"a": np.zeros((2, 5))}, {}, "images must be shaped"),
        ({"a": np.zeros((0, 4, 4))}, {}, "rows must hold at least one image"),
    ],
)
def test_show_image_rows_rejects_bad_input(rows, kwargs, message):
    with pytest.raises(ValueError, match=message):
        show_image_rows(rows, **kwargs)


@pytest.mark.parametrize("titles", ["ab", 5])
def test_show_image_rows_titles_of_another_type_are_a_type_error(titles):
    with pytest.raises(TypeError, match=r"^titles must be a list naming each of the 2 columns shown; got "):
        show_image_rows({"a": np.zeros((2, 4, 4))}, titles=titles)


# --- conv_filters / show_filters --------------------------------------------------


def test_conv_filters_are_the_kernels_one_picture_per_filter(tiny_cnn):
    kernels = conv_filters(tiny_cnn.get_layer("conv_a"))
    assert kernels.shape == (3, 3, 3)
    for f in range(3):
        np.testing.assert_array_equal(kernels[f], np.full((3, 3), f))


def test_conv_filters_refuses_layers_that_are_not_greyscale_convolutions(tiny_cnn):
    with pytest.raises(ValueError, match="conv_b reads 3 channels"):
        conv_filters(tiny_cnn.get_layer("conv_b"))
    with pytest.raises(TypeError, match="must be a built keras.layers.Conv2D"):
        conv_filters(tiny_cnn.get_layer("out"))
    with pytest.raises(TypeError, match="must be a built keras.layers.Conv2D"):
        conv_filters(keras.layers.Conv2D(4, 3))


def test_show_filters_one_axes_per_kernel_on_one_symmetric_scale(tiny_cnn):
    figure = show_filters(tiny_cnn.get_layer("conv_a"), columns=2)
    assert len(figure.axes) == 3  # a 2x2 grid with the spare cell removed
    assert [ax.get_title() for ax in figure.axes] == ["0", "1", "2"]
    for index, ax in enumerate(figure.axes):
        image = ax.images[0]
        assert image.get_clim() == (-2.0, 2.0)
        np.testing.assert_array_equal(image.get_array(), np.full((3, 3), index))
    with pytest.raises(ValueError, match=r"columns must be an int >= 1; got 0"):
        show_filters(tiny_cnn.get_layer("conv_a"), columns=0)


# --- feature_maps / show_feature_maps ----------------------------------------------


def test_feature_maps_reads_convolutions_and_pooling_by_default(tiny_cnn):
    images = np.random.default_rng(0).random((2, 8, 8, 1)).astype("float32")
    maps = feature_maps(tiny_cnn, images)
    assert list(maps) == ["conv_a", "pool", "conv_b"]  # not the Dropout, Flatten or Dense layers
    assert maps["conv_a"].shape == (2, 6, 6, 3) and maps["pool"].shape == (2, 3, 3, 3)
    # filter 1 is all ones: its map is the 3x3 sum of the pixels (through relu)
    window_sum = sum(images[0, r : r + 6, c : c + 6, 0] for r in range(3) for c in range(3))
    np.testing.assert_allclose(maps["conv_a"][0, :, :, 1], window_sum, rtol=1e-5)
    np.testing.assert_allclose(maps["pool"][1], maps["conv_a"][1].reshape(3, 2, 3, 2, 3).max(axis=(1, 3)), rtol=1e-6)


def test_feature_maps_works_on_functional_models_and_chosen_layers():
    inputs = keras.Input(shape=(6, 6, 1))
    outputs = keras.layers.Conv2D(2, 3, name="c")(inputs)
    model = keras.Model(inputs, keras.layers.Flatten()(outputs))
    maps = feature_maps(model, np.ones((1, 6, 6, 1)), layer_names=["c"])
    assert list(maps) == ["c"] and maps["c"].shape == (1, 4, 4, 2)


@pytest.mark.parametrize(
    ("names", "message"),
    [(["nope"], r"from \['conv_a', 'pool', 'drop', 'conv_b', 'flat', 'out'\]"), ([], "must name"), (["out"], r"\['out'\] are not")],
)
def test_feature_maps_rejects_unknown_or_flat_layers(tiny_cnn, names, message):
    with pytest.raises(ValueError, match=message):
        feature_maps(tiny_cnn, np.zeros((1, 8, 8, 1)), layer_names=names)


def test_feature_maps_needs_a_keras_model():
    with pytest.raises(TypeError, match="model must be a keras.Model"):
        feature_maps("cnn", np.zeros((1, 8, 8, 1)))


def test_show_feature_maps_one_row_per_layer_and_the_chosen_image():
    maps = {"a": np.arange(2 * 4 * 4 * 3, dtype=float).reshape(2, 4, 4, 3), "b": np.ones((2, 2, 2, 1))}
    figure = show_feature_maps(maps, index=1, channels=2)
    assert len(figure.axes) == 4
    assert figure.axes[0].get_ylabel() == "a\n4x4" and figure.axes[2].get_ylabel() == "b\n2x2"
    np.testing.assert_array_equal(figure.axes[1].images[0].get_array(), maps["a"][1, :, :, 1])
    assert len(figure.axes[3].images) == 0  # layer b has one channel only


@pytest.mark.parametrize(
    ("maps", "kwargs", "message"),
    [
        ({}, {}, "maps must be a non-empty dict"),
        ({"a": np.ones((1, 4, 4))}, {}, r"\['a'\] do not"),
        ({"a": np.ones((2, 4, 4, 1))}, {"index": 2}, r"index must pick an image of the batch, 0..1"),
        ({"a": np.ones((2, 4, 4, 1))}, {"channels": 0}, r"channels must be an int >= 1; got 0"),
    ],
)
def test_show_feature_maps_rejects_bad_input(maps, kwargs, message):
    with pytest.raises(ValueError, match=message):
        show_feature_maps(maps, **kwargs)


def test_errors_and_titles_read_in_chinese(chinese, tiny_cnn: keras.Model) -> None:
    with pytest.raises(ValueError, match=r"^n 必须是 >= 1 的整数（int）；收到的是 0$"):
        show_image_rows({"x": np.zeros((2, 4, 4))}, n=0)
    with pytest.raises(ValueError, match=r"^layer 必须只读取 1 个通道.*conv_b 读取的是 3 个通道$"):
        conv_filters(tiny_cnn.get_layer("conv_b"))
    figure = show_filters(tiny_cnn.get_layer("conv_a"))
    assert figure._suptitle.get_text() == "conv_a：3 个卷积核，每个有 3x3 个权重"
