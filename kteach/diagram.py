"""``show_model``: a model's diagram inline in the notebook, with or without Graphviz.

Introduced in lesson 01, right after ``model.summary()``. ``keras.utils.plot_model``
needs the ``pydot`` package *and* the Graphviz programs, writes ``model.png``
into the working folder, and in a notebook only prints "You must install pydot
and install graphviz" when either is missing. :func:`show_model` checks both
first, renders in memory (no file unless ``to_file=`` is given), and otherwise
prints one message on how to install them and shows a text diagram instead.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kteach.checks import check_bool, is_int
from kteach.files import write_atomic
from kteach.formatting import display_width
from kteach.i18n import tr

FORMATS = ("png", "svg")
RANKDIRS = ("TB", "LR", "BT", "RL")
DPI_RANGE = (24, 600)
GRAPHVIZ_PROGRAM = "dot"


def _install_help(problem: str) -> str:
    """How to install pydot and Graphviz, then the lead-in to the text diagram; ``problem`` says what went wrong."""
    return tr(
        "The model diagram needs the pydot package and the Graphviz programs ({problem}).\n"
        "Install them, restart the kernel, and run this cell again:\n"
        "  Debian/Ubuntu/Colab:  apt-get install graphviz     (with sudo if you are not root)\n"
        "  conda:                conda install graphviz python-graphviz\n"
        "  macOS (Homebrew):     brew install graphviz\n"
        "  Windows:              install Graphviz from https://graphviz.org/download/ and tick\n"
        "                        \"add Graphviz to the system PATH\" (or add its bin folder to PATH)\n"
        "  then, in every case:  pip install pydot\n"
        "Meanwhile, here is the model as text:",
        problem=problem,
    )


def _not_found(missing: list[str]) -> str:
    """``"pydot not found"`` or ``"pydot and Graphviz (dot) not found"``, in the current language."""
    if len(missing) == 1:
        return tr("{tool} not found", tool=missing[0])
    return tr("{tools} and {last} not found", tools=", ".join(missing[:-1]), last=missing[-1])


@dataclass(frozen=True)
class ModelDiagram:
    """A rendered model diagram: the image (or None) and the text version.

    Jupyter shows the image when there is one; its text/plain is the text
    diagram, which is also what a terminal or a text-only frontend shows.

    Attributes:
        fmt: ``"png"``, ``"svg"``, or ``"text"`` when Graphviz was not available.
        image: PNG bytes or SVG text; None for ``"text"``.
        text: The layers and output shapes as plain text.
    """

    fmt: str
    image: bytes | str | None
    text: str

    def _repr_png_(self) -> bytes | None:
        return self.image if self.fmt == "png" else None  # type: ignore[return-value]

    def _repr_svg_(self) -> str | None:
        return self.image if self.fmt == "svg" else None  # type: ignore[return-value]

    def __repr__(self) -> str:
        return self.text


def show_model(
    model: Any,
    show_shapes: bool = True,
    show_layer_names: bool = True,
    expand_nested: bool = False,
    dpi: int = 96,
    rankdir: str = "TB",
    fmt: str = "png",
    to_file: str | os.PathLike[str] | None = None,
) -> ModelDiagram:
    """Draw ``model`` as a diagram, shown inline when it is a cell's last line (lesson 01).

    Falls back to a text diagram, after one message on how to install Graphviz,
    when ``pydot`` or the Graphviz programs are missing; never raises for that.

    Args:
        model: A built Keras model (it knows its input shape).
        show_shapes: Show each layer's output shape.
        show_layer_names: Show each layer's name next to its class.
        expand_nested: Draw the layers inside nested models too.
        dpi: Resolution of the image, from 24 to 600.
        rankdir: Direction of the graph: ``"TB"`` (top to bottom), ``"LR"``, ``"BT"`` or ``"RL"``.
        fmt: ``"png"`` or ``"svg"``.
        to_file: Also save the image there (written atomically); None saves nothing,
            and so does a missing Graphviz.

    Returns:
        A :class:`ModelDiagram`; Jupyter displays it as the image.

    Raises:
        TypeError: If ``model`` is not a Keras model.
        ValueError: If the model is not built yet, or an argument is out of range.
    """
    _check_model(model)
    _check_options(dpi=dpi, rankdir=rankdir, fmt=fmt)
    flags = {"show_shapes": show_shapes, "show_layer_names": show_layer_names, "expand_nested": expand_nested}
    for name, flag in flags.items():
        check_bool(name, flag)
    _check_to_file(to_file)
    text = model_text(model, show_shapes=show_shapes, show_layer_names=show_layer_names, expand_nested=expand_nested)
    missing = missing_tools()
    if missing:
        print(_install_help(_not_found(missing)))
        return ModelDiagram("text", None, text)
    try:
        image = _render(model, show_shapes, show_layer_names, expand_nested, dpi, rankdir, fmt)
    except (OSError, AssertionError) as error:  # pydot reports a failing `dot` with an assert
        print(_install_help(tr("Graphviz failed: {error}", error=error)))
        return ModelDiagram("text", None, text)
    if to_file is not None:
        write_atomic(Path(to_file), image)
    return ModelDiagram(fmt, image.decode("utf-8") if fmt == "svg" else image, text)


def missing_tools() -> list[str]:
    """Name what ``plot_model`` needs but cannot find: ``"pydot"`` and/or ``"Graphviz (dot)"``."""
    missing = []
    if importlib.util.find_spec("pydot") is None:
        missing.append("pydot")
    if shutil.which(GRAPHVIZ_PROGRAM) is None:
        missing.append(f"Graphviz ({GRAPHVIZ_PROGRAM})")
    return missing


def _check_model(model: Any) -> None:
    """Refuse what is not a Keras model, and a model that does not know its input shape yet."""
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(
            tr("model must be a keras.Model (e.g. keras.Sequential); got {kind}", kind=type(model).__name__)
        )
    if not model.built:
        raise ValueError(
            tr(
                "model {name!r} is not built yet, so its shapes are unknown: start it with "
                "keras.Input(shape=...) (e.g. keras.Input(shape=(784,))), or call model.build((None, 784)) first",
                name=model.name,
            )
        )


def _check_to_file(to_file: Any) -> None:
    """Refuse a ``to_file`` that is not a path, or whose folder does not exist (kteach never creates it)."""
    if to_file is None:
        return
    if not isinstance(to_file, (str, os.PathLike)):
        raise TypeError(
            tr("to_file must be a file path (str or Path) or None; got {kind}", kind=type(to_file).__name__)
        )
    folder = Path(to_file).parent
    if not folder.is_dir():
        raise FileNotFoundError(tr("to_file: folder {folder!r} does not exist; create it first", folder=str(folder)))


def _check_options(dpi: int, rankdir: str, fmt: str) -> None:
    """Validate the drawing options, naming the allowed values."""
    if fmt not in FORMATS:
        raise ValueError(tr("fmt must be one of {formats}; got {fmt!r}", formats=FORMATS, fmt=fmt))
    if rankdir not in RANKDIRS:
        raise ValueError(
            tr(
                "rankdir must be one of {rankdirs} (TB = top to bottom, LR = left to right); got {rankdir!r}",
                rankdirs=RANKDIRS,
                rankdir=rankdir,
            )
        )
    low, high = DPI_RANGE
    if not is_int(dpi):
        raise TypeError(
            tr("dpi must be an int from {low} to {high}; got {kind}", low=low, high=high, kind=type(dpi).__name__)
        )
    if not low <= dpi <= high:
        raise ValueError(tr("dpi must be from {low} to {high}; got {dpi}", low=low, high=high, dpi=dpi))


def _render(
    model: Any, show_shapes: bool, show_layer_names: bool, expand_nested: bool, dpi: int, rankdir: str, fmt: str
) -> bytes:
    """Run Graphviz on ``plot_model``'s graph in memory; return the image bytes."""
    import keras

    graph = keras.utils.model_to_dot(
        model,
        show_shapes=show_shapes,
        show_layer_names=show_layer_names,
        expand_nested=expand_nested,
        dpi=int(dpi),
        rankdir=rankdir,
    )
    return graph.create(prog=GRAPHVIZ_PROGRAM, format=fmt)


