"""kteach.diagram: model diagrams with Graphviz, and the text fallback without it."""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

import keras
import pytest

from kteach import diagram
from kteach.diagram import ModelDiagram, model_text, show_model

needs_graphviz = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz is not installed (apt-get install graphviz)"
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == PNG_MAGIC
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def mlp() -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(16, activation="relu", name="hidden_a"),
            keras.layers.Dropout(0.2, name="drop"),
            keras.layers.Dense(10, activation="softmax", name="digits"),
        ],
        name="tiny_mlp",
    )


@pytest.fixture(scope="module")
def nested() -> keras.Model:
    inner = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(5, name="inner_dense")], name="inner")
    inputs = keras.Input(shape=(4,), name="features")
    outputs = inner(keras.layers.Dense(8, name="outer_dense")(inputs))
    return keras.Model(inputs, outputs, name="outer")


@pytest.fixture
def no_graphviz(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Graphviz's programs are not on PATH (what most learners' machines look like)."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))


@needs_graphviz
def test_png_is_real_and_scales_with_dpi(mlp: keras.Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    low = show_model(mlp, dpi=48)
    high = show_model(mlp, dpi=96)
    assert low.fmt == high.fmt == "png"
    (w_low, h_low), (w_high, h_high) = png_size(low.image), png_size(high.image)
    assert w_high > 100 and h_high > 100
    assert w_high == pytest.approx(2 * w_low, rel=0.1) and h_high == pytest.approx(2 * h_low, rel=0.1)
    assert high._repr_png_() == high.image and high._repr_svg_() is None
    assert list(tmp_path.iterdir()) == []  # plot_model would have left model.png here


@needs_graphviz
def test_rankdir_changes_the_layout(mlp: keras.Model) -> None:
    width_tb, height_tb = png_size(show_model(mlp, rankdir="TB").image)
    width_lr, height_lr = png_size(show_model(mlp, rankdir="LR").image)
    assert height_tb > height_lr and width_lr > width_tb


@needs_graphviz
def test_svg_names_every_layer(nested: keras.Model) -> None:
    flat = show_model(nested, fmt="svg")
    expanded = show_model(nested, fmt="svg", expand_nested=True)
    assert flat.image.lstrip().startswith("<?xml") and "<svg" in flat.image
    assert flat._repr_svg_() == flat.image and flat._repr_png_() is None
    assert "outer_dense" in flat.image and "inner_dense" not in flat.image
    assert "inner_dense" in expanded.image


@needs_graphviz
def test_to_file_writes_the_same_image(mlp: keras.Model, tmp_path: Path) -> None:
    target = tmp_path / "model.png"
    shown = show_model(mlp, to_file=target)
    assert target.read_bytes() == shown.image
    assert sorted(os.listdir(tmp_path)) == ["model.png"]


@needs_graphviz
def test_to_file_is_atomic(mlp: keras.Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "model.png"
    target.write_bytes(b"old diagram")

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(diagram.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        show_model(mlp, to_file=target)
    assert target.read_bytes() == b"old diagram"
    assert sorted(os.listdir(tmp_path)) == ["model.png"]  # no temp file left behind


def test_to_file_in_a_missing_folder_is_refused(mlp: keras.Model, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="to_file"):
        show_model(mlp, to_file=tmp_path / "nope" / "model.png")
    assert not (tmp_path / "nope").exists()  # refused, not created


def test_without_graphviz_prints_one_message_and_shows_text(
    mlp: keras.Model,
    no_graphviz: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    shown = show_model(mlp, to_file=tmp_path / "model.png")
    printed = capsys.readouterr().out
    assert isinstance(shown, ModelDiagram) and shown.fmt == "text" and shown.image is None
    assert shown._repr_png_() is None and repr(shown) == shown.text
    for hint in (
        "apt-get install graphviz",
        "conda install graphviz python-graphviz",
        "brew install graphviz",
        "PATH",
        "pip install pydot",
        "Graphviz (dot) not found",
    ):
        assert hint in printed
    assert printed.count("pip install pydot") == 1 and "Traceback" not in printed
    for name, shape in (("hidden_a", "(None, 16)"), ("drop", "(None, 16)"), ("digits", "(None, 10)")):
        line = next(line for line in shown.text.splitlines() if name in line)
        assert line.rstrip().endswith(shape)
    assert "input (None, 784)" in shown.text.splitlines()[0]
    assert list(tmp_path.iterdir()) == []  # nothing written without Graphviz


def test_without_pydot_names_pydot(
    mlp: keras.Model, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pydot", None)
    assert "pydot" in diagram.missing_tools()
    assert show_model(mlp).fmt == "text"
    assert "pydot not found" in capsys.readouterr().out


def test_text_diagram_expands_nested_models(nested: keras.Model) -> None:
    flat = model_text(nested)
    expanded = model_text(nested, expand_nested=True)
    assert "inner (Sequential)" in flat and "inner_dense" not in flat
    inner_line = next(line for line in expanded.splitlines() if "inner_dense" in line)
    assert inner_line.startswith("    inner_dense (Dense)") and inner_line.endswith("(None, 5)")
    assert [line.split()[0] for line in expanded.splitlines()] == [
        "outer",
        "features",
        "outer_dense",
        "inner",
        "inner_dense",
    ]


def test_text_diagram_options(mlp: keras.Model) -> None:
    no_shapes = model_text(mlp, show_shapes=False)
    no_names = model_text(mlp, show_layer_names=False)
    assert "None" not in no_shapes and "hidden_a (Dense)" in no_shapes
    assert "hidden_a" not in no_names and no_names.splitlines()[1].split() == ["Dense", "(None,", "16)"]


def test_unbuilt_model_asks_for_an_input_shape() -> None:
    unbuilt = keras.Sequential([keras.layers.Dense(3)])
    with pytest.raises(ValueError, match=r"not built.*keras\.Input\(shape="):
        show_model(unbuilt)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"fmt": "jpg"}, ValueError, r"fmt must be one of \('png', 'svg'\)"),
        ({"rankdir": "up"}, ValueError, r"rankdir must be one of \('TB', 'LR', 'BT', 'RL'\)"),
        ({"dpi": 0}, ValueError, "dpi must be from 24 to 600"),
        ({"dpi": 5000}, ValueError, "dpi must be from 24 to 600"),
        ({"dpi": 96.0}, TypeError, "dpi must be an int"),
        ({"dpi": True}, TypeError, "dpi must be an int"),
    ],
)
def test_invalid_options(mlp: keras.Model, kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        show_model(mlp, **kwargs)


def test_not_a_model() -> None:
    with pytest.raises(TypeError, match="model must be a keras.Model"):
        show_model("my_model")


def test_install_help_and_text_diagram_read_in_chinese(
    chinese, mlp: keras.Model, no_graphviz: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pydot", None)
    shown = show_model(mlp)
    printed = capsys.readouterr().out
    assert printed.startswith("画模型图需要 pydot 包和 Graphviz 程序（找不到 pydot 和 Graphviz (dot)）。")
    assert "pip install pydot" in printed and "apt-get install graphviz" in printed
    assert shown.text.splitlines()[0].endswith("输入 (None, 784)")
    with pytest.raises(ValueError, match=r"^rankdir 必须是 \('TB', 'LR', 'BT', 'RL'\) 之一.*收到的是 'up'$"):
        show_model(mlp, rankdir="up")


def test_text_diagram_keeps_columns_lined_up_with_chinese_layer_names() -> None:
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="稠密层"), keras.layers.Dense(2, name="out")])
    lines = model_text(model).splitlines()
    # a Chinese character takes two columns in a monospaced font, so the shapes start at one column
    starts = {line.index("(None") + sum(1 for char in line[: line.index("(None")] if ord(char) > 0x2E80) for line in lines[1:]}
    assert len(starts) == 1
