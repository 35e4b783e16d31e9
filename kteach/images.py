"""Pictures of what image models do: image rows, convolution filters, feature maps.

Introduced in lesson 04 (``show_image_rows``: originals above an autoencoder's
reconstructions) and lesson 05 (``conv_filters`` / ``show_filters`` and
``feature_maps`` / ``show_feature_maps``: what a CNN's first layer looks for and
what each layer passes on). The arrays are computed by plain functions and only
then drawn, so a learner can inspect the numbers without any plot. Figures use
pyplot, like :mod:`kteach.plots`: a notebook shows them even when assigned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import keras
import matplotlib.pyplot as plt
import numpy as np

from kteach.checks import check_int
from kteach.fonts import plot_text
from kteach.i18n import tr
from kteach.plots import as_pictures

FILTER_COLORMAP = "RdBu_r"  # red positive, blue negative, white zero
MAP_COLORMAP = "viridis"
CELL_INCHES = 1.1
# layers whose outputs feature_maps reads by default
IMAGE_LAYERS = (keras.layers.Conv2D, keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)


def _grid(rows: int, columns: int) -> tuple[Any, np.ndarray]:
    """A pyplot figure of ``rows`` x ``columns`` small axes without ticks."""
    figure, axes = plt.subplots(
        rows, columns, squeeze=False, figsize=(CELL_INCHES * columns + 0.8, CELL_INCHES * rows + 0.3)
    )
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    return figure, axes


def show_image_rows(rows: Mapping[str, Any], n: int = 10, titles: Sequence[str] | None = None) -> Any:
    """Show the first ``n`` images of each entry as one labelled row (lesson 04).

    Args:
        rows: ``{row label: images}``, e.g. ``{"original": x, "reconstruction": y}``;
            images shaped ``(N, H, W)``, ``(N, H, W, 1 or 3)`` or flat ``(N, H*W)``.
        n: Images per row (fewer if a row has fewer).
        titles: Optional titles over the columns, e.g. class names of the images.

    Returns:
        The figure; ``figure.axes`` holds the pictures row by row.

    Raises:
        ValueError: If ``rows`` is empty, ``n`` is not a positive int, or ``titles``
            has fewer entries than the columns shown.
    """
    if not isinstance(rows, Mapping) or not rows:
        raise ValueError(tr("rows must be a non-empty dict of row label -> images; got {rows!r}", rows=rows))
    count = check_int("n", n, minimum=1)
    pictures = {str(label): as_pictures(images)[:count] for label, images in rows.items()}
    columns = max(len(images) for images in pictures.values())
    if columns == 0:
        raise ValueError(tr("rows must hold at least one image; every entry is empty"))
    if titles is not None and (isinstance(titles, str) or not isinstance(titles, (Sequence, np.ndarray))):
        raise TypeError(
            tr(
                "titles must be a list naming each of the {columns} columns shown; got {titles!r}",
                columns=columns,
                titles=titles,
            )
        )
    if titles is not None and len(titles) < columns:
        raise ValueError(
            tr(
                "titles must be a list naming each of the {columns} columns shown; got {titles!r}",
                columns=columns,
                titles=titles,
            )
        )
    figure, axes = _grid(len(pictures), columns)
    for row, (label, images) in zip(axes, pictures.items()):
        row[0].set_ylabel(label, fontsize="small")
        for index, ax in enumerate(row):
            if index < len(images):
                ax.imshow(images[index], cmap="gray" if images[index].ndim == 2 else None)
            else:
                ax.set_frame_on(False)
    for index, title in enumerate(titles[:columns] if titles is not None else []):
        axes[0, index].set_title(str(title), fontsize="small")
    figure.tight_layout()
    return figure


def conv_filters(layer: Any) -> np.ndarray:
    """The kernels of a ``Conv2D`` layer that reads a 1-channel image, as ``(filters, height, width)`` (lesson 05).

    Only a first layer reading greyscale pixels has kernels that are pictures;
    deeper layers' kernels span many channels of features, not pixels.

    Raises:
        TypeError: If ``layer`` is not a built ``keras.layers.Conv2D``.
        ValueError: If the layer reads more than one channel.
    """
    if not isinstance(layer, keras.layers.Conv2D) or not layer.built:
        raise TypeError(
            tr(
                "layer must be a built keras.layers.Conv2D, e.g. model.layers[0] of a CNN; got {kind}",
                kind=type(layer).__name__,
            )
        )
    kernel = np.asarray(layer.kernel)  # (height, width, in channels, filters)
    if kernel.shape[2] != 1:
        raise ValueError(
            tr(
                "layer must read 1 channel (a greyscale first layer) to draw its kernels as pictures; "
                "{name} reads {channels} channels",
                name=layer.name,
                channels=kernel.shape[2],
            )
        )
    return np.transpose(kernel[:, :, 0, :], (2, 0, 1))


def show_filters(layer: Any, columns: int = 8) -> Any:
    """Draw each kernel of a greyscale first ``Conv2D`` layer: red weights add, blue subtract (lesson 05).

    One colour scale, symmetric around 0, is shared by all kernels so they can be compared.

    Returns:
        The figure, one axes per filter (titled with its index).
    """
    kernels = conv_filters(layer)
    per_row = check_int("columns", columns, minimum=1)
    limit = float(np.abs(kernels).max()) or 1.0
    rows = -(-len(kernels) // per_row)
    figure, axes = _grid(rows, min(per_row, len(kernels)))
    for index, ax in enumerate(axes.ravel()):
        if index >= len(kernels):
            figure.delaxes(ax)
            continue
        ax.imshow(kernels[index], cmap=FILTER_COLORMAP, vmin=-limit, vmax=limit)
        ax.set_title(str(index), fontsize="small")
    figure.suptitle(
        plot_text(
            "{name}: {count} kernels of {height}x{width} weights",
            name=layer.name,
            count=len(kernels),
            height=kernels.shape[1],
            width=kernels.shape[2],
        )
    )
    figure.tight_layout()
    return figure


def feature_maps(model: Any, images: Any, layer_names: Sequence[str] | None = None) -> dict[str, np.ndarray]:
    """What each layer outputs for ``images``: ``{layer name: (N, H, W, channels)}`` (lesson 05).

    Args:
        model: A Keras model built with ``keras.Input`` (Sequential or functional).
        images: A batch the model accepts, e.g. ``x_test[:1]``.
        layer_names: Layers to read; None reads every convolution and pooling layer
            (a ``Dropout`` passes its input on unchanged at prediction time).

    Raises:
        TypeError: If ``model`` is not a Keras model.
        ValueError: If a name is not a layer of ``model`` (the message lists them),
            none is chosen, or a chosen layer's output is not ``(N, H, W, channels)``.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(
            tr("model must be a keras.Model (Sequential or functional); got {kind}", kind=type(model).__name__)
        )
    layers = {layer.name: layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)}
    if layer_names is None:
        names = [name for name, layer in layers.items() if isinstance(layer, IMAGE_LAYERS)]
    else:
        names = list(layer_names)
    unknown = [name for name in names if name not in layers]
    if unknown or not names:
        raise ValueError(
            tr(
                "layer_names must name image-like layers of the model, from {layers}; got {names}",
                layers=list(layers),
                names=names,
            )
        )
    flat = [name for name in names if len(layers[name].output.shape) != 4]
    if flat:
        raise ValueError(tr("layer_names must name layers with (N, H, W, channels) outputs; {flat} are not", flat=flat))
    probe = keras.Model(model.inputs, [layers[name].output for name in names])
    outputs = probe.predict(images, verbose=0)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    return {name: np.asarray(output) for name, output in zip(names, outputs)}


