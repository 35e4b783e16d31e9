"""kteach.migrate in Chinese: after ``kteach.set_language("zh")`` the report, every rule's explanation
and the errors read in Chinese, while code, rule ids, names and values stay as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

import kteach
from kteach.migrate import check, enable, explain, report

BLOCKS_DIR = Path(__file__).resolve().parent / "fixtures" / "seed_blocks"
KERAS2_CODE = """from keras.layers.core import Dense
model.compile(optimizer=SGD(lr=0.01), metrics=['accuracy'])
model.save_weights('w.h5')
model.load_weights('W.h5')
c = model.predict_classes(x)
"""


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def test_text_report_reads_in_chinese_and_keeps_the_code(chinese) -> None:
    text = explain(KERAS2_CODE)
    assert text.startswith("Keras 3 检查：5 个错误（错误：在 Keras 3 中会出错；")
    assert "\n第 1 行：\n    from keras.layers.core import Dense\n" in text
    assert "  - 错误 [moved-module]：Keras 3 没有 `keras.layers.core` 模块" in text
    assert "修改后：\n    from keras.layers import Dense" in text
    assert "建议的修改（请自己检查）：\n    c = np.argmax(model.predict(x), axis=-1)" in text
    # values survive inside the Chinese sentence
    assert "这里加载的是 'W.h5'，但权重保存成了 'w.weights.h5'" in text


def test_every_seed_finding_is_explained_in_chinese(chinese) -> None:
    """Every rule the seed tutorials trigger explains itself in Chinese, with the same lines and fixes."""
    for path in sorted(BLOCKS_DIR.glob("*.txt")):
        code = path.read_text(encoding="utf-8")
        found = check(code)
        kteach.set_language("en")
        english = check(code)
        kteach.set_language("zh")
        assert [(f.rule, f.line, f.fixed) for f in found] == [(f.rule, f.line, f.fixed) for f in english]
        for finding in found:
            assert has_chinese(finding.why), (path.name, finding.rule, finding.why)


def test_html_report_in_chinese_keeps_code_spans(chinese) -> None:
    html = report("opt = SGD(lr=0.1)")._repr_html_()
    assert "<b>Keras 3 检查：</b> 1 个错误" in html and "<b>第 1 行</b>" in html
    assert "<b style='color:#b00020'>错误</b> <code>optimizer-lr</code>：Keras 3 的优化器只接受" in html
    assert "<code>learning_rate=</code>" in html and "<i>修改后：</i>" in html


def test_errors_read_in_chinese(chinese) -> None:
    with pytest.raises(TypeError, match=r"code 必须是 Python 源代码字符串（str）；收到的是 int"):
        check(3)
    with pytest.raises(RuntimeError, match=r"需要 IPython 或 Jupyter") as raised:
        enable(object())
    assert "kteach.migrate.explain(code)" in str(raised.value)


def test_english_again_after_switching_back() -> None:
    kteach.set_language("zh")
    kteach.set_language("en")
    assert explain("x = 1") == "Keras 3 check: no Keras 2 code found: nothing to change for Keras 3."
