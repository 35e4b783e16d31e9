"""The Chinese lessons' figures: plot texts written in the lesson code are translated, nothing else.

``scripts/translate_lessons.py`` translates the string literals that become text in a figure
(titles, axis labels, legend entries, the row names of ``show_image_rows``) with the prose, and
the drift check between the two versions masks exactly those literals.
"""

from __future__ import annotations

import pytest

from scripts.translate_lessons import code_tokens, plot_texts, translate_code

CELL = '''fig, ax = plt.subplots()
ax.plot(x, y, label="training")  # the curve
ax.set_ylabel('sunspots')
ax.set_title(f"epoch {n}")
fig = kteach.show_image_rows({"original": a, "": b}, n=10)
errors = forecast_errors(truth, {"LSTM": forecast})
history.history["val_loss"]
kteach.set_language("en")'''

ZH = {"training": "训练集", "the curve": "曲线", "sunspots": '太阳"黑子"数', "original": "原图"}


def test_plot_texts_are_labels_titles_and_image_row_names_but_not_keys_or_f_strings():
    assert [literal.value for literal in plot_texts(CELL)] == ["training", "sunspots", "original"]


def test_a_cell_that_does_not_parse_has_no_plot_texts():
    assert plot_texts("ax.plot(x, label='a'") == []


def test_translate_code_replaces_plot_texts_keeping_quotes_and_escaping():
    missing: list[str] = []
    built = translate_code(CELL, ZH, missing)
    assert missing == []
    assert 'ax.plot(x, y, label="训练集")  # 曲线' in built
    assert "ax.set_ylabel('太阳\"黑子\"数')" in built
    assert '{"原图": a, "": b}' in built
    assert 'forecast_errors(truth, {"LSTM": forecast})' in built and 'history.history["val_loss"]' in built
    assert 'kteach.set_language("zh")' in built
    assert code_tokens(built) == code_tokens(CELL)


def test_a_plot_text_without_translation_is_reported_missing():
    missing: list[str] = []
    translate_code(CELL, {"the curve": "曲线"}, missing)
    assert sorted(missing) == ["original", "sunspots", "training"]


def test_code_tokens_still_see_a_changed_argument_next_to_a_plot_text():
    changed = CELL.replace('label="training")', 'label="training", linewidth=2)')
    assert code_tokens(changed) != code_tokens(CELL)


def test_a_prefixed_plot_text_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="plain quoted string"):
        translate_code('ax.set_title(r"a\\b")', {"a\\b": "甲"}, [])
