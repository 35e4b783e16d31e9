"""kteach.i18n: the language switch, the .po catalogs, and that every message can be translated."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import pytest

import kteach
from kteach import i18n
from kteach.i18n import N_, get_language, set_language, tr
from kteach.po import open_catalog, po_text, read_catalog, translations
from scripts import kteach_messages

ROOT = Path(__file__).resolve().parent.parent

# A raise may pass a literal message only where Python itself defines the wording, or where
# no language can be trusted yet (a bad language code, whose message names both languages; a
# catalog that cannot be read, so cannot translate its own error).
UNTRANSLATED_RAISES = {("kteach/__init__.py", "AttributeError"), ("kteach/i18n.py", "error"), ("kteach/po.py", "ValueError")}


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
    catalog = open_catalog(path, "title", "zh", "test")
    catalog.add(tricky, "译文\n第二行", locations=[("here", None)])
    catalog.add("empty", "")
    path.write_text(po_text(catalog, brace_format=False), encoding="utf-8")
    assert translations(read_catalog(path)) == {tricky: "译文\n第二行"}
    assert [(message.id, message.string) for message in read_catalog(path)][-1] == ("empty", "")
    assert '"a \\"quoted\\" word\\\\path\\n"\n"\\n"\n"second line\\ttab"' in path.read_text(encoding="utf-8")  # one line per line


def test_po_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid "a"\nmsgstr "b"\nnonsense\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.po:3: expected msgid"):
        read_catalog(path)


# A catalog as Poedit or Weblate write it: a full header, a fuzzy (unreviewed) entry with the
# previous English, an entry for one context only (msgctxt), and long lines wrapped.
TRANSLATORS_PO = r"""# Chinese translation of kteach.
# A Translator <a@example.org>, 2026.
#
msgid ""
msgstr ""
"Project-Id-Version: kteach\n"
"PO-Revision-Date: 2026-11-30 09:12+0800\n"
"Last-Translator: A Translator <a@example.org>\n"
"Language-Team: Chinese (Simplified) <https://hosted.weblate.org/projects/kteach/zh_Hans/>\n"
"Language: zh_CN\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=1; plural=0;\n"
"X-Generator: Poedit 3.4.2\n"

#: kteach/plots.py
#, fuzzy, python-brace-format
#| msgid "epoch {n}"
msgid "epoch {number}"
msgstr "第 {number} 轮（未审校）"

#: kteach/plots.py
msgctxt "axis label"
msgid "loss"
msgstr "损失（坐标轴）"

#: kteach/plots.py
msgid "loss"
msgstr "损失"

#: kteach/plots.py
msgid ""
"a long message that the translator's tool wrapped at seventy-seven "
"characters"
msgstr ""
"工具在七十七个字符处"
"折行的长消息"

#~ msgid "old text"
#~ msgstr "旧译文"
"""


@pytest.fixture
def translators_locale(tmp_path, monkeypatch) -> Path:
    """kteach's catalogs replaced by one file written as Poedit and Weblate write it."""
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "plots.po").write_text(TRANSLATORS_PO, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalog.cache_clear()
    yield tmp_path
    i18n.catalog.cache_clear()


def test_a_fuzzy_entry_is_not_served_and_reads_in_english(translators_locale):
    set_language("zh")
    assert tr("epoch {number}", number=3) == "epoch 3"  # the unreviewed Chinese is not shown
    assert "epoch {number}" not in i18n.catalog("zh")
    assert tr("loss") == "损失"


def test_msgctxt_entries_are_read_and_kept_apart(translators_locale):
    catalog = read_catalog(translators_locale / "zh" / "plots.po")
    assert catalog.get("loss", context="axis label").string == "损失（坐标轴）"
    assert catalog.get("loss").string == "损失"
    set_language("zh")
    assert tr("loss") == "损失"  # the context-free entry, not the one for "axis label"
    long = "a long message that the translator's tool wrapped at seventy-seven characters"
    assert tr(long) == "工具在七十七个字符处折行的长消息"
    assert dict(i18n.catalog("zh")) == {"loss": "损失", long: "工具在七十七个字符处折行的长消息"}


def test_rewriting_a_translators_file_keeps_its_entries_and_flags(translators_locale):
    path = translators_locale / "zh" / "plots.po"
    path.write_text(po_text(open_catalog(path, "unused", "zh", "test"), brace_format=True), encoding="utf-8")
    again = read_catalog(path)
    assert again.get("epoch {number}").fuzzy and again.get("loss", context="axis label") is not None
    assert again.last_translator == "A Translator <a@example.org>" and again.locale_identifier == "zh_CN"
    assert {key: message.string for key, message in again.obsolete.items()} == {"old text": "旧译文"}


def test_n_marks_a_message_that_tr_translates_where_it_is_shown():
    message = N_("No Chinese font found, so plot labels stay in English. Install one, e.g. `sudo apt-get install {package}` (on Colab: `!apt-get install -y {package}`), then call kteach.set_language('zh') again.")
    assert tr(message, package="p").startswith("No Chinese font found")
    set_language("zh")
    assert tr(message, package="p").startswith("没有找到中文字体")


def test_set_language_calls_the_listeners(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(i18n, "_listeners", [])
    i18n.on_language_change(lambda: calls.append(get_language()))
    set_language("zh")
    set_language("en")
    assert calls == ["zh", "en"]


def test_the_extractor_finds_marked_messages_and_the_check_refuses_what_it_cannot_see(tmp_path, monkeypatch):
    module = tmp_path / "kteach" / "demo.py"
    module.parent.mkdir()
    module.write_text(
        "from kteach.i18n import N_, tr\n"
        "MARKED = N_('a marked message')\n"
        "ok = tr('literal', n=1), tr(MARKED)\n"
        "bad = tr(f'computed {ok}')\n"
        "hidden = f\"<b>{tr('only in an f-string')}</b>\"\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(kteach_messages, "ROOT", tmp_path)
    monkeypatch.setattr(kteach_messages, "PACKAGE", tmp_path / "kteach")
    found = kteach_messages.messages()
    assert found == {"demo": [("a marked message", "kteach/demo.py:2"), ("literal", "kteach/demo.py:3")]}
    calls = kteach_messages.translating_calls()
    assert kteach_messages.non_literal_calls(calls) == ["kteach/demo.py:4"]
    assert kteach_messages.unextracted_calls(calls, found) == ["kteach/demo.py:5"]


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
