"""The Chinese lessons: complete, generated from the English ones, and running the same code.

``notebooks/zh/NN_*.py`` is built by ``scripts/translate_lessons.py`` from the English lesson
and ``notebooks/locale/zh/NN_*.po``; nbval then re-runs the stored ``notebooks/zh/*.ipynb``
like the English ones. These tests catch what nbval cannot: a missing or stale translation,
a hand-edited Chinese file, a term without its English at first use, and code that differs.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest

from kteach.po import is_translated, po_text, read_catalog, translations
from scripts import translate_lessons
from scripts.translate_lessons import code_tokens, english_lessons, po_path

ROOT = Path(__file__).resolve().parent.parent

LESSONS = english_lessons()
GLOSSARY = ROOT / "notebooks" / "locale" / "zh" / "glossary.tsv"
CJK = re.compile(r"[\u4e00-\u9fff]")
BACKTICK_SPAN = re.compile(r"`[^`\n]+`")


def _zh(lesson: Path, suffix: str) -> Path:
    return translate_lessons.TARGET / f"{lesson.stem}{suffix}"


def _code_cells(notebook) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def code_differences(english, chinese) -> list[str]:
    """Return where two versions of a lesson differ in code (comments and the language code aside)."""
    left, right = _code_cells(english), _code_cells(chinese)
    if len(left) != len(right):
        return [f"{len(left)} code cells in English, {len(right)} in Chinese"]
    return [f"code cell {index + 1}" for index, (a, b) in enumerate(zip(left, right)) if code_tokens(a) != code_tokens(b)]


def glossary() -> list[tuple[str, list[str]]]:
    """Return (Chinese term, English alternatives) pairs from glossary.tsv."""
    rows = [line.split("\t") for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [(chinese, english.split("|")) for chinese, english in rows]


def first_use_problems(prose: str) -> list[str]:
    """Return glossary terms whose first use in ``prose`` lacks the English in parentheses just after."""
    problems = []
    for chinese, english in glossary():
        start = prose.find(chinese)
        if start < 0:
            continue
        after = prose[start + len(chinese) : start + len(chinese) + 80]
        opened = re.match(r"[^（(。，\n]{0,8}?[（(]([^）)]*)[）)]", after.replace("**", "").replace("`", ""))
        if not opened or not any(word.lower() in opened.group(1).lower() for word in english):
            problems.append(f"{chinese}: first use {prose[start : start + 24]!r} needs （{english[0]}）")
    return problems


def test_every_english_lesson_has_a_chinese_version():
    assert len(LESSONS) >= 7
    missing = [str(path.relative_to(ROOT)) for lesson in LESSONS for path in (po_path(lesson), _zh(lesson, ".py"), _zh(lesson, ".ipynb")) if not path.exists()]
    assert missing == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_translation_is_complete_and_the_chinese_source_is_current(lesson: Path):
    assert translate_lessons.problems([lesson]) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_both_stored_versions_run_the_same_code(lesson: Path):
    english = nbformat.read(lesson.with_suffix(".ipynb"), as_version=4)
    chinese = nbformat.read(_zh(lesson, ".ipynb"), as_version=4)
    assert code_differences(english, chinese) == []


def test_the_code_check_catches_a_changed_line_but_not_a_translated_comment():
    english = jupytext.read(LESSONS[0])
    chinese = jupytext.reads(translate_lessons.build(LESSONS[0]), fmt="py:percent")
    assert code_differences(english, chinese) == []
    index = next(i for i, cell in enumerate(chinese.cells) if "N_EPOCH = 20" in cell.source)
    chinese.cells[index].source = chinese.cells[index].source.replace("N_EPOCH = 20", "N_EPOCH = 2")
    assert len(code_differences(english, chinese)) == 1


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_translations_keep_every_code_span(lesson: Path):
    """`load_mnist()`, `validation_split=0.2`...: the names a learner types are never translated away."""
    changed = {
        english[:50]: sorted(set(BACKTICK_SPAN.findall(english)) ^ set(BACKTICK_SPAN.findall(chinese)))
        for english, chinese in translations(read_catalog(po_path(lesson))).items()
        if set(BACKTICK_SPAN.findall(english)) != set(BACKTICK_SPAN.findall(chinese))
    }
    assert changed == {}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_markdown_cell_is_in_chinese(lesson: Path):
    chinese = jupytext.read(_zh(lesson, ".py"))
    english_only = [cell.source[:60] for cell in chinese.cells if cell.cell_type == "markdown" and not CJK.search(cell.source)]
    assert english_only == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_terms_give_the_english_at_first_use(lesson: Path):
    chinese = jupytext.read(_zh(lesson, ".py"))
    prose = "\n\n".join(cell.source for cell in chinese.cells if cell.cell_type == "markdown")
    assert first_use_problems(prose) == []



def bare_epochs(prose: str) -> list[str]:
    """Return where Chinese prose says "epoch" instead of 轮次: outside code spans and "（epoch）"."""
    plain = BACKTICK_SPAN.sub("", prose).replace("（epoch）", "")
    return [plain[max(0, match.start() - 20) : match.end() + 20] for match in re.finditer(r"(?i)epoch", plain)]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_chinese_prose_says_轮次_for_epoch(lesson: Path):
    chinese = jupytext.read(_zh(lesson, ".py"))
    prose = "\n\n".join(cell.source for cell in chinese.cells if cell.cell_type == "markdown")
    assert bare_epochs(prose) == []


def test_the_epoch_check_ignores_code_and_the_first_use_gloss():
    assert bare_epochs("训练 20 个轮次（epoch），`epochs=20`。") == []
    assert bare_epochs("训练 20 个 epoch。") == ["训练 20 个 epoch。"]

def test_first_use_check_needs_the_english_term():
    assert first_use_problems("模型出现过拟合（overfitting），然后过拟合。") == []
    assert first_use_problems("卷积神经网络（convolutional neural network, CNN）") == []
    assert first_use_problems("模型出现过拟合，后来过拟合（overfitting）。") != []
    assert first_use_problems("模型出现过拟合（underfitting）") != []


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
TIMING = re.compile(r"\b\d+(\.\d+)? ?(ms|us|µs|s|min)\b")


def _printed(notebook: Path) -> list[str]:
    """Return each code cell's printed text (streams and plain-text results), timings masked."""
    cells = [cell for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"]
    return [
        TIMING.sub("T", "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs))
        for cell in cells
    ]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_chinese_lesson_computes_the_same_and_differs_only_in_language(lesson: Path):
    """Same numbers in every cell; a line that differs from the English one is a Chinese line."""
    english, chinese = _printed(lesson.with_suffix(".ipynb")), _printed(_zh(lesson, ".ipynb"))
    assert len(english) == len(chinese)
    for index, (en, zh) in enumerate(zip(english, chinese)):
        assert NUMBER.findall(en) == NUMBER.findall(zh), f"code cell {index + 1} printed other numbers"
        changed = [line for line in zh.splitlines() if line not in en.splitlines()]
        assert all(CJK.search(line) for line in changed), f"code cell {index + 1}: {changed}"
    assert any(CJK.search(text) for text in chinese), "every lesson's exercise checks answer in Chinese"


TINY_LESSON = '''# %% [markdown]
# # Lesson 99: a tiny lesson
#
# **Description:** one cell of prose.

# %%
import kteach

kteach.set_language("en")  # the language of kteach's messages
# two lines of
# block comment
N = 3  # a count
'''


@pytest.fixture
def tiny_lesson(tmp_path, monkeypatch) -> Path:
    """A one-cell lesson in a temporary notebooks folder, with its own locale folder."""
    monkeypatch.setattr(translate_lessons, "LOCALE", tmp_path / "locale" / "zh")
    lesson = tmp_path / "99_tiny.py"
    lesson.write_text(TINY_LESSON, encoding="utf-8")
    return lesson


def _fill(path: Path, texts: dict[str, str]) -> None:
    """Write the translations ``texts`` into the .po at ``path`` the way a translator would."""
    catalog = read_catalog(path)
    for message in catalog:
        if message.id in texts:
            message.string = texts[message.id]
    path.write_text(po_text(catalog, brace_format=False), encoding="utf-8")


def read_po_entries_of(path: Path, obsolete: bool = False) -> list[tuple[str, str]]:
    """Return a .po file's entries without the header (with ``obsolete``, its #~ entries instead)."""
    catalog = read_catalog(path)
    messages = catalog.obsolete.values() if obsolete else catalog
    return [(message.id, message.string) for message in messages if message.id]


def test_update_then_build_translates_prose_and_comments_and_nothing_else(tiny_lesson: Path):
    assert translate_lessons.update(tiny_lesson) == (4, 0)
    po = po_path(tiny_lesson)
    assert [text for text, _ in read_po_entries_of(po)] == [
        "# Lesson 99: a tiny lesson\n\n**Description:** one cell of prose.",
        "the language of kteach's messages",
        "two lines of\nblock comment",
        "a count",
    ]
    with pytest.raises(ValueError, match="4 text"):
        translate_lessons.build(tiny_lesson)
    _fill(po, {
        "# Lesson 99: a tiny lesson\n\n**Description:** one cell of prose.": "# 第 99 课：小课\n\n**简介：** 一段文字。",
        "the language of kteach's messages": "kteach 提示信息的语言",
        "two lines of\nblock comment": "两行\n块注释",
        "a count": "一个计数",
    })
    built = translate_lessons.build(tiny_lesson)
    assert "# # 第 99 课：小课" in built and "# 两行\n# 块注释\nN = 3  # 一个计数" in built
    assert 'kteach.set_language("zh")  # kteach 提示信息的语言' in built
    assert code_tokens(built) == code_tokens(TINY_LESSON)


def test_an_edited_english_text_loses_its_translation_but_keeps_it_for_reuse(tiny_lesson: Path):
    translate_lessons.update(tiny_lesson)
    _fill(po_path(tiny_lesson), {"a count": "一个计数"})
    tiny_lesson.write_text(TINY_LESSON.replace("# a count", "# how many"), encoding="utf-8")
    for _ in range(2):  # a second update keeps the obsolete entry too
        translate_lessons.update(tiny_lesson)
        assert dict(read_po_entries_of(po_path(tiny_lesson)))["how many"] == ""
        assert dict(read_po_entries_of(po_path(tiny_lesson), obsolete=True)) == {"a count": "一个计数"}


def test_a_comment_after_code_must_translate_to_one_line(tiny_lesson: Path):
    translate_lessons.update(tiny_lesson)
    _fill(po_path(tiny_lesson), {text: "译文" for text, _ in read_po_entries_of(po_path(tiny_lesson))} | {"a count": "一个\n计数"})
    with pytest.raises(ValueError, match="must be one line"):
        translate_lessons.build(tiny_lesson)


def test_a_lesson_without_set_language_cannot_be_built(tiny_lesson: Path):
    tiny_lesson.write_text(TINY_LESSON.replace('kteach.set_language("en")', "pass"), encoding="utf-8")
    with pytest.raises(ValueError, match=r'must call kteach.set_language\("en"\)'):
        translate_lessons.build(tiny_lesson)



def test_a_fuzzy_translation_counts_as_missing_and_survives_an_update(tiny_lesson: Path):
    """A translator's unreviewed (fuzzy) entry is not built into the lesson, and update keeps it for review."""
    translate_lessons.update(tiny_lesson)
    po = po_path(tiny_lesson)
    _fill(po, {text: "译文" for text, _ in read_po_entries_of(po)})
    catalog = read_catalog(po)
    catalog.get("a count").flags.add("fuzzy")
    po.write_text(po_text(catalog, brace_format=False), encoding="utf-8")
    with pytest.raises(ValueError, match=r"1 text\(s\) lack a translation:\n  - 'a count'"):
        translate_lessons.build(tiny_lesson)
    assert translate_lessons.update(tiny_lesson) == (1, 0)
    kept = read_catalog(po).get("a count")
    assert kept.fuzzy and kept.string == "译文" and not is_translated(kept)
