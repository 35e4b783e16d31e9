"""One glossary in English and Chinese, linked from every lesson, defining the same terms."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

from scripts.translate_lessons import TARGET, english_lessons

ROOT = Path(__file__).resolve().parent.parent

NOTEBOOKS = ROOT / "notebooks"
GLOSSARIES = {"en": NOTEBOOKS / "glossary.md", "zh": NOTEBOOKS / "zh" / "glossary.md"}
LESSONS = english_lessons()
EVERY_LESSON = LESSONS + [TARGET / lesson.name for lesson in LESSONS]
GLOSSARY_LINK = re.compile(r"\]\(glossary\.md\)")
# the terms issue 14 asks every learner to meet defined, at least
REQUIRED = [
    "tensor", "multi-layer perceptron", "hyperparameter", "ReLU", "elu", "selu", "tanh", "sigmoid",
    "softplus", "softmax", "bias", "gradient", "stochastic gradient descent", "learning rate",
    "cross-entropy", "overfitting", "epoch", "convolution", "pooling", "transposed convolution",
]  # fmt: skip


def links_glossary(markdown: str) -> bool:
    """Whether ``markdown`` links to ``glossary.md`` in the same folder."""
    return bool(GLOSSARY_LINK.search(markdown))


def terms(language: str) -> list[str]:
    """Return the English names of the glossary's entries (``- **term**: ...`` lines).

    The Chinese entries are ``- **中文（English）**``; a name is cut before " (" or ", " so that
    "stochastic gradient descent (SGD)" and "stochastic gradient descent, SGD" compare equal.
    """
    text = GLOSSARIES[language].read_text(encoding="utf-8")
    bold = re.findall(r"\*\*([^*]+)\*\*", "\n".join(line.split("：")[0].split(": ")[0] for line in text.splitlines() if line.startswith("- ")))
    if language == "zh":
        bold = [re.search(r"（([^）]+)）", name).group(1) for name in bold]
    return [re.split(r" \(|, ", name)[0] for name in bold]


@pytest.mark.parametrize("lesson", EVERY_LESSON, ids=lambda path: str(path.relative_to(NOTEBOOKS)))
def test_every_lesson_links_its_glossary(lesson: Path):
    markdown = "\n".join(cell.source for cell in jupytext.read(lesson).cells if cell.cell_type == "markdown")
    assert links_glossary(markdown), f"{lesson.name} has no link to glossary.md"
    assert (lesson.parent / "glossary.md").exists()


def test_the_link_check_needs_a_link():
    assert links_glossary("see the [glossary](glossary.md).")
    assert not links_glossary("see the glossary.md file")


def test_both_glossaries_define_the_same_terms():
    english, chinese = terms("en"), terms("zh")
    assert len(english) == len(set(english)) >= 40
    assert english == chinese


@pytest.mark.parametrize("term", REQUIRED)
def test_the_glossary_defines_the_terms_the_lessons_need(term: str):
    assert term in terms("en")
