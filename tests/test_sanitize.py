"""The nbval sanitizer masks timings and nothing that is a result."""

from __future__ import annotations

import re
from pathlib import Path

from nbval.plugin import get_sanitize_patterns

CONFIG = (Path(__file__).resolve().parent / "nbval_sanitize.cfg").read_text(encoding="utf-8")
PATTERNS = get_sanitize_patterns(CONFIG)


def sanitize(text: str) -> str:
    for regex, replace in PATTERNS:
        text = re.sub(regex, replace, text)
    return text


def test_every_section_yields_a_pattern() -> None:
    # nbval silently drops a pair with a malformed replace line
    assert len(PATTERNS) == CONFIG.count("\n[")


def test_timings_are_masked() -> None:
    assert sanitize("run 1 finished in 12.3 s") == sanitize("run 1 finished in 7.0 s")
    assert sanitize("116ms/step") == sanitize("98ms/step")
    assert sanitize("epoch 3  \nnext") == "epoch 3\nnext"


def test_results_are_not_masked() -> None:
    for text in ("Test accuracy:     0.9462", "20 epochs", "5000 train samples", "(784,)", "wrong: 41 of 1000"):
        assert sanitize(text) == text
    assert sanitize("Test accuracy: 0.9462") != sanitize("Test accuracy: 0.9461")
