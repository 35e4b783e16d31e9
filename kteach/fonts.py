"""A CJK font for Chinese plot labels, or English labels with a one-line notice when there is none.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs and draws empty boxes. When the
language is "zh" (``kteach.set_language``), kteach looks for an installed CJK font, puts it
first in matplotlib's sans-serif list (DejaVu stays behind it for any glyph it lacks), and plot
labels go through ``plot_text``. Without one, labels stay English and one notice says which
package to install.
"""

from __future__ import annotations

import re
import sys

from kteach import i18n
from kteach.i18n import english, get_language, on_language_change, tr

# Families that cover simplified Chinese, in order of preference.
CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
    "Noto Sans CJK JP",
)
# File names of those fonts, for fonts installed after matplotlib built its font cache.
CJK_FILE_PATTERN = re.compile(r"wqy|notosanscjk|noto.*cjk|notosanssc|sourcehansans|droidsansfallback|msyh|simhei|pingfang|stheiti|arialuni", re.I)
FONT_PACKAGE = "fonts-wqy-microhei"

_state: dict[str, object] = {}


def forget() -> None:
    """Drop the remembered search result, so the next Chinese label looks for a font again."""
    _state.clear()


on_language_change(forget)  # a learner who installed a font and calls set_language("zh") again gets it


def set_language(language: str) -> None:
    """Switch kteach's language (see ``kteach.i18n.set_language``); for Chinese, also make a CJK
    font matplotlib's first choice at once, so that figures the lesson code draws itself (a plain
    matplotlib plot, a row name given to ``show_image_rows``) get Chinese glyphs, not empty boxes."""
    i18n.set_language(language)
    if get_language() == "zh":
        cjk_font()


def cjk_font() -> str | None:
    """Return the family of an installed CJK font, after making it matplotlib's first choice; else None."""
    if "family" not in _state:
        _state["family"] = family = find_cjk_font()
        if family is not None:
            _use(family)
    return _state["family"]  # type: ignore[return-value]


def plot_text(message: str, /, **fields: object) -> str:
    """Return a plot label: ``tr(message)``, or English when Chinese is asked for but no CJK font exists."""
    if get_language() == "en" or cjk_font() is not None:
        return tr(message, **fields)
    if not _state.get("noticed"):
        _state["noticed"] = True
        print(tr("No Chinese font found, so plot labels stay in English. Install one, e.g. "
                 "`sudo apt-get install {package}` (on Colab: `!apt-get install -y {package}`), "
                 "then call kteach.set_language('zh') again.", package=FONT_PACKAGE), file=sys.stdout)
    return english(message, **fields)


def find_cjk_font() -> str | None:
    """Return the family of an installed CJK font, leaving matplotlib's choice of font alone (the doctor asks this).

    Font files installed after matplotlib built its font cache are registered first.
    """
    from matplotlib import font_manager

    family = _known_family(font_manager.fontManager)
    if family is None:
        for path in font_manager.findSystemFonts():
            if CJK_FILE_PATTERN.search(path.replace("-", "").replace("_", "")):
                font_manager.fontManager.addfont(path)
        family = _known_family(font_manager.fontManager)
    return family


def _use(family: str) -> None:
    """Put ``family`` first in matplotlib's sans-serif list; the fonts behind it supply any glyph it lacks."""
    from matplotlib import rcParams

    rcParams["font.sans-serif"] = [family] + [name for name in rcParams["font.sans-serif"] if name != family]


def _known_family(manager: object) -> str | None:
    """Return the first of ``CJK_FAMILIES`` that matplotlib's font manager knows."""
    names = {entry.name for entry in manager.ttflist}  # type: ignore[attr-defined]
    return next((family for family in CJK_FAMILIES if family in names), None)