def model_text(model: Any, show_shapes: bool = True, show_layer_names: bool = True, expand_nested: bool = False) -> str:
    """The model as text: one line per layer with its class and output shape.

    Nested models are indented under their own line when ``expand_nested``.
    """
    rows = [_header(model, show_shapes)]
    rows += _layer_rows(model, show_shapes, show_layer_names, expand_nested, depth=1)
    width = max(display_width(label) for label, _ in rows)
    return "\n".join(f"{label}{' ' * (width - display_width(label))}  {shape}".rstrip() for label, shape in rows)


def _header(model: Any, show_shapes: bool) -> tuple[str, str]:
    """The first line: model name and class, and its input shape."""
    shapes = ", ".join(str(tuple(tensor.shape)) for tensor in getattr(model, "inputs", None) or [])
    inputs = tr("input {shapes}", shapes=shapes) if show_shapes and shapes else ""
    return f"{model.name} ({type(model).__name__})", inputs


def _layer_rows(
    model: Any, show_shapes: bool, show_layer_names: bool, expand_nested: bool, depth: int
) -> list[tuple[str, str]]:
    """(label, shape) for every layer of ``model``, recursing into nested models when asked."""
    import keras

    rows = []
    for layer in model.layers:
        kind = type(layer).__name__
        label = "  " * depth + (f"{layer.name} ({kind})" if show_layer_names else kind)
        rows.append((label, output_shape(layer) if show_shapes else ""))
        if expand_nested and isinstance(layer, keras.Model):
            rows += _layer_rows(layer, show_shapes, show_layer_names, expand_nested, depth + 1)
    return rows


def output_shape(layer: Any) -> str:
    """The layer's output shape as text, e.g. ``(None, 128)``; ``multiple`` if it has several."""
    try:
        output = layer.output
    except (AttributeError, ValueError, RuntimeError):  # shared layers have no single output
        return tr("multiple")
    if isinstance(output, (list, tuple)):
        return ", ".join(str(tuple(tensor.shape)) for tensor in output)
    if isinstance(output, dict):
        return ", ".join(f"{key}: {tuple(tensor.shape)}" for key, tensor in output.items())
    return str(tuple(output.shape))
