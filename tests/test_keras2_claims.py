"""Every "Keras 2 → Keras 3" box of the lessons tells the truth about the installed Keras.

``notebooks/keras2_claims.toml`` records, once, each old line a box talks about and what the box
says it does now (an error of a given type, a warning, or nothing). These tests run each old line
and compare, so a Keras upgrade that changes the behaviour fails here instead of leaving a false
sentence in a lesson; and every box must be covered by a record, so a new box cannot go unchecked.
"""

from __future__ import annotations

import logging
import re
import tomllib
import warnings
from pathlib import Path

import jupytext
import pytest

from scripts.translate_lessons import english_lessons

ROOT = Path(__file__).resolve().parent.parent

CLAIMS_FILE = ROOT / "notebooks" / "keras2_claims.toml"
DATA = tomllib.loads(CLAIMS_FILE.read_text(encoding="utf-8"))
CLAIMS = DATA["claim"]
LESSONS = {path.stem[:2]: path for path in english_lessons()}
BOX_START = "**Keras 2 → Keras 3"
OUTCOMES = {"error", "warning", "works"}
KERAS_LOGGERS = ("absl", "keras")  # where Keras logs the warnings it does not raise as Python warnings


def _flat(text: str) -> str:
    """Return ``text`` with every run of whitespace as one space, to compare across line breaks."""
    return re.sub(r"\s+", " ", text).strip()


def boxes(lesson: Path) -> list[str]:
    """Return the text of each "Keras 2 → Keras 3" box (a blockquote) in ``lesson``'s markdown."""
    found = []
    for cell in jupytext.read(lesson).cells:
        if cell.cell_type != "markdown":
            continue
        quote: list[str] = []
        for line in cell.source.split("\n") + [""]:
            if line.startswith(">"):
                quote.append(line[1:])
                continue
            if quote and BOX_START in quote[0]:
                found.append(_flat(" ".join(quote)))
            quote = []
    return found


class _Collect(logging.Handler):
    """Keeps the messages of the warnings Keras logs instead of raising Python warnings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run(claim: dict) -> tuple[BaseException | None, list[str], dict]:
    """Run a claim's old line after the shared setup: its exception, Keras's warnings, its namespace."""
    namespace: dict = {}
    exec(DATA["setup"]["code"], namespace)
    handler = _Collect()
    loggers = [logging.getLogger(name) for name in KERAS_LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    error = None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                exec(claim["old"], namespace)
            except Exception as raised:  # the claim is about which exception, so catch them all
                error = raised
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    keras_warnings = [str(item.message) for item in caught if issubclass(item.category, UserWarning)]
    return error, keras_warnings + handler.messages, namespace


def problems(claim: dict) -> list[str]:
    """Return how the installed Keras contradicts ``claim``; empty when the claim holds."""
    error, warned, namespace = run(claim)
    outcome, message = claim["outcome"], claim.get("message", "")
    found: list[str] = []
    if outcome == "error":
        names = [cls.__name__ for cls in type(error).__mro__] if error else []
        if claim["error"] not in names:
            found.append(f"expected {claim['error']}, got {error!r}")
        elif message not in str(error):
            found.append(f"the error does not say {message!r}: {error}")
    elif error is not None:
        found.append(f"expected it to run, it raised {error!r}")
    elif outcome == "warning" and not any(message in text for text in warned):
        found.append(f"expected a warning saying {message!r}, got {warned}")
    elif outcome == "works" and warned:
        found.append(f"expected no warning, got {warned}")
    if "then" in claim and not eval(claim["then"], namespace):
        found.append(f"afterwards, {claim['then']} is false")
    return found


def _claim_id(claim: dict) -> str:
    return f"{claim['lesson']}: {claim['old'].strip().splitlines()[-1][:60]}"


def test_every_claim_is_well_formed():
    for claim in CLAIMS:
        assert claim["lesson"] in LESSONS, claim
        assert claim["outcome"] in OUTCOMES, claim
        assert ("error" in claim) == (claim["outcome"] == "error"), claim
        assert claim["outcome"] == "works" or claim.get("message"), claim


@pytest.mark.parametrize("claim", CLAIMS, ids=_claim_id)
def test_the_claim_holds_under_the_installed_keras(claim: dict):
    assert problems(claim) == []


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_every_box_has_a_claim_and_every_claim_quotes_one_box(number: str):
    lesson_boxes = boxes(LESSONS[number])
    quotes = [_flat(claim["quote"]) for claim in CLAIMS if claim["lesson"] == number]
    for box in lesson_boxes:
        assert any(quote in box for quote in quotes), f"lesson {number}: no claim in {CLAIMS_FILE.name} checks the box {box[:90]!r}"
    for quote in quotes:
        assert sum(quote in box for box in lesson_boxes) == 1, f"lesson {number}: {quote!r} is not in exactly one box"


def test_the_lessons_have_boxes():
    assert sum(len(boxes(path)) for path in LESSONS.values()) >= 20


@pytest.mark.parametrize(
    ("claim", "why"),
    [
        ({"old": "keras.optimizers.SGD(lr=0.01)", "outcome": "works"}, "expected it to run"),
        ({"old": "keras.optimizers.SGD(lr=0.01)", "outcome": "error", "error": "TypeError"}, "expected TypeError"),
        ({"old": "keras.optimizers.SGD(lr=0.01)", "outcome": "error", "error": "ValueError", "message": "gone"}, "does not say"),
        ({"old": "keras.optimizers.SGD(learning_rate=0.01)", "outcome": "warning", "message": "lr"}, "expected a warning"),
        ({"old": "keras.layers.Embedding(5, 2, input_length=3)", "outcome": "works"}, "expected no warning"),
        ({"old": "o = keras.optimizers.SGD(learning_rate=0.01)", "outcome": "works", "then": "o.nesterov"}, "is false"),
    ],
)
def test_a_false_claim_is_reported(claim: dict, why: str):
    assert any(why in problem for problem in problems(claim))


def test_a_box_without_a_claim_is_found(tmp_path: Path):
    lesson = tmp_path / "99_tiny.py"
    lesson.write_text(
        "# %% [markdown]\n# Text.\n#\n# > **Keras 2 → Keras 3.** `foo(lr=1)` fails.\n# > Write `foo(rate=1)`.\n#\n# > a plain quote\n",
        encoding="utf-8",
    )
    assert boxes(lesson) == ["**Keras 2 → Keras 3.** `foo(lr=1)` fails. Write `foo(rate=1)`."]
