"""kteach.fonts: Chinese plot labels draw with a CJK font, or stay English with one notice."""

from __future__ import annotations

import warnings

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import kteach
from kteach import fonts, i18n  # noqa: E402
from kteach.fonts import plot_text  # noqa: E402

NOTICE = "没有找到中文字体"


@pytest.fixture(autouse=True)
def restore():
    """Leave the language, the font search and matplotlib's font list as they were."""
    saved = list(matplotlib.rcParams["font.sans-serif"])
    yield
    i18n._chosen.clear()
    fonts.forget()
    matplotlib.rcParams["font.sans-serif"] = saved


def _missing_glyph_warnings(text: str) -> list[str]:
    """Draw ``text`` as a title and return matplotlib's missing-glyph warnings."""
    figure, axes = plt.subplots()
    axes.set_title(text)
    axes.set_xlabel(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    plt.close(figure)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_default_font_really_lacks_chinese_glyphs():
    """The check below means something: without a CJK font, Chinese draws as boxes with a warning."""
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    assert _missing_glyph_warnings("训练损失")


def test_chinese_labels_draw_without_missing_glyphs(capsys):
    i18n.set_language("zh")
    family = fonts.cjk_font()
    if family is None:
        pytest.skip(f"no CJK font installed: scripts/setup.sh installs {fonts.FONT_PACKAGE}")
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    assert _missing_glyph_warnings("训练损失 epoch −0.5（验证集）") == []
    assert capsys.readouterr().out == ""  # no notice when the font is there


def test_kteach_set_language_zh_readies_the_font_for_plain_matplotlib_figures():
    """A lesson's own matplotlib plot (no kteach label drawn yet) gets Chinese glyphs right after set_language."""
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    fonts.forget()
    kteach.set_language("zh")
    if fonts.find_cjk_font() is None:
        pytest.skip(f"no CJK font installed: scripts/setup.sh installs {fonts.FONT_PACKAGE}")
    assert _missing_glyph_warnings("太阳黑子数") == []


def test_english_is_untouched_and_needs_no_font(monkeypatch):
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: pytest.fail("English labels must not look for a CJK font"))
    assert plot_text("epoch") == "epoch"


def test_without_a_cjk_font_labels_stay_english_with_one_notice(monkeypatch, capsys):
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)
    i18n.set_language("zh")
    translated = next(iter(i18n.catalog("zh")))  # any message with a Chinese translation
    assert plot_text(translated) == translated
    assert plot_text(translated) == translated
    notice = capsys.readouterr().out
    assert notice.count(NOTICE) == 1 and fonts.FONT_PACKAGE in notice and notice.count("\n") == 1


def test_set_language_looks_for_a_font_again(monkeypatch):
    """A learner who installs the font and calls set_language('zh') again gets Chinese labels."""
    answers = iter([None, "Some CJK Sans"])
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: next(answers))
    i18n.set_language("zh")
    assert fonts.cjk_font() is None
    assert fonts.cjk_font() is None  # remembered, not searched on every label
    i18n.set_language("zh")
    assert fonts.cjk_font() == "Some CJK Sans"


def test_newly_installed_font_files_are_registered(monkeypatch, tmp_path):
    """Fonts installed after matplotlib cached its list are found by file name and added."""
    from matplotlib import font_manager

    added: list[str] = []
    monkeypatch.setattr(fonts, "_known_family", lambda manager: "WenQuanYi Micro Hei" if added else None)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: ["/x/DejaVuSans.ttf", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"])
    monkeypatch.setattr(font_manager.fontManager, "addfont", added.append)
    fonts.forget()
    assert fonts.cjk_font() == "WenQuanYi Micro Hei"
    assert added == ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]
    assert matplotlib.rcParams["font.sans-serif"][0] == "WenQuanYi Micro Hei"