def show_feature_maps(maps: Mapping[str, np.ndarray], index: int = 0, channels: int = 8) -> Any:
    """One row per layer: the first ``channels`` feature maps of image ``index`` (lesson 05).

    Bright means the filter found its pattern there. Each map has its own colour
    scale, so a weak but telling map is still visible.

    Args:
        maps: What :func:`feature_maps` returns.
        index: Which image of the batch to show.
        channels: How many channels (filters) per layer.

    Raises:
        ValueError: If ``maps`` is empty, an entry is not ``(N, H, W, C)``, or ``index``
            is out of range.
    """
    if not isinstance(maps, Mapping) or not maps:
        raise ValueError(tr("maps must be a non-empty dict {layer name: (N, H, W, C) array}, as feature_maps returns"))
    shown = check_int("channels", channels, minimum=1)
    arrays = {name: np.asarray(array) for name, array in maps.items()}
    bad = [name for name, array in arrays.items() if array.ndim != 4]
    if bad:
        raise ValueError(tr("maps must hold (N, H, W, C) arrays; {bad} do not", bad=bad))
    size = min(len(array) for array in arrays.values())
    if size == 0:
        raise ValueError(tr("maps must hold at least one image; an entry has an empty batch"))
    if not check_int("index", index, minimum=0) < size:
        raise ValueError(
            tr("index must pick an image of the batch, 0..{last}; got {index!r}", last=size - 1, index=index)
        )
    columns = min(shown, max(array.shape[-1] for array in arrays.values()))
    figure, axes = _grid(len(arrays), columns)
    for row, (name, array) in zip(axes, arrays.items()):
        row[0].set_ylabel(f"{name}\n{array.shape[1]}x{array.shape[2]}", fontsize="small")
        for channel, ax in enumerate(row):
            if channel < array.shape[-1]:
                ax.imshow(array[index, :, :, channel], cmap=MAP_COLORMAP)
            else:
                ax.set_frame_on(False)
    figure.tight_layout()
    return figure
