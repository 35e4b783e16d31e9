"""kteach.i18n: the language switch, the .po catalogs, and that every message can be translated."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import pytest

import kteach
from kteach import i18n
from kteach.i18n import format_po, get_language, read_po, read_po_entries, set_language, tr
from scripts import kteach_messages

ROOT = Path(__file__).resolve().parent.parent

# A raise may pass a literal message only where Python itself defines the wording, or where
# no language can be trusted yet (a bad language code; the message names both languages).
UNTRANSLATED_RAISES = {("kteach/__init__.py", "AttributeError"), ("kteach/i18n.py", "ValueError"), ("kteach/i18n.py", "error")}


@pytest.fixture(autouse=True)
def english_afterwards(monkeypatch):
    """Each test starts from the default language and leaves it there."""
    monkeypatch.delenv(i18n.LANGUAGE_ENV, raising=False)
    i18n._chosen.clear()
    yield
    i18n._chosen.clear()


def test_default_is_english_and_set_language_switches():
    assert get_language() == "en"
    set_language("zh")
    assert get_language() == "zh"
    set_language("en")
    assert get_language() == "en"


def test_environment_variable_sets_the_default(monkeypatch):
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "zh")
    assert get_language() == "zh"
    set_language("en")  # an explicit choice wins over the variable
    assert get_language() == "en"


@pytest.mark.parametrize(
    ("bad", "error"), [("cn", ValueError), ("ZH", ValueError), ("", ValueError), (None, TypeError), (1, TypeError), (["zh"], TypeError)]
)
def test_unknown_language_names_the_parameter_and_the_choices(bad, error):
    with pytest.raises(error, match=r"^language must be one of \['en', 'zh'\] \(English, 中文（简体）\); got "):
        set_language(bad)
    assert get_language() == "en"  # the refused choice changed nothing


def test_bad_environment_variable_warns_once_and_leaves_other_errors_readable(monkeypatch):
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "fr")
    monkeypatch.setattr(i18n, "_warned_env", set())
    with pytest.warns(UserWarning, match=r"^KTEACH_LANG must be one of \['en', 'zh'\] .*got 'fr'; using English$"):
        assert get_language() == "en"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once, not at every message
        assert tr("not in any catalog: {n}", n=3) == "not in any catalog: 3"
        with pytest.raises(ValueError, match=r"^epochs must be an int >= 1; got 0$"):
            kteach.Hyperparameters(epochs=0)  # its own error, not the language's
    set_language("zh")
    assert get_language() == "zh"


def test_tr_translates_and_fills_placeholders():
    message = "No Chinese font found, so plot labels stay in English. Install one, e.g. `sudo apt-get install {package}` (on Colab: `!apt-get install -y {package}`), then call kteach.set_language('zh') again."
    assert tr(message, package="fonts-x").startswith("No Chinese font found")
    set_language("zh")
    chinese = tr(message, package="fonts-x")
    assert chinese.startswith("没有找到中文字体") and chinese.count("fonts-x") == 2


def test_a_message_without_translation_stays_english():
    set_language("zh")
    assert tr("not in any catalog: {n}", n=3) == "not in any catalog: 3"


def test_po_round_trip_keeps_quotes_backslashes_and_lines(tmp_path):
    tricky = 'a "quoted" word\\path\n\nsecond line\ttab'
    path = tmp_path / "x.po"
    path.write_text(format_po([(tricky, "译文\n第二行", [": here"]), ("empty", "", [])], "title"), encoding="utf-8")
    assert read_po(path) == {tricky: "译文\n第二行"}
    assert read_po_entries(path)[-1] == ("empty", "")


def test_po_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid "a"\nmsgstr "b"\nnonsense\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.po:3: expected msgid"):
        read_po(path)


def test_every_message_has_a_chinese_translation_with_the_same_placeholders():
    assert kteach_messages.problems() == []


def test_catalogs_hold_real_translations():
    """Guard against a catalog 'completed' by copying the English: most entries must hold Chinese."""
    translations = i18n.catalog("zh")
    chinese = [text for text in translations.values() if any("\u4e00" <= char <= "\u9fff" for char in text)]
    assert len(translations) > 100 and len(chinese) / len(translations) > 0.9


def _raises_with_literal_text(path: Path) -> list[tuple[int, str]]:
    """Return (line, exception) of ``raise X(...)`` statements given an English literal or f-string."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            texts = [arg for arg in node.exc.args if isinstance(arg, ast.JoinedStr) or (isinstance(arg, ast.Constant) and isinstance(arg.value, str) and " " in arg.value)]
            if texts:
                func = node.exc.func
                found.append((node.lineno, func.id if isinstance(func, ast.Name) else ast.unparse(func)))
    return found


def test_every_raised_message_goes_through_tr():
    package = ROOT / "kteach"
    untranslated = [
        f"{path.relative_to(ROOT)}:{line} {name}"
        for path in sorted(package.rglob("*.py"))
        for line, name in _raises_with_literal_text(path)
        if (str(path.relative_to(ROOT)), name) not in UNTRANSLATED_RAISES
    ]
    assert untranslated == []


def test_an_error_reads_in_chinese_after_set_language():
    from kteach.training import Hyperparameters

    set_language("zh")
    with pytest.raises(ValueError) as raised:
        Hyperparameters(dropout=-0.1)
    text = str(raised.value)
    assert "dropout" in text and "-0.1" in text and any("\u4e00" <= char <= "\u9fff" for char in text)
