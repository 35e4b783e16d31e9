"""scripts.lesson_rules: every lesson's header and setup cell, and one clear message per broken rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import lesson_rules
from scripts.lesson_rules import Header, LessonFormatError, lesson_problems, read_header

NAME = "09_tiny.py"
HEADER = """\
# %% [markdown]
# # Lesson 09: a tiny lesson
#
# **Description:** train a tiny network, in two
# lines of description.
#
# *Quick mode* (`KTEACH_QUICK=1`) trains on the shipped sample.
#
# *New words are explained where they first appear; the [glossary](glossary.md) collects them.*
#
# *中文版 (Chinese version): [zh/09_tiny.ipynb](zh/09_tiny.ipynb)*
"""
COLAB = """
# %%
import importlib.util, subprocess, sys

if importlib.util.find_spec("kteach") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "kteach"], check=True)
"""
SETUP = """
# %%
import numpy as np
import kteach

kteach.set_language("en")  # "zh": kteach's messages and plot labels in Chinese
kteach.seed_everything(42)
QUICK = kteach.quick_mode()
print(kteach.versions(), "| quick mode:", QUICK)
"""
LESSON = HEADER + COLAB + SETUP


def broken(old: str, new: str) -> str:
    """The good lesson with ``old`` (which it must contain) replaced by ``new``."""
    assert old in LESSON
    return LESSON.replace(old, new)


def test_a_lesson_that_follows_every_rule_has_no_problem(tmp_path: Path) -> None:
    assert lesson_problems(NAME, LESSON) == []
    (tmp_path / NAME).write_text(LESSON, encoding="utf-8")
    assert read_header(tmp_path / NAME) == Header("a tiny lesson", "train a tiny network, in two lines of description.")


@pytest.mark.parametrize("source", lesson_rules.lessons(), ids=lambda path: path.stem)
def test_every_lesson_follows_the_rules(source: Path) -> None:
    assert lesson_problems(source.name, source.read_text(encoding="utf-8")) == []


BROKEN = {
    "no header cell": (LESSON.replace(HEADER, "").lstrip(), "the first cell must be the markdown header cell"),
    "title without 'Lesson NN:'": (broken("# # Lesson 09: a tiny lesson", "# # A tiny lesson"), "must start with one line '# Lesson NN: <title>'"),
    "title on two lines": (broken("a tiny lesson\n#\n", "a tiny\n# lesson\n#\n"), "must start with one line '# Lesson NN: <title>'"),
    "title of another lesson": (broken("Lesson 09:", "Lesson 08:"), "the title says lesson 08, the file name lesson 09"),
    "no description": (broken("**Description:** train", "train"), "second paragraph must be the description: '**Description:** "),
    "empty description": (broken("**Description:** train a tiny network, in two\n# lines of description.", "**Description:** "), "must be the description"),
    "description without a period": (broken("description.\n", "description\n"), "the description must end with a period"),
    "quick mode not explained": (broken("(`KTEACH_QUICK=1`) ", ""), "say what quick mode (`KTEACH_QUICK=1`) changes"),
    "no glossary link": (broken("[glossary](glossary.md)", "glossary"), "must link the glossary: [glossary](glossary.md)"),
    "no Chinese link": (broken("[zh/09_tiny.ipynb](zh/09_tiny.ipynb)", "zh/09_tiny.ipynb"), "must link the Chinese version: [zh/09_tiny.ipynb](zh/09_tiny.ipynb)"),
    "no Colab cell": (LESSON.replace(COLAB, ""), "the first code cell must be the Colab install cell"),
    "kteach not imported": (broken("import kteach\n", "from kteach import quick_mode\n"), "the setup cell must `import kteach`"),
    "no language": (broken('kteach.set_language("en")', 'kteach.set_language("zh")'), 'must call `kteach.set_language("en")`'),
    "no seed": (broken("kteach.seed_everything(42)\n", ""), "the setup cell must seed: call `kteach.seed_everything(...)`"),
    "SEED never given to a Trainer": (broken("kteach.seed_everything(42)\n", "SEED = 1671\n"), "the setup cell must seed"),
    "no quick-mode switch": (broken("QUICK = kteach.quick_mode()", "QUICK = True"), "read the quick-mode switch with `kteach.quick_mode()`"),
    "versions not printed": (broken('print(kteach.versions(), "| quick mode:", QUICK)', 'print("quick mode:", QUICK)'), 'must print `kteach.versions(), "| quick mode:", ...`'),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN, ids=str)
def test_each_broken_rule_is_named_with_the_lesson(case: str) -> None:
    text, rule = BROKEN[case]
    problems = lesson_problems(NAME, text)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{NAME}: ") and rule in problems[0]


def test_seeding_through_the_trainer_counts(tmp_path: Path) -> None:
    text = broken("kteach.seed_everything(42)\n", "SEED = 1671\n") + "\n# %%\ntrainer = kteach.Trainer(data, seed=SEED)\n"
    assert lesson_problems(NAME, text) == []


def test_read_header_refuses_a_broken_lesson_listing_every_rule(tmp_path: Path) -> None:
    source = tmp_path / NAME
    source.write_text(broken("**Description:** train", "train").replace("[glossary](glossary.md)", "glossary"), encoding="utf-8")
    with pytest.raises(LessonFormatError) as raised:
        read_header(source)
    lines = str(raised.value).splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{NAME}: ") for line in lines)
    assert "description" in lines[0] and "glossary" in lines[1]


def test_the_command_names_the_lesson_and_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(lesson_rules, "NOTEBOOKS", tmp_path)
    (tmp_path / NAME).write_text(LESSON, encoding="utf-8")
    assert lesson_rules.main([]) == 0
    assert capsys.readouterr().out == "all 1 lessons follow the header and setup-cell rules\n"
    (tmp_path / NAME).write_text(broken("Lesson 09:", "Lesson 08:"), encoding="utf-8")
    assert lesson_rules.main([]) == 1
    assert capsys.readouterr().out == f"{NAME}: the title says lesson 08, the file name lesson 09\n"
