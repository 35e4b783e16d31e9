"""Every figure stored in the lessons: drawn (not blank), and its numbers in text nbval compares.

nbval compares text outputs only, never pictures. So for each ``image/png`` output of
``notebooks/*.ipynb`` and ``notebooks/zh/*.ipynb`` this checks what nbval cannot:

* the picture is not blank: an empty matplotlib axes has about 4% of its pixels inked and none
  coloured, so a figure must have coloured pixels (a plotted line, a heat map) or at least 15%
  inked (a diagram, a grid of images);
* a figure of measured values (a history, a forecast, predictions, a comparison) has a decimal
  number printed in its own cell or the code cell just before or after it, where nbval compares
  it: a plot whose values went wrong then fails the run through that text. Figures that show
  a model's structure or pixels of data (PICTURES) show no measured value.
"""

from __future__ import annotations

import base64
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
PICTURES = ("show_model(", "show_image_rows(", "show_filters(", "show_feature_maps(")
DECIMAL = re.compile(r"\d\.\d")
INK_STEP = 12  # a pixel further than this (of 255) from the background colour is inked
COLOUR_STEP = 64  # max - min channel above this: a coloured pixel, not black, grey or white
MIN_COLOURED, MIN_INKED = 0.001, 0.15


@dataclass(frozen=True)
class Figure:
    """One stored PNG: its lesson, its cell and the text outputs of the code cells around it."""

    notebook: Path
    cell: int
    png: bytes
    source: str
    nearby_text: str

    @property
    def lesson(self) -> str:
        return self.notebook.stem

    def __str__(self) -> str:
        return f"{self.notebook.relative_to(ROOT)} cell {self.cell}"


def compared_text(cell: dict) -> str:
    """The text outputs of a cell that nbval compares and that a lesson prints (stdout, results)."""
    texts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            texts.append(output["text"])
        elif output.get("output_type") == "execute_result":
            texts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join("".join(text) if isinstance(text, list) else text for text in texts)


def stored_figures() -> list[Figure]:
    """Every image/png output of the stored lessons, with the text of its own and its neighbour code cells."""
    figures = []
    for notebook in NOTEBOOKS:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = [index for index, cell in enumerate(cells) if cell["cell_type"] == "code"]
        for position, index in enumerate(code):
            cell = cells[index]
            source = "".join(cell["source"])
            around = code[max(position - 1, 0) : position + 2]
            nearby = "\n".join(compared_text(cells[i]) for i in around)
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    figures.append(Figure(notebook, index, base64.b64decode("".join(png)), source, nearby))
    return figures


FIGURES = stored_figures()


def ink(png: bytes) -> tuple[float, float]:
    """(fraction of pixels away from the background colour, fraction of coloured pixels) of a PNG."""
    rgb = matplotlib.image.imread(io.BytesIO(png))[..., :3].reshape(-1, 3)
    levels = (rgb * 255 + 0.5).astype(np.int32)
    colours, counts = np.unique(levels[:, 0] << 16 | levels[:, 1] << 8 | levels[:, 2], return_counts=True)
    most = int(colours[counts.argmax()])  # the background: the most common colour
    background = np.array([most >> 16, most >> 8 & 255, most & 255], dtype=np.int32)
    inked = np.abs(levels - background).max(axis=1) > INK_STEP
    coloured = levels.max(axis=1) - levels.min(axis=1) > COLOUR_STEP
    return float(inked.mean()), float(coloured.mean())


def test_every_lesson_stores_figures_in_both_languages() -> None:
    lessons = {path.stem for path in NOTEBOOKS}
    with_figures = {(figure.notebook.parent.name, figure.lesson) for figure in FIGURES}
    assert len(lessons) >= 7 and {(folder, lesson) for lesson in lessons for folder in ("notebooks", "zh")} <= with_figures


def test_an_empty_axes_counts_as_blank() -> None:
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(9, 3))
    axes[0].set_title("loss")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    inked, coloured = ink(buffer.getvalue())
    assert coloured < MIN_COLOURED and inked < MIN_INKED


@pytest.mark.parametrize("figure", FIGURES, ids=str)
def test_figure_is_not_blank(figure: Figure) -> None:
    inked, coloured = ink(figure.png)
    assert coloured >= MIN_COLOURED or inked >= MIN_INKED, f"{figure} looks blank: {inked:.1%} inked, {coloured:.2%} coloured"


@pytest.mark.parametrize("figure", [f for f in FIGURES if not any(call in f.source for call in PICTURES)], ids=str)
def test_figure_numbers_are_printed_next_to_it(figure: Figure) -> None:
    printed = DECIMAL.search(figure.nearby_text) is not None
    assert printed, f"{figure} shows measured values that no text next to it prints, so nbval cannot compare them"
